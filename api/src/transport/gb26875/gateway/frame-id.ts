// The dedupe id of a frame from a device, the stem of its events' msgIds (modules/panels). The same frame
// delivered again (resent after a lost confirm, on this connection or the next, to this instance or
// another behind the load balancer) gives the same id; two different frames give different ids.
//
// It is the serial number and a hash of the address, command and application data. Data types whose
// objects carry their own time labels (1, 2, 3, 4, 8, 21, 24, 28) need nothing more; the frame's own time
// label is left out for them because some devices write a new one when they resend (a new header, the
// same data). A frame without such data (a heartbeat, a version) adds the frame's time label, so that the
// same serial number 65,536 frames later is not taken for a resend.
import { createHash } from "node:crypto";
import type { Frame } from "../frame.ts";

const SELF_TIMED: ReadonlySet<number> = new Set([1, 2, 3, 4, 8, 21, 24, 28]);

const hex2 = (n: number) => (n & 0xff).toString(16).padStart(2, "0");

/** Hex of sha256(address, command, data), 16 digits: also the session's "same content" test. */
export function contentHash(address: string, frame: Pick<Frame, "command" | "data">): string {
  return createHash("sha256")
    .update(address)
    .update(Uint8Array.of(0, frame.command, 0))
    .update(frame.data)
    .digest("hex")
    .slice(0, 16);
}

export function frameId(frame: Pick<Frame, "serial" | "time" | "command" | "data">, hash: string): string {
  const type = frame.data.length > 0 ? frame.data[0]! : -1;
  if (SELF_TIMED.has(type)) return `${frame.serial}-${hash}`;
  const t = frame.time;
  const label = [t.year, t.month, t.day, t.hour, t.minute, t.second].map(hex2).join("");
  return `${frame.serial}-${label}-${hash}`;
}
