// The panel ingest's order of work, with the event store, the intake and the alarms replaced by recorders:
// a frame is answered only once its events are committed; a fire frame joins the next commit ahead of the
// routine frames waiting (with commits that run at once, as on PostgreSQL, beside a routine commit running,
// one device's frames a commit); a failed commit answers nothing and tells the intake; fire alarms are applied on
// their own chain, so a slow fault alarm does not hold them; stored duplicates answer "duplicate".
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { createLogger } from "../../shared/logger.ts";
import type { AlarmService } from "../alarms/alarm-service.ts";
import type { EventStore, NewEvent } from "../devices/ingest-store.ts";
import type { StatusStore } from "../devices/status-store.ts";
import type { Prisma } from "../../db/client.ts";
import type { PanelEvent, PanelEventType } from "./panel-event.ts";
import type { PanelFrame } from "./panel-frame.ts";
import type { PanelIntake, PreparedFrame } from "./panel-intake.ts";
import { PanelIngest } from "./panel-ingest.ts";
import { countTurns } from "../../../../tests/support/turns.ts";

const clock = new ManualClock();

function panelFrame(
  id: string,
  type: PanelEventType,
  point = `1/1/${id}`,
  deviceId = "UITD-1",
): PanelFrame & { test: PanelEvent } {
  const event: PanelEvent = {
    deviceId,
    msgId: `${id}:0`,
    ts: clock.now().getTime(),
    type,
    fields: { unitId: "u1", transmissionDeviceId: "td1", address: "000000000001", point },
    source: "gb26875",
    raw: "4040",
  };
  return {
    deviceId,
    address: "000000000001",
    frameId: id,
    receivedAt: clock.now(),
    sentAt: null,
    raw: "4040",
    upload: null,
    test: event,
  };
}

interface Rig {
  ingest: PanelIngest;
  batches: NewEvent[][];
  /** each commit's lane as the store was told it */
  lanes: ("fire" | "routine")[];
  settled: boolean[];
  applied: string[];
  release(): void;
  failNext(): void;
  slowFaults: { release(): void };
}

/**
 * `holdCommits`: every commit waits for release(); `apart`: the store commits at once, as PostgreSQL's does
 * (EventStore.fireApart), and only routine commits wait for release()
 */
function rig(opts: { maxBatch?: number; holdCommits?: boolean; apart?: boolean } = {}): Rig {
  const batches: NewEvent[][] = [];
  const lanes: ("fire" | "routine")[] = [];
  const settled: boolean[] = [];
  const applied: string[] = [];
  const seen = new Set<string>();
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  if (opts.holdCommits || opts.apart) gate = new Promise((r) => (open = r));
  let fail = false;
  let nextId = 1;
  const store: EventStore = {
    ...(opts.apart ? { fireApart: true } : {}),
    async insertBatch(events, _fold, lane) {
      batches.push(events);
      lanes.push(lane?.fire ? "fire" : "routine");
      if (!opts.apart || !lane?.fire) await gate;
      if (fail) {
        fail = false;
        throw new Error("disk full");
      }
      return {
        ids: events.map((e) => {
          const key = `${e.deviceId}/${e.msgId}`;
          if (seen.has(key)) return null;
          seen.add(key);
          return nextId++;
        }),
        cameBack: [],
      };
    },
    async markProcessed() {},
    async pending() {
      return [];
    },
  };
  const intake = {
    async prepare(f: PanelFrame & { test: PanelEvent }): Promise<PreparedFrame> {
      return { events: [f.test], settle: async (ok: boolean) => void settled.push(ok) };
    },
  } as unknown as PanelIntake;
  let releaseFaults: () => void = () => undefined;
  const faultsHeld = new Promise<void>((r) => (releaseFaults = r));
  const alarms = {
    async raiseAt(_d: unknown, kind: string, _at: Date, key: string) {
      if (kind !== "FIRE") await faultsHeld;
      applied.push(`${kind} ${key}`);
      return { outcome: "created", alarm: null };
    },
    async clearAt() {
      return { outcome: "ignored", alarm: null };
    },
    async noteAt() {
      return { outcome: "ignored", alarm: null };
    },
    async clearFromDevice() {
      return { outcome: "ignored", alarm: null };
    },
  } as unknown as AlarmService;
  const prisma = {
    device: {
      findUnique: async () => ({
        id: "UITD-1",
        mode: "NORMAL",
        householdId: null,
        communityId: null,
        unitId: "u1",
        name: null,
      }),
    },
    keyPart: { findUnique: async () => null },
  } as unknown as Prisma;
  const ingest = new PanelIngest({
    prisma,
    intake,
    store,
    status: { markOffline: async () => [] } as StatusStore,
    alarms,
    clock,
    log: createLogger("silent"),
    ...(opts.maxBatch ? { maxBatch: opts.maxBatch } : {}),
  });
  return {
    ingest,
    batches,
    lanes,
    settled,
    applied,
    release: () => open(),
    failNext: () => (fail = true),
    slowFaults: { release: () => releaseFaults() },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("panel ingest", () => {
  it("answers a frame only once its events are committed", async () => {
    const r = rig({ holdCommits: true });
    let answered = false;
    const p = r.ingest.submit(panelFrame("a", "heartbeat")).then((o) => ((answered = true), o));
    for (let i = 0; i < 5; i++) await tick();
    expect(r.batches).toHaveLength(1); // the commit is running
    expect(answered).toBe(false);
    r.release();
    expect(await p).toEqual({ outcome: "stored" });
  });

  it("commits a fire frame in the read that brought it, ahead of routine frames waiting for their turn", async () => {
    const r = rig({ maxBatch: 5 });
    const routine = Array.from({ length: 20 }, (_, i) => r.ingest.submit(panelFrame(`r${i}`, "heartbeat")));
    const fire = r.ingest.submit(panelFrame("f", "panel_fire"));
    await Promise.all([...routine, fire]);
    expect(r.batches[0]!.map((e) => e.type)).toEqual(["panel_fire"]);
    expect(r.batches.map((b) => b.length)).toEqual([1, 5, 5, 5, 5]);
  });

  it("commits routine frames one batch a turn of the event loop, a fire frame ahead of those still waiting", async () => {
    const r = rig({ maxBatch: 5 });
    const counter = countTurns();
    const turns: number[] = [];
    const routine = Array.from({ length: 20 }, (_, i) =>
      r.ingest.submit(panelFrame(`r${i}`, "heartbeat")).then(() => void turns.push(counter.turn)),
    );
    while (r.batches.length < 2) await tick();
    const fire = r.ingest.submit(panelFrame("f", "panel_fire"));
    await Promise.all([...routine, fire]);
    counter.stop();
    // the fire was committed on its own as it came, ahead of the ten routine frames still queued
    expect(r.batches.map((b) => b.map((e) => e.type)[0])).toEqual([
      "heartbeat",
      "heartbeat",
      "panel_fire",
      "heartbeat",
      "heartbeat",
    ]);
    expect(r.batches.map((b) => b.length)).toEqual([5, 5, 1, 5, 5]);
    // four commits of routine frames, each answered in a turn of its own
    expect(new Set(turns).size).toBe(4);
  });

  it("with commits that run at once (PostgreSQL), stores fire frames beside a routine commit, one device a commit, in order", async () => {
    const r = rig({ apart: true });
    const routine = Array.from({ length: 20 }, (_, i) => r.ingest.submit(panelFrame(`r${i}`, "heartbeat")));
    for (let i = 0; i < 3; i++) await tick();
    expect(r.lanes).toEqual(["routine"]); // the routine commit has begun, and is held
    const fires = [
      r.ingest.submit(panelFrame("f1", "panel_fire", "1/1/1", "UITD-2")),
      r.ingest.submit(panelFrame("f2", "panel_fire", "1/1/2", "UITD-2")),
      r.ingest.submit(panelFrame("g1", "panel_fire", "1/1/1", "UITD-3")),
      r.ingest.submit(panelFrame("f3", "panel_fire", "1/1/3", "UITD-2")),
    ];
    // all stored and answered while the routine commit still waits: one device's frames a commit, in order
    expect(await Promise.all(fires)).toEqual(fires.map(() => ({ outcome: "stored" })));
    const fireCommits = r.batches.filter((_, i) => r.lanes[i] === "fire");
    expect(fireCommits.map((b) => b.map((e) => `${e.deviceId}/${e.msgId}`))).toEqual([
      ["UITD-2/f1:0"],
      ["UITD-2/f2:0"],
      ["UITD-3/g1:0"],
      ["UITD-2/f3:0"],
    ]);
    r.release();
    expect((await Promise.all(routine)).every((o) => o.outcome === "stored")).toBe(true);
    await r.ingest.drain();
    // no routine commit carried a fire frame
    expect(
      r.batches
        .filter((_, i) => r.lanes[i] === "routine")
        .flat()
        .map((e) => e.type),
    ).toEqual(routine.map(() => "heartbeat"));
  });

  it("answers nothing when the commit fails, and tells the intake so", async () => {
    const r = rig();
    r.failNext();
    await expect(r.ingest.submit(panelFrame("x", "panel_fault"))).rejects.toThrow("disk full");
    expect(r.settled).toEqual([false]);
    // sent again, it is stored
    expect(await r.ingest.submit(panelFrame("x", "panel_fault"))).toEqual({ outcome: "stored" });
  });

  it("says duplicate for a frame whose events are all stored already", async () => {
    const r = rig();
    expect(await r.ingest.submit(panelFrame("d", "heartbeat"))).toEqual({ outcome: "stored" });
    expect(await r.ingest.submit(panelFrame("d", "heartbeat"))).toEqual({ outcome: "duplicate" });
  });

  it("applies fire alarms on their own chain: a slow fault alarm does not hold them", async () => {
    const r = rig();
    await r.ingest.submit(panelFrame("f1", "panel_fault"));
    await r.ingest.submit(panelFrame("f2", "panel_fire"));
    for (let i = 0; i < 20 && r.applied.length === 0; i++) await tick();
    expect(r.applied).toEqual(["FIRE UITD-1/f2:0"]);
    r.slowFaults.release();
    await r.ingest.drain();
    expect(r.applied).toEqual(["FIRE UITD-1/f2:0", "PANEL_FAULT UITD-1/f1:0"]);
    expect(r.settled).toEqual([true, true]);
  });
});
