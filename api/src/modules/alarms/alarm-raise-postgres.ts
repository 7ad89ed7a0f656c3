// The raise of an alarm as one statement on PostgreSQL (issue 21). Through Prisma a raise is six round trips
// to the server (the open-alarm look-up; BEGIN, the alarm, its action, the row read back, COMMIT; a repeat
// looks up the message's action instead of reading back), each compiled by Prisma on the event loop first. On
// a server that shares its cores with the API, every round trip waits for a core twice, and a loaded fire
// waited 31 ms (p50) between its effects starting and its alarm raised (docs/performance.md, "PostgreSQL on
// the same two cores"). Here it is one named statement, planned once on each pooled connection:
//
// - the alarm is inserted, and when the device, kind and point have an open alarm already (the unique index
//   that keeps one open), that alarm is updated instead: one more occurrence, the later event time kept;
// - unless that alarm has recorded the message already (its event key): then nothing is written, no row comes
//   back, and a second read hands the caller the alarm as it is ("redelivered message"). The action's unique
//   key (alarmId, eventKey) is what guarantees it; the check only spares the server a failed statement for
//   each message a device sends again after a reconnect;
// - the action ("raised" or "repeated") is inserted from the row the first part returned, in the same
//   statement, so both are written or neither.
//
// One statement is one transaction, and the insert's conflict handling waits for a concurrent raise of the same
// alarm (another instance) and then updates it, where the Prisma way caught the unique violation and went
// round again. The same message raised twice at once: the second insert of its action breaks the unique key
// (alarmId, eventKey), the whole statement is undone, and it is answered as a redelivered message.
//
// The rules and the record handed to listeners are the Prisma way's (alarm-service.ts, openOrRepeat);
// tests/api/alarm-raise-prepared.test.ts holds them to Prisma's answers on both engines.
import pg from "pg";
import type { Driver } from "../../db/client.ts";
import { newRowId } from "../../db/row-id.ts";
import { newAlarmColumns } from "./alarm.ts";
import type { AlarmChange, AlarmRecord, RaiseRequest } from "./alarm-types.ts";

export type PostgresRaise = (r: RaiseRequest) => Promise<AlarmChange>;

const TIMESTAMP = 1114; // timestamp without time zone
const UNIQUE_VIOLATION = "23505";

/**
 * Prisma keeps DateTime as UTC in `timestamp(3)` columns (no zone). pg's own parser would read them as the
 * process's local time, and writes a Date in local time with an offset the column ignores: a process in
 * Asia/Shanghai would be 8 hours off both ways. So times go as UTC text and come back read as UTC.
 */
const utcText = (d: Date) => d.toISOString();
const readUtc = (v: string) => new Date(`${v.replace(" ", "T")}Z`);
const types: pg.CustomTypesConfig = {
  // the driver's own parsers for every other type (numbers, booleans, text)
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP ? readUtc : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

const RAISE_SQL = `WITH up AS (
  INSERT INTO "Alarm" AS a ("id", "deviceId", "householdId", "communityId", "point", "source", "unitId",
    "unitBuildingId", "keyPartId", "floor", "location", "buildingId", "kind", "severity", "status", "openSlot",
    "occurrences", "startedAt", "lastEventAt", "report119", "escalationLevel", "createdAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::"AlarmKind", $14::"AlarmSeverity", 'ACTIVE', 'OPEN',
    1, $15::timestamp(3), $15::timestamp(3), false, 0, $16::timestamp(3))
  ON CONFLICT ("deviceId", "kind", "point", "openSlot") DO UPDATE
    SET "occurrences" = a."occurrences" + 1, "lastEventAt" = GREATEST(a."lastEventAt", EXCLUDED."lastEventAt")
    WHERE NOT EXISTS (SELECT 1 FROM "AlarmAction" s WHERE s."alarmId" = a."id" AND s."eventKey" = $17)
  RETURNING a.*
), act AS (
  INSERT INTO "AlarmAction" ("id", "alarmId", "action", "actor", "note", "eventKey", "at")
  SELECT $18, up."id", CASE WHEN up."id" = $1 THEN 'raised' ELSE 'repeated' END, $19, $20, $17, $15::timestamp(3)
  FROM up
)
SELECT * FROM up`;

const OPEN_SQL = `SELECT * FROM "Alarm" WHERE "deviceId" = $1 AND "kind" = $2::"AlarmKind" AND "point" = $3
  AND "openSlot" = 'OPEN'`;

/** The raise on PostgreSQL's pool; null on SQLite (alarm-raise-sqlite.ts there). */
export function postgresRaise(driver: Driver | undefined): PostgresRaise | null {
  if (driver?.provider !== "postgres") return null;
  const pool = driver.firePool; // the fire path's own connections (db/client.ts)
  const open = async (r: RaiseRequest): Promise<AlarmRecord | null> => {
    const values = [r.device.id, r.kind, r.place?.point ?? ""];
    const q = { name: "alarm-open", text: OPEN_SQL, values, types };
    return (await pool.query<AlarmRecord>(q)).rows[0] ?? null;
  };
  return async (r) => {
    const id = newRowId();
    const values = [
      id,
      ...newAlarmColumns(r),
      utcText(r.at),
      utcText(new Date()),
      r.eventKey,
      newRowId(),
      r.actor,
      r.note,
    ];
    let row: AlarmRecord | undefined;
    try {
      row = (await pool.query<AlarmRecord>({ name: "alarm-raise", text: RAISE_SQL, values, types })).rows[0];
    } catch (e) {
      // the same message raised at the same moment by another call: its action is there, this one wrote nothing
      if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    }
    if (row) return { outcome: row.id === id ? "created" : "updated", alarm: row };
    return { outcome: "ignored", alarm: await open(r), reason: "redelivered message" };
  };
}
