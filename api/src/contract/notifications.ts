// WeChat subscribe messages (transport/http/routes/notifications.routes.ts).
import { z } from "zod";

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

export type NotificationTemplatesResponse = z.output<typeof notificationTemplates>;
export type SubscriptionsResponse = z.output<typeof subscriptionsResult>;
