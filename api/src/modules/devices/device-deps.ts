// What the device registry (device-service.ts) and the parts beside it are built with, and what they share:
// a device as a caller may see it (a community's by the place scope, a networked unit's by the unit scope), the
// link in a device's QR and how a resident is named.
import type { DeviceMode, Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import type { DeviceDirectory } from "./device-directory.ts";

/**
 * One switch of mode by a unit's people who answer for its devices (ROLE_SETS.unitDeviceKeepers), out of normal use
 * or back into it, as committed: what the monitoring centre is told (ModeSwitchTold).
 */
export interface ModeSwitch {
  /** the switch's audit row (device.mode_changed) */
  auditId: string;
  unitId: string;
  device: {
    id: string;
    serial: string;
    name: string | null;
    room: string | null;
    placeName: string | null;
    /** its model's kind (DEVICE_KIND_LABEL): what going out of normal use silences */
    kind: string;
  };
  from: DeviceMode;
  to: DeviceMode;
  reason: string | null;
  /** who switched it: a staff member's id and role */
  by: { staffId: string; role: string };
  at: Date;
}

/**
 * The port a unit keeper's switch is told through once committed (the composition root wires the monitoring
 * centre's notice, notifications/mode-switch-notices.ts: this module never imports that one). Its failure is logged,
 * never the switch's.
 */
export type ModeSwitchTold = (s: ModeSwitch) => Promise<void>;

export interface DeviceDeps {
  prisma: Prisma;
  scopes: ScopeService;
  /** the units a unit's people work for (unit-scope.ts, the composition root's): the scope of their switches */
  units: Pick<UnitScopes, "assertUnit">;
  directory: DeviceDirectory;
  clock: Clock;
  /** where the link in a device's QR leads: `${bindBaseUrl}/bind?...` */
  bindBaseUrl: string;
  /** what goes wrong beside a request and must not fail it (a notice not queued) */
  log?: Pick<Logger, "warn"> | undefined;
  /** a unit keeper's switch out of normal use or back, told to the monitoring centre (none: told to nobody) */
  modeSwitchTold?: ModeSwitchTold | undefined;
}

export function bindUrl(deps: Pick<DeviceDeps, "bindBaseUrl">, deviceId: string, token: string): string {
  return `${deps.bindBaseUrl}/bind?d=${encodeURIComponent(deviceId)}&t=${token}`;
}

/** How a resident is named to their family: their nickname, else their masked phone number. */
export function nameOf(r: { nickname: string | null; phone: string | null }): string {
  return r.nickname ?? (r.phone ? maskPhone(r.phone) : "家人");
}

/** A device with its model and status, "not found" unless the caller's scope covers it. */
export async function visibleDevice(deps: Pick<DeviceDeps, "prisma" | "scopes">, p: Principal, id: string) {
  const d = await deps.prisma.device.findUnique({ where: { id }, include: { model: true, status: true } });
  if (!d) throw new AppError("NOT_FOUND", "找不到该设备");
  if (!deps.scopes.covers(await deps.scopes.of(p), d)) throw new AppError("NOT_FOUND", "找不到该设备");
  return d;
}

/**
 * A device looked up (`read`), "not found" when there is none or it is a networked unit's that the caller's unit
 * scope does not cover (unit-scope.ts): another unit's device reads as absent, as any device outside a caller's
 * scope. One of no unit is returned as read, for the caller's own check. Shared by the registry (a unit's people's
 * switches, device-binding.ts) and the sensor domain's reads (sensors/compose.ts).
 */
export async function lookUpUnitDevice<T extends { unitId: string | null }>(
  units: Pick<UnitScopes, "assertUnit">,
  p: Principal,
  read: PromiseLike<T | null>,
): Promise<T> {
  const d = await read;
  if (!d) throw new AppError("NOT_FOUND", "找不到该设备");
  if (d.unitId)
    await units.assertUnit(p, d.unitId).catch((e: unknown) => {
      // the unit's "not found" is the device's; anything else (the database failing) stays what it is
      throw e instanceof AppError && e.code === "NOT_FOUND" ? new AppError("NOT_FOUND", "找不到该设备") : e;
    });
  return d;
}
