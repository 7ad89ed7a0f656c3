import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import BindPage from "@/pages/bind/index";
import { resetState } from "@/services/store";
import { fail, installFakeApi, ok } from "../support/fakeApi";
import { HOME, inputReady, signInResident, tap, typeInto } from "../support/ui";
import { hidePage } from "../support/taro";

describe("bind a device", () => {
  beforeEach(() => {
    signInResident();
    resetState();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("by typing the serial and code, then room and name", async () => {
    const fake = installFakeApi({
      "GET /api/households": () => ok({ items: [HOME] }),
      "POST /api/devices/bind": () => ok({ id: "d9" }),
    });
    render(<BindPage />);
    tap("扫不了？手动输入");
    await typeInto("input-serial", " AX2024000123 ");
    await typeInto("input-bindcode", "482913");
    tap("下一步");
    expect(screen.getByTestId("bind-step-place")).toBeTruthy();
    await waitFor(() => expect(screen.getByText(HOME.address)).toBeTruthy());
    await inputReady("input-name");
    tap("厨房");
    tap("完成绑定");
    await waitFor(() => expect(screen.getByText("绑定成功")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/devices/bind")[0].body).toEqual({
      serial: "AX2024000123",
      bindCode: "482913",
      householdId: "h1",
      room: "厨房",
      name: "厨房烟感",
    });
    // H5 has no subscribe messages: no consent prompt there
    expect(screen.queryByTestId("subscribe-prompt")).toBeNull();
    // leaving the tab after binding starts the next visit at step 1
    act(() => hidePage());
    await waitFor(() => expect(screen.getByTestId("bind-step-code")).toBeTruthy());
    expect(screen.queryByText("绑定成功")).toBeNull();
  });

  it("by scanning the QR code", async () => {
    const fake = installFakeApi({
      "GET /api/households": () => ok({ items: [HOME, { ...HOME, id: "h2", address: "和平里 5号楼 302" }] }),
      "POST /api/devices/bind": () => ok({ id: "d9" }),
    });
    const scan = vi.spyOn(Taro, "scanCode").mockResolvedValue({
      result: "https://anxin.example/d?sn=AX1&c=9",
      scanType: "QR_CODE",
      charSet: "utf-8",
      path: "",
      rawData: "",
      errMsg: "scanCode:ok",
    });
    render(<BindPage />);
    tap("扫码绑定");
    await waitFor(() => expect(screen.getByTestId("bind-step-place")).toBeTruthy());
    expect(scan).toHaveBeenCalledTimes(1);
    await inputReady("input-name");
    tap("和平里 5号楼 302");
    tap("主卧");
    await typeInto("input-name", "奶奶房间");
    tap("完成绑定");
    await waitFor(() => expect(screen.getByText("绑定成功")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/devices/bind")[0].body).toEqual({
      qr: "https://anxin.example/d?sn=AX1&c=9",
      householdId: "h2",
      room: "主卧",
      name: "奶奶房间",
    });
  });

  it("explains a refused binding in plain words and stays on the step", async () => {
    installFakeApi({
      "GET /api/households": () => ok({ items: [HOME] }),
      "POST /api/devices/bind": () => fail(409, "DEVICE_ALREADY_BOUND"),
    });
    render(<BindPage />);
    tap("扫不了？手动输入");
    await typeInto("input-serial", "AX1");
    await typeInto("input-bindcode", "000000");
    tap("下一步");
    await inputReady("input-name");
    tap("客厅");
    tap("完成绑定");
    await waitFor(() => expect(screen.getByText("这个设备已经被绑定了")).toBeTruthy());
    expect(screen.getByTestId("bind-step-place")).toBeTruthy();
  });

  it("asks for both serial and code before going on, and for a room before binding", async () => {
    const fake = installFakeApi({ "GET /api/households": () => ok({ items: [HOME] }) });
    render(<BindPage />);
    tap("扫不了？手动输入");
    await typeInto("input-serial", "AX1");
    tap("下一步");
    expect(screen.getByText("请填写设备编号和设备码")).toBeTruthy();
    await typeInto("input-bindcode", "1");
    tap("下一步");
    tap("完成绑定");
    expect(screen.getByText("请选择装在哪个房间")).toBeTruthy();
    expect(fake.callsTo("POST", "/api/devices/bind")).toHaveLength(0);
  });

  it("sends a resident with no household to join one first", async () => {
    installFakeApi({ "GET /api/households": () => ok({ items: [] }) });
    render(<BindPage />);
    await waitFor(() =>
      expect(screen.getByText("您还没有加入家庭。请先用邀请码加入家庭，再绑定报警器。")).toBeTruthy(),
    );
  });
});
