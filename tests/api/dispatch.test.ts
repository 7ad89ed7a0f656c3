// The monthly dispatch (issue 19): its figures agree with the database for the demo county, its xlsx reads
// back the same, the coverage curve has a year behind it, talks and commendations are kept, and each viewer
// sees only their scope (a coordinator their township, a sector regulator their sector), on the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { providers } from "../support/databases.ts";
import type { CoverageHistory, MonthlyDispatch, Talk, UnitScores } from "../../api/src/contract/dispatch.schemas.ts";
import { PROGRESS_COLUMNS, progressRow, SHEETS } from "../../api/src/modules/dispatch/dispatch-xlsx.ts";
import { communityCoverage } from "../../api/src/modules/dispatch/coverage.ts";
import { defaultPhases, reached, requiredUnit, unitBehind } from "../../api/src/modules/dispatch/plan.ts";
import { countyDate } from "../../api/src/shared/county-time.ts";

const suites = await providers();

for (const { provider, skip } of suites) {
  describe.skipIf(skip !== null)(`monthly dispatch on ${provider}`, () => {
    let t: TestApi;
    let supervisor = "";
    let office = "";
    let coordinator = "";
    let regulator = "";

    beforeAll(async () => {
      t = await startTestApi({ provider });
      [supervisor, office, coordinator, regulator] = await Promise.all([
        t.loginStaff("supervisor"),
        t.loginStaff("programme"),
        t.loginStaff("coordinator"),
        t.loginStaff("reg_edu"),
      ]);
    });
    afterAll(() => t?.close());

    it("matches the database", async () => {
      const prisma = t.api.db.prisma;
      const res = await t.request<MonthlyDispatch>("get", "/api/dispatch/monthly", { token: supervisor });
      expect(res.status).toBe(200);
      const d = res.body;
      const now = new Date();
      expect(d.month).toBe(countyDate(now).slice(0, 7));
      const units = (await prisma.networkedUnit.findMany({ where: { active: true } })).filter(requiredUnit);
      const phases = (await prisma.rolloutPhase.count())
        ? await prisma.rolloutPhase.findMany()
        : defaultPhases(now.getUTCFullYear());
      expect(d.total.target).toBe(units.length);
      expect(d.total.done).toBe(units.filter((u) => reached(u.rolloutStage, "INSTALLED")).length);
      expect(d.total.accepted).toBe(units.filter((u) => u.rolloutStage === "ACCEPTED").length);
      expect(d.total.behind).toBe(units.filter((u) => unitBehind(u, phases, now)).length);
      expect(d.laggards.units.map((u) => u.id).sort()).toEqual(
        units
          .filter((u) => unitBehind(u, phases, now))
          .map((u) => u.id)
          .sort(),
      );
      for (const list of [d.byTownship, d.bySector, d.byInstaller])
        expect(list.reduce((n, r) => n + r.target, 0)).toBe(d.total.target);
      // the seed's snapshot of last month: the change is measured against it
      expect(d.previousMonth).not.toBeNull();
      expect(d.total.change).not.toBeNull();
      const prev = JSON.parse(
        (await prisma.monthlyDispatchSnapshot.findUnique({ where: { month: d.previousMonth! } }))!.figures,
      ) as MonthlyDispatch;
      expect(d.total.change!.done).toBe(d.total.done - prev.total.done);
      // coverage: the one rule, counted again
      const counts = await communityCoverage(prisma, new Date());
      expect(d.coverage.county.households).toBe(counts.reduce((n, c) => n + c.households, 0));
      expect(d.coverage.county.covered).toBe(counts.reduce((n, c) => n + c.covered, 0));
      expect(d.coverage.county.covered).toBeGreaterThan(0);
      // centres against the obligation: one per township
      expect(d.centres.townships.length).toBe(await prisma.township.count());
      expect(d.talks.length).toBeGreaterThanOrEqual(1);
      expect(d.commendations.length).toBeGreaterThanOrEqual(1);
      // generating the current month keeps its snapshot
      expect(await prisma.monthlyDispatchSnapshot.findUnique({ where: { month: d.month } })).not.toBeNull();
    });

    it("gives the xlsx the same figures as the JSON", async () => {
      const json = (await t.request<MonthlyDispatch>("get", "/api/dispatch/monthly", { token: supervisor })).body;
      const res = await fetch(`${t.url}/api/dispatch/monthly.xlsx`, {
        headers: { authorization: `Bearer ${supervisor}` },
      });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      for (const [key, name] of Object.entries(SHEETS) as [keyof typeof SHEETS, string][]) {
        const ws = wb.getWorksheet(name)!;
        const rows = ws.getSheetValues().slice(1) as unknown[][];
        expect(rows[0]!.slice(1)).toEqual([...PROGRESS_COLUMNS]);
        const values = rows.slice(1).map((r) => r.slice(1).map((v) => v ?? null));
        const want = json[key].map((p) => progressRow(p).map((v) => v ?? null));
        // exceljs drops trailing empty cells
        expect(values.map((r) => r.concat(Array(8 - r.length).fill(null)))).toEqual(want);
      }
      const lag = wb.getWorksheet("滞后单位")!;
      expect(lag.rowCount - 1).toBe(json.laggards.units.length);
    });

    it("keeps a year of daily coverage", async () => {
      const res = await t.request<CoverageHistory>("get", "/api/dispatch/coverage-history", { token: supervisor });
      expect(res.status).toBe(200);
      expect(res.body.days.length).toBeGreaterThanOrEqual(365);
      const last = res.body.days.at(-1)!;
      expect(last.day).toBe(countyDate(new Date())); // today's, written by the recorder at start
    });

    it("records talks and commendations, for the office and the supervisor only", async () => {
      const unit = await t.api.db.prisma.networkedUnit.findFirst({ orderBy: { name: "asc" } });
      const talk = {
        subject: "UNIT",
        subjectId: unit!.id,
        heldAt: new Date().toISOString(),
        attendees: "单位负责人",
        reason: "接入滞后",
        promises: "本月底前完成安装",
        followUpOn: countyDate(new Date(Date.now() + 7 * 86_400_000)),
      };
      const made = await t.request<Talk>("post", "/api/dispatch/talks", { token: office, body: talk });
      expect(made.status).toBe(200);
      expect(made.body.subjectName).toBe(unit!.name);
      expect((await t.request("post", "/api/dispatch/talks", { token: coordinator, body: talk })).status).toBe(403);
      const done = await t.request<Talk>("patch", `/api/dispatch/talks/${made.body.id}`, {
        token: supervisor,
        body: { followUpDone: true },
      });
      expect(done.body.followUpDone).toBe(true);
      const list = await t.request<Talk[]>("get", "/api/dispatch/talks", { token: supervisor });
      expect(list.body.map((x) => x.id)).toContain(made.body.id);
      expect((await t.request("delete", `/api/dispatch/talks/${made.body.id}`, { token: office })).status).toBe(200);
      expect((await t.request("delete", `/api/dispatch/talks/${made.body.id}`, { token: office })).status).toBe(404);
      const bad = await t.request("post", "/api/dispatch/commendations", {
        token: office,
        body: { subject: "UNIT", subjectId: "nope", month: "2026-12", reason: "好" },
      });
      expect(bad.status).toBe(404);
      const tooLong = await t.request("post", "/api/dispatch/commendations", {
        token: office,
        body: { subject: "UNIT", subjectId: unit!.id, month: "2026-12", reason: "好".repeat(1001) },
      });
      expect(tooLong.status).toBe(400);
    });

    it("shows a coordinator their township and a regulator their sector, enforced on the server", async () => {
      const prisma = t.api.db.prisma;
      const me = await prisma.staffUser.findFirst({ where: { username: "coordinator" } });
      const c = (await t.request<MonthlyDispatch>("get", "/api/dispatch/monthly", { token: coordinator })).body;
      const mine = await prisma.networkedUnit.findMany({ where: { townshipId: me!.townshipId!, active: true } });
      expect(c.byTownship.every((r) => r.id === me!.townshipId)).toBe(true);
      expect(c.total.target).toBe(mine.filter(requiredUnit).length);
      expect(c.centres.townships.map((x) => x.id)).toEqual([me!.townshipId]);
      const communities = await prisma.community.findMany({ where: { townshipId: me!.townshipId! } });
      const ids = new Set(communities.map((x) => x.id));
      expect(c.coverage.communities.every((x) => ids.has(x.id))).toBe(true);
      // the county curve is not theirs: they get their township's
      const h = await t.request<CoverageHistory>("get", "/api/dispatch/coverage-history", { token: coordinator });
      expect([h.body.scope, h.body.scopeId]).toEqual(["TOWNSHIP", me!.townshipId]);
      const other = await prisma.township.findFirst({ where: { id: { not: me!.townshipId! } } });
      const refused = await t.request("get", `/api/dispatch/coverage-history?scope=TOWNSHIP&scopeId=${other!.id}`, {
        token: coordinator,
      });
      expect(refused.status).toBe(404);
      // past months are the county's
      expect(
        (await t.request("get", `/api/dispatch/monthly?month=${c.previousMonth ?? "2026-01"}`, { token: coordinator }))
          .status,
      ).toBe(403);
      const past = await t.request<MonthlyDispatch>("get", `/api/dispatch/monthly?month=${c.previousMonth}`, {
        token: supervisor,
      });
      expect(past.status).toBe(200);
      expect(past.body.live).toBe(false);

      const r = (await t.request<MonthlyDispatch>("get", "/api/dispatch/monthly", { token: regulator })).body;
      expect(r.bySector.every((x) => x.id === "EDUCATION")).toBe(true);
      expect(r.coverage.communities).toEqual([]);
      const edu = await prisma.networkedUnit.findMany({ where: { sector: "EDUCATION", active: true } });
      expect(r.total.target).toBe(edu.filter(requiredUnit).length);
      // "change since last month" against their own row of the county's snapshot, never another row: their
      // figure less a county row would have told them the county's last month (and been wrong besides)
      const prev = JSON.parse(
        (await prisma.monthlyDispatchSnapshot.findUnique({ where: { month: c.previousMonth! } }))!.figures,
      ) as MonthlyDispatch;
      const own = (d: MonthlyDispatch, row: MonthlyDispatch["total"] | undefined) =>
        row
          ? {
              done: d.total.done - row.done,
              accepted: d.total.accepted - row.accepted,
              behind: d.total.behind - row.behind,
            }
          : null;
      expect(c.total.change).toEqual(
        own(
          c,
          prev.byTownship.find((x) => x.id === me!.townshipId),
        ),
      );
      expect(r.total.change).toEqual(
        own(
          r,
          prev.bySector.find((x) => x.id === "EDUCATION"),
        ),
      );
      for (const d of [c, r]) {
        for (const x of [...d.byPhase, ...d.byInstaller]) expect(x.change, x.name).toBeNull();
        expect(d.total.change).not.toBeNull();
      }
      expect(c.bySector.every((x) => x.change === null)).toBe(true);
      expect(r.byTownship.every((x) => x.change === null)).toBe(true);
      const scores = (await t.request<UnitScores>("get", "/api/dispatch/scores", { token: regulator })).body;
      expect(scores.units.map((u) => u.id).sort()).toEqual(edu.map((u) => u.id).sort());
      expect((await t.request("get", "/api/dispatch/monthly", { token: await t.loginStaff("manager_a") })).status).toBe(
        403,
      );
    });

    it("ranks units by score with the rule beside it", async () => {
      const s = (await t.request<UnitScores>("get", "/api/dispatch/scores", { token: supervisor })).body;
      expect(s.rule.reduce((n, r) => n + r.max, 0)).toBe(100);
      expect(s.units.length).toBe(await t.api.db.prisma.networkedUnit.count({ where: { active: true } }));
      for (let i = 1; i < s.units.length; i++) expect(s.units[i - 1]!.score).toBeGreaterThanOrEqual(s.units[i]!.score);
      for (const u of s.units)
        expect(u.score).toBeCloseTo(
          u.parts.reduce((n, p) => n + p.points, 0),
          0,
        );
    });
  });
}
