// Facility sensors on the real path (issue 15 phase 2): protocol 1.1 messages published over MQTT by demo
// devices are stored before PUBACK, their readings go into the reading store, the limit engine raises and
// clears facility alarms with their point and place, events raise fire-class alarms that switch on the
// building's sound-and-light alarms (device commands), and resolving the alarm switches them off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { sensorScenario, scenarioSpanMs } from "../../api/src/tools/sensor-scenarios.ts";
import { connectDevice, publish } from "../support/devices.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import type { DemoSensorDevice } from "../../prisma/seed/sensors-demo.ts";

describe("facility sensors over MQTT", () => {
  let t: TestApi;
  const clients: MqttClient[] = [];
  const sensor = (kind: string) => {
    const d = (t.demo.devices as DemoSensorDevice[]).find((x) => x.kind === kind && !x.carrier);
    if (!d) throw new Error(`no demo ${kind}`);
    return d;
  };
  const mqttUrl = () => `mqtt://127.0.0.1:${t.api.mqtt.port}`;
  async function run(kind: string, scenario: Parameters<typeof sensorScenario>[0]) {
    const d = sensor(kind);
    const c = await connectDevice(mqttUrl(), d.id, d.secret);
    clients.push(c);
    // the scenario replayed at once, stamped in the recent past by the device clock
    const start = Date.now() - scenarioSpanMs(scenario) - 60_000;
    for (const m of sensorScenario(scenario, d.id, start))
      await publish(c, `devices/${d.id}/up`, JSON.stringify(m.payload));
    await t.api.services.ingest.drain();
    return d;
  }

  beforeAll(async () => {
    t = await startTestApi();
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.end(true);
    await t?.close();
  });

  it("stores readings and raises, then clears, a low water alarm with its point and place", async () => {
    const d = await run("WATER_LEVEL", "low_water");
    const prisma = t.api.db.prisma;
    const point = await prisma.sensorPoint.findUniqueOrThrow({
      where: { deviceId_point: { deviceId: d.id, point: "level_m" } },
    });
    expect(point.value).toBe(3.2);
    expect(await prisma.sensorReading.count({ where: { pointId: point.id } })).toBe(16);
    const alarm = await prisma.alarm.findFirstOrThrow({ where: { deviceId: d.id, kind: "LOW_WATER" } });
    expect(alarm).toMatchObject({
      point: "level_m",
      status: "RESOLVED",
      resolution: "CONDITION_CLEARED",
      source: "mqtt",
    });
    expect(alarm.location).toContain("1号楼");
    expect(alarm.location).toContain("屋顶消防水箱");
    expect(alarm.buildingId).not.toBeNull();
  });

  it("a scenario that arrives at once (one commit, one run of the sensor service) decides as message by message", async () => {
    // the last demo hydrant: the other tests use the first
    const d = (t.demo.devices as DemoSensorDevice[]).filter((x) => x.kind === "HYDRANT_PRESSURE" && !x.carrier).pop();
    if (!d || d.id === sensor("HYDRANT_PRESSURE").id) throw new Error("the demo has one hydrant only");
    const start = Date.now() - scenarioSpanMs("pressure_drop") - 60_000;
    const messages = sensorScenario("pressure_drop", d.id, start);
    const outcomes = await Promise.all(
      messages.map((m) => t.api.services.ingest.submit(d.id, JSON.stringify(m.payload), "test")),
    );
    expect(outcomes.every((o) => o.outcome === "stored")).toBe(true);
    await t.api.services.ingest.drain();
    const prisma = t.api.db.prisma;
    const point = await prisma.sensorPoint.findUniqueOrThrow({
      where: { deviceId_point: { deviceId: d.id, point: "pressure_mpa" } },
    });
    expect(point.value).toBe(0.3);
    expect(await prisma.sensorReading.count({ where: { pointId: point.id } })).toBe(messages.length);
    const alarms = await prisma.alarm.findMany({ where: { deviceId: d.id, kind: "LOW_PRESSURE" } });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ point: "pressure_mpa", status: "RESOLVED", resolution: "CONDITION_CLEARED" });
  });

  it("a second delivery of the same messages changes nothing", async () => {
    const d = sensor("WATER_LEVEL");
    const prisma = t.api.db.prisma;
    const before = await prisma.alarm.count({ where: { deviceId: d.id } });
    const ev = await prisma.deviceEvent.findMany({ where: { deviceId: d.id }, take: 16, orderBy: { id: "asc" } });
    for (const e of ev) await t.api.services.ingest.submit(d.id, e.payload, "test");
    await t.api.services.ingest.drain();
    expect(await prisma.alarm.count({ where: { deviceId: d.id } })).toBe(before);
  });

  it("a pressed call point is a fire-class alarm that sounds the building's sounders, and off when resolved", async () => {
    const d = await run("MANUAL_CALL_POINT", "call_point");
    const prisma = t.api.db.prisma;
    const alarm = await prisma.alarm.findFirstOrThrow({ where: { deviceId: d.id, kind: "CALL_POINT" } });
    expect(alarm.status).toBe("ACTIVE"); // a reset call point does not close it: a person says what it was
    await t.api.services.sensors.settle(); // linkage runs beside the alarm engine
    const sounders = (t.demo.devices as DemoSensorDevice[]).filter((x) => x.kind === "SOUND_LIGHT").map((x) => x.id);
    expect(sounders.length).toBe(2);
    const on = await prisma.deviceCommand.findMany({ where: { deviceId: { in: sounders }, type: "sounder_on" } });
    expect(on.map((c) => c.deviceId).sort()).toEqual([...sounders].sort());
    expect(on.every((c) => c.status === "SENT" && JSON.parse(c.params).alarmId === alarm.id)).toBe(true);
    const actions = await prisma.alarmAction.findMany({ where: { alarmId: alarm.id } });
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["raised", "device_note", "linkage"]));
    const token = await t.loginStaff("manager_a");
    const res = await t.request("POST", `/api/alarms/${alarm.id}/resolve`, {
      token,
      body: { resolution: "TEST", note: "演练" },
    });
    expect(res.status).toBe(200);
    await t.api.services.ingest.drain();
    await t.api.services.sensors.settle();
    const off = await prisma.deviceCommand.findMany({ where: { deviceId: { in: sounders }, type: "sounder_off" } });
    expect(off.length).toBe(2);
  });

  it("leakage on one channel of an electrical fire monitor raises an alarm on that channel only", async () => {
    const d = await run("ELECTRICAL_FIRE", "leakage");
    const alarms = await t.api.db.prisma.alarm.findMany({ where: { deviceId: d.id } });
    expect(alarms.map((a) => [a.kind, a.point])).toEqual([["LEAKAGE_CURRENT", "leak_ma_2"]]);
    expect(alarms[0]!.location).toContain("配电室");
  });

  it("a reading out of its physical range is refused and stores nothing", async () => {
    const d = sensor("HYDRANT_PRESSURE");
    const r = await t.api.services.ingest.submit(
      d.id,
      JSON.stringify({ id: "bad1", ts: Date.now(), type: "reading", values: { pressure_mpa: 55 } }),
      "test",
    );
    expect(r).toMatchObject({ outcome: "refused", reason: "out_of_range" });
    expect(await t.api.db.prisma.sensorPoint.count({ where: { deviceId: d.id } })).toBe(0);
  });

  it("serves the facilities of a community, a point's chart and the nearest hydrants, within scope only", async () => {
    const d = sensor("WATER_LEVEL");
    const prisma = t.api.db.prisma;
    const { communityId } = await prisma.device.findUniqueOrThrow({ where: { id: d.id } });
    const token = await t.loginStaff("manager_a");
    const list = await t.request<{ items: { id: string; kind: string; points: { point: string; value: number }[] }[] }>(
      "GET",
      `/api/sensors/facilities?communityId=${communityId}`,
      { token },
    );
    expect(list.status).toBe(200);
    const tank = list.body.items.find((x) => x.id === d.id)!;
    expect(tank.points).toEqual([expect.objectContaining({ point: "level_m", value: 3.2 })]);
    expect(list.body.items.map((x) => x.kind)).toEqual(expect.arrayContaining(["PUMP", "HYDRANT_PRESSURE"]));
    // the places the console offers: the company's communities, no other company's, no unit of theirs
    type Place = { kind: string; id: string; name: string };
    const places = await t.request<{ items: Place[] }>("GET", "/api/sensors/places", { token });
    expect(places.status).toBe(200);
    expect(places.body.items).toContainEqual(expect.objectContaining({ kind: "community", id: communityId }));
    const others = await t.request<{ items: Place[] }>("GET", "/api/sensors/places", {
      token: await t.loginStaff("manager_b"),
    });
    expect(others.body.items.map((x) => x.id)).not.toContain(communityId);
    expect(others.body.items.length).toBeGreaterThan(0);
    const unitPeople = await t.request<{ items: Place[] }>("GET", "/api/sensors/places", {
      token: await t.loginStaff("yy_guanli"),
    });
    expect(unitPeople.body.items.map((x) => x.kind)).toEqual(expect.arrayContaining(["unit"]));
    expect(unitPeople.body.items.map((x) => x.id)).not.toContain(communityId);
    const series = await t.request<{ buckets: { count: number }[]; limit: { low: number } | null; unit: string }>(
      "GET",
      `/api/sensors/devices/${d.id}/points/level_m/series?range=24h`,
      { token },
    );
    expect(series.status).toBe(200);
    expect(series.body.unit).toBe("m");
    expect(series.body.buckets.reduce((n, b) => n + b.count, 0)).toBe(16);
    const bad = await t.request("GET", `/api/sensors/devices/${d.id}/points/level_m/series?range=1y`, { token });
    expect(bad.status).toBe(400);
    const c = await prisma.community.findUniqueOrThrow({ where: { id: communityId! } });
    const hydrants = await t.request<{ items: { name: string; distanceM: number }[] }>(
      "GET",
      `/api/sensors/hydrants/nearest?lat=${c.latitude}&lng=${c.longitude}`,
      { token },
    );
    expect(hydrants.status).toBe(200);
    expect(hydrants.body.items.length).toBe(3);
    expect(hydrants.body.items[0]!.distanceM).toBeLessThanOrEqual(hydrants.body.items[1]!.distanceM);
    // another company's manager: the device does not exist for them; a resident may not ask at all
    const other = await t.loginStaff("manager_b");
    expect(
      (await t.request("GET", `/api/sensors/devices/${d.id}/points/level_m/series`, { token: other })).status,
    ).toBe(404);
    const resident = await t.loginResident("zhangsan");
    expect(
      (await t.request("GET", `/api/sensors/facilities?communityId=${communityId}`, { token: resident })).status,
    ).toBe(403);
    expect((await t.request("GET", "/api/sensors/places", { token: resident })).status).toBe(403);
    expect(
      (await t.request("GET", `/api/sensors/facilities?communityId=${communityId}`, { token: other })).status,
    ).toBe(404);
  });
  it("a manager sets a device's own limit and puts it back, each change recorded, over HTTP", async () => {
    const d = sensor("WATER_LEVEL");
    const token = await t.loginStaff("manager_a");
    const base = `/api/sensors/devices/${d.id}/limits`;
    const limits = await t.request<{ items: { point: string; limit: { source: string } | null }[] }>("GET", base, {
      token,
    });
    expect(limits.status).toBe(200);
    expect(limits.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ point: "level_m", limit: expect.anything() })]),
    );
    const own = { low: 0.8, high: 4, hysteresis: 0.05, minDurationSec: 120 };
    const set = await t.request<{ outcome: string; after: { source: string; low: number } | null }>(
      "PUT",
      `${base}/level_m`,
      { token, body: { ...own, note: "水池改造后的新水位线" } },
    );
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ point: "level_m", after: { ...own, source: "override" } });
    const reset = await t.request<{ outcome: string; after: { source: string } | null }>("DELETE", `${base}/level_m`, {
      token,
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ outcome: "reset", before: { ...own, source: "override" } });
    expect(reset.body.after?.source).not.toBe("override");
    const history = await t.request<{ items: { action: string; at: string; note: string | null }[] }>(
      "GET",
      `${base}/history?point=level_m`,
      { token },
    );
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(2);
    expect(history.body.items[1]).toMatchObject({ note: "水池改造后的新水位线" });
    expect(Number.isNaN(Date.parse(history.body.items[0]!.at))).toBe(false);
  });
  it("a unit's facility alarm reaches the unit's control room and managers, no resident, once", async () => {
    const prisma = t.api.db.prisma;
    const tank = await prisma.device.findFirstOrThrow({
      where: { model: { kind: "WATER_LEVEL" }, unitId: { not: null } },
      select: { id: true, unitId: true },
    });
    // the tank stays below its low limit (0.5 m) for seven minutes, past the limit's five-minute wait
    const now = Date.now();
    for (let i = 0; i < 8; i++)
      await t.api.services.ingest.submit(
        tank.id,
        JSON.stringify({ id: `unit-low-${i}`, ts: now - (8 - i) * 60_000, type: "reading", values: { level_m: 0.5 } }),
        "test",
      );
    await t.api.services.ingest.drain();
    const alarm = await prisma.alarm.findFirstOrThrow({ where: { deviceId: tank.id, kind: "LOW_WATER" } });
    expect(alarm).toMatchObject({ unitId: tank.unitId, householdId: null, status: "ACTIVE" });
    await t.api.services.notifications.settle();
    const rows = await prisma.notification.findMany({ where: { alarmId: alarm.id } });
    const people = await prisma.staffUser.findMany({
      where: {
        units: { some: { unitId: tank.unitId! } },
        role: { in: ["CONTROL_ROOM_OPERATOR", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER"] },
      },
      select: { id: true },
    });
    expect(people.length).toBeGreaterThan(0);
    // the people by push; nobody else but the demo's console summary line
    expect(rows.filter((r) => r.channel !== "CONSOLE").every((r) => r.recipient.startsWith("staff:"))).toBe(true);
    // each of them on their screen first (an unseen push falls back to SMS, as for the property's staff)
    const pushed = rows.filter((r) => r.channel === "PUSH").map((r) => r.recipient);
    expect(pushed.sort()).toEqual(people.map((p) => `staff:${p.id}`).sort());
    const unit = await prisma.networkedUnit.findUniqueOrThrow({ where: { id: tank.unitId! } });
    expect(JSON.parse(rows[0]!.payload).content.address).toContain(unit.name);
    // settled again: the reminder already went, nothing new
    await t.api.services.notifications.settle();
    expect(await prisma.notification.count({ where: { alarmId: alarm.id } })).toBe(rows.length);
  });
});
