// The event store's batch commit ended early (issue 21): SQLite commits on the API's thread, so a fire handed
// over while a routine batch of 1,000 is being written waited for all of it. Asked between rows, `stop` ends
// the batch: the rows written so far are committed, `taken` says how many, and the rest are untouched, to be
// stored by a later commit, each once. PostgreSQL's commit does not hold the thread: it takes the whole batch.
//
// The status folded with the batch: on PostgreSQL a batch with one message a device (a fire, usually alone) is
// one statement, one round trip; both ways, and both engines, give each device the status of its new messages
// only, say which devices came back, and keep a newer reading over an older message.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { createEventStore, type EventStore, type NewEvent } from "./ingest-store.ts";
import type { UplinkV11 } from "./protocol-v11.ts";
import { foldStatus } from "./status-store.ts";

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
      const first = await store.insertBatch(batch, noStatus, { stop: () => ++asked === 3 });
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
      const always = await store.insertBatch(events(1000, 50), noStatus, { stop: () => true });
      const taken = always.taken ?? 50;
      expect(taken).toBeGreaterThanOrEqual(1);
      expect(always.ids).toHaveLength(taken);
      const never = await store.insertBatch(events(2000, 50), noStatus, { stop: () => false });
      expect(never.taken ?? 50).toBe(50);
      expect(never.ids.every((id) => id !== null)).toBe(true);
    });
  });
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the devices' status stored with the batch on ${provider}`, () => {
    let m: ModuleDb;
    let store: EventStore;
    const T0 = new Date("2026-12-05T08:00:00Z");
    const T1 = new Date("2026-12-05T08:05:00Z");
    const msg = (deviceId: string, msgId: string, type: string, at: Date, battery: number) => ({
      event: { deviceId, msgId, type, ts: at, receivedAt: at, source: "test", payload: "{}", pending: false },
      msg: { type, battery } as unknown as UplinkV11,
    });
    type Msg = ReturnType<typeof msg>;
    /** stores the batch with the pipeline's fold; on PostgreSQL, the names of the statements sent */
    const insert = async (batch: Msg[]) => {
      const driver = m.db.driver;
      const spy = driver.provider === "postgres" ? vi.spyOn(driver.pool, "query") : null;
      try {
        const result = await store.insertBatch(
          batch.map((b) => b.event),
          (fresh) => foldStatus(fresh.map((i) => ({ ...batch[i]!.event, msg: batch[i]!.msg }))),
        );
        const named = spy?.mock.calls.map((c: unknown[]) => (c[0] as { name?: string }).name ?? "unnamed") ?? [];
        return { ...result, named };
      } finally {
        spy?.mockRestore();
      }
    };
    const status = (deviceId: string) =>
      m.db.prisma.deviceStatus.findUniqueOrThrow({
        where: { deviceId },
        select: { online: true, lastSeenAt: true, battery: true, smokeAlarm: true },
      });

    beforeAll(async () => {
      m = await openModuleDb(provider);
      store = createEventStore(m.db.driver);
      const p = m.db.prisma;
      await p.deviceModel.create({
        data: { id: "AX-T1", kind: "SMOKE_ALARM", vendor: "安心", name: "烟感", heartbeatIntervalSec: 3600 },
      });
      for (const id of ["S1", "S2", "S3", "S4"])
        await p.device.create({ data: { id, serial: id, modelId: "AX-T1", secretHash: "x" } });
    });
    afterAll(() => m?.close());

    it("one message a device: the new ones' status, the devices that came back, in one statement on PostgreSQL", async () => {
      const first = await insert([
        msg("S1", "a1", "heartbeat", T0, 90),
        msg("S2", "a1", "heartbeat", T0, 50),
        msg("S4", "x1", "heartbeat", T0, 70),
      ]);
      expect(first.ids.every((id) => id !== null)).toBe(true);
      expect(first.cameBack).toEqual([]);
      await m.db.prisma.deviceStatus.update({ where: { deviceId: "S1" }, data: { online: false } });

      const second = await insert([
        msg("S1", "a2", "heartbeat", T1, 80), // offline before: it came back
        msg("S3", "a1", "smoke_alarm", T1, 60), // its first message: a status row of its own
        msg("S4", "x1", "heartbeat", T1, 10), // a redelivered message: stored before, changes nothing
        msg("S2", "a0", "heartbeat", new Date(T0.getTime() - 60_000), 20), // older than what S2 has
      ]);
      expect(second.ids.map((id) => id !== null)).toEqual([true, true, false, true]);
      expect(second.cameBack).toEqual(["S1"]);
      if (provider === "postgres") expect(second.named).toEqual(["ingest-one-statement"]);
      expect(await status("S1")).toEqual({ online: true, lastSeenAt: T1, battery: 80, smokeAlarm: false });
      expect(await status("S3")).toEqual({ online: true, lastSeenAt: T1, battery: 60, smokeAlarm: true });
      expect(await status("S4")).toEqual({ online: true, lastSeenAt: T0, battery: 70, smokeAlarm: false });
      expect(await status("S2")).toEqual({ online: true, lastSeenAt: T0, battery: 50, smokeAlarm: false });
    });

    it("a device twice in the batch: its messages folded in order, in a transaction", async () => {
      const T2 = new Date(T1.getTime() + 60_000);
      const batch = await insert([msg("S3", "b1", "smoke_clear", T2, 55), msg("S3", "b2", "heartbeat", T2, 54)]);
      expect(batch.ids.every((id) => id !== null)).toBe(true);
      if (provider === "postgres") expect(batch.named).not.toContain("ingest-one-statement");
      expect(await status("S3")).toEqual({ online: true, lastSeenAt: T2, battery: 54, smokeAlarm: false });
    });
  });
}
