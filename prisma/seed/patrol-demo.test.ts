// The demo's patrol plans (prisma/seed/patrol-demo.ts), on SQLite and PostgreSQL: a fresh demo county has a
// plan at the hospital whose round is open for its safety officer and control-room operators to walk, and
// one at the nursing home open at night; a day of rounds behind them (one missed at the hospital, one late
// at the nursing home) shows in the completion figures and the unit scores; the label codes npm start writes
// for the H5 screen are the API's own; and the sweep of a fresh start tells nobody of a round that ended
// before the demo existed. SQLite is seeded at night, PostgreSQL by day.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "../../api/src/modules/notifications/notices.ts";
import { createInspection, type Inspection } from "../../api/src/modules/inspection/index.ts";
import { unitScores } from "../../api/src/modules/dispatch/score-figures.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { countyInstant } from "../../api/src/shared/county-time.ts";
import { createLogger } from "../../api/src/shared/logger.ts";
import { providers } from "../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../tests/support/module-db.ts";
import { seedDemo, type DemoInfo } from "./demo-seed.ts";
import { withPatrolLabels } from "./patrol-demo.ts";

const H = 3600_000;
const SCENES = {
  // the hospital's 20:00 round and the nursing home's first night round are running
  sqlite: { now: countyInstant("2026-12-02", "21:10"), slot: countyInstant("2026-12-02", "20:00"), night: true },
  // the hospital's 10:00 round is running; the nursing home patrols from 20:00 tonight
  postgres: { now: countyInstant("2026-12-03", "10:40"), slot: countyInstant("2026-12-03", "10:00"), night: false },
} as const;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the demo's patrol plans on ${provider}`, () => {
    const scene = SCENES[provider];
    const clock = new ManualClock(scene.now);
    const sent: Notice[] = [];
    let m: ModuleDb;
    let demo: DemoInfo;
    let inspection: Inspection;
    const as = async (username: string) => ({
      kind: "staff" as const,
      id: (await m.db.prisma.staffUser.findUniqueOrThrow({ where: { username } })).id,
    });
    const plan = (key: "yy" | "jly") => {
      const name = { yy: "示范县人民医院", jly: "青石镇敬老院" }[key];
      const p = demo.patrol?.find((x) => x.unitName === name);
      if (!p) throw new Error(`no demo patrol plan at ${name}`);
      return p;
    };

    beforeAll(async () => {
      m = await openModuleDb(provider);
      demo = await seedDemo(m.db.prisma, { now: scene.now });
      inspection = createInspection({
        prisma: m.db.prisma,
        clock,
        log: createLogger("silent"),
        notices: {
          send: async (n) => {
            sent.push(n);
            return 1;
          },
        },
        tagSecret: "the-api-secret-not-the-seed-one-0123",
        photoDir: "/nonexistent",
        owner: "test",
      });
    }, 120_000);
    afterAll(async () => {
      await inspection?.close();
      await m?.close();
    });

    it("lists the plans, their checkpoints in plain words and whom to walk them with", () => {
      expect(plan("yy")).toMatchObject({
        planName: "全天每2小时防火巡查",
        schedule: "每2小时，00:00-24:00",
        walkers: ["yy_anquan", "yy_zhiban1", "yy_zhiban2"],
      });
      expect(plan("yy").checkpoints.map((c) => c.name)).toEqual([
        "门诊楼一层消防通道",
        "住院楼病区走廊",
        "消防控制室",
        "高低压配电室",
      ]);
      expect(plan("jly")).toMatchObject({ planName: "夜间每2小时防火巡查", schedule: "每2小时，20:00-06:00" });
      expect(plan("jly").checkpoints).toHaveLength(4);
      for (const u of demo.patrol!) for (const w of u.walkers) expect(demo.staff.map((s) => s.username)).toContain(w);
    });

    it("a fresh start's sweep finds nothing missed and tells nobody", async () => {
      for (const at of [scene.now, new Date(scene.now.getTime() + 5 * 60_000)]) {
        clock.set(at);
        expect(await inspection.patrols.sweep()).toEqual({ late: 0, missed: 0 });
      }
      expect(sent).toEqual([]);
      expect(await m.db.prisma.notification.count({ where: { dedupeKey: { startsWith: "patrol:" } } })).toBe(0);
      clock.set(scene.now);
    });

    it("a day of rounds behind each plan: the console's completion and the unit scores show them", async () => {
      const made = new Date(scene.slot.getTime() - 24 * H);
      const plans = await m.db.prisma.patrolPlan.findMany({ select: { createdAt: true } });
      expect(plans.map((p) => p.createdAt)).toEqual([made, made]);
      const figures = await inspection.patrols.completion(await as("supervisor"), made, scene.slot);
      expect(figures.find((f) => f.unitName === "示范县人民医院")).toMatchObject({
        due: 12,
        onTime: 11,
        late: 0,
        missed: 1,
        open: 0,
      });
      // five night rounds; the last, due at 06:00, was finished after it
      expect(figures.find((f) => f.unitName === "青石镇敬老院")).toMatchObject({
        due: 5,
        onTime: 4,
        late: 1,
        missed: 0,
      });
      const scores = await unitScores(m.db.prisma, { kind: "county" }, scene.now);
      const patrolPoints = (name: string) =>
        scores.units.find((u) => u.name === name)!.parts.find((p) => p.key === "patrol")!.points;
      expect(patrolPoints("示范县人民医院")).toBe(13.8); // 15 x 11 of 12
      expect(patrolPoints("青石镇敬老院")).toBe(15); // late is still done
      expect(patrolPoints("示范县第一中学")).toBe(0); // no plan: a key unit that does not patrol
    });

    it("the hospital's safety officer finds the open round and walks it; the operators see it too", async () => {
      const officer = await as("yy_anquan");
      const mine = await inspection.patrols.myPlans(officer);
      expect(mine.map((p) => p.unit.name)).toEqual(["示范县人民医院"]);
      const [round] = mine;
      expect(round).toMatchObject({
        id: plan("yy").planId,
        name: "全天每2小时防火巡查",
        roundStatus: "OPEN",
        slot: { start: scene.slot.toISOString(), due: new Date(scene.slot.getTime() + 2 * H).toISOString() },
      });
      expect(round!.checkpoints.map((c) => [c.name, c.done])).toEqual(
        plan("yy").checkpoints.map((c) => [c.name, false]),
      );
      expect((await inspection.patrols.myPlans(await as("yy_zhiban1"))).map((p) => p.id)).toEqual([round!.id]);

      // the label codes npm start writes to demo.json: the API's own, as the manager's list prints them
      const [labels] = await withPatrolLabels(m.db.prisma, inspection.tags, [plan("yy")]);
      const printed = await inspection.patrols.checkpoints(await as("yy_guanli"), round!.unit.id);
      expect(labels!.labels).toEqual(
        plan("yy").checkpoints.map((c) => ({ checkpoint: c.name, code: printed.find((x) => x.id === c.id)!.tag })),
      );
      const last = [];
      for (const [i, c] of round!.checkpoints.entries()) {
        clock.set(new Date(clock.now().getTime() + 3 * 60_000));
        last.push(
          await inspection.patrols.check(officer, round!.id, {
            code: labels!.labels[i]!.code,
            results: c.checklist.map((item) => ({ item, ok: true })),
            photoIds: [],
          }),
        );
      }
      expect(last.at(-1)).toMatchObject({ checked: 4, total: 4, complete: true, late: false, hazardId: null });
      const after = (await inspection.patrols.myPlans(officer))[0]!;
      expect(after.roundStatus).toBe("DONE");
      expect(after.checkpoints.every((c) => c.done)).toBe(true);
    });

    it(`the nursing home's people find its night plan ${scene.night ? "open now" : "for tonight"}`, async () => {
      const [p] = await inspection.patrols.myPlans(await as("jly_anquan"));
      expect(p).toMatchObject({ id: plan("jly").planId, unit: { name: "青石镇敬老院" } });
      if (scene.night) expect(p).toMatchObject({ roundStatus: "OPEN", slot: { start: scene.slot.toISOString() } });
      else expect(p).toMatchObject({ roundStatus: null, slot: null });
    });
  });
}
