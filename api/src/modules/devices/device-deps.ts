// What the device registry (device-service.ts) and the parts beside it are built with, and what they share:
// a device as a caller may see it, the link in a device's QR and how a resident is named.
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import type { DeviceDirectory } from "./device-directory.ts";

export interface DeviceDeps {
  prisma: Prisma;
  scopes: ScopeService;
  directory: DeviceDirectory;
  clock: Clock;
  /** where the link in a device's QR leads: `${bindBaseUrl}/bind?...` */
  bindBaseUrl: string;
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
