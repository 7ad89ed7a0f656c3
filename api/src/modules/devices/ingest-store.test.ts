// The event store's batch commit ended early (issue 21): SQLite commits on the API's thread, so a fire handed
// over while a routine batch of 1,000 is being written waited for all of it. Asked between rows, `stop` ends
// the batch: the rows written so far are committed, `taken` says how many, and the rest are untouched, to be
// stored by a later commit, each once. PostgreSQL's commit does not hold the thread: it takes the whole batch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { createEventStore, type EventStore, type NewEvent } from "./ingest-store.ts";

const AT = new Date("2026-12-05T08:00:00Z");
const events = (from: number, n: number): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    deviceId: "D1",
    msgId: `m${from + i}`,
    type: "heartbeat",
    ts: AT,
    receivedAt: AT,
    source: "test",
    payload: "{}",
    pending: false,
  }));
const noStatus = () => [];

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a batch commit ended early on ${provider}`, () => {
    let m: ModuleDb;
    let store: EventStore;
    beforeAll(async () => {
      m = await openModuleDb(provider);
      store = createEventStore(m.db.driver);
    });
    afterAll(() => m?.close());
    const stored = () => m.db.prisma.deviceEvent.findMany({ where: { deviceId: "D1" }, select: { msgId: true } });

    it("commits the rows written before `stop` said so, and leaves the rest for a later commit", async () => {
      const batch = events(0, 200);
      let asked = 0;
      const first = await store.insertBatch(batch, noStatus, () => ++asked === 3);
      if (provider === "postgres") {
        // its commit does not hold the thread: nothing to end early
        expect(first.taken ?? batch.length).toBe(200);
        expect(first.ids.every((id) => id !== null)).toBe(true);
        return;
      }
      expect(asked).toBe(3);
      const taken = first.taken!;
      expect(taken).toBeGreaterThan(0);
      expect(taken).toBeLessThan(200);
      expect(first.ids).toHaveLength(taken);
      expect(first.ids.every((id) => id !== null)).toBe(true);
      expect((await stored()).map((r) => r.msgId).sort()).toEqual(
        batch
          .slice(0, taken)
          .map((e) => e.msgId)
          .sort(),
      );

      // the rest, committed later: each stored once, none a redelivery
      const rest = await store.insertBatch(batch.slice(taken), noStatus);
      expect(rest.taken ?? batch.length - taken).toBe(200 - taken);
      expect(rest.ids.every((id) => id !== null)).toBe(true);
      const all = (await stored()).map((r) => r.msgId);
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
    });

    it("takes at least one row, and all of them when `stop` never says so", async () => {
      const always = await store.insertBatch(events(1000, 50), noStatus, () => true);
      const taken = always.taken ?? 50;
      expect(taken).toBeGreaterThanOrEqual(1);
      expect(always.ids).toHaveLength(taken);
      const never = await store.insertBatch(events(2000, 50), noStatus, () => false);
      expect(never.taken ?? 50).toBe(50);
      expect(never.ids.every((id) => id !== null)).toBe(true);
    });
  });
}
