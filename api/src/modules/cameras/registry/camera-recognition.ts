// The register's side of recognition (issue 23): the cameras marked for it, with where their frames are read,
// for the recognition workers (camera-watches.ts), and what a worker reports: a suspected fire becomes a
// SUSPECTED_FIRE alarm on the camera's device, with the marked frame and the detections recorded.
import type { AlarmKind } from "../../../db/client.ts";
import { readRegion } from "../detect-region.ts";
import { cameraSource, type CameraServiceDeps } from "./camera-deps.ts";
import { cameraDeviceId, type CameraHealth } from "./camera-health.ts";
import type { CameraPictures } from "./camera-pictures.ts";

/** What a recognition worker reports of a suspected fire: the frame as marked, and what it found where. */
export interface SuspectedFireReport {
  cameraId: string;
  at: Date;
  detector: string;
  jpeg: Buffer;
  width: number;
  height: number;
  detections: { kind: string; score: number; box: { x: number; y: number; width: number; height: number } }[];
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export class CameraRecognition {
  constructor(
    private readonly d: Pick<CameraServiceDeps, "prisma" | "alarms" | "secrets">,
    private readonly health: CameraHealth,
    private readonly pictures: CameraPictures,
  ) {}

  /** Cameras marked for recognition, with where they read from. */
  async analysed(limit: number) {
    const rows = await this.d.prisma.camera.findMany({
      where: { active: true, detectEnabled: true },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((c) => ({
      id: c.id,
      fps: c.detectFps,
      region: readRegion(c.detectRegion),
      source: cameraSource(this.d.secrets, c),
      updatedAt: c.updatedAt,
    }));
  }

  /**
   * A suspected fire seen by a camera: a SUSPECTED_FIRE alarm on the camera's device for the monitoring centre
   * and the unit's control room (never residents nor 119 before a person confirms: modules/centre and
   * notifications route it so), the marked frame attached, the detections recorded.
   */
  async suspectedFire(e: SuspectedFireReport): Promise<{ alarmId: string | null }> {
    const c = await this.d.prisma.camera.findUnique({ where: { id: e.cameraId } });
    if (!c?.active) return { alarmId: null };
    await this.health.ensureDevice(c);
    const device = { id: cameraDeviceId(c.id), mode: "NORMAL" as const, householdId: null, communityId: c.communityId };
    const kinds = [...new Set(e.detections.map((d) => (d.kind === "smoke" ? "烟雾" : "火焰")))].join("、");
    const change = await this.d.alarms.raiseAt(
      device,
      "SUSPECTED_FIRE" satisfies AlarmKind,
      e.at,
      `video:${c.id}:${e.at.getTime()}`,
      {
        point: "",
        source: "video",
        unitId: c.unitId,
        keyPartId: c.keyPartId,
        unitBuildingId: c.unitId ? c.buildingId : null,
        buildingId: c.unitId ? null : c.buildingId,
        floor: c.floor,
        location: `${c.placeLabel ?? c.name}（摄像头识别到${kinds || "疑似火情"}）`,
      },
    );
    const alarmId = change.outcome === "created" ? (change.alarm?.id ?? null) : null;
    const snap = await this.pictures.store(c.id, e.jpeg, "DETECTION", change.alarm?.id ?? null);
    await this.d.prisma.cameraDetection.createMany({
      data: e.detections.slice(0, 20).map((d) => ({
        cameraId: c.id,
        at: e.at,
        detector: e.detector,
        score: d.score,
        box: JSON.stringify(
          [d.box.x / e.width, d.box.y / e.height, d.box.width / e.width, d.box.height / e.height].map(round3),
        ),
        snapshotId: snap.id,
        alarmId,
      })),
    });
    return { alarmId };
  }
}
