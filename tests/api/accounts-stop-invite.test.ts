// 账号管理: stopping, restoring and re-inviting an account, on both engines: a person is stopped and restored
// (never oneself, nor an account the caller does not manage) and given a new invitation code, with which they set
// a new password; each change is in the audit record; an account of no unit is left to the administrator.
import { expect, it } from "vitest";
import { describeAccounts, type ErrorBody, type Listed } from "../support/accounts.ts";

await describeAccounts(({ t, list, all, idOf, login }) => {
  it("stops a supervisor who left and restores them; nobody stops themself, nor an account they do not manage", async () => {
    const office = await t.loginStaff("programme");
    const session = await login("supervisor");
    expect(session.status).toBe(200);
    const id = await idOf("supervisor");
    const stop = await t.request<Listed>("PATCH", `/api/setup/staff/${id}`, { token: office, body: { active: false } });
    expect(stop.status).toBe(200);
    expect(stop.body.active).toBe(false);
    expect((await t.request("GET", "/api/me", { token: session.body.accessToken })).status).toBe(401);
    expect((await login("supervisor")).status).toBe(401);
    const stopped = await list("programme", "?active=0&role=FIRE_SUPERVISOR");
    expect(stopped.body.items.map((s) => s.username)).toContain("supervisor");
    expect((await list("programme", "?active=1&role=FIRE_SUPERVISOR")).body.items.map((s) => s.username)).not.toContain(
      "supervisor",
    );
    // a stopped account gets no new code until restored
    const early = await t.request<ErrorBody>("POST", `/api/setup/staff/${id}/invite`, { token: office });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain("已停用");

    const restore = await t.request<Listed>("PATCH", `/api/setup/staff/${id}`, {
      token: office,
      body: { active: true },
    });
    expect(restore.status).toBe(200);
    expect((await login("supervisor")).status).toBe(200);
    const audit = await t.api.db.prisma.auditEvent.findMany({
      where: { subject: `staff:${id}` },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["staff.disabled", "staff.enabled"]);

    const self = await t.request<ErrorBody>("PATCH", `/api/setup/staff/${await idOf("programme")}`, {
      token: office,
      body: { active: false },
    });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain("不能停用自己的账号");
    const onAdmin = await t.request<ErrorBody>("PATCH", `/api/setup/staff/${await idOf("admin")}`, {
      token: office,
      body: { active: false },
    });
    expect(onAdmin.status).toBe(404);
    expect(onAdmin.body.error.message).toContain("找不到该账号");
    expect((await login("admin")).status).toBe(200);
  });

  it("gives someone who forgot their password a new code, with which they set a new one", async () => {
    const admin = await t.loginStaff("admin");
    const id = await idOf("coordinator");
    const code = await t.request<{ code: string; expiresAt: string }>("POST", `/api/setup/staff/${id}/invite`, {
      token: admin,
    });
    expect(code.status).toBe(201);
    expect(code.body.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const accepted = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code: code.body.code, password: "Xie-tiao 2027!" },
    });
    expect(accepted.status).toBe(200);
    expect((await login("coordinator", "Xie-tiao 2027!")).status).toBe(200);
    expect((await login("coordinator")).status).toBe(401);
    // used once
    const again = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code: code.body.code, password: "Xie-tiao 2028!" },
    });
    expect(again.status).toBe(400);
    const audit = await t.api.db.prisma.auditEvent.findMany({ where: { subject: `staff:${id}` } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([["staff.invite_reissued", `staff:${await idOf("admin")}`]]);
    expect(JSON.stringify(audit)).not.toContain(code.body.code);
  });

  it("leaves an account of no unit to the administrator: no unit's responsible person may take it over", async () => {
    // a control-room operator whose units were all taken away (moved on, the unit closed)
    const orphan = await t.api.db.prisma.staffUser.create({
      data: {
        username: "orphan_zhiban",
        name: "无单位值班员",
        phone: "13900000999",
        role: "CONTROL_ROOM_OPERATOR",
      },
    });
    const zeren = await t.loginStaff("yy_zeren");
    expect((await all("yy_zeren")).map((s) => s.username)).not.toContain("orphan_zhiban");
    const code = await t.request<ErrorBody>("POST", `/api/setup/staff/${orphan.id}/invite`, { token: zeren });
    expect(code.status).toBe(404);
    const stop = await t.request<ErrorBody>("PATCH", `/api/setup/staff/${orphan.id}`, {
      token: zeren,
      body: { active: false },
    });
    expect(stop.status).toBe(404);
    // the administrator finds it and may give it a code
    expect((await all("admin")).map((s) => s.username)).toContain("orphan_zhiban");
    const byAdmin = await t.request("POST", `/api/setup/staff/${orphan.id}/invite`, {
      token: await t.loginStaff("admin"),
    });
    expect(byAdmin.status).toBe(201);
  });
});
