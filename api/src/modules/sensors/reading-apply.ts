// Applying a run of stored facility messages on SQLite in one transaction of prepared statements (issue 15's
// readings figure): the devices and their overrides read, the readings written (current value, raw, hourly:
// reading-store.ts's writer), each device's points read, the limit engine run in message order and the
// changed states written, all inside one BEGIN IMMEDIATE. Through Prisma the same run took a query or an
// interactive transaction per device (its query compiler and adapter were a third of the API's CPU while
// readings flowed, the acknowledging of messages waiting behind it on the one event loop).
// The guarantees are those of FacilityIntake.applyMany: the messages are stored (and acknowledged) before
// this runs and stay pending until the event processor marks them after it; a run applied twice changes
// nothing twice (a reading already stored is a redelivery, a reading not newer than a point's last evaluated
// one decides nothing). A state written by someone else since it was read (the transaction holds the write
// lock, so only another process without it) rolls the whole run back: the caller applies it the Prisma way.
import type { DeviceKind, Driver } from "../../db/client.ts";
import { sqliteTime } from "../../db/client.ts";
import type { SensorDecision } from "./limit-engine.ts";
import type { Limit } from "./limits.ts";
import { sqliteReadingWriter, type NewReading } from "./reading-store.ts";
import type { PointRow, SensorDevice } from "./sensor-repository.ts";
import { evaluateMessages } from "./sensor-service.ts";

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];

type Measured = { point: string; value: number; at: Date };

/** A stored message of the run: its device, when it was received, and its readings. */
export interface RunMessage {
  deviceId: string;
  receivedAt: Date;
  readings: Measured[];
}

export interface AppliedRun {
  /** the devices of the run that exist */
  devices: Map<string, SensorDevice>;
  /** each message's decisions, in the run's order (none for a message of an unknown device) */
  decisions: SensorDecision[][];
}

/** Applies a run synchronously, in one transaction; throws RunConflict (nothing written) on a conflict. */
export type RunApplier = (messages: RunMessage[], now: Date) => AppliedRun;

export class RunConflict extends Error {
  constructor() {
    super("sensor point evaluated meanwhile");
  }
}

interface DeviceSqlRow extends Omit<SensorDevice, "kind"> {
  kind: DeviceKind;
}

interface PointSqlRow {
  id: number;
  deviceId: string;
  point: string;
  value: number;
  ts: string;
  limitState: PointRow["limitState"];
  stateSince: string;
  pendingSide: PointRow["pendingSide"];
  pendingSince: string | null;
  evaluatedAt: string | null;
}

const date = (text: string) => new Date(text);

/** The applier on a better-sqlite3 handle; its statements are prepared once. */
export function sqliteRunApplier(db: SqliteDb): RunApplier {
  const write = sqliteReadingWriter(db);
  // one statement whatever the number of devices: their ids as a JSON array
  const devices = db.prepare(
    `SELECT d."id", d."name", d."mode", d."householdId", d."communityId", d."unitId", d."buildingId",
            d."unitBuildingId", d."floor", d."placeName", d."latitude", d."longitude",
            m."kind" AS "kind", m."limits" AS "modelLimits"
     FROM "Device" d JOIN "DeviceModel" m ON m."id" = d."modelId"
     WHERE d."id" IN (SELECT "value" FROM json_each(?))`,
  );
  const overrides = db.prepare(
    `SELECT "deviceId", "point", "low", "high", "hysteresis", "minDurationSec" FROM "SensorLimitOverride"
     WHERE "deviceId" IN (SELECT "value" FROM json_each(?))`,
  );
  const points = db.prepare(
    `SELECT "id", "deviceId", "point", "value", "ts", "limitState", "stateSince", "pendingSide", "pendingSince", "evaluatedAt"
     FROM "SensorPoint" WHERE "deviceId" IN (SELECT "value" FROM json_each(?))`,
  );
  // the state is written only if nobody evaluated the point since it was read (the column's text as read)
  const saveState = db.prepare(
    `UPDATE "SensorPoint" SET "limitState" = ?, "stateSince" = ?, "pendingSide" = ?, "pendingSince" = ?, "evaluatedAt" = ?
     WHERE "id" = ? AND "evaluatedAt" IS ?`,
  );

  const run = db.transaction((messages: RunMessage[], now: Date): AppliedRun => {
    const ids = JSON.stringify([...new Set(messages.map((m) => m.deviceId))]);
    const known = new Map((devices.all(ids) as DeviceSqlRow[]).map((d) => [d.id, d as SensorDevice]));
    const limits = new Map<string, Map<string, Limit>>();
    for (const o of overrides.all(ids) as ({ deviceId: string; point: string } & Limit)[]) {
      let m = limits.get(o.deviceId);
      if (!m) limits.set(o.deviceId, (m = new Map()));
      m.set(o.point, { low: o.low, high: o.high, hysteresis: o.hysteresis, minDurationSec: o.minDurationSec });
    }
    const readings: NewReading[] = [];
    for (const m of messages) {
      if (!known.has(m.deviceId)) continue;
      for (const r of m.readings)
        readings.push({ deviceId: m.deviceId, point: r.point, value: r.value, ts: r.at, receivedAt: m.receivedAt });
    }
    if (readings.length) write(readings, now);
    // each device's points as they are now (after the write above made any new ones)
    const rowsOf = new Map<string, Map<string, PointRow>>();
    const evaluatedText = new Map<number, string | null>();
    for (const r of points.all(ids) as PointSqlRow[]) {
      let m = rowsOf.get(r.deviceId);
      if (!m) rowsOf.set(r.deviceId, (m = new Map()));
      evaluatedText.set(r.id, r.evaluatedAt);
      m.set(r.point, {
        id: r.id,
        deviceId: r.deviceId,
        point: r.point,
        value: r.value,
        ts: date(r.ts),
        limitState: r.limitState,
        stateSince: date(r.stateSince),
        pendingSide: r.pendingSide,
        pendingSince: r.pendingSince === null ? null : date(r.pendingSince),
        evaluatedAt: r.evaluatedAt === null ? null : date(r.evaluatedAt),
      });
    }
    // each device's messages evaluated in one go, in message order
    const ofDevice = new Map<string, number[]>();
    messages.forEach((m, i) => {
      if (!known.has(m.deviceId)) return;
      const list = ofDevice.get(m.deviceId);
      if (list) list.push(i);
      else ofDevice.set(m.deviceId, [i]);
    });
    const decisions: SensorDecision[][] = messages.map(() => []);
    for (const [deviceId, indexes] of ofDevice) {
      const device = known.get(deviceId)!;
      const e = evaluateMessages(
        device,
        limits.get(deviceId),
        indexes.map((i) => messages[i]!.readings),
        rowsOf.get(deviceId) ?? new Map(),
      );
      indexes.forEach((i, k) => (decisions[i] = e.decisions[k]!));
      for (const { row, state: s } of e.changed) {
        const changed = saveState.run(
          s.limitState,
          sqliteTime(new Date(s.stateSince)),
          s.pendingSide,
          s.pendingSince === null ? null : sqliteTime(new Date(s.pendingSince)),
          s.evaluatedAt === null ? null : sqliteTime(new Date(s.evaluatedAt)),
          row.id,
          evaluatedText.get(row.id) ?? null,
        ).changes;
        if (changed !== 1) throw new RunConflict(); // rolls back the whole run
      }
    }
    return { devices: known, decisions };
  });
  return (messages, now) => run.immediate(messages, now);
}
