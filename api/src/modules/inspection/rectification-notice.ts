// 责令改正通知书 (Order 61 art. 31; GB 25201 §5.5): a fire supervisor's inspection of a unit ends with a notice
// naming each hazard found, a deadline and the interim measures; every item becomes a hazard of the unit
// (source: 监督检查), given to the unit's fire-safety manager (else the responsible person) with the notice's
// deadline, so the reminders and the overdue chain run as for any hazard. No table of its own: the notice is
// the "notice" event each of its hazards carries (its number and the ids of all its items), so the notice can
// be printed from any of its hazards.
import { randomBytes } from "node:crypto";
import type { HazardSeverity, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { countyClockTime, countyDate } from "../../shared/county-time.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import type { HazardService } from "./hazard-service.ts";
import { MAX_DEADLINE_MS, MIN_DEADLINE_MS, SEVERITY_LABELS } from "./hazard-rules.ts";
import { ROLE_SETS } from "../../contract/roles.ts";
import { MAX_NOTICE_ITEMS } from "../../contract/inspection.ts";
export { MAX_NOTICE_ITEMS };

/** Who may issue a notice: the fire supervisor (and the administrator). */
export const NOTICE_ROLES = ROLE_SETS.county;
const NOTICE_ACTION = "notice";

export interface NoticeItemInput {
  place: string;
  category: string;
  description: string;
  severity: HazardSeverity;
  photoIds: string[];
}

export interface NoticeInput {
  unitId: string;
  deadline: Date;
  items: NoticeItemInput[];
  interimMeasures?: string | undefined;
  /** what the inspection covered (the checklist in words), printed on the notice */
  checked?: string | undefined;
}

/**
 * The event note, in words (the hazard's timeline shows it as it is): the notice's number, its deadline and
 * what was checked. The notice's other items are the hazards of the same unit carrying the same note.
 */
const when = (d: Date) => `${countyDate(d)} ${countyClockTime(d)}`;
const noteOf = (no: string, deadline: Date, checked: string | null) =>
  `责令改正通知书 ${no}：限 ${when(deadline)} 前改正${checked ? `；检查内容：${checked}` : ""}`;
const NOTE = /^责令改正通知书 (.+?)：限 (.+?) 前改正(?:；检查内容：([\s\S]*))?$/;

export class RectificationNotices {
  constructor(private readonly d: { prisma: Prisma; scopes: UnitScopes; hazards: HazardService; clock: Clock }) {}

  /** Issues the notice: one hazard per item, given to the unit's manager with the notice's deadline. */
  async issue(c: Caller, input: NoticeInput): Promise<{ no: string; hazardIds: string[] }> {
    const p = await this.d.scopes.principal(c);
    if (p.kind !== "staff" || !p.active || !(NOTICE_ROLES as readonly string[]).includes(p.role))
      throw new AppError("FORBIDDEN", "只有消防监督员可以下达责令改正通知书");
    await this.d.scopes.assertUnit(c, input.unitId);
    if (!input.items.length) throw new AppError("VALIDATION_FAILED", "通知书至少要有一项隐患");
    const now = this.d.clock.now();
    const span = input.deadline.getTime() - now.getTime();
    if (span < MIN_DEADLINE_MS || span > MAX_DEADLINE_MS)
      throw new AppError("VALIDATION_FAILED", "整改期限须在 1 小时到 90 天之间");
    const assignee =
      (await this.unitPerson(input.unitId, "UNIT_MANAGER")) ??
      (await this.unitPerson(input.unitId, "UNIT_RESPONSIBLE"));
    const hazardIds: string[] = [];
    for (const item of input.items) {
      const h = await this.d.hazards.report(c, {
        unitId: input.unitId,
        place: item.place,
        category: item.category,
        description: item.description,
        severity: item.severity,
        source: "SUPERVISOR",
        photoIds: item.photoIds,
        interimMeasures: input.interimMeasures,
      });
      hazardIds.push(h.id);
      if (assignee)
        await this.d.hazards.assign(c, h.id, {
          assigneeId: assignee.id,
          deadline: input.deadline,
          interimMeasures: input.interimMeasures,
        });
    }
    const no = `县消责改〔${countyDate(now).slice(0, 4)}〕${countyDate(now).slice(5).replace("-", "")}-${randomBytes(2).toString("hex").toUpperCase()} 号`;
    const note = noteOf(no, input.deadline, input.checked ?? null);
    await this.d.prisma.hazardEvent.createMany({
      data: hazardIds.map((hazardId) => ({ hazardId, at: now, actor: `staff:${p.id}`, action: NOTICE_ACTION, note })),
    });
    return { no, hazardIds };
  }

  private unitPerson(unitId: string, role: "UNIT_MANAGER" | "UNIT_RESPONSIBLE") {
    return this.d.prisma.staffUser.findFirst({
      where: { role, active: true, units: { some: { unitId } } },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
  }

  /** The notice a hazard belongs to, to print (404 when the hazard is not the caller's or has none). */
  async get(c: Caller, hazardId: string) {
    const first = await this.d.hazards.get(c, hazardId); // scoped: another unit's hazard is "not found"
    const firstUnit = first.unit;
    if (!firstUnit) throw new AppError("NOT_FOUND", "该隐患没有责令改正通知书");
    const ev = await this.d.prisma.hazardEvent.findFirst({
      where: { hazardId, action: NOTICE_ACTION },
      orderBy: { at: "asc" },
    });
    const mark = NOTE.exec(ev?.note ?? "");
    if (!ev || !mark) throw new AppError("NOT_FOUND", "该隐患没有责令改正通知书");
    const [unit, issuer, items] = await Promise.all([
      this.d.prisma.networkedUnit.findUnique({
        where: { id: firstUnit.id },
        select: { name: true, address: true, creditCode: true },
      }),
      this.d.prisma.staffUser.findUnique({ where: { id: ev.actor.replace(/^staff:/, "") }, select: { name: true } }),
      this.d.prisma.hazardEvent.findMany({
        where: { action: NOTICE_ACTION, note: ev.note, hazard: { unitId: firstUnit.id } },
        orderBy: [{ hazard: { createdAt: "asc" } }, { hazardId: "asc" }],
        take: MAX_NOTICE_ITEMS,
        select: {
          hazard: {
            select: { id: true, place: true, description: true, severity: true, status: true, interimMeasures: true },
          },
        },
      }),
    ]);
    const rows = items.map((i) => i.hazard);
    return {
      no: mark[1]!,
      unit: {
        id: firstUnit.id,
        name: unit?.name ?? firstUnit.name,
        address: unit?.address ?? "",
        creditCode: unit?.creditCode ?? "",
      },
      issuedAt: ev.at.toISOString(),
      issuedBy: issuer?.name ?? "",
      /** county time, "2026-12-09 17:00": as written on the notice */
      deadline: mark[2]!,
      checked: mark[3] ?? null,
      interimMeasures: rows.find((r) => r.interimMeasures)?.interimMeasures ?? null,
      items: rows.map((r) => ({
        hazardId: r.id,
        place: r.place,
        description: r.description,
        severity: r.severity,
        severityLabel: SEVERITY_LABELS[r.severity],
        status: r.status,
      })),
    };
  }
}

export type RectificationNotice = Awaited<ReturnType<RectificationNotices["get"]>>;
