/**
 * The compiled WeChat pages (dist/weapp) of the bind and alarm flows, run in miniprogram-simulate
 * with WeChat's WXML compiler. What this cannot show: WeChat's real renderer, layout, native
 * components and the real `wx` (see README).
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  httpCalls,
  mountPage,
  reset,
  setRoutes,
  setScanResult,
  setStorage,
  settle,
  wxCalls,
  type HttpCall,
} from "./harness";

const ME = { kind: "resident", id: "u1", nickname: "张阿姨", phone: null, elderlyMode: false };
const HOME = {
  id: "h1",
  address: "幸福小区 3号楼 1单元 1203",
  role: "OWNER",
  devices: [
    {
      id: "d1",
      name: "客厅烟感",
      room: "客厅",
      modelName: "AX-S1",
      state: "normal",
      online: true,
      battery: 90,
      rssi: -70,
      lastSeenAt: new Date().toISOString(),
    },
  ],
};
const ALARM = {
  id: "a1",
  kind: "FIRE",
  severity: "critical",
  status: "ACTIVE",
  startedAt: new Date(Date.now() - 60000).toISOString(),
  device: { id: "d1", name: "客厅烟感", room: "客厅" },
  householdId: "h1",
  address: HOME.address,
};

let open: (typeof ALARM)[] = [];
const bound: unknown[] = [];
let smokeHigh = true;

function api() {
  setRoutes({
    "GET /api/me": () => ({ body: ME }),
    "GET /api/households": () => ({ body: { items: [HOME] } }),
    "GET /api/alarms": () => ({ body: { items: open } }),
    "GET /api/alarms/:id": (_c, p) => ({
      body: {
        ...ALARM,
        id: p.id,
        status: open.find((a) => a.id === p.id)?.status ?? "RESOLVED",
        device: {
          ...ALARM.device,
          modelName: "AX-S1",
          supportsMute: true,
          smoke: smokeHigh ? 640 : 20,
          smokeAlarm: smokeHigh,
          smokeHigh,
        },
        actions: [],
        notifications: [
          {
            channel: "SMS",
            recipient: "contact:c1",
            recipientName: "王女士",
            template: "fire",
            status: "DELIVERED",
            sentAt: new Date().toISOString(),
          },
        ],
        escalation: {
          level: 1,
          nextStep: { label: "电话通知物业值班室", at: new Date(Date.now() + 90000).toISOString() },
        },
      },
    }),
    "GET /api/households/:id": () => ({
      body: {
        ...HOME,
        members: [],
        emergencyContacts: [{ id: "c1", name: "王女士", phone: "13800000001", relation: null, priority: 0 }],
      },
    }),
    "POST /api/alarms/:id/ack": () => {
      open = open.map((a) => ({ ...a, status: "ACKNOWLEDGED" }));
      return { body: {} };
    },
    "POST /api/alarms/:id/resolve": () => {
      open = [];
      return { body: {} };
    },
    "GET /api/notifications/templates": () => ({ body: { alarm: "TPL_ALARM", reminder: "TPL_REMINDER" } }),
    "POST /api/notifications/subscriptions": (c: HttpCall) => ({
      body: {
        items: (c.body as { accepted: string[] }).accepted.map((t) => ({ template: t, longTerm: false, remaining: 1 })),
      },
    }),
    "POST /api/devices/bind/check": () => ({ body: { serial: "AX2024000777", modelName: "AX-S1" } }),
    "POST /api/devices/bind": (c: HttpCall) => {
      bound.push(c.body);
      return {
        body: {
          id: "d9",
          serial: "AX2024000777",
          name: null,
          room: null,
          mode: "NORMAL",
          householdId: "h1",
          communityId: "c1",
          model: {
            id: "m",
            name: "AX-S1",
            kind: "SMOKE",
            heartbeatIntervalSec: 3600,
            supportsMute: true,
            supportsSelfTest: true,
          },
          state: "normal",
          status: null,
          events: [],
        },
      };
    },
  });
}

function calls(method: string, path: string) {
  return httpCalls.filter((c) => c.method === method && c.path === path);
}

/** The prompt loads its template id from the API once per app run; wait until that has been answered. */
let templatesSeen = false;
async function templatesLoaded() {
  const end = Date.now() + 3000;
  while (!templatesSeen && !calls("GET", "/api/notifications/templates").some((c) => c.status === 200)) {
    if (Date.now() > end) throw new Error("the subscribe prompt never asked the API for its template ids");
    await settle(10);
  }
  templatesSeen = true;
  await settle(30);
}

describe("compiled weapp pages in miniprogram-simulate", () => {
  beforeEach(() => {
    reset();
    open = [];
    bound.length = 0;
    smokeHigh = true;
    setStorage("anxin.resident.tokens", { accessToken: "A1", refreshToken: "R1", expiresAt: Date.now() + 900000 });
    api();
  });
  afterAll(() => {
    // stop the 2 s alarm poll the app started
    const app = (globalThis as unknown as { getApp: () => { onHide?: () => void } | null }).getApp();
    app?.onHide?.();
  });

  it("bind: scan the code, pick the room, bind, then ask for subscribe consent on a tap", async () => {
    setScanResult("ANXIN:AX2024000777:551234");
    const page = await mountPage("pages/bind/index");
    await page.waitFor("第1步：找到报警器上的二维码");
    await page.tap("扫码绑定");
    expect(wxCalls.some((c) => c.api === "scanCode")).toBe(true);
    await page.waitFor("第2步：装在哪里？");
    // the scanned code was checked with the API before step 2
    expect(calls("POST", "/api/devices/bind/check").map((c) => c.body)).toEqual([{ qr: "ANXIN:AX2024000777:551234" }]);
    await page.waitFor(HOME.address);
    await page.tap("厨房");
    await page.tap("完成绑定");
    await page.waitFor("绑定成功");
    expect(bound).toEqual([{ qr: "ANXIN:AX2024000777:551234", householdId: "h1", room: "厨房", name: "厨房烟感" }]);
    // bearer token from wx storage, base URL from the build-time constant
    const req = wxCalls.find((c) => c.api === "request" && String(c.args.url).endsWith("/api/devices/bind"));
    expect(String(req?.args.url)).toBe("http://127.0.0.1:3000/api/devices/bind");
    expect((req?.args.header as Record<string, string>).Authorization).toBe("Bearer A1");
    // the reason comes first; the request only on the resident's tap
    expect(page.has("这个报警器响的时候，我们会马上发微信提醒给您。")).toBe(true);
    expect(wxCalls.some((c) => c.api === "requestSubscribeMessage")).toBe(false);
    await templatesLoaded();
    await page.tap("开启报警提醒");
    await page.waitFor("已开启，下次报警会发微信提醒给您。");
    // the template id the API gave, and the acceptance reported back so the API may send one message
    const sub = wxCalls.find((c) => c.api === "requestSubscribeMessage");
    expect(sub?.args.tmplIds).toEqual(["TPL_ALARM"]);
    expect(calls("POST", "/api/notifications/subscriptions").map((c) => c.body)).toEqual([
      { accepted: ["TPL_ALARM"], longTerm: false },
    ]);
    page.unmount();
  });

  it("bind: type the serial and code", async () => {
    const page = await mountPage("pages/bind/index");
    await page.tap("扫不了？手动输入");
    await page.input("设备编号（SN）", "AX2024000123");
    await page.input("设备码（印在编号旁边）", "482913");
    await page.tap("下一步");
    await page.waitFor("第2步：装在哪里？");
    expect(calls("POST", "/api/devices/bind/check").map((c) => c.body)).toEqual([
      { serial: "AX2024000123", bindCode: "482913" },
    ]);
    await page.tap("主卧");
    await page.tap("完成绑定");
    await page.waitFor("绑定成功");
    expect(bound).toEqual([
      { serial: "AX2024000123", bindCode: "482913", householdId: "h1", room: "主卧", name: "主卧烟感" },
    ]);
    page.unmount();
  });

  it("alarm: what, where, who was told; 119; acknowledge; subscribe; no false alarm while smoky; resolve", async () => {
    open = [ALARM];
    const page = await mountPage("pages/alarm/index");
    await page.waitFor("火警：烟雾报警");
    expect(page.has("客厅烟感")).toBe(true);
    expect(page.has("客厅 · 客厅烟感")).toBe(false);
    expect(page.has(HOME.address)).toBe(true);
    await page.waitFor("王女士：短信，已收到");
    await page.waitFor("电话通知物业值班室（还剩 1分");
    await page.waitFor("烟雾还很浓，不能远程消音。请先确认安全！");
    // heavy smoke: it cannot be called a false alarm, and the screen says why
    expect(page.has("现在不能按“误报”或“测试”结束报警")).toBe(true);
    expect(page.has("是测试")).toBe(false);

    await page.tap("拨打119");
    expect(wxCalls.find((c) => c.api === "makePhoneCall")?.args.phoneNumber).toBe("119");

    await page.tap("我来处理");
    await page.waitFor("已通知大家：您正在处理。请注意安全！");
    expect(calls("POST", "/api/alarms/a1/ack")).toHaveLength(1);
    await templatesLoaded();
    await page.tap("开启报警提醒");
    await page.waitFor("已开启，下次报警会发微信提醒给您。");

    // the smoke clears: the next refresh of the alarm offers 误报 / 是测试
    smokeHigh = false;
    await page.waitFor("是测试");
    await page.tap("误报");
    await page.waitFor("确定是误报吗？");
    expect(page.has("报警会结束，家人和物业不会再收到通知。")).toBe(true);
    await page.tap("是误报，结束报警");
    await page.waitFor("目前没有报警");
    expect(calls("POST", "/api/alarms/a1/resolve").map((c) => c.body)).toEqual([{ resolution: "FALSE_ALARM" }]);
    page.unmount();
  });

  it("提醒设置: a switch turned off is saved for that home at once and said so; fire cannot be switched off", async () => {
    let flags = {
      neighbourAlerts: false,
      notifyLowBattery: true,
      notifyOffline: true,
      notifyTamper: true,
      notifyFault: true,
    };
    setRoutes({
      "GET /api/me": () => ({ body: ME }),
      "GET /api/households": () => ({ body: { items: [HOME] } }),
      "GET /api/households/:id": () => ({
        body: {
          ...HOME,
          members: [{ id: "m1", residentId: "u1", nickname: "张阿姨", role: "OWNER", isMe: true, ...flags }],
          emergencyContacts: [],
        },
      }),
      "PATCH /api/households/:id/membership": (c: HttpCall) => {
        flags = { ...flags, ...(c.body as Partial<typeof flags>) };
        return { body: { householdId: "h1", role: "OWNER", ...flags } };
      },
    });
    const page = await mountPage("pages/alerts/index");
    await page.waitFor(HOME.address);
    expect(page.has("这一项不能关闭")).toBe(true);
    await page.waitFor("电池快没电");
    // the compiled <switch> for low battery: the first one in the home's card
    const switches = Array.from(page.comp.dom.querySelectorAll<HTMLElement>("wx-switch"));
    expect(switches).toHaveLength(5);
    const sid = switches[0]!.dataset.sid;
    page.comp.querySelector(`#${sid}`)?.dispatchEvent("change", { detail: { value: false } });
    await page.waitFor("已保存：“电池快没电”不再提醒您");
    expect(
      httpCalls.filter((c) => c.method === "PATCH" && c.path === "/api/households/h1/membership").map((c) => c.body),
    ).toEqual([{ notifyLowBattery: false }]);
    expect(flags.notifyLowBattery).toBe(false);
    page.unmount();
  });

  it("a new alarm opens the alarm screen on the next poll", async () => {
    const page = await mountPage("pages/home/index");
    await page.waitFor("客厅烟感");
    await settle(100);
    open = [{ ...ALARM, id: "a2" }];
    // the poll period is asserted in test/unit/alarmWatch.test.ts; here only that it happens (a generous
    // bound: a busy machine must not fail this)
    const t0 = Date.now();
    while (!wxCalls.some((c) => c.api === "switchTab" && c.args.url === "/pages/alarm/index")) {
      if (Date.now() - t0 > 15_000) throw new Error("the alarm screen was not opened");
      await settle(20);
    }
    expect(wxCalls.some((c) => c.api === "vibrateLong")).toBe(true);
    page.unmount();
  });
});
