// What the hand-off (handoff.ts) and the withdrawal notice (withdrawal.ts) share for each signed POST to 119:
// the attempt's Notification row (channel HANDOFF_119, created SENDING, or taken again when the attempt is re-run
// after a crash), its outcome written on it, whether an attempt of a kind was acknowledged, the back-off between
// attempts, and who is called when 119 does not answer in time. One place, so the two cannot drift.
import type { Prisma } from "../../db/client.ts";
import type { MessageContent } from "../notifications/notification.ts";
import type { Person } from "./facts-types.ts";

/** how long an attempt's row is held by the instance sending it */
export const ATTEMPT_LOCK_MS = 30_000;
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

/** The wait after attempt `attempt` (0-based): doubling from the base, at most the maximum. */
export const backoffMs = (o: { backoffBaseMs: number; backoffMaxMs: number }, attempt: number): number =>
  Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** attempt);

/** Whether 119 acknowledged an attempt of this kind (its template: the hand-off's or the withdrawal's). */
export async function acknowledgedBy119(prisma: Prisma, alarmId: string, template: string): Promise<boolean> {
  return (
    (await prisma.notification.count({ where: { alarmId, channel: "HANDOFF_119", template, status: "DELIVERED" } })) > 0
  );
}

/**
 * The attempt's Notification row, created SENDING; when this attempt ran before and its instance died before the
 * answer was recorded, the same row taken again and sent again (the receiver deduplicates by its idempotency key,
 * docs/alert-119.md).
 */
export async function attemptRow(
  prisma: Prisma,
  owner: string,
  a: { alarmId: string; dedupeKey: string; target: string; template: string; content: MessageContent; body: string },
  now: Date,
): Promise<{ id: string }> {
  const lockedUntil = new Date(now.getTime() + ATTEMPT_LOCK_MS);
  try {
    return await prisma.notification.create({
      data: {
        alarmId: a.alarmId,
        channel: "HANDOFF_119",
        recipient: "system:119",
        target: a.target,
        template: a.template,
        payload: JSON.stringify({
          content: a.content,
          contact: { name: "119", phone: null, openid: null, staffId: null },
          cancelUnless: null,
          body: JSON.parse(a.body) as unknown,
        }),
        dedupeKey: a.dedupeKey,
        nextAttemptAt: now,
        status: "SENDING",
        lockedBy: owner,
        lockedUntil,
        attempts: 1,
      },
      select: { id: true },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return prisma.notification.update({
      where: { dedupeKey: a.dedupeKey },
      data: { status: "SENDING", lockedBy: owner, lockedUntil, attempts: { increment: 1 } },
      select: { id: true },
    });
  }
}

/** The attempt's answer on its row: DELIVERED with 119's incident number, or FAILED with what came back. */
export async function recordAttempt(
  prisma: Prisma,
  rowId: string,
  outcome: { ack: boolean; response: string },
  incidentId: string | null,
  at: Date,
): Promise<void> {
  await prisma.notification.updateMany({
    where: { id: rowId, status: "SENDING" },
    data: {
      status: outcome.ack ? "DELIVERED" : "FAILED",
      providerResponse: outcome.response.slice(0, 2000),
      lockedBy: null,
      lockedUntil: null,
      ...(outcome.ack ? { sentAt: at, deliveredAt: at, providerId: incidentId } : {}),
    },
  });
}

/** Who is called when 119 does not answer in time: the centre's operators with a phone, and 119's duty desk. */
export async function fallbackPeople(prisma: Prisma, dutyPhone: string | null): Promise<Person[]> {
  const officers = await prisma.staffUser.findMany({
    where: { active: true, role: "CENTRE_OPERATOR", phone: { not: null } },
    select: { id: true, name: true, phone: true },
    orderBy: { id: "asc" },
    take: 20,
  });
  const people: Person[] = officers.map((o) => ({ key: `staff:${o.id}`, name: o.name, phone: o.phone, staffId: o.id }));
  if (dutyPhone) people.push({ key: "contact:119-duty", name: "119 值班", phone: dutyPhone, staffId: null });
  return people;
}
