// Checkpoints, patrol plans and rounds (防火巡查 Order 61 art. 25, GB 25201 facility patrols). A check is
// recorded only with the checkpoint's tag read on site (CheckpointTags): the code must be genuine, of the
// plan's unit, of a checkpoint in the plan and of the label's current issue. A failed item becomes a
// hazard. The sweep marks rounds not finished by their slot's end late, and missed after the grace, and
// tells the unit's managers once per missed round.
//
// This file is the checkpoints and plans; beside it: patrol-rounds.ts (a round's checks, the sweep, the
// completion figures) and patrol-rows.ts (what they share). PatrolService keeps every public method.
import type { PatrolFrequency } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller } from "../units/unit-scope.ts";
import { MANAGER_ROLES } from "./hazard-rules.ts";
import { PatrolRounds, type PatrolCheckInput } from "./patrol-rounds.ts";
import { has, strings, type PatrolDeps } from "./patrol-rows.ts";
import { slotFor } from "./patrol-slots.ts";

export { PATROL_ROLES, type CheckResult } from "./patrol-rounds.ts";

/** The checklist a checkpoint starts with, by facility (GB 25201 appendix items, shortened). */
export const CHECKLISTS: Record<string, string[]> = {
  HYDRANT_SYSTEM: ["箱门能正常打开", "水带、水枪齐全完好", "阀门无渗漏", "压力表在正常范围"],
  EXTINGUISHERS: ["数量齐全、位置未移动", "压力指针在绿区", "瓶体无锈蚀、喷管完好", "在有效期内"],
  FIRE_DOORS: ["常闭防火门处于关闭状态", "闭门器、顺序器完好", "门前无堆物"],
  EMERGENCY_LIGHTING: ["应急照明灯完好", "疏散指示标志亮起且方向正确"],
  FIRE_PUMP: ["水泵控制柜处于自动状态", "阀门处于开启状态", "无渗漏、无异响"],
  AUTO_FIRE_ALARM: ["控制器运行正常、无故障", "无屏蔽点", "值班记录完整"],
  DEFAULT: ["疏散通道、安全出口畅通", "无违规用火用电", "消防设施完好"],
};

export class PatrolService {
  private readonly rounds: PatrolRounds;

  constructor(private readonly d: PatrolDeps) {
    this.rounds = new PatrolRounds(d);
  }

  private async manager(c: Caller, unitId: string) {
    await this.d.scopes.assertUnit(c, unitId);
    const p = await this.d.scopes.principal(c);
    if (p.role === "RESIDENT" || !has(MANAGER_ROLES, p.role))
      throw new AppError("FORBIDDEN", "只有单位消防安全责任人、管理人或监督员可以设置巡查");
  }

  // ---- checkpoints ----

  async addCheckpoint(
    c: Caller,
    b: {
      unitId: string;
      name: string;
      keyPartId?: string | undefined;
      facilityKind?: string | undefined;
      checklist?: string[] | undefined;
    },
  ) {
    await this.manager(c, b.unitId);
    if (b.keyPartId && !(await this.d.prisma.keyPart.count({ where: { id: b.keyPartId, unitId: b.unitId } })))
      throw new AppError("VALIDATION_FAILED", "重点部位不属于该单位");
    const checklist = b.checklist?.length ? b.checklist : (CHECKLISTS[b.facilityKind ?? ""] ?? CHECKLISTS.DEFAULT!);
    try {
      const cp = await this.d.prisma.inspectionCheckpoint.create({
        data: {
          unitId: b.unitId,
          name: b.name,
          keyPartId: b.keyPartId ?? null,
          facilityKind: b.facilityKind ?? null,
          checklist: JSON.stringify(checklist),
        },
      });
      return this.checkpointView(cp, true);
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "该单位已有同名巡查点");
      throw e;
    }
  }

  private checkpointView(
    cp: {
      id: string;
      unitId: string;
      name: string;
      facilityKind: string | null;
      checklist: string;
      tagVersion: number;
      active: boolean;
    },
    withTag: boolean,
  ) {
    return {
      id: cp.id,
      unitId: cp.unitId,
      name: cp.name,
      facilityKind: cp.facilityKind,
      checklist: strings(cp.checklist),
      active: cp.active,
      tagVersion: cp.tagVersion,
      // the label's text: only for those who print labels (a code copied from a list is no proof of presence)
      tag: withTag ? this.d.tags.sign({ checkpointId: cp.id, unitId: cp.unitId, version: cp.tagVersion }) : null,
    };
  }

  async checkpoints(c: Caller, unitId: string) {
    await this.d.scopes.assertUnit(c, unitId);
    const p = await this.d.scopes.principal(c);
    const rows = await this.d.prisma.inspectionCheckpoint.findMany({
      where: { unitId },
      orderBy: { name: "asc" },
      take: 500,
    });
    return rows.map((r) => this.checkpointView(r, p.role !== "RESIDENT" && has(MANAGER_ROLES, p.role)));
  }

  /** Prints a new issue of the label: every earlier one (copied, photographed, lost) is refused from now on. */
  async reissueTag(c: Caller, checkpointId: string) {
    const cp = await this.d.prisma.inspectionCheckpoint.findUnique({ where: { id: checkpointId } });
    if (!cp) throw new AppError("NOT_FOUND", "找不到该巡查点");
    await this.manager(c, cp.unitId);
    const next = await this.d.prisma.inspectionCheckpoint.update({
      where: { id: checkpointId },
      data: { tagVersion: { increment: 1 } },
    });
    return this.checkpointView(next, true);
  }

  // ---- plans ----

  async addPlan(
    c: Caller,
    b: {
      unitId: string;
      name: string;
      frequency: PatrolFrequency;
      everyHours?: number | undefined;
      windowStart: string;
      windowEnd: string;
      checkpointIds: string[];
      staffUserId?: string | undefined;
    },
  ) {
    await this.manager(c, b.unitId);
    if (b.frequency === "EVERY_N_HOURS" && !b.everyHours)
      throw new AppError("VALIDATION_FAILED", "请填写每几小时巡查一次");
    const n = await this.d.prisma.inspectionCheckpoint.count({
      where: { id: { in: b.checkpointIds }, unitId: b.unitId, active: true },
    });
    if (n !== new Set(b.checkpointIds).size) throw new AppError("VALIDATION_FAILED", "巡查点不存在或不属于该单位");
    return this.d.prisma.patrolPlan.create({
      data: {
        unitId: b.unitId,
        name: b.name,
        frequency: b.frequency,
        everyHours: b.frequency === "EVERY_N_HOURS" ? (b.everyHours ?? null) : null,
        windowStart: b.windowStart,
        windowEnd: b.windowEnd,
        checkpointIds: JSON.stringify([...new Set(b.checkpointIds)]),
        staffUserId: b.staffUserId ?? null,
        // rounds count from here on the clock the sweep reads: a slot that ended before the plan is nobody's miss
        createdAt: this.d.clock.now(),
      },
      select: { id: true, name: true, frequency: true, everyHours: true, windowStart: true, windowEnd: true },
    });
  }

  async plans(c: Caller, unitId: string) {
    await this.d.scopes.assertUnit(c, unitId);
    const rows = await this.d.prisma.patrolPlan.findMany({ where: { unitId, active: true }, take: 100 });
    return rows.map((p) => ({ ...p, checkpointIds: strings(p.checkpointIds), createdAt: p.createdAt.toISOString() }));
  }

  /**
   * The plans the caller patrols now, in every unit they see, with each checkpoint's checklist (never the
   * tag's code) and which checkpoints the current round has done: the patrol screen of the mini-program.
   */
  async myPlans(c: Caller) {
    const visible = await this.d.scopes.visibleIds(c, 500);
    const plans = await this.d.prisma.patrolPlan.findMany({
      where: {
        active: true,
        ...(visible === "all" ? {} : { unitId: { in: visible } }),
        OR: [{ staffUserId: null }, { staffUserId: c.id }],
      },
      orderBy: { createdAt: "asc" },
      take: 50,
    });
    const now = this.d.clock.now();
    const cpIds = [...new Set(plans.flatMap((p) => strings(p.checkpointIds)))];
    const [cps, units] = await Promise.all([
      this.d.prisma.inspectionCheckpoint.findMany({ where: { id: { in: cpIds }, active: true } }),
      this.d.prisma.networkedUnit.findMany({
        where: { id: { in: [...new Set(plans.map((p) => p.unitId))] } },
        select: { id: true, name: true },
      }),
    ]);
    const out = [];
    for (const p of plans) {
      const at = slotFor(p, now);
      const round = at
        ? await this.d.prisma.patrolRound.findUnique({
            where: { planId_slotStart: { planId: p.id, slotStart: at.slot.start } },
            select: { status: true, checks: { select: { checkpointId: true } } },
          })
        : null;
      const done = new Set(round?.checks.map((x) => x.checkpointId) ?? []);
      out.push({
        id: p.id,
        name: p.name,
        unit: { id: p.unitId, name: units.find((u) => u.id === p.unitId)?.name ?? "" },
        slot: at ? { start: at.slot.start.toISOString(), due: at.slot.due.toISOString(), late: at.late } : null,
        roundStatus: round?.status ?? (at ? "OPEN" : null),
        checkpoints: strings(p.checkpointIds).flatMap((id) => {
          const cp = cps.find((x) => x.id === id);
          return cp ? [{ id, name: cp.name, checklist: strings(cp.checklist), done: done.has(id) }] : [];
        }),
      });
    }
    return out;
  }

  // ---- rounds (patrol-rounds.ts) ----

  /** One checkpoint of a round, with the tag's code as read by the phone (refused unless read on site). */
  check(c: Caller, planId: string, b: PatrolCheckInput) {
    return this.rounds.check(c, planId, b);
  }

  /** Marks ended rounds late, then missed, and tells the unit's managers once per missed round. */
  sweep(): Promise<{ late: number; missed: number }> {
    return this.rounds.sweep();
  }

  /** Rounds per unit in [from, to): how many were due, done on time, done late, missed (units in scope). */
  completion(c: Caller, from: Date, to: Date) {
    return this.rounds.completion(c, from, to);
  }
}
