// Hazards (火灾隐患) and their loop: reported -> assigned -> rectifying -> fixed (with evidence) -> verified by
// someone other than the fixer (the fire supervisor for a major hazard); a rejected review sends it back.
// Every push goes through the notifications outbox (NoticeService: rows stored first, one per event,
// person and channel). The reminders and the overdue chain are durable timers (Timer rows, kind "hazard"):
// a step runs once across API instances because its outbox rows are keyed per step and it is recorded by
// raising Hazard.escalationLevel with a conditional update, so a step that half ran is completed, never
// repeated, and a re-assignment or a rejected fix never sends a step twice.
//
// This file is the loop's transitions; beside it: hazard-reads.ts (lists, a hazard's page, who sees what),
// hazard-timers.ts (the reminders and overdue chain), hazard-notices.ts (who is told), resident-hazards.ts
// (a resident's reports) and hazard-rows.ts (what they share). HazardService keeps every public method.
import type { HazardSeverity, HazardSource, HazardStatus, PrismaNs, StaffRole } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller } from "../units/unit-scope.ts";
import {
  ASSIGNEE_ROLES,
  COMMUNITY_ASSIGNEE_ROLES,
  DEFAULT_DEADLINE_H,
  HAZARD_MANAGER_ROLES,
  MAJOR_VERIFIER_ROLES,
  MAX_DEADLINE_MS,
  MIN_DEADLINE_MS,
  REPORTER_ROLES,
  SOURCE_LABELS,
  STATUS_LABELS,
  mayMove,
  openStateAt,
  type StepAudience,
  type Transition,
} from "./hazard-rules.ts";
import { HazardNotifier } from "./hazard-notices.ts";
import { HazardReads, type HazardListQuery } from "./hazard-reads.ts";
import {
  companyOf,
  countyWhen,
  HAZARD_SELECT,
  has,
  ids,
  photoKeyOf,
  recordEvent,
  type HazardDeps,
  type HazardRow,
} from "./hazard-rows.ts";
import { HazardTimers } from "./hazard-timers.ts";
import { ResidentHazards, type ResidentHazardInput } from "./resident-hazards.ts";

export interface HazardInput {
  unitId: string;
  place: string;
  category: string;
  description: string;
  severity: HazardSeverity;
  source?: HazardSource | undefined;
  checkpointId?: string | undefined;
  photoIds: string[];
  interimMeasures?: string | undefined;
}

export class HazardService {
  private readonly reads: HazardReads;
  private readonly notifier: HazardNotifier;
  private readonly reminders: HazardTimers;
  private readonly residents: ResidentHazards;
  /** The timer loop's body: runs due reminder and escalation steps; returns how many ran. */
  readonly runDue: () => Promise<number>;

  constructor(private readonly d: HazardDeps) {
    this.reads = new HazardReads(d);
    this.notifier = new HazardNotifier(d);
    this.reminders = new HazardTimers(d, this.notifier);
    this.residents = new ResidentHazards(d, this.notifier, (id) => this.assignToManager(id));
    this.runDue = this.reminders.runDue;
  }

  // ---- reading (hazard-reads.ts) ----

  /** Whether the caller sees a community's hazards: its property company's people, the supervisor, admins. */
  seesCommunity(c: Caller, communityId: string): Promise<boolean> {
    return this.reads.seesCommunity(c, communityId);
  }

  list(c: Caller, q: HazardListQuery) {
    return this.reads.list(c, q);
  }

  get(c: Caller, id: string) {
    return this.reads.get(c, id);
  }

  /** Who may be named to fix a hazard: the unit's people and its maintenance company's technicians. */
  assignees(c: Caller, id: string): Promise<{ id: string; name: string; role: StaffRole }[]> {
    return this.reads.assignees(c, id);
  }

  // ---- a resident's reports (resident-hazards.ts) ----

  /** The community of one of a resident's households (not found unless they are a member of it). */
  residentCommunity(residentId: string, householdId: string): Promise<string> {
    return this.residents.residentCommunity(residentId, householdId);
  }

  /** A resident's report of a hazard in their community's shared places (residentId null: anonymous). */
  reportByResident(residentId: string | null, input: ResidentHazardInput): Promise<{ id: string }> {
    return this.residents.reportByResident(residentId, input);
  }

  /** The communities a public report may name (those with a property company to receive it), by name. */
  reportableCommunities(): Promise<{ id: string; name: string }[]> {
    return this.residents.reportableCommunities();
  }

  /** A resident's own reports, newest first, with what they are told of the progress. */
  residentReports(residentId: string, limit = 50) {
    return this.residents.residentReports(residentId, limit);
  }

  // ---- the loop ----

  /** A hazard found by a unit's people, its maintenance company or a supervisor (a round's failed item too). */
  async report(
    c: Caller,
    input: HazardInput,
    opts: { checkId?: string; autoAssign?: boolean; note?: string } = {},
  ): Promise<{ id: string }> {
    const p = await this.reads.who(c, REPORTER_ROLES, "当前账号不能上报隐患");
    await this.d.scopes.assertUnit(c, input.unitId);
    await this.d.photos.assertOfUnit(input.unitId, input.photoIds);
    if (input.checkpointId) {
      const cp = await this.d.prisma.inspectionCheckpoint.count({
        where: { id: input.checkpointId, unitId: input.unitId },
      });
      if (!cp) throw new AppError("VALIDATION_FAILED", "巡查点不属于该单位");
    }
    const now = this.d.clock.now();
    const source: HazardSource = input.source ?? (p.role === "FIRE_SUPERVISOR" ? "SUPERVISOR" : "STAFF");
    const h = await this.d.prisma.hazard.create({
      data: {
        unitId: input.unitId,
        checkpointId: input.checkpointId ?? null,
        place: input.place,
        category: input.category,
        description: input.description,
        severity: input.severity,
        source,
        reportedBy: `staff:${p.id}`,
        interimMeasures: input.interimMeasures ?? null,
        photoIds: JSON.stringify(input.photoIds),
        events: {
          create: {
            at: now,
            actor: `staff:${p.id}`,
            action: "reported",
            note: opts.note ?? (opts.checkId ? `巡查发现（检查记录 ${opts.checkId}）` : SOURCE_LABELS[source]),
          },
        },
      },
      select: { id: true },
    });
    // a round's failed item goes to the unit's manager at once; otherwise the managers are told to assign it
    if (opts.autoAssign && (await this.assignToManager(h.id))) return h;
    await this.notifier.push(h.id, `hazard:${h.id}:reported`, ["managers"], "新隐患待派发", "隐患上报");
    return h;
  }

  /** Names the unit's (first) fire-safety manager with the default deadline; false when it has none. */
  private async assignToManager(id: string): Promise<boolean> {
    const h = await this.d.prisma.hazard.findUnique({ where: { id }, select: HAZARD_SELECT });
    if (!h || h.status !== "REPORTED") return false;
    const company = h.unitId ? null : await companyOf(this.d.prisma, h.communityId);
    if (!h.unitId && !company) return false;
    const manager = await this.d.prisma.staffUser.findFirst({
      where: h.unitId
        ? { role: "UNIT_MANAGER", active: true, units: { some: { unitId: h.unitId } } }
        : { role: "PROPERTY_MANAGER", active: true, propertyCompanyId: company },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    if (!manager) return false;
    const now = this.d.clock.now();
    const deadline = new Date(now.getTime() + DEFAULT_DEADLINE_H[h.severity] * 3600_000);
    const generation = h.generation + 1;
    const r = await this.d.prisma.hazard.updateMany({
      where: { id, status: "REPORTED", generation: h.generation },
      data: { assigneeId: manager.id, deadline, status: "ASSIGNED", generation },
    });
    if (r.count !== 1) return false;
    await recordEvent(
      this.d,
      id,
      "system",
      "assigned",
      h.unitId
        ? `巡查发现，自动派给单位消防安全管理人，整改期限 ${countyWhen(deadline)}`
        : `住户报告，自动派给小区物业经理，整改期限 ${countyWhen(deadline)}`,
    );
    await this.reminders.schedule(id, generation, now, deadline, h.severity);
    await this.notifier.push(
      id,
      `hazard:${id}:assigned:g${generation}`,
      ["assignee"],
      h.unitId ? "巡查发现隐患，请整改或指派他人" : "住户报告小区隐患，请整改或指派他人",
      "隐患派发",
    );
    return true;
  }

  /** Names who fixes it and by when; notifies them (and the responsible person for a major hazard). */
  async assign(
    c: Caller,
    id: string,
    body: { assigneeId: string; deadline?: Date | undefined; interimMeasures?: string | undefined },
  ): Promise<void> {
    const p = await this.reads.who(c, HAZARD_MANAGER_ROLES, "只有单位消防安全责任人、管理人或监督员可以派发隐患");
    const h = await this.reads.load(c, id);
    if (!mayMove("assign", h.status)) throw new AppError("CONFLICT", `隐患${STATUS_LABELS[h.status]}，不能派发`);
    const assignee = await this.d.scopes.principal({ kind: "staff", id: body.assigneeId });
    if (h.unitId) {
      const unitId = h.unitId;
      if (!assignee.active || !has(ASSIGNEE_ROLES, assignee.role))
        throw new AppError("VALIDATION_FAILED", "整改责任人必须是该单位人员或其维保单位技术人员");
      await this.d.scopes.assertUnit({ kind: "staff", id: body.assigneeId }, unitId).catch(() => {
        throw new AppError("VALIDATION_FAILED", "整改责任人必须是该单位人员或其维保单位技术人员");
      });
    } else {
      const company = await companyOf(this.d.prisma, h.communityId);
      if (!assignee.active || !has(COMMUNITY_ASSIGNEE_ROLES, assignee.role) || assignee.propertyCompanyId !== company)
        throw new AppError("VALIDATION_FAILED", "整改责任人必须是该小区物业公司的人员");
    }
    const now = this.d.clock.now();
    const deadline = body.deadline ?? h.deadline ?? new Date(now.getTime() + DEFAULT_DEADLINE_H[h.severity] * 3600_000);
    const span = deadline.getTime() - now.getTime();
    // a deadline given must lie ahead (an earlier one is kept as it was: re-assigning does not reset the clock)
    if (body.deadline && (span < MIN_DEADLINE_MS || span > MAX_DEADLINE_MS))
      throw new AppError("VALIDATION_FAILED", "整改期限须在 1 小时到 90 天之间");
    const generation = h.generation + 1;
    const status: HazardStatus = h.status === "REPORTED" ? "ASSIGNED" : h.status;
    const r = await this.d.prisma.hazard.updateMany({
      where: { id, generation: h.generation, status: h.status },
      data: {
        assigneeId: body.assigneeId,
        deadline,
        status,
        generation,
        ...(body.interimMeasures !== undefined ? { interimMeasures: body.interimMeasures } : {}),
      },
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "隐患刚被他人修改，请刷新后重试");
    await recordEvent(this.d, id, `staff:${p.id}`, "assigned", `整改期限 ${countyWhen(deadline)}`);
    await this.reminders.cancel(id, h.generation, now);
    await this.reminders.schedule(id, generation, now, deadline, h.severity);
    const to: StepAudience[] = h.severity === "MAJOR" ? ["assignee", "responsible"] : ["assignee"];
    await this.notifier.push(id, `hazard:${id}:assigned:g${generation}`, to, "请按期整改隐患", "隐患派发");
  }

  async start(c: Caller, id: string): Promise<void> {
    const h = await this.reads.load(c, id);
    if (h.assigneeId !== c.id) throw new AppError("FORBIDDEN", "只有整改责任人可以开始整改");
    await this.move(h, "start", { status: h.status === "ASSIGNED" ? "RECTIFYING" : h.status });
    await recordEvent(this.d, id, `staff:${c.id}`, "started", null);
  }

  /** Fixed, with at least one photo of the result (GB 25201 / Order 61 art. 34: a record of the rectification). */
  async fix(c: Caller, id: string, body: { evidenceIds: string[]; note: string }): Promise<void> {
    const h = await this.reads.load(c, id);
    const p = await this.d.scopes.principal(c);
    if (h.assigneeId !== c.id && !has(HAZARD_MANAGER_ROLES, p.role))
      throw new AppError("FORBIDDEN", "只有整改责任人或单位管理人可以提交整改");
    if (!body.evidenceIds.length) throw new AppError("VALIDATION_FAILED", "请上传整改后的照片作为凭证");
    await this.d.photos.assertOfUnit(photoKeyOf(h), body.evidenceIds);
    const now = this.d.clock.now();
    await this.move(h, "fix", {
      status: "FIXED",
      fixedBy: c.id,
      fixedAt: now,
      evidenceIds: JSON.stringify([...new Set([...ids(h.evidenceIds), ...body.evidenceIds])]),
    });
    await recordEvent(this.d, id, `staff:${c.id}`, "fixed", body.note);
    await this.reminders.cancel(id, h.generation, now);
    await this.notifier.push(id, `hazard:${id}:fixed:${now.getTime()}`, ["managers"], "隐患已整改，请验收", "隐患验收");
  }

  /** The review finds the fix wanting: back to the person, with the remaining steps of the chain. */
  async reject(c: Caller, id: string, body: { note: string }): Promise<void> {
    const p = await this.reviewer(c, id);
    const h = p.hazard;
    const now = this.d.clock.now();
    const generation = h.generation + 1;
    await this.move(h, "reject", {
      status: openStateAt(now, h.deadline, h.escalationLevel),
      generation,
      fixedBy: null,
      fixedAt: null,
    });
    await recordEvent(this.d, id, `staff:${c.id}`, "rejected", body.note);
    if (h.deadline) await this.reminders.schedule(id, generation, now, h.deadline, h.severity);
    await this.notifier.push(
      id,
      `hazard:${id}:rejected:g${generation}`,
      ["assignee"],
      `整改未通过验收：${body.note}`,
      "验收未过",
    );
  }

  async verify(c: Caller, id: string, body: { note?: string | undefined }): Promise<void> {
    const p = await this.reviewer(c, id);
    const h = p.hazard;
    if (h.severity === "MAJOR" && !has(MAJOR_VERIFIER_ROLES, p.role))
      throw new AppError("FORBIDDEN", "重大隐患须由消防监督员验收销案");
    await this.move(h, "verify", { status: "VERIFIED", verifiedBy: c.id, verifiedAt: this.d.clock.now() });
    await recordEvent(this.d, id, `staff:${c.id}`, "verified", body.note ?? null);
  }

  private async reviewer(c: Caller, id: string) {
    const p = await this.reads.who(c, HAZARD_MANAGER_ROLES, "只有单位消防安全责任人、管理人或监督员可以验收");
    const hazard = await this.reads.load(c, id);
    if (hazard.status === "FIXED" && hazard.fixedBy === c.id)
      throw new AppError("FORBIDDEN", "整改人不能验收自己的整改，请由他人验收");
    return { role: p.role, hazard };
  }

  private async move(h: HazardRow, t: Transition, data: PrismaNs.HazardUpdateManyMutationInput): Promise<void> {
    if (!mayMove(t, h.status)) throw new AppError("CONFLICT", `隐患${STATUS_LABELS[h.status]}，不能执行此操作`);
    const r = await this.d.prisma.hazard.updateMany({
      where: { id: h.id, status: h.status, generation: h.generation },
      data,
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "隐患刚被他人修改，请刷新后重试");
  }
}
