// The duty roster over HTTP: a property company's shifts (who is on duty when), read by its managers and
// staff and edited by its managers; an admin names the company. The escalation chain reads the same rows.
import { z } from "zod";
import { route } from "../route.ts";
import { instant, instantSpan } from "../../../shared/bounded.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z.string().min(1).max(64);

const shiftView = z.object({
  id: z.string(),
  staffUserId: z.string(),
  staffName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  onDutyNow: z.boolean(),
});

export const rosterRoutes = [
  route({
    method: "get",
    path: "/api/roster",
    summary:
      "Shifts of the caller's property company overlapping [from, to) (at most 62 days), with who is on duty now",
    tag: "roster",
    access: ROLE_SETS.propertyDesk,
    query: z
      .object({ from: instant, to: instant, propertyCompanyId: id.optional() })
      .superRefine(instantSpan("from", "to", 62)),
    response: z.object({ propertyCompanyId: z.string(), now: z.string(), items: z.array(shiftView) }),
    handler: ({ services, principal, query }) => services.roster.list(principal, query),
  }),
  route({
    method: "get",
    path: "/api/roster/companies",
    summary: "The companies whose roster the caller may open (every one for an admin), today, and whether they edit",
    tag: "roster",
    access: ROLE_SETS.propertyDesk,
    response: z.object({
      companies: z.array(z.object({ id: z.string(), name: z.string() })),
      today: z.string(),
      canEdit: z.boolean(),
    }),
    handler: ({ services, principal }) => services.roster.overview(principal),
  }),
  route({
    method: "get",
    path: "/api/roster/staff",
    summary: "The company's working managers and staff who can be put on duty (phones masked)",
    tag: "roster",
    access: ROLE_SETS.propertyDesk,
    query: z.object({ propertyCompanyId: id.optional() }),
    response: z.object({
      items: z.array(
        z.object({ id: z.string(), name: z.string(), role: z.string(), phone: z.string(), onDutyNow: z.boolean() }),
      ),
    }),
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
    body: z.object({ staffUserId: id, startsAt: instant, endsAt: instant, propertyCompanyId: id.optional() }),
    status: 201,
    response: shiftView,
    handler: ({ services, principal, body }) => services.roster.add(principal, body),
  }),
  route({
    method: "patch",
    path: "/api/roster/:id",
    summary: "Change a shift's person or times (same rules as adding)",
    tag: "roster",
    access: ROLE_SETS.propertyManagerAndAdmin,
    params: z.object({ id }),
    body: z.object({ staffUserId: id.optional(), startsAt: instant.optional(), endsAt: instant.optional() }),
    response: shiftView,
    handler: ({ services, principal, params, body }) => services.roster.change(principal, params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/roster/:id",
    summary: "Remove a shift",
    tag: "roster",
    access: ROLE_SETS.propertyManagerAndAdmin,
    params: z.object({ id }),
    status: 204,
    handler: ({ services, principal, params }) => services.roster.remove(principal, params.id),
  }),
];
