// What a camera shows (issue 23): snapshots taken now (presses of 抓拍 while one is being taken share it),
// stored under random names with a row saying whose and why, read back and listed; the live HLS view, leased
// per viewer; and the links and snapshot references the register, the alarms and the centre hand out.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CameraSnapshotReason } from "../../../db/client.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Principal } from "../../auth/principal.ts";
import { cameraSource, type CameraRow, type CameraServiceDeps } from "./camera-deps.ts";
import type { CameraScope } from "./camera-scope.ts";

export class CameraPictures {
  private readonly onDemand = new Map<string, ReturnType<CameraPictures["take"]>>();

  constructor(
    private readonly d: Pick<CameraServiceDeps, "prisma" | "secrets" | "video" | "clock" | "snapshotDir">,
    private readonly scope: CameraScope,
  ) {}

  /** A snapshot now, stored and returned as a reference (the picture itself through readSnapshot). */
  async snapshot(p: Principal, id: string) {
    const c = await this.scope.visible(p, id);
    // presses of 抓拍 while one is being taken share it: one ffmpeg per camera at a time
    let taking = this.onDemand.get(c.id);
    if (!taking) {
      taking = this.take(c, "ON_DEMAND", null, 8000).finally(() => this.onDemand.delete(c.id));
      this.onDemand.set(c.id, taking);
    }
    return snapshotView(await taking);
  }

  async readSnapshot(p: Principal, cameraId: string, snapshotId: string): Promise<Buffer> {
    const c = await this.scope.visible(p, cameraId);
    const s = await this.d.prisma.cameraSnapshot.findFirst({ where: { id: snapshotId, cameraId: c.id } });
    const body = s ? await readFile(path.join(this.d.snapshotDir, path.basename(s.file))).catch(() => null) : null;
    if (!body) throw new AppError("NOT_FOUND", "找不到该抓拍");
    return body;
  }

  async snapshots(p: Principal, id: string, limit = 20) {
    const c = await this.scope.visible(p, id);
    const rows = await this.d.prisma.cameraSnapshot.findMany({
      where: { cameraId: c.id },
      orderBy: { takenAt: "desc" },
      take: Math.min(100, Math.max(1, limit)),
    });
    return rows.map(snapshotView);
  }

  /** A snapshot from the camera within timeoutMs, stored with why it was taken. */
  async take(c: CameraRow, reason: CameraSnapshotReason, alarmId: string | null, timeoutMs: number) {
    const jpeg = await this.d.video.snapshot(cameraSource(this.d.secrets, c), timeoutMs);
    return this.store(c.id, jpeg, reason, alarmId);
  }

  /** Stores a JPEG under a random name; the row says whose and why. */
  async store(cameraId: string, jpeg: Buffer, reason: CameraSnapshotReason, alarmId: string | null) {
    await mkdir(this.d.snapshotDir, { recursive: true, mode: 0o700 });
    const file = `${randomBytes(16).toString("hex")}.jpg`;
    await writeFile(path.join(this.d.snapshotDir, file), jpeg, { mode: 0o600 });
    const size = jpegSize(jpeg);
    const now = this.d.clock.now();
    try {
      const row = await this.d.prisma.cameraSnapshot.create({
        data: {
          cameraId,
          alarmId,
          reason,
          takenAt: now,
          file,
          bytes: jpeg.length,
          width: size?.width,
          height: size?.height,
        },
      });
      await this.d.prisma.camera.update({ where: { id: cameraId }, data: { lastSeenAt: now } }).catch(() => undefined);
      return row;
    } catch (e) {
      await rm(path.join(this.d.snapshotDir, file), { force: true });
      throw e;
    }
  }

  async watch(p: Principal, id: string) {
    const c = await this.scope.visible(p, id);
    const lease = await this.d.video.watch(c.id, cameraSource(this.d.secrets, c));
    return { ...lease, playlist: cameraLinks(c.id).playlist };
  }

  async renew(p: Principal, id: string, viewerId: string): Promise<void> {
    const c = await this.scope.visible(p, id);
    if (!this.d.video.renew(c.id, viewerId)) throw new AppError("NOT_FOUND", "观看已结束，请重新打开实时画面");
  }

  async leave(p: Principal, id: string, viewerId: string): Promise<void> {
    const c = await this.scope.visible(p, id);
    await this.d.video.leave(c.id, viewerId);
  }

  async hlsFile(p: Principal, id: string, name: string) {
    const c = await this.scope.visible(p, id);
    const f = await this.d.video.file(c.id, name);
    if (!f) throw new AppError("NOT_FOUND", "视频流未在播放");
    return f;
  }
}

export function cameraLinks(id: string) {
  const e = encodeURIComponent(id);
  return {
    page: `/console/cameras/${e}`,
    live: `/api/cameras/${e}/live`,
    playlist: `/api/cameras/${e}/hls/index.m3u8`,
  };
}

export function snapshotView(s: {
  id: string;
  cameraId: string;
  reason: CameraSnapshotReason;
  takenAt: Date;
  width: number | null;
  height: number | null;
  alarmId: string | null;
}) {
  return {
    id: s.id,
    cameraId: s.cameraId,
    reason: s.reason,
    alarmId: s.alarmId,
    takenAt: s.takenAt.toISOString(),
    width: s.width,
    height: s.height,
    url: `/api/cameras/${encodeURIComponent(s.cameraId)}/snapshots/${encodeURIComponent(s.id)}`,
  };
}

/** Width and height from a JPEG's start-of-frame marker, or null. */
export function jpegSize(b: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  return null;
}
