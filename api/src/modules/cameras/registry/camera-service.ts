// The camera register (issue 23): cameras of a networked unit (its buildings and key parts) or of a
// residential community, their sealed accounts, health, snapshots and live views, and the snapshots an
// alarm gets from the cameras nearest to it. Who sees a camera: a unit's people their units' cameras, a
// property company its communities', the monitoring centre, the fire supervisor and admins all of them. An id
// outside the scope is "not found". Video itself (ffmpeg) is reached through the CameraVideo port.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AlarmKind, CameraSnapshotReason, CameraStatus, Prisma, PrismaNs } from "../../../db/client.ts";
import type { Clock } from "../../../shared/clock.ts";
import type { Logger } from "../../../shared/logger.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Principal } from "../../auth/principal.ts";
import type { ScopeService } from "../../places/scope.ts";
import type { UnitScopes } from "../../units/unit-scope.ts";
import type { AlarmService, AlarmChange, AlarmRecord } from "../../alarms/alarm-service.ts";
import { hashDeviceSecret, newDeviceSecret } from "../../devices/device-secrets.ts";
import type { CameraSecrets } from "./camera-secrets.ts";
import { readRegion, storeRegion } from "../detect-region.ts";
import { regionProblem, type FrameRegion } from "../frame.ts";
import { inRoleSet, ROLE_SETS } from "../../../contract/roles.ts";

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

/** Roles that see every camera of the county. */
const COUNTY_ROLES = new Set<string>(ROLE_SETS.commandView);
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

type CameraRow = NonNullable<Awaited<ReturnType<Prisma["camera"]["findUnique"]>>>;

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

export class CameraService {
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly onDemand = new Map<string, ReturnType<CameraService["take"]>>();
  /** told when cameras change (the recognition workers follow) */
  onChanged: () => void = () => undefined;

  constructor(private readonly d: CameraServiceDeps) {}

  // ---- scope ----

  /** The units and communities a caller may register a camera in: none unless they manage cameras. */
  async registerablePlaces(
    p: Principal,
  ): Promise<{ units: { id: string; name: string }[]; communities: { id: string; name: string }[] }> {
    if (!inRoleSet(ROLE_SETS.cameraManagers, p.role)) return { units: [], communities: [] };
    const county = inRoleSet(ROLE_SETS.monitoringCentre, p.role);
    const [units, scope] = await Promise.all([
      this.d.prisma.networkedUnit.findMany({
        where: county ? {} : await this.d.unitScopes.where(p),
        select: { id: true, name: true },
        orderBy: { name: "asc" },
        take: 500,
      }),
      this.d.scopes.of(p),
    ]);
    const communities =
      county || scope.kind === "communities" || scope.kind === "county"
        ? await this.d.prisma.community.findMany({
            where: county ? {} : this.d.scopes.communityWhere(scope),
            select: { id: true, name: true },
            orderBy: { name: "asc" },
            take: 500,
          })
        : [];
    return { units, communities };
  }

  private async where(p: Principal): Promise<PrismaNs.CameraWhereInput> {
    if (p.kind !== "staff") return { id: { in: [] } };
    if (COUNTY_ROLES.has(p.role)) return { active: true };
    const [units, places] = await Promise.all([this.d.unitScopes.visibleIds(p), this.d.scopes.of(p)]);
    if (units === "all" || places.kind === "county") return { active: true };
    const or: PrismaNs.CameraWhereInput[] = [];
    if (units.length) or.push({ unitId: { in: units } });
    if (places.kind === "communities" && places.communityIds.length)
      or.push({ communityId: { in: places.communityIds } });
    return or.length ? { active: true, OR: or } : { id: { in: [] } };
  }

  private async visible(p: Principal, id: string): Promise<CameraRow> {
    const c =
      id.length <= 64 ? await this.d.prisma.camera.findFirst({ where: { AND: [{ id }, await this.where(p)] } }) : null;
    if (!c) throw new AppError("NOT_FOUND", "找不到该摄像头");
    return c;
  }

  /** The place a camera is registered to must be in the caller's scope (and exist). */
  private async assertPlace(
    p: Principal,
    input: Pick<CameraInput, "unitId" | "communityId" | "keyPartId" | "buildingId">,
  ) {
    const unitId = input.unitId || null;
    const communityId = input.communityId || null;
    if ((unitId === null) === (communityId === null))
      throw new AppError("VALIDATION_FAILED", "摄像头须登记在一个联网单位或一个小区下（二选一）");
    const county = p.kind === "staff" && COUNTY_ROLES.has(p.role);
    if (unitId) {
      if (county) {
        if (!(await this.d.prisma.networkedUnit.count({ where: { id: unitId } })))
          throw new AppError("NOT_FOUND", "找不到该单位");
      } else await this.d.unitScopes.assertUnit(p, unitId);
      if (input.keyPartId && !(await this.d.prisma.keyPart.count({ where: { id: input.keyPartId, unitId } })))
        throw new AppError("VALIDATION_FAILED", "重点部位不属于该单位");
      if (input.buildingId && !(await this.d.prisma.unitBuilding.count({ where: { id: input.buildingId, unitId } })))
        throw new AppError("VALIDATION_FAILED", "建筑不属于该单位");
    } else {
      if (county) {
        if (!(await this.d.prisma.community.count({ where: { id: communityId! } })))
          throw new AppError("NOT_FOUND", "找不到该小区");
      } else await this.d.scopes.assertCommunity(p, communityId!);
      if (input.keyPartId) throw new AppError("VALIDATION_FAILED", "小区摄像头没有重点部位");
      if (
        input.buildingId &&
        !(await this.d.prisma.building.count({ where: { id: input.buildingId, communityId: communityId! } }))
      )
        throw new AppError("VALIDATION_FAILED", "楼栋不属于该小区");
    }
  }

  // ---- register ----

  async list(p: Principal, q: { unitId?: string; communityId?: string; status?: CameraStatus } = {}) {
    const rows = await this.d.prisma.camera.findMany({
      where: {
        AND: [
          await this.where(p),
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
    return (await this.views([await this.visible(p, id)]))[0]!;
  }

  async create(p: Principal, input: CameraInput) {
    await this.assertPlace(p, input);
    const data = this.fields(input);
    const c = await this.d.prisma.camera.create({ data: { ...data, ...this.account(input, null) } });
    await this.ensureDevice(c);
    this.onChanged();
    return this.get(p, c.id);
  }

  async update(p: Principal, id: string, input: CameraInput) {
    const before = await this.visible(p, id);
    await this.assertPlace(p, input);
    const c = await this.d.prisma.camera.update({
      where: { id: before.id },
      data: { ...this.fields(input), ...this.account(input, before) },
    });
    await this.ensureDevice(c);
    this.onChanged();
    return this.get(p, c.id);
  }

  /** Retired, not erased: its snapshots stay with the alarms they belong to. */
  async remove(p: Principal, id: string): Promise<void> {
    const c = await this.visible(p, id);
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

  /** The address ffmpeg opens, with the account unsealed at the last moment. */
  sourceOf(c: Pick<CameraRow, "rtspUrl" | "username" | "passwordEnc">): CameraSourceRef {
    const password = c.passwordEnc ? this.d.secrets.open(c.passwordEnc) : null;
    return {
      url: c.rtspUrl,
      ...(c.username ? { username: c.username } : {}),
      ...(password !== null ? { password } : {}),
    };
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

  // ---- seeing ----

  /** A snapshot now, stored and returned as a reference (the picture itself through readSnapshot). */
  async snapshot(p: Principal, id: string) {
    const c = await this.visible(p, id);
    // presses of 抓拍 while one is being taken share it: one ffmpeg per camera at a time
    let taking = this.onDemand.get(c.id);
    if (!taking) {
      taking = this.take(c, "ON_DEMAND", null, 8000).finally(() => this.onDemand.delete(c.id));
      this.onDemand.set(c.id, taking);
    }
    return snapshotView(await taking);
  }

  async readSnapshot(p: Principal, cameraId: string, snapshotId: string): Promise<Buffer> {
    const c = await this.visible(p, cameraId);
    const s = await this.d.prisma.cameraSnapshot.findFirst({ where: { id: snapshotId, cameraId: c.id } });
    const body = s ? await readFile(path.join(this.d.snapshotDir, path.basename(s.file))).catch(() => null) : null;
    if (!body) throw new AppError("NOT_FOUND", "找不到该抓拍");
    return body;
  }

  async snapshots(p: Principal, id: string, limit = 20) {
    const c = await this.visible(p, id);
    const rows = await this.d.prisma.cameraSnapshot.findMany({
      where: { cameraId: c.id },
      orderBy: { takenAt: "desc" },
      take: Math.min(100, Math.max(1, limit)),
    });
    return rows.map(snapshotView);
  }

  private async take(c: CameraRow, reason: CameraSnapshotReason, alarmId: string | null, timeoutMs: number) {
    const jpeg = await this.d.video.snapshot(this.sourceOf(c), timeoutMs);
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
    const c = await this.visible(p, id);
    const lease = await this.d.video.watch(c.id, this.sourceOf(c));
    return { ...lease, playlist: cameraLinks(c.id).playlist };
  }

  async renew(p: Principal, id: string, viewerId: string): Promise<void> {
    const c = await this.visible(p, id);
    if (!this.d.video.renew(c.id, viewerId)) throw new AppError("NOT_FOUND", "观看已结束，请重新打开实时画面");
  }

  async leave(p: Principal, id: string, viewerId: string): Promise<void> {
    const c = await this.visible(p, id);
    await this.d.video.leave(c.id, viewerId);
  }

  async hlsFile(p: Principal, id: string, name: string) {
    const c = await this.visible(p, id);
    const f = await this.d.video.file(c.id, name);
    if (!f) throw new AppError("NOT_FOUND", "视频流未在播放");
    return f;
  }

  // ---- alarms ----

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
    const taken = await Promise.allSettled(near.map((c) => this.take(c, "ALARM", a.id, timeoutMs)));
    for (const [i, t] of taken.entries())
      if (t.status === "rejected")
        this.d.log.warn({ cameraId: near[i]!.id, alarmId, err: t.reason }, "cameras: alarm snapshot failed");
    return taken.filter((t) => t.status === "fulfilled").length;
  }

  /** The cameras nearest a place: same key part, then same building (nearest floor), then the rest. */
  async nearest(a: {
    unitId: string | null;
    communityId: string | null;
    buildingId: string | null;
    unitBuildingId: string | null;
    keyPartId: string | null;
    floor: number | null;
  }): Promise<CameraRow[]> {
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
      where: { AND: [{ id: { in: [...new Set(snaps.map((s) => s.cameraId))] } }, await this.where(p)] },
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

  // ---- health ----

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
    const r = await this.d.video.check(this.sourceOf(c));
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
    if (status !== c.status) await this.flag(c, status, now);
    return r.online;
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

  // ---- recognition ----

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
      source: this.sourceOf(c),
      updatedAt: c.updatedAt,
    }));
  }

  /**
   * A suspected fire seen by a camera: a SUSPECTED_FIRE alarm on the camera's device for the monitoring centre
   * and the unit's control room (never residents nor 119 before a person confirms: modules/centre and
   * notifications route it so), the marked frame attached, the detections recorded.
   */
  async suspectedFire(e: {
    cameraId: string;
    at: Date;
    detector: string;
    jpeg: Buffer;
    width: number;
    height: number;
    detections: { kind: string; score: number; box: { x: number; y: number; width: number; height: number } }[];
  }): Promise<{ alarmId: string | null }> {
    const c = await this.d.prisma.camera.findUnique({ where: { id: e.cameraId } });
    if (!c?.active) return { alarmId: null };
    await this.ensureDevice(c);
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
    const snap = await this.store(c.id, e.jpeg, "DETECTION", change.alarm?.id ?? null);
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

  /** Waits for snapshot work in flight (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

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
