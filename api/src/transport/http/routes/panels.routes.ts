// User information transmission devices of a unit (issue 16): register one with its address and vendor
// profile, see them with their state, name and place the components of their panels, import a unit's
// component list. Every route first checks that the caller sees the unit (unit scope, 404 otherwise).
import { z } from "zod";
import { route } from "../route.ts";
import { int, queryInt } from "../../../shared/bounded.ts";
import {
  MAX_IMPORT_ROWS,
  MAX_PATROL_SEC,
  MIN_PATROL_SEC,
  type ComponentImportRow,
} from "../../../modules/panels/index.ts";
import type { Services } from "../../../services.ts";
import type { Principal } from "../../../modules/auth/principal.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z.string().min(1).max(64);
const unitParams = z.object({ unitId: id });

async function unit(services: Services, principal: Principal, unitId: string): Promise<void> {
  await services.units.scopes.assertUnit(principal, unitId);
}

const deviceView = z.object({
  id: z.string(),
  deviceId: z.string(),
  address: z.string(),
  unitId: z.string(),
  profile: z.string(),
  patrolIntervalSec: z.number(),
  lastClockSyncAt: z.string().nullable(),
});

const cell = z.string().max(200).optional();

// What the other routes answer (panel-overview.ts, panel-service.ts): instants are ISO strings.
const overviewUnit = z.object({
  id: z.string(),
  name: z.string(),
  devices: z.array(
    z.object({
      id: z.string(),
      deviceId: z.string(),
      address: z.string(),
      profile: z.string(),
      patrolIntervalSec: z.number(),
      online: z.boolean(),
      lastSeenAt: z.string().nullable(),
      lastClockSyncAt: z.string().nullable(),
      openAlarms: z.number(),
      state: z.enum(["never_connected", "offline", "fire", "fault", "normal"]),
      settings: z.object({ state: z.enum(["pending", "applied", "refused", "at_connect"]), at: z.string() }).nullable(),
    }),
  ),
  abnormal: z.array(
    z.object({
      name: z.string(),
      location: z.string().nullable(),
      fire: z.boolean(),
      fault: z.boolean(),
      supervision: z.boolean(),
      shielded: z.boolean(),
      changedAt: z.string().nullable(),
    }),
  ),
  events: z.array(
    z.object({
      at: z.string(),
      address: z.string(),
      type: z.string(),
      label: z.string(),
      location: z.string().nullable(),
    }),
  ),
});
const componentView = z.object({
  id: z.string(),
  system: z.object({
    id: z.string(),
    transmissionDeviceId: z.string(),
    systemType: z.number(),
    systemAddress: z.number(),
    typeName: z.string(),
    name: z.string().nullable(),
    label: z.string(),
  }),
  componentType: z.number(),
  typeName: z.string(),
  componentAddress: z.number(),
  addressText: z.string(),
  point: z.string(),
  name: z.string().nullable(),
  label: z.string(),
  keyPartId: z.string().nullable(),
  keyPartName: z.string().nullable(),
  location: z.string().nullable(),
  description: z.string().nullable(),
  state: z.object({
    fire: z.boolean(),
    fault: z.boolean(),
    supervision: z.boolean(),
    shielded: z.boolean(),
    bits: z.number(),
  }),
  stateChangedAt: z.string().nullable(),
  seenAt: z.string().nullable(),
});
const change = <T extends z.ZodType>(item: T) =>
  z.object({ outcome: z.enum(["created", "updated", "unchanged"]), item });

export const panelRoutes = [
  route({
    method: "get",
    path: "/api/transmission-devices",
    summary:
      "The units the caller sees that have transmission devices (by name), and one of them (unit=id, else the first) with its devices' state, abnormal components and recent events",
    tag: "panels",
    access: ROLE_SETS.panelViewers,
    query: z.object({ unit: id.optional() }),
    response: z.object({
      units: z.array(z.object({ id: z.string(), name: z.string() })),
      selected: overviewUnit.nullable(),
    }),
    handler: async ({ services, principal, query }) => {
      const visible = await services.units.scopes.visibleIds(principal);
      return services.panels.overview(visible, { unitId: query.unit });
    },
  }),
  route({
    method: "get",
    path: "/api/units/:unitId/transmission-devices",
    summary: "A unit's transmission devices with their state, abnormal components and recent events",
    tag: "panels",
    access: ROLE_SETS.panelViewers,
    params: unitParams,
    response: overviewUnit.nullable(),
    handler: async ({ services, principal, params }) => {
      await unit(services, principal, params.unitId);
      return (await services.panels.overview([params.unitId], { unitId: params.unitId })).selected;
    },
  }),
  route({
    method: "post",
    path: "/api/units/:unitId/transmission-devices",
    summary: "Register a transmission device by the address it sends (12 or 24 hex digits) and its profile",
    tag: "panels",
    access: ROLE_SETS.panelEditors,
    params: unitParams,
    body: z.object({
      address: z.string().min(12).max(24),
      profile: z.string().max(2000).optional(),
      patrolIntervalSec: int(MIN_PATROL_SEC, MAX_PATROL_SEC).optional(),
    }),
    response: deviceView,
    status: 201,
    handler: async ({ services, principal, params, body }) => {
      await unit(services, principal, params.unitId);
      return services.panels.service.registerDevice(params.unitId, body);
    },
  }),
  route({
    method: "patch",
    path: "/api/units/:unitId/transmission-devices/:id",
    summary: "Change a transmission device's vendor profile or patrol interval",
    tag: "panels",
    access: ROLE_SETS.panelEditors,
    params: z.object({ unitId: id, id }),
    body: z.object({
      profile: z.string().max(2000).optional(),
      patrolIntervalSec: int(MIN_PATROL_SEC, MAX_PATROL_SEC).optional(),
    }),
    response: change(deviceView),
    handler: async ({ services, principal, params, body }) => {
      await unit(services, principal, params.unitId);
      return services.panels.service.updateDevice(params.unitId, params.id, body);
    },
  }),
  route({
    method: "post",
    path: "/api/units/:unitId/transmission-devices/:id/components",
    summary: "Import the unit's component list for a device (rows as a sheet gives them); all rows checked",
    tag: "panels",
    access: ROLE_SETS.panelEditors,
    params: z.object({ unitId: id, id }),
    body: z.object({
      rows: z
        .array(
          z.object({
            systemType: cell,
            systemAddress: cell,
            componentType: cell,
            componentAddress: cell,
            name: cell,
            location: cell,
            keyPart: cell,
          }),
        )
        .max(MAX_IMPORT_ROWS),
    }),
    response: z.object({
      created: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      errors: z.array(z.object({ row: z.number(), message: z.string() })),
    }),
    handler: async ({ services, principal, params, body }) => {
      await unit(services, principal, params.unitId);
      return services.panels.service.importComponents(params.unitId, params.id, body.rows as ComponentImportRow[]);
    },
  }),
  route({
    method: "get",
    path: "/api/units/:unitId/panel-components",
    summary: "A unit's panel components, a page at a time (unnamed or abnormal ones on request)",
    tag: "panels",
    access: ROLE_SETS.panelViewers,
    params: unitParams,
    query: z.object({
      systemId: id.optional(),
      unnamed: z.enum(["true", "false"]).optional(),
      abnormal: z.enum(["true", "false"]).optional(),
      limit: queryInt(1, 200).default(50),
      after: id.optional(),
    }),
    response: z.object({ items: z.array(componentView), next: z.string().nullable() }),
    handler: async ({ services, principal, params, query }) => {
      await unit(services, principal, params.unitId);
      return services.panels.service.listComponents(params.unitId, {
        ...(query.systemId ? { systemId: query.systemId } : {}),
        unnamed: query.unnamed === "true",
        abnormal: query.abnormal === "true",
        limit: query.limit,
        ...(query.after ? { after: query.after } : {}),
      });
    },
  }),
  route({
    method: "patch",
    path: "/api/units/:unitId/panel-components/:id",
    summary: "Name a component and say where it is (a key part of the unit, a place in words)",
    tag: "panels",
    access: ROLE_SETS.panelEditors,
    params: z.object({ unitId: id, id }),
    body: z.object({
      name: z.string().max(40).nullable().optional(),
      location: z.string().max(100).nullable().optional(),
      keyPartId: id.nullable().optional(),
    }),
    response: change(componentView),
    handler: async ({ services, principal, params, body }) => {
      await unit(services, principal, params.unitId);
      const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      return services.panels.service.updateComponent(params.unitId, params.id, patch);
    },
  }),
];
