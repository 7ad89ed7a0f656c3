// Facility sensors (issue 15): the places whose facilities a caller sees, every facility of a place with its
// current values against their limits, a point's chart, the nearest hydrants, and the limits a manager sets
// per device and point (transport/http/routes/sensors.routes.ts; answers from modules/sensors). Instants are
// ISO strings, a chart's bucket starts epoch milliseconds.
import { z } from "zod";
import { deviceMode } from "./devices.ts";
import { idParams } from "./households.ts";

/** PUT /api/sensors/devices/:id/limits/:point: a device's own limit for a point */
export const limitBody = z.object({
  low: z.number().finite().min(-1_000_000).max(1_000_000).nullable(),
  high: z.number().finite().min(-1_000_000).max(1_000_000).nullable(),
  hysteresis: z.number().finite().min(0).max(1_000_000),
  minDurationSec: z.number().int().min(0).max(86_400),
  note: z.string().max(200).optional(),
});

/** The limit that applies to a point: the device's own (override), its model's, or the default. */
export const effectiveLimit = z.object({
  low: z.number().nullable(),
  high: z.number().nullable(),
  hysteresis: z.number(),
  minDurationSec: z.number(),
  source: z.enum(["override", "model", "default"]),
});

export const sensorRange = z.enum(["24h", "7d", "30d"]);

/** GET /api/sensors/devices/:id/points/:point/series */
export const sensorSeries = z.object({
  deviceId: z.string(),
  point: z.string(),
  label: z.string(),
  unit: z.string(),
  range: sensorRange,
  resolution: z.enum(["minute", "hour"]),
  from: z.string(),
  to: z.string(),
  limit: effectiveLimit.nullable(),
  buckets: z.array(z.object({ t: z.number(), min: z.number(), max: z.number(), mean: z.number(), count: z.number() })),
});

/**
 * One device of GET /api/sensors/facilities: a community's facility, or a unit's device (its facilities, detectors
 * and transmission devices; not its cameras, which have a page of their own)
 */
export const facilityDevice = z.object({
  id: z.string(),
  serial: z.string(),
  name: z.string().nullable(),
  kind: z.string(),
  /** its service mode: out of normal use (安装模式, 维护模式) it raises no fire alarm (labels DEVICE_MODE_LABEL) */
  mode: deviceMode,
  /**
   * since when one out of normal use has been so (its switch in the audit log, else its registration), as
   * GET /api/devices says it; null in normal use
   */
  modeSince: z.string().nullable(),
  place: z.string(),
  floor: z.number().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  points: z.array(
    z.object({
      point: z.string(),
      label: z.string(),
      unit: z.string(),
      value: z.number(),
      text: z.string(),
      ts: z.string(),
      limitState: z.string(),
      limit: effectiveLimit.nullable(),
      within: z.boolean(),
    }),
  ),
  openAlarms: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      point: z.string(),
      severity: z.string(),
      status: z.string(),
      startedAt: z.string(),
    }),
  ),
});

/** GET /api/sensors/places: a community or networked unit whose facilities the caller sees */
export const facilityPlace = z.object({
  kind: z.enum(["community", "unit"]),
  id: z.string(),
  name: z.string(),
});

/** GET /api/sensors/hydrants/nearest */
export const nearbyHydrant = z.object({
  id: z.string(),
  name: z.string().nullable(),
  latitude: z.number(),
  longitude: z.number(),
  distanceM: z.number(),
  working: z.boolean(),
  problems: z.array(z.string()),
  pressure: z.number().nullable(),
});

/** GET /api/sensors/devices/:id/limits: each point with the limit that applies and the alarms it raises */
export const pointLimits = z.object({
  point: z.string(),
  label: z.string(),
  unit: z.string(),
  limit: effectiveLimit.nullable(),
  alarms: z.object({ low: z.string().nullable(), high: z.string().nullable() }),
});

/** PUT and DELETE /api/sensors/devices/:id/limits/:point */
export const limitChange = z.object({
  outcome: z.enum(["created", "updated", "reset", "ignored"]),
  point: z.string(),
  before: effectiveLimit.nullable(),
  after: effectiveLimit.nullable(),
});

/** GET /api/sensors/devices/:id/limits/history */
export const limitHistoryEntry = z.object({
  point: z.string(),
  action: z.string(),
  by: z.string(),
  at: z.string(),
  before: effectiveLimit.nullable(),
  after: effectiveLimit.nullable(),
  note: z.string().nullable(),
});

// ---- what the routes take, and their lists ----

const id = z.string().min(1).max(64);
const point = z
  .string()
  .regex(/^[a-z0-9_]{1,32}$/)
  .max(32);
export { idParams };
/** /api/sensors/devices/:id/points/:point/... and /limits/:point */
export const devicePointParams = z.object({ id, point });
export const seriesQuery = z.object({ range: sensorRange.default("24h") });
export const facilityPlaceList = z.object({ items: z.array(facilityPlace) });
/** exactly one of the two (checked by the route) */
export const facilitiesQuery = z.object({ unitId: id.optional(), communityId: id.optional() });
/**
 * GET /api/sensors/facilities: at most 500 devices, those out of normal use first (then by id); `truncated` when the
 * place has more than shown, and `total` how many it has
 */
export const facilityDeviceList = z.object({
  items: z.array(facilityDevice),
  truncated: z.boolean(),
  total: z.number(),
});
export const nearestHydrantsQuery = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  radiusM: z.coerce.number().int().min(1).max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
  workingOnly: z.enum(["true", "false"]).optional(),
});
export const nearbyHydrantList = z.object({ items: z.array(nearbyHydrant) });
export const pointLimitsList = z.object({ items: z.array(pointLimits) });
export const limitHistoryQuery = z.object({
  point: point.optional(),
  take: z.coerce.number().int().min(1).max(100).optional(),
});
export const limitHistoryList = z.object({ items: z.array(limitHistoryEntry) });

export type LimitBody = z.input<typeof limitBody>;
export type EffectiveLimit = z.infer<typeof effectiveLimit>;
export type SensorRange = z.infer<typeof sensorRange>;
export type SensorSeries = z.infer<typeof sensorSeries>;
export type FacilityDeviceView = z.infer<typeof facilityDevice>;
export type FacilityDeviceListView = z.infer<typeof facilityDeviceList>;
export type FacilityPlaceView = z.infer<typeof facilityPlace>;
export type NearbyHydrant = z.infer<typeof nearbyHydrant>;
export type PointLimits = z.infer<typeof pointLimits>;
export type LimitChange = z.infer<typeof limitChange>;
export type LimitHistoryEntry = z.infer<typeof limitHistoryEntry>;
