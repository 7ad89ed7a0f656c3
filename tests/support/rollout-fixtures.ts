// What the roll-out and inspection tests build on a module database (tests/support/module-db.ts): the test
// county and its townships, networked units in a roll-out stage, communities with buildings and homes, staff
// in a role and a scope, devices in a mode and an online state as of the test's clock; the inspection slice
// as the composition root wires it; and the small helpers their assertions share. `fixtures(prisma)` is one
// set a database: it numbers what must be unique (credit codes, phones, device ids) in creation order.
import type {
  DeviceKind,
  DeviceMode,
  Prisma,
  RolloutStage,
  SectorDepartment,
  StaffRole,
  UnitCategory,
} from "../../api/src/db/client.ts";
import { systemClock, type Clock } from "../../api/src/shared/clock.ts";
import { AppError } from "../../api/src/shared/errors.ts";
import { createLogger } from "../../api/src/shared/logger.ts";
import { createInspection, type Inspection } from "../../api/src/modules/inspection/index.ts";
import { NoticeService } from "../../api/src/modules/notifications/notices.ts";
import { OutboxRepository } from "../../api/src/modules/notifications/outbox-repository.ts";
import { RecipientDirectory } from "../../api/src/modules/notifications/recipients.ts";

/** The smallest JPEG the photo stores accept (judged by content). */
export const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);

/** The AppError the call failed with, or null when it succeeded (anything else is rethrown). */
async function appError(p: Promise<unknown>): Promise<AppError | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

/** "ok", or the code of the AppError the call failed with. */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  return (await appError(p))?.code ?? "ok";
}

/** "ok", or the words of the AppError the call failed with. */
export async function errorMessage(p: Promise<unknown>): Promise<string> {
  return (await appError(p))?.message ?? "ok";
}

export interface UnitOptions {
  townshipId: string;
  /** default: the next of 1234000000000nnnnA */
  creditCode?: string;
  category?: UnitCategory;
  sector?: SectorDepartment;
  /** default: `${name}路1号` */
  address?: string;
  rolloutStage?: RolloutStage;
  active?: boolean;
  maintenanceCompanyId?: string;
  installerCompanyId?: string;
}

export interface StaffOptions {
  /** a unit role's unit (a StaffUnit row) */
  unitId?: string;
  townshipId?: string;
  sector?: SectorDepartment;
  serviceCompanyId?: string;
  propertyCompanyId?: string;
  passwordHash?: string;
}

export interface DeviceOptions {
  /** default: the next of D1, D2, … (a given id takes no number) */
  id?: string;
  /** what the checks and lists call it (default none) */
  name?: string;
  /** default "SA" */
  model?: string;
  mode?: DeviceMode;
  /** the status row's flag (default true); it has a row only when `seen` is given */
  online?: boolean;
  /** ms before now it last reported; null: registered, never connected (a status row without a time) */
  seen?: number | null;
  /** ms before now of its first heartbeat (a second heartbeat row besides the one at `seen`) */
  firstHeard?: number;
}

export interface Building {
  id: string;
  /** a household in the building's one stairway (1单元) */
  home(roomNo: string, floor?: number): Promise<string>;
}

/**
 * One fixture set on a database. `phones`: the prefix staff phone numbers are numbered under, or null for
 * staff without one; `clock`: what devices' `seen` and `firstHeard` count back from.
 */
export function fixtures(prisma: Prisma, o: { phones?: string | null; clock?: Clock } = {}) {
  const phonePrefix = o.phones === undefined ? "1380000" : o.phones;
  let countyId: string | null = null;
  let codes = 0;
  let phones = 0;
  let devices = 0;
  /** Another township of the county; its id */
  const township = async (name: string): Promise<string> => {
    if (!countyId) throw new Error("county() first");
    return (await prisma.township.create({ data: { countyId, name, kind: "TOWN" } })).id;
  };
  return {
    /** 测试县 (000000) with its first township, 城关镇; the township's id */
    async county(): Promise<string> {
      countyId = (await prisma.county.create({ data: { code: "000000", name: "测试县" } })).id;
      return township("城关镇");
    },

    township,

    /** A networked unit (by default a hospital, of the health sector); its id */
    async unit(name: string, u: UnitOptions): Promise<string> {
      const { creditCode, category, sector, address, ...rest } = u;
      const unit = await prisma.networkedUnit.create({
        data: {
          ...rest,
          name,
          creditCode: creditCode ?? `1234000000000${String(++codes).padStart(4, "0")}A`,
          category: category ?? "HOSPITAL",
          sector: sector ?? "HEALTH",
          address: address ?? `${name}路1号`,
        },
      });
      return unit.id;
    },

    /** A member of staff (username and name alike) with the scope its role needs; their id */
    async staff(name: string, role: StaffRole, s: StaffOptions = {}): Promise<string> {
      const person = await prisma.staffUser.create({
        data: {
          username: name,
          name,
          role,
          phone: phonePrefix === null ? null : `${phonePrefix}${String(++phones).padStart(4, "0")}`,
          passwordHash: s.passwordHash ?? null,
          townshipId: s.townshipId ?? null,
          sector: s.sector ?? null,
          serviceCompanyId: s.serviceCompanyId ?? null,
          propertyCompanyId: s.propertyCompanyId ?? null,
        },
      });
      if (s.unitId) await prisma.staffUnit.create({ data: { staffUserId: person.id, unitId: s.unitId } });
      return person.id;
    },

    /** A residential community (default address `${name}路`); its id */
    async community(
      name: string,
      c: { townshipId: string; address?: string; propertyCompanyId?: string },
    ): Promise<string> {
      const { address, ...rest } = c;
      return (await prisma.community.create({ data: { ...rest, name, address: address ?? `${name}路` } })).id;
    },

    /** A building of a community with one stairway, 1单元 (default 6 floors, roll-out not started) */
    async building(
      communityId: string,
      name: string,
      b: { floors?: number; oldHighRise?: boolean; rolloutStage?: RolloutStage } = {},
    ): Promise<Building> {
      const { floors, ...rest } = b;
      const building = await prisma.building.create({ data: { ...rest, communityId, name, floors: floors ?? 6 } });
      const stair = await prisma.unit.create({ data: { buildingId: building.id, name: "1单元" } });
      return {
        id: building.id,
        home: async (roomNo, floor = 3) =>
          (await prisma.household.create({ data: { unitId: stair.id, floor, roomNo } })).id,
      };
    },

    /** Device models by id, kind and heartbeat interval (seconds); each named by its id */
    async deviceModels(models: readonly (readonly [id: string, kind: DeviceKind, heartbeatIntervalSec: number])[]) {
      for (const [id, kind, heartbeatIntervalSec] of models)
        await prisma.deviceModel.create({ data: { id, kind, vendor: "v", name: id, heartbeatIntervalSec } });
    },

    /** A device (D1, D2, … unless `d.id`; serial SN-<id>) of a unit, a home or a building's shared place, heard as `d` says; its id */
    async device(
      where: { unitId?: string; householdId?: string; buildingId?: string },
      d: DeviceOptions = {},
    ): Promise<string> {
      const id = d.id ?? `D${++devices}`;
      const now = (o.clock ?? systemClock).now().getTime();
      await prisma.device.create({
        data: {
          id,
          serial: `SN-${id}`,
          modelId: d.model ?? "SA",
          secretHash: "x",
          name: d.name ?? null,
          mode: d.mode ?? "NORMAL",
          ...where,
        },
      });
      if (d.seen !== undefined)
        await prisma.deviceStatus.create({
          data: { deviceId: id, online: d.online ?? true, lastSeenAt: d.seen === null ? null : new Date(now - d.seen) },
        });
      for (const ago of [d.firstHeard, d.seen].filter((x): x is number => typeof x === "number")) {
        const at = new Date(now - ago);
        await prisma.deviceEvent.create({
          data: { deviceId: id, msgId: `hb-${ago}`, type: "heartbeat", ts: at, receivedAt: at, payload: "{}" },
        });
      }
      return id;
    },
  };
}

/** A device gone quiet, as the offline sweeper marks it: offline; last heard at `lastSeenAt` if it had no status yet. */
export async function markOffline(prisma: Prisma, deviceId: string, lastSeenAt: Date): Promise<void> {
  await prisma.deviceStatus.upsert({
    where: { deviceId },
    create: { deviceId, online: false, lastSeenAt },
    update: { online: false },
  });
}

/** A device heard at `at`: online, last seen then. */
export async function markHeard(prisma: Prisma, deviceId: string, at: Date): Promise<void> {
  await prisma.deviceStatus.update({ where: { deviceId }, data: { online: true, lastSeenAt: at } });
}

type InspectionDeps = Parameters<typeof createInspection>[0];

/**
 * The inspection slice as the composition root wires it (pushes through the outbox, a silent log, the
 * tests' tag secret); `owner` names the instance that claims timers.
 */
export function inspectionService(
  prisma: Prisma,
  clock: Clock,
  o: Pick<InspectionDeps, "photoDir" | "owner" | "scopes" | "documents"> &
    Partial<Pick<InspectionDeps, "tagSecret" | "notices">>,
): Inspection {
  const { tagSecret, notices, ...rest } = o;
  return createInspection({
    ...rest,
    prisma,
    clock,
    log: createLogger("silent"),
    notices:
      notices ??
      new NoticeService(new OutboxRepository(prisma), new RecipientDirectory(prisma), clock, "tmpl-reminder", () => {}),
    tagSecret: tagSecret ?? "test-secret-test-secret-test-secret!",
  });
}

/** The notifications whose dedupe key starts with `prefix`. */
export function notificationsFor(prisma: Prisma, prefix: string) {
  return prisma.notification.findMany({
    where: { dedupeKey: { startsWith: prefix } },
    select: { recipient: true, channel: true, dedupeKey: true },
  });
}

/** Whom those notifications went to ("staff:<id>", …), each once, sorted. */
export async function recipientsOf(prisma: Prisma, prefix: string): Promise<string[]> {
  return [...new Set((await notificationsFor(prisma, prefix)).map((r) => r.recipient))].sort();
}
