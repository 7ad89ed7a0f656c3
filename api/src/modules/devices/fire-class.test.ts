import { describe, expect, it } from "vitest";
import { UPLINK_TYPES } from "./device-protocol.ts";
import { FIRE_CLASS_TYPES, isFireClass } from "./fire-class.ts";
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
});
