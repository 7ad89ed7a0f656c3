// The GB/T 26875.3 gateway on the real path (issue 16, phase 2): a plain TCP client, not the project's
// codec, plays a demo transmission device against the running API. A detector's fire is stored, then
// confirmed (command 3, same serial), and the supervisor sees the fire alarm at the unit, key part and
// component in GET /api/alarms; a fault raises a facility alarm and clears when the state goes back; the
// same frame sent again has no second effect; a frame with a broken checksum gets no confirm and creates
// nothing; garbage and oversized input are refused, counted on /metrics, and lose nothing else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { providers } from "../support/databases.ts";
import { WireClient, componentState, frame, timeLabel } from "../support/gb26875-wire.ts";

interface DemoUitd {
  address: string;
  deviceId: string;
  unitId: string;
}

interface AlarmItem {
  id: string;
  kind: string;
  status: string;
  occurrences: number;
  unitId: string | null;
  keyPartId: string | null;
  point: string;
  location: string | null;
  source: string;
}

// c1 of the demo panel: a smoke detector (type 40) at loop 1, point 1; c2 another one at point 2
const C1 = 0x00010001;
const C2 = 0x00020001;
const FIRE = 0x0003; // normal mode + fire
const FAULT = 0x0005; // normal mode + fault
const NORMAL = 0x0001;

for (const { provider, skip } of await providers())
  describe.skipIf(skip !== null)(`GB/T 26875.3 gateway, end to end, on ${provider}`, () => {
    let t: TestApi;
    let port: number;
    let uitd: DemoUitd;
    let client: WireClient;
    let token: string;

    const alarms = async () => {
      const r = await t.request<{ items: AlarmItem[] }>("GET", "/api/alarms?status=all&limit=200", { token });
      expect(r.status).toBe(200);
      return r.body.items.filter((a) => a.source === "gb26875");
    };
    const until = async <T>(read: () => Promise<T | undefined>, ms = 15_000): Promise<T> => {
      const end = Date.now() + ms;
      for (;;) {
        const v = await read();
        if (v !== undefined) return v;
        if (Date.now() > end) throw new Error("condition not reached in time");
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const events = (where: Record<string, unknown> = {}) =>
      t.api.db.prisma.deviceEvent.findMany({ where: { deviceId: uitd.deviceId, ...where } });

    beforeAll(async () => {
      t = await startTestApi({ provider, env: { GB26875_PORT: "0" } });
      port = t.api.gb26875!.port;
      const list = (t.demo.gb26875 as { devices: DemoUitd[] } | undefined)?.devices ?? [];
      expect(list.length).toBeGreaterThan(0);
      uitd = list[0]!;
      client = await WireClient.connect(port);
      token = await t.loginStaff("supervisor");
    }, 120_000);

    afterAll(async () => {
      client?.close();
      await t?.close();
    });

    it("stores a detector's fire before confirming it, and raises the fire alarm at the unit and part", async () => {
      const fire = frame({
        serial: 7,
        source: uitd.address,
        data: componentState({ componentType: 40, componentAddress: C1, status: FIRE }),
      });
      client.send(fire);
      const reply = await client.reply(7);
      expect(reply).toMatchObject({ serial: 7, command: 3, dataLength: 0 });
      // confirmed: so already stored
      const stored = await events({ type: "panel_fire" });
      expect(stored).toHaveLength(1);
      expect(stored[0]!.source).toBe("gb26875");
      expect(stored[0]!.payload).toBe(fire.toString("hex"));
      const fields = JSON.parse(stored[0]!.fields!) as { unitId: string; point: string };
      expect(fields).toMatchObject({ unitId: uitd.unitId, point: "1/1/0x00010001" });

      const alarm = await until(async () =>
        (await alarms()).find((a) => a.kind === "FIRE" && a.point === "1/1/0x00010001"),
      );
      expect(alarm).toMatchObject({ unitId: uitd.unitId, status: "ACTIVE", source: "gb26875" });
      expect(alarm.keyPartId).toEqual(expect.any(String));
      expect(alarm.location).toMatch(/\S/);
      const row = await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
      expect(row.deviceId).toBe(uitd.deviceId);
      const part = await t.api.db.prisma.keyPart.findUniqueOrThrow({ where: { id: row.keyPartId! } });
      expect(part.unitId).toBe(uitd.unitId);
      expect(row.unitBuildingId).toBe(part.buildingId);

      // the device did not hear the confirm and sends it again: confirmed again, nothing twice
      client.send(fire);
      expect(await client.reply(7, 10_000)).not.toBeNull();
      await t.api.services.panels.ingest!.drain();
      expect(await events({ type: "panel_fire" })).toHaveLength(1);
      const again = (await alarms()).filter((a) => a.kind === "FIRE");
      expect(again).toHaveLength(1);
      expect(again[0]!.occurrences).toBe(1);
    }, 60_000);

    it("a fault raises a facility alarm and the state going back clears it", async () => {
      client.send(
        frame({
          serial: 8,
          source: uitd.address,
          data: componentState({ componentType: 40, componentAddress: C2, status: FAULT }),
        }),
      );
      expect(await client.reply(8)).toMatchObject({ command: 3 });
      const fault = await until(async () =>
        (await alarms()).find((a) => a.kind === "PANEL_FAULT" && a.point === "1/1/0x00020001" && a.status === "ACTIVE"),
      );
      expect(fault.unitId).toBe(uitd.unitId);
      client.send(
        frame({
          serial: 9,
          source: uitd.address,
          data: componentState({ componentType: 40, componentAddress: C2, status: NORMAL }),
        }),
      );
      expect(await client.reply(9)).toMatchObject({ command: 3 });
      await until(async () =>
        (await alarms()).find((a) => a.id === fault.id)?.status === "RESOLVED" ? true : undefined,
      );
    }, 60_000);

    it("raises the fire of a component whose description carries NUL and control bytes, and saves the component", async () => {
      // a panel that pads its 31-byte text in the middle: "B1", NUL, "ZL", BEL, "3" (ASCII is GB 18030)
      const C5 = 0x00050001;
      const text = [0x42, 0x31, 0x00, 0x5a, 0x4c, 0x07, 0x33];
      client.send(
        frame({
          serial: 40,
          source: uitd.address,
          data: componentState({ componentType: 40, componentAddress: C5, status: FIRE, description: text }),
        }),
      );
      expect(await client.reply(40)).toMatchObject({ command: 3 });
      const fire = await until(async () =>
        (await alarms()).find((a) => a.kind === "FIRE" && a.point === "1/1/0x00050001"),
      );
      expect(fire.unitId).toBe(uitd.unitId);
      await t.api.services.panels.ingest!.drain();
      // the component is saved, on both engines, its text without the NUL (the decoder drops it) or the BEL
      const component = await until(
        async () =>
          (
            await t.api.db.prisma.panelComponent.findMany({
              where: { componentAddress: BigInt(C5), system: { transmissionDevice: { deviceId: uitd.deviceId } } },
            })
          )[0] ?? undefined,
      );
      expect(component.description).toBe("B1ZL 3");
    }, 60_000);

    it("a frame with a broken checksum gets no confirm and creates nothing; the session carries on", async () => {
      const before = (await events()).length;
      const C3 = 0x00030001;
      client.send(
        frame({
          serial: 10,
          source: uitd.address,
          data: componentState({ componentType: 40, componentAddress: C3, status: FIRE }),
          spoilChecksum: 1,
        }),
      );
      // a good heartbeat right behind it is confirmed: the broken one had its chance to be answered first
      client.send(frame({ serial: 11, source: uitd.address }));
      expect(await client.reply(11)).toMatchObject({ command: 3 });
      expect(client.frames.some((f) => f.serial === 10 && f.command === 3)).toBe(false);
      await t.api.services.panels.ingest!.drain();
      const after = await events();
      expect(after.length).toBe(before + 1); // the heartbeat only
      expect(after.some((e) => e.fields?.includes("0x00030001"))).toBe(false);
      expect((await alarms()).some((a) => a.point === "1/1/0x00030001")).toBe(false);
    }, 60_000);

    it("garbage and oversized input are refused and counted; other sessions lose nothing", async () => {
      const noisy = await WireClient.connect(port);
      // 64 KB without a frame, then a frame that claims more data than the standard allows (1024 bytes)
      noisy.send(Buffer.alloc(64 * 1024, 0x55));
      const big = frame({ serial: 1, source: "0000ab00ffff", data: new Array<number>(2000).fill(0) });
      noisy.send(big);
      // the demo device still gets its frames confirmed meanwhile
      client.send(frame({ serial: 12, source: uitd.address }));
      expect(await client.reply(12)).toMatchObject({ command: 3 });
      expect(noisy.frames.some((f) => f.command === 3)).toBe(false);
      noisy.close();
      const metrics = await fetch(`${t.url}/metrics`).then((r) => r.text());
      const refused = metrics
        .split("\n")
        .filter((l) => l.startsWith("anxin_gb26875_refused_total{"))
        .reduce((n, l) => n + Number(l.split(" ").pop()), 0);
      expect(refused).toBeGreaterThan(0);
      // an unregistered address is denied (command 6), never stored
      const stranger = await WireClient.connect(port);
      stranger.send(frame({ serial: 3, source: "0000ab00fffe" }));
      expect(await stranger.reply(3)).toMatchObject({ command: 6 });
      stranger.close();
      expect(await t.api.db.prisma.deviceEvent.count({ where: { deviceId: { contains: "0000ab00fffe" } } })).toBe(0);
    }, 60_000);

    it("registers a device and names a component over HTTP, within the unit scope", async () => {
      const admin = await t.loginStaff("admin");
      const list = await t.request<{ devices: { address: string; state: string }[] }>(
        "GET",
        `/api/units/${uitd.unitId}/transmission-devices`,
        { token },
      );
      expect(list.status).toBe(200);
      expect(list.body.devices.map((d) => d.address)).toContain(uitd.address);
      const made = await t.request<{ id: string; address: string; deviceId: string }>(
        "POST",
        `/api/units/${uitd.unitId}/transmission-devices`,
        { token: admin, body: { address: "3601990000AA", patrolIntervalSec: 600 } },
      );
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ address: "3601990000aa", deviceId: "UITD-3601990000aa" });
      const twice = await t.request("POST", `/api/units/${uitd.unitId}/transmission-devices`, {
        token: admin,
        body: { address: "3601990000aa" },
      });
      expect(twice.status).toBe(409);
      const bad = await t.request("POST", `/api/units/${uitd.unitId}/transmission-devices`, {
        token: admin,
        body: { address: "36019900zzzz" },
      });
      expect(bad.status).toBe(400);
      const imported = await t.request<{ created: number; errors: unknown[] }>(
        "POST",
        `/api/units/${uitd.unitId}/transmission-devices/${made.body.id}/components`,
        {
          token: admin,
          body: {
            rows: [
              { systemType: "1", systemAddress: "1", componentType: "40", componentAddress: "1-9", name: "库房感烟" },
            ],
          },
        },
      );
      expect(imported.body).toMatchObject({ created: 1, errors: [] });
      const comps = await t.request<{ items: { id: string; label: string }[] }>(
        "GET",
        `/api/units/${uitd.unitId}/panel-components?limit=200`,
        { token },
      );
      const c = comps.body.items.find((x) => x.label === "库房感烟")!;
      const renamed = await t.request<{ outcome: string }>(
        "PATCH",
        `/api/units/${uitd.unitId}/panel-components/${c.id}`,
        {
          token: admin,
          body: { location: "后勤楼 1层 库房" },
        },
      );
      expect(renamed.body.outcome).toBe("updated");
      // a unit that does not exist (or that the caller may not see) is not found
      const none = await t.request("GET", "/api/units/no-such-unit/transmission-devices", { token });
      expect(none.status).toBe(404);
    }, 60_000);

    it("sends the centre's duty check to the device as type 91; 查岗应答 pressed there answers it", async () => {
      const centre = await t.loginStaff("centre_op");
      const asked = await t.request<{ id: string; via: string; status: string }>("POST", "/api/centre/duty-checks", {
        token: centre,
        body: { unitId: uitd.unitId },
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ via: "gb26875", status: "PENDING" });
      // command 1 (control), type 91, one object: the minutes the operator has (120 s by default: 2)
      const command = await client.started((f) => f.command === 1 && f.data[0] === 91);
      expect(command?.data).toEqual([91, 1, 2]);
      // the operator presses 查岗应答: a type 24 record with the duty-reply bit (bit 5)
      client.send(frame({ serial: 91, source: uitd.address, data: [24, 1, 0x20, 1, ...timeLabel()] }));
      expect(await client.reply(91)).toMatchObject({ command: 3 });
      const answered = await until(async () => {
        const c = await t.api.db.prisma.dutyCheck.findUniqueOrThrow({ where: { id: asked.body.id } });
        return c.status === "PENDING" ? undefined : c;
      });
      expect(answered).toMatchObject({ status: "ANSWERED", answeredBy: `device:${uitd.deviceId}` });
      // a second reply nobody asked for answers nothing else
      client.send(frame({ serial: 92, source: uitd.address, data: [24, 1, 0x20, 1, ...timeLabel()] }));
      expect(await client.reply(92)).toMatchObject({ command: 3 });
      await t.api.services.panels.ingest!.drain();
      expect(await t.api.db.prisma.dutyCheck.count({ where: { unitId: uitd.unitId, status: "PENDING" } })).toBe(0);
    });
  });
