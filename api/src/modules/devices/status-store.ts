// Current device status, kept apart from the event history: one upsert per device per batch, on the
// bare driver. Fields a message does not carry keep their value.
import type { Transaction } from "better-sqlite3";
import type { Driver } from "../../db/client.ts";
import { sqliteTime } from "../../db/client.ts";
import type { Uplink } from "./device-protocol.ts";
import type { UplinkV11 } from "./protocol-v11.ts";

export interface StatusPatch {
  deviceId: string;
  /** when the device was last heard in this batch; null when it was not (only a platform's offline report) */
  lastSeenAt: Date | null;
  /**
   * A carrier platform said the device went offline at this time (CTWing deviceOnlineOfflineReport 0, OneNET
   * type 2 status 0): applied after the batch's own messages, and only when nothing was heard from the device
   * after that time, so a report that arrives late never hides a device that has spoken since.
   */
  offlineAt?: Date;
  battery?: number;
  rssi?: number;
  snr?: number;
  smoke?: number;
  temperature?: number;
  smokeAlarm?: boolean;
  lowBattery?: boolean;
  tamper?: boolean;
  fault?: boolean;
}

const FLAG_BY_TYPE: Partial<Record<UplinkV11["type"], [keyof StatusPatch, boolean]>> = {
  smoke_alarm: ["smokeAlarm", true],
  smoke_clear: ["smokeAlarm", false],
  low_battery: ["lowBattery", true],
  battery_ok: ["lowBattery", false],
  tamper: ["tamper", true],
  tamper_restored: ["tamper", false],
  fault: ["fault", true],
  fault_cleared: ["fault", false],
};

/** What the fold reads: a device's message, or a carrier platform's report that the device went offline. */
export type FoldInput =
  { deviceId: string; receivedAt: Date; msg: Uplink | UplinkV11 } | { deviceId: string; offlineAt: Date };

/** Folds a device's messages (in arrival order) into one patch per device. */
export function foldStatus(events: FoldInput[]): StatusPatch[] {
  const byDevice = new Map<string, StatusPatch>();
  for (const e of events) {
    const { deviceId } = e;
    let p = byDevice.get(deviceId);
    if (!p) {
      p = { deviceId, lastSeenAt: null };
      byDevice.set(deviceId, p);
    }
    if ("offlineAt" in e) {
      if (!p.offlineAt || e.offlineAt > p.offlineAt) p.offlineAt = e.offlineAt;
      continue;
    }
    const { receivedAt, msg } = e;
    if (!p.lastSeenAt || receivedAt > p.lastSeenAt) p.lastSeenAt = receivedAt;
    if (msg.battery !== undefined) p.battery = msg.battery;
    if (msg.rssi !== undefined) p.rssi = msg.rssi;
    if (msg.snr !== undefined) p.snr = msg.snr;
    if (msg.smoke !== undefined) p.smoke = msg.smoke;
    if (msg.temperature !== undefined) p.temperature = msg.temperature;
    const flag = FLAG_BY_TYPE[msg.type];
    if (flag) (p as unknown as Record<string, unknown>)[flag[0]] = flag[1];
  }
  return [...byDevice.values()];
}

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];
type Queryable = { query: Extract<Driver, { provider: "postgres" }>["pool"]["query"] };

/** Status outside the ingest transaction (which applies patches itself, see ingest-store.ts). */
export interface StatusStore {
  /** Marks devices offline; returns those that changed. */
  markOffline(deviceIds: string[]): Promise<string[]>;
}

const b = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
const n = (v: number | undefined) => (v === undefined ? null : v);

/**
 * The SQLite upsert as a synchronous function, to run inside the ingest transaction. Readings older than the
 * stored ones (a routine message committed after a later fire message, see the fire lane in ingest-pipeline.ts)
 * leave the stored readings alone.
 */
export function sqliteStatusApplier(db: SqliteDb): Transaction<(patches: StatusPatch[]) => string[]> {
  const upsert = db.prepare(`
      INSERT INTO "DeviceStatus" ("deviceId", "online", "lastSeenAt", "battery", "rssi", "snr", "smoke", "temperature",
        "smokeAlarm", "lowBattery", "tamper", "fault", "updatedAt")
      VALUES (@id, 1, @seen, @battery, @rssi, @snr, @smoke, @temperature,
        COALESCE(@smokeAlarm, 0), COALESCE(@lowBattery, 0), COALESCE(@tamper, 0), COALESCE(@fault, 0), @seen)
      ON CONFLICT ("deviceId") DO UPDATE SET
        "online" = 1,
        "lastSeenAt" = MAX(COALESCE("lastSeenAt", ''), excluded."lastSeenAt"),
        "battery" = CASE WHEN excluded."lastSeenAt" >= COALESCE("lastSeenAt", '') THEN COALESCE(@battery, "battery") ELSE "battery" END,
        "rssi" = CASE WHEN excluded."lastSeenAt" >= COALESCE("lastSeenAt", '') THEN COALESCE(@rssi, "rssi") ELSE "rssi" END,
        "snr" = CASE WHEN excluded."lastSeenAt" >= COALESCE("lastSeenAt", '') THEN COALESCE(@snr, "snr") ELSE "snr" END,
        "smoke" = CASE WHEN excluded."lastSeenAt" >= COALESCE("lastSeenAt", '') THEN COALESCE(@smoke, "smoke") ELSE "smoke" END,
        "temperature" = CASE WHEN excluded."lastSeenAt" >= COALESCE("lastSeenAt", '') THEN COALESCE(@temperature, "temperature") ELSE "temperature" END,
        "smokeAlarm" = COALESCE(@smokeAlarm, "smokeAlarm"), "lowBattery" = COALESCE(@lowBattery, "lowBattery"),
        "tamper" = COALESCE(@tamper, "tamper"), "fault" = COALESCE(@fault, "fault"), "updatedAt" = excluded."updatedAt"`);
  const wasOffline = db
    .prepare(`SELECT 1 FROM "DeviceStatus" WHERE "deviceId" = ? AND "online" = 0 AND "lastSeenAt" IS NOT NULL`)
    .pluck();
  const platformOffline = db.prepare(
    `UPDATE "DeviceStatus" SET "online" = 0, "updatedAt" = @at
     WHERE "deviceId" = @id AND "online" = 1 AND "lastSeenAt" IS NOT NULL AND "lastSeenAt" <= @at`,
  );
  return db.transaction((patches: StatusPatch[]) => {
    const back: string[] = [];
    for (const p of patches) {
      if (p.lastSeenAt) {
        if (wasOffline.get(p.deviceId)) back.push(p.deviceId);
        upsertOne(p, p.lastSeenAt);
      }
      if (p.offlineAt) platformOffline.run({ id: p.deviceId, at: sqliteTime(p.offlineAt) });
    }
    return back;
  });

  function upsertOne(p: StatusPatch, lastSeenAt: Date): void {
    upsert.run({
      id: p.deviceId,
      seen: sqliteTime(lastSeenAt),
      battery: n(p.battery),
      rssi: n(p.rssi),
      snr: n(p.snr),
      smoke: n(p.smoke),
      temperature: n(p.temperature),
      smokeAlarm: b(p.smokeAlarm),
      lowBattery: b(p.lowBattery),
      tamper: b(p.tamper),
      fault: b(p.fault),
    });
  }
}

export function createStatusStore(driver: Driver): StatusStore {
  if (driver.provider === "sqlite") {
    const db = driver.sqlite;
    const offline = db.prepare(`UPDATE "DeviceStatus" SET "online" = 0 WHERE "deviceId" = ? AND "online" = 1`);
    return {
      async markOffline(ids) {
        return db.transaction(() => ids.filter((id) => offline.run(id).changes === 1))();
      },
    };
  }
  const pool = driver.pool;
  return {
    async markOffline(ids) {
      if (!ids.length) return [];
      const { rows } = await pool.query<{ deviceId: string }>(
        `UPDATE "DeviceStatus" SET "online" = false WHERE "deviceId" = ANY($1::text[]) AND "online" = true RETURNING "deviceId"`,
        [ids],
      );
      return rows.map((r) => r.deviceId);
    },
  };
}

/** The PostgreSQL upsert on a pool or on the client of an open transaction. */
export async function postgresStatusApply(pool: Queryable, all: StatusPatch[]): Promise<string[]> {
  const cameBack = await postgresStatusUpsert(
    pool,
    all.filter((p): p is StatusPatch & { lastSeenAt: Date } => p.lastSeenAt !== null),
  );
  const offline = all.filter((p) => p.offlineAt);
  // after the batch's own messages; only a device not heard from since the report (see StatusPatch.offlineAt)
  if (offline.length)
    await pool.query(
      `UPDATE "DeviceStatus" s SET "online" = false, "updatedAt" = (x.at::timestamptz AT TIME ZONE 'UTC')
       FROM unnest($1::text[], $2::text[]) AS x(d, at)
       WHERE s."deviceId" = x.d AND s."online" = true AND s."lastSeenAt" IS NOT NULL
         AND s."lastSeenAt" <= (x.at::timestamptz AT TIME ZONE 'UTC')`,
      [offline.map((p) => p.deviceId), offline.map((p) => p.offlineAt!.toISOString())],
    );
  return cameBack;
}

/**
 * The upsert of devices' status as common table expressions (x, was_offline, upd, ins) of one statement: the
 * patches are parameters number `first` to `first` + 10 (postgresStatusValues), and `where` may keep only some of them
 * (ingest-store.ts: the devices whose messages the same statement stored). Every sub-statement sees the table
 * as it was, so was_offline is the state before this batch. Devices with a status row are updated, the rest
 * inserted. A flag the batch did not mention is NULL in x and keeps its stored value. Readings older than the
 * stored ones (a routine message committed after a fire message that arrived later, issue 21's fire lane) do
 * not overwrite them. Comments must stay outside the SQL text.
 */
export function postgresStatusCtes(first: number, where = ""): string {
  const p = (i: number) => `$${first + i - 1}`;
  return `x AS (
           SELECT * FROM unnest(${p(1)}::text[], ${p(2)}::text[], ${p(3)}::int[], ${p(4)}::int[], ${p(5)}::int[], ${p(6)}::int[], ${p(7)}::float8[], ${p(8)}::bool[], ${p(9)}::bool[], ${p(10)}::bool[], ${p(11)}::bool[])
             AS t(d, seen, bat, rssi, snr, smoke, temp, sa, lb, ta, fa) ${where}
         ), was_offline AS (
           SELECT "deviceId" FROM "DeviceStatus" WHERE "deviceId" IN (SELECT d FROM x) AND "online" = false AND "lastSeenAt" IS NOT NULL
         ), upd AS (
           UPDATE "DeviceStatus" s SET
             "online" = true,
             "lastSeenAt" = GREATEST(s."lastSeenAt", (x.seen::timestamptz AT TIME ZONE 'UTC')),
             "battery" = CASE WHEN s."lastSeenAt" IS NULL OR x.seen::timestamptz AT TIME ZONE 'UTC' >= s."lastSeenAt" THEN COALESCE(x.bat, s."battery") ELSE s."battery" END,
             "rssi" = CASE WHEN s."lastSeenAt" IS NULL OR x.seen::timestamptz AT TIME ZONE 'UTC' >= s."lastSeenAt" THEN COALESCE(x.rssi, s."rssi") ELSE s."rssi" END,
             "snr" = CASE WHEN s."lastSeenAt" IS NULL OR x.seen::timestamptz AT TIME ZONE 'UTC' >= s."lastSeenAt" THEN COALESCE(x.snr, s."snr") ELSE s."snr" END,
             "smoke" = CASE WHEN s."lastSeenAt" IS NULL OR x.seen::timestamptz AT TIME ZONE 'UTC' >= s."lastSeenAt" THEN COALESCE(x.smoke, s."smoke") ELSE s."smoke" END,
             "temperature" = CASE WHEN s."lastSeenAt" IS NULL OR x.seen::timestamptz AT TIME ZONE 'UTC' >= s."lastSeenAt" THEN COALESCE(x.temp, s."temperature") ELSE s."temperature" END,
             "smokeAlarm" = COALESCE(x.sa, s."smokeAlarm"), "lowBattery" = COALESCE(x.lb, s."lowBattery"),
             "tamper" = COALESCE(x.ta, s."tamper"), "fault" = COALESCE(x.fa, s."fault"),
             "updatedAt" = (x.seen::timestamptz AT TIME ZONE 'UTC')
           FROM x WHERE s."deviceId" = x.d
           RETURNING s."deviceId"
         ), ins AS (
           INSERT INTO "DeviceStatus" ("deviceId", "online", "lastSeenAt", "battery", "rssi", "snr", "smoke", "temperature",
             "smokeAlarm", "lowBattery", "tamper", "fault", "updatedAt")
           SELECT d, true, (seen::timestamptz AT TIME ZONE 'UTC'), bat, rssi, snr, smoke, temp,
             COALESCE(sa, false), COALESCE(lb, false), COALESCE(ta, false), COALESCE(fa, false), (seen::timestamptz AT TIME ZONE 'UTC')
           FROM x WHERE x.d NOT IN (SELECT "deviceId" FROM upd)
           ON CONFLICT ("deviceId") DO NOTHING
         )`;
}

/** The parameters of postgresStatusCtes, in order. */
export function postgresStatusValues(patches: (StatusPatch & { lastSeenAt: Date })[]): unknown[] {
  const col = <K extends keyof StatusPatch>(k: K) => patches.map((p) => (p[k] === undefined ? null : p[k]));
  return [
    patches.map((p) => p.deviceId),
    patches.map((p) => p.lastSeenAt.toISOString()),
    col("battery"),
    col("rssi"),
    col("snr"),
    col("smoke"),
    col("temperature"),
    col("smokeAlarm"),
    col("lowBattery"),
    col("tamper"),
    col("fault"),
  ];
}

async function postgresStatusUpsert(
  pool: Queryable,
  patches: (StatusPatch & { lastSeenAt: Date })[],
): Promise<string[]> {
  if (!patches.length) return [];
  // one round trip
  const { rows } = await pool.query<{ deviceId: string }>(
    `WITH ${postgresStatusCtes(1)} SELECT "deviceId" FROM was_offline`,
    postgresStatusValues(patches),
  );
  return rows.map((r) => r.deviceId);
}
