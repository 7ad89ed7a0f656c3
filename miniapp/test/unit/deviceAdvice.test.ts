// What a resident is told to do about a device that does not reach us fits the device in hand: a battery
// NB-IoT smoke alarm needs its battery and a phone signal, the mains Wi-Fi kitchen alarm (AX-SA200) its plug
// and the home's Wi-Fi, a gas detector its plug (and says 漏气, not 响). The model names are the demo county's
// (prisma/seed/demo-seed.ts, prisma/seed/sensors-demo.ts).
import { describe, expect, it } from "vitest";
import { deviceHealth, deviceSupply, homeHealth } from "@/services/health";
import { deviceDetail, deviceSummary } from "../support/fixtures";

const NB_SMOKE = { kind: "SMOKE_ALARM", modelName: "独立式光电感烟报警器（NB-IoT，电池）" };
const WIFI_SMOKE = { kind: "SMOKE_ALARM", modelName: "独立式光电感烟报警器（Wi-Fi，市电）" };
const NB_GAS = { kind: "GAS_DETECTOR", modelName: "NB-IoT 家用可燃气体探测器（移动 OneNET）" };
const GAS = { kind: "GAS_DETECTOR", modelName: "点型可燃气体探测器（带切断阀）" };
const never = (m: object) => deviceHealth({ state: "never_connected", lastSeenAt: null, ...m }).detail;

describe("advice for a device that is not connected, by device", () => {
  it("reads power and network from the model", () => {
    expect(deviceSupply(NB_SMOKE)).toEqual({ gas: false, power: "battery", network: "mobile" });
    expect(deviceSupply(WIFI_SMOKE)).toEqual({ gas: false, power: "mains", network: "wifi" });
    expect(deviceSupply(NB_GAS)).toEqual({ gas: true, power: "mains", network: "mobile" });
    expect(deviceSupply(GAS)).toEqual({ gas: true, power: "mains", network: "mobile" });
    expect(deviceSupply({ model: { kind: "SMOKE_ALARM", name: "NB-IoT 独立式烟感（电信 CTWing）" } })).toEqual({
      gas: false,
      power: "battery",
      network: "mobile",
    });
  });

  it("tells a battery NB-IoT alarm's owner to fit the battery and find a phone signal", () => {
    const d = never(NB_SMOKE);
    expect(d).toContain("装好电池");
    expect(d).toContain("手机有信号");
    expect(d).not.toContain("Wi-Fi");
  });

  it("never tells the mains Wi-Fi kitchen alarm's owner about batteries or phone signal", () => {
    const d = never(WIFI_SMOKE);
    expect(d).not.toContain("电池");
    expect(d).not.toContain("手机有信号");
    expect(d).toContain("电源插头");
    expect(d).toContain("无线网（Wi-Fi）");
    // the detail screen passes the model as the API names it
    const detail = deviceDetail({
      state: "never_connected",
      model: { ...deviceDetail().model, kind: "SMOKE_ALARM", name: WIFI_SMOKE.modelName },
    });
    expect(deviceHealth({ state: detail.state, lastSeenAt: null, model: detail.model }).detail).toBe(d);
  });

  it("speaks of gas, and of the plug, for a gas detector", () => {
    for (const m of [NB_GAS, GAS]) {
      const d = never(m);
      expect(d).toContain("漏气");
      expect(d).not.toContain("响了");
      expect(d).not.toContain("电池");
      expect(d).toContain("插头");
    }
    expect(never(NB_GAS)).toContain("手机有信号");
  });

  it("fits lost contact too: a mains alarm is not said to be out of battery", () => {
    const off = (m: object) => deviceHealth({ state: "offline", lastSeenAt: "2026-11-28T09:00:00Z", ...m }).detail;
    expect(off(NB_SMOKE)).toContain("没电");
    expect(off(WIFI_SMOKE)).not.toContain("没电");
    expect(off(WIFI_SMOKE)).toContain("无线网");
  });

  it("keeps the labels and what protects the home whatever the device", () => {
    for (const m of [NB_SMOKE, WIFI_SMOKE, NB_GAS])
      expect(deviceHealth({ state: "never_connected", lastSeenAt: null, ...m })).toMatchObject({
        key: "never_connected",
        label: "还没联网",
        protects: false,
      });
    const home = homeHealth([deviceSummary({ ...WIFI_SMOKE, state: "never_connected", lastSeenAt: null })]);
    expect(home.key).toBe("unprotected");
  });
});
