// The monthly dispatch (每月调度) for the leading group, the coverage curve, talks with laggards (约谈),
// commendations and unit scores (issue 19). Who sees what is decided here, on the server: the supervisor,
// the programme office and admins see the county; a township coordinator their township; a sector regulator
// the units of their sector (and, for the housing department, the old high-rise communities).
import type { Prisma, PrismaNs, RolloutSubject, SectorDepartment } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { DISPATCH_WRITERS } from "../../contract/dispatch.ts";
import { addDays, countyDate, countyInstant } from "../../shared/county-time.ts";
import { SECTOR_LABELS } from "../units/catalogue.ts";
import { unitWhere, type Caller, type UnitScopes } from "../units/unit-scope.ts";
import { COVERAGE_RULE, communityCoverage } from "./coverage.ts";
import { COUNTY_SCOPE_ID } from "./coverage-daily.ts";
import type {
  Commendation,
  CommendationInput,
  CoverageHistory,
  HistoryQuery,
  MonthlyDispatch,
  Progress,
  Talk,
  TalkInput,
  TalkPatch,
  UnitScores,
} from "../../contract/dispatch.schemas.ts";
import {
  BEHIND_RULE,
  defaultPhases,
  reached,
  requiredCoverage,
  requiredUnit,
  STAGE_LABELS,
  STAGE_ORDER,
  unitBehind,
  type Phase,
} from "./plan.ts";
import { SCORE_DAYS, SCORE_RULE, score, scoreParts, type UnitFigures } from "./scores.ts";

export type DispatchScope =
  { kind: "county" } | { kind: "township"; townshipId: string } | { kind: "sector"; sector: SectorDepartment };

export { DISPATCH_WRITERS };

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 1000 : 0);
const MAX_LIST = 500;
/** How often a viewed month's snapshot is rewritten. */
export const SNAPSHOT_EVERY_MS = 10 * 60_000;

export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

interface UnitRow {
  id: string;
  name: string;
  townshipId: string;
  township: { name: string };
  sector: SectorDepartment;
  keyUnit: boolean;
  hasAutoFireAlarm: boolean;
  pilot: boolean;
  rolloutStage: PrismaNs.NetworkedUnitGetPayload<object>["rolloutStage"];
  installerCompanyId: string | null;
}

type SnapshotFigures = Pick<MonthlyDispatch, "byPhase" | "byTownship" | "bySector" | "byInstaller" | "total">;

export class DispatchService {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
  ) {}

  async scopeOf(c: Caller): Promise<DispatchScope> {
    const s = await this.scopes.of(c);
    const p = await this.scopes.principal(c);
    if (s.kind === "county" && p.role !== "CENTRE_OPERATOR") return { kind: "county" };
    if (s.kind === "township") return s;
    if (s.kind === "sector") return s;
    throw new AppError("FORBIDDEN", "每月调度仅供监督员、领导小组办公室、乡镇协调员和行业主管部门查看");
  }

  /** The county's phases (settings), or the plan's dates for the current year while none are set. */
  async phases(now: Date): Promise<{ phases: Phase[]; fromPlan: boolean }> {
    const rows = await this.prisma.rolloutPhase.findMany({ orderBy: [{ sortOrder: "asc" }, { startsOn: "asc" }] });
    if (rows.length) return { phases: rows, fromPlan: false };
    return { phases: defaultPhases(Number(countyDate(now).slice(0, 4))), fromPlan: true };
  }

  private async communitiesIn(s: DispatchScope) {
    if (s.kind === "sector" && s.sector !== "HOUSING") return [];
    return this.prisma.community.findMany({
      where: s.kind === "township" ? { townshipId: s.townshipId } : {},
      select: { id: true, name: true, townshipId: true, township: { select: { name: true } } },
      orderBy: { name: "asc" },
    });
  }

  private unitsWhere(s: DispatchScope): PrismaNs.NetworkedUnitWhereInput {
    return { active: true, ...unitWhere(s) };
  }

  private async units(s: DispatchScope): Promise<UnitRow[]> {
    return this.prisma.networkedUnit.findMany({
      where: this.unitsWhere(s),
      select: {
        id: true,
        name: true,
        townshipId: true,
        township: { select: { name: true } },
        sector: true,
        keyUnit: true,
        hasAutoFireAlarm: true,
        pilot: true,
        rolloutStage: true,
        installerCompanyId: true,
      },
      orderBy: { name: "asc" },
    });
  }

  async monthly(c: Caller, month?: string): Promise<MonthlyDispatch> {
    const s = await this.scopeOf(c);
    const now = this.clock.now();
    const current = countyDate(now).slice(0, 7);
    const m = month ?? current;
    if (m > current) throw new AppError("VALIDATION_FAILED", "还没到该月");
    if (m < current) {
      if (s.kind !== "county") throw new AppError("FORBIDDEN", "往月调度仅供全县查看");
      const snap = await this.prisma.monthlyDispatchSnapshot.findUnique({ where: { month: m } });
      if (!snap) throw notFound("该月的调度记录");
      return { ...(JSON.parse(snap.figures) as MonthlyDispatch), live: false };
    }
    const d = await this.live(s, m, now);
    if (s.kind === "county") await this.keepSnapshot(m, d);
    return d;
  }

  /** The county's figures at `now`, kept as the snapshot of `month` (the demo seed's "last month"). */
  async snapshotCounty(month: string, now: Date): Promise<MonthlyDispatch> {
    const d = await this.live({ kind: "county" }, month, now, true);
    await this.keepSnapshot(month, d, true);
    return d;
  }

  /**
   * The month's figures as generated, kept for "change since last month": the latest generation wins, written
   * at most once every SNAPSHOT_EVERY_MS (a page viewed all day does not rewrite hundreds of kilobytes a view).
   */
  private async keepSnapshot(month: string, d: MonthlyDispatch, force = false): Promise<void> {
    const at = new Date(d.generatedAt);
    if (!force) {
      const kept = await this.prisma.monthlyDispatchSnapshot.findUnique({
        where: { month },
        select: { generatedAt: true },
      });
      if (kept && at.getTime() - kept.generatedAt.getTime() < SNAPSHOT_EVERY_MS) return;
    }
    const figures = JSON.stringify(d);
    try {
      await this.prisma.monthlyDispatchSnapshot.upsert({
        where: { month },
        create: { month, figures, generatedAt: new Date(d.generatedAt) },
        update: { figures, generatedAt: new Date(d.generatedAt) },
      });
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e; // another instance created it at the same moment
    }
  }

  private async previous(month: string): Promise<{ month: string; rows: Map<string, Progress> } | null> {
    const prev = previousMonth(month);
    const snap = await this.prisma.monthlyDispatchSnapshot.findUnique({ where: { month: prev } });
    if (!snap) return null;
    const f = JSON.parse(snap.figures) as SnapshotFigures;
    const rows = new Map<string, Progress>();
    for (const [k, list] of [
      ["phase", f.byPhase],
      ["township", f.byTownship],
      ["sector", f.bySector],
      ["installer", f.byInstaller],
    ] as const) {
      for (const r of list ?? []) rows.set(`${k}:${r.id}`, r);
    }
    if (f.total) rows.set("total:all", f.total);
    return { month: prev, rows };
  }

  /**
   * Units as they stood at `at`, from their stage history (RolloutStageChange): the last change by then; a
   * unit whose first recorded change is later stood one stage before it; a unit with no history as it is now.
   */
  private async unitsAt(s: DispatchScope, at: Date): Promise<UnitRow[]> {
    const units = await this.units(s);
    const changes = await this.prisma.rolloutStageChange.findMany({
      where: { subject: "UNIT", subjectId: { in: units.map((u) => u.id) } },
      orderBy: { at: "asc" },
      select: { subjectId: true, stage: true, at: true },
    });
    const by = new Map<string, typeof changes>();
    for (const c of changes) by.set(c.subjectId, [...(by.get(c.subjectId) ?? []), c]);
    return units.map((u) => {
      const cs = by.get(u.id);
      if (!cs?.length) return u;
      const before = cs.filter((c) => c.at <= at).at(-1);
      const stage = before
        ? before.stage
        : (STAGE_ORDER[Math.max(0, STAGE_ORDER.indexOf(cs[0]!.stage) - 1)] ?? "NOT_STARTED");
      return { ...u, rolloutStage: stage };
    });
  }

  private async live(s: DispatchScope, month: string, now: Date, asThen = false): Promise<MonthlyDispatch> {
    const [{ phases, fromPlan }, units, communities, installers, prev] = await Promise.all([
      this.phases(now),
      asThen ? this.unitsAt(s, now) : this.units(s),
      this.communitiesIn(s),
      this.prisma.serviceCompany.findMany({ select: { id: true, name: true } }),
      this.previous(month),
    ]);
    const required = units.filter(requiredUnit);
    const behindOf = new Map(required.map((u) => [u.id, unitBehind(u, phases, now)]));
    const progress = (key: string, id: string, name: string, us: readonly UnitRow[], acceptanceOnly = false) => {
      const done = us.filter((u) => reached(u.rolloutStage, acceptanceOnly ? "ACCEPTED" : "INSTALLED")).length;
      const accepted = us.filter((u) => u.rolloutStage === "ACCEPTED").length;
      const behind = us.filter((u) => behindOf.get(u.id)).length;
      const p = prev?.rows.get(`${key}:${id}`);
      return {
        id,
        name,
        target: us.length,
        done,
        accepted,
        behind,
        change: p ? { done: done - p.done, accepted: accepted - p.accepted, behind: behind - p.behind } : null,
      };
    };
    const groups = <K extends string>(key: string, of: (u: UnitRow) => K | null, nameOf: (k: K) => string) => {
      const m = new Map<K, UnitRow[]>();
      for (const u of required) {
        const k = of(u);
        if (k === null) continue;
        m.set(k, [...(m.get(k) ?? []), u]);
      }
      return [...m]
        .map(([k, us]) => progress(key, k, nameOf(k), us))
        .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    };
    const townshipNames = new Map(units.map((u) => [u.townshipId, u.township.name]));
    for (const c of communities) townshipNames.set(c.townshipId, c.township.name);
    const installerNames = new Map(installers.map((i) => [i.id, i.name]));

    const phaseName = (code: string) => phases.find((p) => p.code === code)?.name ?? code;
    const byPhase = [
      progress(
        "phase",
        "PILOT",
        `${phaseName("PILOT")}（试点单位）`,
        required.filter((u) => u.pilot),
      ),
      progress("phase", "FULL", `${phaseName("FULL")}（应接入单位安装）`, required),
      progress("phase", "ACCEPTANCE", `${phaseName("ACCEPTANCE")}（应接入单位验收）`, required, true),
    ];

    // coverage of old high-rise homes now, against the share due by today
    const need = requiredCoverage(phases, now);
    const counts = communities.length
      ? await communityCoverage(
          this.prisma,
          now,
          communities.map((c) => c.id),
        )
      : [];
    const countOf = new Map(counts.map((r) => [r.communityId, r]));
    const cov = (id: string, name: string, households: number, covered: number) => {
      const r = rate(covered, households);
      return { id, name, households, covered, rate: r, required: need, behind: households > 0 && r < need };
    };
    const communityCov = communities
      .filter((c) => (countOf.get(c.id)?.households ?? 0) > 0)
      .map((c) => {
        const r = countOf.get(c.id)!;
        return { ...cov(c.id, c.name, r.households, r.covered), township: c.township.name };
      });
    const townshipCov = [...new Set(communityCov.map((c) => communities.find((x) => x.id === c.id)!.townshipId))].map(
      (t) => {
        const cs = communityCov.filter((c) => communities.find((x) => x.id === c.id)!.townshipId === t);
        return cov(
          t,
          townshipNames.get(t) ?? t,
          cs.reduce((n, c) => n + c.households, 0),
          cs.reduce((n, c) => n + c.covered, 0),
        );
      },
    );
    const countyCov = cov(
      s.kind === "township" ? s.townshipId : COUNTY_SCOPE_ID,
      s.kind === "township" ? (townshipNames.get(s.townshipId) ?? "") : "全县",
      communityCov.reduce((n, c) => n + c.households, 0),
      communityCov.reduce((n, c) => n + c.covered, 0),
    );

    const laggardUnits = required
      .filter((u) => behindOf.get(u.id))
      .map((u) => {
        const b = behindOf.get(u.id)!;
        return {
          id: u.id,
          name: u.name,
          township: u.township.name,
          sector: SECTOR_LABELS[u.sector],
          stage: STAGE_LABELS[u.rolloutStage],
          required: STAGE_LABELS[b.stage],
          reason: `${b.phase.name}阶段（${countyDate(b.phase.startsOn)} 至 ${countyDate(b.phase.endsOn)}）要求达到“${STAGE_LABELS[b.stage]}”`,
        };
      })
      .slice(0, MAX_LIST);

    const names = await this.names(units, communities);
    const [talks, commendations, centres] = await Promise.all([
      this.talksIn(s, units, communities, names),
      this.commendationsIn(s, units, communities, month, names),
      this.centres(s, communities, now),
    ]);

    const figures = {
      byPhase,
      byTownship: groups(
        "township",
        (u) => u.townshipId,
        (k) => townshipNames.get(k) ?? k,
      ),
      bySector: groups(
        "sector",
        (u) => u.sector,
        (k) => SECTOR_LABELS[k],
      ),
      byInstaller: groups(
        "installer",
        (u) => u.installerCompanyId ?? "none",
        (k) => (k === "none" ? "未指定安装单位" : (installerNames.get(k) ?? k)),
      ),
      total: progress("total", "all", "合计", required),
    };
    const today = now;
    return {
      month,
      generatedAt: now.toISOString(),
      scope:
        s.kind === "county"
          ? "全县"
          : s.kind === "township"
            ? (townshipNames.get(s.townshipId) ?? "本乡镇")
            : SECTOR_LABELS[s.sector],
      live: true,
      previousMonth: prev?.month ?? null,
      phases: phases.map((p) => ({
        code: p.code,
        name: p.name,
        startsOn: countyDate(p.startsOn),
        endsOn: countyDate(p.endsOn),
        target: p.target,
        targetPct: p.targetPct,
        state: today > p.endsOn ? "done" : today >= p.startsOn ? "running" : "upcoming",
      })),
      phasesFromPlan: fromPlan,
      behindRule: BEHIND_RULE,
      coverageRule: COVERAGE_RULE,
      ...figures,
      coverage: { county: countyCov, townships: townshipCov, communities: communityCov },
      laggards: { units: laggardUnits, communities: communityCov.filter((c) => c.behind).slice(0, MAX_LIST) },
      talks,
      commendations,
      centres,
    };
  }

  private async names(
    units: readonly { id: string; name: string }[],
    communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
  ) {
    const m = new Map<string, string>();
    for (const u of units) m.set(`UNIT:${u.id}`, u.name);
    for (const c of communities) {
      m.set(`COMMUNITY:${c.id}`, c.name);
      m.set(`TOWNSHIP:${c.townshipId}`, c.township.name);
    }
    for (const t of await this.prisma.township.findMany({ select: { id: true, name: true } }))
      m.set(`TOWNSHIP:${t.id}`, t.name);
    return m;
  }

  /** The subjects a scope may see, as a Prisma filter on (subject, subjectId). */
  private subjectsWhere(
    s: DispatchScope,
    units: readonly { id: string }[],
    communities: readonly { id: string }[],
  ): { OR: { subject: RolloutSubject; subjectId?: { in: string[] } }[] } | object {
    if (s.kind === "county") return {};
    const or: { subject: RolloutSubject; subjectId: { in: string[] } }[] = [
      { subject: "UNIT", subjectId: { in: units.map((u) => u.id) } },
      { subject: "COMMUNITY", subjectId: { in: communities.map((c) => c.id) } },
    ];
    if (s.kind === "township") or.push({ subject: "TOWNSHIP", subjectId: { in: [s.townshipId] } });
    return { OR: or };
  }

  private async talksIn(
    s: DispatchScope,
    units: readonly { id: string; name: string }[],
    communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
    known?: Map<string, string>,
  ): Promise<Talk[]> {
    const [rows, names] = await Promise.all([
      this.prisma.rolloutTalk.findMany({
        where: this.subjectsWhere(s, units, communities),
        orderBy: { heldAt: "desc" },
        take: MAX_LIST,
      }),
      known ?? this.names(units, communities),
    ]);
    return rows.map((t) => this.talkView(t, names));
  }

  private talkView(t: PrismaNs.RolloutTalkGetPayload<object>, names: Map<string, string>): Talk {
    return {
      id: t.id,
      subject: t.subject as Talk["subject"],
      subjectId: t.subjectId,
      subjectName: names.get(`${t.subject}:${t.subjectId}`) ?? "（已删除）",
      heldAt: t.heldAt.toISOString(),
      attendees: t.attendees,
      reason: t.reason,
      promises: t.promises,
      followUpOn: t.followUpOn ? countyDate(t.followUpOn) : null,
      followUpDone: t.followUpDone,
    };
  }

  private async commendationsIn(
    s: DispatchScope,
    units: readonly { id: string; name: string }[],
    communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
    month: string,
    known: Map<string, string>,
  ): Promise<Commendation[]> {
    const rows = await this.prisma.commendation.findMany({
      where: { month, ...this.subjectsWhere(s, units, communities) },
      orderBy: { createdAt: "asc" },
      take: MAX_LIST,
    });
    const names = known;
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject as Commendation["subject"],
      subjectId: r.subjectId,
      subjectName: names.get(`${r.subject}:${r.subjectId}`) ?? "（已删除）",
      month: r.month,
      reason: r.reason,
    }));
  }

  /** One experience centre per township and per community, in use (a session in the last 30 days). */
  private async centres(
    s: DispatchScope,
    communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
    now: Date,
  ): Promise<MonthlyDispatch["centres"]> {
    if (s.kind === "sector" && s.sector !== "HOUSING")
      return { townships: [], communities: [], townshipsMet: 0, communitiesMet: 0 };
    const since = new Date(now.getTime() - 30 * 86_400_000);
    const [townships, centres] = await Promise.all([
      this.prisma.township.findMany({
        where: s.kind === "township" ? { id: s.townshipId } : {},
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      }),
      this.prisma.centre.findMany({
        where: { active: true },
        select: {
          level: true,
          townshipId: true,
          communityId: true,
          sessions: { where: { startsAt: { gte: since, lte: now }, status: { not: "CANCELLED" } }, take: 1 },
        },
      }),
    ]);
    const count = (pick: (c: (typeof centres)[number]) => boolean) => {
      const cs = centres.filter(pick);
      return { centres: cs.length, inUse: cs.filter((c) => c.sessions.length > 0).length };
    };
    const t = townships.map((x) => {
      const n = count((c) => c.level === "TOWNSHIP" && c.townshipId === x.id);
      return { id: x.id, name: x.name, township: null, ...n, meets: n.inUse >= 1 };
    });
    const cm = communities.map((x) => {
      const n = count((c) => c.level === "COMMUNITY" && c.communityId === x.id);
      return { id: x.id, name: x.name, township: x.township.name, ...n, meets: n.inUse >= 1 };
    });
    return {
      townships: t,
      communities: cm.slice(0, MAX_LIST),
      townshipsMet: t.filter((x) => x.meets).length,
      communitiesMet: cm.filter((x) => x.meets).length,
    };
  }

  /** The daily coverage curve of a scope the caller sees (a year by default). */
  async history(c: Caller, q: HistoryQuery): Promise<CoverageHistory> {
    const s = await this.scopeOf(c);
    const today = countyDate(this.clock.now());
    let scope = q.scope;
    let scopeId = q.scopeId ?? COUNTY_SCOPE_ID;
    if (s.kind === "township" && scope === "COUNTY") [scope, scopeId] = ["TOWNSHIP", s.townshipId];
    if (scope !== "COUNTY" && !q.scopeId && scopeId === COUNTY_SCOPE_ID)
      throw new AppError("VALIDATION_FAILED", "缺少范围");
    let name = "全县";
    if (scope === "COUNTY") {
      if (s.kind !== "county" && !(s.kind === "sector" && s.sector === "HOUSING")) throw notFound("范围");
    } else if (scope === "TOWNSHIP") {
      if (s.kind === "township" && s.townshipId !== scopeId) throw notFound("范围");
      if (s.kind === "sector" && s.sector !== "HOUSING") throw notFound("范围");
      name = (await this.prisma.township.findUnique({ where: { id: scopeId } }))?.name ?? "";
    } else if (scope === "COMMUNITY") {
      const cm = await this.prisma.community.findUnique({ where: { id: scopeId } });
      if (!cm || (s.kind === "township" && cm.townshipId !== s.townshipId)) throw notFound("范围");
      if (s.kind === "sector" && s.sector !== "HOUSING") throw notFound("范围");
      name = cm.name;
    } else {
      if (s.kind !== "county" && !(s.kind === "sector" && s.sector === "HOUSING")) throw notFound("范围");
      name = (await this.prisma.propertyCompany.findUnique({ where: { id: scopeId } }))?.name ?? "";
    }
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -365);
    if (from > to || addDays(from, 800) < to) throw new AppError("VALIDATION_FAILED", "时间范围应在两年以内");
    const rows = await this.prisma.coverageDaily.findMany({
      where: { scope, scopeId, day: { gte: from, lte: to } },
      orderBy: { day: "asc" },
      select: { day: true, households: true, covered: true },
    });
    return {
      scope,
      scopeId,
      name,
      days: rows.map((r) => ({ ...r, rate: rate(r.covered, r.households) })),
    };
  }

  // --- talks and commendations -------------------------------------------------------------------------

  private async checkSubject(subject: RolloutSubject, subjectId: string): Promise<void> {
    const found =
      subject === "UNIT"
        ? await this.prisma.networkedUnit.findUnique({ where: { id: subjectId }, select: { id: true } })
        : subject === "COMMUNITY"
          ? await this.prisma.community.findUnique({ where: { id: subjectId }, select: { id: true } })
          : await this.prisma.township.findUnique({ where: { id: subjectId }, select: { id: true } });
    if (!found) throw notFound("约谈或表扬对象");
  }

  private async mustWrite(c: Caller): Promise<string> {
    const p = await this.scopes.principal(c);
    if (p.kind !== "staff" || !p.active || !(DISPATCH_WRITERS as readonly string[]).includes(p.role))
      throw new AppError("FORBIDDEN", "仅领导小组办公室和监督员可登记约谈与表扬");
    return p.id;
  }

  async createTalk(c: Caller, input: TalkInput): Promise<Talk> {
    const by = await this.mustWrite(c);
    await this.checkSubject(input.subject, input.subjectId);
    const t = await this.prisma.rolloutTalk.create({
      data: {
        subject: input.subject,
        subjectId: input.subjectId,
        heldAt: input.heldAt,
        attendees: input.attendees,
        reason: input.reason,
        promises: input.promises,
        followUpOn: input.followUpOn ? countyInstant(input.followUpOn, "00:00") : null,
        createdByUserId: by,
      },
    });
    return this.talkView(t, await this.subjectName(t.subject, t.subjectId));
  }

  async updateTalk(c: Caller, id: string, patch: TalkPatch): Promise<Talk> {
    await this.mustWrite(c);
    const found = await this.prisma.rolloutTalk.findUnique({ where: { id } });
    if (!found) throw notFound("约谈记录");
    const t = await this.prisma.rolloutTalk.update({
      where: { id },
      data: {
        ...(patch.followUpDone !== undefined ? { followUpDone: patch.followUpDone } : {}),
        ...(patch.promises !== undefined ? { promises: patch.promises } : {}),
        ...(patch.followUpOn !== undefined
          ? { followUpOn: patch.followUpOn ? countyInstant(patch.followUpOn, "00:00") : null }
          : {}),
      },
    });
    return this.talkView(t, await this.subjectName(t.subject, t.subjectId));
  }

  async deleteTalk(c: Caller, id: string): Promise<void> {
    await this.mustWrite(c);
    const r = await this.prisma.rolloutTalk.deleteMany({ where: { id } });
    if (!r.count) throw notFound("约谈记录");
  }

  async listTalks(c: Caller): Promise<Talk[]> {
    const s = await this.scopeOf(c);
    const [units, communities] = await Promise.all([
      this.prisma.networkedUnit.findMany({ where: this.unitsWhere(s), select: { id: true, name: true } }),
      this.communitiesIn(s),
    ]);
    return this.talksIn(s, units, communities);
  }

  async createCommendation(c: Caller, input: CommendationInput): Promise<Commendation> {
    const by = await this.mustWrite(c);
    await this.checkSubject(input.subject, input.subjectId);
    const r = await this.prisma.commendation.create({ data: { ...input, createdByUserId: by } });
    const names = await this.subjectName(r.subject, r.subjectId);
    return {
      id: r.id,
      subject: r.subject as Commendation["subject"],
      subjectId: r.subjectId,
      subjectName: names.get(`${r.subject}:${r.subjectId}`) ?? "",
      month: r.month,
      reason: r.reason,
    };
  }

  async deleteCommendation(c: Caller, id: string): Promise<void> {
    await this.mustWrite(c);
    const r = await this.prisma.commendation.deleteMany({ where: { id } });
    if (!r.count) throw notFound("表扬记录");
  }

  private async subjectName(subject: RolloutSubject, id: string): Promise<Map<string, string>> {
    const row =
      subject === "UNIT"
        ? await this.prisma.networkedUnit.findUnique({ where: { id }, select: { name: true } })
        : subject === "COMMUNITY"
          ? await this.prisma.community.findUnique({ where: { id }, select: { name: true } })
          : await this.prisma.township.findUnique({ where: { id }, select: { name: true } });
    return new Map([[`${subject}:${id}`, row?.name ?? ""]]);
  }

  // --- unit scores -------------------------------------------------------------------------------------

  async scores(c: Caller): Promise<UnitScores> {
    const s = await this.scopeOf(c);
    const now = this.clock.now();
    const since = new Date(now.getTime() - SCORE_DAYS * 86_400_000);
    const units = await this.prisma.networkedUnit.findMany({
      where: this.unitsWhere(s),
      select: { id: true, name: true, sector: true, township: { select: { name: true } } },
    });
    const inUnits = s.kind === "county" ? { not: null } : { in: units.map((u) => u.id) };
    const inUnitsStr = s.kind === "county" ? undefined : { in: units.map((u) => u.id) };
    const [devices, online, signals, inTime, falseAlarms, duty, dutyOk, rounds, roundsDone, hazards] =
      await Promise.all([
        this.prisma.device.groupBy({ by: ["unitId"], where: { unitId: inUnits }, _count: { _all: true } }),
        this.prisma.device.groupBy({
          by: ["unitId"],
          where: { unitId: inUnits, status: { is: { online: true } } },
          _count: { _all: true },
        }),
        this.prisma.alarm.groupBy({
          by: ["unitId"],
          where: { unitId: inUnits, kind: "FIRE", confirmDeadlineAt: { not: null }, startedAt: { gte: since } },
          _count: { _all: true },
        }),
        // confirmed in time: a verdict given by the deadline (compared in code below: Prisma cannot compare columns)
        this.prisma.alarm.findMany({
          where: {
            unitId: inUnits,
            kind: "FIRE",
            confirmDeadlineAt: { not: null },
            verdictAt: { not: null },
            startedAt: { gte: since },
          },
          select: { unitId: true, verdictAt: true, confirmDeadlineAt: true },
        }),
        this.prisma.alarm.groupBy({
          by: ["unitId"],
          where: { unitId: inUnits, verdict: "FALSE_ALARM", startedAt: { gte: since } },
          _count: { _all: true },
        }),
        this.prisma.dutyCheck.groupBy({
          by: ["unitId"],
          where: { unitId: inUnitsStr, sentAt: { gte: since }, status: { not: "PENDING" } },
          _count: { _all: true },
        }),
        this.prisma.dutyCheck.groupBy({
          by: ["unitId"],
          where: { unitId: inUnitsStr, sentAt: { gte: since }, status: "ANSWERED" },
          _count: { _all: true },
        }),
        this.prisma.patrolRound.groupBy({
          by: ["unitId"],
          where: { unitId: inUnitsStr, slotStart: { gte: since }, status: { not: "OPEN" } },
          _count: { _all: true },
        }),
        this.prisma.patrolRound.groupBy({
          by: ["unitId"],
          where: { unitId: inUnitsStr, slotStart: { gte: since }, status: "DONE" },
          _count: { _all: true },
        }),
        this.prisma.hazard.findMany({
          where: { unitId: inUnitsStr, deadline: { gte: since, lte: now } },
          select: { unitId: true, deadline: true, fixedAt: true },
        }),
      ]);
    const map = (rows: { unitId: string | null; _count: { _all: number } }[]) =>
      new Map(rows.map((r) => [r.unitId ?? "", r._count._all]));
    const [dev, onl, sig, fa, dc, da, pr, pd] = [
      devices,
      online,
      signals,
      falseAlarms,
      duty,
      dutyOk,
      rounds,
      roundsDone,
    ].map(map) as Map<string, number>[];
    const tally = <T extends { unitId: string | null }>(rows: T[], ok: (r: T) => boolean) => {
      const all = new Map<string, number>();
      const good = new Map<string, number>();
      for (const r of rows) {
        const k = r.unitId ?? "";
        all.set(k, (all.get(k) ?? 0) + 1);
        if (ok(r)) good.set(k, (good.get(k) ?? 0) + 1);
      }
      return { all, good };
    };
    const conf = tally(inTime, (r) => r.verdictAt! <= r.confirmDeadlineAt!);
    const hz = tally(hazards, (r) => !!r.fixedAt && r.fixedAt <= r.deadline!);
    const scored = units.map((u) => {
      const f: UnitFigures = {
        devices: dev!.get(u.id) ?? 0,
        devicesOnline: onl!.get(u.id) ?? 0,
        fireSignals: sig!.get(u.id) ?? 0,
        confirmedInTime: conf.good.get(u.id) ?? 0,
        falseAlarms: fa!.get(u.id) ?? 0,
        dutyChecks: dc!.get(u.id) ?? 0,
        dutyAnswered: da!.get(u.id) ?? 0,
        patrols: pr!.get(u.id) ?? 0,
        patrolsDone: pd!.get(u.id) ?? 0,
        hazardsDue: hz.all.get(u.id) ?? 0,
        hazardsFixedOnTime: hz.good.get(u.id) ?? 0,
      };
      return {
        id: u.id,
        name: u.name,
        township: u.township.name,
        sector: SECTOR_LABELS[u.sector],
        score: score(f),
        parts: scoreParts(f),
      };
    });
    scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, "zh-CN"));
    let rank = 0;
    let last = Number.NaN;
    const ranked = scored.map((u, i) => {
      if (u.score !== last) rank = i + 1;
      last = u.score;
      return { ...u, rank };
    });
    return { days: SCORE_DAYS, rule: [...SCORE_RULE], units: ranked.slice(0, 5000) };
  }
}
