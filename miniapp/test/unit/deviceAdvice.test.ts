// What a resident is told to do about a device that does not reach us fits the device in hand: a battery
// NB-IoT smoke alarm needs its battery and a phone signal, the mains Wi-Fi kitchen alarm (AX-SA200) its plug
// and the home's Wi-Fi, a gas detector its plug (and says 漏气, not 响). The model names are the demo county's
// (prisma/seed/demo-seed.ts, prisma/seed/sensors-demo.ts).
import { describe, expect, it } from "vitest";
import { deviceHealth, deviceSupply, homeHealth, supplyWords } from "@/services/health";
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

// The catalogue now says how a model is powered and reaches us (DeviceModel.power, .network): the advice follows
// it, and the name is read only for what the catalogue leaves out (null, models entered before it had them).
describe("advice from the model's power and network, the name only when they are not entered", () => {
  // a name that says the opposite of the catalogue: the catalogue wins
  const MISNAMED = { kind: "SMOKE_ALARM", modelName: "独立式光电感烟报警器（NB-IoT，电池）" };

  it("takes power and network from the catalogue when it has them", () => {
    expect(deviceSupply({ ...MISNAMED, power: "MAINS", network: "WIFI" })).toEqual({
      gas: false,
      power: "mains",
      network: "wifi",
    });
    expect(deviceSupply({ ...WIFI_SMOKE, power: "BATTERY", network: "NB_IOT" })).toEqual({
      gas: false,
      power: "battery",
      network: "mobile",
    });
    expect(deviceSupply({ ...NB_GAS, power: "MAINS_BATTERY", network: "CELLULAR" })).toEqual({
      gas: true,
      power: "mains_battery",
      network: "mobile",
    });
    // the detail's model carries them too
    expect(
      deviceSupply({ model: { kind: "SMOKE_ALARM", name: MISNAMED.modelName, power: "MAINS", network: "ETHERNET" } }),
    ).toEqual({ gas: false, power: "mains", network: "wired" });
    expect(deviceSupply({ kind: "MANUAL_CALL_POINT", modelName: "手报", power: "BATTERY", network: "LORA" })).toEqual({
      gas: false,
      power: "battery",
      network: "lora",
    });
  });

  it("guesses from the name and kind only what the catalogue leaves null", () => {
    expect(deviceSupply({ ...NB_SMOKE, power: null, network: null })).toEqual(deviceSupply(NB_SMOKE));
    expect(deviceSupply({ ...WIFI_SMOKE, power: null, network: null })).toEqual({
      gas: false,
      power: "mains",
      network: "wifi",
    });
    // one given, the other guessed
    expect(deviceSupply({ ...NB_SMOKE, power: "MAINS", network: null })).toEqual({
      gas: false,
      power: "mains",
      network: "mobile",
    });
    expect(deviceSupply({ ...GAS, power: null, network: "WIFI" })).toEqual({
      gas: true,
      power: "mains",
      network: "wifi",
    });
    // a value this version does not know is not entered
    expect(deviceSupply({ ...NB_SMOKE, power: "SOLAR", network: "SATELLITE" })).toEqual(deviceSupply(NB_SMOKE));
  });

  it("tells the owner of a model the catalogue calls mains Wi-Fi about the plug and the router, whatever its name", () => {
    const d = never({ ...MISNAMED, power: "MAINS", network: "WIFI" });
    expect(d).not.toContain("电池");
    expect(d).not.toContain("手机有信号");
    expect(d).toContain("电源插头");
    expect(d).toContain("无线网（Wi-Fi）");
    // and the one it calls battery NB-IoT about the battery and a phone signal, though named Wi-Fi and mains
    const b = never({ ...WIFI_SMOKE, power: "BATTERY", network: "NB_IOT" });
    expect(b).toContain("装好电池");
    expect(b).toContain("手机有信号");
    expect(b).not.toContain("Wi-Fi");
  });

  it("fits lost contact and low battery to the catalogue's words", () => {
    const off = (m: object) => deviceHealth({ state: "offline", lastSeenAt: "2026-11-28T09:00:00Z", ...m }).detail;
    expect(off({ ...MISNAMED, power: "MAINS", network: "WIFI" })).toContain("家里无线网断了");
    expect(off({ ...MISNAMED, power: "MAINS", network: "WIFI" })).not.toContain("没电");
    expect(off({ ...MISNAMED, power: "MAINS_BATTERY", network: "ETHERNET" })).toContain("网线");
    expect(off({ ...MISNAMED, power: "BATTERY", network: "LORA" })).toContain("网关");
    expect(off({ kind: "SMOKE_ALARM", modelName: "回路感烟", power: null, network: "WIRED_BUS" })).toContain(
      "消防报警控制器",
    );
    const low = (m: object) => deviceHealth({ state: "low_battery", lastSeenAt: "2026-11-28T09:00:00Z", ...m }).detail;
    expect(low({ ...MISNAMED, power: "MAINS_BATTERY", network: "WIFI" })).toContain("备用电池");
    expect(low({ ...WIFI_SMOKE, power: "BATTERY", network: "NB_IOT" })).toContain("请尽快换电池");
  });

  it("says how a device is powered and reaches us only when the catalogue says", () => {
    expect(supplyWords({ model: { power: "BATTERY", network: "NB_IOT" } })).toBe("用电池，靠手机信号联网");
    expect(supplyWords({ power: "MAINS_BATTERY", network: "WIFI" })).toBe(
      "插电使用，带备用电池，靠家里的无线网（Wi-Fi）联网",
    );
    expect(supplyWords({ power: "MAINS", network: null })).toBe("插电使用");
    expect(supplyWords({ ...WIFI_SMOKE, power: null, network: null })).toBeNull();
    expect(supplyWords(NB_SMOKE)).toBeNull();
  });
});
