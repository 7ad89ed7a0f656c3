// The check-in page as the WeChat build shows it (isWeapp): scan with Taro.scanCode, typed entry behind 扫不了？
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import CheckInPage from "@/packages/booking/pages/checkin/index";
import { staffClient } from "@/services/client";
import { resetState } from "@/services/store";
import { installFakeApi, ok } from "../support/fakeApi";
import { tap, typeInto } from "../support/ui";

vi.mock("@/services/platform", () => ({ isWeapp: true, isH5: false }));

beforeEach(() => {
  resetState();
  staffClient.saveTokens({ accessToken: "S", refreshToken: "SR", expiresIn: 900 });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const used = {
  outcome: "CHECKED_IN",
  reason: null,
  booking: null,
  checkedInAt: null,
  checkedInBy: null,
  attendedCount: 2,
};

describe("check-in in WeChat", () => {
  it("scans the ticket QR with the camera and sends what it read", async () => {
    const scan = vi.spyOn(Taro, "scanCode").mockResolvedValue({ result: "AXT1.scanned.sig" } as never);
    const fake = installFakeApi({ "POST /api/check-in": () => ok(used) });
    render(<CheckInPage />);
    expect(screen.queryByTestId("input-ticket")).toBeNull();
    tap("扫码签到");
    await waitFor(() => expect(screen.getByTestId("checkin-result").textContent).toContain("签到成功"));
    expect(scan).toHaveBeenCalledWith({ onlyFromCamera: true, scanType: ["qrCode"] });
    expect(fake.callsTo("POST", "/api/check-in")[0].body).toEqual({ ticket: "AXT1.scanned.sig" });
    expect(screen.getByText("扫下一张")).toBeTruthy();
  });

  it("says so when the scan is cancelled, and offers typing the ticket instead", async () => {
    vi.spyOn(Taro, "scanCode").mockRejectedValue({ errMsg: "scanCode:fail cancel" });
    const fake = installFakeApi({ "POST /api/check-in": () => ok(used) });
    render(<CheckInPage />);
    tap("扫码签到");
    await waitFor(() => expect(screen.getByText("没有扫到票。可以再扫一次，或者手动输入票号。")).toBeTruthy());
    expect(fake.calls).toHaveLength(0);
    tap("扫不了？手动输入票号");
    await typeInto("input-ticket", "AXT1.typed.sig");
    tap("签到");
    await waitFor(() => expect(fake.callsTo("POST", "/api/check-in")[0]?.body).toEqual({ ticket: "AXT1.typed.sig" }));
  });
});
