// What the console shows (issue 15): a point's chart over 24 h, 7 d or 30 d; every facility of a unit or a
// community with its current values against their limits, its open alarms and its service mode (a unit's
// detectors too: its people answer for them); and the nearest working hydrants within 500 m of a fire.
import type { DeviceKind, DeviceMode } from "../../db/client.ts";
import { FACILITY_DEVICE_KINDS } from "../../contract/labels.ts";
import { inRoleSet, ROLE_SETS } from "../../contract/roles.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { MEASUREMENTS, measurementFamily } from "../devices/protocol-v11.ts";
import { boundingBox, haversineMetres, isLatLng, type LatLng } from "./geo.ts";
import { parseModelLimits, resolveLimit, withinLimit, type EffectiveLimit, type Limit } from "./limits.ts";
import { formatValue, locationText, pointLabel } from "./point-labels.ts";
import type { Bucket, ReadingQueries, Resolution } from "./reading-queries.ts";
import type { SensorAccess } from "./sensor-service.ts";
import type { PointRow, SensorDevice, SensorRepository } from "./sensor-repository.ts";

const HOUR = 3_600_000;
/** Short ranges from raw readings (per minute), long ones from the hourly roll-ups. */
export const SERIES_RANGES = {
  "24h": { ms: 24 * HOUR, resolution: "minute" },
  "7d": { ms: 7 * 24 * HOUR, resolution: "hour" },
  "30d": { ms: 30 * 24 * HOUR, resolution: "hour" },
} as const satisfies Record<string, { ms: number; resolution: Resolution }>;
export type SeriesRange = keyof typeof SERIES_RANGES;

/** Devices that are fire facilities rather than a home's alarms (the contract's list). */
export const FACILITY_KINDS: DeviceKind[] = [...FACILITY_DEVICE_KINDS];
/**
 * A unit's devices the page lists to its own people and the county: every one but its cameras (a page of their own,
 * and no fire alarm to silence): its facilities, its smoke alarms and its transmission devices, any of which its
 * people are reminded of when left out of normal use (notifications/mode-reminders.ts) and may put back. Anyone
 * else who sees the unit (a sector regulator, a township, a maintenance company) sees its facilities only.
 */
const UNIT_DEVICE_KINDS = { not: "CAMERA" } as const;
const seesUnitDevices = (p: Principal) =>
  p.kind === "staff" && (inRoleSet(ROLE_SETS.unitPeople, p.role) || inRoleSet(ROLE_SETS.countyUnitViewers, p.role));

/** the most devices a place's list shows (those out of normal use first: sensor-repository.ts listedDevices) */
const MAX_FACILITY_DEVICES = 500;
export const HYDRANT_RADIUS_M = 500;
const MAX_RADIUS_M = 2000;
const MAX_HYDRANTS = 50;
const MAX_HYDRANT_CANDIDATES = 2000;

export interface Series {
  deviceId: string;
  point: string;
  label: string;
  unit: string;
  range: SeriesRange;
  resolution: Resolution;
  from: string;
  to: string;
  limit: EffectiveLimit | null;
  buckets: Bucket[];
}

export interface FacilityPoint {
  point: string;
  label: string;
  unit: string;
  value: number;
  text: string;
  ts: string;
  limitState: string;
  limit: EffectiveLimit | null;
  within: boolean;
}

export interface FacilityDevice {
  id: string;
  serial: string;
  name: string | null;
  kind: DeviceKind;
  mode: DeviceMode;
  /** since when one out of normal use has been so; null in normal use */
  modeSince: string | null;
  place: string;
  floor: number | null;
  latitude: number | null;
  longitude: number | null;
  online: boolean;
  lastSeenAt: string | null;
  points: FacilityPoint[];
  openAlarms: { id: string; kind: string; point: string; severity: string; status: string; startedAt: string }[];
}

/** A place's devices as GET /api/sensors/facilities answers: at most MAX_FACILITY_DEVICES, `truncated` when cut. */
export interface FacilityList {
  items: FacilityDevice[];
  /** more devices than shown (those out of normal use are never the ones left out, unless they alone are more) */
  truncated: boolean;
  /** how many devices the place has in all */
  total: number;
}

export interface NearbyHydrant {
  id: string;
  name: string | null;
  latitude: number;
  longitude: number;
  distanceM: number;
  working: boolean;
  /** why it is not working, in Chinese; empty when it is */
  problems: string[];
  pressure: number | null;
}

export class SensorQueries {
  constructor(
    private readonly repo: SensorRepository,
    private readonly readings: ReadingQueries,
    private readonly access: SensorAccess,
    private readonly clock: Clock,
  ) {}

  /** A point's chart: per minute over 24 h (raw readings), per hour over 7 or 30 days (roll-ups). */
  async series(p: Principal, deviceId: string, point: string, range: SeriesRange): Promise<Series> {
    if (!Object.hasOwn(SERIES_RANGES, range)) throw new AppError("VALIDATION_FAILED", "时间范围应为 24h、7d 或 30d");
    await this.access.device(p, deviceId);
    const family = measurementFamily(point);
    // the chart is the console's most frequent read: two queries on the driver, none through Prisma
    const ctx = family ? await this.readings.chartContext(deviceId, point) : null;
    if (!ctx || !family) throw new AppError("NOT_FOUND", "找不到该测点");
    const { ms, resolution } = SERIES_RANGES[range];
    const to = this.clock.now();
    // whole buckets: the chart's first bucket is not a fragment
    const step = resolution === "hour" ? HOUR : 60_000;
    const from = new Date(Math.floor((to.getTime() - ms) / step) * step);
    // up to and including now: a reading stamped this very millisecond belongs on the chart
    const buckets =
      ctx.pointId === null
        ? []
        : await this.readings.buckets(ctx.pointId, from, new Date(to.getTime() + 1), resolution);
    return {
      deviceId,
      point,
      label: pointLabel(point),
      unit: MEASUREMENTS[family].unit,
      range,
      resolution,
      from: from.toISOString(),
      to: to.toISOString(),
      limit: resolveLimit(point, ctx.kind, parseModelLimits(ctx.modelLimits).limits, ctx.override),
      buckets,
    };
  }

  /**
   * Every facility device of a community's shared places, or of a unit: for the unit's own people and those who see
   * the whole county (ROLE_SETS.unitPeople, countyUnitViewers) every device but its cameras (its smoke alarms and
   * transmission devices too: its people answer for them, the mode reminder links here), for anyone else in scope
   * (a sector regulator, a township, a maintenance company) its facilities only, as before; each with its points,
   * open alarms and service mode (since when out of normal use). At most MAX_FACILITY_DEVICES, those out of normal
   * use first; `truncated` (and how many there are) when cut.
   */
  async facilities(p: Principal, of: { unitId: string } | { communityId: string }): Promise<FacilityList> {
    const where: Record<string, unknown> = {};
    if ("unitId" in of) {
      await this.access.unit(p, of.unitId);
      const kinds = seesUnitDevices(p) ? UNIT_DEVICE_KINDS : { in: FACILITY_KINDS };
      Object.assign(where, { unitId: of.unitId, model: { kind: kinds } });
    } else {
      await this.access.community(p, of.communityId);
      // a home's own detectors are the residents'; the community's facilities are in its shared places
      Object.assign(where, { communityId: of.communityId, householdId: null, model: { kind: { in: FACILITY_KINDS } } });
    }
    const { devices, truncated, total } = await this.repo.listedDevices(where, MAX_FACILITY_DEVICES);
    if (!devices.length) return { items: [], truncated, total };
    const ids = devices.map((d) => d.id);
    const [points, overrides, alarms, statuses, names, since] = await Promise.all([
      this.repo.points(ids),
      this.repo.overrides(ids),
      this.repo.openAlarms(ids),
      this.repo.statuses(ids),
      this.repo.buildingNames({
        buildingIds: devices.flatMap((d) => (d.buildingId ? [d.buildingId] : [])),
        unitBuildingIds: devices.flatMap((d) => (d.unitBuildingId ? [d.unitBuildingId] : [])),
      }),
      this.repo.modesSince(devices),
    ]);
    const items = devices.map((d): FacilityDevice => {
      const model = parseModelLimits(d.modelLimits).limits;
      const own = overrides.get(d.id);
      const status = statuses.get(d.id);
      return {
        id: d.id,
        serial: d.serial,
        name: d.name,
        kind: d.kind,
        mode: d.mode,
        modeSince: since.get(d.id)?.toISOString() ?? null,
        place: locationText({
          building: names.get(d.unitBuildingId ?? d.buildingId ?? "") ?? null,
          floor: d.floor,
          place: d.placeName,
        }),
        floor: d.floor,
        latitude: d.latitude,
        longitude: d.longitude,
        online: status?.online ?? false,
        lastSeenAt: status?.lastSeenAt?.toISOString() ?? null,
        points: points.filter((r) => r.deviceId === d.id).map((r) => facilityPoint(d, r, model, own?.get(r.point))),
        openAlarms: alarms
          .filter((a) => a.deviceId === d.id)
          .map((a) => ({ ...a, startedAt: a.startedAt.toISOString() })),
      };
    });
    return { items, truncated, total };
  }

  /**
   * Hydrants within `radiusM` (500 m by default) of a place, nearest first, each with its distance and
   * whether it works: online, its pressure reported and within its limits, and no open alarm.
   */
  async nearestHydrants(
    p: Principal,
    at: LatLng,
    opts: { radiusM?: number; limit?: number; workingOnly?: boolean } = {},
  ): Promise<NearbyHydrant[]> {
    if (p.kind !== "staff") throw new AppError("FORBIDDEN");
    if (!isLatLng(at)) throw new AppError("VALIDATION_FAILED", "坐标无效");
    const radius = Math.min(Math.max(1, opts.radiusM ?? HYDRANT_RADIUS_M), MAX_RADIUS_M);
    const limit = Math.min(Math.max(1, Math.trunc(opts.limit ?? 10)), MAX_HYDRANTS);
    const box = boundingBox(at, radius);
    const devices = await this.repo.devicesWhere(
      {
        model: { kind: "HYDRANT_PRESSURE" },
        latitude: { gte: box.minLat, lte: box.maxLat },
        longitude: { gte: box.minLng, lte: box.maxLng },
      },
      MAX_HYDRANT_CANDIDATES,
    );
    const near = devices
      .map((d) => ({ d, distanceM: haversineMetres(at, { latitude: d.latitude!, longitude: d.longitude! }) }))
      .filter((h) => h.distanceM <= radius);
    if (!near.length) return [];
    const ids = near.map((h) => h.d.id);
    const [points, overrides, alarms, statuses] = await Promise.all([
      this.repo.points(ids, ["pressure_mpa"]),
      this.repo.overrides(ids),
      this.repo.openAlarms(ids),
      this.repo.statuses(ids),
    ]);
    const hydrants = near.map(({ d, distanceM }): NearbyHydrant => {
      const pressure = points.find((r) => r.deviceId === d.id) ?? null;
      const limit = resolveLimit(
        "pressure_mpa",
        d.kind,
        parseModelLimits(d.modelLimits).limits,
        overrides.get(d.id)?.get("pressure_mpa") ?? null,
      );
      const problems: string[] = [];
      if (!statuses.get(d.id)?.online) problems.push("离线");
      if (!pressure) problems.push("没有水压读数");
      else if (pressure.limitState !== "NORMAL" || !withinLimit(pressure.value, limit))
        problems.push(`水压异常：${formatValue("pressure_mpa", pressure.value)}`);
      const open = alarms.filter((a) => a.deviceId === d.id);
      if (open.length) problems.push(`有 ${open.length} 条未处理的报警`);
      return {
        id: d.id,
        name: d.name,
        latitude: d.latitude!,
        longitude: d.longitude!,
        distanceM: Math.round(distanceM),
        working: problems.length === 0,
        problems,
        pressure: pressure?.value ?? null,
      };
    });
    return hydrants
      .filter((h) => h.working || opts.workingOnly === false)
      .sort((a, b) => a.distanceM - b.distanceM || a.id.localeCompare(b.id))
      .slice(0, limit);
  }
}

function facilityPoint(
  d: SensorDevice,
  r: PointRow,
  model: Record<string, Limit>,
  override: Limit | undefined,
): FacilityPoint {
  const family = measurementFamily(r.point);
  const limit = resolveLimit(r.point, d.kind, model, override ?? null);
  return {
    point: r.point,
    label: pointLabel(r.point),
    unit: family ? MEASUREMENTS[family].unit : "",
    value: r.value,
    text: formatValue(r.point, r.value),
    ts: r.ts.toISOString(),
    limitState: r.limitState,
    limit,
    within: withinLimit(r.value, limit),
  };
}
