// Linkage commands: which sounders a fire-class alarm switches on, by building or by floor, and which it
// switches off when it is resolved while other alarms of the building are still open; and that the listener
// asks for a plan only for fire-class alarms.
import { describe, expect, it } from "vitest";
import type { Prisma } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { createLogger } from "../../shared/logger.ts";
import type { AlarmRecord } from "../alarms/alarm-service.ts";
import { floorsAround, linkageOnRaise, linkageOnResolve, sounderTargets, type Sounder } from "./linkage.ts";
import { LinkageSender } from "./linkage-sender.ts";
import type { LinkageService } from "./linkage-service.ts";
import type { SensorService } from "./sensor-service.ts";
import { boundingBox, haversineMetres } from "./geo.ts";

const sounders: Sounder[] = [
  { deviceId: "S-B1", floor: -1 },
  { deviceId: "S-1", floor: 1 },
  { deviceId: "S-2", floor: 2 },
  { deviceId: "S-3", floor: 3 },
  { deviceId: "S-4", floor: 4 },
  { deviceId: "S-X", floor: null },
];
const ids = (list: { deviceId: string }[]) => list.map((s) => s.deviceId).sort();

describe("linkage", () => {
  it("a fire-class alarm sounds the whole building, or its floor and the floors next to it", () => {
    const call = { id: "a1", kind: "CALL_POINT" as const, floor: 3 };
    expect(ids(sounderTargets(call, "BUILDING", sounders))).toEqual(ids(sounders));
    expect(ids(sounderTargets(call, "FLOOR", sounders))).toEqual(["S-2", "S-3", "S-4", "S-X"]);
    // floor 0 does not exist: the floors next to 1 are -1 and 2
    expect(ids(sounderTargets({ ...call, floor: 1 }, "FLOOR", sounders))).toEqual(["S-1", "S-2", "S-B1", "S-X"]);
    expect(floorsAround(-1)).toEqual([-2, -1, 1]);
    // an alarm whose floor is unknown sounds the whole building
    expect(ids(sounderTargets({ ...call, floor: null }, "FLOOR", sounders))).toEqual(ids(sounders));
    expect(ids(sounderTargets({ id: "g", kind: "GAS_LEAK", floor: 2 }, "FLOOR", sounders))).toEqual([
      "S-1",
      "S-2",
      "S-3",
      "S-X",
    ]);
  });

  it("facility problems and camera suspicions switch nothing on", () => {
    for (const kind of ["LOW_PRESSURE", "PUMP_NOT_AUTO", "SUSPECTED_FIRE", "TAMPER"] as const)
      expect(linkageOnRaise({ id: "a", kind, floor: 2 }, "BUILDING", sounders)).toEqual([]);
  });

  it("raising commands sounder_on naming the alarm", () => {
    expect(linkageOnRaise({ id: "a1", kind: "FIRE", floor: 4 }, "FLOOR", sounders)).toEqual([
      { deviceId: "S-3", type: "sounder_on", params: { alarmId: "a1" } },
      { deviceId: "S-4", type: "sounder_on", params: { alarmId: "a1" } },
      { deviceId: "S-X", type: "sounder_on", params: { alarmId: "a1" } },
    ]);
  });

  it("resolving switches off only what no other open fire-class alarm of the building still needs", () => {
    const a = { id: "a", kind: "CALL_POINT" as const, floor: 3 };
    const b = { id: "b", kind: "FIRE" as const, floor: 1 };
    const off = linkageOnResolve(a, "FLOOR", sounders, [a, b]);
    expect(off.map((c) => [c.deviceId, c.type])).toEqual([
      ["S-3", "sounder_off"],
      ["S-4", "sounder_off"],
    ]);
    expect(ids(linkageOnResolve(a, "FLOOR", sounders, []))).toEqual(["S-2", "S-3", "S-4", "S-X"]);
    // another open fire in the building keeps every sounder on when the whole building sounds
    expect(linkageOnResolve(a, "BUILDING", sounders, [b])).toEqual([]);
    // an open facility problem does not hold a sounder on
    expect(ids(linkageOnResolve(a, "BUILDING", sounders, [{ id: "c", kind: "LOW_WATER", floor: 3 }]))).toEqual(
      ids(sounders),
    );
  });
});

describe("the linkage listener", () => {
  it("reads nothing for an alarm that is not fire-class, raised or resolved, and asks for a fire's plan", async () => {
    const asked: string[] = [];
    const read: string[] = [];
    const linkage = {
      async commandsFor(alarmId: string) {
        asked.push(alarmId);
        return null;
      },
    } as unknown as LinkageService;
    const prisma = {
      alarm: {
        async findUnique(q: { where: { id: string } }) {
          read.push(q.where.id);
          return { point: "" };
        },
        // the linkage run holds the alarm, then marks its phase done
        updateMany: async () => ({ count: 1 }),
        update: async () => ({}),
      },
    } as unknown as Prisma;
    const sender = new LinkageSender(
      prisma,
      linkage,
      {} as SensorService,
      () => null,
      new ManualClock(),
      createLogger("silent"),
    );
    const alarm = (id: string, kind: string) => ({ id, kind, deviceId: "D1" }) as unknown as AlarmRecord;
    await sender.onAlarmChange({ outcome: "created", alarm: alarm("fault", "PANEL_FAULT") });
    await sender.onAlarmChange({ outcome: "created", alarm: alarm("battery", "LOW_BATTERY") });
    expect(asked).toEqual([]);
    await sender.onAlarmChange({ outcome: "created", alarm: alarm("fire", "FIRE") });
    await sender.onAlarmChange({ outcome: "resolved", alarm: alarm("fire", "FIRE") });
    await sender.inflight.idle(); // linkage runs beside the alarm engine
    expect(asked).toEqual(["fire", "fire"]);
    // a resolved facility alarm is still read (its point's limit state is reset), without asking for a plan
    await sender.onAlarmChange({ outcome: "resolved", alarm: alarm("water", "LOW_WATER") });
    await sender.inflight.idle();
    expect(read).toEqual(["fire", "water"]);
    expect(asked).toEqual(["fire", "fire"]);
  });
});

describe("geo", () => {
  it("measures distances on the ground, and boxes that hold every point within them", () => {
    // one thousandth of a degree of latitude is about 111 m everywhere
    expect(haversineMetres({ latitude: 30, longitude: 120 }, { latitude: 30.001, longitude: 120 })).toBeCloseTo(
      111.2,
      0,
    );
    // one thousandth of a degree of longitude at 30 deg N is about 96 m
    expect(haversineMetres({ latitude: 30, longitude: 120 }, { latitude: 30, longitude: 120.001 })).toBeCloseTo(
      96.3,
      0,
    );
    const box = boundingBox({ latitude: 30, longitude: 120 }, 500);
    for (const [lat, lng] of [
      [box.maxLat, 120],
      [30, box.maxLng],
    ])
      expect(haversineMetres({ latitude: 30, longitude: 120 }, { latitude: lat!, longitude: lng! })).toBeCloseTo(
        500,
        -1,
      );
  });
});
