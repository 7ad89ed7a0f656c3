// The payload parser faces untrusted bytes: it must never throw, must refuse what is not protocol v1 with
// a reason, and must accept every valid message unchanged. Property-based fuzzing with fast-check.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_PAYLOAD_BYTES, UPLINK_TYPES, parseUplink } from "./device-protocol.ts";

const NOW = Date.UTC(2026, 10, 28, 12);

const validMessage = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 64 }),
    ts: fc.integer({ min: Date.UTC(2020, 0, 1), max: NOW }),
    type: fc.constantFrom(...UPLINK_TYPES.filter((t) => t !== "command_ack")),
    battery: fc.integer({ min: 0, max: 100 }),
    smoke: fc.integer({ min: 0, max: 1000 }),
    temperature: fc.double({ min: -50, max: 150, noNaN: true }),
    rssi: fc.integer({ min: -150, max: 0 }),
    snr: fc.double({ min: -50, max: 50, noNaN: true }),
  },
  { requiredKeys: ["id", "ts", "type"] },
);

describe("parseUplink", () => {
  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const r = parseUplink(Buffer.from(bytes), NOW);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws on arbitrary JSON, and accepts only objects with id, ts and a known type", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseUplink(JSON.stringify(v) ?? "null", NOW);
        if (r.ok) {
          expect(typeof v).toBe("object");
          expect(UPLINK_TYPES).toContain(r.msg.type);
        } else expect(r.reason).toBeTruthy();
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts every valid message with its fields intact", () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        const text = JSON.stringify(m);
        fc.pre(Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES);
        const r = parseUplink(text, NOW);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.msg).toEqual(JSON.parse(text)); // as sent (JSON has no -0)
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses any valid message with one field made wrong", () => {
    const breakers: [string, (m: Record<string, unknown>) => void, string][] = [
      ["id", (m) => (m.id = 42), "bad_id"],
      ["id", (m) => (m.id = ""), "bad_id"],
      // PostgreSQL's text refuses U+0000: such an id failed the commit it shared with other devices' messages
      ["id", (m) => (m.id = "bad\u0000id"), "bad_id"],
      ["id", (m) => (m.id = "line\nbreak"), "bad_id"],
      ["ts", (m) => (m.ts = "yesterday"), "bad_ts"],
      ["ts", (m) => (m.ts = 0), "bad_ts"],
      ["ts", (m) => (m.ts = NOW + 48 * 3600 * 1000), "bad_ts"],
      ["type", (m) => (m.type = "explode"), "unknown_type"],
      ["battery", (m) => (m.battery = 101), "bad_field"],
      ["battery", (m) => (m.battery = "full"), "bad_field"],
      ["smoke", (m) => (m.smoke = -1), "bad_field"],
      ["rssi", (m) => (m.rssi = 12.5), "bad_field"],
    ];
    fc.assert(
      fc.property(validMessage, fc.constantFrom(...breakers), (m, [, breakIt, reason]) => {
        const copy: Record<string, unknown> = { ...m };
        breakIt(copy);
        const r = parseUplink(JSON.stringify(copy), NOW);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toBe(reason);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses oversized payloads before parsing them", () => {
    const r = parseUplink(`{"id":"a","ts":${NOW},"type":"heartbeat","x":"${"y".repeat(MAX_PAYLOAD_BYTES)}"}`, NOW);
    expect(r).toMatchObject({ ok: false, reason: "oversized" });
  });

  it("reads a command acknowledgement", () => {
    const r = parseUplink(
      JSON.stringify({ id: "a1", ts: NOW, type: "command_ack", commandId: "c1", result: "ok" }),
      NOW,
    );
    expect(r).toEqual({ ok: true, msg: { id: "a1", ts: NOW, type: "command_ack", commandId: "c1", result: "ok" } });
    expect(parseUplink(JSON.stringify({ id: "a1", ts: NOW, type: "command_ack" }), NOW)).toMatchObject({
      ok: false,
      reason: "bad_field",
    });
    const nul = { id: "a1", ts: NOW, type: "command_ack", commandId: "c\u00001", result: "ok" };
    expect(parseUplink(JSON.stringify(nul), NOW)).toMatchObject({ ok: false, reason: "bad_field" });
    const result = { id: "a1", ts: NOW, type: "command_ack", commandId: "c1", result: "fail\u0000ed\r" };
    expect(parseUplink(JSON.stringify(result), NOW)).toMatchObject({ ok: true, msg: { result: "failed" } });
  });
});
