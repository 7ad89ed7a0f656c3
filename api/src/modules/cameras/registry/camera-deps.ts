// What the camera register (camera-service.ts) and the parts beside it are built with, the video port they
// reach ffmpeg through, the camera row they pass around, and the address ffmpeg opens with the account
// unsealed at the last moment.
import type { Prisma } from "../../../db/client.ts";
import type { Clock } from "../../../shared/clock.ts";
import type { Logger } from "../../../shared/logger.ts";
import type { ScopeService } from "../../places/scope.ts";
import type { UnitScopes } from "../../units/unit-scope.ts";
import type { AlarmService } from "../../alarms/alarm-service.ts";
import type { CameraSecrets } from "./camera-secrets.ts";

/** Where ffmpeg reads a camera: the address without account, and the account apart. */
export interface CameraSourceRef {
  url: string;
  username?: string;
  password?: string;
}

/** The video side (integrations/video through the composition root); errors come as AppError. */
export interface CameraVideo {
  /** why an address cannot be used, or null */
  problem(src: CameraSourceRef): string | null;
  snapshot(src: CameraSourceRef, timeoutMs: number): Promise<Buffer>;
  check(src: CameraSourceRef): Promise<{ online: boolean; detail?: string }>;
  watch(streamId: string, src: CameraSourceRef): Promise<{ viewerId: string; leaseMs: number }>;
  renew(streamId: string, viewerId: string): boolean;
  leave(streamId: string, viewerId: string): Promise<void>;
  file(streamId: string, name: string): Promise<{ contentType: string; cacheControl: string; body: Buffer } | null>;
  running(): string[];
}

export type CameraRow = NonNullable<Awaited<ReturnType<Prisma["camera"]["findUnique"]>>>;

export interface CameraServiceDeps {
  prisma: Prisma;
  scopes: ScopeService;
  unitScopes: UnitScopes;
  alarms: AlarmService;
  secrets: CameraSecrets;
  video: CameraVideo;
  clock: Clock;
  log: Logger;
  snapshotDir: string;
  /** how many of the nearest cameras an alarm gets snapshots from (default 3) */
  alarmSnapshots?: number;
  /** a snapshot attached to an alarm must come within this (default 4500 ms: the alarm's 5 s) */
  alarmSnapshotTimeoutMs?: number;
}

/** The address ffmpeg opens, with the account unsealed at the last moment. */
export function cameraSource(
  secrets: CameraSecrets,
  c: Pick<CameraRow, "rtspUrl" | "username" | "passwordEnc">,
): CameraSourceRef {
  const password = c.passwordEnc ? secrets.open(c.passwordEnc) : null;
  return {
    url: c.rtspUrl,
    ...(c.username ? { username: c.username } : {}),
    ...(password !== null ? { password } : {}),
  };
}
