// The panels module on SQLite and PostgreSQL: registering transmission devices, naming systems and
// components per unit (other units' rows are not found), importing a component list, and the intake that
// turns frames into events with those names and keeps component state across a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../api/src/db/client.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { createPanels, type Panels, type PanelFrame } from "../../api/src/modules/panels/index.ts";
import { PanelRepository } from "../../api/src/modules/panels/panel-repository.ts";
import { gb26875Catalog } from "../../api/src/transport/gb26875/gateway/index.ts";
import {
  ADDRESS_1_23,
  POINT_1_23,
  componentFlags,
  frame,
  operation,
  smokeAt,
  FIRE_SYSTEM,
  PANEL_TIME,
} from "../../api/src/modules/panels/panel-test-frames.ts";
import { createTestDatabase, providers, type TestDatabase } from "../support/databases.ts";
import { errorCode, fixtures } from "../support/rollout-fixtures.ts";

const ADDRESS = "000000000379";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`panels on ${provider}`, () => {
    let database: TestDatabase;
    let db: Db;
    let panels: Panels;
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 3, 0, 5));
    const ensured: { address: string; unitId: string }[] = [];
    let unitId = "";
    let otherUnitId = "";
    let kitchenId = "";
    let tdId = "";
    const make = () =>
      createPanels({
        prisma: db.prisma,
        driver: db.driver, // SQLite: a component's state through the prepared statement, as the API runs it
        clock,
        catalog: gb26875Catalog,
        devices: {
          ensure: async (input) => {
            ensured.push(input);
            return `uitd-${input.address}`;
          },
        },
      });

    beforeAll(async () => {
      database = await createTestDatabase(provider);
      const { applyMigrations } = await import("../../api/src/db/migrations.ts");
      const { openDb } = await import("../../api/src/db/client.ts");
      await applyMigrations(database.target);
      db = await openDb(database.target);
      const f = fixtures(db.prisma);
      const townshipId = await f.county();
      const unit = (name: string, creditCode: string) => f.unit(name, { townshipId, creditCode, address: "人民路1号" });
      unitId = await unit("县人民医院", "12340000000000001A");
      otherUnitId = await unit("县中学", "12340000000000002B");
      kitchenId = (await db.prisma.keyPart.create({ data: { unitId, name: "厨房" } })).id;
      await db.prisma.keyPart.create({ data: { unitId: otherUnitId, name: "配电室" } });
      panels = make();
    });

    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it("registers a transmission device with its Device, address, profile and patrol interval", async () => {
      const td = await panels.service.registerDevice(unitId, {
        address: ADDRESS.toUpperCase(),
        patrolIntervalSec: 300,
      });
      tdId = td.id;
      expect(td).toMatchObject({
        address: ADDRESS,
        deviceId: `uitd-${ADDRESS}`,
        profile: "standard",
        patrolIntervalSec: 300,
      });
      expect(ensured).toEqual([{ address: ADDRESS, unitId }]);
      expect(await panels.service.findByAddress(ADDRESS)).toMatchObject({
        deviceId: `uitd-${ADDRESS}`,
        transmissionDeviceId: td.id,
        unitId,
        profile: "standard",
        patrolIntervalSec: 300,
        lastClockSyncAt: null,
      });
      expect(await panels.service.findByAddress("00000000ffff")).toBeNull();
      expect(await panels.service.findByAddress("not hex")).toBeNull();
    });

    it("refuses a taken address, a bad address, profile or interval, and an unknown unit", async () => {
      const s = panels.service;
      expect(await errorCode(s.registerDevice(otherUnitId, { address: ADDRESS }))).toBe("CONFLICT");
      expect(await errorCode(s.registerDevice(unitId, { address: "12345" }))).toBe("VALIDATION_FAILED");
      expect(await errorCode(s.registerDevice(unitId, { address: "00000000037g" }))).toBe("VALIDATION_FAILED");
      expect(await errorCode(s.registerDevice(unitId, { address: "000000000400", profile: "vendor-x" }))).toBe(
        "VALIDATION_FAILED",
      );
      // a 12-byte profile wants 24 digits
      expect(await errorCode(s.registerDevice(unitId, { address: "000000000400", profile: "wide-address" }))).toBe(
        "VALIDATION_FAILED",
      );
      expect(await errorCode(s.registerDevice(unitId, { address: "000000000400", patrolIntervalSec: 7201 }))).toBe(
        "VALIDATION_FAILED",
      );
      expect(await errorCode(s.registerDevice(unitId, { address: "000000000400", patrolIntervalSec: 29 }))).toBe(
        "VALIDATION_FAILED",
      );
      expect(await errorCode(s.registerDevice("no-such-unit", { address: "000000000400" }))).toBe("NOT_FOUND");
      const wide = await s.registerDevice(otherUnitId, {
        address: "0a1b2c3d4e5f60718293a4b5",
        profile: "wide-address",
      });
      expect(wide.address).toBe("0a1b2c3d4e5f60718293a4b5");
      expect(await s.listDevices(otherUnitId)).toHaveLength(1);
    });

    it("updates a device in its unit only, saying what changed, and records clock syncs", async () => {
      const s = panels.service;
      expect(await errorCode(s.updateDevice(otherUnitId, tdId, { patrolIntervalSec: 600 }))).toBe("NOT_FOUND");
      expect((await s.updateDevice(unitId, tdId, { patrolIntervalSec: 300 })).outcome).toBe("unchanged");
      const changed = await s.updateDevice(unitId, tdId, { patrolIntervalSec: 600, profile: "bcd-time" });
      expect(changed).toMatchObject({ outcome: "updated", item: { patrolIntervalSec: 600, profile: "bcd-time" } });
      await s.updateDevice(unitId, tdId, { profile: "standard" });
      await s.markClockSynced(`uitd-${ADDRESS}`, new Date(Date.UTC(2026, 10, 28, 3, 0, 0)));
      expect((await s.findByAddress(ADDRESS))?.lastClockSyncAt?.toISOString()).toBe("2026-11-28T03:00:00.000Z");
    });

    it("turns a fire from an unknown component into an event shown by its codes, and learns the component", async () => {
      const p = await panels.intake.prepare(
        frame(smokeAt(ADDRESS_1_23, componentFlags({ fire: true })), { deviceId: `uitd-${ADDRESS}` }),
      );
      expect(p.events.map((e) => e.type)).toEqual(["panel_fire"]);
      expect(p.events[0]!.fields).toMatchObject({
        unitId,
        transmissionDeviceId: tdId,
        point: POINT_1_23,
        location: "未命名部件 感烟火灾探测器 1号回路 23号",
        componentId: null,
      });
      await p.settle(true);
      const { items } = await panels.service.listComponents(unitId, { unnamed: true });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        label: "未命名部件 感烟火灾探测器 1号回路 23号",
        typeName: "感烟火灾探测器",
        addressText: "1号回路 23号",
        point: POINT_1_23,
        state: { fire: true, fault: false },
        system: { label: "火灾报警系统 1号", systemType: 1, systemAddress: 1 },
        stateChangedAt: PANEL_TIME.toISOString(),
      });
      expect((await panels.service.listComponents(otherUnitId)).items).toEqual([]);
    });

    it("names the component; the next event carries its name, key part and place", async () => {
      const [c] = (await panels.service.listComponents(unitId)).items;
      expect(await errorCode(panels.service.updateComponent(otherUnitId, c!.id, { name: "x" }))).toBe("NOT_FOUND");
      const other = (await db.prisma.keyPart.findFirstOrThrow({ where: { unitId: otherUnitId } })).id;
      expect(await errorCode(panels.service.updateComponent(unitId, c!.id, { keyPartId: other }))).toBe(
        "VALIDATION_FAILED",
      );
      expect(await errorCode(panels.service.updateComponent(unitId, c!.id, { name: "名".repeat(41) }))).toBe(
        "VALIDATION_FAILED",
      );
      const named = await panels.service.updateComponent(unitId, c!.id, {
        name: "厨房感烟1",
        location: "门诊楼 1层",
        keyPartId: kitchenId,
      });
      expect(named).toMatchObject({ outcome: "updated", item: { label: "厨房感烟1", keyPartName: "厨房" } });
      expect((await panels.service.updateComponent(unitId, c!.id, { name: "厨房感烟1" })).outcome).toBe("unchanged");
      const p = await panels.intake.prepare(
        frame(smokeAt(ADDRESS_1_23, componentFlags({ fire: true })), { deviceId: `uitd-${ADDRESS}`, frameId: "f2" }),
      );
      expect(p.events[0]!.fields).toMatchObject({
        location: "门诊楼 1层 · 厨房感烟1",
        keyPartId: kitchenId,
        componentId: c!.id,
      });
      await p.settle(true);
    });

    it("renames the system within its unit", async () => {
      const [sys] = await panels.service.listSystems(unitId);
      expect(await errorCode(panels.service.renameSystem(otherUnitId, sys!.id, "x"))).toBe("NOT_FOUND");
      expect(await panels.service.renameSystem(unitId, sys!.id, "门诊楼控制器")).toMatchObject({
        outcome: "updated",
        item: { label: "门诊楼控制器", typeName: "火灾报警系统" },
      });
      const p = await panels.intake.prepare(
        frame({ kind: "system_state", items: [] }, { deviceId: `uitd-${ADDRESS}`, frameId: "f3" }),
      );
      expect(p.events.map((e) => e.type)).toEqual(["panel_other"]);
    });

    it("a reset clears the fire in the events and in the component's stored state", async () => {
      const reset = frame(
        {
          kind: "system_operation",
          items: [{ system: FIRE_SYSTEM, operation: operation({ reset: true }), operator: 2, at: PANEL_TIME }],
        },
        { deviceId: `uitd-${ADDRESS}`, frameId: "f4" },
      );
      const p = await panels.intake.prepare(reset);
      expect(p.events.map((e) => e.type).sort()).toEqual(["panel_fire_clear", "panel_reset"]);
      await p.settle(true);
      const [c] = (await panels.service.listComponents(unitId)).items;
      expect(c!.state.fire).toBe(false);
    });

    it("after a restart, component state comes from the database; a frame not stored makes its clears again", async () => {
      const fire = frame(smokeAt(ADDRESS_1_23, componentFlags({ fault: true })), {
        deviceId: `uitd-${ADDRESS}`,
        frameId: "f5",
      });
      const p = await panels.intake.prepare(fire);
      expect(p.events.map((e) => e.type)).toEqual(["panel_fault"]);
      await p.settle(true);
      const restarted = make();
      const normal = frame(smokeAt(ADDRESS_1_23, componentFlags()), { deviceId: `uitd-${ADDRESS}`, frameId: "f6" });
      const first = await restarted.intake.prepare(normal);
      expect(first.events.map((e) => e.type)).toEqual(["panel_fault_clear"]);
      await first.settle(false); // storing failed: the device sends it again
      const again = await restarted.intake.prepare(normal);
      expect(again.events.map((e) => e.type).sort()).toEqual(
        [
          "panel_fault_clear",
          "panel_fire_clear",
          "panel_power_restored",
          "panel_shielded_clear",
          "panel_supervision_clear",
        ].sort(),
      );
      expect(again.events.find((e) => e.type === "panel_fault_clear")!.msgId).toBe(first.events[0]!.msgId);
      await again.settle(true);
      const third = await restarted.intake.prepare({ ...normal, frameId: "f7" });
      expect(third.events.map((e) => e.type)).toEqual(["panel_component_state"]);
    });

    it("refuses frames of a device nobody registered", async () => {
      expect(await errorCode(panels.intake.prepare(frame(null, { deviceId: "nobody" })))).toBe("NOT_FOUND");
    });

    it("imports a component list: creates, updates, leaves alone, and says what is wrong with which row", async () => {
      const rows = [
        {
          systemType: "1",
          systemAddress: "1",
          componentType: "40",
          componentAddress: "1-23",
          name: "厨房感烟1",
          location: "门诊楼 1层",
          keyPart: "厨房",
        },
        {
          systemType: "1",
          systemAddress: "1",
          componentType: "23",
          componentAddress: "0x00020001",
          name: "1层手报2",
          location: "门诊楼 1层 大厅",
        },
        { systemType: "1", systemAddress: "2", componentType: "40", componentAddress: "65537", name: "2号控制器感烟" },
        { systemType: "1", systemAddress: "1", componentType: "40", componentAddress: "1-23", name: "重复" },
        { systemType: "300", systemAddress: "1", componentType: "40", componentAddress: "1" },
        { systemType: "1", systemAddress: "1", componentType: "40", componentAddress: "1-x" },
        { systemType: "1", systemAddress: "1", componentType: "40", componentAddress: "5", keyPart: "配电室" },
        { systemType: "1", systemAddress: "1", componentType: "40", componentAddress: "6", location: "x".repeat(201) },
      ];
      const first = await panels.service.importComponents(unitId, tdId, rows);
      expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 1 });
      expect(first.errors.map((e) => e.row)).toEqual([4, 5, 6, 7, 8]);
      expect(first.errors[3]!.message).toContain("配电室");
      const again = await panels.service.importComponents(unitId, tdId, rows.slice(0, 3));
      expect(again).toEqual({ created: 0, updated: 0, unchanged: 3, errors: [] });
      const changed = await panels.service.importComponents(unitId, tdId, [{ ...rows[1]!, name: "1层手报2号" }]);
      expect(changed.updated).toBe(1);
      expect(await errorCode(panels.service.importComponents(otherUnitId, tdId, rows))).toBe("NOT_FOUND");
      const systems = await panels.service.listSystems(unitId);
      expect(systems.map((s) => `${s.systemType}/${s.systemAddress}`)).toEqual(["1/1", "1/2"]);
      // the imported names reach the events
      const p = await panels.intake.prepare(
        frame(smokeAt(0x00020001, componentFlags({ fire: true })), { deviceId: `uitd-${ADDRESS}`, frameId: "f8" }),
      );
      expect(p.events[0]!.fields.location).toBe("门诊楼 1层 大厅 · 1层手报2号");
    });

    it("lists components page by page, unnamed or abnormal ones on request", async () => {
      const s = panels.service;
      const page1 = await s.listComponents(unitId, { limit: 2 });
      expect(page1.items).toHaveLength(2);
      const page2 = await s.listComponents(unitId, { limit: 2, after: page1.next! });
      expect(page2.items).toHaveLength(1);
      expect(page2.next).toBeNull();
      expect(new Set([...page1.items, ...page2.items].map((c) => c.id)).size).toBe(3);
      expect((await s.listComponents(unitId, { unnamed: true })).items).toEqual([]);
      expect((await s.listComponents(unitId, { abnormal: true })).items.map((c) => c.label)).toEqual([]);
      expect(await errorCode(s.listComponents(unitId, { after: "x".repeat(41) }))).toBe("VALIDATION_FAILED");
      const frames: PanelFrame[] = [];
      frames.push(
        frame(smokeAt(0x00020001, componentFlags({ supervision: true })), {
          deviceId: `uitd-${ADDRESS}`,
          frameId: "f9",
        }),
      );
      for (const f of frames) await (await panels.intake.prepare(f)).settle(true);
      expect((await s.listComponents(unitId, { abnormal: true })).items.map((c) => c.label)).toEqual(["1层手报2号"]);
    });

    it("saves a component's state by either way alike: fields left out kept, an older state ignored", async () => {
      const fast = new PanelRepository(db.prisma, db.driver); // SQLite: the prepared statement
      const slow = new PanelRepository(db.prisma); // Prisma, as on PostgreSQL
      const system = await slow.ensureSystem(tdId, unitId, 1, 9);
      await slow.ensureComponent(system, 0x00090001, { componentType: 41, description: "九号回路首点" });
      const read = async () =>
        db.prisma.panelComponent.findUniqueOrThrow({
          where: { systemId_componentAddress: { systemId: system.id, componentAddress: BigInt(0x00090001) } },
        });
      const at = (s: number) => new Date(Date.UTC(2026, 10, 28, 3, 0, s));
      const state = (fire: boolean, s: number) => ({
        fire,
        fault: false,
        supervision: false,
        shielded: !fire,
        stateBits: fire ? 2 : 8,
        stateChangedAt: at(s),
        seenAt: at(s),
      });
      // each way writes a newer state, and refuses one older than what the other wrote
      expect(await slow.saveState(system.id, 0x00090001, state(true, 20))).toBe(true);
      expect(await fast.saveState(system.id, 0x00090001, state(false, 10))).toBe(false);
      expect(await read()).toMatchObject({ fire: true, shielded: false, stateBits: 2, stateChangedAt: at(20) });
      expect(await fast.saveState(system.id, 0x00090001, state(false, 30))).toBe(true);
      expect(await slow.saveState(system.id, 0x00090001, state(true, 25))).toBe(false);
      expect(await read()).toMatchObject({
        fire: false,
        shielded: true,
        stateBits: 8,
        stateChangedAt: at(30),
        seenAt: at(30),
        description: "九号回路首点", // left out: kept
        componentType: 41,
      });
      // no time label (a reset's conditions): written whatever the stored time, which stays
      expect(
        await fast.saveState(system.id, 0x00090001, { fire: true, fault: true, supervision: false, shielded: false }),
      ).toBe(true);
      expect(await read()).toMatchObject({ fire: true, fault: true, stateBits: 8, stateChangedAt: at(30) });
    });
  });
}
