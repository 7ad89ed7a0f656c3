// The daily coverage record (issue 19): once a county day, the covered share of old high-rise households by
// county, township, community and property company goes into CoverageDaily, so progress is a curve. Several
// API instances share the database: each tries, the unique key (day, scope, scopeId) lets one insert in
// and the others' fail whole, so a day is written once and never half. A tick is cheap when the day is done
// (one indexed read); a missed day (every instance down) is simply absent, never invented.
import type { CoverageScope, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { countyDate } from "../../shared/county-time.ts";
import { communityCoverage } from "./coverage.ts";

export const COUNTY_SCOPE_ID = "county";

export interface CoverageRow {
  day: string;
  scope: CoverageScope;
  scopeId: string;
  households: number;
  covered: number;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

/** Rows for one day from per-community counts: the community's own, summed by township, company and county. */
export async function coverageRows(prisma: Prisma, now: Date): Promise<CoverageRow[]> {
  const day = countyDate(now);
  const [counts, communities] = await Promise.all([
    communityCoverage(prisma, now),
    prisma.community.findMany({ select: { id: true, townshipId: true, propertyCompanyId: true } }),
  ]);
  const by = new Map<string, CoverageRow>();
  const add = (scope: CoverageScope, scopeId: string, h: number, c: number) => {
    const k = `${scope}:${scopeId}`;
    const e = by.get(k) ?? { day, scope, scopeId, households: 0, covered: 0 };
    e.households += h;
    e.covered += c;
    by.set(k, e);
  };
  const info = new Map(communities.map((c) => [c.id, c]));
  add("COUNTY", COUNTY_SCOPE_ID, 0, 0);
  for (const r of counts) {
    const c = info.get(r.communityId);
    add("COUNTY", COUNTY_SCOPE_ID, r.households, r.covered);
    add("COMMUNITY", r.communityId, r.households, r.covered);
    if (c) add("TOWNSHIP", c.townshipId, r.households, r.covered);
    if (c?.propertyCompanyId) add("PROPERTY_COMPANY", c.propertyCompanyId, r.households, r.covered);
  }
  return [...by.values()];
}

export class CoverageRecorder {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Writes today's record unless it exists; true when this call wrote it. */
  async record(): Promise<boolean> {
    const now = this.clock.now();
    const day = countyDate(now);
    const done = await this.prisma.coverageDaily.findUnique({
      where: { day_scope_scopeId: { day, scope: "COUNTY", scopeId: COUNTY_SCOPE_ID } },
      select: { id: true },
    });
    if (done) return false;
    const rows = await coverageRows(this.prisma, now);
    try {
      // one INSERT statement (atomic on both engines, and no lock held across awaits): another instance's
      // rows for the day make the whole statement fail, none of ours stay
      await this.prisma.coverageDaily.createMany({ data: rows });
      this.log.info({ day, rows: rows.length }, "daily coverage recorded");
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** Ticks every `everyMs` (default 10 minutes): the first tick of a county day writes it. */
  start(everyMs = 10 * 60_000): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.record()
        .catch((e: Error) => this.log.error({ err: e }, "daily coverage record failed"))
        .finally(() => (this.running = null));
    };
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
