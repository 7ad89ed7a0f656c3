// 我的乡镇 (issue 14): GET /api/reports/township gives a township coordinator their own township only
// (another township's id is a 404, as every scoped id), with the coverage of the one rule (the same figures
// as the monthly dispatch's), the open alarms of its homes and networked units and none of another
// township's, and its experience centres; the brigade names a township. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import type { TownshipReport } from "../../api/src/contract/reports.ts";

const suites = await providers();

for (const { provider, skip } of suites) {
  describe.skipIf(skip !== null)(`township page on ${provider}`, () => {
    let t: TestApi;
    let coordinator = "";
    let own = { id: "", name: "" };
    let other = { id: "", name: "" };
    const alarms = { own: "", ownUnit: "", other: "" };

    beforeAll(async () => {
      t = await startTestApi({ provider });
      const p = t.api.db.prisma;
      const me = await p.staffUser.findFirstOrThrow({
        where: { username: "coordinator" },
        include: { township: true },
      });
      own = { id: me.township!.id, name: me.township!.name };
      const o = await p.township.findFirstOrThrow({ where: { id: { not: own.id } } });
      other = { id: o.id, name: o.name };
      coordinator = await t.loginStaff("coordinator");
      // an open alarm in a home of each township, and one of a networked unit of the coordinator's
      const homeIn = (townshipId: string) =>
        p.device.findFirstOrThrow({
          where: { household: { unit: { building: { community: { townshipId } } } } },
          include: { household: { include: { unit: { include: { building: true } } } } },
        });
      const now = t.api.services.clock.now();
      for (const [key, townshipId] of [
        ["own", own.id],
        ["other", other.id],
      ] as const) {
        const d = await homeIn(townshipId);
        const a = await p.alarm.create({
          data: {
            deviceId: d.id,
            householdId: d.householdId,
            communityId: d.household!.unit.building.communityId,
            kind: "TAMPER",
            severity: "MAJOR",
            startedAt: now,
            lastEventAt: now,
            point: "township-test",
          },
        });
        alarms[key] = a.id;
      }
      const unitDevice = await p.device.findFirstOrThrow({ where: { unit: { townshipId: own.id } } });
      alarms.ownUnit = (
        await p.alarm.create({
          data: {
            deviceId: unitDevice.id,
            unitId: unitDevice.unitId,
            kind: "FAULT",
            severity: "MAJOR",
            startedAt: now,
            lastEventAt: now,
            location: "门诊楼 3层",
            source: "gb26875",
            point: "township-test",
          },
        })
      ).id;
    });
    afterAll(() => t?.close());

    it("gives a coordinator their township: its communities, households and devices", async () => {
      const res = await t.request<TownshipReport>("GET", "/api/reports/township", { token: coordinator });
      expect(res.status).toBe(200);
      const r = res.body;
      expect(r.township).toEqual(own);
      const p = t.api.db.prisma;
      const communities = await p.community.findMany({ where: { townshipId: own.id }, select: { id: true } });
      expect(r.communities.map((c) => c.id).sort()).toEqual(communities.map((c) => c.id).sort());
      expect(r.communities.length).toBeGreaterThan(0);
      for (const c of r.communities) {
        expect(c.households, c.name).toBe(
          await p.household.count({ where: { unit: { building: { communityId: c.id } } } }),
        );
        expect(c.devices.online).toBeLessThanOrEqual(c.devices.total);
      }
      expect(r.totals.households).toBe(
        await p.household.count({ where: { unit: { building: { community: { townshipId: own.id } } } } }),
      );
      expect(r.totals.households).toBeGreaterThan(0);
      // the same township asked for by its id is the same page
      const again = await t.request<TownshipReport>("GET", `/api/reports/township?township=${own.id}`, {
        token: coordinator,
      });
      expect(again.status).toBe(200);
      expect(again.body.township.id).toBe(own.id);
    });

    it("counts coverage by the one rule: the monthly dispatch's figures for the township", async () => {
      const r = (await t.request<TownshipReport>("GET", "/api/reports/township", { token: coordinator })).body;
      const d = (
        await t.request<{ coverage: { townships: { id: string; households: number; covered: number }[] } }>(
          "GET",
          "/api/dispatch/monthly",
          { token: coordinator },
        )
      ).body;
      const theirs = d.coverage.townships.find((x) => x.id === own.id);
      expect(theirs).toBeDefined();
      expect(theirs!.households).toBeGreaterThan(0);
      expect(r.totals.coverage.households).toBe(theirs!.households);
      expect(r.totals.coverage.covered).toBe(theirs!.covered);
      expect(r.coverageRule).toContain("感烟");
    });

    it("lists the open alarms of the township's homes and units, never another township's", async () => {
      const r = (await t.request<TownshipReport>("GET", "/api/reports/township", { token: coordinator })).body;
      const ids = r.openAlarms.items.map((a) => a.id);
      expect(ids).toContain(alarms.own);
      expect(ids).toContain(alarms.ownUnit);
      expect(ids).not.toContain(alarms.other);
      expect(r.openAlarms.items.find((a) => a.id === alarms.ownUnit)?.place).toContain("门诊楼 3层");
      const withAlarm = r.communities.filter((c) => c.openAlarms > 0);
      expect(withAlarm.length).toBeGreaterThan(0);
    });

    it("shows the township's experience centres", async () => {
      const r = (await t.request<TownshipReport>("GET", "/api/reports/township", { token: coordinator })).body;
      const p = t.api.db.prisma;
      const expected = await p.centre.findMany({
        where: { active: true, OR: [{ townshipId: own.id }, { runByTownshipId: own.id }] },
        select: { id: true },
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(r.centres.items.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
      expect(r.centres.items.some((c) => c.sessionsAhead > 0)).toBe(true);
    });

    it("answers 404 for another township's id, and the brigade may name any", async () => {
      const refused = await t.request<{ error: { code: string } }>(
        "GET",
        `/api/reports/township?township=${other.id}`,
        { token: coordinator },
      );
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe("NOT_FOUND");
      const supervisor = await t.loginStaff("supervisor");
      const theirs = await t.request<TownshipReport>("GET", `/api/reports/township?township=${other.id}`, {
        token: supervisor,
      });
      expect(theirs.status).toBe(200);
      expect(theirs.body.township).toEqual(other);
      expect(theirs.body.openAlarms.items.map((a) => a.id)).toContain(alarms.other);
      expect(theirs.body.openAlarms.items.map((a) => a.id)).not.toContain(alarms.own);
      const missing = await t.request("GET", "/api/reports/township?township=no-such-township", { token: supervisor });
      expect(missing.status).toBe(404);
    });
  });
}
