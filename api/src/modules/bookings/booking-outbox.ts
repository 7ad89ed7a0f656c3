// What bookings hand to the notifications engine: Notification outbox rows (WeChat for residents, the
// console always) and durable reminder timers. Delivery is the engine's job, not this module's.
import type { Tx } from "./seat-ledger.ts";
import { addDays, countyInstant } from "../../shared/county-time.ts";
import { REMINDER_TIME } from "./booking-policy.ts";

export const REMINDER_TIMER_KIND = "booking.reminder";

export type BookingTemplate =
  | "booking.reminder" // the day before: when and where, bring the ticket
  | "booking.offer" // seats freed for you: accept before offerExpiresAt
  | "booking.session_cancelled"; // the centre closed or cancelled the session

export interface NoticeBooking {
  id: string;
  residentId: string | null;
  staffUserId: string | null;
  seats: number;
  groupName: string | null;
  session: {
    title: string;
    date: string;
    startTime: string;
    endTime: string;
    centre: { name: string; address: string };
  };
}

const MESSAGES: Record<BookingTemplate, (b: NoticeBooking, extra: Record<string, unknown>) => string> = {
  "booking.reminder": (b) =>
    `明天 ${b.session.startTime} 在${b.session.centre.name}（${b.session.centre.address}）参加「${b.session.title}」，共 ${b.seats} 人。请提前 10 分钟到场并出示电子票。`,
  "booking.offer": (b, x) =>
    `「${b.session.title}」（${b.session.date} ${b.session.startTime}）有空位了，已为您保留 ${b.seats} 个名额，请在 ${String(x.offerExpiresLocal)} 前确认，逾期将让给下一位。`,
  "booking.session_cancelled": (b, x) =>
    `很抱歉，${b.session.centre.name} ${b.session.date} ${b.session.startTime} 的「${b.session.title}」已取消（${String(x.reason)}），您的预约已自动取消，请改约其他场次。`,
};

/** Writes the outbox rows for one booking; idempotent per booking, template and channel. */
export async function queueNotice(
  tx: Tx,
  template: BookingTemplate,
  b: NoticeBooking,
  now: Date,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const payload = JSON.stringify({
    bookingId: b.id,
    centreName: b.session.centre.name,
    address: b.session.centre.address,
    sessionTitle: b.session.title,
    date: b.session.date,
    startTime: b.session.startTime,
    endTime: b.session.endTime,
    seats: b.seats,
    groupName: b.groupName,
    message: MESSAGES[template](b, extra),
    ...extra,
  });
  const recipient = b.residentId ? `resident:${b.residentId}` : `staff:${b.staffUserId ?? "unknown"}`;
  const rows: { channel: "WECHAT" | "CONSOLE"; target: string }[] = [{ channel: "CONSOLE", target: "console" }];
  if (b.residentId) {
    const r = await tx.resident.findUnique({ where: { id: b.residentId }, select: { openid: true } });
    if (r) rows.unshift({ channel: "WECHAT", target: r.openid });
  }
  for (const row of rows) {
    const dedupeKey = `${template}:${b.id}:${row.channel}`;
    await tx.notification.upsert({
      where: { dedupeKey },
      create: { channel: row.channel, recipient, target: row.target, template, payload, dedupeKey, nextAttemptAt: now },
      update: {},
    });
  }
  return rows.length;
}

/** The reminder is due at 18:00 county time the day before; none when that moment has passed. */
export function reminderDueAt(sessionDate: string): Date {
  return countyInstant(addDays(sessionDate, -1), REMINDER_TIME);
}

export async function scheduleReminder(tx: Tx, bookingId: string, sessionDate: string, now: Date): Promise<boolean> {
  const dueAt = reminderDueAt(sessionDate);
  if (dueAt <= now) return false;
  const key = `booking:${bookingId}:reminder`;
  const payload = JSON.stringify({ bookingId });
  await tx.timer.upsert({
    where: { key },
    create: { key, kind: REMINDER_TIMER_KIND, payload, dueAt },
    update: { dueAt, doneAt: null, lockedBy: null, lockedUntil: null },
  });
  return true;
}

export async function dropReminder(tx: Tx, bookingId: string, now: Date): Promise<void> {
  await tx.timer.updateMany({ where: { key: `booking:${bookingId}:reminder`, doneAt: null }, data: { doneAt: now } });
}
