// County statistics: sessions held, people trained by township and month, no-show rates. The fire brigade
// and admins see the county; a township coordinator sees their own township (issue 6, item 4).
import type { Prisma, PrismaNs } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import type { StatsView } from "../../contract/bookings.ts";
import { addDays, countyDate } from "../../shared/county-time.ts";

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);
const UNKNOWN = "未登记乡镇";

export class BookingStats {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  async stats(p: Principal, q: { from?: string | undefined; to?: string | undefined }): Promise<StatsView> {
    const now = this.clock.now();
    const to = q.to ?? countyDate(now);
    const from = q.from ?? addDays(to, -365);
    if (to < from) throw new AppError("VALIDATION_FAILED", "结束日期应不早于开始日期");
    const township = p.kind === "staff" && p.role === "TOWNSHIP_COORDINATOR" ? (p.townshipId ?? "-") : null;

    const sessionWhere: PrismaNs.CentreSessionWhereInput = {
      date: { gte: from, lte: to },
      ...(township ? { centre: { OR: [{ townshipId: township }, { runByTownshipId: township }] } } : {}),
    };
    const sessionsHeld = await this.prisma.centreSession.count({
      where: { ...sessionWhere, status: { not: "CANCELLED" }, endsAt: { lte: now } },
    });
    const sessionsCancelled = await this.prisma.centreSession.count({
      where: { ...sessionWhere, status: "CANCELLED" },
    });

    const outcomes = await this.prisma.booking.findMany({
      where: {
        status: { in: ["CHECKED_IN", "NO_SHOW"] },
        session: { date: { gte: from, lte: to } },
        ...(township ? { townshipId: township } : {}),
      },
      select: { status: true, seats: true, attendedCount: true, townshipId: true, session: { select: { date: true } } },
    });
    const names = new Map(
      (
        await this.prisma.township.findMany({
          where: { id: { in: [...new Set(outcomes.map((b) => b.townshipId).filter((x): x is string => !!x))] } },
          select: { id: true, name: true },
        })
      ).map((t) => [t.id, t.name]),
    );
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? UNKNOWN) : UNKNOWN);

    const trained = new Map<
      string,
      { townshipId: string | null; townshipName: string; month: string; people: number }
    >();
    const shows = new Map<
      string,
      { townshipId: string | null; townshipName: string; bookings: number; noShows: number }
    >();
    for (const b of outcomes) {
      const s = shows.get(b.townshipId ?? "") ?? {
        townshipId: b.townshipId,
        townshipName: nameOf(b.townshipId),
        bookings: 0,
        noShows: 0,
      };
      s.bookings++;
      if (b.status === "NO_SHOW") s.noShows++;
      shows.set(b.townshipId ?? "", s);
      if (b.status !== "CHECKED_IN") continue;
      const month = b.session.date.slice(0, 7);
      const key = `${b.townshipId ?? ""}|${month}`;
      const t = trained.get(key) ?? { townshipId: b.townshipId, townshipName: nameOf(b.townshipId), month, people: 0 };
      t.people += b.attendedCount ?? b.seats;
      trained.set(key, t);
    }
    const byTownshipMonth = [...trained.values()].sort(
      (a, b) => a.month.localeCompare(b.month) || a.townshipName.localeCompare(b.townshipName),
    );
    const noShows = outcomes.filter((b) => b.status === "NO_SHOW").length;
    return {
      from,
      to,
      scope: township ? `township:${township}` : "county",
      sessionsHeld,
      sessionsCancelled,
      trained: { people: byTownshipMonth.reduce((n, t) => n + t.people, 0), byTownshipMonth },
      noShows: {
        bookings: outcomes.length,
        noShows,
        rate: rate(noShows, outcomes.length),
        byTownship: [...shows.values()]
          .map((s) => ({ ...s, rate: rate(s.noShows, s.bookings) }))
          .sort((a, b) => a.townshipName.localeCompare(b.townshipName)),
      },
    };
  }
}
