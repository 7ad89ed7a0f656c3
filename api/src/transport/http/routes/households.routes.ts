import { z } from "zod";
import { route } from "../route.ts";
import { page } from "../../../shared/bounded.ts";
import {
  communityDetail,
  communityHouseholds,
  communityList,
  contactBody,
  emergencyContact,
  householdDetail,
  householdList,
  householdRole,
  inviteResult,
  joinHouseholdResult,
  membershipPatch,
  membershipResult,
} from "../../../contract/households.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z.string().min(1).max(64);

export const householdRoutes = [
  route({
    method: "get",
    path: "/api/households",
    summary: "My homes and their devices at a glance",
    tag: "households",
    access: ROLE_SETS.residents,
    response: householdList,
    handler: async ({ services, principal }) => ({ items: await services.households.listMine(principal.id) }),
  }),
  route({
    method: "get",
    path: "/api/households/:id",
    summary: "One home: members, emergency contacts, devices",
    tag: "households",
    access: ROLE_SETS.residentsAndPlaceStaff,
    params: z.object({ id }),
    response: householdDetail,
    handler: ({ services, principal, params }) => services.households.detail(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/households/join",
    summary: "Join a home with an invitation code (an owner invitation claims it)",
    tag: "households",
    access: ROLE_SETS.residents,
    body: z.object({ code: z.string().trim().min(4).max(16) }),
    rateLimit: "codes",
    response: joinHouseholdResult,
    handler: ({ services, principal, body }) => services.households.join(principal.id, body.code),
  }),
  route({
    method: "post",
    path: "/api/households/:id/invites",
    summary:
      "Invite a family member or tenant (owners), or the owner of a home without one (property staff). A home's owner is replaced only by the owner (hand-over) or an ADMIN with a reason; the owner is told",
    tag: "households",
    access: ROLE_SETS.residentsAndPropertyDesk,
    params: z.object({ id }),
    body: z.object({
      role: householdRole,
      /** ADMIN replacing a home's owner: why (deeds checked, ...), kept in the audit record and told to the owner */
      reason: z.string().trim().max(200).optional(),
    }),
    status: 201,
    response: inviteResult,
    handler: ({ services, principal, params, body }) =>
      services.households.createInvite(principal, params.id, body.role, body.reason),
  }),
  route({
    method: "patch",
    path: "/api/households/:id/membership",
    summary:
      "My settings in this home: which device problems I hear about (low battery, offline, tamper, fault; fire alarms cannot be switched off), and neighbours' unanswered fire alarms",
    tag: "households",
    access: ROLE_SETS.residents,
    params: z.object({ id }),
    body: membershipPatch,
    response: membershipResult,
    handler: ({ services, principal, params, body }) =>
      services.households.updateMyMembership(principal.id, params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/households/:id/members/:memberId",
    summary: "Remove a member (owners), or leave a home (yourself)",
    tag: "households",
    access: ROLE_SETS.residentsAndPropertyManager,
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
    access: ROLE_SETS.residentsAndPropertyDesk,
    params: z.object({ id }),
    body: contactBody,
    status: 201,
    response: emergencyContact,
    handler: ({ services, principal, params, body }) => services.households.addContact(principal, params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/households/:id/contacts/:contactId",
    summary: "Remove an emergency contact",
    tag: "households",
    access: ROLE_SETS.residentsAndPropertyDesk,
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
    access: ROLE_SETS.placeStaff,
    response: communityList,
    handler: async ({ services, principal }) => ({ items: await services.places.communities(principal) }),
  }),
  route({
    method: "get",
    path: "/api/communities/:id",
    summary: "A community with its buildings and units",
    tag: "places",
    access: ROLE_SETS.placeStaff,
    params: z.object({ id }),
    response: communityDetail,
    handler: ({ services, principal, params }) => services.places.community(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/communities/:id/households",
    summary: "Households of a community, paged",
    tag: "places",
    access: ROLE_SETS.placeStaff,
    params: z.object({ id }),
    query: z.object({
      ...page(50, 200),
    }),
    response: communityHouseholds,
    handler: ({ services, principal, params, query }) =>
      services.households.listForCommunity(principal, params.id, query),
  }),
];
