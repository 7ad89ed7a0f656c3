// The seat counters of a session, changed only by conditional UPDATEs: the check ("does it fit?") and the
// change happen in one statement, so concurrent requests cannot both see the last seat free. This holds on
// PostgreSQL (the second UPDATE waits for the first's row lock and re-checks the new row) and on SQLite
// (one writer at a time). Read-then-write would oversell under load (issue 6).
import type { PrismaNs } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";

export type Tx = PrismaNs.TransactionClient;

/** Takes n seats of an OPEN session if they fit; false when they do not. */
export async function takeSeats(tx: Tx, sessionId: string, n: number): Promise<boolean> {
  const changed = await tx.$executeRaw`UPDATE "CentreSession" SET "bookedSeats" = "bookedSeats" + ${n}
    WHERE "id" = ${sessionId} AND "status" = 'OPEN' AND "bookedSeats" + ${n} <= "capacity"`;
  return changed === 1;
}

export async function releaseSeats(tx: Tx, sessionId: string, n: number): Promise<void> {
  const changed = await tx.$executeRaw`UPDATE "CentreSession" SET "bookedSeats" = "bookedSeats" - ${n}
    WHERE "id" = ${sessionId} AND "bookedSeats" >= ${n}`;
  if (changed !== 1) throw new AppError("INTERNAL", `seat ledger of session ${sessionId} would go below zero`);
}

/** Puts n seats in line if the waitlist has room; false when it is full too. */
export async function joinWaitlist(tx: Tx, sessionId: string, n: number): Promise<boolean> {
  const changed = await tx.$executeRaw`UPDATE "CentreSession" SET "waitlistedSeats" = "waitlistedSeats" + ${n}
    WHERE "id" = ${sessionId} AND "status" = 'OPEN' AND "waitlistedSeats" + ${n} <= "waitlistCapacity"`;
  return changed === 1;
}

export async function leaveWaitlist(tx: Tx, sessionId: string, n: number): Promise<void> {
  await tx.$executeRaw`UPDATE "CentreSession" SET "waitlistedSeats" = "waitlistedSeats" - ${n}
    WHERE "id" = ${sessionId} AND "waitlistedSeats" >= ${n}`;
}

/**
 * Takes the session's row lock first, so every transaction that changes a session and its bookings locks
 * in the same order (session, then bookings) and two of them cannot deadlock on PostgreSQL.
 */
export async function lockSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "CentreSession" SET "bookedSeats" = "bookedSeats" WHERE "id" = ${sessionId}`;
}

/** Interactive transactions queue for a connection (PostgreSQL) or the one SQLite writer: allow for load. */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;
