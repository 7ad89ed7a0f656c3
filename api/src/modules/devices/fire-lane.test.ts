// Issue 21: a fire alarm enqueued behind 10,000 routine messages is stored, and its effects (the alarm and
// the first escalation step) started, before the routine messages are all processed; nothing is lost.
import { describe, expect, it } from "vitest";
import { IngestPipeline, type AcceptedEvent, type IngestOptions } from "./ingest-pipeline.ts";
import type { BatchLane, BatchResult, EventStore, NewEvent, StatusFold } from "./ingest-store.ts";
import type { DeviceDirectory, DeviceInfo } from "./device-directory.ts";
import { Metrics } from "../../shared/metrics.ts";
import { createLogger } from "../../shared/logger.ts";
import { countTurns } from "../../../../tests/support/turns.ts";
import { FireDoor, ringFireDoor } from "../../shared/fire-door.ts";

const clock = { now: () => new Date("2026-12-02T08:00:00Z") };
const TS = clock.now().getTime();

/** An event store that commits one batch per macrotask (like a real disk) and records what it stored. */
function recordingStore() {
  const committed: { types: string[] }[] = [];
  let nextId = 1;
  const store: EventStore = {
    async insertBatch(events: NewEvent[], fold: StatusFold): Promise<BatchResult> {
      await new Promise((r) => setImmediate(r));
      fold(events.map((_, i) => i));
      committed.push({ types: events.map((e) => e.type) });
      return { ids: events.map(() => nextId++), cameBack: [] };
    },
    async markProcessed() {},
    async pending() {
      return [];
    },
  };
  return { store, committed };
}

const device = { id: "D1" } as unknown as DeviceInfo;
const directory = {
  peek: () => device,
  get: async () => device,
} as unknown as DeviceDirectory;

/** A pipeline over a store whose commits `insertBatch` makes (nothing pending, nothing to mark), effects ignored. */
function pipelineOver(insertBatch: EventStore["insertBatch"], opts?: IngestOptions): IngestPipeline {
  const store: EventStore = {
    insertBatch,
    async markProcessed() {},
    async pending() {
      return [];
    },
  };
  return new IngestPipeline(
    store,
    directory,
    async () => {},
    new Metrics({ defaults: false }),
    clock,
    createLogger("silent"),
    opts,
  );
}

describe("the fire lane", () => {
  it("stores a fire alarm queued behind 10,000 routine messages before most of them, and applies it first", async () => {
    const { store, committed } = recordingStore();
    const applied: string[] = [];
    let routineBatchesApplied = 0;
    // the sink is slow for routine effects (each batch takes several macrotasks), as alarms and receipts are
    const sink = async (events: AcceptedEvent[]) => {
      const fire = events.some((e) => e.msg.type === "smoke_alarm");
      if (!fire) {
        for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
        routineBatchesApplied++;
      }
      for (const e of events) applied.push(e.msg.type);
    };
    const log = createLogger("silent");
    const ingest = new IngestPipeline(store, directory, sink, new Metrics({ defaults: false }), clock, log, {
      maxBatch: 500,
    });

    const routine: Promise<unknown>[] = [];
    for (let i = 0; i < 10_000; i++)
      routine.push(
        // low battery has an effect (an alarm), so routine effects queue up too
        ingest.submit("D1", JSON.stringify({ id: `r${i}`, ts: TS, type: "low_battery", battery: 9 }), "test"),
      );
    const fire = ingest.submit("D1", JSON.stringify({ id: "fire-1", ts: TS, type: "smoke_alarm" }), "test");
    const stored = await fire;
    expect(stored.outcome).toBe("stored");

    // the fire went into the second commit at the latest: the one already running when it arrived, then it
    const fireCommit = committed.findIndex((c) => c.types.includes("smoke_alarm"));
    expect(fireCommit).toBeGreaterThanOrEqual(0);
    expect(fireCommit).toBeLessThanOrEqual(1);
    expect(committed[fireCommit]!.types).toEqual(["smoke_alarm"]);
    const routineStoredBeforeFire = committed.slice(0, fireCommit).reduce((n, c) => n + c.types.length, 0);
    expect(routineStoredBeforeFire).toBeLessThan(10_000);

    // its effects started before the routine ones were all applied
    await expect.poll(() => applied.includes("smoke_alarm"), { timeout: 10_000 }).toBe(true);
    expect(routineBatchesApplied).toBeLessThan(10_000 / 500);

    // and nothing was lost: every routine message is stored and applied in the end
    const outcomes = await Promise.all(routine);
    expect(outcomes.every((o) => (o as { outcome: string }).outcome === "stored")).toBe(true);
    await ingest.drain();
    expect(applied.filter((t) => t === "low_battery")).toHaveLength(10_000);
    expect(committed.reduce((n, c) => n + c.types.length, 0)).toBe(10_001);
  });

  it("commits a fire message in the read that brought it, before routine messages waiting for their commit", async () => {
    // SQLite commits synchronously: the fire is stored before the event loop runs anything else
    const committed: string[][] = [];
    let nextId = 1;
    const store: EventStore = {
      async insertBatch(events: NewEvent[], fold: StatusFold): Promise<BatchResult> {
        fold(events.map((_, i) => i));
        committed.push(events.map((e) => e.type));
        return { ids: events.map(() => nextId++), cameBack: [] };
      },
      async markProcessed() {},
      async pending() {
        return [];
      },
    };
    const applied: string[] = [];
    const ingest = new IngestPipeline(
      store,
      directory,
      async (events) => void applied.push(...events.map((e) => e.msg.type)),
      new Metrics({ defaults: false }),
      clock,
      createLogger("silent"),
    );
    const routine = Array.from({ length: 100 }, (_, i) =>
      ingest.submit("D1", JSON.stringify({ id: `r${i}`, ts: TS, type: "low_battery", battery: 9 }), "test"),
    );
    expect(committed).toEqual([]); // routine messages wait for the loop's next turn, to commit together
    const fire = ingest.submit("D1", JSON.stringify({ id: "fire-1", ts: TS, type: "smoke_alarm" }), "test");
    expect(committed[0]).toEqual(["smoke_alarm"]); // stored already, before any other callback ran
    expect((await fire).outcome).toBe("stored");
    // the routine ones follow, each stored exactly once
    expect((await Promise.all(routine)).every((o) => o.outcome === "stored")).toBe(true);
    await ingest.drain();
    expect(committed.flat().filter((t) => t === "low_battery")).toHaveLength(100);
    expect(committed.flat()).toHaveLength(101);
    expect(applied.filter((t) => t === "smoke_alarm")).toHaveLength(1);
  });

  it("commits one routine batch a turn of the event loop, so a fire read between turns is stored at once", async () => {
    // SQLite commits synchronously: without turns, 2,000 routine messages would be one task of the loop
    const committed: { types: string[]; turn: number }[] = [];
    const turns = countTurns();
    let nextId = 1;
    const ingest = pipelineOver(
      async (events: NewEvent[], fold: StatusFold): Promise<BatchResult> => {
        fold(events.map((_, i) => i));
        committed.push({ types: events.map((e) => e.type), turn: turns.turn });
        return { ids: events.map(() => nextId++), cameBack: [] };
      },
      { routinePerTurn: 200 },
    );
    const routine = Array.from({ length: 2000 }, (_, i) =>
      ingest.submit("D1", JSON.stringify({ id: `r${i}`, ts: TS, type: "heartbeat" }), "test"),
    );
    // a fire read after the second routine commit, as a socket read is between two turns
    await new Promise<void>((resolve) => {
      const watch = () => (committed.length >= 2 ? resolve() : setImmediate(watch));
      setImmediate(watch);
    });
    const fire = ingest.submit("D1", JSON.stringify({ id: "fire-1", ts: TS, type: "smoke_alarm" }), "test");
    expect(committed.at(-1)!.types).toEqual(["smoke_alarm"]); // stored in the read that brought it
    expect(committed.filter((c) => !c.types.includes("smoke_alarm")).length).toBeLessThan(10);
    expect((await fire).outcome).toBe("stored");
    expect((await Promise.all(routine)).every((o) => o.outcome === "stored")).toBe(true);
    await ingest.drain();
    turns.stop();

    const batches = committed.filter((c) => c.types[0] === "heartbeat");
    expect(batches).toHaveLength(10);
    expect(batches.every((c) => c.types.length === 200)).toBe(true);
    // each routine commit in a turn of its own
    expect(new Set(batches.map((c) => c.turn)).size).toBe(10);
  });

  it("ends a routine commit early for a fire handed over while it is written, and stores the rest after", async () => {
    // SQLite's commit holds the thread: the store asks `stop` every 8 rows, as the SQLite store does, and
    // another thread rings the fire door while the routine commit's 40th row is written
    const committed: string[][] = [];
    const lanes: boolean[] = []; // each commit: in the fire lane (PostgreSQL: the fire path's connections)
    let nextId = 1;
    let ringAt: number | null = 40;
    const ingest = pipelineOver(
      async (events: NewEvent[], fold: StatusFold, lane?: BatchLane): Promise<BatchResult> => {
        const stop = lane?.stop;
        lanes.push(lane?.fire === true);
        let taken = events.length;
        for (let i = 8; i < events.length; i += 8) {
          if (i === ringAt) {
            ringAt = null;
            ringFireDoor(door.outside, JSON.stringify({ id: "fire-1", ts: TS, type: "smoke_alarm" }));
          }
          if (stop?.()) {
            taken = i;
            break;
          }
        }
        fold(Array.from({ length: taken }, (_, i) => i));
        committed.push(events.slice(0, taken).map((e) => e.msgId));
        return { ids: events.slice(0, taken).map(() => nextId++), cameBack: [], taken };
      },
    );
    let fire: Promise<unknown> | null = null;
    const door = new FireDoor<string>((text) => {
      fire = ingest.submit("D1", text, "test");
    });
    try {
      const routine = Array.from({ length: 1000 }, (_, i) =>
        ingest.submit("D1", JSON.stringify({ id: `r${i}`, ts: TS, type: "heartbeat" }), "test"),
      );
      const outcomes = await Promise.all(routine);
      expect(fire).not.toBeNull();
      expect(await fire).toMatchObject({ outcome: "stored" });
      await ingest.drain();

      // the routine commit took the 40 rows written, the fire came next, then the rest of the batch
      expect(committed[0]).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`));
      expect(committed[1]).toEqual(["fire-1"]);
      expect(lanes.slice(0, 3)).toEqual([false, true, false]);
      expect(committed.slice(2).flat()).toEqual(Array.from({ length: 960 }, (_, i) => `r${i + 40}`));
      // each routine message stored once and answered once
      expect(outcomes.every((o) => o.outcome === "stored")).toBe(true);
      expect(committed.flat()).toHaveLength(1001);
    } finally {
      door.close();
    }
  });

  it("keeps fire messages of one device in order: an alarm, then smoke gone", async () => {
    const { store } = recordingStore();
    const applied: string[] = [];
    const ingest = new IngestPipeline(
      store,
      directory,
      async (events) => void applied.push(...events.map((e) => e.msg.type)),
      new Metrics({ defaults: false }),
      clock,
      createLogger("silent"),
    );
    await Promise.all([
      ingest.submit("D1", JSON.stringify({ id: "a", ts: TS, type: "smoke_alarm" }), "test"),
      ingest.submit("D1", JSON.stringify({ id: "b", ts: TS + 1, type: "smoke_clear" }), "test"),
    ]);
    await ingest.drain();
    expect(applied).toEqual(["smoke_alarm", "smoke_clear"]);
  });
  it("with commits that run at once (PostgreSQL), stores fire beside a routine commit, one device a commit, in order", async () => {
    const commits: { lane: "fire" | "routine"; ids: string[] }[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    let nextId = 1;
    const store: EventStore = {
      fireApart: true,
      async insertBatch(events: NewEvent[], fold: StatusFold, lane?: BatchLane): Promise<BatchResult> {
        const fire = lane?.fire === true;
        if (!fire)
          await held; // the routine commit is slow: the server is busy
        else await new Promise((r) => setImmediate(r));
        fold(events.map((_, i) => i));
        commits.push({ lane: fire ? "fire" : "routine", ids: events.map((e) => `${e.deviceId}/${e.msgId}`) });
        return { ids: events.map(() => nextId++), cameBack: [] };
      },
      async markProcessed() {},
      async pending() {
        return [];
      },
    };
    const devices = new Map(["D1", "D2", "D3"].map((id) => [id, { id } as unknown as DeviceInfo]));
    const dir = { peek: (id: string) => devices.get(id), get: async (id: string) => devices.get(id) ?? null };
    const ingest = new IngestPipeline(
      store,
      dir as unknown as DeviceDirectory,
      async () => {},
      new Metrics({ defaults: false }),
      clock,
      createLogger("silent"),
    );
    const msg = (id: string, type: string) => JSON.stringify({ id, ts: TS, type });
    const routine = Array.from({ length: 50 }, (_, i) => ingest.submit("D1", msg(`r${i}`, "heartbeat"), "test"));
    await new Promise((r) => setImmediate(r)); // the routine commit has begun, and is held
    const fires = [
      ingest.submit("D2", msg("f1", "smoke_alarm"), "test"),
      ingest.submit("D3", msg("g1", "smoke_alarm"), "test"),
      ingest.submit("D2", msg("f2", "smoke_clear"), "test"),
    ];
    // all three stored and answered while the routine commit still waits
    expect((await Promise.all(fires)).map((o) => o.outcome)).toEqual(["stored", "stored", "stored"]);
    expect(commits).toEqual([
      { lane: "fire", ids: ["D2/f1"] },
      { lane: "fire", ids: ["D3/g1"] },
      { lane: "fire", ids: ["D2/f2"] },
    ]);
    release();
    expect((await Promise.all(routine)).every((o) => o.outcome === "stored")).toBe(true);
    await ingest.drain();
    expect(commits.filter((c) => c.lane === "routine").flatMap((c) => c.ids)).toHaveLength(50);
  });
});

describe("a commit the database refuses for one message's data", () => {
  /** a store that refuses, as PostgreSQL would, any commit holding a message whose id starts with "poison" */
  function pickyStore(error: { code: string; message: string }) {
    const commits: string[][] = [];
    let nextId = 1;
    const insertBatch = async (events: NewEvent[], fold: StatusFold): Promise<BatchResult> => {
      await new Promise((r) => setImmediate(r));
      commits.push(events.map((e) => e.msgId));
      if (events.some((e) => e.msgId.startsWith("poison"))) throw Object.assign(new Error(error.message), error);
      fold(events.map((_, i) => i));
      return { ids: events.map(() => nextId++), cameBack: [] };
    };
    return { commits, insertBatch };
  }
  const heartbeat = (id: string) => JSON.stringify({ id, ts: TS, type: "heartbeat" });

  it("stores the others, one at a time, and refuses only that one", async () => {
    const { commits, insertBatch } = pickyStore({ code: "22021", message: "invalid byte sequence" });
    const ingest = pipelineOver(insertBatch);
    const ids = ["a", "b", "poison", "c", "d"];
    const outcomes = await Promise.allSettled(ids.map((id) => ingest.submit("D1", heartbeat(id), "test")));
    await ingest.drain();
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(commits[0]).toEqual(ids); // the batch as it came
    expect(commits.slice(1)).toEqual(ids.map((id) => [id])); // then each on its own
    // later messages are batched again
    await Promise.all(["e", "f"].map((id) => ingest.submit("D1", heartbeat(id), "test")));
    expect(commits.at(-1)).toEqual(["e", "f"]);
  });

  it("refuses the whole batch at once when the database is out of reach (no retry message by message)", async () => {
    const { commits, insertBatch } = pickyStore({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" });
    const ingest = pipelineOver(insertBatch);
    const outcomes = await Promise.allSettled(
      ["poison1", "x", "y"].map((id) => ingest.submit("D1", heartbeat(id), "test")),
    );
    await ingest.drain();
    expect(outcomes.every((o) => o.status === "rejected")).toBe(true);
    expect(commits).toHaveLength(1);
  });
});
