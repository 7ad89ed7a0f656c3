// Test databases for the sensor module's tests beside the code (nothing under api/src imports tests/): a
// temp SQLite file or a PostgreSQL database on 127.0.0.1:5432, migrated, with a small place tree and one
// device of each facility kind. Without PostgreSQL its suites are skipped with the reason; under CI=true its
// absence fails them, as tests/support/databases.ts does for the other suites.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDb, type Db, type DeviceKind } from "../../db/client.ts";
import { applyMigrations } from "../../db/migrations.ts";
import { parseDatabaseUrl } from "../../db/url.ts";

export type Provider = "sqlite" | "postgres";
const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresUnavailable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return null;
  } catch (e) {
    return `PostgreSQL not reachable: ${(e as Error).message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function providers(): Promise<{ provider: Provider; skip: string | null }[]> {
  const reason = await postgresUnavailable();
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (reason && !ci) console.warn(`[skipped] PostgreSQL suites: ${reason}`);
  return [
    { provider: "sqlite", skip: null },
    { provider: "postgres", skip: reason && !ci ? reason : null },
  ];
}

export interface TestDb {
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function openTestDb(provider: Provider): Promise<TestDb> {
  let url: string;
  let drop: () => Promise<void>;
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-sensors-"));
    url = `file:${path.join(dir, "test.db")}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `anxin_sensors_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  }
  const target = parseDatabaseUrl(url);
  await applyMigrations(target);
  const db = await openDb(target);
  return {
    db,
    url,
    async close() {
      await db.close();
      await drop();
    },
  };
}

export interface Place {
  communityId: string;
  buildingId: string;
  householdId: string;
  unitId: string;
  unitBuildingId: string;
}

/** A township, a community with a 6-floor building and a flat on floor 3, and a hospital with a building. */
export async function seedPlaces(db: Db): Promise<Place> {
  const p = db.prisma;
  const county = await p.county.create({ data: { code: "330000", name: "示范县" } });
  const township = await p.township.create({ data: { countyId: county.id, name: "城关镇", kind: "TOWN" } });
  const community = await p.community.create({
    data: { townshipId: township.id, name: "幸福小区", address: "幸福路 1 号" },
  });
  const building = await p.building.create({ data: { communityId: community.id, name: "1号楼", floors: 6 } });
  const unit = await p.unit.create({ data: { buildingId: building.id, name: "1单元" } });
  const household = await p.household.create({ data: { unitId: unit.id, roomNo: "301", floor: 3 } });
  const nu = await p.networkedUnit.create({
    data: {
      townshipId: township.id,
      name: "县人民医院",
      creditCode: "12330000000000000X",
      category: "HOSPITAL",
      sector: "HEALTH",
      address: "健康路 2 号",
    },
  });
  const ub = await p.unitBuilding.create({ data: { unitId: nu.id, name: "门诊楼", floorsAbove: 5 } });
  return {
    communityId: community.id,
    buildingId: building.id,
    householdId: household.id,
    unitId: nu.id,
    unitBuildingId: ub.id,
  };
}

let serial = 0;

/** A device of a kind (its model made on first use), placed as given. */
export async function addDevice(
  db: Db,
  kind: DeviceKind,
  place: Record<string, unknown> = {},
  opts: { id?: string; modelLimits?: string; online?: boolean } = {},
): Promise<string> {
  const modelId = `M-${kind}${opts.modelLimits ? `-${++serial}` : ""}`;
  await db.prisma.deviceModel.upsert({
    where: { id: modelId },
    create: {
      id: modelId,
      kind,
      vendor: "测试",
      name: kind,
      heartbeatIntervalSec: 3600,
      limits: opts.modelLimits ?? null,
    },
    update: {},
  });
  const id = opts.id ?? `D${String(++serial).padStart(5, "0")}`;
  await db.prisma.device.create({ data: { id, serial: id, modelId, secretHash: "x", ...place } });
  if (opts.online !== undefined)
    await db.prisma.deviceStatus.create({ data: { deviceId: id, online: opts.online, lastSeenAt: new Date() } });
  return id;
}
