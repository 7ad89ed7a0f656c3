/**
 * The bind and alarm flows in WeChat DevTools, driven by miniprogram-automator.
 *
 * DevTools runs only on Windows and macOS, so this suite runs only where WECHAT_DEVTOOLS_CLI points
 * at its command-line tool (see README: enable "Security > Service port" in DevTools first), and
 * reports itself as skipped, with the reason, everywhere else. The API is mocked inside the
 * mini-program (wx.request), so no server is needed; scanCode and requestSubscribeMessage are mocked
 * because no one is there to scan or tap WeChat's dialog.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const CLI = process.env.WECHAT_DEVTOOLS_CLI ?? "";
const DIST = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..", "dist", "weapp");
const skipReason = !CLI
  ? "WECHAT_DEVTOOLS_CLI is not set: WeChat DevTools (Windows/macOS only) is needed to run the automator suite"
  : !fs.existsSync(CLI)
    ? `WECHAT_DEVTOOLS_CLI=${CLI} does not exist`
    : "";

if (skipReason) {
  console.log(`[automator] SKIPPED: ${skipReason}`);
}

interface AutoElement {
  tap(): Promise<void>;
  input(v: string): Promise<void>;
  text(): Promise<string>;
}
interface AutoPage {
  path: string;
  waitFor(c: number | string | (() => boolean)): Promise<void>;
  $$(sel: string): Promise<AutoElement[]>;
}
interface MiniProgram {
  reLaunch(url: string): Promise<AutoPage>;
  switchTab(url: string): Promise<AutoPage>;
  currentPage(): Promise<AutoPage>;
  mockWxMethod(method: string, fn: unknown, ...args: unknown[]): Promise<void>;
  callWxMethod(method: string, ...args: unknown[]): Promise<unknown>;
  evaluate<T>(fn: () => T): Promise<T>;
  screenshot(o: { path: string }): Promise<void>;
  close(): Promise<void>;
}

const alarm = {
  id: "a1",
  kind: "FIRE",
  severity: "critical",
  status: "ACTIVE",
  startedAt: new Date().toISOString(),
  device: { id: "d1", name: "客厅烟感", room: "客厅" },
  householdId: "h1",
  address: "幸福小区 3号楼 1单元 1203",
};

/** Runs inside the mini-program in place of wx.request: a tiny API with demo data. */
function fakeRequest(this: unknown, options: Record<string, unknown>, seed: { alarm: typeof alarm }) {
  const app = getApp() as unknown as Record<string, unknown>;
  const state = (app.__anxin as { open: unknown[]; calls: unknown[] } | undefined) ?? { open: [], calls: [] };
  app.__anxin = state;
  const url = String(options.url);
  const p = url.replace(/^https?:\/\/[^/]+/, "").split("?")[0];
  const method = String(options.method || "GET").toUpperCase();
  state.calls.push({ method, path: p, body: options.data });
  const me = { kind: "resident", id: "u1", nickname: "自动化测试", phone: null, elderlyMode: false };
  const home = {
    id: "h1",
    address: seed.alarm.address,
    role: "OWNER",
    devices: [] as unknown[],
    members: [] as unknown[],
    emergencyContacts: [] as unknown[],
  };
  let status = 200;
  let data: unknown = {};
  if (p === "/api/auth/wechat/login") data = { accessToken: "A", refreshToken: "R", expiresIn: 900, user: me };
  else if (p === "/api/me") data = me;
  else if (p === "/api/households") data = { items: [home] };
  else if (p === "/api/notifications/templates") data = { alarm: "TPL_ALARM", reminder: "TPL_REMINDER" };
  else if (p === "/api/notifications/subscriptions") data = { items: [] };
  else if (/^\/api\/households\/[^/]+$/.test(p)) data = home;
  else if (p === "/api/alarms") data = { items: state.open };
  else if (/^\/api\/alarms\/[^/]+$/.test(p))
    data = {
      ...seed.alarm,
      // the smoke has gone: a resident may now close it as a false alarm
      device: { ...seed.alarm.device, supportsMute: false, smokeAlarm: false, smokeHigh: false },
      actions: [],
      notifications: [],
      escalation: { level: 0, nextStep: null },
      status: state.open.length ? "ACTIVE" : "RESOLVED",
    };
  else if (/\/ack$/.test(p))
    state.open = (state.open as Record<string, unknown>[]).map((a) => ({ ...a, status: "ACKNOWLEDGED" }));
  else if (/\/resolve$/.test(p)) state.open = [];
  else if (/^\/api\/devices\//.test(p))
    data = {
      id: "d9",
      serial: "AX2024000777",
      name: "厨房烟感",
      room: "厨房",
      mode: "NORMAL",
      householdId: "h1",
      communityId: "c1",
      model: {
        id: "m",
        name: "AX-S1",
        kind: "SMOKE",
        heartbeatIntervalSec: 3600,
        supportsMute: false,
        supportsSelfTest: true,
      },
      state: "normal",
      status: null,
      events: [],
    };
  else {
    status = 404;
    data = { error: { code: "NOT_FOUND", message: p } };
  }
  const res = { statusCode: status, data, header: {}, errMsg: "request:ok" };
  setTimeout(() => {
    if (typeof options.success === "function") (options.success as (r: unknown) => void)(res);
    if (typeof options.complete === "function") (options.complete as (r: unknown) => void)(res);
  }, 10);
  return { abort() {} };
}
declare function getApp(): unknown;

async function tapText(page: AutoPage, text: string): Promise<void> {
  for (const sel of ["button", "text", "view"]) {
    for (const el of await page.$$(sel)) {
      if ((await el.text()).trim() === text) {
        await el.tap();
        await page.waitFor(300);
        return;
      }
    }
  }
  throw new Error(`nothing shows "${text}" on ${page.path}`);
}

async function pageText(page: AutoPage): Promise<string> {
  const parts = await Promise.all((await page.$$("text")).map((e) => e.text()));
  return parts.join("\n");
}

describe("WeChat DevTools (miniprogram-automator)", () => {
  let mp: MiniProgram | null = null;
  const shots = path.resolve(DIST, "..", "..", "test-results", "automator");

  beforeAll(async () => {
    if (skipReason) return;
    const automator = require("miniprogram-automator") as { launch(o: Record<string, unknown>): Promise<MiniProgram> };
    mp = await automator.launch({ cliPath: CLI, projectPath: DIST, trustProject: true });
    await mp.mockWxMethod("request", fakeRequest, { alarm });
    await mp.mockWxMethod("scanCode", { result: "ANXIN:AX2024000777:551234", errMsg: "scanCode:ok" });
    await mp.mockWxMethod("requestSubscribeMessage", { errMsg: "requestSubscribeMessage:ok", TPL_ALARM: "accept" });
    fs.mkdirSync(shots, { recursive: true });
  }, 120000);

  afterAll(async () => {
    await mp?.close();
  });

  it.skipIf(!!skipReason)(
    "signs in with WeChat and binds a device by scanning",
    async () => {
      const m = mp as MiniProgram;
      let page = await m.reLaunch("/pages/login/index");
      await tapText(page, "微信一键登录");
      page = await m.switchTab("/pages/bind/index");
      await tapText(page, "扫码绑定");
      await tapText(page, "厨房");
      await tapText(page, "完成绑定");
      await page.waitFor(1000);
      expect(await pageText(page)).toContain("绑定成功");
      await m.screenshot({ path: path.join(shots, "bind-done.png") });
      const calls = await m.evaluate(
        () => (getApp() as { __anxin?: { calls: { path: string; body: unknown }[] } }).__anxin?.calls ?? [],
      );
      expect(calls.find((c) => c.path === "/api/devices/bind")?.body).toMatchObject({
        qr: "ANXIN:AX2024000777:551234",
        room: "厨房",
      });
    },
    120000,
  );

  it.skipIf(!!skipReason)(
    "shows a new alarm, acknowledges it and resolves it as a false alarm",
    async () => {
      const m = mp as MiniProgram;
      await m.switchTab("/pages/home/index");
      await m.evaluate(() => {
        const app = getApp() as { __anxin: { open: unknown[] } };
        app.__anxin.open = [
          {
            id: "a1",
            kind: "FIRE",
            severity: "critical",
            status: "ACTIVE",
            startedAt: new Date().toISOString(),
            device: { id: "d1", name: "客厅烟感", room: "客厅" },
            householdId: "h1",
            address: "幸福小区 3号楼 1单元 1203",
          },
        ];
      });
      const t0 = Date.now();
      let page = await m.currentPage();
      while (page.path !== "pages/alarm/index") {
        if (Date.now() - t0 > 15_000) throw new Error("the alarm screen did not open");
        await new Promise((r) => setTimeout(r, 200));
        page = await m.currentPage();
      }
      // no timing asserted: the poll period is checked in test/unit/alarmWatch.test.ts
      expect(await pageText(page)).toContain("火警：烟雾报警");
      await m.screenshot({ path: path.join(shots, "alarm.png") });
      await tapText(page, "我来处理");
      await tapText(page, "误报");
      await tapText(page, "是误报，结束报警");
      await page.waitFor(1500);
      expect(await pageText(page)).toContain("目前没有报警");
    },
    120000,
  );
});
