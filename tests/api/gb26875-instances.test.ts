// Two API instances on one database, each with its gateway, as behind a TCP load balancer (issue 16): a
// transmission device connected to instance B gets the duty check (type 91) a centre operator asks for on
// instance A, exactly once; its confirm and its 查岗应答 are recorded. A profile change made on A applies to
// the device's live session on B at once, and the console's route says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { WireClient, frame, timeLabel } from "../support/gb26875-wire.ts";
import type { OverviewUnit } from "../../api/src/modules/panels/panel-overview.ts";

interface DemoUitd {
  address: string;
  deviceId: string;
  unitId: string;
}

const until = async <T>(read: () => Promise<T | undefined>, ms = 15_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
};

const ENV = { GB26875_PORT: "0", GB26875_COMMAND_POLL_MS: "200" };

for (const { provider, skip } of await providers())
  describe.skipIf(skip !== null)(`GB/T 26875.3 commands across two instances on ${provider}`, () => {
    let a: TestApi;
    let b: TestApi;
    let uitd: DemoUitd;
    let client: WireClient;

    beforeAll(async () => {
      a = await startTestApi({ provider, env: ENV });
      b = await startTestApi({ database: a.database, env: ENV });
      uitd = (a.demo.gb26875 as { devices: DemoUitd[] }).devices[0]!;
      // the load balancer sends the device to B
      client = await WireClient.connect(b.api.gb26875!.port);
      client.send(frame({ serial: 1, source: uitd.address }));
      expect(await client.reply(1)).toMatchObject({ command: 3 });
    }, 180_000);

    afterAll(async () => {
      client?.close();
      await b?.close();
      await a?.close();
    });

    const prisma = () => a.api.db.prisma;
    const dutyFrames = () => client.frames.filter((f) => f.command === 1 && f.data[0] === 91);
    /** both gateways read the queue (their timers do too, every 200 ms) */
    const pollBoth = () => Promise.all([a.api.gb26875!.gateway.pollCommands(), b.api.gb26875!.gateway.pollCommands()]);

    it("a duty check asked for on A reaches the device on B once; the confirm and the answer are recorded", async () => {
      expect(b.api.gb26875!.gateway.session(uitd.deviceId)?.connected).toBe(true);
      expect(a.api.gb26875!.gateway.session(uitd.deviceId)).toBeNull();
      const centre = await a.loginStaff("centre_op");
      const asked = await a.request<{ id: string; via: string; status: string }>("POST", "/api/centre/duty-checks", {
        token: centre,
        body: { unitId: uitd.unitId },
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ via: "gb26875", status: "PENDING" });

      const command = await client.started((f) => f.command === 1 && f.data[0] === 91);
      expect(command?.data).toEqual([91, 1, 2]);
      client.send(frame({ serial: command!.serial, source: uitd.address, command: 3 })); // the device confirms
      const row = await until(async () => {
        const rows = await prisma().deviceCommand.findMany({
          where: { deviceId: uitd.deviceId, type: "gb26875.duty_check" },
        });
        return rows.length === 1 && rows[0]!.status === "ACKED" ? rows[0]! : undefined;
      });
      expect(row).toMatchObject({ result: "ok", requestedBy: `dutycheck:${uitd.unitId}` });

      // both instances keep reading the queue: nothing is sent again
      for (let i = 0; i < 3; i++) await pollBoth();
      expect(dutyFrames()).toHaveLength(1);

      // the operator presses 查岗应答 on the device: type 24 with the duty-reply bit, stored through B
      client.send(frame({ serial: 2, source: uitd.address, data: [24, 1, 0x20, 1, ...timeLabel()] }));
      expect(await client.reply(2)).toMatchObject({ command: 3 });
      const answered = await until(async () => {
        const c = await prisma().dutyCheck.findUniqueOrThrow({ where: { id: asked.body.id } });
        return c.status === "PENDING" ? undefined : c;
      });
      expect(answered).toMatchObject({ status: "ANSWERED", answeredBy: `device:${uitd.deviceId}` });
      // A's API shows it answered
      const list = await a.request<{ items: { id: string; status: string }[] }>(
        "GET",
        `/api/centre/duty-checks?unitId=${uitd.unitId}`,
        { token: centre },
      );
      expect(list.status).toBe(200);
      expect(list.body.items.find((c) => c.id === asked.body.id)?.status).toBe("ANSWERED");
    }, 60_000);

    it("a profile change made on A applies to the device's live session on B, and the console's route says so", async () => {
      const admin = await a.loginStaff("admin");
      const td = await prisma().transmissionDevice.findFirstOrThrow({ where: { deviceId: uitd.deviceId } });
      const changed = await a.request<{ outcome: string }>(
        "PATCH",
        `/api/units/${uitd.unitId}/transmission-devices/${td.id}`,
        { token: admin, body: { profile: "reply-plus-0x80", patrolIntervalSec: 900 } },
      );
      expect(changed.status).toBe(200);
      expect(changed.body.outcome).toBe("updated");
      await until(async () => {
        const r = await prisma().deviceCommand.findFirst({
          where: { deviceId: uitd.deviceId, type: "gb26875.reload" },
        });
        return r?.status === "ACKED" ? r : undefined;
      });
      // the same connection, read under the new profile: the confirm is the vendor's (command + 0x80)
      expect(client.closed).toBe(false);
      client.send(frame({ serial: 3, source: uitd.address }));
      const reply = await until(async () => client.frames.find((f) => f.serial === 3 && f.command !== 1) ?? undefined);
      expect(reply.command).toBe(0x82);

      const overview = await a.request<OverviewUnit>("GET", `/api/units/${uitd.unitId}/transmission-devices`, {
        token: admin,
      });
      expect(overview.body.devices.find((d) => d.address === uitd.address)?.settings?.state).toBe("applied");
      // the console's 用户信息传输装置 screen reads the caller's units and one of them from one route; it says
      // "applied" as 新设置已在线生效 (portal/src/console/app/screens/Panels.tsx)
      const screen = await a.request<{ units: { id: string }[]; selected: OverviewUnit | null }>(
        "GET",
        `/api/transmission-devices?unit=${uitd.unitId}`,
        { token: admin },
      );
      expect(screen.body.units.map((u) => u.id)).toContain(uitd.unitId);
      expect(screen.body.selected?.devices.find((d) => d.address === uitd.address)?.settings?.state).toBe("applied");

      // back to the standard for whoever runs next on this database
      await a.request("PATCH", `/api/units/${uitd.unitId}/transmission-devices/${td.id}`, {
        token: admin,
        body: { profile: "standard", patrolIntervalSec: td.patrolIntervalSec },
      });
    }, 60_000);
  });
