// Untrusted bytes from the network (fast-check): random bytes, valid frames mutated, valid frames buried
// in garbage and cut into random chunks, under every profile. No exception escapes, the deframer holds at
// most one frame, every byte is accounted for exactly once, and no good frame is lost.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAppData, encodeAppData, isKnownDataType } from "./app-data/index.ts";
import { planErrorReply, planReply } from "./centre-replies.ts";
import { Deframer, type DeframeEvent } from "./deframer.ts";
import { deviceStatus } from "./flags.ts";
import { decodeFrame, encodeFrame, type Frame } from "./frame.ts";
import { PROFILE_PRESETS, type Profile } from "./profile.ts";

const PROFILES = Object.values(PROFILE_PRESETS);
const profileArb = fc.constantFrom(...PROFILES);

function frameArb(profile: Profile): fc.Arbitrary<Frame> {
  const n = profile.addressBytes;
  const address = fc
    .uint8Array({ minLength: n, maxLength: n })
    .map((b) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(""));
  const field = fc.integer({ min: 0, max: profile.timeLabel === "bcd" ? 99 : 255 });
  return fc.record({
    serial: fc.integer({ min: 0, max: 0xffff }),
    version: fc.record({ major: fc.integer({ min: 0, max: 255 }), minor: fc.integer({ min: 0, max: 255 }) }),
    time: fc.record({ second: field, minute: field, hour: field, day: field, month: field, year: field }),
    source: address,
    destination: address,
    command: fc.integer({ min: 0, max: 255 }),
    data: fc.uint8Array({ maxLength: 120 }),
  });
}

/** Splits bytes at random points. */
const chunked = (bytes: Uint8Array, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
};

function run(d: Deframer, chunks: Uint8Array[]): DeframeEvent[] {
  const events: DeframeEvent[] = [];
  for (const c of chunks) {
    events.push(...d.push(c));
    expect(d.buffered).toBeLessThan(d.maxBuffered);
  }
  events.push(...d.end());
  return events;
}

const accounted = (events: DeframeEvent[]) => events.reduce((n, e) => n + (e.ok ? e.raw.length : e.bytes), 0);

describe("fuzz", () => {
  it("random bytes in random chunks: no exception, bounded buffer, every byte accounted for once", () => {
    fc.assert(
      fc.property(
        profileArb,
        fc.uint8Array({ maxLength: 4000 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (p, bytes, cuts) => {
          const events = run(new Deframer(p), chunked(bytes, cuts));
          expect(accounted(events)).toBe(bytes.length);
          for (const e of events) {
            if (!e.ok) continue;
            expect(encodeFrame(e.frame, p)).toEqual(e.raw); // anything accepted is exactly a frame
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("bytes rich in markers (`@`, `#`, small lengths) cannot break the deframer either", () => {
    const marker = fc.constantFrom(0x40, 0x23, 0x00, 0x01, 0x02, 0x03, 0x04);
    fc.assert(
      fc.property(
        profileArb,
        fc.array(marker, { maxLength: 3000 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (p, arr, cuts) => {
          const bytes = Uint8Array.from(arr);
          const events = run(new Deframer(p), chunked(bytes, cuts));
          expect(accounted(events)).toBe(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("good frames buried in any garbage and cut anywhere are all found, in order", () => {
    // garbage: random, random ending in a stray `@` (shifts the next header), or rich in markers
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 60 }),
      fc.uint8Array({ maxLength: 20 }).map((g) => Uint8Array.from([...g, 0x40])),
      fc.array(fc.constantFrom(0x40, 0x23, 0x00, 0x01, 0x03), { maxLength: 40 }).map((a) => Uint8Array.from(a)),
    );
    const arb = profileArb.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.array(fc.tuple(garbage, frameArb(p)), { minLength: 1, maxLength: 6 }),
        garbage,
        fc.array(fc.nat(), { maxLength: 20 }),
      ),
    );
    fc.assert(
      fc.property(arb, ([p, parts, tail, cuts]) => {
        const frames = parts.map(([, f]) => encodeFrame(f, p));
        const stream = Uint8Array.from(
          parts.flatMap(([garbage], i) => [...garbage, ...(frames[i] ?? [])]).concat([...tail]),
        );
        const events = run(new Deframer(p), chunked(stream, cuts));
        const found = events.flatMap((e) => (e.ok ? [e.raw] : []));
        // a good frame may only be joined by a "frame" the garbage happened to form (checksum and all)
        expect(found.filter((raw) => frames.some((f) => sameBytes(f, raw)))).toEqual(frames);
        expect(accounted(events)).toBe(stream.length);
      }),
      { numRuns: 300 },
    );
  });

  it("mutated valid frames: decoding, replying and the deframer never throw", () => {
    const arb = profileArb.chain((p) =>
      fc.tuple(
        fc.constant(p),
        frameArb(p),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "delete")), {
          minLength: 1,
          maxLength: 6,
        }),
      ),
    );
    fc.assert(
      fc.property(arb, ([p, frame, edits]) => {
        const bytes = [...encodeFrame(frame, p)];
        for (const [at, value, kind] of edits) {
          const i = at % (bytes.length + 1);
          if (kind === "set") bytes[i % bytes.length] = value;
          else if (kind === "insert") bytes.splice(i, 0, value);
          else bytes.splice(i % bytes.length, 1);
        }
        const mutated = Uint8Array.from(bytes);
        const ctx = { profile: p, localAddress: "0".repeat(p.addressBytes * 2), now: new Date(0) };
        const r = decodeFrame(mutated, p);
        if (r.ok) planReply(r.frame, ctx);
        else planErrorReply(r, ctx);
        for (const e of run(new Deframer(p), [mutated])) {
          if (e.ok) planReply(e.frame, ctx);
          else planErrorReply(e, ctx);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("application data decoder: random units of every type never throw and never over-read", () => {
    const known = Array.from({ length: 256 }, (_, i) => i).filter(isKnownDataType);
    const unit = fc.tuple(
      profileArb,
      fc.oneof(fc.constantFrom(...known), fc.integer({ min: 0, max: 255 })),
      fc.integer({ min: 0, max: 255 }),
      fc.uint8Array({ maxLength: 1100 }),
    );
    fc.assert(
      fc.property(unit, ([p, type, count, body]) => {
        const bytes = Uint8Array.from([type, count, ...body]);
        const d = decodeAppData(bytes, p);
        if (!d.ok) expect(d.reason).toBe("bad_app_data");
        else if (d.data && d.data.type !== "unknown") expect(d.data.type).toBe(type);
      }),
      { numRuns: 1500 },
    );
  });

  // Object sizes from clause 8.3 (8.3.1 uploads, 8.3.2 downlink); 6 and 26 carry their own lengths.
  const SIZES: Record<number, number> = {
    1: 10,
    2: 46,
    3: 16,
    4: 10,
    5: 4,
    7: 38,
    8: 8,
    21: 7,
    24: 8,
    25: 2,
    28: 6,
    61: 2,
    62: 6,
    63: 6,
    64: 9,
    65: 2,
    66: 2,
    67: 6,
    68: 2,
    81: 1,
    84: 7,
    85: 1,
    86: 1,
    88: 1,
    89: 1,
    90: 6,
    91: 1,
  };

  it("any bytes of the right size decode, and encode back exactly (ASCII text, binary time labels)", () => {
    const unit = fc
      .tuple(fc.constantFrom(...Object.keys(SIZES).map(Number)), fc.integer({ min: 0, max: 20 }))
      .chain(([type, count]) =>
        fc.tuple(
          fc.constant(type),
          fc.constant(count),
          fc.uint8Array({
            min: 0,
            max: 0x7f,
            minLength: count * (SIZES[type] ?? 0),
            maxLength: count * (SIZES[type] ?? 0),
          }),
        ),
      );
    fc.assert(
      fc.property(unit, ([type, count, body]) => {
        const bytes = Uint8Array.from([type, count, ...body]);
        const d = decodeAppData(bytes);
        expect(d.ok).toBe(true);
        if (d.ok && d.data) expect(encodeAppData(d.data)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it("a unit cut short anywhere is refused", () => {
    const unit = encodeAppData({
      type: 21,
      objects: [
        { status: deviceStatus.decode(0x0b), time: { second: 1, minute: 2, hour: 3, day: 4, month: 5, year: 26 } },
      ],
    });
    for (let n = 1; n < unit.length; n++) expect(decodeAppData(unit.subarray(0, n)).ok).toBe(false);
  });
});

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
