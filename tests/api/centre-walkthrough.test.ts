// What a new user found on the monitoring centre's screens (walkthrough): the command view's 处置经过 showed
// internals (an actor's id, the 119 provider's raw answer, "值班屏 … 失败" for a duty screen nobody had open, three
// times), and 火警确认's 最近已确认 was built from the open alarms only (a closed false alarm vanished, a
// timed-out one was listed twice). Here: the alarm file's timeline in words, and GET /api/centre/verdicts
// (closed alarms included, the caller's units only, bounded).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { Alert119StandIn } from "../../api/stand-ins/alert119/index.ts";
import { failReason } from "../../api/src/modules/centre/attempt-119.ts";
import { NOTIFICATION_CHANNEL_LABEL } from "../../api/src/contract/labels.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Entry {
  at: string;
  what: string;
  detail: string;
  who: string;
}
interface Verdicts {
  items: { id: string; verdict: string; verdictCause: string | null; closed: boolean; report119: boolean }[];
}

describe("the monitoring centre's screens, as a new user reads them", () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 3, 2, 0, 0));
  const standIn = new Alert119StandIn({ nowSec: () => Math.floor(clock.now().getTime() / 1000) });
  let t: TestApi;
  let uitd: { deviceId: string; unitId: string };
  let n = 0;

  const raise = async (location: string) => {
    const device = (await t.api.services.deviceDirectory.get(uitd.deviceId))!;
    n++;
    const change = await t.api.services.alarms.raiseAt(device, "FIRE", clock.now(), `walk-${n}`, {
      point: `1/1/${n}`,
      source: "gb26875",
      unitId: uitd.unitId,
      floor: 3,
      location,
    });
    await t.api.services.centre.service.inflight.idle();
    await t.api.services.centre.settle();
    await t.api.services.notifications.settle();
    return change.alarm!.id;
  };
  /** past the alarm's confirmation deadline: the timeout step, the hand-off to 119, the messages sent */
  const timeOut = async (alarmId: string) => {
    const a = await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarmId } });
    clock.set(new Date(a.confirmDeadlineAt!.getTime() + 1000));
    await t.api.services.centre.settle();
    await t.api.services.centre.handoff.inflight.idle();
    await t.api.services.notifications.settle();
  };

  beforeAll(async () => {
    const url = await standIn.start();
    t = await startTestApi({ clock, env: { ALERT_119_URL: url, ALERT_119_SECRET: standIn.secret } });
    uitd = (t.demo as unknown as { gb26875: { devices: { deviceId: string; unitId: string }[] } }).gb26875.devices[0]!;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await standIn.stop();
  });

  it("the alarm file's timeline names people and devices, says 119 received it, and a closed duty screen once", async () => {
    const id = await raise("住院部病区走廊");
    await timeOut(id);
    expect(standIn.incidents.get(id)).toBeDefined();
    const file = await t.request<{ timeline: Entry[] }>("GET", `/api/centre/alarms/${id}`, {
      token: await t.loginStaff("centre_op"),
    });
    expect(file.status).toBe(200);
    const tl = file.body.timeline;
    const text = JSON.stringify(tl);
    // no internal ids, no provider's raw answer, no source codes
    expect(text).not.toMatch(/device:|staff:|system:|contact:|HTTP \d|"ack"|incidentId|gb26875/);
    // the alarm raised by the unit's transmission device, named as such
    expect(tl.find((e) => e.what === "报警")?.who).toContain("用户信息传输装置");
    // 119 received it, with its incident number
    const handed = tl.filter((e) => e.what === NOTIFICATION_CHANNEL_LABEL.HANDOFF_119);
    expect(handed.length).toBeGreaterThan(0);
    expect(handed.some((e) => /^已送达 119 指挥中心（接警编号 .+）$/.test(e.detail))).toBe(true);
    // nobody had a duty screen open: said so, with what was done instead, never "失败"
    const screens = tl.filter((e) => e.what === NOTIFICATION_CHANNEL_LABEL.PUSH);
    expect(screens.length).toBeGreaterThan(0);
    for (const e of screens)
      expect(e.detail).toMatch(/^值班屏未打开，(已改用(短信|电话)(和(短信|电话))?通知|且无手机号)/);
    expect(text).not.toContain("失败");
    // the same thing again is one line, with how many times
    const keys = tl.map((e) => `${e.what}|${e.who}|${e.detail}`);
    expect(new Set(keys).size).toBe(keys.length);
    const centreOp = await t.api.db.prisma.staffUser.findFirstOrThrow({ where: { username: "centre_op" } });
    const mine = screens.filter((e) => e.who === centreOp.name);
    expect(mine).toHaveLength(1); // told at the signal and at the timeout: one line
    expect(mine[0]!.detail).toContain("（共 2 次）");
    // a time, then a space, in the wall's rendering is the page's: here the order of time is kept
    expect([...tl].sort((a, b) => a.at.localeCompare(b.at))).toEqual(tl);
  });

  it("says why a 119 attempt got no answer in words, never the provider's raw answer", () => {
    expect(failReason('HTTP 500 {"error":"boom"}')).toBe("对方返回错误（HTTP 500）");
    expect(failReason('HTTP 200 {"ack":false}')).toBe("对方收到但未确认接收");
    expect(failReason("NETWORK connect ECONNREFUSED 127.0.0.1:9")).toBe("网络不通或对方无应答");
    expect(failReason("ALERT_119_URL / ALERT_119_SECRET not configured")).toBe("未配置 119 推送地址");
  });

  it("lists the caller's verdicts of the last 24 h, closed false alarms included, the open ones not", async () => {
    const op = await t.loginStaff("yy_zhiban1");
    const lateId = await raise("住院楼 5 层");
    await timeOut(lateId); // reported to 119 by the timeout, then found to be a false alarm
    const falseId = await raise("后勤楼 1 层厨房");
    const waitingId = await raise("门诊楼 2 层");
    for (const [id, cause] of [
      [falseId, "油烟：厨房炒菜"],
      [lateId, "水汽、粉尘"],
    ] as const) {
      const r = await t.request("POST", `/api/centre/alarms/${id}/verdict`, {
        token: await t.loginStaff("yy_zhiban1"),
        body: { verdict: "FALSE_ALARM", cause },
      });
      expect(r.status).toBe(200);
    }
    const list = await t.request<Verdicts>("GET", "/api/centre/verdicts", { token: await t.loginStaff("yy_zhiban1") });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((x) => x.id);
    expect(ids).toContain(falseId);
    expect(ids).not.toContain(waitingId); // waiting: on the board only
    expect(list.body.items.find((x) => x.id === falseId)).toMatchObject({
      verdict: "FALSE_ALARM",
      verdictCause: "油烟：厨房炒菜",
      closed: true,
      report119: false,
    });
    expect(list.body.items.find((x) => x.id === lateId)).toMatchObject({ closed: true, report119: true });
    // the board has the waiting one and neither closed one: each alarm in one list
    const board = await t.request<{ items: { id: string }[] }>("GET", "/api/centre/board", { token: op });
    const open = board.body.items.map((x) => x.id);
    expect(open).toContain(waitingId);
    expect(open).not.toContain(falseId);
    expect(open).not.toContain(lateId);

    // another unit's control room sees none of them (the server's scope)
    const other = await t.request<Verdicts>("GET", "/api/centre/verdicts", {
      token: await t.loginStaff("jr_zhiban2"),
    });
    expect(other.status).toBe(200);
    expect(other.body.items.map((x) => x.id)).not.toContain(falseId);
    // the county's centre sees them
    const centre = await t.request<Verdicts>("GET", "/api/centre/verdicts?limit=100", {
      token: await t.loginStaff("centre_op"),
    });
    expect(centre.body.items.map((x) => x.id)).toEqual(expect.arrayContaining([falseId, lateId]));

    // bounded
    const token = await t.loginStaff("yy_zhiban1");
    expect((await t.request("GET", "/api/centre/verdicts?limit=101", { token })).status).toBe(400);
    expect((await t.request("GET", "/api/centre/verdicts?hours=73", { token })).status).toBe(400);
    const one = await t.request<Verdicts>("GET", "/api/centre/verdicts?limit=1", { token });
    expect(one.body.items).toHaveLength(1);

    // a day later they are no longer recent
    clock.advance(25 * 3600_000);
    t.clearTokens();
    const later = await t.request<Verdicts>("GET", "/api/centre/verdicts", {
      token: await t.loginStaff("yy_zhiban1"),
    });
    expect(later.body.items.map((x) => x.id)).not.toContain(falseId);
  });
});
