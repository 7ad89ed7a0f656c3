// Signed QR tickets. The QR holds "AX1.<bookingId>.<date>.<mac>" where mac is HMAC-SHA256 over the booking
// id and the session's date: staff scanners need no network lookup to reject a forged or altered ticket,
// and a ticket for another day is refused before the database is asked. Checked in constant time.
//
// Under the QR the resident also sees a ticket number of 8 digits ("4821 0937"), read out at the desk when the
// QR cannot be scanned (issue 22: the 80-character token could not be). It is an HMAC too, over the same
// claims, so it cannot be made up; staff type it, and check-in finds it among that day's bookings of their
// centre (a few hundred at most), so 8 digits are plenty.
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

  /** The 8-digit ticket number of a booking on a day (digits only: easy to read aloud and to type). */
  shortCode(c: TicketClaims): string {
    const mac = createHmac("sha256", this.key).update(`${PREFIX}|short|${c.bookingId}|${c.date}`).digest();
    return String(mac.readUIntBE(0, 6) % 100_000_000).padStart(8, "0");
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

/** The 8 digits of a typed ticket number ("4821 0937", "4821-0937"), or null when the text is not one. */
export function readShortCode(text: string): string | null {
  const digits = text.replace(/[\s\-－·]/g, "");
  return /^\d{8}$/.test(digits) ? digits : null;
}

/** "48210937" -> "4821 0937": grouped as it is printed and read aloud. */
export function groupShortCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}
