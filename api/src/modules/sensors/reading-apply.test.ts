// The SQLite run applier (reading-apply.ts): a run of messages applied in one transaction of prepared
// statements decides as the Prisma path does (SensorService.evaluateRun after the reading store), keeps each
// point's state and hourly roll-up as it does, applies a run a second time without deciding or counting
// anything twice (a crash between the run and the events being marked), and writes nothing of a run whose
// point was evaluated by someone else meanwhile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { RunConflict, sqliteRunApplier, type RunApplier, type RunMessage } from "./reading-apply.ts";
import { createReadingStore } from "./reading-store.ts";
import { SensorRepository } from "./sensor-repository.ts";
import { SensorService } from "./sensor-service.ts";
import { addDevice, openTestDb, seedPlaces, type Place, type TestDb } from "./sensor-db.fixture.ts";

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const MIN = 60_000;

describe("sensor readings applied in one SQLite transaction", () => {
  let t: TestDb;
  let places: Place;
  let sqlite: Extract<Driver, { provider: "sqlite" }>["sqlite"];
  let applier: RunApplier;
  let service: SensorService;
  let repo: SensorRepository;
  const clock = new ManualClock(T0 + 2 * 86_400_000);

  beforeAll(async () => {
    t = await openTestDb("sqlite");
    places = await seedPlaces(t.db);
    if (t.db.driver.provider !== "sqlite") throw new Error("SQLite only");
    sqlite = t.db.driver.sqlite;
    applier = sqliteRunApplier(sqlite);
    const store = createReadingStore(t.db.driver);
    repo = new SensorRepository(t.db.prisma);
    const denied = async () => {
      throw new AppError("NOT_FOUND", "x");
    };
    service = new SensorService(repo, store, { device: denied, unit: denied, community: denied }, clock);
  });
  afterAll(() => t?.close());

  /** a hydrant's pressure: normal, low for three readings, normal again; two readings a message */
  const messages = (deviceId: string): RunMessage[] =>
    [0.32, 0.31, 0.05, 0.06, 0.05, 0.3, 0.32].map((v, i) => ({
      deviceId,
      receivedAt: new Date(T0 + i * MIN),
      readings: [
        { point: "pressure_mpa", value: v, at: new Date(T0 + i * MIN) },
        { point: "pressure_mpa", value: v + 0.01, at: new Date(T0 + i * MIN + 30_000) },
      ],
    }));

  const hydrant = () =>
    addDevice(t.db, "HYDRANT_PRESSURE", { communityId: places.communityId, latitude: 30.2, longitude: 120.1 });

  const pointOf = (deviceId: string) =>
    t.db.prisma.sensorPoint.findUniqueOrThrow({ where: { deviceId_point: { deviceId, point: "pressure_mpa" } } });

  const counts = async (deviceId: string) => {
    const p = await pointOf(deviceId);
    const hourly = await t.db.prisma.sensorHourly.findMany({ where: { pointId: p.id } });
    return {
      raw: await t.db.prisma.sensorReading.count({ where: { pointId: p.id } }),
      counted: hourly.reduce((n, h) => n + h.count, 0),
      min: Math.min(...hourly.map((h) => h.min)),
      max: Math.max(...hourly.map((h) => h.max)),
    };
  };

  it("decides, keeps state and rolls up as the Prisma path does", async () => {
    const [viaRun, viaPrisma] = [await hydrant(), await hydrant()];
    const run = applier(messages(viaRun), clock.now());
    expect(run.devices.get(viaRun)?.kind).toBe("HYDRANT_PRESSURE");

    // the same messages the Prisma way: the reading store, then one evaluation of the device's run
    const theirs = messages(viaPrisma);
    await service.storeReadings(
      theirs.flatMap((m) =>
        m.readings.map((r) => ({
          deviceId: viaPrisma,
          point: r.point,
          value: r.value,
          ts: r.at,
          receivedAt: m.receivedAt,
        })),
      ),
    );
    const device = (await repo.device(viaPrisma))!;
    const expected = await service.evaluateRun(
      device,
      undefined,
      theirs.map((m) => m.readings),
    );

    const kinds = (d: { action: string; kind: string }[][]) =>
      d.map((list) => list.map((x) => `${x.action} ${x.kind}`));
    expect(kinds(run.decisions)).toEqual(kinds(expected!));
    expect(run.decisions.flat().map((d) => d.action)).toEqual(["raise", "clear"]);
    const [a, b] = [await pointOf(viaRun), await pointOf(viaPrisma)];
    for (const k of ["value", "ts", "limitState", "stateSince", "pendingSide", "pendingSince", "evaluatedAt"] as const)
      expect(a[k]).toEqual(b[k]);
    expect(await counts(viaRun)).toEqual(await counts(viaPrisma));
    expect(await counts(viaRun)).toMatchObject({ raw: 14, counted: 14 });
  });

  it("a run applied again (its events still pending after a crash) decides and counts nothing twice", async () => {
    const id = await hydrant();
    applier(messages(id), clock.now());
    const before = { point: await pointOf(id), counts: await counts(id) };
    const again = applier(messages(id), clock.now());
    expect(again.decisions.flat()).toEqual([]);
    expect(await pointOf(id)).toEqual(before.point);
    expect(await counts(id)).toEqual(before.counts);
  });

  it("an unknown device's messages decide and store nothing; the rest of the run is applied", async () => {
    const id = await hydrant();
    const run = applier([...messages("NO-SUCH-DEVICE"), ...messages(id)], clock.now());
    expect(run.devices.has("NO-SUCH-DEVICE")).toBe(false);
    expect(run.decisions.slice(0, 7).flat()).toEqual([]);
    expect(run.decisions.slice(7).flat().length).toBe(2);
    expect(await t.db.prisma.sensorPoint.count({ where: { deviceId: "NO-SUCH-DEVICE" } })).toBe(0);
  });

  it("a point evaluated by someone else meanwhile rolls the whole run back", async () => {
    const id = await hydrant();
    applier(messages(id).slice(0, 1), clock.now()); // the point exists, evaluated
    const before = await counts(id);
    // the state write finds the point changed: a trigger stands in for the other writer
    sqlite.exec(`CREATE TRIGGER "test_conflict" BEFORE UPDATE OF "limitState" ON "SensorPoint"
                 BEGIN SELECT RAISE(IGNORE); END`);
    try {
      expect(() => applier(messages(id), clock.now())).toThrow(RunConflict);
    } finally {
      sqlite.exec(`DROP TRIGGER "test_conflict"`);
    }
    expect(await counts(id)).toEqual(before); // the readings of the run were not kept either
    expect(
      applier(messages(id), clock.now())
        .decisions.flat()
        .map((d) => d.action),
    ).toEqual(["raise", "clear"]);
  });
});
