import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import HomePage from "@/pages/home/index";
import MePage from "@/pages/me/index";
import LoginPage from "@/pages/login/index";
import { residentClient } from "@/services/client";
import { alarmWatcher } from "@/services/session";
import { getState, resetState } from "@/services/store";
import { fail, holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";
import { ALARM, HOME, signInResident, tap, typeInto } from "../support/ui";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();

const USER = { kind: "resident", id: "u1", nickname: "张阿姨", phone: null, elderlyMode: false };

afterEach(() => {
  alarmWatcher.stop();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("home", () => {
  beforeEach(() => {
    signInResident();
    resetState();
  });

  it("lists every home and device with state, battery, signal and last contact", async () => {
    installFakeApi({ "GET /api/households": () => ok({ items: [HOME] }) });
    render(<HomePage />);
    await waitFor(() => expect(screen.getByText(HOME.address)).toBeTruthy());
    const d1 = screen.getByTestId("device-d1");
    expect(d1.textContent).toContain("客厅烟感");
    expect(d1.textContent).not.toContain("客厅 · 客厅烟感");
    expect(d1.textContent).toContain("在守护");
    expect(d1.textContent).toContain("电量 85%");
    expect(d1.textContent).toContain("信号 强");
    expect(d1.textContent).toContain("上次联系 刚刚");
    const d2 = screen.getByTestId("device-d2");
    expect(d2.textContent).toContain("电量低");
    expect(d2.textContent).toContain("信号 弱");
  });

  it("says plainly when a home's alarms never connected or lost contact: not protected", async () => {
    const never = {
      ...HOME.devices[0],
      id: "d7",
      state: "never_connected" as const,
      online: false,
      battery: null,
      rssi: null,
      lastSeenAt: null,
    };
    const lost = {
      ...HOME.devices[1],
      id: "d8",
      state: "offline" as const,
      online: false,
      lastSeenAt: new Date(Date.now() - 3 * 86400000).toISOString(),
    };
    installFakeApi({
      "GET /api/households": () =>
        ok({
          items: [
            { ...HOME, devices: [never, lost] },
            { ...HOME, id: "h2", address: "和平里 5号楼 302", devices: [] },
          ],
        }),
    });
    render(<HomePage />);
    await waitFor(() => expect(screen.getByTestId("home-health-h1")).toBeTruthy());
    const health = screen.getByTestId("home-health-h1");
    expect(health.getAttribute("data-health")).toBe("unprotected");
    expect(health.textContent).toContain("2 个报警器现在都不能守护您");
    expect(health.textContent).toContain("1 个还没联网，1 个失去联系");
    const d7 = screen.getByTestId("device-d7");
    expect(d7.textContent).toContain("还没联网");
    expect(d7.textContent).toContain("还没有联系过");
    expect(d7.textContent).not.toContain("从未");
    expect(screen.getByTestId("device-d8").textContent).toContain("失去联系");
    expect(screen.getByTestId("device-d8").textContent).toContain("上次联系 3天前");
    expect(screen.getByTestId("home-health-h2").textContent).toContain("还没有绑定报警器");
  });

  it("opens the device page on tap", async () => {
    installFakeApi({ "GET /api/households": () => ok({ items: [HOME] }) });
    const nav = vi.spyOn(Taro, "navigateTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<HomePage />);
    await waitFor(() => expect(screen.getByTestId("device-d2")).toBeTruthy());
    fireEvent.click(screen.getByTestId("device-d2"));
    expect(nav).toHaveBeenCalledWith({ url: "/pages/device/index?id=d2" });
  });

  it("shows an open alarm at the top and sends the resident to the alarm screen", async () => {
    installFakeApi({ "GET /api/households": () => ok({ items: [HOME] }) });
    const sw = vi.spyOn(Taro, "switchTab").mockResolvedValue({ errMsg: "ok" });
    resetState({ openAlarms: [ALARM] });
    render(<HomePage />);
    const banner = screen.getByTestId("home-alarm-banner");
    expect(banner.textContent).toContain("火警：烟雾报警！");
    fireEvent.click(banner);
    expect(sw).toHaveBeenCalledWith({ url: "/pages/alarm/index" });
  });
});

describe("me: elderly mode", () => {
  beforeEach(() => {
    signInResident();
    resetState({ user: { ...USER, kind: "resident" } as never });
  });

  async function toggleSwitch() {
    const host = screen.getByTestId("elder-switch");
    await waitFor(() => expect(host.querySelector("input")).toBeTruthy());
    fireEvent.click(host.querySelector("input") as HTMLInputElement);
  }

  it("turns on elderly mode for this resident on the server and makes the type larger", async () => {
    const fake = installFakeApi({
      "GET /api/me": () => ok(USER),
      "PATCH /api/me": (c) => ok({ ...USER, ...(c.body as object) }),
    });
    const { container } = render(<MePage />);
    expect(container.querySelector(".screen")?.className).not.toContain("elder");
    await toggleSwitch();
    await waitFor(() => expect(fake.callsTo("PATCH", "/api/me")[0]?.body).toEqual({ elderlyMode: true }));
    await waitFor(() => expect(container.querySelector(".screen")?.className).toContain("elder"));
    expect(getState().elderlyMode).toBe(true);
    expect(Taro.getStorageSync("anxin.elderlyMode")).toBe(true);
  });

  it("goes back when the server refuses", async () => {
    installFakeApi({
      "GET /api/me": () => ok(USER),
      "PATCH /api/me": () => fail(500, "INTERNAL"),
    });
    const { container } = render(<MePage />);
    await toggleSwitch();
    await waitFor(() => expect(screen.getByText("操作没有成功，请稍后再试")).toBeTruthy());
    expect(getState().elderlyMode).toBe(false);
    expect(container.querySelector(".screen")?.className).not.toContain("elder");
  });

  it("explains that the browser cannot read the WeChat phone number", async () => {
    installFakeApi({ "GET /api/me": () => ok(USER) });
    render(<MePage />);
    expect(screen.getByTestId("me-phone").textContent).toBe("未确认");
    expect(screen.getByText("网页版不能读取微信手机号，请在微信小程序里确认。")).toBeTruthy();
  });
});

describe("sign-in in H5", () => {
  beforeEach(() => {
    residentClient.signOut();
    resetState();
  });

  it("signs in with demo-h5:<name>, goes home, and a new alarm opens the alarm screen", async () => {
    let open: unknown[] = [];
    const fake = installFakeApi({
      "POST /api/auth/wechat/login": (c) =>
        ok({
          accessToken: "A",
          refreshToken: "R",
          expiresIn: 900,
          user: { ...USER, nickname: (c.body as { code: string }).code.slice(8) },
        }),
      "GET /api/alarms": () => ok({ total: open.length, items: open }),
    });
    const sw = vi.spyOn(Taro, "switchTab").mockResolvedValue({ errMsg: "ok" });
    render(<LoginPage />);
    await typeInto("input-demo-name", "李大爷");
    tap("登录");
    await waitFor(() => expect(sw).toHaveBeenCalledWith({ url: "/pages/home/index" }));
    expect(fake.callsTo("POST", "/api/auth/wechat/login")[0].body).toEqual({ code: "demo-h5:李大爷" });
    expect(getState().user?.nickname).toBe("李大爷");
    expect(residentClient.isSignedIn()).toBe(true);
    expect(alarmWatcher.running).toBe(true);

    // a smoke alarm starts: the next poll opens the alarm screen (how often it polls is asserted in
    // alarmWatch.test.ts; no test here times it, a busy machine would make that fail)
    await waitFor(() => expect(fake.callsTo("GET", "/api/alarms").length).toBeGreaterThan(0));
    open = [ALARM];
    await waitFor(() => expect(sw).toHaveBeenCalledWith({ url: "/pages/alarm/index" }), {
      timeout: 10_000,
      interval: 20,
    });
    expect(getState().focusAlarmId).toBe("a1");
  });

  it("asks for an account before signing in", () => {
    const fake = installFakeApi({});
    render(<LoginPage />);
    tap("登录");
    expect(screen.getByText("请输入演示账号")).toBeTruthy();
    expect(fake.calls).toHaveLength(0);
  });

  it("signs in as a demo resident with one tap, or with a whole typed code", async () => {
    const fake = installFakeApi({
      "POST /api/auth/wechat/login": () => ok({ accessToken: "A", refreshToken: "R", expiresIn: 900, user: USER }),
      "GET /api/alarms": () => ok({ total: 0, items: [] }),
    });
    vi.spyOn(Taro, "switchTab").mockResolvedValue({ errMsg: "ok" });
    render(<LoginPage />);
    tap("张三");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/auth/wechat/login")[0]?.body).toEqual({ code: "demo-h5:zhangsan" }),
    );
    await typeInto("input-demo-name", " demo-h5:wangwu ");
    tap("登录");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/auth/wechat/login")[1]?.body).toEqual({ code: "demo-h5:wangwu" }),
    );
  });
});
