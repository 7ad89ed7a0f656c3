// Cameras and alarms (issue 23): a new alarm gets snapshots from the cameras nearest its place (same key
// part, then same building and nearest floor), taken in parallel without holding the alarm up; the console
// shows an alarm's cameras and snapshots to whoever sees those cameras; the centre's facts name them with
// links. A camera that went dark (its own OFFLINE alarm) gets none.
import type { Principal } from "../../auth/principal.ts";
import type { AlarmChange, AlarmRecord } from "../../alarms/alarm-service.ts";
import type { CameraRow, CameraServiceDeps } from "./camera-deps.ts";
import { cameraDeviceId } from "./camera-health.ts";
import { cameraLinks, snapshotView, type CameraPictures } from "./camera-pictures.ts";
import type { CameraScope } from "./camera-scope.ts";

/** Where an alarm is, as the nearest cameras are found for it. */
export interface AlarmPlace {
  unitId: string | null;
  communityId: string | null;
  buildingId: string | null;
  unitBuildingId: string | null;
  keyPartId: string | null;
  floor: number | null;
}

export class CameraAlarms {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly d: Pick<CameraServiceDeps, "prisma" | "log" | "alarmSnapshots" | "alarmSnapshotTimeoutMs">,
    private readonly scope: CameraScope,
    private readonly pictures: CameraPictures,
  ) {}

  /** The alarm listener: snapshots of the nearest cameras attached to a new alarm, without holding it up. */
  readonly onAlarmChange = (change: AlarmChange & { alarm: AlarmRecord }): void => {
    if (change.outcome !== "created") return;
    const a = change.alarm as AlarmRecord & { source?: string };
    if (a.kind === "OFFLINE" && a.deviceId.startsWith("CAM-")) return; // a camera that went dark
    this.track(
      this.attachToAlarm(a.id).catch((e: unknown) =>
        this.d.log.warn({ err: e, alarmId: a.id }, "cameras: could not attach snapshots to an alarm"),
      ),
    );
  };

  /** Takes snapshots from the cameras nearest an alarm's place, in parallel; returns how many were attached. */
  async attachToAlarm(alarmId: string): Promise<number> {
    const a = await this.d.prisma.alarm.findUnique({
      where: { id: alarmId },
      select: {
        id: true,
        deviceId: true,
        unitId: true,
        communityId: true,
        buildingId: true,
        unitBuildingId: true,
        keyPartId: true,
        floor: true,
      },
    });
    if (!a || (!a.unitId && !a.communityId)) return 0;
    const near = (await this.nearest(a)).filter((c) => cameraDeviceId(c.id) !== a.deviceId);
    const timeoutMs = this.d.alarmSnapshotTimeoutMs ?? 4500;
    const taken = await Promise.allSettled(near.map((c) => this.pictures.take(c, "ALARM", a.id, timeoutMs)));
    for (const [i, t] of taken.entries())
      if (t.status === "rejected")
        this.d.log.warn({ cameraId: near[i]!.id, alarmId, err: t.reason }, "cameras: alarm snapshot failed");
    return taken.filter((t) => t.status === "fulfilled").length;
  }

  /** The cameras nearest a place: same key part, then same building (nearest floor), then the rest. */
  async nearest(a: AlarmPlace): Promise<CameraRow[]> {
    const rows = await this.d.prisma.camera.findMany({
      where: { active: true, ...(a.unitId ? { unitId: a.unitId } : { communityId: a.communityId }) },
      take: 200,
    });
    const building = a.unitId ? a.unitBuildingId : a.buildingId;
    const rank = (c: CameraRow) => {
      if (a.keyPartId && c.keyPartId === a.keyPartId) return 0;
      if (building && c.buildingId === building)
        return 1 + (a.floor !== null && c.floor !== null ? Math.min(50, Math.abs(a.floor - c.floor)) : 25);
      return 100;
    };
    const online = (c: CameraRow) => (c.status === "OFFLINE" ? 1 : 0);
    return rows
      .sort((x, y) => rank(x) - rank(y) || online(x) - online(y) || x.id.localeCompare(y.id))
      .slice(0, Math.max(1, Math.min(10, this.d.alarmSnapshots ?? 3)));
  }

  /** Cameras and their snapshots for an alarm, as the caller may see them (none for residents). */
  async forAlarm(p: Principal, alarmId: string) {
    if (p.kind !== "staff") return [];
    const snaps = await this.d.prisma.cameraSnapshot.findMany({
      where: { alarmId },
      orderBy: { takenAt: "asc" },
      take: 50,
    });
    if (!snaps.length) return [];
    const cams = await this.d.prisma.camera.findMany({
      where: { AND: [{ id: { in: [...new Set(snaps.map((s) => s.cameraId))] } }, await this.scope.where(p)] },
    });
    const byId = new Map(cams.map((c) => [c.id, c]));
    return snaps
      .filter((s) => byId.has(s.cameraId))
      .map((s) => ({
        cameraId: s.cameraId,
        name: byId.get(s.cameraId)!.name,
        placeLabel: byId.get(s.cameraId)!.placeLabel,
        snapshot: snapshotView(s),
        links: cameraLinks(s.cameraId),
      }));
  }

  /** For the centre's facts (no caller: the centre's own view): the alarm's cameras with links. */
  async factsFor(alarmId: string, baseUrl: string) {
    const a = await this.d.prisma.alarm.findUnique({
      where: { id: alarmId },
      select: { unitId: true, communityId: true, buildingId: true, unitBuildingId: true, keyPartId: true, floor: true },
    });
    if (!a) return [];
    const [near, snaps] = await Promise.all([
      this.nearest(a),
      this.d.prisma.cameraSnapshot.findMany({ where: { alarmId }, orderBy: { takenAt: "desc" }, take: 50 }),
    ]);
    const ids = new Set(near.map((c) => c.id));
    const extra = snaps.map((s) => s.cameraId).filter((id) => !ids.has(id));
    const more = extra.length ? await this.d.prisma.camera.findMany({ where: { id: { in: extra } } }) : [];
    return [...more, ...near].map((c) => {
      const s = snaps.find((x) => x.cameraId === c.id);
      const l = cameraLinks(c.id);
      return {
        id: c.id,
        name: c.name,
        url: `${baseUrl}${l.page}`,
        liveUrl: `${baseUrl}${l.page}?live=1`,
        snapshotUrl: s ? `${baseUrl}${snapshotView(s).url}` : null,
        status: c.status,
      };
    });
  }

  /** Waits for snapshot work in flight (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }
}
