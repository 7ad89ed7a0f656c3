// The monthly dispatch (每月调度) for the leading group, the coverage curve, talks with laggards (约谈),
// commendations and unit scores (issue 19). Who sees what is decided here, on the server: the supervisor,
// the programme office and admins see the county; a township coordinator their township; a sector regulator
// the units of their sector (and, for the housing department, the old high-rise communities).
//
// The reads and figures are beside it: dispatch-scope.ts (what a scope covers), monthly-figures.ts (the
// month's figures and snapshots), dispatch-subjects.ts (talks and commendations as shown), score-figures.ts.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { DISPATCH_WRITERS } from "../../contract/dispatch.ts";
import { addDays, countyDate, countyInstant } from "../../shared/county-time.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import { COUNTY_SCOPE_ID } from "./coverage-daily.ts";
import type {
  Commendation,
  CommendationInput,
  CoverageHistory,
  HistoryQuery,
  MonthlyDispatch,
  Talk,
  TalkInput,
  TalkPatch,
  UnitScores,
} from "../../contract/dispatch.schemas.ts";
import {
  communitiesIn,
  countyPhases,
  rate,
  unitsWhere,
  type DispatchScope,
  type StageMismatchCounter,
} from "./dispatch-scope.ts";
import { checkSubject, subjectName, talksIn, talkView } from "./dispatch-subjects.ts";
import { keepSnapshot, liveFigures } from "./monthly-figures.ts";
import type { Phase } from "./plan.ts";
import { unitScores } from "./score-figures.ts";

export type { DispatchScope };

export { DISPATCH_WRITERS };

export class DispatchService {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
    /** 推进计划's count of stages their devices contradict (the composition root's; none: not counted) */
    private readonly stageMismatches: StageMismatchCounter | null = null,
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
    return countyPhases(this.prisma, now);
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
      // a month archived before the stages were checked against the devices has no such count
      const kept = JSON.parse(snap.figures) as Omit<MonthlyDispatch, "stageMismatch"> &
        Partial<Pick<MonthlyDispatch, "stageMismatch">>;
      return { ...kept, stageMismatch: kept.stageMismatch ?? null, live: false };
    }
    const d = await liveFigures(this.prisma, s, m, now, false, this.stageMismatches);
    if (s.kind === "county") await keepSnapshot(this.prisma, m, d);
    return d;
  }

  /** The county's figures at `now`, kept as the snapshot of `month` (the demo seed's "last month"). */
  async snapshotCounty(month: string, now: Date): Promise<MonthlyDispatch> {
    const d = await liveFigures(this.prisma, { kind: "county" }, month, now, true, this.stageMismatches);
    await keepSnapshot(this.prisma, month, d, true);
    return d;
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

  private async mustWrite(c: Caller): Promise<string> {
    const p = await this.scopes.principal(c);
    if (p.kind !== "staff" || !p.active || !(DISPATCH_WRITERS as readonly string[]).includes(p.role))
      throw new AppError("FORBIDDEN", "仅领导小组办公室和监督员可登记约谈与表扬");
    return p.id;
  }

  async createTalk(c: Caller, input: TalkInput): Promise<Talk> {
    const by = await this.mustWrite(c);
    await checkSubject(this.prisma, input.subject, input.subjectId);
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
    return talkView(t, await subjectName(this.prisma, t.subject, t.subjectId));
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
    return talkView(t, await subjectName(this.prisma, t.subject, t.subjectId));
  }

  async deleteTalk(c: Caller, id: string): Promise<void> {
    await this.mustWrite(c);
    const r = await this.prisma.rolloutTalk.deleteMany({ where: { id } });
    if (!r.count) throw notFound("约谈记录");
  }

  async listTalks(c: Caller): Promise<Talk[]> {
    const s = await this.scopeOf(c);
    const [units, communities] = await Promise.all([
      this.prisma.networkedUnit.findMany({ where: unitsWhere(s), select: { id: true, name: true } }),
      communitiesIn(this.prisma, s),
    ]);
    return talksIn(this.prisma, s, units, communities);
  }

  async createCommendation(c: Caller, input: CommendationInput): Promise<Commendation> {
    const by = await this.mustWrite(c);
    await checkSubject(this.prisma, input.subject, input.subjectId);
    const r = await this.prisma.commendation.create({ data: { ...input, createdByUserId: by } });
    const names = await subjectName(this.prisma, r.subject, r.subjectId);
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

  // --- unit scores -------------------------------------------------------------------------------------

  async scores(c: Caller): Promise<UnitScores> {
    const s = await this.scopeOf(c);
    const now = this.clock.now();
    return unitScores(this.prisma, s, now);
  }
}
