// The raise of an alarm as statements prepared once on SQLite (issues 16 and 21). Prisma compiles every query
// on every call (1-2 ms each); a fire's raise was six of them (the open-alarm look-up, the nested create's
// transaction, the row read back) on the loop that also confirms the panels' frames and sends the first
// step's messages. Here the same work is one `BEGIN IMMEDIATE` of four prepared statements: the open alarm is
// looked up under the write lock, so two raises of the same alarm cannot both create it.
//
// The rules are the Prisma way's (alarm-service.ts, openOrRepeat): one open alarm per device, kind and point;
// a repeat counts on it, keeps the latest event time and records a "repeated" action; a message already
// recorded on it (its event key) changes nothing. The row handed to the listeners is the whole Alarm as
// Prisma returns it (every column, dates as Date, booleans as boolean); tests/api/alarm-raise-prepared.test.ts
// holds it to Prisma's answer. Like the other prepared writes it never waits for the lock (sqlite-no-wait.ts):
// BUSY, having written nothing, sends the caller the Prisma way.
import { newRowId } from "../../db/row-id.ts";
import { sqliteTime, type Driver } from "../../db/client.ts";
import { BUSY, noWait } from "../../db/sqlite-no-wait.ts";
import { newAlarmColumns } from "./alarm.ts";
import type { AlarmChange, AlarmRecord, RaiseRequest } from "./alarm-types.ts";

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];

const DATE_COLUMNS = [
  "startedAt",
  "lastEventAt",
  "acknowledgedAt",
  "resolvedAt",
  "dispatchedAt",
  "confirmDeadlineAt",
  "verdictAt",
  "createdAt",
] as const;
const BOOLEAN_COLUMNS = ["report119"] as const;

/** A stored DateTime as the adapter reads it: ISO text (as Prisma writes it), SQLite's own text, or epoch ms. */
function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  const s = String(v);
  // CURRENT_TIMESTAMP's "YYYY-MM-DD HH:MM:SS" is UTC without saying so
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(s) ? `${s.replace(" ", "T")}Z` : s);
}

/** An Alarm row as Prisma's client returns it. */
export function decodeAlarmRow(row: Record<string, unknown>): AlarmRecord {
  const out: Record<string, unknown> = { ...row };
  for (const c of DATE_COLUMNS) if (c in out) out[c] = toDate(out[c]);
  for (const c of BOOLEAN_COLUMNS) if (c in out) out[c] = Boolean(out[c]);
  return out as unknown as AlarmRecord;
}

export type PreparedRaise = (r: RaiseRequest) => AlarmChange | typeof BUSY;

/** The raise on SQLite's bare driver; null on PostgreSQL (Prisma there). */
export function sqliteRaise(driver: Driver | undefined): PreparedRaise | null {
  if (driver?.provider !== "sqlite") return null;
  const db: SqliteDb = driver.sqlite;
  const open = db.prepare(
    `SELECT * FROM "Alarm" WHERE "deviceId" = ? AND "kind" = ? AND "point" = ? AND "openSlot" = 'OPEN'`,
  );
  const seen = db.prepare(`SELECT 1 FROM "AlarmAction" WHERE "alarmId" = ? AND "eventKey" = ?`);
  const repeat = db.prepare(
    `UPDATE "Alarm" SET "occurrences" = "occurrences" + 1, "lastEventAt" = ? WHERE "id" = ? RETURNING *`,
  );
  const create = db.prepare(
    `INSERT INTO "Alarm" ("id", "deviceId", "householdId", "communityId", "point", "source", "unitId",
       "unitBuildingId", "keyPartId", "floor", "location", "buildingId", "kind", "severity", "status", "openSlot",
       "occurrences", "startedAt", "lastEventAt", "report119", "escalationLevel", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 'OPEN', 1, ?, ?, 0, 0, ?) RETURNING *`,
  );
  const action = db.prepare(
    `INSERT INTO "AlarmAction" ("id", "alarmId", "action", "actor", "note", "eventKey", "at") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  const raise = db.transaction((r: RaiseRequest): AlarmChange => {
    const point = r.place?.point ?? "";
    const found = open.get(r.device.id, r.kind, point) as Record<string, unknown> | undefined;
    const at = sqliteTime(r.at);
    if (found) {
      const current = decodeAlarmRow(found);
      if (seen.get(current.id, r.eventKey))
        return { outcome: "ignored", alarm: current, reason: "redelivered message" };
      const last = r.at > current.lastEventAt ? at : sqliteTime(current.lastEventAt);
      const row = repeat.get(last, current.id) as Record<string, unknown>;
      action.run(newRowId(), current.id, "repeated", r.actor, r.note, r.eventKey, at);
      return { outcome: "updated", alarm: decodeAlarmRow(row) };
    }
    const id = newRowId();
    const row = create.get(id, ...newAlarmColumns(r), at, at, sqliteTime(new Date())) as Record<string, unknown>;
    action.run(newRowId(), id, "raised", r.actor, r.note, r.eventKey, at);
    return { outcome: "created", alarm: decodeAlarmRow(row) };
  });

  return (r) => noWait(db, () => raise.immediate(r));
}
