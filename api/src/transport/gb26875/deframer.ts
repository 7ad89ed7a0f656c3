// Turns a TCP byte stream into frames. TCP gives arbitrary chunks: a frame split across several, several
// frames in one, bytes between frames. The deframer yields each frame, or a typed error with a reason
// code, and resynchronises on the next `@@` (clause 8.1 gives no other marker). It never throws and
// holds at most one frame's worth of bytes between pushes (less than Layout.maxFrame).
import { scanFrame, START, type Frame, type FrameHeader } from "./frame.ts";
import { layoutOf, MAX_DATA_LENGTH, STANDARD_PROFILE, type Layout, type Profile } from "./profile.ts";
import type { FrameErrorReason } from "./reasons.ts";

export type DeframeEvent =
  | { ok: true; frame: Frame; /** the frame's bytes as received, for storage */ raw: Uint8Array }
  | { ok: false; reason: FrameErrorReason; /** bytes given up */ bytes: number; header?: FrameHeader };

const EMPTY = new Uint8Array(0);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Adds a refusal; one right after another of the same reason (a run of `@`) is counted as one. */
function refuse(events: DeframeEvent[], reason: FrameErrorReason, bytes: number, header?: FrameHeader): void {
  const last = events[events.length - 1];
  if (!header && last && !last.ok && last.reason === reason && !last.header) last.bytes += bytes;
  else events.push(header ? { ok: false, reason, bytes, header } : { ok: false, reason, bytes });
}

function findStart(buf: Uint8Array, from: number): number {
  for (let j = from; j + 1 < buf.length; j++) if (buf[j] === START && buf[j + 1] === START) return j;
  return -1;
}

export class Deframer {
  private pending: Uint8Array = EMPTY;
  private readonly layout: Layout;

  constructor(readonly profile: Profile = STANDARD_PROFILE) {
    this.layout = layoutOf(profile);
  }

  /** Bytes held until more arrive; always below `maxBuffered`. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Hands over the bytes held (a frame begun and not complete) and holds none: a new profile reads them. */
  takeBuffered(): Uint8Array {
    const held = this.pending;
    this.pending = EMPTY;
    return held;
  }

  /** The bound on `buffered`: one largest frame. */
  get maxBuffered(): number {
    return this.layout.maxFrame;
  }

  /** Feeds a chunk; returns what it completed, in stream order. Keeps no reference to `chunk`. */
  push(chunk: Uint8Array): DeframeEvent[] {
    const buf = concat(this.pending, chunk);
    const events: DeframeEvent[] = [];
    let i = 0;
    while (i < buf.length) {
      const start = findStart(buf, i);
      if (start === -1) {
        const keep = buf[buf.length - 1] === START ? 1 : 0; // may be the first half of `@@`
        if (buf.length - keep > i) refuse(events, "garbage", buf.length - keep - i);
        i = buf.length - keep;
        break;
      }
      if (start > i) refuse(events, "garbage", start - i);
      i = start;
      if (this.lengthTooLong(buf, i)) {
        refuse(events, "bad_length", 1); // the common case in garbage, checked without allocating
        i += 1;
        continue;
      }
      const r = scanFrame(buf, i, buf.length, this.profile);
      if (r.kind === "frame" && this.holdsFrameAfter(buf, i, r.length)) {
        refuse(events, "garbage", 1); // a stray `@` before the frame that starts next
        i += 1;
      } else if (r.kind === "frame") {
        events.push({ ok: true, frame: r.frame, raw: buf.slice(i, i + r.length) });
        i += r.length;
      } else if (r.kind === "error") {
        refuse(events, r.reason, r.skip, r.header);
        i += r.skip;
      } else {
        // Incomplete. If a complete valid frame already follows, this start was false (a stray `@`, a
        // frame cut short): give it up now rather than stall a fire alarm behind it.
        const next = this.completeFrameAfter(buf, i + 1);
        if (next === -1) break;
        refuse(events, "truncated", next - i);
        i = next;
      }
    }
    this.pending = i >= buf.length ? EMPTY : buf.slice(i);
    return events;
  }

  /** The connection ended: whatever is held is reported and dropped. */
  end(): DeframeEvent[] {
    const held = this.pending;
    this.pending = EMPTY;
    if (held.length === 0) return [];
    const started = held.length >= 2 && held[0] === START && held[1] === START;
    return [{ ok: false, reason: started ? "truncated" : "garbage", bytes: held.length }];
  }

  private lengthTooLong(buf: Uint8Array, at: number): boolean {
    const l = this.layout.length;
    return at + l + 1 < buf.length && ((buf[at + l] ?? 0) | ((buf[at + l + 1] ?? 0) << 8)) > MAX_DATA_LENGTH;
  }

  /**
   * `@@@` and a frame read from the first `@` whose span holds a whole valid frame starting one byte later: a
   * stray `@` before a real frame, with the false start's length, `##` and checksum matching by chance (a one-byte
   * XOR does, 1 in 256): taken whole it would swallow the real frame and the next ones in its span. The later
   * frame is the one. Decided within the first frame's span alone, so the same whatever the chunks.
   */
  private holdsFrameAfter(buf: Uint8Array, at: number, length: number): boolean {
    return buf[at + 2] === START && scanFrame(buf, at + 1, at + length, this.profile).kind === "frame";
  }

  private completeFrameAfter(buf: Uint8Array, from: number): number {
    for (let j = findStart(buf, from); j !== -1; j = findStart(buf, j + 1)) {
      if (scanFrame(buf, j, buf.length, this.profile).kind === "frame") return j;
    }
    return -1;
  }
}
