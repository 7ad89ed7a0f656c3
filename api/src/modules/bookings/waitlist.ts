// The first-in-first-out waitlist. Freed seats are offered to the earliest waiting booking that fits in
// them (a group of 20 at the head of the line would otherwise keep 3 freed seats empty for everyone), and
// held for it until the offer expires; then they pass to the next in line.
import { holdsSeats, offerExpiry } from "./booking-policy.ts";
import { countyClockTime, countyDate } from "../../shared/county-time.ts";
import { queueNotice, type NoticeBooking } from "./booking-outbox.ts";
import { leaveWaitlist, releaseSeats, takeSeats, type Tx } from "./seat-ledger.ts";
import type { BookingStatus } from "../../db/client.ts";

const noticeSelect = {
  id: true,
  residentId: true,
  staffUserId: true,
  seats: true,
  groupName: true,
  session: {
    select: {
      title: true,
      date: true,
      startTime: true,
      endTime: true,
      centre: { select: { name: true, address: true } },
    },
  },
} as const;

/** Offers the session's free seats down the line. Call with the session locked. Returns the offered ids. */
export async function offerFreedSeats(tx: Tx, sessionId: string, now: Date): Promise<string[]> {
  const session = await tx.centreSession.findUnique({
    where: { id: sessionId },
    select: { capacity: true, bookedSeats: true, status: true, startsAt: true },
  });
  if (!session || session.status !== "OPEN" || now >= session.startsAt) return [];
  let free = session.capacity - session.bookedSeats;
  if (free <= 0) return [];
  const waiting = await tx.booking.findMany({
    where: { sessionId, status: "WAITLISTED" },
    orderBy: [{ waitlistedAt: "asc" }, { id: "asc" }],
    select: { id: true, seats: true },
  });
  const expiresAt = offerExpiry(now, session.startsAt);
  const offered: string[] = [];
  for (const w of waiting) {
    if (free <= 0) break;
    if (w.seats > free || !(await takeSeats(tx, sessionId, w.seats))) continue;
    const moved = await tx.booking.updateMany({
      where: { id: w.id, status: "WAITLISTED" },
      data: { status: "OFFERED", offeredAt: now, offerExpiresAt: expiresAt, waitReason: null },
    });
    if (moved.count !== 1) {
      await releaseSeats(tx, sessionId, w.seats);
      continue;
    }
    await leaveWaitlist(tx, sessionId, w.seats);
    free -= w.seats;
    offered.push(w.id);
    const b = (await tx.booking.findUnique({ where: { id: w.id }, select: noticeSelect })) as NoticeBooking;
    await queueNotice(tx, "booking.offer", b, now, {
      offerExpiresAt: expiresAt.toISOString(),
      offerExpiresLocal: `${countyDate(expiresAt)} ${countyClockTime(expiresAt)}`,
    });
  }
  return offered;
}

/**
 * Ends a booking's claim on the session (cancelled, declined, expired, session over): gives back what it
 * held, in seats or in line. Call with the session locked, after moving the booking out of `from`.
 */
export async function giveBack(tx: Tx, sessionId: string, from: BookingStatus, seats: number): Promise<void> {
  if (holdsSeats(from)) await releaseSeats(tx, sessionId, seats);
  else if (from === "WAITLISTED") await leaveWaitlist(tx, sessionId, seats);
}

export { noticeSelect };
