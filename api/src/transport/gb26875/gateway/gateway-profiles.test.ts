// Every vendor profile end to end: the codec's simulated device (device-model.ts) talks to the gateway over
// TCP; its frames are stored and confirmed in the profile's dialect, its clock is synced, and the stored
// frame reads as the neutral panel frame the panels module maps (a fire at loop 1, point 23).
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../shared/clock.ts";
import { panelEvents } from "../../../modules/panels/index.ts";
import { TransmissionDeviceModel, type DeviceEvent } from "../device-model.ts";
import { PROFILE_PRESETS } from "../profile.ts";
import { Gb26875Gateway } from "./gateway.ts";
import { panelFrameOf } from "./index.ts";
import type { GatewayFrame } from "./types.ts";
import { waitFor } from "./test-device.ts";

const START = Date.UTC(2026, 10, 28, 3, 0, 0);
let gateway: Gb26875Gateway | null = null;
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await gateway?.close();
  gateway = null;
});

describe.each(Object.keys(PROFILE_PRESETS))("profile %s", (preset) => {
  it("stores and confirms the device's frames, syncs its clock, and maps its fire", async () => {
    const profile = PROFILE_PRESETS[preset]!;
    const wide = profile.addressBytes === 12;
    const address = wide ? "0a1b2c3d4e5f60718293a4b5" : "00000000a001";
    const systemType = preset === "standalone-smoke" ? 0x81 : 1;
    const clock = new ManualClock(START);
    const stored: GatewayFrame[] = [];
    const synced: string[] = [];
    gateway = new Gb26875Gateway(
      {
        lookup: async (a) =>
          a === address
            ? {
                deviceId: "uitd-1",
                transmissionDeviceId: "td-1",
                unitId: "unit-1",
                address,
                profile: preset,
                patrolIntervalSec: 600,
                lastClockSyncAt: null,
              }
            : null,
        store: async (f) => {
          stored.push(f);
          return { outcome: "stored" };
        },
        offline: () => undefined,
        clockSynced: (id) => void synced.push(id),
        clock,
      },
      { port: 0, sweepEveryMs: 3600_000 },
    );
    const port = await gateway.listen();
    const model = new TransmissionDeviceModel({
      address,
      centreAddress: "0".repeat(address.length),
      profile,
      clock,
      system: { systemType, systemAddress: 1 },
      components: [
        {
          key: "smoke",
          systemType,
          systemAddress: 1,
          componentType: 40,
          componentAddress: 0x00170001,
          description: "3层走廊",
        },
      ],
    });
    const events: DeviceEvent[] = [];
    const socket = net.connect({ host: "127.0.0.1", port });
    sockets.push(socket);
    socket.on("data", (chunk) => {
      const { replies, events: e } = model.receive(new Uint8Array(chunk));
      events.push(...e);
      for (const r of replies) socket.write(r);
    });
    await new Promise((r) => socket.once("connect", r));
    socket.write(model.heartbeat());
    socket.write(model.fire("smoke"));
    await waitFor(() => events.filter((e) => e.kind === "confirmed").length === 2, "both frames confirmed");
    await waitFor(() => synced.length === 1 && events.some((e) => e.kind === "clock_synced"), "the clock synced");
    expect(model.pending).toBe(0);
    expect(events.filter((e) => e.kind === "refused")).toEqual([]);
    expect(stored.map((f) => f.fire)).toEqual([false, true]);
    const frame = panelFrameOf(stored[1]!);
    expect(frame.sentAt?.getTime()).toBe(START);
    expect(frame.raw).toMatch(/^4040/);
    const mapped = panelEvents(
      frame,
      { transmissionDeviceId: "td-1", unitId: "unit-1", systems: new Map(), components: new Map() },
      new Map(),
    );
    expect(mapped.events[0]).toMatchObject({
      type: "panel_fire",
      deviceId: "uitd-1",
      fields: {
        point: `${systemType}/1/0x00170001`,
        location: "未命名部件 感烟火灾探测器 1号回路 23号",
        system: { typeName: preset === "standalone-smoke" ? "独立式感烟火灾探测报警器" : "火灾报警系统" },
        description: "3层走廊",
      },
    });
  });
});
