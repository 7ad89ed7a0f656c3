// The alarm engine through the API, on both databases: lifecycle with who did what, one open alarm per
// device and kind, conditions cleared by the device, offline per model, maintenance mode, scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const LIFECYCLE = new Set(["raised", "repeated", "device_note", "acknowledged", "resolved"]);

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`alarms on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(Date.now());
    let seq = 0;

    beforeAll(async () => {
      t = await startTestApi({ provider, clock });
    });
    afterAll(() => t?.close());

    async function send(deviceId: string, type: string, extra: Record<string, unknown> = {}, id = `t${++seq}`) {
      const r = await t.api.services.ingest.submit(
        deviceId,
        JSON.stringify({ id, ts: clock.now().getTime(), type, ...extra }),
        "test",
      );
      await t.api.services.ingest.drain();
      return r;
    }
    const home = () => t.demo.residents[0]!.households[0]!.id;
    const zhangsanDevice = () => t.demo.devices[0]!.id;

    it("goes active -> acknowledged -> resolved, recording who and when", async () => {
      await send(zhangsanDevice(), "smoke_alarm", { smoke: 500 });
      const token = await t.loginResident("zhangsan");
      const list = await t.request<{ items: { id: string; kind: string; status: string; address: string }[] }>(
        "GET",
        "/api/alarms?status=open",
        { token },
      );
      const fire = list.body.items.find((a) => a.kind === "FIRE")!;
      expect(fire).toMatchObject({ status: "ACTIVE", address: "幸福小区 1号楼 1单元 1201" });
      const ack = await t.request<{ outcome: string }>("POST", `/api/alarms/${fire.id}/ack`, { token, body: {} });
      expect(ack.body.outcome).toBe("acknowledged");
      const again = await t.request<{ outcome: string }>("POST", `/api/alarms/${fire.id}/ack`, { token, body: {} });
      expect(again.body.outcome).toBe("ignored");
      clock.advance(60_000);
      // the smoke has gone (a resident may not call it a false alarm while it is still heavy)
      await send(zhangsanDevice(), "smoke_clear", { smoke: 20 });
      const lisi = await t.loginResident("lisi");
      const res = await t.request<{ outcome: string; alarm: { status: string; resolution: string } }>(
        "POST",
        `/api/alarms/${fire.id}/resolve`,
        {
          token: lisi,
          body: { resolution: "FALSE_ALARM", note: "炒菜油烟" },
        },
      );
      expect(res.body).toMatchObject({ outcome: "resolved", alarm: { status: "RESOLVED", resolution: "FALSE_ALARM" } });
      const detail = await t.request<{
        actions: { action: string; actor: string }[];
        acknowledgedAt: string;
        resolvedAt: string;
      }>("GET", `/api/alarms/${fire.id}`, { token });
      const lifecycle = detail.body.actions.filter((a) => LIFECYCLE.has(a.action)); // notifications add their own actions
      expect(lifecycle.map((a) => a.action)).toEqual(["raised", "acknowledged", "device_note", "resolved"]);
      expect(lifecycle[1]!.actor).toMatch(/^resident:/);
      expect(new Date(detail.body.resolvedAt).getTime() - new Date(detail.body.acknowledgedAt).getTime()).toBe(60_000);
      // a new smoke alarm after resolution opens a new alarm
      await send(zhangsanDevice(), "smoke_alarm");
      expect(await t.api.db.prisma.alarm.count({ where: { deviceId: zhangsanDevice(), kind: "FIRE" } })).toBe(2);
    });

    it("repeats update the one open alarm; smoke gone is noted but does not close a fire alarm", async () => {
      const id = t.demo.devices[1]!.id;
      await send(id, "smoke_alarm");
      await send(id, "smoke_alarm");
      await send(id, "smoke_clear");
      const open = await t.api.db.prisma.alarm.findMany({
        where: { deviceId: id, kind: "FIRE", openSlot: "OPEN" },
        include: { actions: true },
      });
      expect(open).toHaveLength(1);
      expect(open[0]!.occurrences).toBe(2);
      expect(open[0]!.status).toBe("ACTIVE");
      expect(
        open[0]!.actions
          .filter((a) => LIFECYCLE.has(a.action))
          .map((a) => a.action)
          .sort(),
      ).toEqual(["device_note", "raised", "repeated"]);
    });

    it("closes low battery, tamper and fault when the device says they are over", async () => {
      const id = t.demo.devices[2]!.id;
      for (const [raise, clear, kind] of [
        ["low_battery", "battery_ok", "LOW_BATTERY"],
        ["tamper", "tamper_restored", "TAMPER"],
        ["fault", "fault_cleared", "FAULT"],
      ] as const) {
        await send(id, raise);
        const a = await t.api.db.prisma.alarm.findFirstOrThrow({
          where: { deviceId: id, kind, openSlot: "OPEN" },
        });
        expect(a.severity).toBe(kind === "LOW_BATTERY" ? "MINOR" : "MAJOR");
        await send(id, clear);
        const closed = await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: a.id } });
        expect(closed).toMatchObject({
          status: "RESOLVED",
          resolution: "CONDITION_CLEARED",
          resolvedBy: `device:${id}`,
        });
      }
    });

    it("marks a device offline after its model's missed heartbeats, and online again when it speaks", async () => {
      const battery = t.demo.devices.find((d) => d.modelId === "AX-SA100" && d.address)!; // 12 h heartbeat
      const mains = t.demo.devices.find((d) => d.modelId === "AX-SA200")!; // 30 min heartbeat
      await send(battery.id, "heartbeat");
      await send(mains.id, "heartbeat");
      clock.advance(61 * 60 * 1000); // two missed 30-minute heartbeats; not two missed 12-hour ones
      const offline = await t.api.services.offlineSweeper.sweep();
      expect(offline).toContain(mains.id);
      expect(offline).not.toContain(battery.id);
      const alarm = await t.api.db.prisma.alarm.findFirstOrThrow({
        where: { deviceId: mains.id, kind: "OFFLINE", openSlot: "OPEN" },
      });
      expect(await t.api.services.offlineSweeper.sweep()).not.toContain(mains.id); // once
      await send(mains.id, "heartbeat");
      expect((await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } })).status).toBe("RESOLVED");
      expect((await t.api.db.prisma.deviceStatus.findUniqueOrThrow({ where: { deviceId: mains.id } })).online).toBe(
        true,
      );
      t.clearTokens(); // the clock moved past the access tokens' lifetime
    });

    it("raises no fire alarm for a device in maintenance mode, but keeps the event", async () => {
      const d = t.demo.devices[6]!;
      const token = await t.loginStaff("manager_a");
      const r = await t.request("PATCH", `/api/devices/${d.id}`, {
        token,
        body: { mode: "MAINTENANCE", reason: "更换探测腔" },
      });
      expect(r.status).toBe(200);
      const res = await send(d.id, "smoke_alarm");
      expect(res.outcome).toBe("stored");
      expect(await t.api.db.prisma.alarm.count({ where: { deviceId: d.id, kind: "FIRE" } })).toBe(0);
      const resident = await t.request("PATCH", `/api/devices/${t.demo.devices[0]!.id}`, {
        token: await t.loginResident("zhangsan"),
        body: { mode: "MAINTENANCE" },
      });
      expect(resident.status).toBe(403);
    });

    it("shows each resident and company only their own alarms", async () => {
      await send(t.demo.devices[2]!.id, "smoke_alarm"); // 王五's home, 和平花园 (祥和物业)
      const zhangsan = await t.request<{ items: { householdId: string }[] }>("GET", "/api/alarms?status=all", {
        token: await t.loginResident("zhangsan"),
      });
      expect(zhangsan.body.items.length).toBeGreaterThan(0);
      expect(new Set(zhangsan.body.items.map((a) => a.householdId))).toEqual(new Set([home()]));
      const b = await t.request<{ items: { communityId: string; id: string }[] }>("GET", "/api/alarms?status=all", {
        token: await t.loginStaff("manager_b"),
      });
      const a = await t.request<{ items: { communityId: string; id: string }[] }>("GET", "/api/alarms?status=all", {
        token: await t.loginStaff("manager_a"),
      });
      const aIds = new Set(a.body.items.map((x) => x.id));
      expect(b.body.items.length).toBeGreaterThan(0);
      expect(b.body.items.some((x) => aIds.has(x.id))).toBe(false);
      const foreign = a.body.items[0]!.id;
      expect(
        (await t.request("GET", `/api/alarms/${foreign}`, { token: await t.loginStaff("manager_b") })).status,
      ).toBe(404);
      expect(
        (await t.request("POST", `/api/alarms/${foreign}/ack`, { token: await t.loginStaff("manager_b"), body: {} }))
          .status,
      ).toBe(404);
      expect(
        (await t.request("GET", `/api/alarms/${foreign}`, { token: await t.loginResident("wangwu") })).status,
      ).toBe(404);
    });

    it("refuses a remote mute while smoke is high", async () => {
      const d = t.demo.devices[0]!;
      await send(d.id, "smoke_alarm", { smoke: 800 });
      const token = await t.loginResident("zhangsan");
      const r = await t.request<{ error: { code: string } }>("POST", `/api/devices/${d.id}/commands`, {
        token,
        body: { type: "mute" },
      });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("SMOKE_STILL_HIGH");
      await send(d.id, "smoke_clear", { smoke: 40 });
      const ok = await t.request<{ type: string }>("POST", `/api/devices/${d.id}/commands`, {
        token,
        body: { type: "mute" },
      });
      expect(ok.status).toBe(202);
    });
  });
}
