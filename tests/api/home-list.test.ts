// The residents' home screen (GET /api/households, issue 21): read fresh on every request (a device's alarm
// and status show at once, never from a cache), the same shape on both databases, and a number of SQL
// statements that does not grow with the number of homes and devices.
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { postgresUnavailable } from "../support/databases.ts";

type Device = {
  id: string;
  state: string;
  online: boolean;
  battery: number | null;
  rssi: number | null;
  lastSeenAt: string | null;
};
type Homes = { items: { id: string; address: string; role: string; claimed: boolean; devices: Device[] }[] };

/** A statement reading one of the home list's tables (the nested include read one per relation level). */
const HOME_TABLES = /FROM\s+(`main`\.)?[`"]?(HouseholdMember|Household|Unit|Building|Community|DeviceModel)[`"]?\s/;

const pgMissing = await postgresUnavailable();
if (pgMissing && process.env.CI === "true") throw new Error(pgMissing);

describe.each([
  { provider: "sqlite" as const, skip: null },
  { provider: "postgres" as const, skip: pgMissing },
])("the residents' home list on $provider", ({ provider, skip }) => {
  let t: TestApi;
  let token: string;

  beforeAll(async () => {
    if (skip) return;
    t = await startTestApi({ provider });
    token = await t.loginResident("zhangsan");
  });
  afterAll(() => t?.close());
  beforeEach((ctx) => {
    if (skip) ctx.skip();
  });

  const homes = async () => {
    const r = await t.request<Homes>("GET", "/api/households", { token });
    expect(r.status).toBe(200);
    return r.body.items;
  };

  it("shows a device's alarm and status as soon as they are stored", async () => {
    const prisma = t.api.db.prisma;
    const home = (await homes())[0]!;
    const id = home.devices[0]!.id;
    const seen = new Date("2026-03-01T08:30:15.123Z");
    const status = { online: true, lastSeenAt: seen, battery: 87, rssi: -71, smokeAlarm: true };
    await prisma.deviceStatus.upsert({ where: { deviceId: id }, create: { deviceId: id, ...status }, update: status });
    const alarmed = (await homes())[0]!.devices.find((d) => d.id === id)!;
    expect(alarmed).toMatchObject({ state: "alarm", online: true, battery: 87, rssi: -71 });
    expect(alarmed.lastSeenAt).toBe(seen.toISOString());

    await prisma.deviceStatus.update({ where: { deviceId: id }, data: { smokeAlarm: false, online: false } });
    expect((await homes())[0]!.devices.find((d) => d.id === id)).toMatchObject({ state: "offline", online: false });
    await prisma.deviceStatus.update({ where: { deviceId: id }, data: { online: true, lowBattery: true } });
    expect((await homes())[0]!.devices.find((d) => d.id === id)!.state).toBe("low_battery");
  });

  it("lists every home of the resident, in the order joined, each with all its devices", async () => {
    const prisma = t.api.db.prisma;
    const zhangsan = await prisma.resident.findFirstOrThrow({ where: { openid: t.demo.residents[0]!.openid } });
    const others = t.demo.residents.slice(1).map((r) => r.households[0]!.id);
    const before = await homes();
    const joined: string[] = [];
    for (const householdId of others.slice(0, 4)) {
      if (before.some((h) => h.id === householdId) || joined.includes(householdId)) continue;
      await prisma.householdMember.create({ data: { householdId, residentId: zhangsan.id, role: "FAMILY" } });
      joined.push(householdId);
    }
    expect(joined.length).toBeGreaterThan(1);
    const after = await homes();
    expect(after.map((h) => h.id)).toEqual([...before.map((h) => h.id), ...joined]);
    for (const h of after.slice(before.length)) {
      expect(h.role).toBe("FAMILY");
      const devices = await prisma.device.findMany({ where: { householdId: h.id }, select: { id: true } });
      expect(h.devices.map((d) => d.id).sort()).toEqual(devices.map((d) => d.id).sort());
    }
  });

  it.runIf(provider === "sqlite")("answers in the same number of statements for one home or many", async () => {
    // counts the statements the API's SQLite connections run (Prisma's adapter and the prepared ones alike)
    const probe = new Database(":memory:");
    const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, (...a: unknown[]) => unknown>;
    probe.close();
    const methods = ["all", "get", "run", "iterate"] as const;
    const original = Object.fromEntries(methods.map((m) => [m, proto[m]!]));
    const statements: string[] = [];
    for (const m of methods)
      proto[m] = function (this: { source: string }, ...args: unknown[]) {
        statements.push(this.source);
        return original[m]!.apply(this, args);
      };
    const count = async (tok: string) => {
      await t.request("GET", "/api/households", { token: tok }); // the session check is then cached
      statements.length = 0;
      const r = await t.request<Homes>("GET", "/api/households", { token: tok });
      // the list's tables only: the API's timers (offline scan, outbox) may run statements meanwhile
      const n = statements.filter((s) => HOME_TABLES.test(s)).length;
      return { n, homes: r.body.items.length, devices: r.body.items.flatMap((h) => h.devices).length };
    };
    try {
      const many = await count(token); // zhangsan: five homes after the test above
      const few = await count(await t.loginResident(t.demo.residents.at(-1)!.key));
      expect(many.homes).toBeGreaterThan(few.homes);
      expect(many.devices).toBeGreaterThan(few.devices);
      expect(many.n).toBe(few.n);
      expect(many.n).toBe(1);
    } finally {
      for (const m of methods) proto[m] = original[m]!;
    }
  });
});
