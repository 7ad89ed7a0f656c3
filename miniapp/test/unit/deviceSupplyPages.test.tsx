// The pages that give a resident advice about a device that does not reach us read the model's power and network
// as the API sends them (the home list's devices, the device page's model): the catalogue's words win over what
// the model's name suggests, and a model without them (null) is still advised from its name and kind.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import DevicePage from "@/pages/device/index";
import HomePage from "@/pages/home/index";
import { resetState } from "@/services/store";
import type { DeviceDetail } from "@anxin/contract";
import { deviceDetail, deviceStatus, deviceSummary, household } from "../support/fixtures";
import { holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";
import { setRouterParams } from "../support/taro";
import { signInResident } from "../support/ui";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();

// named like the demo's NB-IoT battery alarm, entered in the catalogue as a mains Wi-Fi one
const NAME = "独立式光电感烟报警器（NB-IoT，电池）";
const neverSeen = { state: "never_connected" as const, online: false, battery: null, rssi: null, lastSeenAt: null };

afterEach(() => {
  vi.restoreAllMocks();
  setRouterParams({});
});

beforeEach(() => {
  signInResident();
  resetState();
});

describe("home list: the device card's advice", () => {
  it("follows the catalogue's power and network, and the name when they are not entered", async () => {
    const home = household({
      devices: [
        deviceSummary({
          id: "d1",
          kind: "SMOKE_ALARM",
          modelName: NAME,
          power: "MAINS",
          network: "WIFI",
          ...neverSeen,
        }),
        deviceSummary({ id: "d2", kind: "SMOKE_ALARM", modelName: NAME, power: null, network: null, ...neverSeen }),
      ],
    });
    installFakeApi({ "GET /api/households": () => ok({ items: [home] }) });
    render(<HomePage />);
    await waitFor(() => expect(screen.getByTestId("device-d1")).toBeTruthy());
    const entered = screen.getByTestId("device-d1").textContent ?? "";
    expect(entered).toContain("电源插头");
    expect(entered).toContain("无线网（Wi-Fi）");
    expect(entered).not.toContain("电池");
    const guessed = screen.getByTestId("device-d2").textContent ?? "";
    expect(guessed).toContain("装好电池");
    expect(guessed).toContain("手机有信号");
  });
});

describe("device page: advice and how it is powered", () => {
  const page = (model: Partial<DeviceDetail["model"]>) => {
    setRouterParams({ id: "d1" });
    const d = deviceDetail({
      state: "offline",
      status: deviceStatus({ online: false }),
      model: { ...deviceDetail().model, kind: "SMOKE_ALARM", name: NAME, ...model },
    });
    installFakeApi({ "GET /api/devices/:id": () => ok(d) });
    render(<DevicePage />);
  };

  it("advises by the catalogue and says in words how the device is powered and reaches us", async () => {
    page({ power: "MAINS_BATTERY", network: "WIFI" });
    await waitFor(() => expect(screen.getByTestId("device-supply")).toBeTruthy());
    expect(screen.getByTestId("device-supply").textContent).toBe("插电使用，带备用电池，靠家里的无线网（Wi-Fi）联网");
    const status = screen.getByTestId("device-status").textContent ?? "";
    expect(status).toContain("家里无线网断了");
    expect(status).not.toContain("没电");
  });

  it("advises by the name for a model without them, and shows no guess as a fact", async () => {
    page({ power: null, network: null });
    await waitFor(() => expect(screen.getByTestId("device-status").textContent).toContain("没电"));
    expect(screen.getByTestId("device-status").textContent).toContain("手机有信号");
    expect(screen.queryByTestId("device-supply")).toBeNull();
  });
});
