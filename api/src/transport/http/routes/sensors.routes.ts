// Facility sensors (issue 15): a point's chart, every facility of a unit or a community with its current
// values against their limits and open alarms, the nearest working hydrants, and the limits a unit's or
// property company's manager sets per device and point. Scope is the sensor module's (SensorScopeAccess):
// a device, unit or community outside the caller's scope is "not found".
import { AppError } from "../../../shared/errors.ts";
import { route } from "../route.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import {
  devicePointParams,
  facilitiesQuery,
  facilityDeviceList,
  facilityPlaceList,
  idParams,
  limitBody,
  limitChange,
  limitHistoryList,
  limitHistoryQuery,
  nearbyHydrantList,
  nearestHydrantsQuery,
  pointLimitsList,
  seriesQuery,
  sensorSeries,
} from "../../../contract/sensors.ts";

export const sensorRoutes = [
  route({
    method: "get",
    path: "/api/sensors/devices/:id/points/:point/series",
    summary:
      "A point's chart: per minute over 24 h (raw readings) or per hour over 7 d / 30 d (hourly roll-ups), with its limit",
    tag: "sensors",
    access: ROLE_SETS.sensorViewers,
    rateLimit: "sensorReads",
    params: devicePointParams,
    query: seriesQuery,
    response: sensorSeries,
    handler: ({ services, principal, params, query }) =>
      services.sensors.queries.series(principal, params.id, params.point, query.range),
  }),
  route({
    method: "get",
    path: "/api/sensors/places",
    summary: "The communities and networked units whose facilities the caller sees (at most 500 of each), by name",
    tag: "sensors",
    access: ROLE_SETS.sensorViewers,
    rateLimit: "sensorReads",
    response: facilityPlaceList,
    handler: async ({ services, principal }) => ({ items: await services.sensors.places(principal) }),
  }),
  route({
    method: "get",
    path: "/api/sensors/facilities",
    summary:
      "Every facility device of a unit (?unitId=; every device but its cameras for its own people and the county) or of a community's shared places (?communityId=): current values against limits, online, open alarms, mode; at most 500, those out of normal use first, truncated when more",
    tag: "sensors",
    access: ROLE_SETS.sensorViewers,
    rateLimit: "sensorReads",
    query: facilitiesQuery,
    response: facilityDeviceList,
    handler: async ({ services, principal, query }) => {
      if (!query.unitId === !query.communityId)
        throw new AppError("VALIDATION_FAILED", "请指定 unitId 或 communityId 之一");
      const of = query.unitId ? { unitId: query.unitId } : { communityId: query.communityId! };
      return services.sensors.queries.facilities(principal, of);
    },
  }),
  route({
    method: "get",
    path: "/api/sensors/hydrants/nearest",
    summary:
      "The nearest hydrants to a place (a fire): distance, and whether each works (online, pressure within limits, no open alarm)",
    tag: "sensors",
    access: ROLE_SETS.sensorViewers,
    rateLimit: "sensorReads",
    query: nearestHydrantsQuery,
    response: nearbyHydrantList,
    handler: async ({ services, principal, query }) => ({
      items: await services.sensors.queries.nearestHydrants(
        principal,
        { latitude: query.lat, longitude: query.lng },
        {
          ...(query.radiusM !== undefined ? { radiusM: query.radiusM } : {}),
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
          workingOnly: query.workingOnly === "true",
        },
      ),
    }),
  }),
  route({
    method: "get",
    path: "/api/sensors/devices/:id/limits",
    summary:
      "Each point of the device with the limit that applies (model default, or the device's own) and the alarms it raises",
    tag: "sensors",
    access: ROLE_SETS.sensorViewers,
    params: idParams,
    response: pointLimitsList,
    handler: async ({ services, principal, params }) => ({
      items: await services.sensors.service.limits(principal, params.id),
    }),
  }),
  route({
    method: "put",
    path: "/api/sensors/devices/:id/limits/:point",
    summary: "Set the device's own limit for a point (within what the standards allow); recorded with who and when",
    tag: "sensors",
    access: ROLE_SETS.limitEditors,
    params: devicePointParams,
    body: limitBody,
    response: limitChange,
    handler: ({ services, principal, params, body }) => {
      const { note, ...limit } = body;
      return services.sensors.service.setLimit(principal, params.id, params.point, limit, note);
    },
  }),
  route({
    method: "delete",
    path: "/api/sensors/devices/:id/limits/:point",
    summary: "Back to the model's default limit for a point; recorded like a change",
    tag: "sensors",
    access: ROLE_SETS.limitEditors,
    params: devicePointParams,
    response: limitChange,
    handler: ({ services, principal, params }) =>
      services.sensors.service.resetLimit(principal, params.id, params.point),
  }),
  route({
    method: "get",
    path: "/api/sensors/devices/:id/limits/history",
    summary: "Who changed the device's limits, when, from what to what; newest first",
    tag: "sensors",
    access: ROLE_SETS.sensorViewers,
    params: idParams,
    query: limitHistoryQuery,
    response: limitHistoryList,
    handler: async ({ services, principal, params, query }) => ({
      items: await services.sensors.service.limitHistory(principal, params.id, {
        ...(query.point ? { point: query.point } : {}),
        ...(query.take ? { take: query.take } : {}),
      }),
    }),
  }),
];
