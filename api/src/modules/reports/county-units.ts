// 全县态势's networked units (联网单位): the figures each owning module reads for a unit scope, put together.
// The states are the command view's (centre/unit-state-counts.ts applies its unitState), the fire signals the
// centre's records' (centre/unit-signal-facts.ts), the hazards the 隐患整改 list's (inspection/hazard-facts.ts),
// the facility faults the sensors' alarm classes (sensors/facility-fault-facts.ts). The scope is the caller's
// unit scope (units/unit-scope.ts), decided here from who asks, never from the request.
import type { Db, Prisma } from "../../db/client.ts";
import type { CountyQuery, CountyUnits } from "../../contract/reports.ts";
import { UNIT_CATEGORY_LABEL } from "../../contract/labels.ts";
import { unitSignalFacts } from "../centre/unit-signal-facts.ts";
import { unitStateCounts } from "../centre/unit-state-counts.ts";
import type { UnitState } from "../centre/command-view.ts";
import { unitHazardFacts } from "../inspection/hazard-facts.ts";
import { openFacilityFaults } from "../sensors/facility-fault-facts.ts";
import { COUNTY_UNIT_ROLES, type Caller, type UnitScope, type UnitScopes } from "../units/unit-scope.ts";
import { periodsAt } from "./report-math.ts";

type States = CountyUnits["states"];

/** States in which the unit is heard from: a device online and nothing open, or an alarm open that is not 离线. */
const ONLINE_STATES: readonly UnitState[] = ["NORMAL", "FAULT", "FIRE"];
const NO_UNITS: States = { FIRE: 0, FAULT: 0, OFFLINE: 0, UNCONNECTED: 0, NORMAL: 0 };
const CATEGORY_ORDER = Object.keys(UNIT_CATEGORY_LABEL);
const COUNTY_WIDE: ReadonlySet<string> = new Set(COUNTY_UNIT_ROLES);

export class CountyUnitFigures {
  constructor(
    private readonly prisma: Prisma,
    private readonly engine: Db["provider"],
    private readonly scopes: UnitScopes,
  ) {}

  /**
   * The caller's unit scope, read now (a changed role or unit applies at once). A signed-in caller whose role
   * sees the whole county (the brigade, admins: the page's readers, its wall display every minute) is not read:
   * their role is the one the route's access check took, and no unit or place narrows it. Without this, every
   * answer served from the cache cost a read of the account first (1,291 answers a second against 7,093 under
   * the fire bench's load).
   */
  scopeOf(caller: Caller & { role?: string }): Promise<UnitScope> {
    if (caller.kind === "staff" && caller.role !== undefined && COUNTY_WIDE.has(caller.role))
      return Promise.resolve({ kind: "county" });
    return this.scopes.of(caller);
  }

  async figures(scope: UnitScope, period: CountyQuery["uPeriod"], now: Date): Promise<CountyUnits> {
    const per = periodsAt(now);
    const from = period === "today" ? per.todayFrom : period === "week" ? per.weekFrom : per.monthFrom;
    const [states, signals, hazards, facilityFaults] = await Promise.all([
      unitStateCounts(this.prisma, scope),
      unitSignalFacts(this.prisma, this.engine, scope, { from, to: now }),
      unitHazardFacts(this.prisma, scope, now),
      openFacilityFaults(this.prisma, scope),
    ]);
    const byCategory = new Map<string, { category: (typeof states)[number]["category"]; states: States }>();
    const all: States = { ...NO_UNITS };
    for (const s of states) {
      const row = byCategory.get(s.category) ?? { category: s.category, states: { ...NO_UNITS } };
      row.states[s.state] += s.units;
      all[s.state] += s.units;
      byCategory.set(s.category, row);
    }
    const sum = (x: States, which: readonly UnitState[] = Object.keys(x) as UnitState[]) =>
      which.reduce((n, k) => n + x[k], 0);
    return {
      period,
      window: { from: from.toISOString(), to: now.toISOString() },
      total: sum(all),
      online: sum(all, ONLINE_STATES),
      states: all,
      byCategory: [...byCategory.values()]
        .map((r) => ({ ...r, total: sum(r.states), online: sum(r.states, ONLINE_STATES) }))
        .sort((a, b) => b.total - a.total || CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category)),
      signals,
      hazards,
      facilityFaults,
    };
  }
}
