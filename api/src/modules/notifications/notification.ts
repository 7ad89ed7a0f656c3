// Notification vocabulary: what a message is about, what it says, and how a stored row is read back.
// Statuses and channels are the Prisma enums (prisma/schema/50-notifications.prisma, one meaning per member).
import type { AlarmKind, NotificationChannel, NotificationStatus } from "../../db/client.ts";
import { KIND_LABEL } from "../alarms/alarm.ts";
import { addressOf } from "../households/household-service.ts";

export type { NotificationChannel, NotificationStatus };

export const TEMPLATES = [
  "FIRE_ALARM", // smoke detected in your home (or a neighbour's): act now
  "FIRE_ESCALATION", // nobody has acted on a fire alarm: you are the next in the chain
  "FIRE_REAL", // someone on site confirmed a real fire: 119 has been / must be called
  "DEVICE_REMINDER", // a device cannot protect the home (low battery, offline, removed, faulty)
  "STEP_SUMMARY", // one line per escalation step, for the console (demo)
  "NOTICE", // a change to a home's protection: its owner, its community's escalation chain (issue 12)
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** Templates that go out on the providers' reminder template (not the fire alarm one). */
export const usesReminderTemplate = (t: string): boolean => t === "DEVICE_REMINDER" || t === "NOTICE";

/** What every channel renders its own way (WeChat template fields, SMS variables, a TTS text, a screen row). */
export interface MessageContent {
  template: TemplateName;
  alarmId: string | null;
  kind: string;
  kindLabel: string;
  address: string;
  room: string | null;
  /** when the alarm started (ISO) */
  at: string;
  /** the escalation step, e.g. "电话通知家庭成员和紧急联系人" */
  step?: string;
  /** who to call back: the property company's number */
  contactPhone?: string | null;
  note?: string;
}

/** An alarm as a message needs it: where (household address, else the community), what and when. */
export interface AlarmForMessage {
  id: string;
  kind: AlarmKind;
  startedAt: Date;
  device: { room: string | null };
  household: Parameters<typeof addressOf>[0] | null;
  community: { name: string; propertyCompany?: { contactPhone: string | null } | null } | null;
  /** a networked unit's alarm: the unit and, in words, where in it */
  unit?: { name: string; controlRoomPhone: string | null } | null;
  location?: string | null;
}

/** The content of a message about an alarm, the same for the escalation chain and a dispatch. */
export function alarmMessage(
  alarm: AlarmForMessage,
  template: TemplateName,
  step: string,
  note?: string | null,
): MessageContent {
  return {
    template,
    alarmId: alarm.id,
    kind: alarm.kind,
    kindLabel: KIND_LABEL[alarm.kind],
    address: alarm.household
      ? addressOf(alarm.household)
      : alarm.unit
        ? [alarm.unit.name, alarm.location].filter(Boolean).join(" ")
        : (alarm.community?.name ?? "未绑定住户的设备"),
    room: alarm.device.room,
    at: alarm.startedAt.toISOString(),
    step,
    contactPhone: alarm.community?.propertyCompany?.contactPhone ?? alarm.unit?.controlRoomPhone ?? null,
    ...(note ? { note } : {}),
  };
}

/** How to reach the recipient on other channels, kept on the row so a fallback needs no lookup. */
export interface Contact {
  name: string | null;
  phone: string | null;
  openid: string | null;
  staffId: string | null;
}

/** A person a step reaches (recipients.ts finds them; step-queries.ts reads them in one statement). */
export interface Recipient extends Contact {
  /** "resident:<id>", "staff:<id>", "contact:<id>" */
  key: string;
  residentId: string | null;
}

export interface NotificationPayload {
  content: MessageContent;
  contact: Contact;
  /**
   * Cancel instead of sending when the alarm is no longer in this state by the time the row's turn comes:
   * "ACTIVE" for escalation steps (an acknowledgement stops them), "OPEN" for reminders.
   */
  cancelUnless: "ACTIVE" | "OPEN" | null;
}

/**
 * Where a channel that failed for good hands over. SMS falls back to a voice call only for fire: nobody is
 * phoned about a low battery. A fallback row has the same key as a row on that channel would have, so a
 * recipient already being told on that channel is not told twice.
 */
export function fallbackOf(channel: NotificationChannel, template: TemplateName): NotificationChannel | null {
  switch (channel) {
    case "WECHAT":
    case "PUSH":
      return "SMS";
    case "SMS":
      return template.startsWith("FIRE") ? "VOICE" : null;
    case "VOICE":
      return "SMS";
    default:
      return null;
  }
}

/** The address a channel sends to, or null when this recipient cannot be reached on it. */
export function targetFor(channel: NotificationChannel, c: Contact): string | null {
  switch (channel) {
    case "WECHAT":
      return c.openid;
    case "SMS":
    case "VOICE":
      return c.phone;
    case "PUSH":
      return c.staffId;
    case "CONSOLE":
      return "console";
    case "HANDOFF_119":
      return null; // the 119 hand-off goes to the dispatch centre's endpoint, not to a person
  }
}

/** dedupeKey = "<scope>:<recipient>:<channel>": one row per alarm step, recipient and channel. */
export function dedupeKey(scope: string, recipient: string, channel: NotificationChannel): string {
  return `${scope}:${recipient}:${channel}`;
}

/** The scope part of a key, for a fallback on another channel. */
export function scopeOfKey(key: string): string {
  return key.split(":").slice(0, -3).join(":");
}

/** Masks an openid for lists: the first 4 and last 4 characters. */
export function maskOpenid(openid: string): string {
  return openid.length <= 8 ? "****" : `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}
