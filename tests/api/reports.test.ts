// Reports (issue 8): the figures agree with what the database holds for the demo county after a few
// alarms raised by simulated devices and handled through the API; the xlsx carries the same figures as the
// JSON; a property company sees only its own communities.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { providers } from "../support/databases.ts";
import { covers } from "../../api/src/modules/dispatch/coverage.ts";
import { countyDate } from "../../api/src/shared/county-time.ts";
import type { CompanyReport, CountyReport, MonthlyReport } from "../../api/src/contract/reports.ts";
import { MONTHLY_COLUMNS, monthlyRow } from "../../api/src/modules/reports/monthly-xlsx.ts";

const suites = await providers();

for (const { provider, skip } of suites) {
  describe.skipIf(skip !== null)(`reports on ${provider}`, () => {
    let t: TestApi;
    let n = 0;

    async function raise(deviceId: string): Promise<string> {
      await t.api.services.ingest.submit(
        deviceId,
        JSON.stringify({ id: `r-${++n}`, ts: Date.now(), type: "smoke_alarm" }),
        "test",
      );
      await t.api.services.ingest.drain();
      const a = await t.api.db.prisma.alarm.findFirst({ where: { deviceId, kind: "FIRE", openSlot: "OPEN" } });
      if (!a) throw new Error(`no alarm for ${deviceId}`);
      return a.id;
    }

    async function deviceIn(community: string): Promise<string> {
      const d = await t.api.db.prisma.device.findFirst({
        where: { householdId: { not: null }, community: { name: community } },
        orderBy: { id: "asc" },
      });
      return d!.id;
    }

    const month = () => countyDate(new Date()).slice(0, 7);

    beforeAll(async () => {
      t = await startTestApi({ provider });
      const manager = await t.loginStaff("manager_a");
      const a1 = await raise(await deviceIn("幸福小区"));
      expect((await t.request("post", `/api/alarms/${a1}/ack`, { token: manager, body: {} })).status).toBe(200);
      expect(
        (await t.request("post", `/api/alarms/${a1}/resolve`, { token: manager, body: { resolution: "FALSE_ALARM" } }))
          .status,
      ).toBe(200);
      await raise(await deviceIn("和平花园")); // left open
      // one old high-rise home's only device went offline, another's is under maintenance: neither home counts
      const prisma = t.api.db.prisma;
      const single = await prisma.device.findMany({
        where: {
          householdId: { not: null },
          household: { unit: { building: { oldHighRise: true } }, devices: { every: { room: "客厅" } } },
        },
        orderBy: { id: "desc" },
        take: 3,
      });
      // (the demo seed reports most unclaimed homes' alarms as online: upsert over it)
      const status = (deviceId: string, data: { online: boolean; lastSeenAt: Date; battery?: number }) =>
        prisma.deviceStatus.upsert({ where: { deviceId }, create: { deviceId, ...data }, update: data });
      await status(single[0]!.id, { online: false, lastSeenAt: new Date(Date.now() - 86_400_000) });
      await prisma.device.update({ where: { id: single[1]!.id }, data: { mode: "MAINTENANCE" } });
      await status(single[2]!.id, { online: true, lastSeenAt: new Date(), battery: 80 });
      const a3 = await raise(await deviceIn("青石新村"));
      expect(
        (await t.request("post", `/api/alarms/${a3}/resolve`, { token: manager, body: { resolution: "TEST" } })).status,
      ).toBe(200);
    });
    afterAll(() => t?.close());

    describe("county report", () => {
      it("matches the database", async () => {
        const prisma = t.api.db.prisma;
        const res = await t.request<CountyReport>("get", "/api/reports/county", {
          token: await t.loginStaff("supervisor"),
        });
        expect(res.status).toBe(200);
        const r = res.body;
        expect(r.alarms.today.fire).toBe(3);
        expect(r.alarms.month.all).toBeGreaterThanOrEqual(3);
        expect(r.devices.total).toBe(await prisma.device.count());
        expect(r.devices.online).toBe(await prisma.deviceStatus.count({ where: { online: true } }));

        // coverage counted independently: old high-rise households with a smoke alarm in service, online, sound,
        // on its base and heard within its model's heartbeat window (modules/dispatch/coverage.ts)
        const homes = await prisma.household.findMany({
          where: { unit: { building: { oldHighRise: true } } },
          include: { devices: { include: { status: true, model: true } } },
        });
        const now = new Date();
        const covered = homes.filter((h) => h.devices.some((d) => covers(d, d.model, now))).length;
        expect(covered).toBeGreaterThan(0);
        expect(r.coverage).toEqual({
          households: homes.length,
          covered,
          rate: Math.round((covered / homes.length) * 1000) / 1000,
        });
        expect(homes.filter((h) => h.devices.length > 0).length - covered).toBeGreaterThanOrEqual(2); // the offline and the maintenance home
        expect(r.coverageByTownship.reduce((s, x) => s + x.households, 0)).toBe(homes.length);
        expect(r.coverageByTownship.every((x) => x.meetsTarget === x.rate >= 0.5)).toBe(true);

        // response times: the only acknowledged-then-resolved and the resolved-without-ack alarm
        const fire = await prisma.alarm.findMany({ where: { kind: "FIRE" } });
        const acks = fire
          .flatMap((a) =>
            (a.acknowledgedAt ?? a.resolvedAt)
              ? [Math.round(((a.acknowledgedAt ?? a.resolvedAt)!.getTime() - a.startedAt.getTime()) / 1000)]
              : [],
          )
          .sort((x, y) => x - y);
        expect(r.responseTimes.alarms).toBe(3);
        expect(r.responseTimes.acknowledged).toBe(2);
        expect(r.responseTimes.resolved).toBe(2);
        expect(r.responseTimes.ackMedianSec).toBe(acks[0]);
        expect(r.responseTimes.ackP90Sec).toBe(acks[1]);
        const byCompany = Object.fromEntries(r.responseByCompany.map((c) => [c.name, c.alarms]));
        expect(byCompany).toEqual({ 安居物业: 2, 祥和物业: 1 });

        expect(r.falseAlarms).toMatchObject({
          fireAlarms: 3,
          falseAlarms: 1,
          rate: 0.333,
          flaggedDevices: 0,
          flaggedHouseholds: 0,
        });
        expect(r.falseAlarms.list.items[0]).toMatchObject({ falseAlarms: 1, maxPerDay: 1, flagged: false });
        expect(r.communities.find((c) => c.name === "和平花园")?.openAlarms).toBe(
          await prisma.alarm.count({ where: { status: { not: "RESOLVED" }, community: { name: "和平花园" } } }),
        );
      });

      it("pages and sorts the false-alarm list on the server", async () => {
        const token = await t.loginStaff("supervisor");
        const all = await t.request<CountyReport>("get", "/api/reports/county?by=household&sort=fireAlarms&limit=200", {
          token,
        });
        expect(all.body.falseAlarms.list.total).toBe(3);
        const second = await t.request<CountyReport>(
          "get",
          "/api/reports/county?by=household&sort=fireAlarms&limit=1&offset=1",
          { token },
        );
        expect(second.body.falseAlarms.list.items).toEqual([all.body.falseAlarms.list.items[1]]);
        expect((await t.request("get", "/api/reports/county?sort=nonsense", { token })).status).toBe(400);
        // response times by community: sorted on the server, communities without fire alarms last
        const byAlarms = await t.request<CountyReport>(
          "get",
          "/api/reports/county?cSort=ackMedianSec&cOrder=asc&cLimit=2",
          { token },
        );
        expect(byAlarms.body.responseByCommunity.total).toBe(3);
        expect(byAlarms.body.responseByCommunity.items.map((c) => c.name)).toEqual(
          ["青石新村", "幸福小区"].sort((a, b) => {
            const ack = (n: string) => all.body.responseByCommunity.items.find((c) => c.name === n)!.ackMedianSec!;
            return ack(a) - ack(b);
          }),
        );
      });

      it("is refused to property companies by role", async () => {
        for (const who of ["manager_a", "staff_a", "manager_b"]) {
          expect((await t.request("get", "/api/reports/county", { token: await t.loginStaff(who) })).status).toBe(403);
        }
      });
    });

    describe("company report", () => {
      it("shows a company only its own communities", async () => {
        const a = (
          await t.request<CompanyReport>("get", "/api/reports/company?limit=200", {
            token: await t.loginStaff("staff_a"),
          })
        ).body;
        expect(a.company).toBe("安居物业");
        expect(a.communities.map((c) => c.name).sort()).toEqual(["幸福小区", "青石新村"].sort());
        expect(a.buildings.items.every((b) => b.community !== "和平花园")).toBe(true);
        const b = (
          await t.request<CompanyReport>("get", "/api/reports/company", { token: await t.loginStaff("manager_b") })
        ).body;
        expect(b.communities.map((c) => c.name)).toEqual(["和平花园"]);
        expect(b.openAlarms.total).toBe(
          await t.api.db.prisma.alarm.count({
            where: { status: { not: "RESOLVED" }, community: { name: "和平花园" } },
          }),
        );
        const devicesB = await t.api.db.prisma.device.count({ where: { community: { name: "和平花园" } } });
        expect(Object.values(b.deviceHealth).reduce((s, x) => s + x, 0)).toBe(devicesB);
      });
    });

    describe("monthly report", () => {
      it("gives the xlsx the same figures as the JSON", async () => {
        const token = await t.loginStaff("supervisor");
        const json = (await t.request<MonthlyReport>("get", `/api/reports/monthly?month=${month()}`, { token })).body;
        expect(json.townships.map((x) => x.name).sort()).toEqual(["城关街道", "青石镇"].sort());
        expect(json.total.alarms.fire).toBe(3);
        expect(json.total.openProblems).toBe(
          await t.api.db.prisma.alarm.count({ where: { status: { not: "RESOLVED" } } }),
        );

        const res = await fetch(`${t.url}/api/reports/monthly.xlsx?month=${month()}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toContain("spreadsheetml");
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(await res.arrayBuffer());
        // empty cells come back as holes in exceljs's row arrays: read every column, a blank as null
        const rows = (name: string) =>
          wb
            .getWorksheet(name)!
            .getSheetValues()
            .slice(1)
            .map((r) => Array.from({ length: MONTHLY_COLUMNS.length }, (_, i) => (r as unknown[])[i + 1] ?? null));
        expect(rows("按乡镇")[0]).toEqual([...MONTHLY_COLUMNS]);
        expect(rows("按乡镇").slice(1)).toEqual(json.townships.map(monthlyRow));
        expect(rows("按物业公司").slice(1)).toEqual(json.companies.map(monthlyRow));
      });

      it("gives a property manager only their company, and refuses a malformed month", async () => {
        const token = await t.loginStaff("manager_b");
        const json = (await t.request<MonthlyReport>("get", `/api/reports/monthly?month=${month()}`, { token })).body;
        expect(json.companies.map((c) => c.name)).toEqual(["祥和物业"]);
        expect(json.townships.map((x) => x.name)).toEqual(["城关街道"]);
        expect(json.total.trainedPeople).toBeNull();
        expect((await t.request("get", "/api/reports/monthly?month=2026-13", { token })).status).toBe(400);
        // a month before any alarm: nothing raised, nothing open at its end, coverage as of today
        const earlier = (await t.request<MonthlyReport>("get", "/api/reports/monthly?month=2020-01", { token })).body;
        expect(earlier.total).toMatchObject({
          alarms: { all: 0, fire: 0 },
          openProblems: 0,
          responseTimes: { alarms: 0, ackMedianSec: null },
        });
        expect(earlier.total.coverage).toEqual(json.total.coverage);
      });
    });
  });
}
