// A person who leaves a unit is stopped (停用) by whoever manages them (the invitations page's scope): signed
// out at once, refused at sign-in, no longer on the unit's fire calls or duty checks; restarted (恢复), they
// sign in again. Another unit's responsible person cannot reach them (not found), nobody stops themself, a unit
// keeps one enabled responsible person, and each change is in the audit record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Account {
  id: string;
  username: string;
  role: string;
  active: boolean;
}
type ErrorBody = { error: { code: string; message: string } };

let t: TestApi;
const unitId = (key: string) => t.demo.units!.find((u) => u.key === key)!.id;
const password = (username: string) => t.demo.staff.find((x) => x.username === username)!.password;
const login = (username: string) =>
  t.request<{ accessToken: string; refreshToken: string } & ErrorBody>("POST", "/api/auth/staff/login", {
    body: { username, password: password(username) },
  });
const setActive = (token: string, id: string, active: boolean) =>
  t.request<Account & ErrorBody>("PATCH", `/api/setup/staff/${id}`, { token, body: { active } });

async function team(username: string, unit: string): Promise<Account[]> {
  const r = await t.request<{ items: Account[] }>("GET", `/api/setup/units/${unitId(unit)}/staff`, {
    token: await t.loginStaff(username),
  });
  expect(r.status).toBe(200);
  return r.body.items;
}
const idOf = async (username: string) =>
  (await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username } })).id;

/** Notifications written to one person so far. */
const sentTo = (staffId: string) => t.api.db.prisma.notification.count({ where: { recipient: `staff:${staffId}` } });

/** A fire signal in the hospital, its countdown started: the control room's operators are called. */
async function hospitalFire(n: number): Promise<void> {
  const p = t.api.db.prisma;
  await p.deviceModel.upsert({
    where: { id: "AX-TEST-SD" },
    create: { id: "AX-TEST-SD", kind: "SMOKE_ALARM", vendor: "安心", name: "测试烟感", heartbeatIntervalSec: 3600 },
    update: {},
  });
  const device = await p.device.create({
    data: {
      id: `leaver-sd-${n}`,
      serial: `leaver-sd-${n}`,
      modelId: "AX-TEST-SD",
      secretHash: "x",
      unitId: unitId("yy"),
    },
  });
  const now = new Date();
  const alarm = await p.alarm.create({
    data: {
      deviceId: device.id,
      unitId: unitId("yy"),
      location: "门诊楼 2 层",
      kind: "FIRE",
      severity: "CRITICAL",
      startedAt: now,
      lastEventAt: now,
    },
  });
  // the centre's sweep may have started it already: its messages are keyed, written once either way
  await t.api.services.centre.service.startCountdown(alarm.id);
}

beforeAll(async () => {
  t = await startTestApi();
}, 120_000);
afterAll(() => t?.close());

describe("stopping and restarting a unit's person", () => {
  it("the responsible person stops an operator who left: signed out, refused, no longer called; restarted, signs in", async () => {
    const boss = await t.loginStaff("yy_zeren");
    const leaver = (await team("yy_zeren", "yy")).find((s) => s.username === "yy_zhiban1")!;
    expect(leaver).toMatchObject({ role: "CONTROL_ROOM_OPERATOR", active: true });
    const other = await idOf("yy_zhiban2");
    const session = await login("yy_zhiban1");
    expect(session.status).toBe(200);
    expect((await t.request("GET", "/api/me", { token: session.body.accessToken })).status).toBe(200);

    const stop = await setActive(boss, leaver.id, false);
    expect(stop.status).toBe(200);
    expect(stop.body.active).toBe(false);
    expect((await team("yy_zeren", "yy")).find((s) => s.id === leaver.id)?.active).toBe(false);

    // the token issued before is refused at once, and so is its refresh token and a new sign-in
    const me = await t.request<ErrorBody>("GET", "/api/me", { token: session.body.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("TOKEN_INVALID");
    const refreshed = await t.request("POST", "/api/auth/refresh", {
      body: { refreshToken: session.body.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const again = await login("yy_zhiban1");
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("INVALID_CREDENTIALS");

    // a fire in the hospital and a duty check call the operator still there, not the one who left
    const [leaverBefore, otherBefore] = [await sentTo(leaver.id), await sentTo(other)];
    await hospitalFire(1);
    const check = await t.request("POST", "/api/centre/duty-checks", {
      token: await t.loginStaff("centre_op"),
      body: { unitId: unitId("yy") },
    });
    expect(check.status).toBe(201);
    expect(await sentTo(other)).toBeGreaterThan(otherBefore);
    expect(await sentTo(leaver.id)).toBe(leaverBefore);

    // restarted: the old session stays ended, a new sign-in works, and the calls reach them again
    const start = await setActive(boss, leaver.id, true);
    expect(start.status).toBe(200);
    expect(start.body.active).toBe(true);
    expect((await t.request("GET", "/api/me", { token: session.body.accessToken })).status).toBe(401);
    const back = await login("yy_zhiban1");
    expect(back.status).toBe(200);
    expect((await t.request("GET", "/api/me", { token: back.body.accessToken })).status).toBe(200);
    const restarted = await sentTo(leaver.id);
    await hospitalFire(2);
    expect(await sentTo(leaver.id)).toBeGreaterThan(restarted);

    // who did it, and when, is on the record
    const audit = await t.api.db.prisma.auditEvent.findMany({
      where: { subject: `staff:${leaver.id}` },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["staff.disabled", `staff:${await idOf("yy_zeren")}`],
      ["staff.enabled", `staff:${await idOf("yy_zeren")}`],
    ]);
  });

  it("another unit's responsible person, or a person outside the team, cannot reach them: not found", async () => {
    const target = await idOf("yy_zhiban2");
    for (const username of ["yz_zeren", "yy_anquan", "coordinator"]) {
      const r = await setActive(await t.loginStaff(username), target, false);
      expect([403, 404], username).toContain(r.status);
      if (r.status === 404) expect(r.body.error.code).toBe("NOT_FOUND");
    }
    const foreign = await setActive(await t.loginStaff("yz_zeren"), target, false);
    expect(foreign.status).toBe(404);
    // a unit's manager cannot stop the responsible person above them either
    const up = await setActive(await t.loginStaff("yy_guanli"), await idOf("yy_zeren"), false);
    expect(up.status).toBe(404);
    expect((await login("yy_zhiban2")).status).toBe(200);
    expect((await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { id: target } })).active).toBe(true);
  });

  it("nobody stops themself", async () => {
    for (const username of ["yy_guanli", "admin"]) {
      const r = await setActive(await t.loginStaff(username), await idOf(username), false);
      expect(r.status, username).toBe(409);
      expect(r.body.error.message).toContain("不能停用自己的账号");
    }
    expect((await login("yy_guanli")).status).toBe(200);
  });

  it("a unit keeps one enabled responsible person: the last is stopped only once a successor is added", async () => {
    const admin = await t.loginStaff("admin");
    const zeren = await idOf("jly_zeren");
    const refused = await setActive(admin, zeren, false);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("至少要保留一名启用的单位责任人");
    expect((await login("jly_zeren")).status).toBe(200);

    const successor = await t.request("POST", "/api/setup/staff", {
      token: admin,
      body: { username: "jly_zeren2", name: "接任 责任人", role: "UNIT_RESPONSIBLE", unitIds: [unitId("jly")] },
    });
    expect(successor.status).toBe(201);
    const stop = await setActive(admin, zeren, false);
    expect(stop.status).toBe(200);
    expect((await login("jly_zeren")).status).toBe(401);
  });
});
