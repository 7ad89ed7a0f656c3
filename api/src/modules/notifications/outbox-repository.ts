// The outbox: every notification is a Notification row, written before anything is sent. A worker claims
// due rows with a conditional UPDATE (status, lock expiry and attempt count in the WHERE), so of two API
// instances (or two loops in one) exactly one wins each row, on SQLite and on PostgreSQL alike: PostgreSQL
// re-checks the WHERE of a waiting UPDATE against the winner's new row version (READ COMMITTED), SQLite runs
// writes one at a time. The unique dedupeKey makes enqueueing idempotent.
import type { Driver, NotificationChannel, Prisma } from "../../db/client.ts";
import { postgresClaimedInsert, postgresStepInsert, type StepWritten } from "./outbox-postgres.ts";
import type { TimerWrite } from "./timer-repository.ts";
import { BUSY } from "../../db/sqlite-no-wait.ts";
import type { NotificationPayload } from "./notification.ts";
import {
  claimedOf,
  type ClaimedNotification,
  type FinishOutcome,
  type NewNotification,
  type ReceiptOutcome,
  type StoredNotification,
} from "./outbox-rows.ts";
import { sqliteClaimedInsert, sqliteClaimsAndResults, sqliteInsertMany } from "./outbox-sqlite.ts";

export type { ClaimedNotification, FinishOutcome, NewNotification, ReceiptOutcome, StoredNotification, StepWritten };

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

export class OutboxRepository {
  private readonly fastClaimed: ReturnType<typeof sqliteClaimedInsert> | null;
  private readonly pgClaimed: ReturnType<typeof postgresClaimedInsert> | null;
  private readonly pgStep: ReturnType<typeof postgresStepInsert> | null;
  private readonly fastMany: ReturnType<typeof sqliteInsertMany> | null;
  private readonly fast: ReturnType<typeof sqliteClaimsAndResults> | null;

  /**
   * `driver`: on SQLite, new rows, claims, results and the alarms' states go through prepared statements;
   * absent or PostgreSQL: Prisma
   */
  constructor(
    private readonly prisma: Prisma,
    driver?: Driver,
  ) {
    this.fastClaimed = driver?.provider === "sqlite" ? sqliteClaimedInsert(driver.sqlite) : null;
    this.pgClaimed = driver?.provider === "postgres" ? postgresClaimedInsert(driver.firePool) : null;
    this.pgStep = driver?.provider === "postgres" ? postgresStepInsert(driver.firePool) : null;
    this.fastMany = driver?.provider === "sqlite" ? sqliteInsertMany(driver.sqlite) : null;
    this.fast = driver?.provider === "sqlite" ? sqliteClaimsAndResults(driver.sqlite) : null;
  }

  /** Stores the rows whose key is new; returns how many were new. */
  async enqueue(rows: NewNotification[]): Promise<number> {
    if (rows.length === 0) return 0;
    const fast = this.fastMany?.(rows);
    if (fast !== undefined && fast !== BUSY) return fast;
    let created = 0;
    for (const r of rows) {
      try {
        await this.prisma.notification.create({
          data: {
            alarmId: r.alarmId,
            channel: r.channel,
            recipient: r.recipient,
            target: r.target,
            template: r.template,
            payload: JSON.stringify(r.payload),
            dedupeKey: r.dedupeKey,
            nextAttemptAt: r.dueAt,
          },
        });
        created++;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    }
    return created;
  }

  /**
   * Stores new rows already claimed by `owner` (a new row cannot be anyone else's), so they can be sent at
   * once without a claim round trip; returns the rows that were new.
   */
  async enqueueClaimed(
    rows: NewNotification[],
    owner: string,
    lockedUntil: Date,
    onCreated?: (row: ClaimedNotification) => void,
  ): Promise<ClaimedNotification[]> {
    const out: ClaimedNotification[] = [];
    for (const r of rows) {
      if (this.pgClaimed) {
        const row = await this.pgClaimed(r, owner, lockedUntil);
        if (row) {
          out.push(row);
          onCreated?.(row); // sent while the next rows are written: the first message leaves sooner
        }
        continue;
      }
      const fast = this.fastClaimed?.(r, owner, lockedUntil);
      if (fast === null) continue; // written before (its dedupe key exists)
      if (fast !== undefined && fast !== BUSY) {
        out.push(fast);
        onCreated?.(fast); // sent while the next rows are written: the first message leaves sooner
        continue;
      }
      try {
        const row = await this.prisma.notification.create({
          data: {
            alarmId: r.alarmId,
            channel: r.channel,
            recipient: r.recipient,
            target: r.target,
            template: r.template,
            payload: JSON.stringify(r.payload),
            dedupeKey: r.dedupeKey,
            nextAttemptAt: r.dueAt,
            status: "SENDING",
            lockedBy: owner,
            lockedUntil,
            attempts: 1,
          },
        });
        const claimed = { ...row, payload: r.payload };
        out.push(claimed);
        onCreated?.(claimed); // sent while the next rows are written: the first message leaves sooner
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    }
    return out;
  }

  /** Whether a step's timer is written with its messages in one statement (PostgreSQL; enqueueWithTimer) */
  get writesWithTimer(): boolean {
    return this.pgStep !== null;
  }

  /**
   * On PostgreSQL: a step's timer and its new rows, both claimed by `timer.lockedBy`, in one statement
   * (outbox-postgres.ts); the rows are written only if the timer is new. Each new row is handed to `onCreated`.
   */
  async enqueueWithTimer(
    timer: TimerWrite & { lockedBy: string; lockedUntil: Date },
    rows: NewNotification[],
    lockedUntil: Date,
    onCreated?: (row: ClaimedNotification) => void,
  ): Promise<StepWritten> {
    if (!this.pgStep) throw new Error("a step's timer is written with its messages on PostgreSQL only");
    const written = await this.pgStep(timer, rows, lockedUntil);
    for (const row of written.claimed) onCreated?.(row);
    return written;
  }

  async exists(dedupeKey: string): Promise<boolean> {
    return (await this.prisma.notification.count({ where: { dedupeKey } })) > 0;
  }

  /**
   * Claims up to `limit` due rows for `owner` until `lockedUntil`. Never a 119 hand-off's row: the centre's
   * hand-off sends and settles those itself, re-run by its own durable timer after a crash (centre/handoff.ts);
   * claimed here once its lock expired, it would be failed for want of a sender while the hand-off's re-run
   * posts it, and the 119 centre's acknowledgement would then find the row settled already.
   */
  async claimDue(owner: string, now: Date, lockedUntil: Date, limit: number): Promise<ClaimedNotification[]> {
    const fast = this.fast?.claimDue(owner, now, lockedUntil, limit);
    if (fast !== undefined && fast !== BUSY) return fast;
    const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
    const candidates = await this.prisma.notification.findMany({
      where: {
        status: { in: ["QUEUED", "SENDING"] },
        channel: { not: "HANDOFF_119" },
        nextAttemptAt: { lte: now },
        ...free,
      },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
      select: { id: true, attempts: true, status: true, lockedUntil: true },
    });
    const won = new Map<string, Date | null>();
    for (const c of candidates) {
      const r = await this.prisma.notification.updateMany({
        where: { id: c.id, attempts: c.attempts, status: c.status, ...free },
        data: { status: "SENDING", lockedBy: owner, lockedUntil, attempts: { increment: 1 } },
      });
      if (r.count === 1) won.set(c.id, c.status === "SENDING" ? (c.lockedUntil ?? now) : null);
    }
    if (!won.size) return [];
    const rows = await this.prisma.notification.findMany({ where: { id: { in: [...won.keys()] } } });
    return rows.map((r) => claimedOf(r, won.get(r.id) ?? null));
  }

  /** Records the outcome of a claimed row; false when the lock was lost (another instance took over). */
  async finish(n: ClaimedNotification, owner: string, outcome: FinishOutcome): Promise<boolean> {
    const fast = this.fast?.finish(n, owner, outcome);
    if (fast !== undefined && fast !== BUSY) return fast;
    const r = await this.prisma.notification.updateMany({
      // still SENDING: a delivery receipt that came first has settled the row already
      where: { id: n.id, lockedBy: owner, attempts: n.attempts, status: "SENDING" },
      data: {
        status: outcome.status,
        providerResponse: outcome.response.slice(0, 2000),
        lockedBy: null,
        lockedUntil: null,
        ...(outcome.status === "SENT" || outcome.status === "DELIVERED" ? { sentAt: outcome.at } : {}),
        ...(outcome.deliveredAt ? { deliveredAt: outcome.deliveredAt } : {}),
        ...(outcome.providerId ? { providerId: outcome.providerId } : {}),
        ...(outcome.retryAt ? { nextAttemptAt: outcome.retryAt } : {}),
      },
    });
    return r.count === 1;
  }

  /**
   * Leaves a claimed row SENDING but unlocked until `retryAt`: the provider may or may not have it (the
   * question failed, or the request timed out), so whoever claims it next asks again before sending.
   */
  async uncertain(n: ClaimedNotification, owner: string, response: string, retryAt: Date): Promise<boolean> {
    const r = await this.prisma.notification.updateMany({
      where: { id: n.id, lockedBy: owner, attempts: n.attempts, status: "SENDING" },
      data: { providerResponse: response.slice(0, 2000), lockedBy: null, lockedUntil: retryAt, nextAttemptAt: retryAt },
    });
    return r.count === 1;
  }

  /** The row a receipt is about: by our id (the OutId we sent), else by the provider's id, on that channel. */
  async findForReceipt(
    channel: NotificationChannel,
    ref: { outId?: string | null; providerId?: string | null },
  ): Promise<StoredNotification | null> {
    const or = [...(ref.outId ? [{ id: ref.outId }] : []), ...(ref.providerId ? [{ providerId: ref.providerId }] : [])];
    if (!or.length) return null;
    const row = await this.prisma.notification.findFirst({ where: { channel, OR: or } });
    return row ? { ...row, payload: JSON.parse(row.payload) as NotificationPayload, reclaimedFrom: null } : null;
  }

  /**
   * True when a delivery receipt settled this attempt's row as delivered before its sender could record the
   * send (the provider's receipt overtook its own answer): the same attempt (no other instance took the row
   * over since), DELIVERED, unlocked by the receipt.
   */
  async deliveredFirst(n: ClaimedNotification): Promise<boolean> {
    const where = { id: n.id, attempts: n.attempts, status: "DELIVERED" as const, lockedBy: null };
    return (await this.prisma.notification.count({ where })) === 1;
  }

  /**
   * Applies a delivery receipt: SENT (or SENDING, when the sender has not recorded the answer yet or died)
   * becomes DELIVERED or FAILED. Never backwards: a row already DELIVERED, FAILED or CANCELLED is left as it is
   * (false), so a repeated receipt has no second effect.
   */
  async applyReceipt(id: string, r: ReceiptOutcome): Promise<boolean> {
    const res = await this.prisma.notification.updateMany({
      where: { id, status: { in: ["SENT", "SENDING"] } },
      data: {
        status: r.delivered ? "DELIVERED" : "FAILED",
        providerResponse: r.response.slice(0, 2000),
        lockedBy: null,
        lockedUntil: null,
        ...(r.delivered ? { deliveredAt: r.at } : {}),
        ...(r.providerId ? { providerId: r.providerId } : {}),
      },
    });
    if (res.count === 1)
      await this.prisma.notification.updateMany({ where: { id, sentAt: null }, data: { sentAt: r.at } });
    return res.count === 1;
  }

  /** Cancels an alarm's rows not yet sent that only make sense while the alarm is in one of `states`. */
  async cancelForAlarm(alarmId: string, states: NotificationPayload["cancelUnless"][], why: string): Promise<number> {
    const rows = await this.prisma.notification.findMany({
      where: { alarmId, status: "QUEUED" },
      select: { id: true, payload: true },
    });
    const ids = rows
      .filter((r) => states.includes((JSON.parse(r.payload) as NotificationPayload).cancelUnless))
      .map((r) => r.id);
    if (!ids.length) return 0;
    const r = await this.prisma.notification.updateMany({
      where: { id: { in: ids }, status: "QUEUED" },
      data: { status: "CANCELLED", providerResponse: why },
    });
    return r.count;
  }

  async alarmStatuses(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    if (this.fast) return this.fast.alarmStatuses(ids);
    const rows = await this.prisma.alarm.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** The earliest time a queued row is due, for the worker's next wake-up. */
  async nextDue(): Promise<Date | null> {
    const r = await this.prisma.notification.findFirst({
      where: { status: "QUEUED" },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    });
    return r?.nextAttemptAt ?? null;
  }
}
