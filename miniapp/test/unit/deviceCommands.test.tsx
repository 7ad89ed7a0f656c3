// The device page lists the last commands sent to the device with what became of each: one sent and never
// answered in time reads 超时未确认 (the API gives it up, device-commands.ts), not 已发送 for ever.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import DevicePage from "@/pages/device/index";
import { resetState } from "@/services/store";
import type { DeviceCommandEntry } from "@anxin/contract";
import { deviceDetail } from "../support/fixtures";
import { holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";
import { setRouterParams } from "../support/taro";
import { signInResident } from "../support/ui";

holdRepliesToContract();

afterEach(() => {
  vi.restoreAllMocks();
  setRouterParams({});
});

beforeEach(() => {
  signInResident();
  resetState();
});

const at = new Date().toISOString();

describe("device page: 远程指令", () => {
  it("says a command never answered in time is 超时未确认, beside one done and one still awaited", async () => {
    const commands: DeviceCommandEntry[] = [
      { id: "c3", type: "self_test", outcome: "sent", at },
      { id: "c2", type: "self_test", outcome: "timeout", at },
      { id: "c1", type: "mute", outcome: "done", at },
    ];
    setRouterParams({ id: "d1" });
    installFakeApi({ "GET /api/devices/:id": () => ok(deviceDetail({ commands })) });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByTestId("device-commands")).toBeTruthy());
    expect(screen.getByTestId("command-c2").textContent).toContain("远程自检");
    expect(screen.getByTestId("command-c2").textContent).toContain("超时未确认");
    expect(screen.getByTestId("command-c3").textContent).toContain("等报警器确认");
    expect(screen.getByTestId("command-c1").textContent).toContain("报警器已执行");
  });

  it("shows no list for a device no one has sent a command", async () => {
    setRouterParams({ id: "d1" });
    installFakeApi({ "GET /api/devices/:id": () => ok(deviceDetail({ commands: [] })) });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByTestId("device-status")).toBeTruthy());
    expect(screen.queryByTestId("device-commands")).toBeNull();
  });
});
