// Routine effects in bigger batches under load (issue 15's readings): the commits that end while a batch of
// effects is being applied are applied together after it, in the order they were stored, each event once,
// at most four commits' worth at a time; with nothing being applied, a commit's effects start at once.
import { describe, expect, it } from "vitest";
import { IngestPipeline, type AcceptedEvent } from "./ingest-pipeline.ts";
import type { BatchResult, EventStore, NewEvent, StatusFold } from "./ingest-store.ts";
import type { DeviceDirectory, DeviceInfo } from "./device-directory.ts";
import { Metrics } from "../../shared/metrics.ts";
import { createLogger } from "../../shared/logger.ts";

const clock = { now: () => new Date("2026-12-02T08:00:00Z") };
const TS = clock.now().getTime();

function store(): { store: EventStore; commits: number[] } {
  const commits: number[] = [];
  let nextId = 1;
  return {
    commits,
    store: {
      async insertBatch(events: NewEvent[], fold: StatusFold): Promise<BatchResult> {
        await new Promise((r) => setImmediate(r));
        fold(events.map((_, i) => i));
        commits.push(events.length);
        return { ids: events.map(() => nextId++), cameBack: [] };
      },
      async markProcessed() {},
      async pending() {
        return [];
      },
    },
  };
}

const device = { id: "D1" } as unknown as DeviceInfo;
const directory = { peek: () => device, get: async () => device } as unknown as DeviceDirectory;
const reading = (i: number) => JSON.stringify({ id: `m${i}`, ts: TS + i, type: "reading", values: { level_m: 3.1 } });

describe("routine effects under load", () => {
  it("applies the commits that end during a slow batch of effects together, in order, each event once", async () => {
    const { store: s, commits } = store();
    const groups: number[] = [];
    const applied: string[] = [];
    // each batch of effects takes several macrotasks, as a run of readings and its alarms do
    const sink = async (events: AcceptedEvent[]) => {
      for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
      groups.push(events.length);
      for (const e of events) applied.push(e.msgId);
    };
    const maxBatch = 100;
    const ingest = new IngestPipeline(
      s,
      directory,
      sink,
      new Metrics({ defaults: false }),
      clock,
      createLogger("silent"),
      {
        maxBatch,
      },
    );
    const outcomes = await Promise.all(Array.from({ length: 3000 }, (_, i) => ingest.submit("D1", reading(i), "test")));
    expect(outcomes.every((o) => o.outcome === "stored")).toBe(true);
    await ingest.drain();

    expect(applied).toEqual(Array.from({ length: 3000 }, (_, i) => `m${i}`));
    expect(commits.length).toBeGreaterThanOrEqual(30);
    expect(groups.length).toBeLessThan(commits.length); // commits were applied together
    expect(Math.max(...groups)).toBeLessThanOrEqual(maxBatch * 4);
    expect(Math.max(...groups)).toBeGreaterThan(maxBatch);
  });

  it("starts a commit's effects at once when nothing is being applied", async () => {
    const { store: s } = store();
    const groups: string[][] = [];
    const ingest = new IngestPipeline(
      s,
      directory,
      async (events) => void groups.push(events.map((e) => e.msgId)),
      new Metrics({ defaults: false }),
      clock,
      createLogger("silent"),
    );
    await ingest.submit("D1", reading(1), "test");
    await ingest.drain();
    await ingest.submit("D1", reading(2), "test");
    await ingest.drain();
    expect(groups).toEqual([["m1"], ["m2"]]);
  });
});
