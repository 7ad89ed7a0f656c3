// The residents' home list (GET /api/households, issue 21) in one statement: a resident's memberships, their
// homes and places, each home's devices with model and current status. Prepared once on the engine's own
// driver (Prisma's SQLite adapter compiles every statement again on every call, and the nested include took
// eight of them). Nothing is cached but the statement: every call reads the rows as they are now.
import type { DeviceNetwork, DevicePower, Driver, MemberRole } from "../../db/client.ts";

/** A home as the service's summary() reads it. */
export type HouseholdRow = {
  id: string;
  roomNo: string;
  floor: number;
  claimedAt: Date | null;
  unit: { id: string; name: string; building: { id: string; name: string; community: { id: string; name: string } } };
  devices: {
    id: string;
    name: string | null;
    room: string | null;
    mode: string;
    model: { name: string; kind: string; power: DevicePower | null; network: DeviceNetwork | null };
    status: {
      online: boolean;
      lastSeenAt: Date | null;
      battery: number | null;
      rssi: number | null;
      smokeAlarm: boolean;
      lowBattery: boolean;
      tamper: boolean;
      fault: boolean;
    } | null;
  }[];
};

/**
 * One row of listMine's join: a membership, its home and place, and one of its devices (or none), as an array
 * in SELECT's column order (better-sqlite3's raw mode, pg's array rows): building an object of 26 named keys a
 * row was most of the statement's time in the driver (25 against 40 µs for a resident's five rows here).
 */
export type MineRow = [
  role: MemberRole,
  householdId: string,
  roomNo: string,
  floor: number | bigint,
  claimedAt: Date | string | null,
  unitName: string,
  buildingName: string,
  communityId: string,
  communityName: string,
  deviceId: string | null,
  deviceName: string | null,
  room: string | null,
  mode: string | null,
  modelName: string | null,
  kind: string | null,
  statusDeviceId: string | null,
  online: boolean | number | bigint | null,
  lastSeenAt: Date | string | null,
  battery: number | bigint | null,
  rssi: number | bigint | null,
  smokeAlarm: boolean | number | bigint | null,
  lowBattery: boolean | number | bigint | null,
  tamper: boolean | number | bigint | null,
  fault: boolean | number | bigint | null,
  power: DevicePower | null,
  network: DeviceNetwork | null,
];

// raw rows differ by engine (SQLite: 0/1 and text where PostgreSQL has booleans and timestamps)
const bool = (v: boolean | number | bigint | null) => v === true || v === 1 || v === 1n;
const date = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
const num = (v: number | bigint | null) => (v === null ? null : Number(v));

/** Folds listMine's rows (one per device, ordered by membership) into homes, in the rows' order. */
export function homesOf(rows: readonly MineRow[]): { role: MemberRole; home: HouseholdRow }[] {
  const homes = new Map<string, { role: MemberRole; home: HouseholdRow }>();
  for (const row of rows) {
    const [role, householdId, roomNo, floor, claimedAt, unitName, buildingName, communityId, communityName] = row;
    const [, , , , , , , , , deviceId, deviceName, room, mode, modelName, kind, statusDeviceId] = row;
    const [, , , , , , , , , , , , , , , , online, lastSeenAt, battery, rssi, smokeAlarm, lowBattery, tamper, fault] =
      row;
    const power = row[24];
    const network = row[25];
    let entry = homes.get(householdId);
    if (!entry) {
      entry = {
        role,
        home: {
          id: householdId,
          roomNo,
          floor: Number(floor),
          claimedAt: date(claimedAt),
          unit: {
            id: "",
            name: unitName,
            building: { id: "", name: buildingName, community: { id: communityId, name: communityName } },
          },
          devices: [],
        },
      };
      homes.set(householdId, entry);
    }
    if (deviceId === null) continue;
    entry.home.devices.push({
      id: deviceId,
      name: deviceName,
      room,
      mode: mode ?? "NORMAL",
      model: { name: modelName ?? "", kind: kind ?? "", power, network },
      status:
        statusDeviceId === null
          ? null
          : {
              online: bool(online),
              lastSeenAt: date(lastSeenAt),
              battery: num(battery),
              rssi: num(rssi),
              smokeAlarm: bool(smokeAlarm),
              lowBattery: bool(lowBattery),
              tamper: bool(tamper),
              fault: bool(fault),
            },
    });
  }
  return [...homes.values()];
}

/** One resident's rows, ordered by membership (oldest first), then by device registration. */
export type HomeListQuery = (residentId: string) => Promise<MineRow[]>;

// the columns in MineRow's order
const SELECT = `SELECT m."role", h."id", h."roomNo", h."floor", h."claimedAt", u."name", b."name", c."id", c."name",
    d."id", d."name", d."room", d."mode", dm."name", dm."kind",
    s."deviceId", s."online", s."lastSeenAt", s."battery", s."rssi", s."smokeAlarm", s."lowBattery", s."tamper", s."fault",
    dm."power", dm."network"
  FROM "HouseholdMember" m
  JOIN "Household" h ON h."id" = m."householdId"
  JOIN "Unit" u ON u."id" = h."unitId"
  JOIN "Building" b ON b."id" = u."buildingId"
  JOIN "Community" c ON c."id" = b."communityId"
  LEFT JOIN "Device" d ON d."householdId" = h."id"
  LEFT JOIN "DeviceModel" dm ON dm."id" = d."modelId"
  LEFT JOIN "DeviceStatus" s ON s."deviceId" = d."id"`;
const ORDER = `ORDER BY m."createdAt" ASC, m."id" ASC, d."registeredAt" ASC, d."id" ASC`;

export function homeListQuery(driver: Driver): HomeListQuery {
  if (driver.provider === "sqlite") {
    const stmt = driver.sqlite.prepare(`${SELECT} WHERE m."residentId" = ? ${ORDER}`).raw(true);
    return async (residentId) => stmt.all(residentId) as MineRow[];
  }
  const pool = driver.pool;
  const text = `${SELECT} WHERE m."residentId" = $1 ${ORDER}`;
  // a named statement: each pooled connection parses and plans it once
  return async (residentId) =>
    (await pool.query<MineRow>({ name: "households-list-mine", text, values: [residentId], rowMode: "array" })).rows;
}
