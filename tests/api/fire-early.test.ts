// A fire's raise beside its commit (issue 21): on PostgreSQL a smoke alarm's raise starts while its event is
// being committed. Whatever comes first, the family is told once: the raise made before the event was stored
// (the commit then failed, the device sent the message again) is not made again when the event is stored and
// applied, and a message sent twice raises and tells nothing twice. On SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { parseUplinkV11 } from "../../api/src/modules/devices/protocol-v11.ts";
import type { NewEvent } from "../../api/src/modules/devices/ingest-store.ts";
import { providers } from "../support/databases.ts";
import type { TestApi } from "../support/test-api.ts";
import { DAYTIME, newDevice, rowsOf, startNotifyApi, startProviders, type Providers } from "./escalation-support.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a fire raised beside its commit on ${provider}`, () => {
    let p: Providers;
    let t: TestApi;
    const clock = new ManualClock(DAYTIME);

    beforeAll(async () => {
      p = await startProviders();
      t = await startNotifyApi(p, clock);
    });
    afterAll(async () => {
      await t?.close();
      await p?.stop();
    });

    const fireText = (id: string) => JSON.stringify({ id, ts: clock.now().getTime(), type: "smoke_alarm" });
    async function facts(deviceId: string) {
      const alarms = await t.api.db.prisma.alarm.findMany({ where: { deviceId, kind: "FIRE" } });
      const actions = await t.api.db.prisma.alarmAction.findMany({
        where: { alarmId: { in: alarms.map((a) => a.id) }, action: { in: ["raised", "repeated"] } },
        select: { action: true },
      });
      const events = await t.api.db.prisma.deviceEvent.findMany({ where: { deviceId, type: "smoke_alarm" } });
      const told = alarms.length === 1 ? await rowsOf(t, alarms[0]!.id) : [];
      return { alarms, actions: actions.map((a) => a.action).sort(), events, told };
    }

    it("raised before its event was stored, then sent again: one alarm, one raise, the family told once", async () => {
      const deviceId = await newDevice(t);
      const text = fireText("early-1");
      const parsed = parseUplinkV11(text, clock.now().getTime());
      if (!parsed.ok) throw new Error(parsed.detail);
      const event: NewEvent = {
        deviceId,
        msgId: parsed.msg.id,
        type: parsed.msg.type,
        ts: new Date(parsed.msg.ts),
        receivedAt: clock.now(),
        source: "test",
        payload: text,
        pending: true,
      };
      // the raise the pipeline starts beside the commit; the commit then fails, so nothing was acknowledged
      const change = await t.api.services.eventProcessor.early(event, parsed.msg);
      expect(change?.outcome).toBe("created");
      await t.api.services.notifications.settle();
      const before = await facts(deviceId);
      expect(before.events).toHaveLength(0);
      expect(before.told.length).toBeGreaterThan(0); // the first step went out from the raise itself

      // the device sends it again, and now it is stored and applied
      const outcome = await t.api.services.ingest.submit(deviceId, text, "mqtt");
      expect(outcome.outcome).toBe("stored");
      await t.api.services.ingest.drain();
      await t.api.services.notifications.settle();
      const after = await facts(deviceId);
      expect(after.alarms).toHaveLength(1);
      expect(after.actions).toEqual(["raised"]);
      expect(after.events).toHaveLength(1);
      expect(after.events[0]!.processed).toBe(true);
      expect(after.told.map((n) => n.id)).toEqual(before.told.map((n) => n.id));
    });

    it("through the pipeline: one alarm, one raise, its first step once; the same message again changes nothing", async () => {
      const deviceId = await newDevice(t);
      const text = fireText("early-2");
      expect((await t.api.services.ingest.submit(deviceId, text, "mqtt")).outcome).toBe("stored");
      await t.api.services.ingest.drain();
      await t.api.services.notifications.settle();
      const first = await facts(deviceId);
      expect(first.alarms).toHaveLength(1);
      expect(first.actions).toEqual(["raised"]);
      expect(first.told.length).toBeGreaterThan(0);
      expect(new Set(first.told.map((n) => n.dedupeKey)).size).toBe(first.told.length);

      expect((await t.api.services.ingest.submit(deviceId, text, "mqtt")).outcome).toBe("duplicate");
      await t.api.services.ingest.drain();
      await t.api.services.notifications.settle();
      const again = await facts(deviceId);
      expect(again.actions).toEqual(["raised"]);
      expect(again.events).toHaveLength(1);
      expect(again.told.map((n) => n.id)).toEqual(first.told.map((n) => n.id));
    });
  });
}
