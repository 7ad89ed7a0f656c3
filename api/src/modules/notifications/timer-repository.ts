// Durable timers (Timer rows): escalation steps and reminders survive a restart, and each fires once across
// API instances. Claiming is a conditional UPDATE like the outbox's (outbox-repository.ts); a timer whose
// holder died is claimed again once its lock expires, and its handler is idempotent (dedupe keys), so a
// step that half ran is completed, never repeated.
import { newRowId } from "../../db/row-id.ts";
import { sqliteTime, type Driver, type Prisma } from "../../db/client.ts";
import { BUSY, noWait } from "../../db/sqlite-no-wait.ts";

export interface TimerRow {
  id: string;
  key: string;
  kind: string;
  payload: string;
  dueAt: Date;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];
type PgPool = Extract<Driver, { provider: "postgres" }>["firePool"];

/** A timer as written by hand (prepared on SQLite, named on PostgreSQL): its payload as JSON text */
export interface TimerWrite {
  key: string;
  kind: string;
  payload: string;
  dueAt: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
}

/**
 * A fire's timer writes as statements prepared once on SQLite (issue 21: Prisma compiles each statement on
 * every call): the first step's claimed timer, the later steps' timers with the step's check, the step done.
 * Keyed exactly as the Prisma way: a key that exists already is not written again. Each returns BUSY, having
 * written nothing, while Prisma's connection holds the write lock (sqlite-no-wait.ts): then Prisma writes it.
 */
function sqliteTimerWrites(db: SqliteDb) {
  const insert = db.prepare(
    `INSERT INTO "Timer" ("id", "key", "kind", "payload", "dueAt", "lockedBy", "lockedUntil", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("key") DO NOTHING`,
  );
  const done = db.prepare(
    `UPDATE "Timer" SET "doneAt" = ?, "lockedBy" = NULL, "lockedUntil" = NULL
     WHERE "id" = ? AND "lockedBy" = ? AND "doneAt" IS NULL`,
  );
  const insertOne = (r: TimerWrite, at: string): TimerRow | null => {
    const id = newRowId();
    const t = r.lockedUntil ? sqliteTime(r.lockedUntil) : null;
    const changed = insert.run(id, r.key, r.kind, r.payload, sqliteTime(r.dueAt), r.lockedBy, t, at).changes;
    return changed === 1 ? { id, key: r.key, kind: r.kind, payload: r.payload, dueAt: r.dueAt } : null;
  };
  const insertMany = db.transaction((rows: TimerWrite[], at: string) => {
    for (const r of rows) insertOne(r, at);
  });
  return {
    insertOne: (r: TimerWrite) => noWait(db, () => insertOne(r, sqliteTime(new Date()))),
    insertMany: (rows: TimerWrite[]) => noWait(db, () => insertMany.immediate(rows, sqliteTime(new Date()))),
    done: (id: string, owner: string, at: Date) => noWait(db, () => done.run(sqliteTime(at), id, owner).changes === 1),
  };
}

/**
 * The first step's claimed timer on PostgreSQL as one named statement on the fire path's own connections
 * (db/client.ts, FIRE_POOL_SIZE): the step's first message waits for this write. Keyed as the Prisma way.
 */
function postgresClaimedTimer(pool: PgPool) {
  // times as UTC text: the columns are timestamps without a zone, as Prisma writes them (alarm-raise-postgres.ts)
  const text = `INSERT INTO "Timer" ("id", "key", "kind", "payload", "dueAt", "lockedBy", "lockedUntil", "createdAt")
    VALUES ($1, $2, $3, $4, $5::timestamp(3), $6, $7::timestamp(3), $8::timestamp(3)) ON CONFLICT ("key") DO NOTHING`;
  return async (r: TimerWrite & { lockedBy: string; lockedUntil: Date }): Promise<TimerRow | null> => {
    const id = newRowId();
    const at = new Date().toISOString();
    const values = [id, r.key, r.kind, r.payload, r.dueAt.toISOString(), r.lockedBy, r.lockedUntil.toISOString(), at];
    const { rowCount } = await pool.query({ name: "timer-insert-claimed", text, values });
    return rowCount === 1 ? { id, key: r.key, kind: r.kind, payload: r.payload, dueAt: r.dueAt } : null;
  };
}

export class TimerRepository {
  private readonly fast: ReturnType<typeof sqliteTimerWrites> | null;
  private readonly pgClaimed: ReturnType<typeof postgresClaimedTimer> | null;

  /**
   * `driver`: on SQLite, the fire path's writes as prepared statements; on PostgreSQL the first step's claimed
   * timer as a named statement; absent: Prisma
   */
  constructor(
    private readonly prisma: Prisma,
    driver?: Driver,
  ) {
    this.fast = driver?.provider === "sqlite" ? sqliteTimerWrites(driver.sqlite) : null;
    this.pgClaimed = driver?.provider === "postgres" ? postgresClaimedTimer(driver.firePool) : null;
  }

  /** Creates the timer unless one with this key exists; true when created. */
  async schedule(key: string, kind: string, payload: unknown, dueAt: Date): Promise<boolean> {
    return (await this.create({ key, kind, payload, dueAt, lockedBy: null, lockedUntil: null })) !== null;
  }

  /** Creates a timer already claimed by `owner` (it runs at once); null when one with this key exists. */
  scheduleClaimed(
    key: string,
    kind: string,
    payload: unknown,
    dueAt: Date,
    claim: { owner: string; lockedUntil: Date },
  ): Promise<TimerRow | null> {
    const t = { key, kind, payload, dueAt, lockedBy: claim.owner, lockedUntil: claim.lockedUntil };
    if (this.pgClaimed) return this.pgClaimed({ ...t, payload: JSON.stringify(payload) });
    return this.create(t);
  }

  /** One keyed timer, prepared on SQLite unless Prisma holds the write lock; null when the key exists. */
  private async create(t: {
    key: string;
    kind: string;
    payload: unknown;
    dueAt: Date;
    lockedBy: string | null;
    lockedUntil: Date | null;
  }): Promise<TimerRow | null> {
    const data = { ...t, payload: JSON.stringify(t.payload) };
    if (this.fast) {
      const row = this.fast.insertOne(data);
      if (row !== BUSY) return row;
    }
    try {
      return await this.prisma.timer.create({ data });
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  /** Creates the timers whose keys are new: in one transaction, or one by one when some exist already. */
  async scheduleMany(timers: { key: string; kind: string; payload: unknown; dueAt: Date }[]): Promise<void> {
    if (this.fast) {
      const rows = timers.map((t) => ({ ...t, payload: JSON.stringify(t.payload), lockedBy: null, lockedUntil: null }));
      if (this.fast.insertMany(rows) !== BUSY) return;
    }
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
    const fast = this.fast?.done(id, owner, at);
    if (fast !== undefined && fast !== BUSY) return fast;
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
