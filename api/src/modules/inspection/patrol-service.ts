// Checkpoints, patrol plans and rounds (防火巡查 Order 61 art. 25, GB 25201 facility patrols). A check is
// recorded only with the checkpoint's tag read on site (CheckpointTags): the code must be genuine, of the
// plan's unit, of a checkpoint in the plan and of the label's current issue. A failed item becomes a
// hazard. The sweep marks rounds not finished by their slot's end late, and missed after the grace, and
// tells the unit's managers once per missed round.
import type { PatrolFrequency, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { countyClockTime, countyDate } from "../../shared/county-time.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import type { CheckpointTags } from "./checkpoint-tag.ts";
import type { NoticeSender } from "./hazard-rows.ts";
import type { HazardService } from "./hazard-service.ts";
import { MANAGER_ROLES } from "./hazard-rules.ts";
import { GRACE_MS, slotFor, slotsBetween, type PlanTiming } from "./patrol-slots.ts";
import type { InspectionPhotos } from "./photos.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

/** Who patrols (a unit's people and its maintenance technicians, in their scope). */
export const PATROL_ROLES = ROLE_SETS.patrollers;

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

export interface CheckResult {
  item: string;
  ok: boolean;
}

const has = (list: readonly string[], v: string) => list.includes(v);
const strings = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

export class PatrolService {
  constructor(
    private readonly d: {
      prisma: Prisma;
      scopes: UnitScopes;
      tags: CheckpointTags;
      hazards: HazardService;
      photos: InspectionPhotos;
      notices: NoticeSender;
      clock: Clock;
    },
  ) {}

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

  // ---- rounds ----

  /**
   * One checkpoint of a round, with the tag's code as read by the phone. Refused: a code that is not
   * genuine, of another unit, of a checkpoint outside the plan, or of a voided label; outside the plan's times.
   */
  async check(
    c: Caller,
    planId: string,
    b: {
      code: string;
      results: CheckResult[];
      note?: string | undefined;
      photoIds: string[];
      latitude?: number | undefined;
      longitude?: number | undefined;
    },
  ) {
    const plan = await this.d.prisma.patrolPlan.findUnique({ where: { id: planId } });
    if (!plan || !plan.active) throw new AppError("NOT_FOUND", "找不到该巡查计划");
    await this.d.scopes.assertUnit(c, plan.unitId).catch(() => {
      throw new AppError("NOT_FOUND", "找不到该巡查计划");
    });
    const p = await this.d.scopes.principal(c);
    if (p.role === "RESIDENT" || !has(PATROL_ROLES, p.role)) throw new AppError("FORBIDDEN", "当前账号不能巡查");
    const tag = this.d.tags.read(b.code);
    if (!tag) throw new AppError("VALIDATION_FAILED", "二维码无效：请扫描巡查点上的标签");
    if (tag.unitId !== plan.unitId) throw new AppError("VALIDATION_FAILED", "这是其他单位的巡查点标签");
    const cp = await this.d.prisma.inspectionCheckpoint.findUnique({ where: { id: tag.checkpointId } });
    if (!cp || cp.unitId !== plan.unitId || !cp.active) throw new AppError("VALIDATION_FAILED", "巡查点不存在或已停用");
    if (cp.tagVersion !== tag.version) throw new AppError("VALIDATION_FAILED", "该标签已作废，请使用新打印的标签");
    if (!strings(plan.checkpointIds).includes(cp.id)) throw new AppError("VALIDATION_FAILED", "该巡查点不在本计划内");
    const items = strings(cp.checklist);
    if (b.results.length !== items.length || b.results.some((r, i) => r.item !== items[i]))
      throw new AppError("VALIDATION_FAILED", "请逐项填写该巡查点的检查内容");
    await this.d.photos.assertOfUnit(plan.unitId, b.photoIds);
    const now = this.d.clock.now();
    const at = slotFor(plan, now);
    if (!at) throw new AppError("CONFLICT", "当前不在该计划的巡查时段内");
    const round = await this.d.prisma.patrolRound.upsert({
      where: { planId_slotStart: { planId, slotStart: at.slot.start } },
      create: { planId, unitId: plan.unitId, slotStart: at.slot.start, dueAt: at.slot.due },
      update: {},
    });
    if (round.status !== "OPEN") throw new AppError("CONFLICT", "该轮巡查已结束");
    const ok = b.results.every((r) => r.ok);
    let check;
    try {
      check = await this.d.prisma.patrolCheck.create({
        data: {
          roundId: round.id,
          unitId: plan.unitId,
          checkpointId: cp.id,
          staffUserId: c.id,
          at: now,
          ok,
          results: JSON.stringify(b.results),
          note: b.note ?? null,
          photoIds: JSON.stringify(b.photoIds),
          latitude: b.latitude ?? null,
          longitude: b.longitude ?? null,
        },
      });
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "本轮已检查过该巡查点");
      throw e;
    }
    let hazardId: string | null = null;
    if (!ok) {
      const failed = b.results.filter((r) => !r.ok).map((r) => r.item);
      const h = await this.d.hazards.report(
        c,
        {
          unitId: plan.unitId,
          place: cp.name,
          category: cp.facilityKind ?? "OTHER",
          description: `未通过：${failed.join("；")}${b.note ? `（${b.note}）` : ""}`.slice(0, 500),
          severity: "GENERAL",
          source: "PATROL",
          checkpointId: cp.id,
          photoIds: b.photoIds,
        },
        { checkId: check.id, autoAssign: true },
      );
      hazardId = h.id;
      await this.d.prisma.patrolCheck.update({ where: { id: check.id }, data: { hazardId } });
    }
    const done = await this.d.prisma.patrolCheck.count({ where: { roundId: round.id } });
    const total = strings(plan.checkpointIds).length;
    if (done >= total)
      await this.d.prisma.patrolRound.updateMany({
        where: { id: round.id, status: "OPEN" },
        data: { status: "DONE", completedAt: now, late: at.late || now >= round.dueAt },
      });
    return { roundId: round.id, checked: done, total, complete: done >= total, hazardId, late: at.late };
  }

  /**
   * Marks ended rounds of the last two days: late once the slot has ended undone, missed after the grace
   * (a round nobody started gets a row too), and tells the unit's managers once per missed round.
   */
  async sweep(): Promise<{ late: number; missed: number }> {
    const now = this.d.clock.now();
    const plans = await this.d.prisma.patrolPlan.findMany({ where: { active: true }, take: 5000 });
    let late = 0;
    let missed = 0;
    for (const plan of plans) {
      for (const s of slotsBetween(plan, new Date(now.getTime() - 48 * 3600_000), now)) {
        if (s.due > now) continue;
        const round = await this.d.prisma.patrolRound.upsert({
          where: { planId_slotStart: { planId: plan.id, slotStart: s.start } },
          create: { planId: plan.id, unitId: plan.unitId, slotStart: s.start, dueAt: s.due },
          update: {},
        });
        if (round.status !== "OPEN") continue;
        if (now.getTime() < s.due.getTime() + GRACE_MS) {
          const r = await this.d.prisma.patrolRound.updateMany({
            where: { id: round.id, late: false },
            data: { late: true },
          });
          late += r.count;
          continue;
        }
        const r = await this.d.prisma.patrolRound.updateMany({
          where: { id: round.id, status: "OPEN" },
          data: { status: "MISSED", late: true },
        });
        missed += r.count;
        await this.tellMissed(plan, round.id, s.start);
      }
    }
    return { late, missed };
  }

  private async tellMissed(plan: { unitId: string; name: string }, roundId: string, start: Date) {
    const [unit, managers] = await Promise.all([
      this.d.prisma.networkedUnit.findUnique({ where: { id: plan.unitId }, select: { name: true } }),
      this.d.prisma.staffUser.findMany({
        where: { role: "UNIT_MANAGER", active: true, units: { some: { unitId: plan.unitId } } },
        select: { id: true, name: true, phone: true },
        take: 50,
      }),
    ]);
    await this.d.notices.send({
      scope: `patrol:${roundId}:missed`,
      kind: "patrol",
      kindLabel: "巡查漏检",
      address: unit?.name ?? "",
      note: `「${plan.name}」${countyDate(start)} ${countyClockTime(start)} 开始的一轮巡查未完成`,
      to: [
        {
          people: managers.map((s) => ({
            key: `staff:${s.id}`,
            residentId: null,
            name: s.name,
            phone: s.phone,
            openid: null,
            staffId: s.id,
          })),
          channels: ["PUSH", "SMS"],
        },
      ],
    });
  }

  /** Rounds per unit in [from, to): how many were due, done on time, done late, missed (units in scope). */
  async completion(c: Caller, from: Date, to: Date) {
    const visible = await this.d.scopes.visibleIds(c);
    const plans = await this.d.prisma.patrolPlan.findMany({
      where: { active: true, ...(visible === "all" ? {} : { unitId: { in: visible } }) },
      take: 2000,
    });
    const now = this.d.clock.now();
    const rounds = await this.d.prisma.patrolRound.findMany({
      where: { planId: { in: plans.map((p) => p.id) }, slotStart: { gte: from, lt: to } },
      select: { planId: true, slotStart: true, status: true, late: true },
    });
    const byKey = new Map(rounds.map((r) => [`${r.planId}|${r.slotStart.getTime()}`, r]));
    const units = new Map<string, { due: number; onTime: number; late: number; missed: number; open: number }>();
    for (const p of plans) {
      const u = units.get(p.unitId) ?? { due: 0, onTime: 0, late: 0, missed: 0, open: 0 };
      for (const s of slotsBetween(p as PlanTiming, from, to)) {
        if (s.start < from) continue;
        const r = byKey.get(`${p.id}|${s.start.getTime()}`);
        if (s.due > now && r?.status !== "DONE") {
          u.open++;
          continue;
        }
        u.due++;
        if (r?.status === "DONE") {
          if (r.late) u.late++;
          else u.onTime++;
        } else if (now.getTime() >= s.due.getTime() + GRACE_MS) u.missed++;
        else u.late++;
      }
      units.set(p.unitId, u);
    }
    const names = await this.d.prisma.networkedUnit.findMany({
      where: { id: { in: [...units.keys()] } },
      select: { id: true, name: true },
    });
    return names
      .map((n) => {
        const u = units.get(n.id)!;
        return {
          unitId: n.id,
          unitName: n.name,
          ...u,
          rate: u.due ? Math.round(((u.onTime + u.late) / u.due) * 100) : null,
        };
      })
      .sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101));
  }
}
