// The deframer against what TCP really delivers: split frames, several frames at once, garbage between
// them, a bad length, a bad checksum, a missing end, a stray `@` before a frame. It must find every good
// frame, name every bad stretch, and hold no more than one frame's worth of bytes.
import { describe, expect, it } from "vitest";
import { Deframer, type DeframeEvent } from "./deframer.ts";
import { encodeFrame, type Frame } from "./frame.ts";
import { layoutOf, PROFILE_PRESETS, STANDARD_PROFILE } from "./profile.ts";
import { hex } from "./test-helpers.ts";

function frame(serial: number, data: number[] = []): Uint8Array {
  const f: Frame = {
    serial,
    version: { major: 1, minor: 1 },
    time: { second: 0, minute: 0, hour: 11, day: 28, month: 11, year: 26 },
    source: "000000000379",
    destination: "000000015b38",
    command: 2,
    data: Uint8Array.from(data),
  };
  return encodeFrame(f);
}

const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function feed(d: Deframer, bytes: Uint8Array, chunk: number): DeframeEvent[] {
  const out: DeframeEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    out.push(...d.push(bytes.subarray(i, i + chunk)));
    expect(d.buffered).toBeLessThan(d.maxBuffered);
  }
  return out;
}

const serials = (events: DeframeEvent[]) => events.flatMap((e) => (e.ok ? [e.frame.serial] : []));
const reasons = (events: DeframeEvent[]) => events.flatMap((e) => (e.ok ? [] : [e.reason]));

describe("Deframer", () => {
  const a = frame(1);
  const b = frame(2, [0x15, 0x01, 0x01, 0, 0, 11, 28, 11, 26]);
  const c = frame(3, [0x40, 0x40, 0x40, 0x23, 0x23]); // data that looks like markers

  it("yields a frame split at every possible byte, and the same bytes as raw", () => {
    for (let cut = 1; cut < b.length; cut++) {
      const d = new Deframer();
      const events = [...d.push(b.subarray(0, cut)), ...d.push(b.subarray(cut))];
      expect(events).toEqual([expect.objectContaining({ ok: true, raw: b })]);
      expect(d.buffered).toBe(0);
    }
  });

  it("yields several frames from one chunk and from one-byte chunks, in order", () => {
    const stream = cat(a, b, c, a);
    expect(serials(new Deframer().push(stream))).toEqual([1, 2, 3, 1]);
    expect(serials(feed(new Deframer(), stream, 1))).toEqual([1, 2, 3, 1]);
    expect(serials(feed(new Deframer(), stream, 7))).toEqual([1, 2, 3, 1]);
  });

  it("counts garbage between frames and carries on", () => {
    const events = new Deframer().push(cat(hex("00 01 02"), a, hex("23 23 FF"), b, hex("41")));
    expect(serials(events)).toEqual([1, 2]);
    expect(events.filter((e) => !e.ok)).toEqual([
      { ok: false, reason: "garbage", bytes: 3 },
      { ok: false, reason: "garbage", bytes: 3 },
      { ok: false, reason: "garbage", bytes: 1 },
    ]);
  });

  it("refuses a bad checksum with the frame's header, and loses nothing after it", () => {
    const broken = b.slice();
    broken[broken.length - 3] = (broken[broken.length - 3] ?? 0) ^ 0xff;
    const events = new Deframer().push(cat(a, broken, c));
    expect(serials(events)).toEqual([1, 3]);
    expect(events[1]).toMatchObject({ ok: false, reason: "bad_checksum", header: { serial: 2 } });
    expect(reasons(events)).toEqual(["bad_checksum", "garbage"]); // the rest of it, searched for a start
  });

  it("refuses a length over 1024 and finds the next frame", () => {
    const long = a.slice();
    long[24] = 0xff;
    long[25] = 0xff;
    const events = new Deframer().push(cat(long, b));
    expect(serials(events)).toEqual([2]);
    expect(reasons(events)).toEqual(["bad_length", "garbage"]);
  });

  it("refuses a frame without `##` and finds the next frame", () => {
    const noEnd = a.slice();
    noEnd[noEnd.length - 1] = 0x00;
    const events = feed(new Deframer(), cat(noEnd, b, c), 5);
    expect(serials(events)).toEqual([2, 3]);
    expect(reasons(events)[0]).toBe("missing_end");
  });

  it("does not stall behind a stray `@` or a cut frame once a whole frame follows", () => {
    // shifted by the stray `@`, frame d's header announces 0x0300 = 768 bytes of data: without the
    // look-ahead the deframer would wait for them while d and e sit in its buffer
    const d = frame(4, [0x59, 0x01, 0x00]);
    const e = frame(5);
    const stray = new Deframer();
    const events = stray.push(cat(hex("40"), d, e));
    expect(serials(events)).toEqual([4, 5]);
    expect(reasons(events)).toEqual(["truncated"]);
    const cut = new Deframer();
    expect(serials(cut.push(cat(c.subarray(0, 20), a)))).toEqual([1]);
  });

  // found by fuzz.test.ts (seed -2097138115): with a one-byte XOR checksum, `@` + frame 1 + `@` + frame 2 read from
  // the first `@` is a whole "frame" (its length from frame 1's address, its end frame 2's `##`, its checksum
  // matching), which swallowed frames 1 and 2
  it("takes the frame after a stray `@`, not a false start that happens to be whole and would swallow it", () => {
    const p = PROFILE_PRESETS["xor-checksum"]!;
    const zero = { second: 0, minute: 0, hour: 0, day: 0, month: 0, year: 0 };
    const f = (destination: string, data: number[]) =>
      encodeFrame(
        {
          serial: 0,
          version: { major: 0, minor: 0 },
          time: zero,
          source: "000000000000",
          destination,
          command: 0,
          data: Uint8Array.from(data),
        },
        p,
      );
    const f1 = f("270000000000", []);
    const f2 = f("000000000000", [0, 0, 0, 0, 0, 0, 0]);
    const f3 = f("000000000000", []);
    const stream = cat(hex("40"), f1, hex("40"), f2, f3);
    for (const chunk of [stream.length, 1, 5, 31]) {
      const events = feed(new Deframer(p), stream, chunk);
      expect(events.flatMap((e) => (e.ok ? [e.raw] : []))).toEqual([f1, f2, f3]);
      expect(events.reduce((n, e) => n + (e.ok ? e.raw.length : e.bytes), 0)).toBe(stream.length);
    }
  });

  it("holds a real frame in progress until it completes", () => {
    const d = new Deframer();
    expect(d.push(c.subarray(0, 30))).toEqual([]);
    expect(d.buffered).toBe(30);
    expect(serials(d.push(c.subarray(30)))).toEqual([3]);
  });

  it("reports what it holds when the connection ends", () => {
    const d = new Deframer();
    d.push(b.subarray(0, 10));
    expect(d.end()).toEqual([{ ok: false, reason: "truncated", bytes: 10 }]);
    expect(d.buffered).toBe(0);
    d.push(hex("40"));
    expect(d.end()).toEqual([{ ok: false, reason: "garbage", bytes: 1 }]);
  });

  it("never holds more than one largest frame, whatever arrives", () => {
    const d = new Deframer();
    const max = layoutOf(STANDARD_PROFILE).maxFrame;
    expect(d.maxBuffered).toBe(max);
    const header = a.slice(0, 27);
    header[24] = 0x00;
    header[25] = 0x04; // announces 1024 bytes
    d.push(header);
    for (let i = 0; i < 100; i++) d.push(new Uint8Array(50).fill(0x11));
    expect(d.buffered).toBeLessThan(max);
    // 64 KiB of `@` in one go: every start refused (one event for the run), the buffer keeps little
    const events = d.push(new Uint8Array(65536).fill(0x40));
    expect(events.every((e) => !e.ok)).toBe(true);
    expect(events.length).toBeLessThan(5);
    expect(d.buffered).toBeLessThan(max);
  });

  it("does not keep a reference to the caller's chunk", () => {
    const d = new Deframer();
    const chunk = b.slice(0, 20);
    d.push(chunk);
    chunk.fill(0);
    expect(serials(d.push(b.subarray(20)))).toEqual([2]);
  });
});
