// User information transmission devices of a unit (issue 16): register one with its address and vendor
// profile, see them with their state, name and place the components of their panels, import a unit's
// component list. Every route first checks that the caller sees the unit (unit scope, 404 otherwise).
import { route } from "../route.ts";
import type { ComponentImportRow } from "../../../modules/panels/index.ts";
import type { Services } from "../../../services.ts";
import type { Principal } from "../../../modules/auth/principal.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import * as c from "../../../contract/panels.ts";

async function unit(services: Services, principal: Principal, unitId: string): Promise<void> {
  await services.units.scopes.assertUnit(principal, unitId);
}

export const panelRoutes = [
  route({
    method: "get",
    path: "/api/transmission-devices",
    summary:
      "The units the caller sees that have transmission devices (by name), and one of them (unit=id, else the first) with its devices' state, abnormal components and recent events",
    tag: "panels",
    access: ROLE_SETS.panelViewers,
    query: c.overviewQuery,
    response: c.overview,
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
    params: c.unitParams,
    response: c.unitOverview,
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
    params: c.unitParams,
    body: c.deviceBody,
    response: c.deviceView,
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
    params: c.unitItemParams,
    body: c.devicePatch,
    response: c.deviceChange,
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
    params: c.unitItemParams,
    body: c.componentImportBody,
    response: c.componentImportResult,
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
    params: c.unitParams,
    query: c.componentQuery,
    response: c.componentPage,
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
    params: c.unitItemParams,
    body: c.componentPatch,
    response: c.componentChange,
    handler: async ({ services, principal, params, body }) => {
      await unit(services, principal, params.unitId);
      const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      return services.panels.service.updateComponent(params.unitId, params.id, patch);
    },
  }),
];
