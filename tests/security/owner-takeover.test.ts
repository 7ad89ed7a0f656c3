// Issue 12 item 2, as the attack: property staff issued an OWNER invitation for a home that had an owner; the
// stranger who redeemed it became owner and removed the real owner, who then got 404 for his own home and
// with it lost his fire alarms. Now a home's owner is replaced only by that owner (a hand-over) or by an
// ADMIN with a recorded reason, and the owner is told. Runs on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Err = { error: { code: string; message: string } };
type Detail = { role: string | null; members: { id: string; residentId: string; role: string }[] };

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip)(`home ownership on ${provider} (issue 12 item 2)`, () => {
    let t: TestApi;
    beforeAll(async () => {
      t = await startTestApi({ provider });
    });
    afterAll(() => t?.close());

    const zhangsanHome = () => t.demo.residents.find((r) => r.key === "zhangsan")!.households[0]!.id;
    const residentId = async (key: string) =>
      (await t.request<{ id: string }>("GET", "/api/me", { token: await t.loginResident(key) })).body.id;
    const detail = async (key: string, home: string) =>
      t.request<Detail>("GET", `/api/households/${home}`, { token: await t.loginResident(key) });
    const noticesTo = (resident: string) =>
      t.api.db.prisma.notification.findMany({
        where: { recipient: `resident:${resident}`, template: "NOTICE" },
      });

    it("the attack: property staff's owner invitation for a home with an owner is refused; the owner keeps his home", async () => {
      const home = zhangsanHome();
      for (const staff of ["staff_a", "manager_a"]) {
        const invite = await t.request<Err>("POST", `/api/households/${home}/invites`, {
          token: await t.loginStaff(staff),
          body: { role: "OWNER" },
        });
        expect(invite.status, staff).toBe(403);
        expect(invite.body.error.message).toMatch(/已有户主/);
      }
      // nor can they take the owner out of the home
      const owner = (await detail("zhangsan", home)).body.members.find((m) => m.role === "OWNER")!;
      const removed = await t.request<Err>("DELETE", `/api/households/${home}/members/${owner.id}`, {
        token: await t.loginStaff("manager_a"),
      });
      expect(removed.status).toBe(403);
      const mine = await detail("zhangsan", home);
      expect(mine.status).toBe(200);
      expect(mine.body.role).toBe("OWNER");
    });

    it("staff cannot join anyone to a home with an owner as family or tenant; in a home with none they can", async () => {
      const home = zhangsanHome();
      for (const [staff, role] of [
        ["staff_a", "FAMILY"],
        ["manager_a", "TENANT"],
        ["admin", "FAMILY"],
      ] as const) {
        const invite = await t.request<Err>("POST", `/api/households/${home}/invites`, {
          token: await t.loginStaff(staff),
          body: { role },
        });
        expect(invite.status, `${staff} ${role}`).toBe(403);
        expect(invite.body.error.message).toMatch(/由户主在小程序里邀请/);
      }
      expect(
        await t.api.db.prisma.householdInvite.count({
          where: { householdId: home, createdBy: { startsWith: "staff:" } },
        }),
      ).toBe(0);
      // the owner still can
      const own = await t.request<{ code: string }>("POST", `/api/households/${home}/invites`, {
        token: await t.loginResident("zhangsan"),
        body: { role: "FAMILY" },
      });
      expect(own.status).toBe(201);
      // a home nobody has claimed yet: the property office may register its tenant
      const unclaimed = t.demo.ownerInvites[0]!.householdId;
      const tenant = await t.request<{ code: string }>("POST", `/api/households/${unclaimed}/invites`, {
        token: await t.loginStaff("staff_a"),
        body: { role: "TENANT" },
      });
      expect(tenant.status).toBe(201);
      const joined = await t.request<{ role: string }>("POST", "/api/households/join", {
        token: await t.loginResident("renter"),
        body: { code: tenant.body.code },
      });
      expect(joined.status).toBe(200);
      expect(joined.body.role).toBe("TENANT");
    });

    it("an ADMIN may transfer a home only with a reason; the owner is told at once and the change is recorded", async () => {
      const home = t.demo.residents.find((r) => r.key === "wangwu")!.households[0]!.id;
      const admin = await t.loginStaff("admin");
      const bare = await t.request<Err>("POST", `/api/households/${home}/invites`, {
        token: admin,
        body: { role: "OWNER" },
      });
      expect(bare.status).toBe(400);
      const wangwu = await residentId("wangwu");
      const invite = await t.request<{ code: string; replacesOwner: boolean }>(
        "POST",
        `/api/households/${home}/invites`,
        { token: admin, body: { role: "OWNER", reason: "已核实房产证：原户主已过户给新业主" } },
      );
      expect(invite.status).toBe(201);
      expect(invite.body.replacesOwner).toBe(true);
      const told = await noticesTo(wangwu);
      expect(told.length).toBeGreaterThanOrEqual(1);
      expect(told.map((n) => JSON.parse(n.payload).content.note).join()).toMatch(/已核实房产证/);

      const buyer = await t.loginResident("buyer");
      const join = await t.request<{ role: string }>("POST", "/api/households/join", {
        token: buyer,
        body: { code: invite.body.code },
      });
      expect(join.body.role).toBe("OWNER");
      const after = await detail("wangwu", home);
      expect(after.status).toBe(200); // still in the home (as family), still hears its fire alarms
      expect(after.body.role).toBe("FAMILY");
      expect((await noticesTo(wangwu)).length).toBeGreaterThan(told.length);
      const audit = await t.api.services.audit.of(`household:${home}`);
      expect(audit.map((a) => a.action)).toEqual(["household.owner_changed", "household.owner_invited"]);
      expect(audit[1]!.actor).toMatch(/^staff:/);
      expect(audit[1]!.note).toMatch(/房产证/);
    });

    it("the owner hands the home over himself; a second, stale owner invitation is refused", async () => {
      const home = t.demo.residents.find((r) => r.key === "zhaoliu")!.households[0]!.id;
      // zhaoliu is a tenant there: the home's owner is whoever claims it first
      const claim = await t.request<{ code: string }>("POST", `/api/households/${home}/invites`, {
        token: await t.loginStaff("admin"),
        body: { role: "OWNER" },
      });
      const first = await t.loginResident("firstowner");
      expect(
        (
          await t.request<{ role: string }>("POST", "/api/households/join", {
            token: first,
            body: { code: claim.body.code },
          })
        ).body.role,
      ).toBe("OWNER");
      await t.api.db.prisma.resident.update({
        where: { id: await residentId("firstowner") },
        data: { phone: "13900000077" }, // confirmed in WeChat: reachable by SMS
      });
      const handOver = () =>
        t.request<{ code: string }>("POST", `/api/households/${home}/invites`, {
          token: first,
          body: { role: "OWNER" },
        });
      const [a, b] = [await handOver(), await handOver()];
      expect(a.status).toBe(201);
      const next = await t.loginResident("nextowner");
      expect(
        (
          await t.request<{ role: string }>("POST", "/api/households/join", {
            token: next,
            body: { code: a.body.code },
          })
        ).body.role,
      ).toBe("OWNER");
      const told = await noticesTo(await residentId("firstowner"));
      expect(told.map((n) => n.channel)).toEqual(["SMS"]);
      // his second code names him as the owner it replaces; he no longer is, so it is stale
      const stale = await t.request<Err>("POST", "/api/households/join", {
        token: await t.loginResident("latecomer"),
        body: { code: b.body.code },
      });
      expect(stale.status).toBe(400);
      expect(stale.body.error.code).toBe("INVITE_INVALID");
    });

    it("two claim codes for an unclaimed home: the second is refused once the first made an owner", async () => {
      const [invite] = t.demo.ownerInvites.slice(-1);
      const home = invite!.householdId;
      // a second claim code for the same home, as the seed writes them
      const { code } = await t.api.db.prisma.householdInvite.create({
        data: {
          householdId: home,
          code: `RACE${Date.now().toString(36).toUpperCase()}`.slice(0, 12),
          role: "OWNER",
          createdBy: "system:test",
          expiresAt: new Date(Date.now() + 3600_000),
        },
      });
      const a = t.request<{ role: string }>("POST", "/api/households/join", {
        token: await t.loginResident("racer1"),
        body: { code: invite!.code },
      });
      const b = t.request<Err>("POST", "/api/households/join", {
        token: await t.loginResident("racer2"),
        body: { code },
      });
      const results = await Promise.all([a, b]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      const owners = await t.api.db.prisma.householdMember.count({
        where: { householdId: home, role: "OWNER" },
      });
      expect(owners).toBe(1);
    });
  });
}
