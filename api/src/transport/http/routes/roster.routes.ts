// The duty roster over HTTP: a property company's shifts (who is on duty when), read by its managers and
// staff and edited by its managers; an admin names the company. The escalation chain reads the same rows.
import { route } from "../route.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import * as c from "../../../contract/roster.ts";

export const rosterRoutes = [
  route({
    method: "get",
    path: "/api/roster",
    summary:
      "Shifts of the caller's property company overlapping [from, to) (at most 62 days), with who is on duty now",
    tag: "roster",
    access: ROLE_SETS.propertyDesk,
    query: c.rosterQuery,
    response: c.rosterList,
    handler: ({ services, principal, query }) => services.roster.list(principal, query),
  }),
  route({
    method: "get",
    path: "/api/roster/companies",
    summary: "The companies whose roster the caller may open (every one for an admin), today, and whether they edit",
    tag: "roster",
    access: ROLE_SETS.propertyDesk,
    response: c.rosterOverview,
    handler: ({ services, principal }) => services.roster.overview(principal),
  }),
  route({
    method: "get",
    path: "/api/roster/staff",
    summary: "The company's working managers and staff who can be put on duty (phones masked)",
    tag: "roster",
    access: ROLE_SETS.propertyDesk,
    query: c.rosterStaffQuery,
    response: c.rosterStaff,
    handler: async ({ services, principal, query }) => ({
      items: await services.roster.staff(principal, query.propertyCompanyId),
    }),
  }),
  route({
    method: "post",
    path: "/api/roster",
    summary:
      "Add a shift: end after start, at most 24 h, a person of the same company, no overlap with their other shifts",
    tag: "roster",
    access: ROLE_SETS.propertyManagerAndAdmin,
    body: c.shiftBody,
    status: 201,
    response: c.shiftView,
    handler: ({ services, principal, body }) => services.roster.add(principal, body),
  }),
  route({
    method: "patch",
    path: "/api/roster/:id",
    summary: "Change a shift's person or times (same rules as adding)",
    tag: "roster",
    access: ROLE_SETS.propertyManagerAndAdmin,
    params: c.shiftIdParams,
    body: c.shiftPatch,
    response: c.shiftView,
    handler: ({ services, principal, params, body }) => services.roster.change(principal, params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/roster/:id",
    summary: "Remove a shift",
    tag: "roster",
    access: ROLE_SETS.propertyManagerAndAdmin,
    params: c.shiftIdParams,
    status: 204,
    handler: ({ services, principal, params }) => services.roster.remove(principal, params.id),
  }),
];
