// The roll-out programme (issue 19 part A): the county's dated phases and targets (settings, seeded from
// the plan), where the county stands, each unit's and old high-rise building's stage with its history and
// device plan, pilots and their demonstration meetings. Every read is within the caller's scope; the
// stage on the row and its history change together in one transaction.
//
// Beside it: programme-views.ts (what it shows, and the row mappers), subject-reads.ts (a subject's rows),
// stage-devices.ts (where a subject's stage and its devices disagree: flagged in the lists, counted, a filter).
import { coveringDeviceWhere, heartbeatModels } from "../dispatch/coverage.ts";
import type { Prisma, RolloutStage, StaffRole } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { countyDate, countyInstant, isCountyDate } from "../../shared/county-time.ts";
import type { Caller } from "../units/unit-scope.ts";
import { unitWhere } from "../units/unit-scope.ts";
import { ROLLOUT_STAGE_LABELS } from "../units/catalogue.ts";
import {
  PHASE_LABELS,
  PILOT_EDITOR_ROLES,
  PLAN_KIND_LABELS,
  PROGRAMME_EDITOR_ROLES,
  STAGE_EDITOR_ROLES,
  type StageSubject,
} from "./catalogue.ts";
import type { RolloutScopes } from "./rollout-scope.ts";
import { installedByKind, pilotOf, subjectRow } from "./subject-reads.ts";
import { MISMATCH_RULE, stageMismatches, subjectMismatch } from "./stage-devices.ts";
import {
  demonstrationView,
  emptyCounts,
  type Demonstration,
  type PhaseInput,
  type PhaseView,
  type ProgrammeOverview,
  type StageCounts,
  type SubjectHistory,
} from "./programme-views.ts";

const has = (list: readonly string[], v: string) => list.includes(v);
const LIST_LIMIT = 500;

export class ProgrammeService {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: RolloutScopes,
    private readonly clock: Clock,
  ) {}

  private async countyId(): Promise<string> {
    const c = await this.prisma.county.findFirst({ orderBy: { code: "asc" }, select: { id: true } });
    if (!c) throw new AppError("NOT_FOUND", "尚未设置县");
    return c.id;
  }

  private async role(c: Caller): Promise<StaffRole | "RESIDENT"> {
    return (await this.scopes.principal(c)).role;
  }

  async phases(): Promise<PhaseView[]> {
    const countyId = await this.countyId();
    const rows = await this.prisma.rolloutPhase.findMany({
      where: { countyId },
      orderBy: [{ sortOrder: "asc" }, { startsOn: "asc" }],
    });
    const today = countyDate(this.clock.now());
    return rows.map((r) => {
      const startsOn = countyDate(r.startsOn);
      const endsOn = countyDate(r.endsOn);
      return {
        code: r.code,
        label: PHASE_LABELS[r.code],
        name: r.name,
        startsOn,
        endsOn,
        target: r.target,
        targetPct: r.targetPct,
        status: today > endsOn ? "DONE" : today < startsOn ? "UPCOMING" : "CURRENT",
      };
    });
  }

  /** Sets the county's phases (each code once): the plan's dates and targets are settings. */
  async setPhases(c: Caller, phases: readonly PhaseInput[]): Promise<PhaseView[]> {
    if (!has(PROGRAMME_EDITOR_ROLES, await this.role(c)))
      throw new AppError("FORBIDDEN", "只有消防监督、领导小组办公室或管理员可以设置推进计划");
    const codes = new Set(phases.map((p) => p.code));
    if (codes.size !== phases.length) throw new AppError("VALIDATION_FAILED", "每个阶段只能设置一次");
    for (const p of phases) {
      if (!isCountyDate(p.startsOn) || !isCountyDate(p.endsOn))
        throw new AppError("VALIDATION_FAILED", `“${p.name}”的日期格式应为 YYYY-MM-DD`);
      if (p.endsOn < p.startsOn) throw new AppError("VALIDATION_FAILED", `“${p.name}”的结束日期早于开始日期`);
      if (p.targetPct !== undefined && p.targetPct !== null && (p.targetPct < 0 || p.targetPct > 100))
        throw new AppError("VALIDATION_FAILED", "目标比例应在 0 到 100 之间");
    }
    const countyId = await this.countyId();
    const order = Object.keys(PHASE_LABELS);
    await this.prisma.$transaction(
      phases.map((p) => {
        const data = {
          name: p.name,
          startsOn: countyInstant(p.startsOn, "00:00"),
          endsOn: countyInstant(p.endsOn, "00:00"),
          target: p.target ?? null,
          targetPct: p.targetPct ?? null,
          sortOrder: order.indexOf(p.code),
        };
        return this.prisma.rolloutPhase.upsert({
          where: { countyId_code: { countyId, code: p.code } },
          create: { countyId, code: p.code, ...data },
          update: data,
        });
      }),
    );
    return this.phases();
  }

  /**
   * Where the programme stands in the caller's scope. `onlyMismatched`: the lists hold only the units and
   * buildings whose stage their devices contradict (the counts stay the whole scope's).
   */
  async overview(c: Caller, opts: { onlyMismatched?: boolean } = {}): Promise<ProgrammeOverview> {
    const phases = await this.phases();
    const uWhere = unitWhere(await this.scopes.units.of(c));
    const bWhere = await this.scopes.buildingWhere(c);
    const now = this.clock.now();
    const unitsWhere = { AND: [uWhere, { active: true }] };
    const [mismatches, unitGroups, buildingGroups, pilots] = await Promise.all([
      stageMismatches(this.prisma, { units: unitsWhere, buildings: bWhere }, now),
      this.prisma.networkedUnit.groupBy({ by: ["rolloutStage"], where: unitsWhere, _count: { _all: true } }),
      this.prisma.building.groupBy({ by: ["rolloutStage"], where: bWhere, _count: { _all: true } }),
      this.prisma.networkedUnit.findMany({
        where: { AND: [uWhere, { pilot: true }] },
        orderBy: { name: "asc" },
        select: { id: true, name: true, rolloutStage: true, township: { select: { name: true } } },
      }),
    ]);
    const only = (ids: Map<string, unknown>) => (opts.onlyMismatched ? [{ id: { in: [...ids.keys()] } }] : []);
    const [units, buildings] = await Promise.all([
      this.prisma.networkedUnit.findMany({
        where: { AND: [uWhere, { active: true }, ...only(mismatches.units)] },
        orderBy: [{ pilot: "desc" }, { name: "asc" }],
        take: LIST_LIMIT,
        select: {
          id: true,
          name: true,
          rolloutStage: true,
          rolloutStageAt: true,
          pilot: true,
          township: { select: { name: true } },
        },
      }),
      this.prisma.building.findMany({
        where: { AND: [bWhere, ...only(mismatches.buildings)] },
        orderBy: [{ community: { name: "asc" } }, { name: "asc" }],
        take: LIST_LIMIT,
        select: {
          id: true,
          name: true,
          rolloutStage: true,
          rolloutStageAt: true,
          community: { select: { name: true } },
          units: { select: { _count: { select: { households: true } } } },
        },
      }),
    ]);
    const demos = pilots.length
      ? await this.prisma.pilotDemonstration.findMany({
          where: { unitId: { in: pilots.map((p) => p.id) } },
          orderBy: { heldAt: "asc" },
        })
      : [];
    const counts = (
      groups: { rolloutStage: RolloutStage; _count: { _all: number } }[],
      mismatched: number,
    ): StageCounts => {
      const byStage = emptyCounts();
      for (const g of groups) byStage[g.rolloutStage] = g._count._all;
      return { total: Object.values(byStage).reduce((a, b) => a + b, 0), byStage, mismatched };
    };
    const buildingList = buildings.map((b) => ({
      id: b.id,
      name: b.name,
      community: b.community.name,
      stage: b.rolloutStage,
      stageAt: b.rolloutStageAt?.toISOString() ?? null,
      households: b.units.reduce((n, u) => n + u._count.households, 0),
      mismatch: mismatches.buildings.get(b.id) ?? null,
    }));
    const households = await this.prisma.household.count({ where: { unit: { is: { building: { is: bWhere } } } } });
    // covered by the one rule the monthly dispatch and the county view use (a working smoke alarm heard
    // within its heartbeat window), not by the building's stage: the 50 % target is homes protected
    const householdsDone = await this.prisma.household.count({
      where: {
        unit: { is: { building: { is: bWhere } } },
        devices: { some: coveringDeviceWhere(await heartbeatModels(this.prisma), now) },
      },
    });
    const full = phases.find((p) => p.code === "FULL");
    return {
      today: countyDate(this.clock.now()),
      phases,
      current: phases.find((p) => p.status === "CURRENT") ?? null,
      mismatchRule: MISMATCH_RULE,
      units: counts(unitGroups, mismatches.units.size),
      buildings: {
        ...counts(buildingGroups, mismatches.buildings.size),
        households,
        householdsDone,
        pct: households ? Math.round((householdsDone / households) * 1000) / 10 : 0,
        targetPct: full?.targetPct ?? null,
      },
      pilots: pilots.map((p) => ({
        id: p.id,
        name: p.name,
        township: p.township.name,
        stage: p.rolloutStage,
        demonstrations: demos.filter((d) => d.unitId === p.id).map(demonstrationView),
      })),
      unitList: units.map((u) => ({
        id: u.id,
        name: u.name,
        township: u.township.name,
        stage: u.rolloutStage,
        stageAt: u.rolloutStageAt?.toISOString() ?? null,
        pilot: u.pilot,
        mismatch: mismatches.units.get(u.id) ?? null,
      })),
      buildingList,
    };
  }

  async history(c: Caller, subject: StageSubject, id: string): Promise<SubjectHistory> {
    await this.scopes.assertSubject(c, subject, id);
    const row = await subjectRow(this.prisma, subject, id);
    const [changes, plan] = await Promise.all([
      this.prisma.rolloutStageChange.findMany({ where: { subject, subjectId: id }, orderBy: { at: "asc" }, take: 200 }),
      this.prisma.rolloutDevicePlan.findMany({ where: { subject, subjectId: id }, orderBy: { deviceKind: "asc" } }),
    ]);
    const byIds = [...new Set(changes.map((x) => x.byUserId).filter((x): x is string => !!x))];
    const names = new Map(
      (await this.prisma.staffUser.findMany({ where: { id: { in: byIds } }, select: { id: true, name: true } })).map(
        (s) => [s.id, s.name],
      ),
    );
    const [installed, pilot, mismatch] = await Promise.all([
      installedByKind(this.prisma, subject, id),
      pilotOf(this.prisma, subject, id),
      subjectMismatch(this.prisma, subject, id, this.clock.now()),
    ]);
    return {
      subject,
      id,
      name: row.name,
      stage: row.stage,
      stageAt: row.stageAt?.toISOString() ?? null,
      mismatch,
      changes: changes.map((x) => ({
        stage: x.stage,
        stageLabel: ROLLOUT_STAGE_LABELS[x.stage],
        at: x.at.toISOString(),
        by: x.byUserId ? (names.get(x.byUserId) ?? null) : null,
        note: x.note,
      })),
      plan: plan.map((p) => ({
        deviceKind: p.deviceKind,
        label: PLAN_KIND_LABELS[p.deviceKind as keyof typeof PLAN_KIND_LABELS] ?? p.deviceKind,
        planned: p.planned,
        installed: installed.get(p.deviceKind) ?? 0,
      })),
      pilot,
    };
  }

  /**
   * Records a subject's stage (the row and its history together). ACCEPTED only comes from an accepted
   * acceptance; an installer moves only its own units and buildings into and through installation.
   */
  async setStage(
    c: Caller,
    subject: StageSubject,
    id: string,
    stage: RolloutStage,
    note?: string,
  ): Promise<SubjectHistory> {
    const p = await this.scopes.principal(c);
    if (!has(STAGE_EDITOR_ROLES, p.role)) throw new AppError("FORBIDDEN", "当前账号不能记录推进状态");
    await this.scopes.assertSubject(c, subject, id);
    if (stage === "ACCEPTED") throw new AppError("CONFLICT", "“已验收”只能由消防监督在验收中确认");
    if (p.role === "INSTALLER" && !["INSTALLING", "INSTALLED"].includes(stage))
      throw new AppError("FORBIDDEN", "安装单位只能记录“安装中”或“已安装”");
    const row = await subjectRow(this.prisma, subject, id);
    if (row.stage === "ACCEPTED") throw new AppError("CONFLICT", "已验收，不能再改推进状态");
    await this.recordStage(subject, id, stage, c.id, note ?? null);
    return this.history(c, subject, id);
  }

  /** The stage on the row and a history row, in one transaction (also used by acceptance). */
  async recordStage(
    subject: StageSubject,
    id: string,
    stage: RolloutStage,
    byUserId: string | null,
    note: string | null,
  ): Promise<void> {
    const at = this.clock.now();
    await this.prisma.$transaction([
      subject === "UNIT"
        ? this.prisma.networkedUnit.update({ where: { id }, data: { rolloutStage: stage, rolloutStageAt: at } })
        : this.prisma.building.update({ where: { id }, data: { rolloutStage: stage, rolloutStageAt: at } }),
      this.prisma.rolloutStageChange.create({ data: { subject, subjectId: id, stage, at, byUserId, note } }),
    ]);
  }

  /** Replaces a subject's device plan (devices planned by kind). */
  async setPlan(
    c: Caller,
    subject: StageSubject,
    id: string,
    items: readonly { deviceKind: string; planned: number }[],
  ): Promise<SubjectHistory> {
    if (!has(STAGE_EDITOR_ROLES, await this.role(c))) throw new AppError("FORBIDDEN", "当前账号不能制定设备方案");
    await this.scopes.assertSubject(c, subject, id);
    const kinds = new Set(items.map((i) => i.deviceKind));
    if (kinds.size !== items.length) throw new AppError("VALIDATION_FAILED", "每种设备只能填一次");
    for (const i of items)
      if (!(i.deviceKind in PLAN_KIND_LABELS))
        throw new AppError("VALIDATION_FAILED", `不认识的设备种类：${i.deviceKind}`);
    await this.prisma.$transaction([
      this.prisma.rolloutDevicePlan.deleteMany({ where: { subject, subjectId: id } }),
      this.prisma.rolloutDevicePlan.createMany({
        data: items
          .filter((i) => i.planned > 0)
          .map((i) => ({ subject, subjectId: id, deviceKind: i.deviceKind, planned: i.planned })),
      }),
    ]);
    return this.history(c, subject, id);
  }

  async setPilot(c: Caller, unitId: string, pilot: boolean): Promise<{ id: string; pilot: boolean }> {
    if (!has(PILOT_EDITOR_ROLES, await this.role(c)))
      throw new AppError("FORBIDDEN", "只有消防监督、领导小组办公室或管理员可以确定试点");
    await this.scopes.units.assertUnit(c, unitId);
    await this.prisma.networkedUnit.update({ where: { id: unitId }, data: { pilot } });
    return { id: unitId, pilot };
  }

  async addDemonstration(
    c: Caller,
    unitId: string,
    d: { heldAt: Date; place: string; attendees: number; notes?: string | undefined },
  ): Promise<Demonstration> {
    if (!has(PILOT_EDITOR_ROLES, await this.role(c)))
      throw new AppError("FORBIDDEN", "只有消防监督、领导小组办公室或管理员可以记录现场观摩");
    await this.scopes.units.assertUnit(c, unitId);
    const u = await this.prisma.networkedUnit.findUniqueOrThrow({ where: { id: unitId }, select: { pilot: true } });
    if (!u.pilot) throw new AppError("CONFLICT", "只有试点单位记录现场观摩会");
    const row = await this.prisma.pilotDemonstration.create({
      data: {
        unitId,
        heldAt: d.heldAt,
        place: d.place,
        attendees: d.attendees,
        notes: d.notes ?? null,
        createdByUserId: c.id,
      },
    });
    return demonstrationView(row);
  }
}
