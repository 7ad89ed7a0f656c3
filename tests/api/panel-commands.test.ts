// The shared queue of commands to transmission devices (modules/panels/panel-commands.ts) on SQLite and
// PostgreSQL: a row is claimed by one caller only, even when two claim it at once; a claimed row given
// back is pending again; settled rows are not pending; rows nobody claimed within the time to live fail as
// not_connected and are no longer offered. A settings change through the service queues a reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { PanelCommands, createPanels, prismaUitdRegistry } from "../../api/src/modules/panels/index.ts";
import { STALE_CLAIM_MS } from "../../api/src/modules/panels/panel-commands.ts";
import { gb26875Catalog } from "../../api/src/transport/gb26875/gateway/index.ts";
import { providers } from "../support/databases.ts";
import { openModuleDb, type ModuleDb } from "../support/module-db.ts";

for (const { provider, skip } of await providers())
  describe.skipIf(skip !== null)(`panel commands on ${provider}`, () => {
    let m: ModuleDb;
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 3, 0, 0));
    let deviceId = "";
    let unitId = "";
    let q: PanelCommands;

    beforeAll(async () => {
      m = await openModuleDb(provider);
      const prisma = m.db.prisma;
      const county = await prisma.county.create({ data: { code: "000000", name: "测试县" } });
      const township = await prisma.township.create({ data: { countyId: county.id, name: "城关镇", kind: "TOWN" } });
      unitId = (
        await prisma.networkedUnit.create({
          data: {
            townshipId: township.id,
            name: "县人民医院",
            creditCode: "12340000000000001A",
            category: "HOSPITAL",
            sector: "HEALTH",
            address: "人民路1号",
          },
        })
      ).id;
      deviceId = await prismaUitdRegistry(prisma).ensure({ address: "000000000379", unitId });
      q = new PanelCommands(prisma, clock, { ttlMs: 60_000 });
    });
    afterAll(() => m?.close());

    it("a row claimed by an instance that died is offered again once the claim is stale", async () => {
      const q = new PanelCommands(m.db.prisma, clock); // the default time to live (10 min), past a stale claim
      const [id] = await q.enqueue([deviceId], "gb26875.duty_check", {}, "dutycheck:crash");
      expect(await q.claim(id!)).toBe(true); // ... and the claiming instance is killed here
      clock.advance(STALE_CLAIM_MS - 1000);
      await q.expire();
      expect(await q.pending()).toEqual([]); // a live instance may still be waiting for the confirm
      clock.advance(2000);
      await q.expire();
      expect((await q.pending()).map((c) => c.id)).toEqual([id]);
      expect(await q.claim(id!)).toBe(true);
      await q.settle(id!, true);
      expect(await m.db.prisma.deviceCommand.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({
        status: "ACKED",
        result: "ok",
      });
    });

    it("one claim wins; a row given back is pending again; a settled row is not", async () => {
      let kicked = 0;
      q.kick = () => kicked++;
      const [id] = await q.enqueue([deviceId], "gb26875.duty_check", { timeoutMinutes: 2 }, "dutycheck:u");
      expect(kicked).toBe(1);
      expect(await q.pending()).toEqual([{ id, deviceId, type: "gb26875.duty_check", params: { timeoutMinutes: 2 } }]);
      const claims = await Promise.all([q.claim(id!), q.claim(id!), q.claim(id!)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await q.pending()).toEqual([]);
      await q.release(id!);
      expect((await q.pending()).map((c) => c.id)).toEqual([id]);
      expect(await q.claim(id!)).toBe(true);
      await q.settle(id!, true);
      const row = await m.db.prisma.deviceCommand.findUniqueOrThrow({ where: { id: id! } });
      expect(row).toMatchObject({ status: "ACKED", result: "ok" });
      await q.release(id!); // too late: settled stays settled
      expect(await q.pending()).toEqual([]);
      q.kick = null;
    });

    it("rows nobody claims within the time to live are given up as not_connected", async () => {
      const [old] = await q.enqueue([deviceId], "gb26875.duty_check", { timeoutMinutes: 2 }, "dutycheck:u");
      clock.advance(61_000);
      const [fresh] = await q.enqueue([deviceId], "gb26875.reload", {}, "settings");
      expect((await q.pending()).map((c) => c.id)).toEqual([fresh]);
      expect(await q.expire()).toBe(1);
      const row = await m.db.prisma.deviceCommand.findUniqueOrThrow({ where: { id: old! } });
      expect(row).toMatchObject({ status: "FAILED", result: "not_connected" });
      expect([...(await q.reloadsWaiting([deviceId]))]).toEqual([deviceId]);
      await q.settle(fresh!, true, "applied");
      expect((await q.reloadsWaiting([deviceId])).size).toBe(0);
    });

    it("changing a device's profile through the service queues a reload for its gateway", async () => {
      const panels = createPanels({
        prisma: m.db.prisma,
        clock,
        catalog: gb26875Catalog,
        devices: prismaUitdRegistry(m.db.prisma),
      });
      const td = await panels.service.registerDevice(unitId, { address: "000000000380" });
      const before = await panels.commands.pending();
      const changed = await panels.service.updateDevice(unitId, td.id, { profile: "xor-checksum" });
      expect(changed.outcome).toBe("updated");
      const after = await panels.commands.pending();
      expect(after.filter((c) => !before.some((b) => b.id === c.id))).toEqual([
        { id: expect.any(String), deviceId: td.deviceId, type: "gb26875.reload", params: {} },
      ]);
      // nothing changed: nothing queued
      await panels.service.updateDevice(unitId, td.id, { profile: "xor-checksum" });
      expect(await panels.commands.pending()).toHaveLength(after.length);
    });
  });
