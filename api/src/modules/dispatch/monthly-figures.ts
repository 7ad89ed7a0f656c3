// The monthly dispatch's figures for a scope (issue 19): progress by phase, township, sector and installer,
// coverage of old high-rise homes against the share due, laggards, talks, commendations and experience
// centres, how many subjects' roll-out stages their devices contradict (推进计划's flag), and the snapshots kept
// for "change since last month".
import type { Prisma } from "../../db/client.ts";
import { countyDate } from "../../shared/county-time.ts";
import type { MonthlyDispatch, Progress } from "../../contract/dispatch.schemas.ts";
import { SECTOR_LABELS } from "../units/catalogue.ts";
import { COVERAGE_RULE, communityCoverage } from "./coverage.ts";
import { COUNTY_SCOPE_ID } from "./coverage-daily.ts";
import {
  MAX_LIST,
  buildingsWhere,
  communitiesIn,
  countyPhases,
  rate,
  unitsAt,
  unitsIn,
  unitsWhere,
  type DispatchScope,
  type StageMismatchCounter,
  type UnitRow,
} from "./dispatch-scope.ts";
import { commendationsIn, subjectNames, talksIn } from "./dispatch-subjects.ts";
import { BEHIND_RULE, reached, requiredCoverage, requiredUnit, STAGE_LABELS, unitBehind } from "./plan.ts";

/** How often a viewed month's snapshot is rewritten. */
export const SNAPSHOT_EVERY_MS = 10 * 60_000;

export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

type SnapshotFigures = Pick<MonthlyDispatch, "byPhase" | "byTownship" | "bySector" | "byInstaller" | "total">;

/**
 * The month's figures as generated, kept for "change since last month": the latest generation wins, written
 * at most once every SNAPSHOT_EVERY_MS (a page viewed all day does not rewrite hundreds of kilobytes a view).
 */
export async function keepSnapshot(prisma: Prisma, month: string, d: MonthlyDispatch, force = false): Promise<void> {
  const at = new Date(d.generatedAt);
  if (!force) {
    const kept = await prisma.monthlyDispatchSnapshot.findUnique({
      where: { month },
      select: { generatedAt: true },
    });
    if (kept && at.getTime() - kept.generatedAt.getTime() < SNAPSHOT_EVERY_MS) return;
  }
  const figures = JSON.stringify(d);
  try {
    await prisma.monthlyDispatchSnapshot.upsert({
      where: { month },
      create: { month, figures, generatedAt: new Date(d.generatedAt) },
      update: { figures, generatedAt: new Date(d.generatedAt) },
    });
  } catch (e) {
    if ((e as { code?: string }).code !== "P2002") throw e; // another instance created it at the same moment
  }
}

/**
 * Last month's figures that a scope may compare with: the snapshot is the county's, so a township or a sector
 * gets only its own row of it (which counts the same units as its total), never the county's other rows: its
 * own figure less a county row would tell it the county's (and be a wrong change besides).
 */
async function previous(
  prisma: Prisma,
  month: string,
  s: DispatchScope,
): Promise<{ month: string; rows: Map<string, Progress> } | null> {
  const all = await countyPrevious(prisma, month);
  if (!all || s.kind === "county") return all;
  const key = s.kind === "township" ? `township:${s.townshipId}` : `sector:${s.sector}`;
  const own = all.rows.get(key);
  return { month: all.month, rows: new Map(own ? [[key, own] as const, ["total:all", own] as const] : []) };
}

async function countyPrevious(
  prisma: Prisma,
  month: string,
): Promise<{ month: string; rows: Map<string, Progress> } | null> {
  const prev = previousMonth(month);
  const snap = await prisma.monthlyDispatchSnapshot.findUnique({ where: { month: prev } });
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

export async function liveFigures(
  prisma: Prisma,
  s: DispatchScope,
  month: string,
  now: Date,
  asThen = false,
  mismatches: StageMismatchCounter | null = null,
): Promise<MonthlyDispatch> {
  const [{ phases, fromPlan }, units, communities, installers, prev] = await Promise.all([
    countyPhases(prisma, now),
    asThen ? unitsAt(prisma, s, now) : unitsIn(prisma, s),
    communitiesIn(prisma, s),
    prisma.serviceCompany.findMany({ select: { id: true, name: true } }),
    previous(prisma, month, s),
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
        prisma,
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

  const names = await subjectNames(prisma, units, communities);
  const [talks, commendations, centres, stageMismatch] = await Promise.all([
    talksIn(prisma, s, units, communities, names),
    commendationsIn(prisma, s, units, communities, month, names),
    centresIn(prisma, s, communities, now),
    // the programme's own rule and reads, on the subjects 推进计划 shows this scope (none given: not counted)
    mismatches ? mismatches({ units: unitsWhere(s), buildings: buildingsWhere(s) }, now) : null,
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
    stageMismatch,
    laggards: { units: laggardUnits, communities: communityCov.filter((c) => c.behind).slice(0, MAX_LIST) },
    talks,
    commendations,
    centres,
  };
}

/** One experience centre per township and per community, in use (a session in the last 30 days). */
async function centresIn(
  prisma: Prisma,
  s: DispatchScope,
  communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
  now: Date,
): Promise<MonthlyDispatch["centres"]> {
  if (s.kind === "sector" && s.sector !== "HOUSING")
    return { townships: [], communities: [], townshipsMet: 0, communitiesMet: 0 };
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [townships, centres] = await Promise.all([
    prisma.township.findMany({
      where: s.kind === "township" ? { id: s.townshipId } : {},
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    prisma.centre.findMany({
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
