// A camera's health (issue 23): each camera is also a Device of kind CAMERA (its offline alarm, the unit's
// device list and the 119 facts work as for any device); the sweep checks every active camera, two at a
// time, ONLINE when frames arrive, else OFFLINE with an OFFLINE alarm on its device, cleared when it is back.
import type { CameraStatus } from "../../../db/client.ts";
import { hashDeviceSecret, newDeviceSecret } from "../../devices/device-secrets.ts";
import { cameraSource, type CameraRow, type CameraServiceDeps } from "./camera-deps.ts";

/** The device model every camera is registered under, so its offline alarm works like a device's. */
export const CAMERA_MODEL = {
  id: "RTSP-CAMERA",
  kind: "CAMERA",
  vendor: "RTSP",
  name: "网络摄像机",
  heartbeatIntervalSec: 600,
  missedHeartbeats: 1,
  supportsMute: false,
  supportsSelfTest: false,
} as const;
export const cameraDeviceId = (cameraId: string) => `CAM-${cameraId}`;

export class CameraHealth {
  constructor(
    private readonly d: Pick<CameraServiceDeps, "prisma" | "alarms" | "secrets" | "video" | "clock" | "log">,
  ) {}

  /** Each camera is also a Device of kind CAMERA: offline alarms, the unit's device list, 119 facts. */
  async ensureDevice(c: CameraRow): Promise<void> {
    await this.d.prisma.deviceModel.upsert({ where: { id: CAMERA_MODEL.id }, create: { ...CAMERA_MODEL }, update: {} });
    const id = cameraDeviceId(c.id);
    const place = {
      unitId: c.unitId,
      communityId: c.communityId,
      keyPartId: c.keyPartId,
      unitBuildingId: c.unitId ? c.buildingId : null,
      buildingId: c.unitId ? null : c.buildingId,
      floor: c.floor,
      placeName: c.placeLabel,
      latitude: c.latitude,
      longitude: c.longitude,
      name: c.name,
    };
    await this.d.prisma.device.upsert({
      where: { id },
      create: {
        id,
        serial: id,
        modelId: CAMERA_MODEL.id,
        secretHash: hashDeviceSecret(newDeviceSecret()),
        transport: "rtsp",
        ...place,
      },
      update: place,
    });
  }

  /** Checks every active camera (two at a time): ONLINE when frames arrive, else OFFLINE with an alarm. */
  async checkAll(limit = 500): Promise<{ online: number; offline: number }> {
    const rows = await this.d.prisma.camera.findMany({ where: { active: true }, take: limit, orderBy: { id: "asc" } });
    const out = { online: 0, offline: 0 };
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const c = rows[next++]!;
        const ok = await this.checkOne(c).catch((e: unknown) => {
          this.d.log.warn({ err: e, cameraId: c.id }, "cameras: health check failed");
          return false;
        });
        if (ok) out.online++;
        else out.offline++;
      }
    };
    await Promise.all([worker(), worker()]);
    return out;
  }

  private async checkOne(c: CameraRow): Promise<boolean> {
    const r = await this.d.video.check(cameraSource(this.d.secrets, c));
    const now = this.d.clock.now();
    const status: CameraStatus = r.online ? "ONLINE" : "OFFLINE";
    await this.d.prisma.camera.update({
      where: { id: c.id },
      data: {
        status,
        lastCheckAt: now,
        ...(r.online ? { lastSeenAt: now, lastError: null } : { lastError: (r.detail ?? "没有画面").slice(0, 500) }),
      },
    });
    await this.deviceSaw(c, r.online, now);
    if (status !== c.status) await this.flag(c, status, now);
    return r.online;
  }

  /**
   * The camera's device says what the check found: a unit's device list read a camera with frames as 未上线,
   * its device never having had a status.
   */
  private async deviceSaw(c: CameraRow, online: boolean, now: Date): Promise<void> {
    const deviceId = cameraDeviceId(c.id);
    const data = { online, updatedAt: now, ...(online ? { lastSeenAt: now } : {}) };
    if ((await this.d.prisma.deviceStatus.updateMany({ where: { deviceId }, data })).count > 0) return;
    await this.ensureDevice(c);
    await this.d.prisma.deviceStatus.upsert({ where: { deviceId }, create: { deviceId, ...data }, update: data });
  }

  /** An offline camera is flagged like an offline device: an OFFLINE alarm on its device, cleared when back. */
  private async flag(c: CameraRow, status: CameraStatus, at: Date): Promise<void> {
    await this.ensureDevice(c);
    const device = { id: cameraDeviceId(c.id), mode: "NORMAL" as const, householdId: null, communityId: c.communityId };
    const key = `camera:${c.id}:${status}:${at.getTime()}`;
    if (status === "OFFLINE")
      await this.d.alarms.raiseAt(device, "OFFLINE", at, key, {
        point: "",
        source: "video",
        unitId: c.unitId,
        keyPartId: c.keyPartId,
        unitBuildingId: c.unitId ? c.buildingId : null,
        buildingId: c.unitId ? null : c.buildingId,
        floor: c.floor,
        location: c.placeLabel ?? c.name,
      });
    else if (c.status === "OFFLINE") await this.d.alarms.clearAt(device.id, "OFFLINE", "", at, key, "摄像头恢复画面");
  }
}
