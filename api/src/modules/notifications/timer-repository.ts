// Durable timers (Timer rows): escalation steps and reminders survive a restart, and each fires once across
// API instances. Claiming is a conditional UPDATE like the outbox's (outbox-repository.ts); a timer whose
// holder died is claimed again once its lock expires, and its handler is idempotent (dedupe keys), so a
// step that half ran is completed, never repeated.
import type { Prisma } from "../../db/client.ts";

export interface TimerRow {
  id: string;
  key: string;
  kind: string;
  payload: string;
  dueAt: Date;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

export class TimerRepository {
  constructor(private readonly prisma: Prisma) {}

  /** Creates the timer unless one with this key exists; true when created. */
  async schedule(key: string, kind: string, payload: unknown, dueAt: Date): Promise<boolean> {
    try {
      await this.prisma.timer.create({ data: { key, kind, payload: JSON.stringify(payload), dueAt } });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** Creates a timer already claimed by `owner` (it runs at once); null when one with this key exists. */
  async scheduleClaimed(
    key: string,
    kind: string,
    payload: unknown,
    dueAt: Date,
    claim: { owner: string; lockedUntil: Date },
  ): Promise<TimerRow | null> {
    try {
      return await this.prisma.timer.create({
        data: {
          key,
          kind,
          payload: JSON.stringify(payload),
          dueAt,
          lockedBy: claim.owner,
          lockedUntil: claim.lockedUntil,
        },
      });
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  /** Creates the timers whose keys are new: in one transaction, or one by one when some exist already. */
  async scheduleMany(timers: { key: string; kind: string; payload: unknown; dueAt: Date }[]): Promise<void> {
    try {
      await this.prisma.$transaction(
        timers.map((t) =>
          this.prisma.timer.create({
            data: { key: t.key, kind: t.kind, payload: JSON.stringify(t.payload), dueAt: t.dueAt },
          }),
        ),
      );
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      for (const t of timers) await this.schedule(t.key, t.kind, t.payload, t.dueAt);
    }
  }

  /** A marker that is done from the start (a used reminder slot); true when this call created it. */
  async mark(key: string, at: Date): Promise<boolean> {
    try {
      await this.prisma.timer.create({ data: { key, kind: "marker", payload: "{}", dueAt: at, doneAt: at } });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** Claims due timers of the given kinds only: other modules keep timers in the same table (booking.reminder). */
  async claimDue(owner: string, now: Date, lockedUntil: Date, limit: number, kinds: string[]): Promise<TimerRow[]> {
    const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
    const candidates = await this.prisma.timer.findMany({
      where: { doneAt: null, dueAt: { lte: now }, kind: { in: kinds }, ...free },
      orderBy: { dueAt: "asc" },
      take: limit,
      select: { id: true, lockedUntil: true },
    });
    const won: string[] = [];
    for (const c of candidates) {
      // lockedUntil as read is part of the condition: of two claimers that read the same row, one wins
      const r = await this.prisma.timer.updateMany({
        where: { id: c.id, doneAt: null, lockedUntil: c.lockedUntil },
        data: { lockedBy: owner, lockedUntil },
      });
      if (r.count === 1) won.push(c.id);
    }
    if (!won.length) return [];
    return this.prisma.timer.findMany({ where: { id: { in: won } }, orderBy: { dueAt: "asc" } });
  }

  /** Claims one timer by key if it is due and free (the fast path for a step due now). */
  async claimKey(key: string, owner: string, now: Date, lockedUntil: Date): Promise<TimerRow | null> {
    const r = await this.prisma.timer.updateMany({
      where: { key, doneAt: null, dueAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedBy: owner, lockedUntil },
    });
    return r.count === 1 ? this.prisma.timer.findUnique({ where: { key } }) : null;
  }

  async done(id: string, owner: string, at: Date): Promise<boolean> {
    const r = await this.prisma.timer.updateMany({
      where: { id, lockedBy: owner, doneAt: null },
      data: { doneAt: at, lockedBy: null, lockedUntil: null },
    });
    return r.count === 1;
  }

  /** Puts a claimed timer back for later (quiet hours). */
  async postpone(id: string, owner: string, dueAt: Date): Promise<boolean> {
    const r = await this.prisma.timer.updateMany({
      where: { id, lockedBy: owner, doneAt: null },
      data: { dueAt, lockedBy: null, lockedUntil: null },
    });
    return r.count === 1;
  }

  /** Marks pending timers with this key prefix done without running them; returns how many. */
  async cancel(prefix: string, at: Date): Promise<number> {
    const r = await this.prisma.timer.updateMany({
      where: { key: { startsWith: prefix }, doneAt: null },
      data: { doneAt: at },
    });
    return r.count;
  }

  async pending(prefix: string): Promise<TimerRow[]> {
    return this.prisma.timer.findMany({
      where: { key: { startsWith: prefix }, doneAt: null },
      orderBy: { dueAt: "asc" },
    });
  }

  async existing(keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await this.prisma.timer.findMany({ where: { key: { in: keys } }, select: { key: true } });
    return new Set(rows.map((r) => r.key));
  }

  async nextDue(): Promise<Date | null> {
    const r = await this.prisma.timer.findFirst({
      where: { doneAt: null },
      orderBy: { dueAt: "asc" },
      select: { dueAt: true },
    });
    return r?.dueAt ?? null;
  }
}
