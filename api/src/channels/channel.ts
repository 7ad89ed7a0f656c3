// One interface for every way a notification leaves the system (WeChat, SMS, voice, staff screens,
// console). The outbox worker only knows this interface; each channel turns the same message content into
// its provider's request and the provider's answer into one of three outcomes.
import type { NotificationChannel } from "../db/client.ts";
import type { MessageContent } from "../modules/notifications/notification.ts";

export interface Delivery {
  /** the Notification row id: sent as the provider's OutId so its records can be matched with ours */
  id: string;
  channel: NotificationChannel;
  /** "resident:<id>", "staff:<id>", "contact:<id>" */
  recipient: string;
  /** openid for WeChat, phone number for SMS and voice, staff id for push, anything for the console */
  target: string;
  content: MessageContent;
}

export type SendResult =
  /**
   * the provider took it; `response` is its answer, kept on the row; `providerId` its id for the message
   * (SMS BizId, voice CallId, WeChat msgid), which delivery receipts carry
   */
  | { ok: true; response: string; providerId?: string | null }
  /**
   * the provider refused or could not be reached. `final`: retrying cannot help (user refused, number
   * illegal, bad template); otherwise it is worth retrying later with backoff.
   */
  | { ok: false; final: boolean; code: string; response: string };

/** What the provider knows about a message we may have sent (matched by our id, sent as its OutId). */
export type LookupResult =
  /** it accepted the message; `delivered` when it also knows the outcome on the phone */
  | {
      found: true;
      providerId: string | null;
      response: string;
      delivered: { ok: boolean; at: Date | null; code: string } | null;
    }
  /** it has no record of it: sending now sends it once */
  | { found: false }
  /** the question could not be answered (query failed): nothing can be concluded */
  | { found: null; response: string };

export interface Channel {
  readonly kind: NotificationChannel;
  send(d: Delivery): Promise<SendResult>;
  /**
   * Asks the provider whether it already accepted this delivery (a sender that died between the provider's
   * answer and recording it). `withinMs`: how long ago the earlier attempt may have started. Channels whose
   * provider has no such query (WeChat; voice calls have none by OutId) leave it out.
   */
  lookup?(d: Delivery, withinMs: number): Promise<LookupResult>;
}

/** A channel with no provider configured: every send is a final failure, so the outbox falls back. */
export function unavailableChannel(kind: NotificationChannel, why: string): Channel {
  return { kind, send: async () => ({ ok: false, final: true, code: "CHANNEL_UNAVAILABLE", response: why }) };
}

/** Cuts a value to `max` characters (code points, as WeChat and Alibaba Cloud count them). */
export function cut(value: string, max: number, ellipsis = false): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  return ellipsis ? `${chars.slice(0, max - 1).join("")}…` : chars.slice(0, max).join("");
}
