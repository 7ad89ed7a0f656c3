// A person's command to a device (mute, self-test) that the device transport cannot take at once, on both
// engines: it is answered PENDING with the time it is kept, sent once the transport is back, never by two at
// once (a second instance, a sweep beside the request that holds it), given up as EXPIRED past its time, left
// to the sweep by a process that died holding it only once the hold lapses; a kept mute is not sent once the
// smoke rose, and one device's outage does not hold up another's commands. A command sent and never answered
// is given up as 超时未确认 (FAILED, ACK_TIMEOUT) once its answer is due, later when a carrier platform relays it,
// by one instance of several, never sent again; the device's page lists it so.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ANSWER_TIMEOUT,
  ANSWER_WITHIN_MS,
  COMMAND_LEASE_MS,
  COMMAND_RETRY_MS,
  COMMAND_TTL_MS,
  DeviceCommands,
  type DownlinkPort,
} from "../../api/src/modules/devices/device-commands.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

/** a device transport that can be taken down and brought back, and remembers what it was given */
class Port implements DownlinkPort {
  up = false;
  sent: { deviceId: string; id: string; type: string }[] = [];
  /** devices it cannot reach while up (a carrier platform's outage is one platform's) */
  unreachable = new Set<string>();
  /** while set, a send waits for it (a slow transport) */
  gate: Promise<void> | null = null;
  async send(deviceId: string, payload: Record<string, unknown>): Promise<void> {
    if (this.gate) await this.gate;
    if (!this.up || this.unreachable.has(deviceId)) throw new Error("the MQTT broker thread is not running");
    this.sent.push({ deviceId, id: String(payload.id), type: String(payload.type) });
  }
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`device commands while the transport is down, on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(Date.UTC(2026, 11, 5, 8, 0));
    const port = new Port();
    let token: string;
    const device = () => t.demo.devices[0]!.id;
    /** another instance's resend sweep: same database and clock, its own view of the transport */
    const instance = (p: DownlinkPort | null = port) =>
      new DeviceCommands({ prisma: t.api.db.prisma, scopes: t.api.services.scopes, clock }, () => p);
    const row = (id: string) => t.api.db.prisma.deviceCommand.findUniqueOrThrow({ where: { id } });
    const ask = (type: "mute" | "self_test") =>
      t.request<{ id: string; type: string; status: string; until?: string }>(
        "POST",
        `/api/devices/${device()}/commands`,
        { token, body: { type } },
      );

    beforeAll(async () => {
      t = await startTestApi({ provider, clock });
      t.api.services.devices.downlink = port;
      token = await t.loginResident("zhangsan");
    });
    afterAll(() => t?.close());

    it("answers PENDING with the time it is kept, and the API's own sweep sends it once the transport is back", async () => {
      port.up = false;
      const r = await ask("mute");
      expect(r.status).toBe(202);
      expect(r.body).toMatchObject({ type: "mute", status: "PENDING" });
      expect(Date.parse(r.body.until!)).toBe(clock.now().getTime() + COMMAND_TTL_MS.mute);
      expect((await row(r.body.id)).status).toBe("PENDING");
      expect(port.sent).toEqual([]);
      port.up = true;
      clock.advance(COMMAND_RETRY_MS + 1); // the request's failed try holds it until then
      // the sweep npm start runs (every 5 s): no test of its pace, only that it comes
      await vi.waitFor(async () => expect((await row(r.body.id)).status).toBe("SENT"), {
        timeout: 30_000,
        interval: 100,
      });
      expect(port.sent).toEqual([{ deviceId: device(), id: r.body.id, type: "mute" }]);
    });

    it("sends a kept command once: a second instance leaves alone the one the first is sending", async () => {
      await t.api.services.devices.close(); // from here on, the sweeps are this file's own
      port.up = false;
      port.sent = [];
      const r = await ask("self_test");
      expect(r.body.status).toBe("PENDING");
      clock.advance(COMMAND_RETRY_MS + 1);
      expect(await instance().resendPending()).toBe(0); // still down: nothing sent, nothing given up
      clock.advance(COMMAND_RETRY_MS + 1);
      port.up = true;
      let open!: () => void;
      port.gate = new Promise<void>((resolve) => (open = resolve));
      let reached = 0;
      const first = instance({
        send: (id, payload) => {
          reached++;
          return port.send(id, payload);
        },
      }).resendPending();
      await vi.waitFor(() => expect(reached).toBe(1)); // the first holds it and waits on the transport
      expect(await instance().resendPending()).toBe(0);
      open();
      port.gate = null;
      expect(await first).toBe(1);
      expect(port.sent.map((s) => s.id)).toEqual([r.body.id]);
      expect(await row(r.body.id)).toMatchObject({ status: "SENT", leaseUntil: null });
      expect(await instance().resendPending()).toBe(0);
      expect(port.sent).toHaveLength(1);
    });

    it("of two instances that read the same command and claim it at once, one holds it", async () => {
      const c = await t.api.db.prisma.deviceCommand.create({
        data: { deviceId: device(), type: "self_test", requestedBy: "resident:r1", createdAt: clock.now() },
      });
      const [a, b] = await Promise.all([instance().claim(c.id, "self_test"), instance().claim(c.id, "self_test")]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await instance().claim(c.id, "self_test")).toBe(false); // held
      await t.api.db.prisma.deviceCommand.update({ where: { id: c.id }, data: { status: "FAILED" } });
    });

    it("a sweep beside the request that holds the command leaves it alone", async () => {
      port.up = true;
      port.sent = [];
      let open!: () => void;
      port.gate = new Promise<void>((resolve) => (open = resolve));
      const asked = ask("self_test");
      // the request has stored and holds its command, and waits on the transport
      await vi.waitFor(async () =>
        expect(await t.api.db.prisma.deviceCommand.count({ where: { status: "PENDING" } })).toBe(1),
      );
      expect(await instance().resendPending()).toBe(0);
      open();
      port.gate = null;
      const r = await asked;
      expect(r.body.status).toBe("SENT");
      expect(port.sent.map((s) => s.id)).toEqual([r.body.id]);
    });

    it("gives a mute up past its two minutes, while a self-test of the same outage is still sent", async () => {
      port.up = false;
      port.sent = [];
      const mute = await ask("mute");
      const test = await ask("self_test");
      expect([mute.body.status, test.body.status]).toEqual(["PENDING", "PENDING"]);
      clock.advance(COMMAND_TTL_MS.mute + 1);
      // given up even while the transport is still down (the requests' holds lapsed long ago)
      expect(await instance(null).resendPending()).toBe(1);
      expect(await row(mute.body.id)).toMatchObject({ status: "FAILED", result: "EXPIRED" });
      port.up = true;
      expect(await instance().resendPending()).toBe(1);
      expect(port.sent.map((s) => s.id)).toEqual([test.body.id]);
      expect((await row(mute.body.id)).status).toBe("FAILED");
    });

    it("a command held by a process that died is sent once its hold lapses", async () => {
      port.up = true;
      port.sent = [];
      const c = await t.api.db.prisma.deviceCommand.create({
        data: {
          deviceId: device(),
          type: "self_test",
          requestedBy: "resident:r1",
          createdAt: clock.now(),
          leaseUntil: new Date(clock.now().getTime() + COMMAND_LEASE_MS),
        },
      });
      expect(await instance().resendPending()).toBe(0);
      clock.advance(COMMAND_LEASE_MS + 1);
      expect(await instance().resendPending()).toBe(1);
      expect(port.sent.map((s) => s.id)).toEqual([c.id]);
    });

    it("a command held past its time is not given up under its holder, only once the hold lapses", async () => {
      const c = await t.api.db.prisma.deviceCommand.create({
        data: {
          deviceId: device(),
          type: "mute",
          requestedBy: "resident:r1",
          createdAt: new Date(clock.now().getTime() - COMMAND_TTL_MS.mute - 1),
          leaseUntil: new Date(clock.now().getTime() + COMMAND_LEASE_MS),
        },
      });
      expect(await instance(null).resendPending()).toBe(0);
      expect((await row(c.id)).status).toBe("PENDING");
      clock.advance(COMMAND_LEASE_MS + 1);
      expect(await instance(null).resendPending()).toBe(1);
      expect(await row(c.id)).toMatchObject({ status: "FAILED", result: "EXPIRED" });
    });

    it("one device the transport cannot reach does not hold up another's commands", async () => {
      port.up = true;
      port.sent = [];
      const other = t.demo.devices[1]!.id;
      port.unreachable.add(device());
      try {
        const stuck = await ask("self_test");
        const r = await t.request<{ id: string; status: string }>("POST", `/api/devices/${other}/commands`, {
          token,
          body: { type: "self_test" },
        });
        expect([stuck.body.status, r.body.status]).toEqual(["PENDING", "SENT"]);
        port.sent = [];
        // the other's command kept too, behind the stuck one (older)
        port.up = false;
        const later = await t.request<{ id: string; status: string }>("POST", `/api/devices/${other}/commands`, {
          token,
          body: { type: "self_test" },
        });
        expect(later.body.status).toBe("PENDING");
        port.up = true;
        clock.advance(COMMAND_RETRY_MS + 1);
        expect(await instance().resendPending()).toBe(1);
        expect(port.sent.map((s) => s.id)).toEqual([later.body.id]);
        expect(await row(stuck.body.id)).toMatchObject({ status: "PENDING" });
        // and the stuck one goes once its device can be reached
        port.unreachable.clear();
        clock.advance(COMMAND_RETRY_MS + 1);
        expect(await instance().resendPending()).toBe(1);
        expect(await row(stuck.body.id)).toMatchObject({ status: "SENT" });
      } finally {
        port.unreachable.clear();
      }
    });

    it("a kept mute is not sent once the smoke rose: it would silence a fire", async () => {
      port.up = false;
      port.sent = [];
      const r = await ask("mute");
      expect(r.body.status).toBe("PENDING");
      await t.api.db.prisma.deviceStatus.upsert({
        where: { deviceId: device() },
        update: { smoke: 800, smokeAlarm: true },
        create: { deviceId: device(), smoke: 800, smokeAlarm: true },
      });
      try {
        port.up = true;
        clock.advance(COMMAND_RETRY_MS + 1);
        await instance().resendPending();
        expect(port.sent).toEqual([]);
        expect(await row(r.body.id)).toMatchObject({ status: "FAILED", result: "SMOKE_STILL_HIGH" });
      } finally {
        await t.api.db.prisma.deviceStatus.update({
          where: { deviceId: device() },
          data: { smoke: 20, smokeAlarm: false },
        });
      }
    });

    const answer = async (id: string) => {
      await t.api.services.ingest.submit(
        device(),
        JSON.stringify({
          id: `ack-${id}`,
          ts: clock.now().getTime(),
          type: "command_ack",
          commandId: id,
          result: "ok",
        }),
        "test",
      );
      await t.api.services.ingest.drain();
    };
    type Page = { commands?: { id: string; type: string; outcome: string }[] };
    const listed = async (id: string) =>
      (await t.request<Page>("GET", `/api/devices/${device()}`, { token })).body.commands?.find((c) => c.id === id);

    it("a command sent and never answered is given up as 超时未确认 once its answer is due, and listed so", async () => {
      port.up = true;
      port.sent = [];
      const silent = await ask("self_test");
      const answered = await ask("self_test");
      expect([silent.body.status, answered.body.status]).toEqual(["SENT", "SENT"]);
      expect(await listed(silent.body.id)).toMatchObject({ type: "self_test", outcome: "sent" });
      await instance().closeUnanswered(); // the first round to see them sent says when their answer is due
      await answer(answered.body.id);
      expect((await row(answered.body.id)).status).toBe("ACKED");
      clock.advance(ANSWER_WITHIN_MS.direct - 1000);
      await instance().closeUnanswered();
      expect((await row(silent.body.id)).status).toBe("SENT"); // not yet due
      clock.advance(2000);
      // two instances' sweeps at once: given up once, by one of them
      const [a, b] = await Promise.all([instance().closeUnanswered(), instance().closeUnanswered()]);
      expect(a + b).toBeGreaterThanOrEqual(1);
      expect(await row(silent.body.id)).toMatchObject({ status: "FAILED", result: ANSWER_TIMEOUT });
      expect(await row(answered.body.id)).toMatchObject({ status: "ACKED", result: "ok" });
      expect(await listed(silent.body.id)).toMatchObject({ outcome: "timeout" });
      expect(await listed(answered.body.id)).toMatchObject({ outcome: "done" });
      // final: an answer that comes after changes nothing, and nothing is sent again
      await answer(silent.body.id);
      expect(await row(silent.body.id)).toMatchObject({ status: "FAILED", result: ANSWER_TIMEOUT });
      expect(await instance().resendPending()).toBe(0);
      expect(port.sent.map((x) => x.id)).toEqual([silent.body.id, answered.body.id]);
    });

    it("a command its carrier platform holds for a sleeping device is awaited as long as the platform keeps it", async () => {
      const sent = (over: { platformCommandId?: string; type?: string }) =>
        t.api.db.prisma.deviceCommand.create({
          data: {
            deviceId: device(),
            type: over.type ?? "set_heartbeat_interval",
            requestedBy: "resident:r1",
            status: "SENT",
            createdAt: clock.now(),
            ...(over.platformCommandId ? { platformCommandId: over.platformCommandId } : {}),
          },
        });
      const nb = await sent({ platformCommandId: "ctwing-task-1" });
      const direct = await sent({});
      const sounder = await sent({ type: "sounder_on" }); // linkage's, sent on MQTT
      const panel = await sent({ type: "gb26875.duty_check" }); // the panel queue's: its gateway settles it
      await instance().closeUnanswered();
      clock.advance(ANSWER_WITHIN_MS.direct + 1);
      await instance().closeUnanswered();
      expect((await row(direct.id)).result).toBe(ANSWER_TIMEOUT);
      expect((await row(sounder.id)).result).toBe(ANSWER_TIMEOUT);
      expect((await row(nb.id)).status).toBe("SENT");
      clock.advance(ANSWER_WITHIN_MS.platform);
      await instance().closeUnanswered();
      expect(await row(nb.id)).toMatchObject({ status: "FAILED", result: ANSWER_TIMEOUT });
      expect(await row(panel.id)).toMatchObject({ status: "SENT", leaseUntil: null });
      await t.api.db.prisma.deviceCommand.update({ where: { id: panel.id }, data: { status: "FAILED" } });
    });

    it("a sounder's linkage command is not the resend sweep's", async () => {
      port.sent = [];
      await t.api.db.prisma.deviceCommand.create({
        data: { deviceId: device(), type: "sounder_on", requestedBy: "system:linkage:a1", createdAt: clock.now() },
      });
      expect(await instance().resendPending()).toBe(0);
      expect(port.sent).toEqual([]);
    });
  });
}
