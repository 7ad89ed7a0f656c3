// The reads of a fire alarm's first escalation step as single statements prepared once on the engine's own
// driver (issue 21, docs/performance.md "Fire path statements"): the alarm with where it is (the message's
// address, room and call-back number), and the household's members with their WeChat identity and their
// WeChat consents (one statement: the consents once came after the members, a round trip more on the fire's
// path). Through Prisma the alarm with its places took eight statements and the members two, each
// compiled again on every call (1-2 ms of CPU each on the event loop the fire shares with everything else).
// The consents of other residents (neighbours) are read apart, by `consents`.
// Nothing is cached but the statements: every call reads the rows as they are now. The writes stay with the
// repositories (their unique keys are the exactly-once guarantees).
import type { AlarmKind, Driver } from "../../db/client.ts";
import type { AlarmForMessage, Recipient } from "./notification.ts";

/** The alarm as an escalation step, a reminder or a real-fire notice needs it. */
export interface StepAlarm extends AlarmForMessage {
  status: string;
  deviceId: string;
  householdId: string | null;
  communityId: string | null;
  unitId: string | null;
}

/** A household's members and those of them who may get a WeChat template now */
export interface MembersRead {
  people: Recipient[];
  consents: Map<string, { longTerm: boolean }>;
}

export interface StepQueries {
  alarm(id: string): Promise<StepAlarm | null>;
  /**
   * every member of the household, oldest membership first (a fire reaches every member, whatever they chose),
   * with the consents among them for this WeChat template (as `consents` gives them): one round trip, not two
   */
  members(householdId: string, templateId: string): Promise<MembersRead>;
  /** residents who may get this WeChat template now: a long-term subscription, or a one-time one left */
  consents(residentIds: string[], templateId: string): Promise<Map<string, { longTerm: boolean }>>;
}

interface AlarmSqlRow {
  id: string;
  kind: AlarmKind;
  status: string;
  deviceId: string;
  householdId: string | null;
  communityId: string | null;
  unitId: string | null;
  startedAt: Date | string;
  location: string | null;
  deviceRoom: string | null;
  roomNo: string | null;
  homeUnitName: string | null;
  buildingName: string | null;
  homeCommunityName: string | null;
  communityName: string | null;
  propertyCompanyId: string | null;
  contactPhone: string | null;
  unitName: string | null;
  controlRoomPhone: string | null;
}

// PostgreSQL keeps timestamps without a zone (UTC, as Prisma writes them) and pg would read them as local time
const ALARM_SQL = (
  startedAt: string,
) => `SELECT a."id" AS "id", a."kind" AS "kind", a."status" AS "status", a."deviceId" AS "deviceId",
    a."householdId" AS "householdId", a."communityId" AS "communityId", a."unitId" AS "unitId",
    ${startedAt} AS "startedAt", a."location" AS "location", d."room" AS "deviceRoom",
    h."roomNo" AS "roomNo", hu."name" AS "homeUnitName", hb."name" AS "buildingName", hc."name" AS "homeCommunityName",
    c."name" AS "communityName", c."propertyCompanyId" AS "propertyCompanyId", pc."contactPhone" AS "contactPhone",
    nu."name" AS "unitName", nu."controlRoomPhone" AS "controlRoomPhone"
  FROM "Alarm" a
  JOIN "Device" d ON d."id" = a."deviceId"
  LEFT JOIN "Household" h ON h."id" = a."householdId"
  LEFT JOIN "Unit" hu ON hu."id" = h."unitId"
  LEFT JOIN "Building" hb ON hb."id" = hu."buildingId"
  LEFT JOIN "Community" hc ON hc."id" = hb."communityId"
  LEFT JOIN "Community" c ON c."id" = a."communityId"
  LEFT JOIN "PropertyCompany" pc ON pc."id" = c."propertyCompanyId"
  LEFT JOIN "NetworkedUnit" nu ON nu."id" = a."unitId"`;

// a member's consent to the template alongside (one row at most: a resident has one consent per template)
const MEMBERS_SQL = (template: string, household: string, longTerm: string) => `SELECT r."id" AS "id",
    r."nickname" AS "nickname", r."phone" AS "phone", r."openid" AS "openid", s."residentId" AS "consented",
    s."longTerm" AS "longTerm"
  FROM "HouseholdMember" m JOIN "Resident" r ON r."id" = m."residentId"
  LEFT JOIN "SubscribeConsent" s ON s."residentId" = r."id" AND s."template" = ${template}
    AND (${longTerm} OR s."remaining" > 0)
  WHERE m."householdId" = ${household} ORDER BY m."createdAt" ASC`;

interface MemberSqlRow {
  id: string;
  nickname: string | null;
  phone: string | null;
  openid: string;
  consented: string | null;
  longTerm: unknown;
}

const CONSENTS_SQL = `SELECT "residentId", "longTerm" FROM "SubscribeConsent"`;

/** Folds the joined row into the shape Prisma's nested include gave (raw rows differ by engine). */
export function stepAlarmOf(r: AlarmSqlRow): StepAlarm {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    deviceId: r.deviceId,
    householdId: r.householdId,
    communityId: r.communityId,
    unitId: r.unitId,
    startedAt: r.startedAt instanceof Date ? r.startedAt : new Date(r.startedAt),
    location: r.location,
    device: { room: r.deviceRoom },
    household:
      r.householdId !== null && r.roomNo !== null
        ? {
            roomNo: r.roomNo,
            unit: {
              name: r.homeUnitName ?? "",
              building: { name: r.buildingName ?? "", community: { name: r.homeCommunityName ?? "" } },
            },
          }
        : null,
    community:
      r.communityName !== null
        ? {
            name: r.communityName,
            propertyCompany: r.propertyCompanyId !== null ? { contactPhone: r.contactPhone } : null,
          }
        : null,
    unit: r.unitName !== null ? { name: r.unitName, controlRoomPhone: r.controlRoomPhone } : null,
  };
}

const resident = (r: { id: string; nickname: string | null; phone: string | null; openid: string }): Recipient => ({
  key: `resident:${r.id}`,
  residentId: r.id,
  name: r.nickname,
  phone: r.phone,
  openid: r.openid,
  staffId: null,
});

const isTrue = (v: unknown) => v === true || v === 1 || v === 1n;

const membersRead = (rows: MemberSqlRow[]): MembersRead => ({
  people: rows.map(resident),
  consents: new Map(rows.flatMap((r) => (r.consented !== null ? [[r.id, { longTerm: isTrue(r.longTerm) }]] : []))),
});

export function stepQueries(driver: Driver): StepQueries {
  if (driver.provider === "sqlite") {
    const db = driver.sqlite;
    const alarm = db.prepare(`${ALARM_SQL('a."startedAt"')} WHERE a."id" = ?`);
    const members = db.prepare(MEMBERS_SQL("?", "?", 's."longTerm" = 1')); // the template first
    // one statement whatever the number of residents: their ids as a JSON array
    const consents = db.prepare(
      `${CONSENTS_SQL} WHERE "residentId" IN (SELECT "value" FROM json_each(?)) AND "template" = ?
       AND ("longTerm" = 1 OR "remaining" > 0)`,
    );
    return {
      async alarm(id) {
        const r = alarm.get(id) as AlarmSqlRow | undefined;
        return r ? stepAlarmOf(r) : null;
      },
      async members(householdId, templateId) {
        return membersRead(members.all(templateId, householdId) as MemberSqlRow[]);
      },
      async consents(residentIds, templateId) {
        if (!residentIds.length) return new Map();
        const rows = consents.all(JSON.stringify(residentIds), templateId) as {
          residentId: string;
          longTerm: unknown;
        }[];
        return new Map(rows.map((r) => [r.residentId, { longTerm: isTrue(r.longTerm) }]));
      },
    };
  }
  // named statements: each pooled connection parses and plans them once; on the fire path's own connections
  // (db/client.ts, FIRE_POOL_SIZE), not behind the HTTP reads' queries
  const pool = driver.firePool;
  const alarmText = `${ALARM_SQL(`to_char(a."startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)} WHERE a."id" = $1`;
  const membersText = MEMBERS_SQL("$2", "$1", 's."longTerm"');
  const consentsText = `${CONSENTS_SQL} WHERE "residentId" = ANY($1::text[]) AND "template" = $2
    AND ("longTerm" OR "remaining" > 0)`;
  return {
    async alarm(id) {
      const r = (await pool.query<AlarmSqlRow>({ name: "fire-step-alarm", text: alarmText, values: [id] })).rows[0];
      return r ? stepAlarmOf(r) : null;
    },
    async members(householdId, templateId) {
      const q = { name: "fire-step-members", text: membersText, values: [householdId, templateId] };
      return membersRead((await pool.query<MemberSqlRow>(q)).rows);
    },
    async consents(residentIds, templateId) {
      if (!residentIds.length) return new Map();
      const q = { name: "fire-step-consents", text: consentsText, values: [residentIds, templateId] };
      const rows = (await pool.query<{ residentId: string; longTerm: unknown }>(q)).rows;
      return new Map(rows.map((r) => [r.residentId, { longTerm: isTrue(r.longTerm) }]));
    },
  };
}
