// Live push to a staff member's open screens (portal or mini-program staff pages) through the SSE feed.
// Nobody looking at a screen is a final failure, so the outbox falls back to SMS for that person.
import type { LiveFeed } from "../modules/notifications/live-feed.ts";
import type { Channel, Delivery, SendResult } from "./channel.ts";

export class PushChannel implements Channel {
  readonly kind = "PUSH" as const;
  constructor(private readonly feed: LiveFeed) {}

  async send(d: Delivery): Promise<SendResult> {
    const screens = this.feed.publish({
      type: "push",
      staffId: d.target,
      communityId: null,
      alarmId: d.content.alarmId,
      at: new Date().toISOString(),
      data: { notificationId: d.id, ...d.content },
    });
    if (screens === 0) return { ok: false, final: true, code: "NO_SCREEN", response: "no live screen connected" };
    return { ok: true, response: JSON.stringify({ screens }) };
  }
}
