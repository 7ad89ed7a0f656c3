// Current device status, kept apart from the event history: one upsert per device per batch, on the
// bare driver. Fields a message does not carry keep their value.
import type { Transaction } from "better-sqlite3";
import type { Driver } from "../../db/client.ts";
import { sqliteTime } from "../../db/client.ts";
import type { Uplink } from "./device-protocol.ts";
import type { UplinkV11 } from "./protocol-v11.ts";

export interface StatusPatch {
  deviceId: string;
  lastSeenAt: Date;
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

/** Folds a device's messages (in arrival order) into one patch per device. */
export function foldStatus(events: { deviceId: string; receivedAt: Date; msg: Uplink | UplinkV11 }[]): StatusPatch[] {
  const byDevice = new Map<string, StatusPatch>();
  for (const { deviceId, receivedAt, msg } of events) {
    let p = byDevice.get(deviceId);
    if (!p) {
      p = { deviceId, lastSeenAt: receivedAt };
      byDevice.set(deviceId, p);
    }
    if (receivedAt > p.lastSeenAt) p.lastSeenAt = receivedAt;
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
  return db.transaction((patches: StatusPatch[]) => {
    const back: string[] = [];
    for (const p of patches) {
      if (wasOffline.get(p.deviceId)) back.push(p.deviceId);
      upsert.run({
        id: p.deviceId,
        seen: sqliteTime(p.lastSeenAt),
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
    return back;
  });
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
export async function postgresStatusApply(pool: Queryable, patches: StatusPatch[]): Promise<string[]> {
  if (!patches.length) return [];
  const col = <K extends keyof StatusPatch>(k: K) => patches.map((p) => (p[k] === undefined ? null : p[k]));
  // Every sub-statement sees the table as it was, so was_offline is the state before this batch.
  // One round trip: update the devices that have a status row, insert the rest. A flag the batch did
  // not mention is NULL in x and keeps its stored value. Readings older than the stored ones (a routine message
  // committed after a fire message that arrived later, issue 21's fire lane) do not overwrite them.
  // Comments must stay outside the SQL text.
  const { rows } = await pool.query<{ deviceId: string }>(
    `WITH x AS (
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::float8[], $8::bool[], $9::bool[], $10::bool[], $11::bool[])
             AS t(d, seen, bat, rssi, snr, smoke, temp, sa, lb, ta, fa)
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
         )
         SELECT "deviceId" FROM was_offline`,
    [
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
    ],
  );
  return rows.map((r) => r.deviceId);
}
