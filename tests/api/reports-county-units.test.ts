// 全县态势's networked units (联网单位) on both engines: the active units by category in the command wall's
// states (the same counts as GET /api/centre/map), the period's fire signals with their verdicts, 119
// hand-offs, timeouts and the median time to a verdict, open hazards and overdue ones, open facility faults;
// counted independently here from the rows, on the demo county with a fixture of unit alarms and hazards.
// The figures are the caller's unit scope: a township coordinator's or a sector regulator's only their units.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlarmKind, AlarmVerdict, PrismaNs } from "../../api/src/db/client.ts";
import { countyQuery, type CountyReport, type CountyUnits } from "../../api/src/contract/reports.ts";
import { periodsAt } from "../../api/src/modules/reports/report-math.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { providers } from "../support/databases.ts";

const FIRE_KINDS: AlarmKind[] = ["FIRE", "CALL_POINT", "GAS_LEAK", "SUSPECTED_FIRE"];
const STATES = ["FIRE", "FAULT", "OFFLINE", "UNCONNECTED", "NORMAL"] as const;
const suites = await providers();

for (const { provider, skip } of suites) {
  describe.skipIf(skip !== null)(`全县态势's networked units on ${provider}`, () => {
    let t: TestApi;
    const unitOf = async (name: string) => t.api.db.prisma.networkedUnit.findFirstOrThrow({ where: { name } });
    const deviceOf = async (unitId: string) =>
      t.api.db.prisma.device.findFirstOrThrow({ where: { unitId, model: { kind: { not: "CAMERA" } } } });
    let n = 0;

    /** A unit alarm as the centre leaves it: started `at`, a verdict `afterSec` later, closed unless open. */
    async function unitAlarm(o: {
      unit: string;
      kind: AlarmKind;
      at: Date;
      verdict?: AlarmVerdict;
      afterSec?: number;
      report119?: boolean;
      open?: boolean;
    }) {
      const prisma = t.api.db.prisma;
      const unit = await unitOf(o.unit);
      const device = await deviceOf(unit.id);
      const verdictAt = o.verdict ? new Date(o.at.getTime() + (o.afterSec ?? 0) * 1000) : null;
      return prisma.alarm.create({
        data: {
          deviceId: device.id,
          unitId: unit.id,
          kind: o.kind,
          point: `fixture-${++n}`,
          severity: FIRE_KINDS.includes(o.kind) ? "CRITICAL" : "MAJOR",
          status: o.open ? "ACTIVE" : "RESOLVED",
          openSlot: o.open ? "OPEN" : null,
          resolvedAt: o.open ? null : (verdictAt ?? o.at),
          startedAt: o.at,
          lastEventAt: o.at,
          verdict: o.verdict ?? null,
          verdictAt,
          report119: o.report119 ?? false,
        },
      });
    }

    beforeAll(async () => {
      t = await startTestApi({ provider, env: { REPORTS_CACHE_MS: "0" } });
      const prisma = t.api.db.prisma;
      const now = Date.now();
      const { todayFrom, monthFrom } = periodsAt(new Date(now));
      // this month's signals start at least ten minutes ago, never before today
      const at = (i: number) => new Date(Math.max(todayFrom.getTime(), now - 600_000) + i * 1000);
      const hospital = await unitOf("示范县人民医院");
      // the hospital's transmission device is online: 正常 on the wall (its signals below are all closed)
      const uitd = await deviceOf(hospital.id);
      await prisma.deviceStatus.upsert({
        where: { deviceId: uitd.id },
        create: { deviceId: uitd.id, online: true, lastSeenAt: new Date(now) },
        update: { online: true, lastSeenAt: new Date(now) },
      });
      // fire signals of this month: a real fire (to 119), two false alarms, a test, a device fault; confirmed
      // 40, 100, 20, 70 and 200 s after: the lower median of five is 70
      await unitAlarm({
        unit: "示范县人民医院",
        kind: "FIRE",
        at: at(0),
        verdict: "REAL_FIRE",
        afterSec: 40,
        report119: true,
      });
      const late = await unitAlarm({
        unit: "示范县人民医院",
        kind: "FIRE",
        at: at(1),
        verdict: "FALSE_ALARM",
        afterSec: 200,
        report119: true,
      });
      await prisma.alarmAction.create({
        data: { alarmId: late.id, action: "confirm_timeout", actor: "system", at: new Date(at(1).getTime() + 120_000) },
      });
      await unitAlarm({ unit: "示范县人民医院", kind: "CALL_POINT", at: at(2), verdict: "FALSE_ALARM", afterSec: 100 });
      await unitAlarm({ unit: "示范县第一中学", kind: "GAS_LEAK", at: at(3), verdict: "TEST", afterSec: 20 });
      await unitAlarm({ unit: "青石镇敬老院", kind: "FIRE", at: at(4), verdict: "FAULT", afterSec: 70 });
      // one still waiting for its verdict, raised now: the school is 火警 on the wall (raised ten minutes ago,
      // the centre's sweep would time its countdown out and hand it to 119 while the tests run)
      await unitAlarm({ unit: "示范县第一中学", kind: "CALL_POINT", at: new Date(), open: true });
      // last month's and a home's: not this month's units' signals
      await unitAlarm({
        unit: "示范县人民医院",
        kind: "FIRE",
        at: new Date(monthFrom.getTime() - 3_600_000),
        verdict: "FALSE_ALARM",
        afterSec: 5,
      });
      // facility faults: the nursing home's hydrant pressure open (故障), the market's pump fault closed
      await unitAlarm({ unit: "青石镇敬老院", kind: "LOW_PRESSURE", at: at(6), open: true });
      await unitAlarm({ unit: "万家福购物中心", kind: "PUMP_FAULT", at: at(7) });
      // hazards: a major one past its deadline at the hospital, a verified one, and a community's (not a unit's)
      const community = await prisma.community.findFirstOrThrow();
      const hazard = (data: Partial<PrismaNs.HazardUncheckedCreateInput>) =>
        prisma.hazard.create({
          data: {
            place: "测试部位",
            category: "OTHER",
            description: "测试隐患",
            source: "SUPERVISOR",
            reportedBy: "staff:test",
            ...data,
          },
        });
      await hazard({
        unitId: hospital.id,
        severity: "MAJOR",
        status: "ASSIGNED",
        deadline: new Date(now - 86_400_000),
      });
      await hazard({
        unitId: hospital.id,
        severity: "MAJOR",
        status: "VERIFIED",
        deadline: new Date(now - 86_400_000),
      });
      await hazard({
        communityId: community.id,
        severity: "MAJOR",
        status: "ASSIGNED",
        deadline: new Date(now - 86_400_000),
      });
    }, 120_000);
    afterAll(() => t?.close());

    const county = async (who: string, q = "") => {
      const r = await t.request<CountyReport>("get", `/api/reports/county${q}`, { token: await t.loginStaff(who) });
      expect(r.status).toBe(200);
      return r.body.units;
    };

    /** The expected figures, counted here from the rows, for the units `unitIds` (null: every unit). */
    async function expected(unitIds: string[] | null, from: Date) {
      const prisma = t.api.db.prisma;
      const inScope = unitIds ? { in: unitIds } : { not: null };
      const signals = await prisma.alarm.findMany({
        where: { unitId: inScope, kind: { in: FIRE_KINDS }, startedAt: { gte: from } },
        include: { actions: true },
      });
      const judged = signals.filter((a) => a.verdict);
      const secs = judged
        .map((a) => Math.max(0, Math.round((a.verdictAt!.getTime() - a.startedAt.getTime()) / 1000)))
        .sort((x, y) => x - y);
      const count = (v: AlarmVerdict) => signals.filter((a) => a.verdict === v).length;
      const hazards = await prisma.hazard.findMany({ where: { unitId: inScope } });
      const open = hazards.filter((h) => h.status !== "VERIFIED");
      const overdue = open.filter(
        (h) => ["ASSIGNED", "RECTIFYING", "OVERDUE", "ESCALATED"].includes(h.status) && h.deadline! < new Date(),
      );
      const sev = (hs: typeof hazards) => ({
        total: hs.length,
        major: hs.filter((h) => h.severity === "MAJOR").length,
        general: hs.filter((h) => h.severity === "GENERAL").length,
      });
      const faults = await prisma.alarm.findMany({
        where: {
          unitId: inScope,
          unit: { is: { active: true } },
          status: { not: "RESOLVED" },
          kind: { notIn: [...FIRE_KINDS, "TAMPER", "LOW_BATTERY", "FAULT", "OFFLINE", "NOTIFY_FAILED"] },
        },
      });
      return {
        signals: {
          fireSignals: signals.length,
          realFires: count("REAL_FIRE"),
          falseAlarms: count("FALSE_ALARM"),
          tests: count("TEST"),
          faults: count("FAULT"),
          pending: signals.length - judged.length,
          handedTo119: signals.filter((a) => a.report119).length,
          timeouts: signals.filter((a) => a.actions.some((x) => x.action === "confirm_timeout")).length,
          confirmations: judged.length,
          confirmMedianSec: secs.length ? secs[Math.floor((secs.length - 1) / 2)]! : null,
          falseAlarmRate: judged.length ? count("FALSE_ALARM") / judged.length : null,
        },
        hazards: { open: sev(open), overdue: sev(overdue) },
        faults: {
          total: faults.length,
          units: new Set(faults.map((a) => a.unitId)).size,
        },
      };
    }

    /** The command wall's states (GET /api/centre/map), counted by category, for the units `unitIds`. */
    async function wall(unitIds: string[] | null) {
      const r = await t.request<{ items: { id: string; state: (typeof STATES)[number] }[] }>("get", "/api/centre/map", {
        token: await t.loginStaff("admin"),
      });
      expect(r.status).toBe(200);
      const items = r.body.items.filter((u) => !unitIds || unitIds.includes(u.id));
      const categories = new Map(
        (await t.api.db.prisma.networkedUnit.findMany({ select: { id: true, category: true } })).map((u) => [
          u.id,
          u.category,
        ]),
      );
      const zero = () => Object.fromEntries(STATES.map((s) => [s, 0])) as Record<(typeof STATES)[number], number>;
      const states = zero();
      const byCategory = new Map<string, ReturnType<typeof zero>>();
      for (const u of items) {
        states[u.state]++;
        const c = categories.get(u.id)!;
        const row = byCategory.get(c) ?? zero();
        row[u.state]++;
        byCategory.set(c, row);
      }
      return { total: items.length, states, byCategory };
    }

    const ofCategories = (u: CountyUnits) => new Map(u.byCategory.map((c) => [c.category, c.states]));

    it("counts the county's units in the command wall's states, by category", async () => {
      const u = await county("supervisor");
      const w = await wall(null);
      expect(u.total).toBe(await t.api.db.prisma.networkedUnit.count({ where: { active: true } }));
      expect(u.total).toBe(w.total);
      expect(u.states).toEqual(w.states);
      expect(ofCategories(u)).toEqual(w.byCategory);
      // the fixture's: the hospital heard from and nothing open, the school's open call point, the nursing
      // home's low pressure; units without a device are 未接入
      expect(u.states.NORMAL).toBeGreaterThanOrEqual(1);
      expect(u.states.FIRE).toBeGreaterThanOrEqual(1);
      expect(u.states.FAULT).toBeGreaterThanOrEqual(1);
      expect(u.states.UNCONNECTED).toBeGreaterThanOrEqual(1);
      expect(ofCategories(u).get("HOSPITAL")).toMatchObject({ NORMAL: 1 });
      expect(ofCategories(u).get("BOARDING_SCHOOL")).toMatchObject({ FIRE: 1 });
      expect(ofCategories(u).get("NURSING_HOME")).toMatchObject({ FAULT: 1 });
      expect(u.online).toBe(u.states.NORMAL + u.states.FAULT + u.states.FIRE);
      for (const c of u.byCategory) {
        expect(c.total).toBe(STATES.reduce((s, k) => s + c.states[k], 0));
        expect(c.online).toBe(c.states.NORMAL + c.states.FAULT + c.states.FIRE);
      }
      expect(u.byCategory.map((c) => c.total)).toEqual([...u.byCategory.map((c) => c.total)].sort((a, b) => b - a));
    });

    it("counts this month's fire signals, verdicts, 119 hand-offs and the median time to a verdict", async () => {
      const u = await county("supervisor");
      const e = await expected(null, periodsAt(new Date()).monthFrom);
      expect(u.period).toBe("month");
      expect(u.signals).toEqual(e.signals);
      // the fixture is in it: 5 judged of 6, two false, 119 twice, one timeout, median 70 s
      expect(u.signals).toMatchObject({ fireSignals: 6, confirmations: 5, falseAlarms: 2, handedTo119: 2 });
      expect(u.signals).toMatchObject({ realFires: 1, tests: 1, faults: 1, pending: 1, timeouts: 1 });
      expect(u.signals.confirmMedianSec).toBe(70);
      expect(u.signals.falseAlarmRate).toBeCloseTo(0.4);
      // today's: the same signals (they started today), the window from the county's midnight
      const today = await county("supervisor", "?uPeriod=today");
      expect(today.period).toBe("today");
      expect(today.window.from).toBe(periodsAt(new Date()).todayFrom.toISOString());
      expect(today.signals).toEqual((await expected(null, periodsAt(new Date()).todayFrom)).signals);
    });

    it("counts the units' open and overdue hazards and open facility faults, not a community's", async () => {
      const u = await county("supervisor");
      const e = await expected(null, periodsAt(new Date()).monthFrom);
      expect(u.hazards).toEqual(e.hazards);
      expect(u.hazards.overdue).toMatchObject({ major: 1 }); // the hospital's; the verified and the community's not
      expect(u.facilityFaults).toMatchObject(e.faults);
      expect(u.facilityFaults.byKind).toContainEqual({ kind: "LOW_PRESSURE", count: 1 });
      expect(u.facilityFaults.byKind.some((k) => k.kind === "PUMP_FAULT")).toBe(false); // closed
      expect(u.facilityFaults.byKind.reduce((s, k) => s + k.count, 0)).toBe(u.facilityFaults.total);
    });

    it("bounds the period and refuses the report outside the county's roles", async () => {
      const token = await t.loginStaff("supervisor");
      expect((await t.request("get", "/api/reports/county?uPeriod=year", { token })).status).toBe(400);
      for (const who of ["coordinator", "reg_health", "yy_guanli", "centre_op"])
        expect((await t.request("get", "/api/reports/county", { token: await t.loginStaff(who) })).status).toBe(403);
      expect((await county("admin")).total).toBe((await county("supervisor")).total);
    });

    it("gives any other caller of the report only the units of their own scope", async () => {
      const prisma = t.api.db.prisma;
      const q = countyQuery.parse({}); // the defaults: this month
      const figuresOf = async (username: string) => {
        const who = await prisma.staffUser.findUniqueOrThrow({ where: { username } });
        return { who, units: (await t.api.services.reports.county({ kind: "staff", id: who.id }, q)).units };
      };
      const monthFrom = periodsAt(new Date()).monthFrom;
      // a township coordinator: their township's units
      const c = await figuresOf("coordinator");
      const township = await prisma.networkedUnit.findMany({ where: { townshipId: c.who.townshipId! } });
      const w = await wall(township.map((x) => x.id));
      expect(c.units.total).toBe(township.filter((x) => x.active).length);
      expect(c.units.total).toBeLessThan((await county("supervisor")).total);
      expect(c.units.states).toEqual(w.states);
      expect(c.units.signals).toEqual(
        (
          await expected(
            township.map((x) => x.id),
            monthFrom,
          )
        ).signals,
      );
      expect(c.units.hazards).toEqual(
        (
          await expected(
            township.map((x) => x.id),
            monthFrom,
          )
        ).hazards,
      );
      // the health regulator: the hospital only, its three signals this month and its overdue major hazard
      const h = await figuresOf("reg_health");
      expect(h.units.byCategory.map((x) => x.category)).toEqual(["HOSPITAL"]);
      expect(h.units.signals).toMatchObject({ fireSignals: 3, realFires: 1, falseAlarms: 2, confirmMedianSec: 100 });
      expect(h.units.hazards.overdue).toEqual({ total: 1, major: 1, general: 0 });
      expect(h.units.facilityFaults.total).toBe(0);
      // a property company's people have no unit scope: nothing
      const none = await figuresOf("manager_a");
      expect(none.units).toMatchObject({ total: 0, online: 0, byCategory: [] });
      expect(none.units.signals).toMatchObject({ fireSignals: 0, confirmMedianSec: null, falseAlarmRate: null });
      expect(none.units.hazards.open.total).toBe(0);
    });
  });
}
