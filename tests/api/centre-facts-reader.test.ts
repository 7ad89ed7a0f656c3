// A unit alarm's facts read as prepared statements (api/src/modules/centre/facts-reader.ts) against the Prisma
// way, on both engines: the same alarm row (building and key part from the alarm, else from its device), the
// same people on duty (active, in the roles asked, of this unit only, at most as many as asked), the same
// camera devices, the same facts in the end; a home's alarm and an unknown id are null both ways. The
// countdown's read (the alarm, its unit, the county setting) is the same both ways with and without a setting,
// for a home's alarm and an unknown id; its deadline write keeps the first deadline whichever way wrote it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaFactsReader, sqlFactsReader, type FactsReader } from "../../api/src/modules/centre/facts-reader.ts";
import { incidentFacts } from "../../api/src/modules/centre/incident-facts.ts";
import { ROLE_SETS } from "../../api/src/contract/roles.ts";
import { sqliteTime } from "../../api/src/db/client.ts";
import { CONFIRM_SETTING_KEY } from "../../api/src/modules/units/confirm-countdown.ts";
import { openModuleDb, type ModuleDb } from "../support/module-db.ts";
import { providers } from "../support/databases.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a unit alarm's facts, prepared and through Prisma, on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: FactsReader;
    let sql: FactsReader;
    const ids = { unit: "", other: "", onAlarm: "", onDevice: "", bare: "", home: "", school: "" };

    beforeAll(async () => {
      m = await openModuleDb(provider);
      const p = m.db.prisma;
      prisma = prismaFactsReader(p);
      sql = sqlFactsReader(m.db.driver, p);
      const county = await p.county.create({ data: { code: "000000", name: "测试县" } });
      const township = await p.township.create({ data: { countyId: county.id, name: "城关镇", kind: "TOWN" } });
      const unit = (name: string, creditCode: string, extra: object = {}) =>
        p.networkedUnit.create({
          data: {
            townshipId: township.id,
            name,
            creditCode,
            category: "HOSPITAL",
            sector: "HEALTH",
            address: "人民路1号",
            ...extra,
          },
        });
      ids.unit = (
        await unit("县人民医院", "12340000000000001A", {
          latitude: 30.1234567,
          longitude: 120.7654321,
          phone: "0571-1",
          controlRoomPhone: "0571-119",
          controlRoomLocation: "门诊楼1层",
        })
      ).id;
      ids.other = (await unit("县中学", "12340000000000002B", { category: "BOARDING_SCHOOL", confirmSec: 240 })).id;
      const ward = await p.unitBuilding.create({
        data: { unitId: ids.unit, name: "住院部", floorsAbove: 12, floorsBelow: 1, heightM: 45.5, use: "医疗" },
      });
      const clinic = await p.unitBuilding.create({ data: { unitId: ids.unit, name: "门诊楼", floorsAbove: 4 } });
      const kitchen = await p.keyPart.create({
        data: { unitId: ids.unit, buildingId: ward.id, name: "厨房", floor: 1, description: "燃气灶" },
      });
      const power = await p.keyPart.create({ data: { unitId: ids.unit, buildingId: clinic.id, name: "配电室" } });
      await p.deviceModel.createMany({
        data: [
          { id: "AX-S1", kind: "SMOKE_ALARM", vendor: "安心", name: "烟感", heartbeatIntervalSec: 3600 },
          { id: "AX-C1", kind: "CAMERA", vendor: "安心", name: "摄像机", heartbeatIntervalSec: 3600 },
          { id: "AX-C2", kind: "CAMERA", vendor: "海康", name: "球机", heartbeatIntervalSec: 3600 },
        ],
      });
      const device = (id: string, data: object) =>
        p.device.create({ data: { id, serial: id, modelId: "AX-S1", secretHash: "x", ...data } });
      await device("d-ward", {
        unitId: ids.unit,
        unitBuildingId: clinic.id,
        keyPartId: power.id,
        floor: 2,
        placeName: "配电室门口",
      });
      await device("d-bare", { unitId: ids.unit });
      await device("d-home", {});
      for (const [id, unitId] of [
        ["CAM-b", ids.unit],
        ["CAM-a", ids.unit],
        ["CAM-x", ids.other],
      ] as const)
        await p.device.create({
          data: { id, serial: id, modelId: "AX-C1", secretHash: "x", unitId, name: `摄像机${id}` },
        });
      // a second camera model: the unit's cameras are those of every camera model
      await p.device.create({
        data: { id: "CAM-n", serial: "CAM-n", modelId: "AX-C2", secretHash: "x", unitId: ids.unit },
      });
      // people: of this unit in each duty role, one inactive, one in a role that is not on duty, one of the other unit
      const staff = [
        ["s3", "UNIT_RESPONSIBLE", ids.unit, true, "13800000003"],
        ["s1", "CONTROL_ROOM_OPERATOR", ids.unit, true, null],
        ["s2", "UNIT_MANAGER", ids.unit, true, "13800000002"],
        ["s4", "CONTROL_ROOM_OPERATOR", ids.unit, false, "13800000004"],
        ["s5", "MAINTENANCE_TECH", ids.unit, true, "13800000005"],
        ["s6", "CONTROL_ROOM_OPERATOR", ids.other, true, "13800000006"],
        ["s9", "CENTRE_OPERATOR", null, true, "13800000009"],
        ["s8", "CENTRE_OPERATOR", null, false, "13800000008"],
        ["s7", "CENTRE_OPERATOR", null, true, null],
      ] as const;
      for (const [id, role, unitId, active, phone] of staff)
        await p.staffUser.create({
          data: {
            id,
            username: id,
            name: `值班${id}`,
            role,
            active,
            phone,
            ...(unitId ? { units: { create: { unitId } } } : {}),
          },
        });
      const alarm = (deviceId: string, data: object) =>
        p.alarm.create({
          data: {
            deviceId,
            kind: "FIRE",
            severity: "CRITICAL",
            startedAt: new Date(Date.UTC(2026, 11, 3, 1, 2, 3, 456)),
            lastEventAt: new Date(),
            ...data,
          },
        });
      ids.onAlarm = (
        await alarm("d-ward", {
          unitId: ids.unit,
          unitBuildingId: ward.id,
          keyPartId: kitchen.id,
          floor: 1,
          point: "1/1/0x01",
          source: "gb26875",
          location: "住院部 1层 厨房",
        })
      ).id;
      ids.onDevice = (await alarm("d-ward", { unitId: ids.unit, kind: "GAS_LEAK" })).id;
      ids.bare = (await alarm("d-bare", { unitId: ids.unit, kind: "CALL_POINT" })).id;
      ids.home = (await alarm("d-home", {})).id;
      ids.school = (
        await alarm("d-bare", {
          unitId: ids.other,
          kind: "LOW_BATTERY",
          point: "school",
          status: "RESOLVED",
          openSlot: null,
        })
      ).id;
    });
    afterAll(async () => m?.close());

    it("reads the same alarm rows both ways", async () => {
      for (const id of [ids.onAlarm, ids.onDevice, ids.bare]) {
        const a = await sql.alarm(id);
        expect(a).not.toBeNull();
        expect(a).toEqual(await prisma.alarm(id));
      }
      const a = (await sql.alarm(ids.onAlarm))!;
      expect(a.building).toEqual({ name: "住院部", floorsAbove: 12, floorsBelow: 1, heightM: 45.5, use: "医疗" });
      expect(a.keyPart).toEqual({ name: "厨房", floor: 1, description: "燃气灶" });
      expect(a.startedAt).toEqual(new Date(Date.UTC(2026, 11, 3, 1, 2, 3, 456)));
      expect(a.unit.latitude).toBe(30.1234567);
      // from the device when the alarm names no place
      const d = (await sql.alarm(ids.onDevice))!;
      expect([d.building?.name, d.keyPart?.name, d.device]).toEqual([
        "门诊楼",
        "配电室",
        { floor: 2, placeName: "配电室门口" },
      ]);
      const bare = (await sql.alarm(ids.bare))!;
      expect([bare.building, bare.keyPart]).toEqual([null, null]);
    });

    it("finds no facts for a home's alarm or an unknown id", async () => {
      for (const r of [sql, prisma]) {
        expect(await r.alarm(ids.home)).toBeNull();
        expect(await r.alarm("no-such-alarm")).toBeNull();
      }
    });

    it("lists the same people on duty and camera devices both ways", async () => {
      const roles = ROLE_SETS.dutyAnswerers;
      const people = await sql.staff(ids.unit, roles, 20);
      expect(people).toEqual(await prisma.staff(ids.unit, roles, 20));
      expect(people.map((s) => s.name)).toEqual(["值班s1", "值班s2", "值班s3"]);
      expect(await sql.staff(ids.unit, roles, 2)).toEqual(await prisma.staff(ids.unit, roles, 2));
      expect(await sql.staff(ids.unit, ["MAINTENANCE_TECH"], 20)).toEqual([
        { id: "s5", name: "值班s5", role: "MAINTENANCE_TECH", phone: "13800000005" },
      ]);
      // in the order the roles are asked, then by id, before the cut: the first role's people are kept
      const chiefsFirst = ["UNIT_RESPONSIBLE", "CONTROL_ROOM_OPERATOR"] as const;
      expect((await sql.staff(ids.unit, chiefsFirst, 1)).map((s) => s.id)).toEqual(["s3"]);
      expect(await prisma.staff(ids.unit, chiefsFirst, 1)).toEqual(await sql.staff(ids.unit, chiefsFirst, 1));
      expect((await sql.staff(ids.unit, chiefsFirst, 20)).map((s) => s.id)).toEqual(["s3", "s1"]);
      expect(await prisma.staff(ids.unit, chiefsFirst, 20)).toEqual(await sql.staff(ids.unit, chiefsFirst, 20));
      // anywhere in the county (the centre's operators): no unit asked, inactive people still left out
      const centre = await sql.staff(null, ["CENTRE_OPERATOR"], 20);
      expect(centre).toEqual(await prisma.staff(null, ["CENTRE_OPERATOR"], 20));
      expect(centre.map((s) => s.id)).toEqual(["s7", "s9"]);
      expect(await sql.staff(null, ["CONTROL_ROOM_OPERATOR"], 20)).toEqual(
        await prisma.staff(null, ["CONTROL_ROOM_OPERATOR"], 20),
      );
      expect((await sql.staff(null, ["CONTROL_ROOM_OPERATOR"], 20)).map((s) => s.id)).toEqual(["s1", "s6"]);
      const cams = await sql.cameraDevices(ids.unit, 10);
      expect(cams).toEqual(await prisma.cameraDevices(ids.unit, 10));
      expect(cams).toEqual([
        { id: "CAM-a", name: "摄像机CAM-a" },
        { id: "CAM-b", name: "摄像机CAM-b" },
        { id: "CAM-n", name: null },
      ]);
      expect(await sql.cameraDevices(ids.unit, 1)).toEqual(await prisma.cameraDevices(ids.unit, 1));
    });

    it("makes the same facts both ways", async () => {
      const opts = {
        baseUrl: "http://127.0.0.1:1",
        incidentUrl: (id: string) => `http://127.0.0.1:1/i/${id}`,
        hydrants: null,
      };
      for (const id of [ids.onAlarm, ids.onDevice, ids.bare]) {
        const facts = await incidentFacts(sql, id, opts);
        expect(facts).toEqual(await incidentFacts(prisma, id, opts));
        expect(facts!.onDuty.map((p) => p.role)).toEqual(["CONTROL_ROOM_OPERATOR", "UNIT_MANAGER", "UNIT_RESPONSIBLE"]);
      }
    });

    it("reads the same countdown both ways, with and without the county's setting", async () => {
      const both = async (id: string) => {
        const r = await sql.countdown(id, CONFIRM_SETTING_KEY);
        expect(r).toEqual(await prisma.countdown(id, CONFIRM_SETTING_KEY));
        return r;
      };
      expect(await both(ids.onAlarm)).toEqual({
        id: ids.onAlarm,
        kind: "FIRE",
        status: "ACTIVE",
        startedAt: new Date(Date.UTC(2026, 11, 3, 1, 2, 3, 456)),
        location: "住院部 1层 厨房",
        unit: { id: ids.unit, name: "县人民医院", category: "HOSPITAL", confirmSec: null },
        setting: null,
      });
      expect(await both(ids.school)).toMatchObject({
        kind: "LOW_BATTERY",
        status: "RESOLVED",
        location: null,
        unit: { id: ids.other, name: "县中学", category: "BOARDING_SCHOOL", confirmSec: 240 },
        setting: null,
      });
      // a home's alarm is read, with no unit (the countdown turns it away); an unknown id is null
      expect(await both(ids.home)).toMatchObject({ id: ids.home, unit: null, setting: null });
      expect(await both("no-such-alarm")).toBeNull();
      const value = JSON.stringify({ HOSPITAL: 60 });
      await m.db.prisma.setting.create({ data: { key: CONFIRM_SETTING_KEY, value } });
      try {
        for (const id of [ids.onAlarm, ids.school, ids.home]) expect((await both(id))!.setting).toBe(value);
        expect(await both("no-such-alarm")).toBeNull();
        // another key's setting is not this one
        expect((await sql.countdown(ids.onAlarm, "units.other"))!.setting).toBeNull();
      } finally {
        await m.db.prisma.setting.delete({ where: { key: CONFIRM_SETTING_KEY } });
      }
    });

    it("keeps the first confirm deadline, whichever way wrote it", async () => {
      const p = m.db.prisma;
      const first = new Date(Date.UTC(2026, 11, 3, 1, 4, 3, 456));
      const later = new Date(first.getTime() + 60_000);
      const fresh = async (point: string) =>
        (
          await p.alarm.create({
            data: {
              deviceId: "d-bare",
              unitId: ids.unit,
              kind: "FIRE",
              severity: "CRITICAL",
              point,
              startedAt: new Date(Date.UTC(2026, 11, 3, 1, 2, 3, 456)),
              lastEventAt: new Date(),
            },
          })
        ).id;
      const deadline = async (id: string) =>
        (await p.alarm.findUniqueOrThrow({ where: { id }, select: { confirmDeadlineAt: true } })).confirmDeadlineAt;
      for (const [a, b] of [
        [sql, prisma],
        [prisma, sql],
      ] as const) {
        const id = await fresh(a === sql ? "deadline-sql-first" : "deadline-prisma-first");
        expect(await a.setConfirmDeadline(id, first)).toBe(true);
        expect(await b.setConfirmDeadline(id, later)).toBe(false);
        expect(await a.setConfirmDeadline(id, later)).toBe(false);
        expect(await deadline(id)).toEqual(first);
      }
      // the prepared write's value reads back as Prisma's does, and other alarms are left alone
      expect(await deadline(ids.onAlarm)).toBeNull();
      for (const r of [sql, prisma]) expect(await r.setConfirmDeadline("no-such-alarm", first)).toBe(false);
    });

    it.skipIf(provider !== "sqlite")(
      "writes the deadline the Prisma way, without waiting, while Prisma's connection holds the write lock",
      async () => {
        const p = m.db.prisma;
        const id = (
          await p.alarm.create({
            data: {
              deviceId: "d-bare",
              unitId: ids.unit,
              kind: "FIRE",
              severity: "CRITICAL",
              point: "deadline-locked",
              startedAt: new Date(),
              lastEventAt: new Date(),
            },
          })
        ).id;
        const at = new Date(Date.UTC(2026, 11, 3, 5, 0, 0, 7));
        if (m.db.driver.provider !== "sqlite") throw new Error("SQLite only");
        const bare = m.db.driver.sqlite.prepare(`SELECT "confirmDeadlineAt" FROM "Alarm" WHERE "id" = ?`);
        await p.$transaction(async (tx) => {
          await tx.setting.create({ data: { key: "test.lock", value: "{}" } }); // holds the write lock
          // the bare connection finds the lock taken and the Prisma way writes it, inside the open
          // transaction (api/src/db/sqlite-no-wait.ts)
          expect(await sql.setConfirmDeadline(id, at)).toBe(true);
          // not committed yet: the bare connection does not see it (it was not the one that wrote it)
          expect(bare.get(id)).toEqual({ confirmDeadlineAt: null });
        });
        expect(bare.get(id)).toEqual({ confirmDeadlineAt: sqliteTime(at) });
        expect((await p.alarm.findUniqueOrThrow({ where: { id } })).confirmDeadlineAt).toEqual(at);
        expect(await sql.setConfirmDeadline(id, new Date())).toBe(false);
      },
    );
  });
}
