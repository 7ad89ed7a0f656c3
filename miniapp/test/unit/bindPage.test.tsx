import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import BindPage from "@/pages/bind/index";
import { resetState } from "@/services/store";
import { deviceDetail } from "../support/fixtures";
import { fail, holdRepliesToContract, installFakeApi, ok, type Handler } from "../support/fakeApi";
import { HOME, inputReady, signInResident, tap, typeInto } from "../support/ui";
import { hidePage, setRouterParams } from "../support/taro";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();

const FOUND = { serial: "AX2024000123", modelName: "AX-S1" };
const BOUND = deviceDetail({ id: "d9", serial: "AX2024000999", name: null, room: null, events: [] });

function bindApi(extra: Record<string, Handler> = {}) {
  return installFakeApi({
    "GET /api/households": () => ok({ items: [HOME] }),
    "POST /api/devices/bind/check": (c) =>
      (c.body as { bindCode?: string }).bindCode === "WRONG" ? fail(400, "BIND_CODE_INVALID") : ok(FOUND),
    "POST /api/devices/bind": () => ok(BOUND),
    ...extra,
  });
}

describe("bind a device (the browser build: typed, it cannot scan)", () => {
  beforeEach(() => {
    signInResident();
    resetState();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    setRouterParams({});
  });

  it("says plainly that the web version cannot scan, and offers typing the code at once", async () => {
    bindApi();
    render(<BindPage />);
    expect(screen.getByTestId("no-scan-in-browser").textContent).toBe(
      "网页版不能扫码。请输入报警器背面印的设备编号和设备码。",
    );
    expect(screen.queryByText("扫码绑定")).toBeNull();
    expect(screen.queryByText("没有扫到设备码。可以再扫一次，或者手动输入。")).toBeNull();
    await inputReady("input-serial");
    await inputReady("input-bindcode");
  });

  it("checks the code with the API at step 1, then binds with room and name", async () => {
    const fake = bindApi();
    render(<BindPage />);
    await typeInto("input-serial", " AX2024000123 ");
    await typeInto("input-bindcode", "482913");
    tap("下一步");
    await waitFor(() => expect(screen.getByTestId("bind-step-place")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/devices/bind/check")[0].body).toEqual({
      serial: "AX2024000123",
      bindCode: "482913",
    });
    expect(screen.getByTestId("bind-found").textContent).toContain("AX2024000123");
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
    expect(screen.getByTestId("bound-health").textContent).toContain("它已经联网，开始守护您的家");
    // H5 has no subscribe messages: no consent prompt there
    expect(screen.queryByTestId("subscribe-prompt")).toBeNull();
    // leaving the tab after binding starts the next visit at step 1
    act(() => hidePage());
    await waitFor(() => expect(screen.getByTestId("bind-step-code")).toBeTruthy());
    expect(screen.queryByText("绑定成功")).toBeNull();
  });

  it("refuses a wrong code at step 1, where it can be corrected, and goes on once it is right", async () => {
    const fake = bindApi();
    render(<BindPage />);
    await typeInto("input-serial", "AX2024000123");
    await typeInto("input-bindcode", "WRONG");
    tap("下一步");
    await waitFor(() =>
      expect(screen.getByTestId("msg-code").textContent).toBe("设备码不正确，请核对设备上的编号和设备码"),
    );
    expect(screen.getByTestId("bind-step-code")).toBeTruthy();
    expect(screen.queryByTestId("bind-step-place")).toBeNull();
    // what was typed is still there to correct
    expect((screen.getByTestId("input-serial").querySelector("input") as HTMLInputElement).value).toBe("AX2024000123");
    await typeInto("input-bindcode", "482913");
    tap("下一步");
    await waitFor(() => expect(screen.getByTestId("bind-step-place")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/devices/bind/check")).toHaveLength(2);
    expect(fake.callsTo("POST", "/api/devices/bind")).toHaveLength(0);
  });

  it("says when the bound alarm has not connected yet that it does not protect the home yet", async () => {
    bindApi({
      "POST /api/devices/bind": () =>
        ok(deviceDetail({ id: "d9", state: "never_connected", status: null, name: null, room: null, events: [] })),
    });
    render(<BindPage />);
    await typeInto("input-serial", "AX2024000123");
    await typeInto("input-bindcode", "482913");
    tap("下一步");
    await waitFor(() => expect(screen.getByTestId("bind-step-place")).toBeTruthy());
    // Taro's H5 <Input> must have drawn its inner <input> before a room choice sets the name
    await inputReady("input-name");
    tap("客厅");
    tap("完成绑定");
    await waitFor(() => expect(screen.getByTestId("bound-health").textContent).toContain("还没联网"));
    expect(screen.getByTestId("bound-health").textContent).not.toContain("开始守护");
  });

  it("explains a binding refused at the end in plain words, next to the button, and stays on the step", async () => {
    bindApi({ "POST /api/devices/bind": () => fail(409, "DEVICE_ALREADY_BOUND") });
    render(<BindPage />);
    await typeInto("input-serial", "AX1");
    await typeInto("input-bindcode", "000000");
    tap("下一步");
    await waitFor(() => expect(screen.getByTestId("bind-step-place")).toBeTruthy());
    await inputReady("input-name");
    tap("客厅");
    tap("完成绑定");
    await waitFor(() => expect(screen.getByTestId("msg-bind").textContent).toBe("这个设备已经被绑定了"));
    expect(screen.getByTestId("bind-step-place")).toBeTruthy();
  });

  it("asks for both serial and code before going on, and for a room before binding", async () => {
    const fake = bindApi();
    render(<BindPage />);
    await typeInto("input-serial", "AX1");
    tap("下一步");
    expect(screen.getByTestId("msg-code").textContent).toBe("请填写设备编号和设备码");
    expect(fake.callsTo("POST", "/api/devices/bind/check")).toHaveLength(0);
    await typeInto("input-bindcode", "1");
    tap("下一步");
    await waitFor(() => expect(screen.getByTestId("bind-step-place")).toBeTruthy());
    tap("完成绑定");
    expect(screen.getByTestId("msg-bind").textContent).toBe("请选择装在哪个房间");
    expect(fake.callsTo("POST", "/api/devices/bind")).toHaveLength(0);
  });

  it("opened from a QR link: checks the scanned code and goes straight to step 2", async () => {
    setRouterParams({ q: encodeURIComponent("http://127.0.0.1:3000/bind?d=AX1&t=CODE") });
    const fake = bindApi();
    render(<BindPage />);
    await waitFor(() => expect(screen.getByTestId("bind-step-place")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/devices/bind/check")[0].body).toEqual({
      qr: "http://127.0.0.1:3000/bind?d=AX1&t=CODE",
    });
  });

  it("sends a resident with no household to join one first", async () => {
    installFakeApi({ "GET /api/households": () => ok({ items: [] }) });
    render(<BindPage />);
    await waitFor(() =>
      expect(screen.getByText("您还没有加入家庭。请先用邀请码加入家庭，再绑定报警器。")).toBeTruthy(),
    );
  });
});
