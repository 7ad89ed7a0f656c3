import { z } from "zod";
import { route } from "../route.ts";
import { int, page } from "../../../shared/bounded.ts";

const PLACE_STAFF = ["PROPERTY_MANAGER", "PROPERTY_STAFF", "TOWNSHIP_COORDINATOR", "FIRE_SUPERVISOR", "ADMIN"] as const;
const id = z.string().min(1).max(64);
const memberRole = z.enum(["OWNER", "FAMILY", "TENANT"]);

const deviceSummary = z.object({
  id: z.string(),
  name: z.string().nullable(),
  room: z.string().nullable(),
  kind: z.string(),
  modelName: z.string(),
  mode: z.string(),
  state: z.enum(["alarm", "offline", "tamper", "fault", "low_battery", "normal", "never_connected"]),
  online: z.boolean(),
  battery: z.number().nullable(),
  rssi: z.number().nullable(),
  lastSeenAt: z.string().nullable(),
});
const householdSummary = z.object({
  id: z.string(),
  address: z.string(),
  communityId: z.string(),
  floor: z.number(),
  claimed: z.boolean(),
  devices: z.array(deviceSummary),
});
// which device problems a member hears about in this home; a fire alarm always reaches every member
const membershipFlags = {
  neighbourAlerts: z.boolean(),
  notifyLowBattery: z.boolean(),
  notifyOffline: z.boolean(),
  notifyTamper: z.boolean(),
  notifyFault: z.boolean(),
};
const contact = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  relation: z.string().nullable(),
  priority: z.number(),
});

export const householdRoutes = [
  route({
    method: "get",
    path: "/api/households",
    summary: "My homes and their devices at a glance",
    tag: "households",
    access: ["RESIDENT"],
    response: z.object({ items: z.array(householdSummary.extend({ role: memberRole })) }),
    handler: async ({ services, principal }) => ({ items: await services.households.listMine(principal.id) }),
  }),
  route({
    method: "get",
    path: "/api/households/:id",
    summary: "One home: members, emergency contacts, devices",
    tag: "households",
    access: ["RESIDENT", ...PLACE_STAFF],
    params: z.object({ id }),
    response: householdSummary.extend({
      role: memberRole.nullable(),
      members: z.array(
        z.object({
          id: z.string(),
          residentId: z.string(),
          nickname: z.string().nullable(),
          phone: z.string(),
          role: memberRole,
          isMe: z.boolean(),
          ...membershipFlags,
        }),
      ),
      emergencyContacts: z.array(contact),
    }),
    handler: ({ services, principal, params }) => services.households.detail(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/households/join",
    summary: "Join a home with an invitation code (an owner invitation claims it)",
    tag: "households",
    access: ["RESIDENT"],
    body: z.object({ code: z.string().trim().min(4).max(16) }),
    rateLimit: "codes",
    response: z.object({ householdId: z.string(), role: memberRole }),
    handler: ({ services, principal, body }) => services.households.join(principal.id, body.code),
  }),
  route({
    method: "post",
    path: "/api/households/:id/invites",
    summary:
      "Invite a family member or tenant (owners), or the owner of a home without one (property staff). A home's owner is replaced only by the owner (hand-over) or an ADMIN with a reason; the owner is told",
    tag: "households",
    access: ["RESIDENT", "PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"],
    params: z.object({ id }),
    body: z.object({
      role: memberRole,
      /** ADMIN replacing a home's owner: why (deeds checked, ...), kept in the audit record and told to the owner */
      reason: z.string().trim().max(200).optional(),
    }),
    status: 201,
    response: z.object({ code: z.string(), role: memberRole, expiresAt: z.string(), replacesOwner: z.boolean() }),
    handler: ({ services, principal, params, body }) =>
      services.households.createInvite(principal, params.id, body.role, body.reason),
  }),
  route({
    method: "patch",
    path: "/api/households/:id/membership",
    summary:
      "My settings in this home: which device problems I hear about (low battery, offline, tamper, fault; fire alarms cannot be switched off), and neighbours' unanswered fire alarms",
    tag: "households",
    access: ["RESIDENT"],
    params: z.object({ id }),
    body: z
      .object(membershipFlags)
      .partial()
      .strict()
      .refine((b) => Object.values(b).some((v) => v !== undefined), "至少需要修改一项提醒设置"),
    response: z.object({ householdId: z.string(), role: memberRole, ...membershipFlags }),
    handler: ({ services, principal, params, body }) =>
      services.households.updateMyMembership(principal.id, params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/households/:id/members/:memberId",
    summary: "Remove a member (owners), or leave a home (yourself)",
    tag: "households",
    access: ["RESIDENT", "PROPERTY_MANAGER", "ADMIN"],
    params: z.object({ id, memberId: id }),
    status: 204,
    handler: ({ services, principal, params }) =>
      services.households.removeMember(principal, params.id, params.memberId),
  }),
  route({
    method: "post",
    path: "/api/households/:id/contacts",
    summary: "Add an emergency contact (called when an alarm goes unanswered)",
    tag: "households",
    access: ["RESIDENT", "PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"],
    params: z.object({ id }),
    body: z.object({
      name: z.string().trim().min(1).max(32),
      phone: z
        .string()
        .trim()
        .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "应为手机号或带区号的固定电话"),
      relation: z.string().trim().max(16).optional(),
      priority: int(0, 99).optional(),
    }),
    status: 201,
    response: contact,
    handler: ({ services, principal, params, body }) => services.households.addContact(principal, params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/households/:id/contacts/:contactId",
    summary: "Remove an emergency contact",
    tag: "households",
    access: ["RESIDENT", "PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"],
    params: z.object({ id, contactId: id }),
    status: 204,
    handler: ({ services, principal, params }) =>
      services.households.removeContact(principal, params.id, params.contactId),
  }),
];

export const placeRoutes = [
  route({
    method: "get",
    path: "/api/communities",
    summary: "Communities the caller may see",
    tag: "places",
    access: [...PLACE_STAFF],
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          address: z.string(),
          township: z.string(),
          propertyCompany: z.string().nullable(),
          buildings: z.number(),
          devices: z.number(),
          latitude: z.number().nullable(),
          longitude: z.number().nullable(),
        }),
      ),
    }),
    handler: async ({ services, principal }) => ({ items: await services.places.communities(principal) }),
  }),
  route({
    method: "get",
    path: "/api/communities/:id",
    summary: "A community with its buildings and units",
    tag: "places",
    access: [...PLACE_STAFF],
    params: z.object({ id }),
    handler: ({ services, principal, params }) => services.places.community(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/communities/:id/households",
    summary: "Households of a community, paged",
    tag: "places",
    access: [...PLACE_STAFF],
    params: z.object({ id }),
    query: z.object({
      ...page(50, 200),
    }),
    response: z.object({
      total: z.number(),
      items: z.array(
        householdSummary.extend({
          residents: z.array(z.object({ name: z.string().nullable(), role: memberRole, phone: z.string() })),
        }),
      ),
    }),
    handler: ({ services, principal, params, query }) =>
      services.households.listForCommunity(principal, params.id, query),
  }),
];
