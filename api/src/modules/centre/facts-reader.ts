// The rows behind a unit alarm's facts (incident-facts.ts), read two ways that give the same answer: through
// Prisma, and as three statements prepared once on the engine's own driver (issue 16 and 21: a panel's fire
// reads its facts before the control room's first message leaves; through Prisma that was seven statements,
// each compiled again on every call on the loop that also confirms the panels' frames). The alarm, its unit,
// its device, building and key part are one JOIN; the people on duty and the unit's camera devices one each.
// The centre's messages find their people (a unit's operators, the centre's) with the same staff query.
// The countdown a unit's fire starts (centre-service.ts) reads what it needs (the alarm, its unit, the county's
// setting) in one statement the same way, and writes its deadline with the one write here: prepared on SQLite
// (never waiting for the lock; the Prisma way when Prisma's connection holds it, db/sqlite-no-wait.ts), named
// on PostgreSQL; first deadline wins either way.
// tests/api/centre-facts-reader.test.ts holds the two to the same rows on both engines.
import {
  sqliteTime,
  type AlarmKind,
  type AlarmStatus,
  type Driver,
  type Prisma,
  type StaffRole,
  type UnitCategory,
} from "../../db/client.ts";
import { BUSY, noWait } from "../../db/sqlite-no-wait.ts";
import type { BuildingFact, KeyPartFact, UnitFact } from "./facts-types.ts";

export interface FactsAlarmRow {
  id: string;
  kind: AlarmKind;
  source: string;
  point: string;
  location: string | null;
  startedAt: Date;
  deviceId: string;
  floor: number | null;
  unit: UnitFact & { category: UnitCategory };
  device: { floor: number | null; placeName: string | null };
  building: BuildingFact | null;
  keyPart: KeyPartFact | null;
}

export interface StaffFact {
  id: string;
  name: string;
  role: StaffRole;
  phone: string | null;
}

/** What a unit fire's confirm countdown starts from (CentreService.startCountdown). */
export interface CountdownRow {
  id: string;
  kind: AlarmKind;
  status: AlarmStatus;
  startedAt: Date;
  location: string | null;
  /** null: not a unit's alarm (a home's) */
  unit: { id: string; name: string; category: UnitCategory; confirmSec: number | null } | null;
  /** the county setting's stored value (JSON), null when there is none */
  setting: string | null;
}

export interface FactsReader {
  /** the alarm with its unit, device, building and key part; null when gone or not a unit's */
  alarm(id: string): Promise<FactsAlarmRow | null>;
  /** active staff in these roles who work for the unit (null: anywhere in the county), by id, at most `take` */
  staff(unitId: string | null, roles: readonly StaffRole[], take: number): Promise<StaffFact[]>;
  /** the unit's camera devices, by id, at most `take` */
  cameraDevices(unitId: string, take: number): Promise<{ id: string; name: string | null }[]>;
  /** the alarm with its unit and the county setting stored under `settingKey`; null when the alarm is gone */
  countdown(alarmId: string, settingKey: string): Promise<CountdownRow | null>;
  /** sets the alarm's confirm deadline unless it has one (the first one stays); true when this call set it */
  setConfirmDeadline(alarmId: string, deadline: Date): Promise<boolean>;
}

export function prismaFactsReader(prisma: Prisma): FactsReader {
  return {
    async alarm(id) {
      const a = await prisma.alarm.findUnique({
        where: { id },
        include: {
          unit: true,
          device: { select: { unitBuildingId: true, keyPartId: true, floor: true, placeName: true } },
        },
      });
      if (!a?.unit) return null;
      const buildingId = a.unitBuildingId ?? a.device.unitBuildingId;
      const keyPartId = a.keyPartId ?? a.device.keyPartId;
      const [building, keyPart] = await Promise.all([
        buildingId ? prisma.unitBuilding.findUnique({ where: { id: buildingId } }) : null,
        keyPartId ? prisma.keyPart.findUnique({ where: { id: keyPartId } }) : null,
      ]);
      const u = a.unit;
      return {
        id: a.id,
        kind: a.kind,
        source: a.source,
        point: a.point,
        location: a.location,
        startedAt: a.startedAt,
        deviceId: a.deviceId,
        floor: a.floor,
        unit: {
          id: u.id,
          name: u.name,
          category: u.category,
          address: u.address,
          latitude: u.latitude,
          longitude: u.longitude,
          phone: u.phone,
          controlRoomPhone: u.controlRoomPhone,
          controlRoomLocation: u.controlRoomLocation,
        },
        device: { floor: a.device.floor, placeName: a.device.placeName },
        building: building
          ? {
              name: building.name,
              floorsAbove: building.floorsAbove,
              floorsBelow: building.floorsBelow,
              heightM: building.heightM,
              use: building.use,
            }
          : null,
        keyPart: keyPart ? { name: keyPart.name, floor: keyPart.floor, description: keyPart.description } : null,
      };
    },
    async staff(unitId, roles, take) {
      // in the order the roles are asked (the first role's people first), then by id: one read a role (few)
      const out: StaffFact[] = [];
      for (const role of roles) {
        if (out.length >= take) break;
        out.push(
          ...(await prisma.staffUser.findMany({
            where: { active: true, role, ...(unitId !== null ? { units: { some: { unitId } } } : {}) },
            select: { id: true, name: true, role: true, phone: true },
            orderBy: { id: "asc" },
            take: take - out.length,
          })),
        );
      }
      return out;
    },
    cameraDevices(unitId, take) {
      return prisma.device.findMany({
        where: { unitId, model: { kind: "CAMERA" } },
        select: { id: true, name: true },
        orderBy: { id: "asc" },
        take,
      });
    },
    async countdown(alarmId, settingKey) {
      const a = await prisma.alarm.findUnique({
        where: { id: alarmId },
        select: {
          id: true,
          kind: true,
          status: true,
          startedAt: true,
          location: true,
          unit: { select: { id: true, name: true, category: true, confirmSec: true } },
        },
      });
      if (!a) return null;
      const setting = await prisma.setting.findUnique({ where: { key: settingKey }, select: { value: true } });
      return { ...a, setting: setting?.value ?? null };
    },
    async setConfirmDeadline(alarmId, deadline) {
      const r = await prisma.alarm.updateMany({
        where: { id: alarmId, confirmDeadlineAt: null },
        data: { confirmDeadlineAt: deadline },
      });
      return r.count === 1;
    },
  };
}

interface AlarmSqlRow {
  id: string;
  kind: AlarmKind;
  source: string;
  point: string;
  location: string | null;
  startedAt: Date | string;
  deviceId: string;
  floor: number | null;
  unitId: string;
  unitName: string;
  category: UnitCategory;
  address: string;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  controlRoomPhone: string | null;
  controlRoomLocation: string | null;
  deviceFloor: number | null;
  placeName: string | null;
  buildingName: string | null;
  floorsAbove: number | null;
  floorsBelow: number | null;
  heightM: number | null;
  buildingUse: string | null;
  keyPartName: string | null;
  keyPartFloor: number | null;
  keyPartDescription: string | null;
}

// PostgreSQL keeps timestamps without a zone (UTC, as Prisma writes them) and pg would read them as local time
const ALARM_SQL = (startedAt: string) => `SELECT a."id" AS "id", a."kind" AS "kind", a."source" AS "source",
    a."point" AS "point", a."location" AS "location", ${startedAt} AS "startedAt", a."deviceId" AS "deviceId",
    a."floor" AS "floor", nu."id" AS "unitId", nu."name" AS "unitName", nu."category" AS "category",
    nu."address" AS "address", nu."latitude" AS "latitude", nu."longitude" AS "longitude", nu."phone" AS "phone",
    nu."controlRoomPhone" AS "controlRoomPhone", nu."controlRoomLocation" AS "controlRoomLocation",
    d."floor" AS "deviceFloor", d."placeName" AS "placeName",
    b."name" AS "buildingName", b."floorsAbove" AS "floorsAbove", b."floorsBelow" AS "floorsBelow",
    b."heightM" AS "heightM", b."use" AS "buildingUse",
    k."name" AS "keyPartName", k."floor" AS "keyPartFloor", k."description" AS "keyPartDescription"
  FROM "Alarm" a
  JOIN "NetworkedUnit" nu ON nu."id" = a."unitId"
  JOIN "Device" d ON d."id" = a."deviceId"
  LEFT JOIN "UnitBuilding" b ON b."id" = COALESCE(a."unitBuildingId", d."unitBuildingId")
  LEFT JOIN "KeyPart" k ON k."id" = COALESCE(a."keyPartId", d."keyPartId")`;

const STAFF_SQL = `SELECT s."id" AS "id", s."name" AS "name", s."role" AS "role", s."phone" AS "phone" FROM "StaffUser" s
  WHERE s."active" = TRUE`;
const OF_UNIT = ` AND EXISTS (SELECT 1 FROM "StaffUnit" su WHERE su."staffUserId" = s."id" AND su."unitId" = %UNIT%)`;

// the camera models first, then the unit's devices of those models by the (unitId, modelId) index: a unit
// with thousands of devices (sensors, panels) is not read row by row for a fire's few cameras
const CAMERAS_SQL = `SELECT d."id" AS "id", d."name" AS "name" FROM "Device" d
  WHERE d."unitId" = %UNIT% AND d."modelId" IN (SELECT m."id" FROM "DeviceModel" m WHERE m."kind" = 'CAMERA')
  ORDER BY d."id" ASC`;

// the setting by a scalar subquery: one row whether or not it is stored; the unit LEFT JOINed (a home's alarm
// is read too, and turned away by the caller as the Prisma way's is)
const COUNTDOWN_SQL = (startedAt: string, key: string, id: string) => `SELECT a."id" AS "id", a."kind" AS "kind",
    a."status" AS "status", ${startedAt} AS "startedAt", a."location" AS "location",
    nu."id" AS "unitId", nu."name" AS "unitName", nu."category" AS "category", nu."confirmSec" AS "confirmSec",
    (SELECT s."value" FROM "Setting" s WHERE s."key" = ${key}) AS "setting"
  FROM "Alarm" a
  LEFT JOIN "NetworkedUnit" nu ON nu."id" = a."unitId"
  WHERE a."id" = ${id}`;

interface CountdownSqlRow {
  id: string;
  kind: AlarmKind;
  status: AlarmStatus;
  startedAt: Date | string;
  location: string | null;
  unitId: string | null;
  unitName: string | null;
  category: UnitCategory | null;
  confirmSec: number | null;
  setting: string | null;
}

function countdownOf(r: CountdownSqlRow): CountdownRow {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    startedAt: r.startedAt instanceof Date ? r.startedAt : new Date(r.startedAt),
    location: r.location,
    unit:
      r.unitId !== null ? { id: r.unitId, name: r.unitName!, category: r.category!, confirmSec: r.confirmSec } : null,
    setting: r.setting,
  };
}

function alarmOf(r: AlarmSqlRow): FactsAlarmRow {
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    point: r.point,
    location: r.location,
    startedAt: r.startedAt instanceof Date ? r.startedAt : new Date(r.startedAt),
    deviceId: r.deviceId,
    floor: r.floor,
    unit: {
      id: r.unitId,
      name: r.unitName,
      category: r.category,
      address: r.address,
      latitude: r.latitude,
      longitude: r.longitude,
      phone: r.phone,
      controlRoomPhone: r.controlRoomPhone,
      controlRoomLocation: r.controlRoomLocation,
    },
    device: { floor: r.deviceFloor, placeName: r.placeName },
    building:
      r.buildingName !== null
        ? {
            name: r.buildingName,
            floorsAbove: r.floorsAbove ?? 0,
            floorsBelow: r.floorsBelow ?? 0,
            heightM: r.heightM,
            use: r.buildingUse,
          }
        : null,
    keyPart:
      r.keyPartName !== null ? { name: r.keyPartName, floor: r.keyPartFloor, description: r.keyPartDescription } : null,
  };
}

/**
 * The same reads as statements prepared once (SQLite) or named statements (PostgreSQL, planned once a
 * connection). `prisma`: the deadline's write on SQLite while Prisma's connection holds the write lock.
 */
export function sqlFactsReader(driver: Driver, prisma: Prisma): FactsReader {
  if (driver.provider === "sqlite") {
    const db = driver.sqlite;
    const viaPrisma = prismaFactsReader(prisma);
    const alarm = db.prepare(`${ALARM_SQL('a."startedAt"')} WHERE a."id" = ?`);
    // the roles as a JSON array (one statement whatever their number), in their order (json_each's key is
    // the index), then by id
    const inRoles = ` AND s."role" IN (SELECT "value" FROM json_each(@roles))
      ORDER BY (SELECT "key" FROM json_each(@roles) WHERE "value" = s."role") ASC, s."id" ASC LIMIT @take`;
    const staffOfUnit = db.prepare(`${STAFF_SQL}${OF_UNIT.replace("%UNIT%", "@unit")}${inRoles}`);
    const staffAnywhere = db.prepare(`${STAFF_SQL}${inRoles}`);
    const cameras = db.prepare(`${CAMERAS_SQL.replace("%UNIT%", "?")} LIMIT ?`);
    const countdown = db.prepare(COUNTDOWN_SQL('a."startedAt"', "@key", "@id"));
    const deadline = db.prepare(
      `UPDATE "Alarm" SET "confirmDeadlineAt" = ? WHERE "id" = ? AND "confirmDeadlineAt" IS NULL`,
    );
    return {
      async alarm(id) {
        const r = alarm.get(id) as AlarmSqlRow | undefined;
        return r ? alarmOf(r) : null;
      },
      async staff(unitId, roles, take) {
        const rows =
          unitId !== null
            ? staffOfUnit.all({ unit: unitId, roles: JSON.stringify(roles), take })
            : staffAnywhere.all({ roles: JSON.stringify(roles), take });
        return rows as StaffFact[];
      },
      async cameraDevices(unitId, take) {
        return cameras.all(unitId, take) as Awaited<ReturnType<FactsReader["cameraDevices"]>>;
      },
      async countdown(alarmId, settingKey) {
        const r = countdown.get({ id: alarmId, key: settingKey }) as CountdownSqlRow | undefined;
        return r ? countdownOf(r) : null;
      },
      async setConfirmDeadline(alarmId, at) {
        // as Prisma writes a DateTime, so the two ways read each other's deadlines
        const set = noWait(db, () => deadline.run(sqliteTime(at), alarmId).changes === 1);
        return set !== BUSY ? set : viaPrisma.setConfirmDeadline(alarmId, at);
      },
    };
  }
  const pool = driver.pool;
  const alarmText = `${ALARM_SQL(`to_char(a."startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)} WHERE a."id" = $1`;
  // enums are PostgreSQL types: compared and returned as text
  const staffSelect = STAFF_SQL.replace('s."role" AS "role"', 's."role"::text AS "role"');
  const staffOfUnitText = `${staffSelect}${OF_UNIT.replace("%UNIT%", "$1")}
    AND s."role"::text = ANY($2::text[]) ORDER BY array_position($2::text[], s."role"::text), s."id" ASC LIMIT $3`;
  const staffAnywhereText = `${staffSelect} AND s."role"::text = ANY($1::text[])
    ORDER BY array_position($1::text[], s."role"::text), s."id" ASC LIMIT $2`;
  const camerasText = `${CAMERAS_SQL.replace("%UNIT%", "$1").replace(`m."kind" = 'CAMERA'`, `m."kind"::text = 'CAMERA'`)} LIMIT $2`;
  const countdownText = COUNTDOWN_SQL(`to_char(a."startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, "$2", "$1");
  // the deadline sent as UTC text and stored as the zoneless UTC time Prisma stores, whatever the process's zone
  const deadlineText = `UPDATE "Alarm" SET "confirmDeadlineAt" = ($2::timestamptz AT TIME ZONE 'UTC')
    WHERE "id" = $1 AND "confirmDeadlineAt" IS NULL`;
  return {
    async alarm(id) {
      const q = { name: "centre-facts-alarm", text: alarmText, values: [id] };
      const r = (await pool.query<AlarmSqlRow>(q)).rows[0];
      return r ? alarmOf(r) : null;
    },
    async staff(unitId, roles, take) {
      const q =
        unitId !== null
          ? { name: "centre-facts-staff", text: staffOfUnitText, values: [unitId, [...roles], take] }
          : { name: "centre-facts-staff-anywhere", text: staffAnywhereText, values: [[...roles], take] };
      return (await pool.query<StaffFact>(q)).rows;
    },
    async cameraDevices(unitId, take) {
      const q = { name: "centre-facts-cameras", text: camerasText, values: [unitId, take] };
      return (await pool.query<{ id: string; name: string | null }>(q)).rows;
    },
    async countdown(alarmId, settingKey) {
      const q = { name: "centre-countdown", text: countdownText, values: [alarmId, settingKey] };
      const r = (await pool.query<CountdownSqlRow>(q)).rows[0];
      return r ? countdownOf(r) : null;
    },
    async setConfirmDeadline(alarmId, at) {
      const q = { name: "centre-countdown-deadline", text: deadlineText, values: [alarmId, at.toISOString()] };
      return (await pool.query(q)).rowCount === 1;
    },
  };
}
