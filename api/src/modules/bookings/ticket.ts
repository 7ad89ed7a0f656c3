// Signed QR tickets. The QR holds "AX1.<bookingId>.<date>.<mac>" where mac is HMAC-SHA256 over the booking
// id and the session's date: staff scanners need no network lookup to reject a forged or altered ticket,
// and a ticket for another day is refused before the database is asked. Checked in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "AX1";

export interface TicketClaims {
  bookingId: string;
  date: string;
}

export class TicketSigner {
  constructor(private readonly key: string) {}

  private mac(bookingId: string, date: string): Buffer {
    return createHmac("sha256", this.key).update(`${PREFIX}|${bookingId}|${date}`).digest();
  }

  sign(c: TicketClaims): string {
    return `${PREFIX}.${c.bookingId}.${c.date}.${this.mac(c.bookingId, c.date).toString("base64url")}`;
  }

  /** The claims of a genuine ticket, or null for anything else (wrong key, edited, not a ticket). */
  verify(text: string): TicketClaims | null {
    const parts = text.trim().split(".");
    if (parts.length !== 4 || parts[0] !== PREFIX) return null;
    const [, bookingId, date, mac] = parts as [string, string, string, string];
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(bookingId) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
    const given = Buffer.from(mac, "base64url");
    const want = this.mac(bookingId, date);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
    return { bookingId, date };
  }
}
