// The inspection module on SQLite and PostgreSQL: checkpoint tags (another unit's, altered and voided codes
// refused), a round that turns a failed item into a hazard, the hazard loop's rules (evidence, a verifier
// other than the fixer, the supervisor for a major hazard), the reminders and overdue chain on the fake
// clock with two instances (each step's pushes once), scope, and the patrol sweep (late, then missed).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma, StaffRole } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import {
  errorCode,
  errorMessage,
  fixtures,
  inspectionService,
  JPEG,
  notificationsFor,
  recipientsOf,
  type StaffOptions,
} from "../../../../tests/support/rollout-fixtures.ts";
import { countyInstant } from "../../shared/county-time.ts";
import type { Inspection } from "./index.ts";

const H = 3600_000;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`inspection on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: Prisma;
    let dir: string;
    // 2026-11-30 (a Monday) 10:00 county time
    const clock = new ManualClock(countyInstant("2026-11-30", "10:00"));
    let a: Inspection;
    let b: Inspection; // a second API instance on the same database
    const unit: Record<string, string> = {};
    const staff: Record<string, string> = {};
    const as = (name: string) => ({ kind: "staff" as const, id: staff[name]! });

    const make = (owner: string) => inspectionService(prisma, clock, { photoDir: dir, owner });
    const rows = (prefix: string) => notificationsFor(prisma, prefix);
    const recipients = (prefix: string) => recipientsOf(prisma, prefix);
    const photo = async (who: string, unitId: string) => (await a.photos.add(as(who), unitId, JPEG)).id;

    beforeAll(async () => {
      m = await openModuleDb(provider);
      prisma = m.db.prisma;
      dir = mkdtempSync(path.join(tmpdir(), "anxin-inspection-"));
      const f = fixtures(prisma);
      const t = await f.county();
      const maint = await prisma.serviceCompany.create({ data: { name: "安泰维保", kind: "MAINTENANCE" } });
      unit.hospital = await f.unit("县人民医院", {
        townshipId: t,
        creditCode: "12340000000000001A",
        maintenanceCompanyId: maint.id,
      });
      unit.school = await f.unit("县第一中学", {
        townshipId: t,
        creditCode: "12340000000000002B",
        category: "BOARDING_SCHOOL",
        sector: "EDUCATION",
      });
      const add = async (name: string, role: StaffRole, o: StaffOptions = {}) => {
        staff[name] = await f.staff(name, role, o);
      };
      await add("院长", "UNIT_RESPONSIBLE", { unitId: unit.hospital });
      await add("保卫科长", "UNIT_MANAGER", { unitId: unit.hospital });
      await add("安全员", "UNIT_SAFETY_OFFICER", { unitId: unit.hospital });
      await add("校长", "UNIT_RESPONSIBLE", { unitId: unit.school });
      await add("学校管理人", "UNIT_MANAGER", { unitId: unit.school });
      await add("卫健局", "SECTOR_REGULATOR", { sector: "HEALTH" });
      await add("教体局", "SECTOR_REGULATOR", { sector: "EDUCATION" });
      await add("监督员", "FIRE_SUPERVISOR");
      await add("维保技师", "MAINTENANCE_TECH", { serviceCompanyId: maint.id });
      a = make("instance-a");
      b = make("instance-b");
    }, 120_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await m?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    let hydrant = { id: "", tag: "" };
    let pump = { id: "", tag: "" };
    let schoolTag = "";
    let planId = "";
    let patrolHazard = "";

    it("a round needs each checkpoint's tag read: another unit's, altered and voided codes are refused", async () => {
      const cp = async (unitId: string, who: string, name: string, facilityKind: string) => {
        const v = await a.patrols.addCheckpoint(as(who), { unitId, name, facilityKind });
        return { id: v.id, tag: v.tag! };
      };
      hydrant = await cp(unit.hospital!, "保卫科长", "门诊楼一层消火栓", "HYDRANT_SYSTEM");
      pump = await cp(unit.hospital!, "保卫科长", "消防泵房", "FIRE_PUMP");
      schoolTag = (await cp(unit.school!, "学校管理人", "宿舍楼灭火器", "EXTINGUISHERS")).tag;
      // the safety officer patrols but does not set up checkpoints
      expect(await errorCode(a.patrols.addCheckpoint(as("安全员"), { unitId: unit.hospital!, name: "x" }))).toBe(
        "FORBIDDEN",
      );
      // another unit's manager cannot even see the hospital
      expect(await errorCode(a.patrols.addCheckpoint(as("学校管理人"), { unitId: unit.hospital!, name: "x" }))).toBe(
        "NOT_FOUND",
      );
      const plan = await a.patrols.addPlan(as("保卫科长"), {
        unitId: unit.hospital!,
        name: "每日防火巡查",
        frequency: "DAILY",
        windowStart: "08:00",
        windowEnd: "18:00",
        checkpointIds: [hydrant.id, pump.id],
      });
      planId = plan.id;
      const list = await a.patrols.checkpoints(as("安全员"), unit.hospital!);
      expect(list.every((c) => c.tag === null)).toBe(true); // the officer's list carries no code to copy
      const checklist = (tag: string) =>
        list.find((c) => tag.includes(`.${c.id}.`))?.checklist ?? list.find((c) => c.id === hydrant.id)!.checklist;
      const results = (tag: string, ok: boolean[]) => checklist(tag).map((item, i) => ({ item, ok: ok[i] ?? true }));
      const check = (tag: string, ok: boolean[] = [], photoIds: string[] = []) =>
        a.patrols.check(as("安全员"), planId, { code: tag, results: results(tag, ok), photoIds });

      expect(await errorMessage(check(schoolTag))).toBe("这是其他单位的巡查点标签");
      const forged = hydrant.tag.slice(0, -3) + (hydrant.tag.endsWith("AAA") ? "BBB" : "AAA");
      expect(await errorMessage(check(forged))).toBe("二维码无效：请扫描巡查点上的标签");
      // a code naming the hospital's checkpoint signed by someone else's key
      const other = make("x").tags.sign({ checkpointId: hydrant.id, unitId: unit.hospital!, version: 1 });
      expect(a.tags.read(other)).not.toBeNull(); // same secret: genuine
      const foreign = inspectionService(prisma, clock, {
        notices: { send: async () => 0 },
        tagSecret: "another-installation-secret-000000",
        photoDir: dir,
        owner: "y",
      }).tags.sign({ checkpointId: hydrant.id, unitId: unit.hospital!, version: 1 });
      expect(await errorMessage(check(foreign))).toBe("二维码无效：请扫描巡查点上的标签");
      // reprinting the label voids the old one (a photo of it, a lost label)
      const reissued = await a.patrols.reissueTag(as("保卫科长"), hydrant.id);
      expect(await errorMessage(check(hydrant.tag))).toBe("该标签已作废，请使用新打印的标签");
      hydrant.tag = reissued.tag!;

      const first = await check(pump.tag);
      expect(first).toMatchObject({ checked: 1, total: 2, complete: false, hazardId: null });
      expect(await errorMessage(check(pump.tag))).toBe("本轮已检查过该巡查点");
      // the hydrant's valve leaks: a hazard with the photo, the managers told
      const pic = await photo("安全员", unit.hospital!);
      const second = await check(hydrant.tag, [true, true, false, true], [pic]);
      expect(second.complete).toBe(true);
      expect(second.hazardId).toBeTruthy();
      patrolHazard = second.hazardId!;
      const h = await a.hazards.get(as("保卫科长"), patrolHazard);
      // assigned to the unit's manager at once, who is pushed
      expect(h).toMatchObject({ status: "ASSIGNED", source: "PATROL", place: "门诊楼一层消火栓" });
      expect(h.assignee?.name).toBe("保卫科长");
      expect(h.description).toContain("阀门无渗漏");
      expect(h.photos).toEqual([`/api/inspection/photos/${pic}`]);
      expect(await recipients(`hazard:${patrolHazard}:assigned:g1`)).toEqual([`staff:${staff["保卫科长"]}`]);
      expect(await rows(`hazard:${patrolHazard}:reported`)).toHaveLength(0);
      const round = await prisma.patrolRound.findFirstOrThrow({ where: { planId } });
      expect(round).toMatchObject({ status: "DONE", late: false });
    });

    it("fixing needs evidence, the fixer cannot verify, a major hazard needs the supervisor", async () => {
      // only managers assign, to the unit's own people or its maintenance company
      expect(await errorCode(a.hazards.assign(as("安全员"), patrolHazard, { assigneeId: staff["安全员"]! }))).toBe(
        "FORBIDDEN",
      );
      expect(
        await errorCode(a.hazards.assign(as("保卫科长"), patrolHazard, { assigneeId: staff["学校管理人"]! })),
      ).toBe("VALIDATION_FAILED");
      await a.hazards.assign(as("保卫科长"), patrolHazard, { assigneeId: staff["维保技师"]! });
      expect(await recipients(`hazard:${patrolHazard}:assigned:g2`)).toEqual([`staff:${staff["维保技师"]}`]);
      expect((await rows(`hazard:${patrolHazard}:assigned:g2`)).map((r) => r.channel).sort()).toEqual(["PUSH", "SMS"]);
      expect(await errorCode(a.hazards.start(as("安全员"), patrolHazard))).toBe("FORBIDDEN");
      await a.hazards.start(as("维保技师"), patrolHazard);
      expect(
        await errorMessage(a.hazards.fix(as("维保技师"), patrolHazard, { evidenceIds: [], note: "已更换阀门" })),
      ).toBe("请上传整改后的照片作为凭证");
      const schoolPic = await photo("学校管理人", unit.school!);
      expect(
        await errorCode(a.hazards.fix(as("维保技师"), patrolHazard, { evidenceIds: [schoolPic], note: "x" })),
      ).toBe("VALIDATION_FAILED");
      await a.hazards.fix(as("维保技师"), patrolHazard, {
        evidenceIds: [await photo("维保技师", unit.hospital!)],
        note: "已更换阀门",
      });
      expect((await a.hazards.get(as("保卫科长"), patrolHazard)).status).toBe("FIXED");
      // the review rejects it once, then the responsible person signs off
      await a.hazards.reject(as("保卫科长"), patrolHazard, { note: "压力表仍漏水" });
      expect((await a.hazards.get(as("保卫科长"), patrolHazard)).status).toBe("RECTIFYING");
      expect(await recipients(`hazard:${patrolHazard}:rejected`)).toEqual([`staff:${staff["维保技师"]}`]);
      await a.hazards.fix(as("保卫科长"), patrolHazard, {
        evidenceIds: [await photo("保卫科长", unit.hospital!)],
        note: "已处理",
      });
      expect(await errorMessage(a.hazards.verify(as("保卫科长"), patrolHazard, {}))).toBe(
        "整改人不能验收自己的整改，请由他人验收",
      );
      await a.hazards.verify(as("院长"), patrolHazard, { note: "合格" });
      const done = await a.hazards.get(as("院长"), patrolHazard);
      expect(done).toMatchObject({ status: "VERIFIED", fixedBy: "保卫科长", verifiedBy: "院长" });
      expect(done.events.map((e) => e.action)).toEqual([
        "reported",
        "assigned",
        "assigned",
        "started",
        "fixed",
        "rejected",
        "fixed",
        "verified",
      ]);
      expect(await errorCode(a.hazards.verify(as("院长"), patrolHazard, {}))).toBe("CONFLICT");

      const major = await a.hazards.report(as("监督员"), {
        unitId: unit.hospital!,
        place: "住院部三楼",
        category: "EVACUATION",
        description: "疏散楼梯间堆放杂物并上锁",
        severity: "MAJOR",
        photoIds: [],
      });
      await a.hazards.assign(as("监督员"), major.id, { assigneeId: staff["安全员"]! });
      // a major hazard: the responsible person hears of it at once
      expect(await recipients(`hazard:${major.id}:assigned`)).toEqual(
        [`staff:${staff["安全员"]}`, `staff:${staff["院长"]}`].sort(),
      );
      await a.hazards.fix(as("安全员"), major.id, {
        evidenceIds: [await photo("安全员", unit.hospital!)],
        note: "已清理",
      });
      expect(await errorMessage(a.hazards.verify(as("院长"), major.id, {}))).toBe("重大隐患须由消防监督员验收销案");
      await a.hazards.verify(as("监督员"), major.id, {});
    });

    it("an overdue hazard climbs manager, responsible person, regulator and supervisor, each step once across two instances", async () => {
      const start = clock.now().getTime();
      const h = await a.hazards.report(as("安全员"), {
        unitId: unit.hospital!,
        place: "厨房",
        category: "ELECTRICAL",
        description: "插线板串接使用",
        severity: "GENERAL",
        photoIds: [],
      });
      await a.hazards.assign(as("保卫科长"), h.id, {
        assigneeId: staff["安全员"]!,
        deadline: new Date(start + 48 * H),
      });
      const both = async () => {
        await Promise.all([a.hazards.runDue(), b.hazards.runDue()]);
        await Promise.all([a.settle(), b.settle()]);
      };
      const step = (n: number) => rows(`hazard:${h.id}:step:${n}`);
      await both();
      expect(await step(0)).toHaveLength(0);

      clock.set(new Date(start + 24 * H + 1)); // a day before the deadline
      await both();
      await both();
      expect(await recipients(`hazard:${h.id}:step:0`)).toEqual([`staff:${staff["安全员"]}`]);
      expect(await step(0)).toHaveLength(2); // PUSH and SMS, once
      expect((await a.hazards.get(as("保卫科长"), h.id)).status).toBe("ASSIGNED");

      clock.set(new Date(start + 48 * H + 1)); // the deadline
      await both();
      await both();
      expect(await recipients(`hazard:${h.id}:step:1`)).toEqual(
        [`staff:${staff["安全员"]}`, `staff:${staff["保卫科长"]}`].sort(),
      );
      expect(await step(1)).toHaveLength(4);
      const overdue = await a.hazards.get(as("保卫科长"), h.id);
      expect(overdue).toMatchObject({ status: "OVERDUE", overdue: true, escalationLevel: 1 });
      // overdue first in the list
      const list = await a.hazards.list(as("保卫科长"), { view: "open", offset: 0, limit: 10 });
      expect(list.items[0]!.id).toBe(h.id);
      expect(list.overdue).toBe(1);

      clock.set(new Date(start + 72 * H + 1));
      await both();
      expect(await recipients(`hazard:${h.id}:step:2`)).toContain(`staff:${staff["院长"]}`);
      expect((await a.hazards.get(as("保卫科长"), h.id)).status).toBe("ESCALATED");

      // a fix that is rejected does not restart the chain: the regulators' step is still to come, once
      await a.hazards.fix(as("安全员"), h.id, { evidenceIds: [await photo("安全员", unit.hospital!)], note: "已拆除" });
      await a.hazards.reject(as("保卫科长"), h.id, { note: "仍在使用" });
      expect((await a.hazards.get(as("保卫科长"), h.id)).status).toBe("ESCALATED");
      clock.set(new Date(start + 120 * H + 1));
      await both();
      await both();
      expect(await recipients(`hazard:${h.id}:step:3`)).toEqual(
        [`staff:${staff["院长"]}`, `staff:${staff["卫健局"]}`, `staff:${staff["监督员"]}`].sort(),
      );
      for (const n of [0, 1, 2]) {
        const keys = (await step(n)).map((r) => r.dedupeKey);
        expect(new Set(keys).size).toBe(keys.length);
      }
      expect(await step(0)).toHaveLength(2);
      expect(await step(1)).toHaveLength(4);
      const events = (await a.hazards.get(as("保卫科长"), h.id)).events.map((e) => e.action);
      expect(events.filter((e) => e === "due_soon")).toHaveLength(1);
      expect(events.filter((e) => e === "overdue")).toHaveLength(1);
      expect(events.filter((e) => e === "escalated")).toHaveLength(2);
    });

    it("each role sees its scope: unit, maintenance company, sector, county", async () => {
      const schoolHazard = await a.hazards.report(as("学校管理人"), {
        unitId: unit.school!,
        place: "宿舍楼",
        category: "EXTINGUISHERS",
        description: "灭火器过期",
        severity: "GENERAL",
        photoIds: [],
      });
      const seen = async (who: string) =>
        new Set((await a.hazards.list(as(who), { view: "all", offset: 0, limit: 100 })).items.map((h) => h.unit?.id));
      expect(await seen("保卫科长")).toEqual(new Set([unit.hospital]));
      expect(await seen("学校管理人")).toEqual(new Set([unit.school]));
      expect(await seen("维保技师")).toEqual(new Set([unit.hospital]));
      expect(await seen("卫健局")).toEqual(new Set([unit.hospital]));
      expect(await seen("教体局")).toEqual(new Set([unit.school]));
      expect(await seen("监督员")).toEqual(new Set([unit.hospital, unit.school]));
      expect(await errorCode(a.hazards.get(as("保卫科长"), schoolHazard.id))).toBe("NOT_FOUND");
      expect(await errorCode(a.hazards.get(as("卫健局"), schoolHazard.id))).toBe("NOT_FOUND");
      expect(
        await errorCode(a.hazards.assign(as("保卫科长"), schoolHazard.id, { assigneeId: staff["保卫科长"]! })),
      ).toBe("NOT_FOUND");
      const pic = await photo("安全员", unit.hospital!);
      expect(await errorCode(a.photos.read(as("学校管理人"), pic))).toBe("NOT_FOUND");
      expect((await a.photos.read(as("卫健局"), pic)).data.equals(JPEG)).toBe(true);
    });

    it("a daily patrol not done is flagged late, then missed, and the manager is told once", async () => {
      // the next county day: nobody patrols
      clock.set(countyInstant("2026-12-08", "17:00"));
      const round = () =>
        prisma.patrolRound.findUniqueOrThrow({
          where: { planId_slotStart: { planId, slotStart: countyInstant("2026-12-08", "08:00") } },
        });
      await a.patrols.sweep();
      await expect(round()).rejects.toThrow(); // still running: nothing to flag
      clock.set(countyInstant("2026-12-08", "18:30"));
      expect((await a.patrols.sweep()).late).toBeGreaterThan(0);
      expect(await round()).toMatchObject({ status: "OPEN", late: true });
      clock.set(countyInstant("2026-12-08", "19:01"));
      await Promise.all([a.patrols.sweep(), b.patrols.sweep()]);
      await a.patrols.sweep();
      const r = await round();
      expect(r.status).toBe("MISSED");
      expect(await recipients(`patrol:${r.id}:missed`)).toEqual([`staff:${staff["保卫科长"]}`]);
      expect(await rows(`patrol:${r.id}:missed`)).toHaveLength(2);
      const figures = await a.patrols.completion(
        as("卫健局"),
        countyInstant("2026-11-30", "00:00"),
        countyInstant("2026-12-09", "00:00"),
      );
      expect(figures).toHaveLength(1);
      expect(figures[0]).toMatchObject({ unitName: "县人民医院", due: 9, onTime: 1, missed: 8 });
    });

    it("a plan made mid-afternoon missed nothing that morning: only its slots from then on are swept and counted", async () => {
      clock.set(countyInstant("2026-12-09", "15:10"));
      const cp = await a.patrols.addCheckpoint(as("学校管理人"), { unitId: unit.school!, name: "食堂配电房" });
      const plan = await a.patrols.addPlan(as("学校管理人"), {
        unitId: unit.school!,
        name: "在校时间每2小时巡查",
        frequency: "EVERY_N_HOURS",
        everyHours: 2,
        windowStart: "08:00",
        windowEnd: "20:00",
        checkpointIds: [cp.id],
      });
      const rounds = () => prisma.patrolRound.findMany({ where: { planId: plan.id }, orderBy: { slotStart: "asc" } });
      // 08:00, 10:00 and 12:00 ended before the plan existed; 14:00-16:00 is running
      expect(await a.patrols.sweep()).toEqual({ late: 0, missed: 0 });
      expect(await rounds()).toEqual([]);
      clock.set(countyInstant("2026-12-09", "17:30"));
      expect((await a.patrols.sweep()).missed).toBe(1);
      const missed = await rounds();
      expect(missed.map((r) => [r.slotStart, r.status])).toEqual([[countyInstant("2026-12-09", "14:00"), "MISSED"]]);
      expect(await recipients(`patrol:${missed[0]!.id}:missed`)).toEqual([`staff:${staff["学校管理人"]}`]);
      const figures = await a.patrols.completion(
        as("教体局"),
        countyInstant("2026-12-09", "00:00"),
        countyInstant("2026-12-10", "00:00"),
      );
      // 16:00-18:00 is running; 18:00-20:00 has not begun and is not counted
      expect(figures).toEqual([expect.objectContaining({ unitName: "县第一中学", due: 1, missed: 1, open: 1 })]);
    });
  });
}
