// The gateway over real TCP, against a device written by hand from the standard's layout (test-device.ts)
// and a store that records: stored before confirmed, refusals counted, chunks, duplicates, timeouts,
// isolation between sessions, fire never throttled, graceful close.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../shared/clock.ts";
import { Gb26875Gateway } from "./gateway.ts";
import type { GatewayReason } from "./reasons.ts";
import type { GatewayDevice, GatewayFrame, GatewayMetrics, GatewayOptions, StoreOutcome } from "./types.ts";
import { componentStateData, frameBytes, LABEL, TestDevice, waitFor } from "./test-device.ts";

const A = "000000000379";
const B = "000000000380";
const CENTRE = "000000000001";
const START = Date.UTC(2026, 10, 28, 3, 0, 0); // 11:00 in Beijing, the LABEL of test-device.ts

const device = (address: string, over: Partial<GatewayDevice> = {}): GatewayDevice => ({
  deviceId: `uitd-${address}`,
  transmissionDeviceId: `td-${address}`,
  unitId: "unit-1",
  address,
  profile: "standard",
  patrolIntervalSec: 60,
  lastClockSyncAt: null,
  ...over,
});

/** A store that records every call; frames of the addresses in `hold` wait until released. */
class RecordingStore {
  readonly calls: GatewayFrame[] = [];
  readonly hold = new Set<string>();
  private readonly waiting: { frame: GatewayFrame; resolve: (o: StoreOutcome) => void; reject: (e: Error) => void }[] =
    [];
  outcome: StoreOutcome = { outcome: "stored" };

  readonly store = (frame: GatewayFrame): Promise<StoreOutcome> => {
    this.calls.push(frame);
    if (!this.hold.has(frame.device.address)) return Promise.resolve(this.outcome);
    return new Promise((resolve, reject) => this.waiting.push({ frame, resolve, reject }));
  };

  of(address: string): GatewayFrame[] {
    return this.calls.filter((c) => c.device.address === address);
  }

  release(outcome: StoreOutcome | Error = { outcome: "stored" }): number {
    const all = this.waiting.splice(0);
    for (const w of all) {
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    }
    return all.length;
  }
}

class CountingMetrics implements GatewayMetrics {
  readonly reasons = new Map<GatewayReason, number>();
  confirmedStored = 0;
  confirmedDuplicate = 0;
  open = 0;
  sessions = 0;
  refused(reason: GatewayReason): void {
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }
  confirmed(outcome: "stored" | "duplicate"): void {
    if (outcome === "stored") this.confirmedStored++;
    else this.confirmedDuplicate++;
  }
  connections(open: number, sessions: number): void {
    this.open = open;
    this.sessions = sessions;
  }
  count(reason: GatewayReason): number {
    return this.reasons.get(reason) ?? 0;
  }
}

interface Rig {
  gateway: Gb26875Gateway;
  port: number;
  store: RecordingStore;
  metrics: CountingMetrics;
  clock: ManualClock;
  offline: string[];
  offlineHeard: Date[];
  online: string[];
  synced: string[];
  devices: Map<string, GatewayDevice>;
  lookupFails: boolean;
  warnings: string[];
}

const rigs: Rig[] = [];
const clients: TestDevice[] = [];

async function rig(opts: Partial<GatewayOptions> = {}, devices = [device(A), device(B)]): Promise<Rig> {
  const store = new RecordingStore();
  const metrics = new CountingMetrics();
  const clock = new ManualClock(START);
  const r: Omit<Rig, "gateway" | "port"> = {
    store,
    metrics,
    clock,
    offline: [],
    offlineHeard: [],
    online: [],
    synced: [],
    devices: new Map(devices.map((d) => [d.address, d])),
    lookupFails: false,
    warnings: [],
  };
  const gateway = new Gb26875Gateway(
    {
      lookup: async (address) => {
        if (r.lookupFails) throw new Error("database down");
        return r.devices.get(address) ?? null;
      },
      store: store.store,
      offline: (id, heard) => {
        r.offline.push(id);
        r.offlineHeard.push(heard);
      },
      online: (id) => r.online.push(id),
      clockSynced: (id) => void r.synced.push(id),
      metrics,
      clock,
      log: { info: () => undefined, warn: (_o, msg) => void r.warnings.push(msg), error: () => undefined },
    },
    { port: 0, sweepEveryMs: 3600_000, framesPerSecond: 1000, frameBurst: 1000, ...opts },
  );
  const port = await gateway.listen();
  const full: Rig = Object.assign(r, { gateway, port });
  rigs.push(full);
  return full;
}

async function connect(r: Rig): Promise<TestDevice> {
  const c = await TestDevice.connect(r.port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const r of rigs.splice(0)) {
    r.store.release();
    await r.gateway.close();
  }
});

// A smoke detector at loop 1, point 23 (0x00170001) in fire (state 0x0003: normal mode + fire), serial 0x17.
// Checksum: control unit 17+00+01+01+00+00+0b+1c+0b+1a+79+03+00+00+00+00+01+00+00+00+00+00+30+00+02 = 276,
// data 02+01+01+01+29+01+00+17+00+03+00 + 31 zeros + 00+00+0b+1c+0b+1a = 149, together 425 = 0x1a9 -> 0xa9.
const FIRE_HEX =
  "40 40 17 00 01 01 00 00 0b 1c 0b 1a 79 03 00 00 00 00 01 00 00 00 00 00 30 00 02" +
  " 02 01 01 01 29 01 00 17 00 03 00" +
  " 00".repeat(31) +
  " 00 00 0b 1c 0b 1a a9 23 23";
const FIRE = Buffer.from(
  FIRE_HEX.trim()
    .split(/\s+/)
    .map((h) => parseInt(h, 16)),
);

// The confirm the standard wants back: same serial, version as received, our time label (the clock is at
// the LABEL moment), addresses swapped, no data, command 3. Checksum: 17+01+01+0b+1c+0b+1a+01+79+03+03 =
// 229 = 0xe5.
const CONFIRM = Buffer.from(
  "40 40 17 00 01 01 00 00 0b 1c 0b 1a 01 00 00 00 00 00 79 03 00 00 00 00 00 00 03 e5 23 23"
    .split(" ")
    .map((h) => parseInt(h, 16)),
);

const heartbeat = (serial: number, source = A) => frameBytes({ serial, source });

describe("a component fire frame", () => {
  it("is stored first and confirmed with the same serial number only after the store resolves", async () => {
    expect(frameBytes({ serial: 0x17, source: A, data: componentStateData(0x00170001, 0x0003) })).toEqual(FIRE);
    const r = await rig();
    r.store.hold.add(A);
    const d = await connect(r);
    await d.send(FIRE);
    await waitFor(() => r.store.calls.length === 1, "the store call");
    const call = r.store.calls[0]!;
    expect(call.device.deviceId).toBe(`uitd-${A}`);
    expect(call.frame.serial).toBe(0x17);
    expect(call.fire).toBe(true);
    expect(call.data).toMatchObject({ type: 2, objects: [{ componentType: 41, componentAddress: 0x00170001 }] });
    expect(Buffer.from(call.raw)).toEqual(FIRE);
    // the clock sync (control, type 90) goes out after the frame was handed on: by then no confirm
    await waitFor(() => d.with(1).length === 1, "the clock sync");
    expect(d.with(1)[0]!.data.slice(0, 2)).toEqual([90, 1]);
    expect(d.with(3)).toEqual([]);
    expect(r.store.release()).toBe(1);
    await waitFor(() => d.with(3).length === 1, "the confirm");
    expect(d.with(3)[0]!.raw).toEqual(CONFIRM);
    expect(r.metrics.confirmedStored).toBe(1);
  });

  it("with a broken checksum is denied, never confirmed, and nothing is stored", async () => {
    const r = await rig();
    const d = await connect(r);
    await d.send(heartbeat(1)); // the session knows its device
    await waitFor(() => d.with(3).length === 1, "the heartbeat's confirm");
    const broken = Buffer.from(FIRE);
    broken[FIRE.length - 3] = 0xaa;
    await d.send(broken);
    await waitFor(() => r.metrics.count("bad_checksum") === 1, "the refusal counted");
    await waitFor(() => d.with(6).length === 1, "the deny");
    expect(d.with(6)[0]!.serial).toBe(0x17);
    expect(r.store.calls.filter((c) => c.frame.serial === 0x17)).toEqual([]);
    expect(d.with(3).map((f) => f.serial)).toEqual([1]);
  });

  it("a broken first frame, then a good one: the device is known by the good one, the broken one is refused", async () => {
    const r = await rig();
    const d = await connect(r);
    await d.send(frameBytes({ serial: 5, source: A, data: componentStateData(1, 3), spoilChecksum: 1 }));
    await d.send(heartbeat(6));
    await waitFor(() => d.with(3).length === 1, "the heartbeat's confirm");
    expect(r.store.calls.map((c) => c.frame.serial)).toEqual([6]);
    expect(r.metrics.count("bad_checksum")).toBe(1);
    expect(d.with(6).map((f) => f.serial)).toEqual([5]);
  });

  it("garbage before, between and after frames is dropped and counted; the frames go through", async () => {
    const r = await rig();
    const d = await connect(r);
    await d.send(Buffer.concat([Buffer.from("noise@"), heartbeat(1), Buffer.from("@@##xx"), FIRE, Buffer.from("#")]));
    await waitFor(() => d.with(3).length === 2, "two confirms");
    expect(r.store.calls.map((c) => c.frame.serial)).toEqual([1, 0x17]);
    expect(r.metrics.count("garbage") + r.metrics.count("missing_end") + r.metrics.count("truncated")).toBeGreaterThan(
      0,
    );
  });
});

describe("TCP chunks", () => {
  it("a frame split into single bytes, and frames merged into one write, are each stored and confirmed once", async () => {
    const r = await rig();
    const d = await connect(r);
    for (const byte of FIRE) {
      await d.send([byte]);
      await new Promise((res) => setImmediate(res));
    }
    await waitFor(() => d.with(3).length === 1, "the split frame's confirm");
    const merged = Buffer.concat([heartbeat(0x20), heartbeat(0x21), heartbeat(0x22).subarray(0, 10)]);
    await d.send(merged);
    await waitFor(() => d.with(3).length === 3, "the merged frames' confirms");
    await d.send(heartbeat(0x22).subarray(10));
    await waitFor(() => d.with(3).length === 4, "the last frame's confirm");
    expect(r.store.calls.map((c) => c.frame.serial)).toEqual([0x17, 0x20, 0x21, 0x22]);
    expect(d.with(3).map((f) => f.serial)).toEqual([0x17, 0x20, 0x21, 0x22]);
  });
});

describe("duplicates", () => {
  it("a frame sent again, before or after its confirm, on the same or a new connection, is stored once", async () => {
    const r = await rig();
    r.store.hold.add(A);
    const d = await connect(r);
    await d.send(FIRE);
    await d.send(FIRE); // resent while the first is being stored
    await waitFor(() => r.store.calls.length === 1, "the first store call");
    r.store.release();
    await waitFor(() => d.with(3).length === 2, "a confirm for each delivery");
    r.store.hold.delete(A);
    await d.send(FIRE); // the confirm was lost
    await waitFor(() => d.with(3).length === 3, "the third confirm");
    d.close();
    const again = await connect(r);
    await again.send(FIRE); // after reconnecting
    await waitFor(() => again.with(3).length === 1, "the confirm on the new connection");
    expect(r.store.calls).toHaveLength(1);
    expect(r.metrics.confirmedDuplicate).toBe(3);
    // the same serial number with other content is a new frame (the device restarted its numbering)
    await again.send(frameBytes({ serial: 0x17, source: A, data: componentStateData(0x00170001, 0x0001) }));
    await waitFor(() => r.store.calls.length === 2, "the new frame stored");
    expect(r.store.calls[1]!.frameId).not.toBe(r.store.calls[0]!.frameId);
  });

  it("a frame whose storing failed is not confirmed, and is stored when it comes again", async () => {
    const r = await rig();
    r.store.hold.add(A);
    const d = await connect(r);
    await d.send(FIRE);
    await waitFor(() => r.store.calls.length === 1, "the store call");
    r.store.release(new Error("database down"));
    await waitFor(() => r.metrics.count("store_failed") === 1, "the failure counted");
    expect(d.with(3)).toEqual([]);
    r.store.hold.delete(A);
    await d.send(FIRE);
    await waitFor(() => d.with(3).length === 1, "the confirm of the resend");
    expect(r.store.calls).toHaveLength(2);
    expect(r.store.calls[1]!.frameId).toBe(r.store.calls[0]!.frameId);
  });

  it("a frame the store refuses is denied", async () => {
    const r = await rig();
    r.store.outcome = { outcome: "refused", reason: "disabled" };
    const d = await connect(r);
    await d.send(FIRE);
    await waitFor(() => d.with(6).length === 1, "the deny");
    expect(r.metrics.count("store_refused")).toBe(1);
    expect(d.with(3)).toEqual([]);
  });
});

describe("sessions", () => {
  it("a silent device is reported offline after its patrol interval, and online when it speaks again", async () => {
    const r = await rig({ patrolProbe: false, offlineGraceMs: 30_000 });
    const d = await connect(r);
    await d.send(heartbeat(1));
    await waitFor(() => d.with(3).length === 1, "the confirm");
    r.clock.advance(60_000 + 29_000);
    r.gateway.sweep();
    expect(r.offline).toEqual([]);
    r.clock.advance(2000);
    r.gateway.sweep();
    expect(r.offline).toEqual([`uitd-${A}`]);
    expect(r.offlineHeard).toEqual([new Date(START)]); // when this gateway last heard it
    await waitFor(() => d.closed, "the silent connection closed");
    expect(r.metrics.count("idle_timeout")).toBe(1);
    r.gateway.sweep();
    expect(r.offline).toHaveLength(1); // reported once
    const back = await connect(r);
    await back.send(heartbeat(2));
    await waitFor(() => back.with(3).length === 1, "the confirm after coming back");
    expect(r.online).toEqual([`uitd-${A}`]);
  });

  it("asks a quiet device for its state after half its patrol interval, and stores the answer", async () => {
    const r = await rig({ patrolProbe: true });
    const d = await connect(r);
    await d.send(heartbeat(1));
    await waitFor(() => d.with(3).length === 1, "the confirm");
    r.clock.advance(31_000);
    r.gateway.sweep();
    await waitFor(() => d.with(4).length === 1, "the read");
    const read = d.with(4)[0]!;
    expect(read.data).toEqual([81, 1, 0]);
    // the answer: type 21, one object, state 0x01 (normal), time
    await d.send(frameBytes({ serial: read.serial, source: A, command: 5, data: [21, 1, 0x01, ...LABEL] }));
    await waitFor(() => r.store.calls.length === 2, "the answer stored");
    expect(r.store.calls[1]).toMatchObject({ response: true, data: { type: 21 } });
    r.clock.advance(40_000);
    r.gateway.sweep();
    expect(r.offline).toEqual([]); // the answer was heard at 31 s: 71 s < 60 s + grace
  });

  it("syncs the device's clock on connect and again after the interval; records each confirmed sync", async () => {
    const r = await rig({ clockSyncEveryMs: 300_000, patrolProbe: false });
    r.devices.set(A, device(A, { patrolIntervalSec: 7200 }));
    const d = await connect(r);
    await d.send(heartbeat(1));
    await waitFor(() => d.with(1).length === 1, "the first sync");
    const sync = d.with(1)[0]!;
    // type 90, one object: the centre's time in Beijing time (our clock reads the LABEL moment)
    expect(sync.data).toEqual([90, 1, ...LABEL]);
    expect(sync.destination).toBe(A);
    await d.send(frameBytes({ serial: sync.serial, source: A, destination: CENTRE, command: 3 }));
    await waitFor(() => r.synced.length === 1, "the sync recorded");
    r.clock.advance(300_000);
    r.gateway.sweep();
    await waitFor(() => d.with(1).length === 2, "the second sync");
    expect(d.with(1)[1]!.serial).not.toBe(sync.serial);
  });

  it("resends an unconfirmed command after the timeout, three times at most (clause 6.5)", async () => {
    const r = await rig({ commandTimeoutMs: 10_000, patrolProbe: false });
    r.devices.set(A, device(A, { patrolIntervalSec: 7200 }));
    const d = await connect(r);
    await d.send(heartbeat(1));
    await waitFor(() => d.with(1).length === 1, "the sync");
    for (let i = 0; i < 5; i++) {
      r.clock.advance(10_000);
      r.gateway.sweep();
    }
    await waitFor(() => d.with(1).length === 4, "three resends");
    await new Promise((res) => setTimeout(res, 50));
    expect(d.with(1)).toHaveLength(4);
    expect(new Set(d.with(1).map((f) => f.serial)).size).toBe(1);
  });

  it("a second connection of the same device replaces the first", async () => {
    const r = await rig();
    const first = await connect(r);
    await first.send(heartbeat(1));
    await waitFor(() => first.with(3).length === 1, "the first confirm");
    const second = await connect(r);
    await second.send(heartbeat(2));
    await waitFor(() => first.closed, "the first connection closed");
    await waitFor(() => second.with(3).length === 1, "the second's confirm");
    expect(r.metrics.count("replaced")).toBe(1);
    expect(r.gateway.stats().sessions).toBe(1);
    // its settings changed: the gateway closes it so that it comes back under them
    expect(r.gateway.disconnect(`uitd-${A}`)).toBe(true);
    await waitFor(() => second.closed, "the session closed");
    expect(r.gateway.disconnect(`uitd-${A}`)).toBe(false);
    expect(r.metrics.count("reconfigured")).toBe(1);
  });

  it("refuses an address that reconnects too often (two devices with one address)", async () => {
    const r = await rig({ replacementsPerMinute: 2 });
    const a1 = await connect(r);
    await a1.send(heartbeat(1));
    const a2 = await connect(r);
    await a2.send(heartbeat(2));
    await waitFor(() => a1.closed, "the first replaced");
    const a3 = await connect(r);
    await a3.send(heartbeat(3));
    await waitFor(() => a3.closed, "the third refused");
    expect(a2.closed).toBe(false);
    expect(r.metrics.count("replaced_too_often")).toBe(1);
  });

  it("a session's garbage and broken frames leave another session's fire untouched", async () => {
    const r = await rig();
    const a = await connect(r);
    const b = await connect(r);
    await a.send(heartbeat(1));
    await b.send(heartbeat(1, B));
    await waitFor(() => a.with(3).length === 1 && b.with(3).length === 1, "both sessions");
    await a.send(Buffer.concat([Buffer.alloc(3000, 0x40), frameBytes({ serial: 9, source: A, spoilChecksum: 7 })]));
    await b.send(frameBytes({ serial: 2, source: B, data: componentStateData(7, 3) }));
    await waitFor(() => b.with(3).length === 2, "B's fire confirmed");
    await a.send(heartbeat(10));
    await waitFor(() => a.with(3).length === 2, "A still served");
    expect(a.closed).toBe(false);
    expect(r.store.of(B).map((c) => c.fire)).toEqual([false, true]);
  });

  it("a flood from one session does not hold back another session's fire, and fire is never throttled", async () => {
    const r = await rig({ framesPerSecond: 10, frameBurst: 20 });
    r.store.hold.add(A); // A's frames stay in the store: nothing of A ever completes
    const a = await connect(r);
    const b = await connect(r);
    await b.send(heartbeat(1, B));
    await waitFor(() => b.with(3).length === 1, "B's session");
    const flood = Buffer.concat(Array.from({ length: 500 }, (_, i) => heartbeat(i + 1)));
    await a.send(flood);
    await b.send(frameBytes({ serial: 2, source: B, data: componentStateData(7, 3) }));
    await a.send(frameBytes({ serial: 900, source: A, data: componentStateData(8, 3) })); // A's own fire
    await waitFor(() => b.with(3).length === 2, "B's fire confirmed");
    await waitFor(() => r.store.of(A).some((c) => c.fire), "A's fire handed on");
    const order = r.store.calls.map((c) => `${c.device.address === A ? "A" : "B"}${c.fire ? "-fire" : ""}`);
    // A's heartbeats stop at the burst (the clock stands still: no tokens come back); B's fire is called
    // regardless of A's 20 frames waiting in the store, and A's fire passes the throttle
    expect(order.filter((o) => o === "A")).toHaveLength(20);
    expect(order).toContain("B-fire");
    expect(order).toContain("A-fire");
    expect(r.metrics.count("throttled")).toBe(480);
  });

  it("denies every frame of an address nobody registered, and stores nothing", async () => {
    const r = await rig();
    const d = await connect(r);
    await d.send(heartbeat(1, "00000000abcd"));
    await d.send(frameBytes({ serial: 2, source: "00000000abcd", data: componentStateData(1, 3) }));
    await waitFor(() => d.with(6).length === 2, "two denies");
    expect(r.store.calls).toEqual([]);
    expect(r.metrics.count("unknown_device")).toBe(2);
    r.devices.set("00000000abcd", device("00000000abcd")); // registered meanwhile
    r.clock.advance(30_000);
    await d.send(heartbeat(3, "00000000abcd")); // denied, and the address is looked up again
    await d.send(heartbeat(4, "00000000abcd"));
    await waitFor(() => d.with(3).length === 1, "served once registered");
    expect(r.store.calls.map((c) => c.frame.serial)).toEqual([4]);
  });

  it("when the lookup fails, frames get no reply (not a deny) and the device is served once it works", async () => {
    const r = await rig();
    r.lookupFails = true;
    const d = await connect(r);
    await d.send(heartbeat(1));
    await waitFor(() => r.metrics.count("lookup_failed") === 1, "the failure counted");
    r.lookupFails = false;
    r.clock.advance(5000);
    await d.send(heartbeat(2)); // no reply, and the lookup is tried again
    await waitFor(() => r.metrics.count("lookup_failed") === 2, "the second frame counted");
    await d.send(heartbeat(3));
    await waitFor(() => d.with(3).length === 1, "served once the lookup works");
    expect(d.with(6)).toEqual([]);
    expect(r.store.calls.map((c) => c.frame.serial)).toEqual([3]);
  });

  it("fire frames skip the rate limit but not every bound: four times the room in flight, then dropped", async () => {
    const r = await rig({ framesPerSecond: 1, frameBurst: 1, maxInFlight: 2 });
    r.store.hold.add(A);
    const d = await connect(r);
    const fires = Array.from({ length: 12 }, (_, i) =>
      frameBytes({ serial: 100 + i, source: A, data: componentStateData(i + 1, 3) }),
    );
    await d.send(Buffer.concat(fires));
    await waitFor(() => r.store.calls.length === 8 && r.metrics.count("busy") === 4, "eight in flight, four dropped");
    expect(r.store.calls.every((c) => c.fire)).toBe(true);
    r.store.release();
    await waitFor(() => d.with(3).length === 8, "the eight confirmed");
  });

  it("a device whose frames do not match its stored profile is refused by reason, and the mismatch logged", async () => {
    const r = await rig();
    const d = await connect(r);
    // an XOR checksum from a device registered with the standard's sum
    const sumFrame = heartbeat(1);
    const body = sumFrame.subarray(2, sumFrame.length - 3);
    const xor = Buffer.from(sumFrame);
    xor[xor.length - 3] = body.reduce((a, b) => a ^ b, 0);
    expect(xor[xor.length - 3]).not.toBe(sumFrame[sumFrame.length - 3]);
    await d.send(xor);
    await waitFor(() => d.with(6).length === 1, "the deny");
    expect(r.metrics.count("bad_checksum")).toBe(1);
    expect(r.warnings).toContain("gb26875: the device's frames do not match its stored profile");
    expect(r.store.calls).toEqual([]);
  });

  it("closes a connection that sends no frame, and bounds connections that have sent none", async () => {
    const r = await rig({ maxUnidentified: 1, identifyTimeoutMs: 10_000 });
    const quiet = await connect(r);
    await quiet.send(Buffer.from("hello"));
    const extra = await connect(r);
    await waitFor(() => extra.closed, "the connection over the bound refused");
    expect(r.metrics.count("too_many_connections")).toBe(1);
    r.clock.advance(10_001);
    r.gateway.sweep();
    await waitFor(() => quiet.closed, "the quiet connection closed");
    expect(r.metrics.count("identify_timeout")).toBe(1);
    expect(r.metrics.count("garbage")).toBe(1); // what it sent, counted when it was closed
  });

  it("closes gracefully: a frame being stored is still confirmed", async () => {
    const r = await rig();
    r.store.hold.add(A);
    const d = await connect(r);
    await d.send(FIRE);
    await waitFor(() => r.store.calls.length === 1, "the store call");
    const closing = r.gateway.close();
    setTimeout(() => r.store.release(), 20);
    await closing;
    await waitFor(() => d.closed, "the connection ended");
    expect(d.with(3).map((f) => f.serial)).toEqual([0x17]);
  });
});
