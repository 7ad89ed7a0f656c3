// The push parsers face untrusted bytes from the internet: whatever arrives, they answer with events or a
// refusal and never throw. Property-based fuzzing with fast-check, on raw bytes, on arbitrary JSON and on
// messages shaped like the platforms' (right envelope and signature, hostile insides).
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCtwingPush } from "./ctwing-push.ts";
import { topLevelValueSpan } from "./json-span.ts";
import { decryptOnenetMessage, onenetAesKey } from "./onenet-crypto.ts";
import { parseOnenetPush } from "./onenet-push.ts";
import { verifyOnenetUrl } from "./onenet-signature.ts";
import { loadProfiles } from "./profile-loader.ts";
import { CARRIER_UPLINK_TYPES } from "./event.ts";
import { REFUSAL_REASONS } from "./refusal.ts";

const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);
const TOKEN = "fuzz-token";
const profiles = loadProfiles();
const resolveProfile = profiles.resolver({
  "onenet:1": "onenet-nb-smoke-datastreams",
  "onenet:2": "onenet-nb-gas-detector",
});
const aesKey = onenetAesKey("A".repeat(43));
const ctwing = (b: string | Buffer) => parseCtwingPush(b, { now: NOW, resolveProfile });
const onenet = (b: string | Buffer) => parseOnenetPush(b, { token: TOKEN, aesKey, now: NOW, resolveProfile });

/** Every outcome is well formed: events of known types with bounded ids, or a refusal with a known reason. */
function wellFormed(r: ReturnType<typeof ctwing>): void {
  if (!r.ok) {
    expect(REFUSAL_REASONS).toContain(r.refusal.reason);
    return;
  }
  for (const e of r.events) {
    expect(CARRIER_UPLINK_TYPES).toContain(e.type);
    expect(e.msgId.length).toBeLessThanOrEqual(64);
    expect(Number.isFinite(e.ts)).toBe(true);
  }
  for (const s of r.skipped) expect(REFUSAL_REASONS).toContain(s.reason);
}

const anyValue = fc.oneof(fc.jsonValue(), fc.string(), fc.integer(), fc.double(), fc.constant(null));
const ctwingMessage = fc.record({
  messageType: fc.constantFrom("dataReport", "deviceOnlineOfflineReport", "eventReport", "commandResponse", "x"),
  deviceId: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
  productId: fc.constantFrom("17100001", "17100002", "1", 17100001),
  timestamp: anyValue,
  eventType: anyValue,
  taskId: anyValue,
  result: fc.oneof(fc.record({ resultCode: anyValue }), anyValue),
  eventContent: fc.dictionary(
    fc.constantFrom("Alarm_Status", "Battery_Level", "RSRP", "CSQ", "Cell_ID", "x"),
    anyValue,
  ),
  payload: fc.oneof(
    fc.record({
      serviceData: fc.dictionary(
        fc.constantFrom("Alarm_Status", "Battery_Level", "SNR", "RSRP", "CSQ", "Cell_ID"),
        anyValue,
      ),
    }),
    fc.record({
      APPdata: fc.oneof(
        fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("base64")),
        fc.string(),
      ),
    }),
    anyValue,
  ),
});
const onenetItem = fc.record(
  {
    type: fc.oneof(fc.constantFrom(1, 2, 7), anyValue),
    dev_id: fc.oneof(fc.constantFrom(1, 2, "1"), anyValue),
    ds_id: fc.oneof(
      fc.constantFrom("Alarm_Status", "Battery_Level", "Gas_Concentration", "Gas_Status", "CSQ", "Cell_ID"),
      anyValue,
    ),
    value: anyValue,
    at: anyValue,
    status: anyValue,
    cmd_id: anyValue,
    cmd_type: anyValue,
  },
  { requiredKeys: [] },
);

describe("carrier push parsers never throw", () => {
  it("on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        wellFormed(ctwing(Buffer.from(bytes)));
        wellFormed(onenet(Buffer.from(bytes)));
      }),
      { numRuns: 1500 },
    );
  });

  it("on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v) ?? "null";
        wellFormed(ctwing(text));
        wellFormed(onenet(text));
      }),
      { numRuns: 1500 },
    );
  });

  it("on CTWing-shaped messages", () => {
    fc.assert(
      fc.property(ctwingMessage, (m) => wellFormed(ctwing(JSON.stringify(m)))),
      { numRuns: 3000 },
    );
  });

  it("on correctly signed OneNET pushes with hostile messages", () => {
    fc.assert(
      fc.property(
        fc.oneof(onenetItem, fc.array(onenetItem, { maxLength: 8 })),
        fc.string({ minLength: 1, maxLength: 10 }),
        (msg, nonce) => {
          const text = JSON.stringify(msg);
          const sig = createHash("md5")
            .update(TOKEN + nonce + text)
            .digest("base64");
          const r = onenet(JSON.stringify({ msg, msg_signature: sig, nonce }));
          wellFormed(r);
          expect(r.ok || r.refusal.reason !== "bad_signature").toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("on URL checks and encrypted messages", () => {
    fc.assert(
      fc.property(anyValue, anyValue, anyValue, fc.string({ maxLength: 400 }), (msg, nonce, signature, enc) => {
        expect(typeof verifyOnenetUrl({ msg, nonce, signature }, TOKEN).ok).toBe("boolean");
        const plain = decryptOnenetMessage(enc, aesKey);
        expect(plain === null || typeof plain === "string").toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("topLevelValueSpan", () => {
  it("finds exactly the text of a member, however the object is written", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue()),
        fc.jsonValue(),
        fc.boolean(),
        (rest, value, pretty) => {
          const obj = { ...rest, msg: value };
          const text = JSON.stringify(obj, null, pretty ? 2 : undefined);
          const span = topLevelValueSpan(text, "msg");
          expect(span).not.toBeNull();
          expect(JSON.parse(text.slice(span![0], span![1]))).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
