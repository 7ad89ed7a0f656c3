// Protocol 1.1 faces the same untrusted bytes as version 1: it must never throw, must leave every version 1
// message exactly as parseUplink reads it, must keep each known measurement within its physical range and
// must keep (and ignore) the names it does not know.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_PAYLOAD_BYTES, UPLINK_TYPES, parseUplink } from "./device-protocol.ts";
import {
  FACILITY_EVENT_TYPES,
  MAX_VALUES,
  MEASUREMENTS,
  measurementChannel,
  measurementFamily,
  parseUplinkV11,
  type MeasurementFamily,
} from "./protocol-v11.ts";

const NOW = Date.UTC(2026, 11, 2, 12);
const FAMILIES = Object.keys(MEASUREMENTS) as MeasurementFamily[];

const pointName = fc.oneof(
  fc.constantFrom(...FAMILIES),
  fc.tuple(fc.constantFrom("leak_ma", "temp_c"), fc.integer({ min: 1, max: 8 })).map(([f, c]) => `${f}_${c}`),
);
const inRange = (name: string) => {
  const s = MEASUREMENTS[measurementFamily(name)!];
  return s.integer ? fc.integer({ min: s.min, max: s.max }) : fc.double({ min: s.min, max: s.max, noNaN: true });
};
const values = fc
  .uniqueArray(pointName, { minLength: 1, maxLength: 12 })
  .chain((names) => fc.tuple(...names.map((n) => inRange(n).map((v) => [n, v] as const))))
  .map((pairs) => Object.fromEntries(pairs.map(([n, v]) => [n, Object.is(v, -0) ? 0 : v])));

const reading = fc.record({
  id: fc.string({ minLength: 1, maxLength: 64 }),
  ts: fc.integer({ min: Date.UTC(2020, 0, 1), max: NOW }),
  type: fc.constant("reading"),
  values,
});

const v1Message = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 64 }),
    ts: fc.integer({ min: Date.UTC(2020, 0, 1), max: NOW }),
    type: fc.constantFrom(...UPLINK_TYPES),
    battery: fc.integer({ min: -5, max: 105 }),
    smoke: fc.integer({ min: 0, max: 1000 }),
    commandId: fc.string({ maxLength: 70 }),
    values: fc.jsonValue(),
  },
  { requiredKeys: ["id", "ts", "type"] },
);

describe("parseUplinkV11", () => {
  it("never throws on arbitrary bytes or arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        expect(typeof parseUplinkV11(Buffer.from(bytes), NOW).ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.record({ id: fc.string(), ts: fc.integer(), type: fc.constantFrom(...FACILITY_EVENT_TYPES) }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue()),
        (head, rest) => {
          const r = parseUplinkV11(JSON.stringify({ ...rest, ...head }), NOW);
          if (!r.ok) expect(r.reason).toBeTruthy();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("reads every version 1 message exactly as version 1 does", () => {
    fc.assert(
      fc.property(v1Message, (m) => {
        const text = JSON.stringify(m);
        expect(parseUplinkV11(text, NOW)).toEqual(parseUplink(text, NOW));
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts every reading whose values are within their physical ranges, values intact", () => {
    fc.assert(
      fc.property(reading, (m) => {
        const text = JSON.stringify(m);
        fc.pre(Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES);
        const r = parseUplinkV11(text, NOW);
        expect(r).toEqual({ ok: true, msg: JSON.parse(text) });
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses a reading with any known value out of its range, naming the value", () => {
    const outside = fc.constantFrom(...FAMILIES).chain((f) => {
      const s = MEASUREMENTS[f];
      const below = fc.double({ min: -1e6, max: s.min, noNaN: true, maxExcluded: true });
      const above = fc.double({ min: s.max, max: 1e6, noNaN: true, minExcluded: true });
      // -0 is below 0 to fast-check but "0" in JSON
      return fc.tuple(
        fc.constant(f as string),
        fc.oneof(below, above).filter((v) => v !== 0),
      );
    });
    fc.assert(
      fc.property(reading, outside, (m, [name, v]) => {
        const r = parseUplinkV11(JSON.stringify({ ...m, values: { ...m.values, [name]: v } }), NOW);
        expect(r).toMatchObject({ ok: false, reason: "out_of_range" });
        if (!r.ok) expect(r.detail).toContain(name);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps unknown names aside and ignores them, and refuses non-numbers and fractions of flow", () => {
    const ok = parseUplinkV11(
      `{"id":"r1","ts":${NOW},"type":"reading","values":{"pressure_mpa":0.31,"humidity":40,"leak_ma_9":3,"temp_c_0":20,"__proto__":1}}`,
      NOW,
    );
    expect(ok).toEqual({
      ok: true,
      msg: {
        id: "r1",
        ts: NOW,
        type: "reading",
        values: { pressure_mpa: 0.31 },
        ignored: ["humidity", "leak_ma_9", "temp_c_0", "__proto__"],
      },
    });
    const only = parseUplinkV11(JSON.stringify({ id: "r2", ts: NOW, type: "reading", values: { co2: 1 } }), NOW);
    expect(only).toEqual({ ok: true, msg: { id: "r2", ts: NOW, type: "reading", ignored: ["co2"] } });
    const bad = (values: unknown) => parseUplinkV11(JSON.stringify({ id: "x", ts: NOW, type: "reading", values }), NOW);
    expect(bad({ flow: 0.5 })).toMatchObject({ ok: false, reason: "out_of_range" });
    expect(bad({ level_m: "3.2" })).toMatchObject({ ok: false, reason: "bad_field" });
    expect(bad({})).toMatchObject({ ok: false, reason: "bad_field" });
    expect(bad([1, 2])).toMatchObject({ ok: false, reason: "bad_field" });
    expect(bad(Object.fromEntries(Array.from({ length: MAX_VALUES + 1 }, (_, i) => [`x${i}`, i])))).toMatchObject({
      ok: false,
      reason: "bad_field",
    });
    expect(parseUplinkV11(JSON.stringify({ id: "x", ts: NOW, type: "reading" }), NOW)).toMatchObject({
      ok: false,
      reason: "bad_field",
    });
  });

  it("reads every facility event, with an optional part and values, by version 1's rules for the rest", () => {
    for (const type of FACILITY_EVENT_TYPES.filter((t) => t !== "reading")) {
      expect(parseUplinkV11(JSON.stringify({ id: "e", ts: NOW, type }), NOW)).toEqual({
        ok: true,
        msg: { id: "e", ts: NOW, type },
      });
    }
    const gas = parseUplinkV11(
      JSON.stringify({ id: "g", ts: NOW, type: "gas_alarm", values: { lel_pct: 31 }, battery: 80, rssi: -70 }),
      NOW,
    );
    expect(gas).toEqual({
      ok: true,
      msg: { id: "g", ts: NOW, type: "gas_alarm", values: { lel_pct: 31 }, battery: 80, rssi: -70 },
    });
    const power = parseUplinkV11(JSON.stringify({ id: "p", ts: NOW, type: "power_loss", point: "backup" }), NOW);
    expect(power).toEqual({ ok: true, msg: { id: "p", ts: NOW, type: "power_loss", point: "backup" } });
    const msg = (extra: Record<string, unknown>) =>
      parseUplinkV11(JSON.stringify({ id: "p", ts: NOW, type: "pump_start", ...extra }), NOW);
    expect(msg({ point: "Main Pump" })).toMatchObject({ ok: false, reason: "bad_field" });
    expect(msg({ battery: 101 })).toMatchObject({ ok: false, reason: "bad_field" });
    expect(msg({ ts: 0 })).toMatchObject({ ok: false, reason: "bad_ts" });
    expect(msg({ id: "" })).toMatchObject({ ok: false, reason: "bad_id" });
    expect(msg({ type: "pump_explode" })).toMatchObject({ ok: false, reason: "unknown_type" });
    expect(parseUplinkV11(`{"id":"a","ts":${NOW},"type":"reading","x":"${"y".repeat(2100)}"}`, NOW)).toMatchObject({
      ok: false,
      reason: "oversized",
    });
  });

  it("names families and channels", () => {
    expect(measurementFamily("leak_ma_3")).toBe("leak_ma");
    expect(measurementFamily("temp_c_8")).toBe("temp_c");
    expect(measurementFamily("temp_c")).toBe("temp_c");
    expect(measurementFamily("pressure_mpa_2")).toBeNull(); // only leakage and temperature have channels
    expect(measurementFamily("leak_ma_10")).toBeNull();
    expect(measurementFamily("toString")).toBeNull();
    expect(measurementChannel("leak_ma_3")).toBe(3);
    expect(measurementChannel("leak_ma")).toBeNull();
    expect(measurementChannel("pressure_mpa")).toBeNull();
  });
});
