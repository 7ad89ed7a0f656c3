// A patrol plan's rounds: one checkpoint of a round checked with its tag read on site (the code must be
// genuine, of the plan's unit, of a checkpoint in the plan and of the label's current issue; a failed item
// becomes a hazard), the sweep that marks rounds not finished by their slot's end late, and missed after the
// grace, telling the unit's managers once per missed round, and each unit's completion figures.
import { AppError } from "../../shared/errors.ts";
import { countyClockTime, countyDate } from "../../shared/county-time.ts";
import type { Caller } from "../units/unit-scope.ts";
import { GRACE_MS, slotFor, slotsBetween, type PlanTiming } from "./patrol-slots.ts";
import { has, strings, type PatrolDeps } from "./patrol-rows.ts";
import { ROLE_SETS } from "../../contract/roles.ts";
import { staffRecipient } from "../notifications/recipients.ts";

/** Who patrols (a unit's people and its maintenance technicians, in their scope). */
export const PATROL_ROLES = ROLE_SETS.patrollers;

export interface CheckResult {
  item: string;
  ok: boolean;
}

/** One checkpoint's check as the phone sends it: the tag's code as read, and each checklist item's result. */
export interface PatrolCheckInput {
  code: string;
  results: CheckResult[];
  note?: string | undefined;
  photoIds: string[];
  latitude?: number | undefined;
  longitude?: number | undefined;
}

export class PatrolRounds {
  constructor(private readonly d: PatrolDeps) {}

  /**
   * One checkpoint of a round, with the tag's code as read by the phone. Refused: a code that is not
   * genuine, of another unit, of a checkpoint outside the plan, or of a voided label; outside the plan's times.
   */
  async check(c: Caller, planId: string, b: PatrolCheckInput) {
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
   * (a round nobody started gets a row too), and tells the unit's managers once per missed round. A slot that
   * ended before the plan was made is left alone (a plan made at 15:00 missed nothing that morning).
   */
  async sweep(): Promise<{ late: number; missed: number }> {
    const now = this.d.clock.now();
    const plans = await this.d.prisma.patrolPlan.findMany({ where: { active: true }, take: 5000 });
    let late = 0;
    let missed = 0;
    for (const plan of plans) {
      for (const s of slotsSinceMade(plan, new Date(now.getTime() - 48 * 3600_000), now)) {
        if (s.due > now) continue; // running
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
          people: managers.map(staffRecipient),
          channels: ["PUSH", "SMS"],
        },
      ],
    });
  }

  /**
   * Rounds per unit in [from, to): how many were due, done on time, done late, missed, and open (begun, not yet
   * due) (units in scope), each plan's from when it was made; rounds that have not begun are not counted.
   */
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
      for (const s of slotsSinceMade(p, from, to)) {
        // a round not begun yet is nobody's to count: not due, not 进行中
        if (s.start < from || s.start > now) continue;
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

/**
 * A plan's slots between `from` and `to` (slotsBetween), none that ended before the plan was made: a plan made
 * at 15:00 missed nothing that morning, and its rounds there are nobody's to count.
 */
function slotsSinceMade(p: PlanTiming & { createdAt: Date }, from: Date, to: Date) {
  return slotsBetween(p, p.createdAt > from ? p.createdAt : from, to);
}
