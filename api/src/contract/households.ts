// Homes, their members and contacts, and the communities staff see (transport/http/routes/households.routes.ts).
import { z } from "zod";
import { int, page } from "../shared/bounded.ts";
import { idParams } from "./dispatch.schemas.ts";
import { DEVICE_NETWORK_LABEL, DEVICE_POWER_LABEL, type DeviceNetworkName, type DevicePowerName } from "./labels.ts";

export const householdRole = z.enum(["OWNER", "FAMILY", "TENANT"]);
export const deviceState = z.enum(["alarm", "offline", "tamper", "fault", "low_battery", "normal", "never_connected"]);
/** How a device model is powered and how it reaches us (DeviceModel.power, .network): the labels' keys. */
export const devicePower = z.enum(Object.keys(DEVICE_POWER_LABEL) as [DevicePowerName, ...DevicePowerName[]]);
export const deviceNetwork = z.enum(Object.keys(DEVICE_NETWORK_LABEL) as [DeviceNetworkName, ...DeviceNetworkName[]]);

export const deviceSummary = z.object({
  id: z.string(),
  name: z.string().nullable(),
  room: z.string().nullable(),
  kind: z.string(),
  modelName: z.string(),
  /** the model's power and network; null when its catalogue entry does not say */
  power: devicePower.nullable(),
  network: deviceNetwork.nullable(),
  /** NORMAL | INSTALLATION | MAINTENANCE */
  mode: z.string(),
  state: deviceState,
  online: z.boolean(),
  /** percent 0-100, null when unknown */
  battery: z.number().nullable(),
  /** dBm, null when unknown */
  rssi: z.number().nullable(),
  /** ISO 8601, null when never seen */
  lastSeenAt: z.string().nullable(),
});
export const householdSummary = z.object({
  id: z.string(),
  address: z.string(),
  communityId: z.string(),
  floor: z.number(),
  claimed: z.boolean(),
  devices: z.array(deviceSummary),
});
/** which device problems a member hears about in this home; a fire alarm always reaches every member */
export const membershipFlags = {
  /** told when a neighbour's fire alarm in the same unit goes unanswered for 3 minutes */
  neighbourAlerts: z.boolean(),
  notifyLowBattery: z.boolean(),
  notifyOffline: z.boolean(),
  notifyTamper: z.boolean(),
  notifyFault: z.boolean(),
};
export const emergencyContact = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  relation: z.string().nullable(),
  priority: z.number(),
});

/** GET /api/households */
export const householdList = z.object({ items: z.array(householdSummary.extend({ role: householdRole })) });

export const householdMember = z.object({
  id: z.string(),
  residentId: z.string(),
  nickname: z.string().nullable(),
  phone: z.string(),
  role: householdRole,
  /** true for the signed-in resident */
  isMe: z.boolean(),
  ...membershipFlags,
});

/** GET /api/households/:id (role null for property staff looking at a home) */
export const householdDetail = householdSummary.extend({
  role: householdRole.nullable(),
  members: z.array(householdMember),
  emergencyContacts: z.array(emergencyContact),
});

export const joinHouseholdResult = z.object({ householdId: z.string(), role: householdRole });
export const inviteResult = z.object({
  code: z.string(),
  role: householdRole,
  expiresAt: z.string(),
  replacesOwner: z.boolean(),
});

/** PATCH /api/households/:id/membership: any subset of the flags (at least one) */
export const membershipPatch = z
  .object(membershipFlags)
  .partial()
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), "至少需要修改一项提醒设置");
export const membershipResult = z.object({ householdId: z.string(), role: householdRole, ...membershipFlags });

/** POST /api/households/:id/contacts */
export const contactBody = z.object({
  name: z.string().trim().min(1).max(32),
  /** mobile (1[3-9] + 9 digits) or landline with area code */
  phone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "应为手机号或带区号的固定电话"),
  relation: z.string().trim().max(16).optional(),
  priority: int(0, 99).optional(),
});

export const communitySummary = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  township: z.string(),
  propertyCompany: z.string().nullable(),
  buildings: z.number(),
  devices: z.number(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
/** GET /api/communities */
export const communityList = z.object({ items: z.array(communitySummary) });

/** GET /api/communities/:id: a community with its buildings and units */
export const communityDetail = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  township: z.string(),
  propertyCompany: z.string().nullable(),
  buildings: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      floors: z.number(),
      /** 老旧高层: the plan's target for smoke alarms */
      oldHighRise: z.boolean(),
      units: z.array(z.object({ id: z.string(), name: z.string(), households: z.number() })),
    }),
  ),
});

/** GET /api/communities/:id/households */
export const communityHouseholds = z.object({
  total: z.number(),
  items: z.array(
    householdSummary.extend({
      residents: z.array(z.object({ name: z.string().nullable(), role: householdRole, phone: z.string() })),
    }),
  ),
});

// ---- what the routes take ----

const id = z.string().min(1).max(64);
export { idParams };
export const memberParams = z.object({ id, memberId: id });
export const contactParams = z.object({ id, contactId: id });
export const joinHouseholdBody = z.object({ code: z.string().trim().min(4).max(16) });
export const inviteBody = z.object({
  role: householdRole,
  /** ADMIN replacing a home's owner: why (deeds checked, ...), kept in the audit record and told to the owner */
  reason: z.string().trim().max(200).optional(),
});
export const communityHouseholdsQuery = z.object({
  ...page(50, 200),
});

export type HouseholdRole = z.output<typeof householdRole>;
export type DeviceState = z.output<typeof deviceState>;
export type DeviceSummary = z.output<typeof deviceSummary>;
export type HouseholdSummary = z.output<typeof householdList>["items"][number];
export type HouseholdListResponse = z.output<typeof householdList>;
export type MembershipFlags = { [K in keyof typeof membershipFlags]: boolean };
export type MembershipFlag = keyof MembershipFlags;
export type HouseholdMember = z.output<typeof householdMember>;
export type HouseholdDetail = z.output<typeof householdDetail>;
export type EmergencyContact = z.output<typeof emergencyContact>;
export type JoinHouseholdResponse = z.output<typeof joinHouseholdResult>;
export type InviteResponse = z.output<typeof inviteResult>;
export type MembershipPatch = z.input<typeof membershipPatch>;
export type MembershipResponse = z.output<typeof membershipResult>;
export type CreateContactRequest = z.input<typeof contactBody>;
export type CommunitySummary = z.output<typeof communitySummary>;
export type CommunityListResponse = z.output<typeof communityList>;
export type CommunityDetail = z.output<typeof communityDetail>;
export type CommunityHouseholdsResponse = z.output<typeof communityHouseholds>;
