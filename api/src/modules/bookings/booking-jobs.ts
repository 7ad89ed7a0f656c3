// The time-driven side of bookings, run by a scheduler (or a test with a ManualClock) through runDue():
// lapsed offers pass to the next in line, due reminder timers become outbox rows, ended sessions get their
// no-shows recorded. Each step claims its rows, so several API instances can run it at once.
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { BookingChanges } from "./booking-changes.ts";
import type { CheckInService } from "./check-in-service.ts";
import { queueNotice, REMINDER_TIMER_KIND } from "./booking-outbox.ts";
import { TX_OPTIONS } from "./seat-ledger.ts";
import { noticeSelect } from "./waitlist.ts";

const BATCH = 100;
const LOCK_MS = 5 * 60 * 1000;

export interface DueResult {
  offersExpired: number;
  remindersQueued: number;
  sessionsClosed: number;
}

export class BookingJobs {
  private readonly instance = `bookings-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    private readonly changes: BookingChanges,
    private readonly checkIns: CheckInService,
  ) {}

  async runDue(): Promise<DueResult> {
    const now = this.clock.now();
    return {
      offersExpired: await this.expireOffers(now),
      remindersQueued: await this.sendReminders(now),
      sessionsClosed: await this.closeEndedSessions(now),
    };
  }

  private async expireOffers(now: Date): Promise<number> {
    const lapsed = await this.prisma.booking.findMany({
      where: { status: "OFFERED", offerExpiresAt: { lte: now } },
      orderBy: { offerExpiresAt: "asc" },
      take: BATCH,
      select: { id: true },
    });
    let n = 0;
    for (const b of lapsed) if (await this.changes.expireOffer(b.id, now)) n++;
    return n;
  }

  /** Claims due reminder timers one by one (a lock with a lease), writes the outbox rows, marks them done. */
  private async sendReminders(now: Date): Promise<number> {
    const due = await this.prisma.timer.findMany({
      where: {
        kind: REMINDER_TIMER_KIND,
        doneAt: null,
        dueAt: { lte: now },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
      orderBy: { dueAt: "asc" },
      take: BATCH,
    });
    let queued = 0;
    for (const t of due) {
      const claim = await this.prisma.timer.updateMany({
        where: { id: t.id, doneAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { lockedBy: this.instance, lockedUntil: new Date(now.getTime() + LOCK_MS) },
      });
      if (claim.count !== 1) continue;
      const { bookingId } = JSON.parse(t.payload) as { bookingId: string };
      queued += await this.prisma.$transaction(async (tx) => {
        const b = await tx.booking.findUnique({
          where: { id: bookingId },
          select: {
            ...noticeSelect,
            status: true,
            session: { select: { ...noticeSelect.session.select, status: true } },
          },
        });
        const still = b && b.status === "CONFIRMED" && b.session.status === "OPEN";
        if (still) await queueNotice(tx, "booking.reminder", b, now);
        await tx.timer.update({ where: { id: t.id }, data: { doneAt: now } });
        return still ? 1 : 0;
      }, TX_OPTIONS);
    }
    return queued;
  }

  private async closeEndedSessions(now: Date): Promise<number> {
    const ended = await this.prisma.centreSession.findMany({
      where: { status: "OPEN", endsAt: { lte: now } },
      orderBy: { endsAt: "asc" },
      take: BATCH,
      select: { id: true },
    });
    for (const s of ended) await this.checkIns.closeAttendance(s.id, now);
    return ended.length;
  }
}

/**
 * Runs the jobs every intervalMs until the returned stop() is called: the composition root starts it beside
 * the HTTP server. A failed run is logged and retried on the next tick.
 */
export function startBookingJobs(jobs: BookingJobs, log: Logger, intervalMs = 60_000): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = jobs
      .runDue()
      .then((r) => {
        if (r.offersExpired || r.remindersQueued || r.sessionsClosed) log.info(r, "booking jobs ran");
      })
      .catch((err: unknown) => log.error({ err }, "booking jobs failed"))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
