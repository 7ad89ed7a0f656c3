// The camera register (issue 23): cameras of a networked unit (its buildings and key parts) or of a
// residential community, their sealed accounts, health, snapshots and live views, and the snapshots an
// alarm gets from the cameras nearest to it. Who sees a camera: a unit's people their units' cameras, a
// property company its communities', the monitoring centre, the fire supervisor and admins all of them. An id
// outside the scope is "not found". Video itself (ffmpeg) is reached through the CameraVideo port.
//
// This file is the register itself and its accounts; beside it: camera-scope.ts (who sees which camera),
// camera-pictures.ts (snapshots and live views), camera-alarms.ts (an alarm's snapshots), camera-health.ts
// (each camera's device and health), camera-recognition.ts (what the recognition workers read and report)
// and camera-deps.ts (what they are built with). CameraService keeps every public member.
import type { CameraSnapshotReason, CameraStatus } from "../../../db/client.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Principal } from "../../auth/principal.ts";
import type { AlarmChange, AlarmRecord } from "../../alarms/alarm-service.ts";
import { readRegion, storeRegion } from "../detect-region.ts";
import { regionProblem, type FrameRegion } from "../frame.ts";
import { CameraAlarms, type AlarmPlace } from "./camera-alarms.ts";
import { cameraSource, type CameraRow, type CameraServiceDeps, type CameraSourceRef } from "./camera-deps.ts";
import { CameraHealth, cameraDeviceId } from "./camera-health.ts";
import { CameraPictures, cameraLinks, snapshotView } from "./camera-pictures.ts";
import { CameraRecognition, type SuspectedFireReport } from "./camera-recognition.ts";
import { CameraScope } from "./camera-scope.ts";

export interface CameraInput {
  name: string;
  unitId?: string | null;
  keyPartId?: string | null;
  communityId?: string | null;
  buildingId?: string | null;
  placeLabel?: string | null;
  rtspUrl: string;
  username?: string | null;
  /** undefined: keep; null or "": remove; a string: replace */
  password?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  floor?: number | null;
  directionDeg?: number | null;
  detectEnabled?: boolean;
  detectFps?: number;
  /** the part of the picture to analyse, shares 0-1 of the frame; undefined: keep; null: the whole frame */
  detectRegion?: FrameRegion | null;
}

export const CAMERA_STATUS_LABEL: Record<CameraStatus, string> = {
  UNKNOWN: "未检测",
  ONLINE: "在线",
  OFFLINE: "离线",
};

export class CameraService {
  private readonly scope: CameraScope;
  private readonly pictures: CameraPictures;
  private readonly alarmSnaps: CameraAlarms;
  private readonly health: CameraHealth;
  private readonly recognition: CameraRecognition;
  /** told when cameras change (the recognition workers follow) */
  onChanged: () => void = () => undefined;
  /** The alarm listener: snapshots of the nearest cameras attached to a new alarm, without holding it up. */
  readonly onAlarmChange: (change: AlarmChange & { alarm: AlarmRecord }) => void;

  constructor(private readonly d: CameraServiceDeps) {
    this.scope = new CameraScope(d);
    this.pictures = new CameraPictures(d, this.scope);
    this.alarmSnaps = new CameraAlarms(d, this.scope, this.pictures);
    this.health = new CameraHealth(d);
    this.recognition = new CameraRecognition(d, this.health, this.pictures);
    this.onAlarmChange = this.alarmSnaps.onAlarmChange;
  }

  /** The units and communities a caller may register a camera in: none unless they manage cameras. */
  registerablePlaces(
    p: Principal,
  ): Promise<{ units: { id: string; name: string }[]; communities: { id: string; name: string }[] }> {
    return this.scope.registerablePlaces(p);
  }

  // ---- register ----

  async list(p: Principal, q: { unitId?: string; communityId?: string; status?: CameraStatus } = {}) {
    const rows = await this.d.prisma.camera.findMany({
      where: {
        AND: [
          await this.scope.where(p),
          q.unitId ? { unitId: q.unitId } : {},
          q.communityId ? { communityId: q.communityId } : {},
          q.status ? { status: q.status } : {},
        ],
      },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 500,
    });
    return this.views(rows);
  }

  async get(p: Principal, id: string) {
    return (await this.views([await this.scope.visible(p, id)]))[0]!;
  }

  async create(p: Principal, input: CameraInput) {
    await this.scope.assertPlace(p, input);
    const data = this.fields(input);
    const c = await this.d.prisma.camera.create({ data: { ...data, ...this.account(input, null) } });
    await this.health.ensureDevice(c);
    this.onChanged();
    return this.get(p, c.id);
  }

  async update(p: Principal, id: string, input: CameraInput) {
    const before = await this.scope.visible(p, id);
    await this.scope.assertPlace(p, input);
    const c = await this.d.prisma.camera.update({
      where: { id: before.id },
      data: { ...this.fields(input), ...this.account(input, before) },
    });
    await this.health.ensureDevice(c);
    this.onChanged();
    return this.get(p, c.id);
  }

  /** Retired, not erased: its snapshots stay with the alarms they belong to. */
  async remove(p: Principal, id: string): Promise<void> {
    const c = await this.scope.visible(p, id);
    await this.d.prisma.camera.update({ where: { id: c.id }, data: { active: false, detectEnabled: false } });
    // a retired camera is no longer missing: its offline flag, if any, is cleared
    await this.d.alarms.clearAt(cameraDeviceId(c.id), "OFFLINE", "", this.d.clock.now(), null, "摄像头已停用");
    this.onChanged();
  }

  private fields(input: CameraInput) {
    const src = { url: input.rtspUrl };
    const problem = this.d.video.problem(src);
    if (problem) throw new AppError("VALIDATION_FAILED", `摄像头地址不正确：${problem}`);
    const regionIssue = input.detectRegion ? regionProblem(input.detectRegion) : null;
    if (regionIssue) throw new AppError("VALIDATION_FAILED", regionIssue);
    if (/^[a-z]+:\/\/[^/]*@/i.test(input.rtspUrl))
      throw new AppError("VALIDATION_FAILED", "账号和密码请填在单独的栏里，不要写进地址");
    return {
      name: input.name,
      unitId: input.unitId || null,
      keyPartId: input.keyPartId || null,
      communityId: input.communityId || null,
      buildingId: input.buildingId || null,
      placeLabel: input.placeLabel || null,
      rtspUrl: input.rtspUrl,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      floor: input.floor ?? null,
      directionDeg: input.directionDeg ?? null,
      detectEnabled: input.detectEnabled ?? false,
      detectFps: Math.min(5, Math.max(0.1, input.detectFps ?? 1)),
      // undefined leaves a stored region as it is (prisma skips undefined)
      detectRegion: input.detectRegion === undefined ? undefined : storeRegion(input.detectRegion),
    };
  }

  private account(input: CameraInput, before: CameraRow | null) {
    const username = input.username === undefined ? (before?.username ?? null) : input.username || null;
    if (input.password === undefined) return { username, passwordEnc: before?.passwordEnc ?? null };
    if (input.password === null || input.password === "") return { username, passwordEnc: null };
    if (!this.d.secrets.available) throw new AppError("CONFLICT", "服务器未设置 CAMERA_SECRET_KEY，不能保存摄像头密码");
    return { username, passwordEnc: this.d.secrets.seal(input.password) };
  }

  /** Seals a password with the register's key (the demo seed writes cameras with an account). */
  sealPassword(password: string): string {
    return this.d.secrets.seal(password);
  }

  /** Each camera is also a Device of kind CAMERA: offline alarms, the unit's device list, 119 facts. */
  ensureDevice(c: CameraRow): Promise<void> {
    return this.health.ensureDevice(c);
  }

  /** The address ffmpeg opens, with the account unsealed at the last moment. */
  sourceOf(c: Pick<CameraRow, "rtspUrl" | "username" | "passwordEnc">): CameraSourceRef {
    return cameraSource(this.d.secrets, c);
  }

  private async views(rows: CameraRow[]) {
    const ids = rows.map((r) => r.id);
    const unitIds = [...new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))];
    const communityIds = [...new Set(rows.map((r) => r.communityId).filter((x): x is string => !!x))];
    const [snaps, units, communities] = await Promise.all([
      ids.length
        ? this.d.prisma.cameraSnapshot.findMany({
            where: { cameraId: { in: ids } },
            orderBy: { takenAt: "desc" },
            take: Math.min(2000, ids.length * 5),
          })
        : [],
      unitIds.length
        ? this.d.prisma.networkedUnit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } })
        : [],
      communityIds.length
        ? this.d.prisma.community.findMany({ where: { id: { in: communityIds } }, select: { id: true, name: true } })
        : [],
    ]);
    const latest = new Map<string, (typeof snaps)[number]>();
    for (const s of snaps) if (!latest.has(s.cameraId)) latest.set(s.cameraId, s);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const communityName = new Map(communities.map((u) => [u.id, u.name]));
    const running = new Set(this.d.video.running());
    return rows.map((c) => {
      const s = latest.get(c.id);
      return {
        id: c.id,
        name: c.name,
        unitId: c.unitId,
        unitName: c.unitId ? (unitName.get(c.unitId) ?? null) : null,
        keyPartId: c.keyPartId,
        communityId: c.communityId,
        communityName: c.communityId ? (communityName.get(c.communityId) ?? null) : null,
        buildingId: c.buildingId,
        placeLabel: c.placeLabel,
        rtspUrl: c.rtspUrl,
        /** an account is stored; the account itself is never sent back */
        hasAccount: c.username !== null || c.passwordEnc !== null,
        latitude: c.latitude,
        longitude: c.longitude,
        floor: c.floor,
        directionDeg: c.directionDeg,
        detectEnabled: c.detectEnabled,
        detectFps: c.detectFps,
        detectRegion: readRegion(c.detectRegion),
        status: c.status,
        statusLabel: CAMERA_STATUS_LABEL[c.status],
        lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
        lastCheckAt: c.lastCheckAt?.toISOString() ?? null,
        lastError: c.lastError,
        live: running.has(c.id),
        latestSnapshot: s ? snapshotView(s) : null,
        links: cameraLinks(c.id),
      };
    });
  }

  // ---- seeing (camera-pictures.ts) ----

  /** A snapshot now, stored and returned as a reference (the picture itself through readSnapshot). */
  snapshot(p: Principal, id: string) {
    return this.pictures.snapshot(p, id);
  }

  readSnapshot(p: Principal, cameraId: string, snapshotId: string): Promise<Buffer> {
    return this.pictures.readSnapshot(p, cameraId, snapshotId);
  }

  snapshots(p: Principal, id: string, limit = 20) {
    return this.pictures.snapshots(p, id, limit);
  }

  /** Stores a JPEG under a random name; the row says whose and why. */
  store(cameraId: string, jpeg: Buffer, reason: CameraSnapshotReason, alarmId: string | null) {
    return this.pictures.store(cameraId, jpeg, reason, alarmId);
  }

  watch(p: Principal, id: string) {
    return this.pictures.watch(p, id);
  }

  renew(p: Principal, id: string, viewerId: string): Promise<void> {
    return this.pictures.renew(p, id, viewerId);
  }

  leave(p: Principal, id: string, viewerId: string): Promise<void> {
    return this.pictures.leave(p, id, viewerId);
  }

  hlsFile(p: Principal, id: string, name: string) {
    return this.pictures.hlsFile(p, id, name);
  }

  // ---- alarms (camera-alarms.ts) ----

  /** Takes snapshots from the cameras nearest an alarm's place, in parallel; returns how many were attached. */
  attachToAlarm(alarmId: string): Promise<number> {
    return this.alarmSnaps.attachToAlarm(alarmId);
  }

  /** The cameras nearest a place: same key part, then same building (nearest floor), then the rest. */
  nearest(a: AlarmPlace): Promise<CameraRow[]> {
    return this.alarmSnaps.nearest(a);
  }

  /** Cameras and their snapshots for an alarm, as the caller may see them (none for residents). */
  forAlarm(p: Principal, alarmId: string) {
    return this.alarmSnaps.forAlarm(p, alarmId);
  }

  /** For the centre's facts (no caller: the centre's own view): the alarm's cameras with links. */
  factsFor(alarmId: string, baseUrl: string) {
    return this.alarmSnaps.factsFor(alarmId, baseUrl);
  }

  /** Waits for snapshot work in flight (tests, shutdown). */
  settle(): Promise<void> {
    return this.alarmSnaps.settle();
  }

  // ---- health (camera-health.ts) and recognition (camera-recognition.ts) ----

  /** Checks every active camera (two at a time): ONLINE when frames arrive, else OFFLINE with an alarm. */
  checkAll(limit = 500): Promise<{ online: number; offline: number }> {
    return this.health.checkAll(limit);
  }

  /** Cameras marked for recognition, with where they read from. */
  analysed(limit: number) {
    return this.recognition.analysed(limit);
  }

  /** A suspected fire seen by a camera: a SUSPECTED_FIRE alarm for the centre and the unit's control room. */
  suspectedFire(e: SuspectedFireReport): Promise<{ alarmId: string | null }> {
    return this.recognition.suspectedFire(e);
  }
}
