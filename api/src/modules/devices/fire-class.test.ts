import { describe, expect, it } from "vitest";
import { UPLINK_TYPES } from "./device-protocol.ts";
import { FIRE_CLASS_TYPES, isFireClass, mayBeFireClass } from "./fire-class.ts";
import { FACILITY_EVENT_TYPES, type UplinkV11 } from "./protocol-v11.ts";

describe("fire-class message types", () => {
  it("are the smoke alarm's, the call point's and gas", () => {
    expect([...FIRE_CLASS_TYPES].sort()).toEqual(
      ["call_point_pressed", "gas_alarm", "gas_clear", "mute", "smoke_alarm", "smoke_clear"].sort(),
    );
  });

  it("agree with isFireClass for every type a device may send", () => {
    const types = new Set<string>([...UPLINK_TYPES, ...FACILITY_EVENT_TYPES]);
    for (const type of types) {
      const msg = { id: "m1", ts: 1_800_000_000_000, type } as unknown as UplinkV11;
      expect({ type, fire: FIRE_CLASS_TYPES.has(type) }).toEqual({ type, fire: isFireClass(msg) });
    }
  });

  describe("mayBeFireClass (the broker thread's look before it parses)", () => {
    const typeOf = (text: string): unknown => (JSON.parse(text) as { type?: unknown }).type;

    it("lets every fire-class message through, however its JSON is written", () => {
      for (const type of FIRE_CLASS_TYPES) {
        const escaped = [...type].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
        const texts = [
          JSON.stringify({ id: "m1", ts: 1, type }),
          `{ "type" : "${type}", "id": "m2" }`,
          `{"id":"m3","type":"${escaped}"}`,
          `{"id":"m4","type":"${type.slice(0, 2)}\\u00${type.charCodeAt(2).toString(16)}${type.slice(3)}"}`,
        ];
        for (const text of texts) {
          expect(typeOf(text)).toBe(type);
          expect({ text, may: mayBeFireClass(text) }).toEqual({ text, may: true });
        }
      }
    });

    it("says no, with no parse needed, to every other type a device may send", () => {
      const others = [...new Set<string>([...UPLINK_TYPES, ...FACILITY_EVENT_TYPES])].filter(
        (t) => !FIRE_CLASS_TYPES.has(t),
      );
      expect(others.length).toBeGreaterThan(5);
      for (const type of others) {
        const text = JSON.stringify({ id: "h1", ts: 1_800_000_000_000, type, battery: 87, rssi: -71 });
        expect({ type, may: mayBeFireClass(text) }).toEqual({ type, may: false });
      }
    });

    it("lets through a routine message that merely names a fire-class type, for the parse to decide", () => {
      const text = JSON.stringify({ id: "h2", ts: 1, type: "heartbeat", last: "smoke_alarm" });
      expect(mayBeFireClass(text)).toBe(true);
      expect(FIRE_CLASS_TYPES.has(typeOf(text) as string)).toBe(false);
    });
  });
});
