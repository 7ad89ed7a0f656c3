// The outbox's rows as its repository and its SQLite statements hand them on (outbox-repository.ts,
// outbox-sqlite.ts).
import type { NotificationChannel, NotificationStatus } from "../../db/client.ts";
import type { NotificationPayload } from "./notification.ts";

/** What a message is, to whom and on which channel: the same in a new row and a claimed one. */
interface NotificationFields {
  alarmId: string | null;
  channel: NotificationChannel;
  recipient: string;
  target: string;
  template: string;
  payload: NotificationPayload;
  dedupeKey: string;
}

export interface NewNotification extends NotificationFields {
  dueAt: Date;
}

export interface ClaimedNotification extends NotificationFields {
  id: string;
  attempts: number;
  createdAt: Date;
  /**
   * Set when the row was SENDING under a lock that expired (its sender died or hung): the expiry of that
   * lock. The provider may already have accepted it, so the worker asks before sending again.
   */
  reclaimedFrom?: Date | null;
}

/** A stored row as a receipt finds it. */
export type StoredNotification = ClaimedNotification & { status: NotificationStatus; providerId: string | null };

export interface ReceiptOutcome {
  delivered: boolean;
  at: Date;
  /** the provider's code and message, kept on the row */
  response: string;
  providerId: string | null;
}

/** What a claimed row's attempt came to (OutboxRepository.finish). */
export interface FinishOutcome {
  status: NotificationStatus;
  response: string;
  at: Date;
  retryAt?: Date;
  providerId?: string | null;
  deliveredAt?: Date | null;
}

/** What a claim hands the worker, from a row read by either way. */
export const claimedOf = <R extends { payload: string }>(r: R, reclaimedFrom: Date | null) => ({
  ...r,
  payload: JSON.parse(r.payload) as NotificationPayload,
  reclaimedFrom,
});

/** A row just written claimed (SENDING, its first attempt), as the worker is handed it. */
export const newClaimed = (id: string, r: NewNotification, createdAt: Date): ClaimedNotification => ({
  id,
  alarmId: r.alarmId,
  channel: r.channel,
  recipient: r.recipient,
  target: r.target,
  template: r.template,
  payload: r.payload,
  dedupeKey: r.dedupeKey,
  attempts: 1,
  createdAt,
});

/**
 * A new row's common columns, in order ("id", "alarmId", "channel", "recipient", "target", "template", "payload",
 * "dedupeKey", "nextAttemptAt", "createdAt"), with times as the engine's statement takes them.
 */
export const newRowValues = (id: string, r: NewNotification, createdAt: Date, time: (d: Date) => string) => [
  id,
  r.alarmId,
  r.channel,
  r.recipient,
  r.target,
  r.template,
  JSON.stringify(r.payload),
  r.dedupeKey,
  time(r.dueAt),
  time(createdAt),
];
