// The intake's memory of devices: a mapping read once is used for every later frame of that device, for as
// many devices as the gateway holds connections. With a smaller cache, frames arriving round the devices
// in turn evicted each mapping before its next frame, and every frame read its device, systems,
// components and key parts again on the confirm path.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { PanelIntake } from "./panel-intake.ts";
import type { PanelCatalog, UnitDirectory } from "./panel-ports.ts";
import type { PanelRepository, TransmissionDeviceRow } from "./panel-repository.ts";
import { RECEIVED, frame } from "./panel-test-frames.ts";

function fakeRepo() {
  const reads = { devices: 0, systems: 0, components: 0 };
  const repo = {
    async deviceByDeviceId(deviceId: string): Promise<TransmissionDeviceRow> {
      reads.devices++;
      return {
        id: `td-${deviceId}`,
        deviceId,
        address: "000000000379",
        unitId: "unit-1",
        profile: "standard",
        patrolIntervalSec: 600,
        lastClockSyncAt: null,
        createdAt: RECEIVED,
      };
    },
    async systemsOf() {
      reads.systems++;
      return [];
    },
    async componentsOf() {
      reads.components++;
      return [];
    },
  } as unknown as PanelRepository;
  return { repo, reads };
}

const catalog: PanelCatalog = {
  systemTypeName: () => "火灾报警系统",
  componentTypeName: () => "感烟火灾探测器",
  checkProfile: () => ({ ok: true, addressDigits: 12 }),
};

function intakeWith(opts?: { maxDevices: number }) {
  const { repo, reads } = fakeRepo();
  let keyPartReads = 0;
  const units: UnitDirectory = {
    unitExists: async () => true,
    keyParts: async () => {
      keyPartReads++;
      return [];
    },
  };
  const clock = new ManualClock(RECEIVED);
  const intake = new PanelIntake(repo, catalog, units, clock, opts);
  return { intake, reads, keyParts: () => keyPartReads };
}

async function round(intake: PanelIntake, devices: number): Promise<void> {
  for (let i = 0; i < devices; i++) {
    const p = await intake.prepare(frame(null, { deviceId: `uitd-${i}`, frameId: `f-${i}` }));
    expect(p.events.length).toBeGreaterThan(0);
  }
}

describe("PanelIntake's devices in memory", () => {
  it("by default keeps 2,000 devices taking turns: the second round reads nothing", async () => {
    const { intake, reads, keyParts } = intakeWith();
    await round(intake, 2000);
    expect(reads).toEqual({ devices: 2000, systems: 2000, components: 2000 });
    expect(keyParts()).toBe(2000);
    await round(intake, 2000);
    expect(reads).toEqual({ devices: 2000, systems: 2000, components: 2000 });
    expect(keyParts()).toBe(2000);
  });

  it("stays bounded: beyond maxDevices the least recently used is read again", async () => {
    const { intake, reads } = intakeWith({ maxDevices: 2 });
    await round(intake, 3);
    expect(reads.devices).toBe(3);
    // uitd-0 left when uitd-2 came; uitd-2 is still held
    await intake.prepare(frame(null, { deviceId: "uitd-2", frameId: "g2" }));
    expect(reads.devices).toBe(3);
    await intake.prepare(frame(null, { deviceId: "uitd-0", frameId: "g0" }));
    expect(reads.devices).toBe(4);
  });
});
