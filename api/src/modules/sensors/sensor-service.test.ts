// The limit rules through the database, on SQLite and PostgreSQL: every scenario of every alarm kind a reading
// can raise (limit-cases.fixture.ts), with the kind's default limits and with a manager's override, stored by
// the hot path and evaluated with the point's state kept in SensorPoint. Then overrides (who may, what is
// refused, what is recorded), facility events, concurrent evaluation and a person resolving an alarm.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.ts";
import { AppError } from "../../shared/errors.ts";
import { ManualClock } from "../../shared/clock.ts";
import { LIMIT_CASES, defaultLimit, limitVariants, scenarios } from "./limit-cases.fixture.ts";
import { createReadingStore } from "./reading-store.ts";
import { SensorRepository } from "./sensor-repository.ts";
import { SensorService, type SensorAccess } from "./sensor-service.ts";
import { addDevice, openTestDb, providers, seedPlaces, type Place, type TestDb } from "./sensor-db.fixture.ts";

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const manager: Principal = {
  kind: "staff",
  id: "m1",
  role: "PROPERTY_MANAGER",
  propertyCompanyId: "c1",
  townshipId: null,
};
const unitManager: Principal = {
  kind: "staff",
  id: "u1",
  role: "UNIT_MANAGER",
  propertyCompanyId: null,
  townshipId: null,
};
const staff: Principal = { kind: "staff", id: "s1", role: "PROPERTY_STAFF", propertyCompanyId: "c1", townshipId: null };

/** Scope as the composition root will wire it: here, every device but the ones named out of scope. */
function accessExcept(hidden: Set<string>): SensorAccess {
  const check = async (_p: Principal, id: string) => {
    if (hidden.has(id)) throw new AppError("NOT_FOUND", "找不到该设备");
  };
  return { device: check, unit: check, community: check };
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`sensor limits on ${provider}`, () => {
    let t: TestDb;
    let places: Place;
    let service: SensorService;
    const clock = new ManualClock(T0 + 2 * 86_400_000);
    const hidden = new Set<string>();

    beforeAll(async () => {
      t = await openTestDb(provider);
      places = await seedPlaces(t.db);
      const store = createReadingStore(t.db.driver);
      await store.runRetention(clock.now());
      service = new SensorService(new SensorRepository(t.db.prisma), store, accessExcept(hidden), clock);
    });
    afterAll(() => t?.close());

    async function feed(deviceId: string, point: string, value: number, at: number) {
      await service.storeReadings([{ deviceId, point, value, ts: new Date(at), receivedAt: clock.now() }]);
      return (await service.evaluate(deviceId, [{ point, value, at: new Date(at) }])).decisions;
    }

    for (const c of LIMIT_CASES) {
      for (const [i, { limit }] of limitVariants(c).entries()) {
        const overridden = i > 0;
        it(`${c.kind} on ${c.deviceKind}.${c.point}: every rule, ${overridden ? "with an override" : "default limits"}`, async () => {
          for (const sc of scenarios(c, limit)) {
            const id = await addDevice(t.db, c.deviceKind, { communityId: places.communityId });
            if (overridden) {
              const r = await service.setLimit(manager, id, c.point, limit, "按现场调整");
              expect(r.outcome).toBe("created");
            }
            for (const [n, step] of sc.steps.entries()) {
              const decisions = await feed(id, c.point, step.value, T0 + step.t * 1000);
              expect(
                decisions.map((d) => d.action),
                `${sc.name}, step ${n}`,
              ).toEqual(step.expect);
              for (const d of decisions) expect(d).toMatchObject({ kind: c.kind, point: c.point });
            }
          }
        });
      }
    }

    it("a manager's override changes when an alarm is raised; a reset brings back the default", async () => {
      const id = await addDevice(t.db, "HYDRANT_PRESSURE", { communityId: places.communityId });
      const low = { low: 0.2, high: 1, hysteresis: 0.02, minDurationSec: 0 };
      expect(await service.setLimit(manager, id, "pressure_mpa", low)).toMatchObject({
        outcome: "created",
        before: { low: 0.14, source: "default" },
        after: { low: 0.2, source: "override" },
      });
      expect((await feed(id, "pressure_mpa", 0.18, T0)).map((d) => d.kind)).toEqual(["LOW_PRESSURE"]);
      expect((await feed(id, "pressure_mpa", 0.3, T0 + 1000)).map((d) => d.action)).toEqual(["clear"]);
      expect(await service.setLimit(manager, id, "pressure_mpa", low)).toMatchObject({ outcome: "ignored" });
      clock.advance(60_000);
      expect(await service.resetLimit(unitManager, id, "pressure_mpa", "恢复默认")).toMatchObject({
        outcome: "reset",
        after: { low: 0.14, source: "default" },
      });
      expect(await feed(id, "pressure_mpa", 0.18, T0 + 2000)).toEqual([]); // 0.18 is fine by the default
      const history = await service.limitHistory(manager, id);
      expect(history.map((h) => [h.action, h.by, h.before?.low, h.after?.low, h.note])).toEqual([
        ["reset", "staff:u1", 0.2, 0.14, "恢复默认"],
        ["set", "staff:m1", 0.14, 0.2, null],
      ]);
      expect(new Date(history[0]!.at).getTime() - new Date(history[1]!.at).getTime()).toBe(60_000);
      const limits = await service.limits(manager, id);
      expect(limits.find((l) => l.point === "pressure_mpa")).toMatchObject({
        label: "水压",
        unit: "MPa",
        limit: { low: 0.14, high: 1, source: "default" },
        alarms: { low: "LOW_PRESSURE", high: "HIGH_PRESSURE" },
      });
      expect(limits.map((l) => l.point)).toEqual(["flow", "pressure_mpa"]);
    });

    it("only managers set limits, within the device's scope and within what the standards allow", async () => {
      const id = await addDevice(t.db, "ELECTRICAL_FIRE", { unitId: places.unitId });
      const ok = { high: 200, hysteresis: 20, minDurationSec: 0 };
      expect(await code(service.setLimit(staff, id, "leak_ma_1", ok))).toBe("FORBIDDEN");
      expect(await code(service.setLimit({ kind: "resident", id: "r1", role: "RESIDENT" }, id, "leak_ma_1", ok))).toBe(
        "FORBIDDEN",
      );
      hidden.add(id);
      expect(await code(service.setLimit(unitManager, id, "leak_ma_1", ok))).toBe("NOT_FOUND");
      expect(await code(service.limitHistory(unitManager, id))).toBe("NOT_FOUND");
      hidden.delete(id);
      expect(await code(service.setLimit(unitManager, "nope", "leak_ma_1", ok))).toBe("NOT_FOUND");
      const refused = async (point: string, raw: unknown) => {
        try {
          await service.setLimit(unitManager, id, point, raw);
          return "accepted";
        } catch (e) {
          return (e as AppError).message;
        }
      };
      expect(await refused("leak_ma_1", { high: 2000, hysteresis: 20 })).toBe("剩余电流上限应在 20–1000 mA 之间");
      expect(await refused("leak_ma_1", { high: "200" })).toBe("阈值格式不正确：需要下限、上限、回差和持续时间");
      expect(await refused("flow", { high: 0.5 })).toBe("该设备的这个测点不报警，无需设置阈值"); // flow alarms on hydrants only
      expect(await refused("voltage", ok)).toBe("未知的测点“voltage”");
      expect(await refused("leak_ma_1", ok)).toBe("accepted");
      expect(await t.db.prisma.sensorLimitChange.count({ where: { deviceId: id } })).toBe(1);
    });

    it("a hydrant's single reading of 0.05 MPa raises low pressure, and 0.30 clears it (issue 15's mosquitto_pub check)", async () => {
      const id = await addDevice(t.db, "HYDRANT_PRESSURE", {
        communityId: places.communityId,
        latitude: 30.2,
        longitude: 120.1,
      });
      expect(await feed(id, "pressure_mpa", 0.05, T0)).toEqual([
        expect.objectContaining({
          action: "raise",
          kind: "LOW_PRESSURE",
          point: "pressure_mpa",
          note: "水压 0.05 MPa，低于下限 0.14 MPa",
        }),
      ]);
      expect(await feed(id, "pressure_mpa", 0.3, T0 + 60_000)).toEqual([
        expect.objectContaining({ action: "clear", kind: "LOW_PRESSURE", point: "pressure_mpa" }),
      ]);
    });

    it("the model's own limits apply before the kind's defaults", async () => {
      const id = await addDevice(
        t.db,
        "WATER_LEVEL",
        { unitId: places.unitId },
        { modelLimits: JSON.stringify({ level_m: { low: 2.5, high: 6, hysteresis: 0.1, minDurationSec: 0 } }) },
      );
      expect((await feed(id, "level_m", 2.4, T0)).map((d) => d.kind)).toEqual(["LOW_WATER"]);
    });

    it("two instances evaluating the same reading at once raise it once", async () => {
      const id = await addDevice(t.db, "GAS_DETECTOR", { householdId: places.householdId });
      const at = new Date(T0 + 5000);
      await service.storeReadings([{ deviceId: id, point: "lel_pct", value: 40, ts: at, receivedAt: at }]);
      const both = await Promise.all([
        service.evaluate(id, [{ point: "lel_pct", value: 40, at }]),
        service.evaluate(id, [{ point: "lel_pct", value: 40, at }]),
      ]);
      expect(both.flatMap((b) => b.decisions).map((d) => d.kind)).toEqual(["GAS_LEAK"]);
    });

    it("a resolved alarm whose value is still past the limit is raised again", async () => {
      const id = await addDevice(t.db, "WATER_LEVEL", { buildingId: places.buildingId });
      expect((await feed(id, "level_m", 0.5, T0)).map((d) => d.kind)).toEqual([]); // waits 5 minutes
      expect((await feed(id, "level_m", 0.5, T0 + 300_000)).map((d) => d.kind)).toEqual(["LOW_WATER"]);
      expect(await feed(id, "level_m", 0.5, T0 + 360_000)).toEqual([]);
      expect(await service.alarmResolved({ deviceId: id, point: "level_m" })).toBe(true);
      expect(await feed(id, "level_m", 0.5, T0 + 420_000)).toEqual([]);
      expect((await feed(id, "level_m", 0.5, T0 + 720_000)).map((d) => d.kind)).toEqual(["LOW_WATER"]);
      expect(await service.alarmResolved({ deviceId: id, point: "" })).toBe(false);
    });

    it("facility events: a pump starting with no fire in its building raises, during a fire it does not", async () => {
      const pump = await addDevice(t.db, "PUMP", { buildingId: places.buildingId, placeName: "泵房" });
      const start = { type: "pump_start", at: T0 };
      expect((await service.decideEvent(pump, start))?.decisions.map((d) => d.kind)).toEqual(["PUMP_STARTED"]);
      const smoke = await addDevice(t.db, "SMOKE_ALARM", { householdId: places.householdId });
      await t.db.prisma.alarm.create({
        data: {
          deviceId: smoke,
          householdId: places.householdId,
          kind: "FIRE",
          severity: "CRITICAL",
          startedAt: new Date(T0),
          lastEventAt: new Date(T0),
        },
      });
      expect(await service.decideEvent(pump, start)).toEqual({ deviceId: pump, decisions: [] });
      expect(await service.decideEvent(pump, { type: "smoke_alarm", at: T0 })).toBeNull();
      expect(await service.decideEvent("nope", start)).toBeNull();
    });

    it("the default limit of each case is the one the engine test uses", () => {
      for (const c of LIMIT_CASES) expect(defaultLimit(c)).toBeTruthy();
    });
  });
}
