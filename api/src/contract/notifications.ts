// Notifications (transport/http/routes/notifications.routes.ts): WeChat subscribe messages, alarm and
// notification history, and each community's escalation chain for fire alarms.
import { z } from "zod";
import { instant, instantSpan, page } from "../shared/bounded.ts";

export const TARGET_GROUPS = [
  "members", // everyone in the household (owner, family, tenants)
  "emergency_contacts", // the household's emergency contacts (phone only)
  "duty_staff", // the property company's staff on duty now (DutyShift); else its managers and staff
  "supervisors", // the county fire brigade's supervisors (FIRE_SUPERVISOR)
  "neighbours", // residents of other households in the same unit who opted in (HouseholdMember.neighbourAlerts)
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** the channels an escalation step may use */
export const POLICY_CHANNELS = ["WECHAT", "SMS", "VOICE", "PUSH", "CONSOLE"] as const;

const entrySchema = z.object({
  afterSec: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600),
  // each group and channel once: a step resolves its targets one query each, and 700 copies of one group
  // made every step of every fire in the community 2 s slower
  targets: z
    .array(z.enum(TARGET_GROUPS))
    .min(1)
    .max(TARGET_GROUPS.length)
    .refine((a) => new Set(a).size === a.length, "每类通知对象只能写一次"),
  channels: z
    .array(z.enum(POLICY_CHANNELS))
    .min(1)
    .max(POLICY_CHANNELS.length)
    .refine((a) => new Set(a).size === a.length, "每种通知方式只能写一次"),
  label: z.string().min(1).max(40).optional(),
});
/** a community's escalation chain: entries with the same afterSec form one step */
export const policySchema = z.array(entrySchema).min(1).max(20);
export type PolicyEntry = z.infer<typeof entrySchema>;

/** GET /api/notifications/templates: the subscribe-message template ids to ask residents for */
export const notificationTemplates = z.object({ alarm: z.string(), reminder: z.string() });
/** POST /api/notifications/subscriptions: what the resident accepted in wx.requestSubscribeMessage */
export const subscriptionsBody = z.object({
  accepted: z.array(z.string().min(1).max(64)).max(3),
  longTerm: z.boolean().default(false),
});
export const subscriptionsResult = z.object({
  items: z.array(z.object({ template: z.string(), longTerm: z.boolean(), remaining: z.number() })),
});

/** History is asked for in windows of at most ten years. */
const MAX_HISTORY_DAYS = 3660;

const historyFields = {
  householdId: z.string().max(64).optional(),
  communityId: z.string().max(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
  ...page(50, 200),
};
export const historyQuery = z.object(historyFields).superRefine(instantSpan("from", "to", MAX_HISTORY_DAYS));

export const notificationItem = z.object({
  id: z.string(),
  alarmId: z.string().nullable(),
  channel: z.enum(["WECHAT", "SMS", "VOICE", "PUSH", "CONSOLE", "HANDOFF_119"]),
  recipient: z.string(),
  to: z.string(),
  template: z.string(),
  stage: z.string().nullable(),
  status: z.enum(["QUEUED", "SENDING", "SENT", "DELIVERED", "FAILED", "CANCELLED"]),
  /** in plain words for staff: 待发送 / 发送中 / 已发出（未确认送达） / 已送达 / 未送达 / 已取消 */
  statusLabel: z.string(),
  attempts: z.number(),
  providerCode: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** when the provider confirmed it reached the phone (SMS report, answered call, WeChat sent event) */
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});

export const alarmHistory = z.object({
  total: z.number(),
  /** how many of each kind among all that match, not only this page */
  byKind: z.record(z.string(), z.number()),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      status: z.string(),
      resolution: z.string().nullable(),
      report119: z.boolean(),
      startedAt: z.string(),
      acknowledgedAt: z.string().nullable(),
      resolvedAt: z.string().nullable(),
      responseSec: z.number().nullable(),
      escalationLevel: z.number(),
      householdId: z.string().nullable(),
      communityId: z.string().nullable(),
      address: z.string().nullable(),
      notifications: z.number(),
    }),
  ),
});

export const stepView = z.object({ index: z.number(), afterSec: z.number(), label: z.string() });
export const policyEntry = z.object({
  afterSec: z.number(),
  targets: z.array(z.string()),
  channels: z.array(z.string()),
  label: z.string().optional(),
});

export type NotificationTemplatesResponse = z.output<typeof notificationTemplates>;
export type SubscriptionsResponse = z.output<typeof subscriptionsResult>;

export const notificationHistoryQuery = z
  .object({ ...historyFields, alarmId: z.string().max(64).optional() })
  .superRefine(instantSpan("from", "to", MAX_HISTORY_DAYS));

export const notificationHistory = z.object({ total: z.number(), items: z.array(notificationItem) });

export const communityParams = z.object({ communityId: z.string().max(64) });

export const policyView = z.object({
  communityId: z.string(),
  custom: z.boolean(),
  entries: z.array(policyEntry),
  steps: z.array(stepView),
  floor: z.object({
    memberChannelsAtOnce: z.number(),
    dutyStaffWithinSec: z.number(),
    supervisorsWithinSec: z.number(),
  }),
  changes: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      note: z.string().nullable(),
    }),
  ),
});

export const policyBody = z.object({ entries: policySchema });

export const policyResult = z.object({
  communityId: z.string(),
  outcome: z.enum(["updated", "unchanged"]),
  steps: z.array(stepView),
});
