// The duty roster, on SQLite and PostgreSQL: managers edit their company's shifts with the rules (end after
// start, at most 24 h, a person of the same company, no overlap for one person), staff read, another
// company's shifts are out of sight (404), and the escalation chain's 60-second step calls whoever the
// roster says is on duty (a shift entered through the API, after the demo's shift was removed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { countyDate } from "../../api/src/shared/county-time.ts";
import { providers } from "../support/databases.ts";
import type { TestApi } from "../support/test-api.ts";
import {
  advance,
  DAYTIME,
  deviceSays,
  newDevice,
  openAlarm,
  rowsOf,
  startNotifyApi,
  startProviders,
  type Providers,
} from "./escalation-support.ts";

interface Shift {
  id: string;
  staffUserId: string;
  staffName: string;
  startsAt: string;
  endsAt: string;
  onDutyNow: boolean;
}
const H = 3600_000;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`duty roster on ${provider}`, () => {
    let p: Providers;
    let t: TestApi;
    const clock = new ManualClock(DAYTIME);
    const ids: Record<string, { id: string; phone: string; companyId: string | null }> = {};

    beforeAll(async () => {
      p = await startProviders();
      t = await startNotifyApi(p, clock, { provider });
      for (const u of ["manager_a", "staff_a", "manager_b"]) {
        const s = await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username: u } });
        ids[u] = { id: s.id, phone: s.phone!, companyId: s.propertyCompanyId };
      }
    });
    afterAll(async () => {
      await t?.close();
      await p?.stop();
    });

    const at = (hoursFromNow: number) => new Date(clock.now().getTime() + hoursFromNow * H).toISOString();
    const add = async (who: string, body: Record<string, unknown>) =>
      t.request<Shift & { error: { code: string; message: string } }>("POST", "/api/roster", {
        token: await t.loginStaff(who),
        body,
      });
    const list = async (who: string, from = at(-48), to = at(24 * 8), extra = "") =>
      t.request<{ items: Shift[]; propertyCompanyId: string }>(
        "GET",
        `/api/roster?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${extra}`,
        { token: await t.loginStaff(who) },
      );

    it("says whose roster each may open, the county's today and who edits (the console's 值班表)", async () => {
      type Overview = { companies: { id: string; name: string }[]; today: string; canEdit: boolean };
      const view = async (who: string) =>
        (await t.request<Overview>("GET", "/api/roster/companies", { token: await t.loginStaff(who) })).body;
      const today = countyDate(clock.now());
      const manager = await view("manager_a");
      expect(manager).toMatchObject({ today, canEdit: true });
      expect(manager.companies.map((c) => c.id)).toEqual([ids.manager_a!.companyId]);
      expect(await view("staff_a")).toMatchObject({ today, canEdit: false, companies: manager.companies });
      const admin = await view("admin");
      expect(admin.canEdit).toBe(true);
      expect(admin.companies.map((c) => c.id)).toEqual(
        expect.arrayContaining([ids.manager_a!.companyId, ids.manager_b!.companyId]),
      );
    });

    it("a manager adds, changes and removes shifts; staff read them; the rules are enforced", async () => {
      const made = await add("manager_a", { staffUserId: ids.manager_a!.id, startsAt: at(30), endsAt: at(38) });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        staffUserId: ids.manager_a!.id,
        staffName: "刘经理",
        onDutyNow: false,
        startsAt: at(30),
        endsAt: at(38),
      });

      const refusals: [string, Record<string, unknown>, number, string][] = [
        ["end before start", { staffUserId: ids.manager_a!.id, startsAt: at(50), endsAt: at(49) }, 400, "晚于"],
        ["end equal to start", { staffUserId: ids.manager_a!.id, startsAt: at(50), endsAt: at(50) }, 400, "晚于"],
        ["longer than 24 h", { staffUserId: ids.manager_a!.id, startsAt: at(50), endsAt: at(74.5) }, 400, "24"],
        [
          "overlapping the same person",
          { staffUserId: ids.manager_a!.id, startsAt: at(37), endsAt: at(40) },
          409,
          "已有班次",
        ],
        [
          "inside the demo's long shift of staff_a",
          { staffUserId: ids.staff_a!.id, startsAt: at(30), endsAt: at(38) },
          409,
          "已有班次",
        ],
        [
          "a person of another company",
          { staffUserId: ids.manager_b!.id, startsAt: at(50), endsAt: at(52) },
          400,
          "本物业公司",
        ],
        ["not a time", { staffUserId: ids.manager_a!.id, startsAt: "tomorrow", endsAt: at(52) }, 400, ""],
      ];
      for (const [label, body, status, text] of refusals) {
        const r = await add("manager_a", body);
        expect(r.status, label).toBe(status);
        expect(r.body.error.message, label).toContain(text);
      }
      // back to back is not an overlap
      const next = await add("manager_a", { staffUserId: ids.manager_a!.id, startsAt: at(38), endsAt: at(46) });
      expect(next.status).toBe(201);

      // staff read, but may not edit
      const seen = await list("staff_a");
      expect(seen.status).toBe(200);
      expect(seen.body.items.map((s) => [s.staffName, s.startsAt, s.onDutyNow])).toEqual([
        ["陈师傅", expect.any(String), true], // the demo's shift around now
        ["刘经理", at(30), false],
        ["刘经理", at(38), false],
      ]);
      expect((await add("staff_a", { staffUserId: ids.staff_a!.id, startsAt: at(60), endsAt: at(62) })).status).toBe(
        403,
      );
      expect(
        (await t.request("DELETE", `/api/roster/${made.body.id}`, { token: await t.loginStaff("staff_a") })).status,
      ).toBe(403);

      // change: moving it onto the person's next shift is refused, a valid move is kept
      const token = await t.loginStaff("manager_a");
      const clash = await t.request<{ error: { code: string } }>("PATCH", `/api/roster/${made.body.id}`, {
        token,
        body: { endsAt: at(39) },
      });
      expect(clash.status).toBe(409);
      const moved = await t.request<Shift>("PATCH", `/api/roster/${made.body.id}`, {
        token,
        body: { startsAt: at(31) },
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ startsAt: at(31), endsAt: at(38) });
      expect(
        (await t.request("PATCH", `/api/roster/${made.body.id}`, { token, body: { startsAt: at(39) } })).status,
      ).toBe(400);
      expect((await t.request("DELETE", `/api/roster/${made.body.id}`, { token })).status).toBe(204);
      expect((await list("manager_a")).body.items.map((s) => s.id)).not.toContain(made.body.id);
    });

    it("overlapping shifts for one person added at the same moment: exactly one is kept", async () => {
      const token = await t.loginStaff("manager_a");
      // eight requests at once, each overlapping all the others (hours 200-208 shifted by 15 minutes each)
      const tries = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.request<Shift>("POST", "/api/roster", {
            token,
            body: { staffUserId: ids.manager_a!.id, startsAt: at(200 + i / 4), endsAt: at(208 + i / 4) },
          }),
        ),
      );
      expect(tries.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      const kept = await t.api.db.prisma.dutyShift.findMany({
        where: { staffUserId: ids.manager_a!.id, startsAt: { gte: new Date(at(199)) } },
      });
      expect(kept).toHaveLength(1);
      await t.request("DELETE", `/api/roster/${kept[0]!.id}`, { token });
    });

    it("company B sees none of company A's shifts and cannot change them (404); an admin names the company", async () => {
      const a = await add("manager_a", { staffUserId: ids.manager_a!.id, startsAt: at(100), endsAt: at(108) });
      expect(a.status).toBe(201);
      const b = await list("manager_b");
      expect(b.status).toBe(200);
      expect(b.body.propertyCompanyId).toBe(ids.manager_b!.companyId);
      expect(b.body.items).toEqual([]);
      expect(
        (await list("manager_b", at(-48), at(24 * 8), `&propertyCompanyId=${ids.manager_a!.companyId}`)).status,
      ).toBe(404);
      const tokenB = await t.loginStaff("manager_b");
      expect(
        (await t.request("PATCH", `/api/roster/${a.body.id}`, { token: tokenB, body: { startsAt: at(101) } })).status,
      ).toBe(404);
      expect((await t.request("DELETE", `/api/roster/${a.body.id}`, { token: tokenB })).status).toBe(404);
      expect(
        (await add("manager_b", { staffUserId: ids.staff_a!.id, startsAt: at(120), endsAt: at(122) })).status,
      ).toBe(400);
      const people = await t.request<{ items: { id: string }[] }>("GET", "/api/roster/staff", { token: tokenB });
      expect(people.body.items.map((x) => x.id)).toEqual([ids.manager_b!.id]);

      expect((await list("admin")).status).toBe(400);
      const byAdmin = await list("admin", at(-48), at(24 * 8), `&propertyCompanyId=${ids.manager_a!.companyId}`);
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.items.map((s) => s.id)).toContain(a.body.id);
      expect(
        (
          await t.request(
            "GET",
            `/api/roster?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(24 * 70))}`,
            { token: await t.loginStaff("manager_a") },
          )
        ).status,
      ).toBe(400);
    });

    it("the escalation's 60 s step calls the person the roster puts on duty", async () => {
      const token = await t.loginStaff("manager_a");
      // the demo keeps staff_a on duty around the clock: take that shift off, put manager_a on now
      const now = await list("manager_a", at(-1), at(1));
      const current = now.body.items.filter((s) => s.onDutyNow);
      expect(current.map((s) => s.staffUserId)).toEqual([ids.staff_a!.id]);
      for (const s of current) expect((await t.request("DELETE", `/api/roster/${s.id}`, { token })).status).toBe(204);
      const shift = await add("manager_a", { staffUserId: ids.manager_a!.id, startsAt: at(-2), endsAt: at(6) });
      expect(shift.status).toBe(201);
      expect(shift.body.onDutyNow).toBe(true);
      const people = await t.request<{ items: { id: string; onDutyNow: boolean }[] }>("GET", "/api/roster/staff", {
        token,
      });
      expect(people.body.items.filter((x) => x.onDutyNow).map((x) => x.id)).toEqual([ids.manager_a!.id]);

      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      const dispatchable = await t.request<{ items: { id: string; onDuty: boolean }[] }>(
        "GET",
        `/api/alarms/${alarm.id}/dispatchable`,
        { token },
      );
      expect(dispatchable.body.items[0]).toMatchObject({ id: ids.manager_a!.id, onDuty: true });

      await advance(t, clock, 60_000);
      const rows = await rowsOf(t, alarm.id);
      const staffRows = rows.filter((r) => r.recipient.startsWith("staff:"));
      expect(new Set(staffRows.map((r) => r.recipient))).toEqual(new Set([`staff:${ids.manager_a!.id}`]));
      const voiceIds = new Set(staffRows.filter((r) => r.channel === "VOICE").map((r) => r.id));
      expect(p.voice.calls.filter((c) => c.outId && voiceIds.has(c.outId)).map((c) => c.phone)).toEqual([
        ids.manager_a!.phone,
      ]);
    });
  });
}
