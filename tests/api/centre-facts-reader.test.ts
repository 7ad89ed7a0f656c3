// A unit alarm's facts read as prepared statements (api/src/modules/centre/facts-reader.ts) against the Prisma
// way, on both engines: the same alarm row (building and key part from the alarm, else from its device), the
// same people on duty (active, in the roles asked, of this unit only, at most as many as asked), the same
// camera devices, the same facts in the end; a home's alarm and an unknown id are null both ways.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaFactsReader, sqlFactsReader, type FactsReader } from "../../api/src/modules/centre/facts-reader.ts";
import { incidentFacts } from "../../api/src/modules/centre/incident-facts.ts";
import { ROLE_SETS } from "../../api/src/contract/roles.ts";
import { openModuleDb, type ModuleDb } from "../support/module-db.ts";
import { providers } from "../support/databases.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a unit alarm's facts, prepared and through Prisma, on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: FactsReader;
    let sql: FactsReader;
    const ids = { unit: "", other: "", onAlarm: "", onDevice: "", bare: "", home: "" };

    beforeAll(async () => {
      m = await openModuleDb(provider);
      const p = m.db.prisma;
      prisma = prismaFactsReader(p);
      sql = sqlFactsReader(m.db.driver);
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
      ids.other = (await unit("县中学", "12340000000000002B")).id;
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
      await p.device.create({
        data: { id: "CAM-n", serial: "CAM-n", modelId: "AX-C1", secretHash: "x", unitId: ids.unit },
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
  });
}
