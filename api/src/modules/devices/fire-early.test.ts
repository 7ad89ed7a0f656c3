// A fire's raise beside its commit (issue 21, PostgreSQL): a smoke alarm's raise starts while its event is being
// committed, the effects take that raise instead of raising again, and a device's fire effects still apply in
// the order it sent them. Nothing is acknowledged before the event is stored.
import { describe, expect, it } from "vitest";
import { IngestPipeline, type AcceptedEvent, type EarlyRaise } from "./ingest-pipeline.ts";
import type { BatchResult, EventStore, NewEvent, StatusFold } from "./ingest-store.ts";
import type { DeviceDirectory, DeviceInfo } from "./device-directory.ts";
import type { AlarmChange } from "../alarms/alarm-types.ts";
import { Metrics } from "../../shared/metrics.ts";
import { createLogger } from "../../shared/logger.ts";

const clock = { now: () => new Date("2026-12-02T08:00:00Z") };
const TS = clock.now().getTime();
const directory = {
  peek: (id: string) => ({ id }) as unknown as DeviceInfo,
  get: async (id: string) => ({ id }) as unknown as DeviceInfo,
} as unknown as DeviceDirectory;
const fire = (id: string) => JSON.stringify({ id, ts: TS, type: "smoke_alarm" });
const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** A promise and the functions that settle it. */
function held<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A store whose commits wait until the test lets each one go; `apart` as PostgreSQL's store says. */
function gatedStore(apart: boolean) {
  const gates: { events: NewEvent[]; go: ReturnType<typeof held<void>> }[] = [];
  let nextId = 1;
  const store: EventStore = {
    fireApart: apart,
    async insertBatch(events: NewEvent[], fold: StatusFold): Promise<BatchResult> {
      const gate = { events, go: held<void>() };
      gates.push(gate);
      await gate.go.promise;
      fold(events.map((_, i) => i));
      return { ids: events.map(() => nextId++), cameBack: [] };
    },
    async markProcessed() {},
    async pending() {
      return [];
    },
  };
  return { store, gates };
}

/** An early raise that records what it was asked and answers when the test says. */
function recordingEarly() {
  const asked: { msgId: string; answer: ReturnType<typeof held<AlarmChange | null>> }[] = [];
  const early: EarlyRaise = (event) => {
    const answer = held<AlarmChange | null>();
    asked.push({ msgId: event.msgId, answer });
    return answer.promise;
  };
  return { early, asked };
}

const change = { outcome: "created", alarm: null } as unknown as AlarmChange;

function pipeline(store: EventStore, early: EarlyRaise, sink: (events: AcceptedEvent[]) => Promise<void>) {
  return new IngestPipeline(store, directory, sink, new Metrics({ defaults: false }), clock, createLogger("silent"), {
    early,
  });
}

describe("a fire's raise beside its commit", () => {
  it("starts while the fire's event is being committed, acknowledges only once stored, and hands the raise on", async () => {
    const { store, gates } = gatedStore(true);
    const { early, asked } = recordingEarly();
    const applied: AcceptedEvent[] = [];
    const ingest = pipeline(store, early, async (events) => void applied.push(...events));

    let acknowledged = false;
    const submitted = ingest.submit("D1", fire("f1"), "test").then((o) => ((acknowledged = true), o));
    await ticks();
    expect(gates).toHaveLength(1); // the commit is running, held
    expect(asked.map((a) => a.msgId)).toEqual(["f1"]); // and the raise has started beside it
    expect(acknowledged).toBe(false);

    asked[0]!.answer.resolve(change);
    await ticks();
    expect(acknowledged).toBe(false); // the raise is done, the event not yet stored: nothing acknowledged
    gates[0]!.go.resolve();
    expect((await submitted).outcome).toBe("stored");
    await ingest.drain();
    expect(applied.map((e) => e.msgId)).toEqual(["f1"]);
    expect(await applied[0]!.early).toBe(change); // the effects take this raise, not a second one
  });

  it("does not start one where fire commits with the routine (SQLite), nor for routine messages", async () => {
    const { store, gates } = gatedStore(false);
    const { early, asked } = recordingEarly();
    const applied: AcceptedEvent[] = [];
    const ingest = pipeline(store, early, async (events) => void applied.push(...events));
    const submitted = ingest.submit("D1", fire("f1"), "test");
    await ticks();
    gates[0]!.go.resolve();
    await submitted;
    await ingest.drain();
    expect(asked).toEqual([]);
    expect(applied[0]!.early).toBeUndefined();

    const apart = gatedStore(true);
    const e2 = recordingEarly();
    const ingest2 = pipeline(apart.store, e2.early, async () => {});
    const low = ingest2.submit("D1", JSON.stringify({ id: "r1", ts: TS, type: "low_battery", battery: 9 }), "test");
    await ticks();
    apart.gates[0]!.go.resolve();
    await low;
    await ingest2.drain();
    expect(e2.asked).toEqual([]);
  });

  it("keeps a device's fire effects in order: no early raise while its earlier fire is being applied", async () => {
    const { store, gates } = gatedStore(true);
    const { early, asked } = recordingEarly();
    const applying = held<void>();
    const applied: string[] = [];
    const ingest = pipeline(store, early, async (events) => {
      if (events.some((e) => e.msgId === "a1")) await applying.promise;
      for (const e of events) applied.push(e.msgId);
    });

    const first = ingest.submit("D1", fire("a1"), "test");
    await ticks();
    asked[0]!.answer.resolve(change);
    gates[0]!.go.resolve();
    await first;
    await ticks(); // a1's effects are being applied, held

    // smoke gone and another alarm from the same device: applied after a1, in order, nothing raised early
    const gone = ingest.submit("D1", JSON.stringify({ id: "a2", ts: TS + 1, type: "smoke_clear" }), "test");
    await ticks();
    gates[1]!.go.resolve();
    await gone;
    const again = ingest.submit("D1", fire("a3"), "test");
    await ticks();
    gates[2]!.go.resolve();
    await again;
    // another device's fire meanwhile is raised beside its commit
    const other = ingest.submit("D2", fire("b1"), "test");
    await ticks();
    expect(asked.map((a) => a.msgId)).toEqual(["a1", "b1"]);
    asked[1]!.answer.resolve(change);
    gates[3]!.go.resolve();
    await other;

    applying.resolve();
    await ingest.drain();
    expect(applied.filter((id) => id.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
  });

  it("a fire whose commit fails is not acknowledged; sent again, it is stored and raised beside its commit again", async () => {
    const { store, gates } = gatedStore(true);
    const { early, asked } = recordingEarly();
    const applied: AcceptedEvent[] = [];
    const ingest = pipeline(store, early, async (events) => void applied.push(...events));

    const lost = ingest.submit("D1", fire("f1"), "test");
    await ticks();
    gates[0]!.go.reject(new Error("connection terminated"));
    await expect(lost).rejects.toThrow("connection terminated");
    const drained = ingest.drain();
    let done = false;
    void drained.then(() => (done = true));
    await ticks();
    expect(done).toBe(false); // drain waits for the raise that nothing else waits for
    asked[0]!.answer.resolve(change);
    await drained;
    expect(applied).toEqual([]);

    // the device sends it again (it had no acknowledgement): stored, and the raise asked again, by the same key
    const again = ingest.submit("D1", fire("f1"), "test");
    await ticks();
    expect(asked.map((a) => a.msgId)).toEqual(["f1", "f1"]);
    asked[1]!.answer.resolve({ outcome: "ignored", alarm: null, reason: "redelivered message" } as AlarmChange);
    gates[1]!.go.resolve();
    expect((await again).outcome).toBe("stored");
    await ingest.drain();
    expect(applied.map((e) => e.msgId)).toEqual(["f1"]);
  });
});
