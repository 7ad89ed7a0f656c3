// The outbox's races, on both engines. What the worker claims: due rows, and SENDING rows whose lock expired
// (their sender died), but never a 119 hand-off's row, which the centre's hand-off sends, settles and re-runs
// itself (centre/handoff.ts): claimed here, it would be failed for want of a sender while the hand-off's
// re-run posted it, and the 119 centre's acknowledgement would then not be recorded on it. And a delivery
// receipt that overtakes the provider's own answer: the message was sent, and it is reported once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import type { Channel } from "../../channels/channel.ts";
import { ManualClock } from "../../shared/clock.ts";
import { createLogger } from "../../shared/logger.ts";
import { OutboxRepository } from "./outbox-repository.ts";
import { DEFAULT_OUTBOX, OutboxWorker } from "./outbox-worker.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the outbox's claim on ${provider}`, () => {
    let m: ModuleDb;
    beforeAll(async () => {
      m = await openModuleDb(provider);
    });
    afterAll(() => m?.close());

    it("takes due and abandoned rows of every sender's channel, and leaves the 119 hand-off's to the centre", async () => {
      const p = m.db.prisma;
      const now = new Date(Date.UTC(2026, 11, 3, 2, 0, 0));
      const past = new Date(now.getTime() - 60_000);
      const row = (key: string, channel: "SMS" | "VOICE" | "HANDOFF_119", status: "QUEUED" | "SENDING") =>
        p.notification.create({
          data: {
            channel,
            recipient: channel === "HANDOFF_119" ? "system:119" : "staff:s1",
            target: channel === "HANDOFF_119" ? "http://127.0.0.1:9/119" : "13800000000",
            template: "FIRE_REAL",
            payload: JSON.stringify({ content: {}, contact: {}, cancelUnless: null }),
            dedupeKey: key,
            status,
            attempts: status === "SENDING" ? 1 : 0,
            nextAttemptAt: past,
            // a SENDING row whose sender died: its lock ran out a minute ago
            ...(status === "SENDING" ? { lockedBy: "dead-instance", lockedUntil: past } : {}),
          },
        });
      await row("queued-sms", "SMS", "QUEUED");
      await row("abandoned-voice", "VOICE", "SENDING");
      await row("abandoned-handoff", "HANDOFF_119", "SENDING");
      await row("queued-handoff", "HANDOFF_119", "QUEUED");

      const claimed = await new OutboxRepository(p).claimDue("worker-a", now, new Date(now.getTime() + 30_000), 10);
      expect(claimed.map((c) => c.dedupeKey).sort()).toEqual(["abandoned-voice", "queued-sms"]);
      const handoffs = await p.notification.findMany({
        where: { channel: "HANDOFF_119" },
        orderBy: { dedupeKey: "asc" },
      });
      // untouched: still the centre's, as they were
      expect(handoffs.map((h) => [h.dedupeKey, h.status, h.lockedBy, h.attempts])).toEqual([
        ["abandoned-handoff", "SENDING", "dead-instance", 1],
        ["queued-handoff", "QUEUED", null, 0],
      ]);
    });

    it("reports a message whose delivery receipt came before the provider's answer, once", async () => {
      const p = m.db.prisma;
      await p.notification.deleteMany({}); // the claim test's rows are not this one's
      const clock = new ManualClock(Date.UTC(2026, 11, 3, 3, 0, 0));
      const repo = new OutboxRepository(p);
      // the provider's receipt reaches the API while its answer to the send is still on the way
      const sms: Channel = {
        kind: "SMS",
        async send(d) {
          const applied = await repo.applyReceipt(d.id, {
            delivered: true,
            at: clock.now(),
            response: "DELIVRD",
            providerId: "biz-1",
          });
          expect(applied).toBe(true);
          return { ok: true, response: "OK", providerId: "biz-1" };
        },
      };
      const worker = new OutboxWorker(repo, [sms], clock, createLogger("silent"), { ...DEFAULT_OUTBOX, owner: "a" });
      const reported: string[] = [];
      worker.onSent = (n) => reported.push(n.dedupeKey);
      const row = await p.notification.create({
        data: {
          channel: "SMS",
          recipient: "staff:s1",
          target: "13800000001",
          template: "FIRE_REAL",
          payload: JSON.stringify({ content: { template: "FIRE_REAL" }, contact: {}, cancelUnless: null }),
          dedupeKey: "receipt-first",
          nextAttemptAt: clock.now(),
        },
      });
      expect(await worker.runOnce()).toBe(1);
      await worker.inflight.idle();
      expect(reported).toEqual(["receipt-first"]);
      const after = await p.notification.findUniqueOrThrow({ where: { id: row.id } });
      expect([after.status, after.providerId, after.lockedBy]).toEqual(["DELIVERED", "biz-1", null]);
      // nothing left to send, nothing reported again
      expect(await worker.runOnce()).toBe(0);
      expect(reported).toEqual(["receipt-first"]);
    });
  });
}
