// The roll-out's county screens at county size (issue 19): 2,000 networked units in every roll-out stage and
// 50,000 old high-rise households (about 60 % with a smoke alarm, some faulty, off base or silent) on
// PostgreSQL, then the county view (the reports' county figures, coverage by the one rule) and the monthly
// dispatch, each asked repeatedly; p50 and p99 printed against the issue's 500 ms. Bounded: fixed sizes, at
// most RUNS asks per screen and BENCH_ROLLOUT_TIMEOUT_MS (default 3 minutes) in all. Run alone with
// `npx tsx bench/rollout.ts`; `bench()` returns the figures for bench/index.ts. PostgreSQL on 127.0.0.1:5432;
// skipped, with the reason, without it.
import { pathToFileURL } from "node:url";
import type { Prisma, RolloutStage, SectorDepartment } from "../api/src/db/client.ts";
import { createBookings } from "../api/src/modules/bookings/index.ts";
import { countyDate } from "../api/src/shared/county-time.ts";
import { createRolloutDispatch } from "../api/src/modules/dispatch/index.ts";
import { ScopeService } from "../api/src/modules/places/scope.ts";
import { createReports } from "../api/src/modules/reports/index.ts";
import { UnitScopes } from "../api/src/modules/units/unit-scope.ts";
import { systemClock } from "../api/src/shared/clock.ts";
import { createLogger } from "../api/src/shared/logger.ts";
import { postgresUnavailable } from "../tests/support/databases.ts";
import { openModuleDb } from "../tests/support/module-db.ts";
import type { Figure } from "./ingest.ts";

const UNITS = 2000;
const TOWNSHIPS = 10;
const COMMUNITIES = 100;
const BUILDINGS = 10; // per community
const ENTRANCES = 2;
const FLOORS = 25; // one household a floor per entrance: 100 x 10 x 2 x 25 = 50,000
const RUNS = 60;
const GOAL_MS = 500;
const TIMEOUT_MS = Math.max(30_000, Math.min(1_800_000, Number(process.env.BENCH_ROLLOUT_TIMEOUT_MS ?? 180_000)));
const STAGES: RolloutStage[] = ["NOT_STARTED", "SURVEYED", "PLANNED", "INSTALLING", "INSTALLED", "ACCEPTED"];
const SECTORS: SectorDepartment[] = ["EDUCATION", "HEALTH", "CIVIL_AFFAIRS", "CULTURE_TOURISM", "COMMERCE", "INDUSTRY"];

async function chunked<T>(rows: T[], size: number, write: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function seed(prisma: Prisma): Promise<string> {
  const now = Date.now();
  const county = await prisma.county.create({ data: { code: "360199", name: "基准县" } });
  const townships = Array.from({ length: TOWNSHIPS }, (_, i) => ({
    id: `t${i}`,
    countyId: county.id,
    name: `乡镇${i}`,
    kind: "TOWN" as const,
  }));
  await prisma.township.createMany({ data: townships });
  await prisma.propertyCompany.createMany({
    data: Array.from({ length: 20 }, (_, i) => ({ id: `pc${i}`, name: `物业${i}` })),
  });
  await prisma.community.createMany({
    data: Array.from({ length: COMMUNITIES }, (_, i) => ({
      id: `c${i}`,
      townshipId: `t${i % TOWNSHIPS}`,
      propertyCompanyId: `pc${i % 20}`,
      name: `小区${i}`,
      address: `路${i}号`,
    })),
  });
  const buildings = [];
  const stairs = [];
  const households = [];
  for (let c = 0; c < COMMUNITIES; c++)
    for (let b = 0; b < BUILDINGS; b++) {
      const bid = `b${c}-${b}`;
      buildings.push({ id: bid, communityId: `c${c}`, name: `${b + 1}号楼`, floors: FLOORS, oldHighRise: true });
      for (let e = 0; e < ENTRANCES; e++) {
        const sid = `s${c}-${b}-${e}`;
        stairs.push({ id: sid, buildingId: bid, name: `${e + 1}单元` });
        for (let f = 1; f <= FLOORS; f++)
          households.push({ id: `h${c}-${b}-${e}-${f}`, unitId: sid, roomNo: `${f}01`, floor: f });
      }
    }
  await prisma.building.createMany({ data: buildings });
  await prisma.unit.createMany({ data: stairs });
  await chunked(households, 5000, (d) => prisma.household.createMany({ data: d }));
  await prisma.deviceModel.createMany({
    data: [
      { id: "SA", kind: "SMOKE_ALARM", vendor: "基准", name: "烟感", heartbeatIntervalSec: 12 * 3600 },
      { id: "GAS", kind: "GAS_DETECTOR", vendor: "基准", name: "燃气", heartbeatIntervalSec: 3600 },
    ],
  });
  const devices = [];
  const statuses = [];
  for (const [i, h] of households.entries()) {
    if (i % 5 >= 3) continue; // 60 % of homes fitted
    const id = `d${i}`;
    devices.push({ id, serial: id, modelId: i % 50 === 0 ? "GAS" : "SA", secretHash: "x", householdId: h.id });
    if (i % 29 === 0) continue; // never connected
    statuses.push({
      deviceId: id,
      online: i % 37 !== 0,
      lastSeenAt: new Date(now - (i % 41 === 0 ? 3 : 0.1) * 86_400_000),
      fault: i % 43 === 0,
      tamper: i % 47 === 0,
    });
  }
  await chunked(devices, 5000, (d) => prisma.device.createMany({ data: d }));
  await chunked(statuses, 5000, (d) => prisma.deviceStatus.createMany({ data: d }));
  await prisma.serviceCompany.createMany({
    data: Array.from({ length: 8 }, (_, i) => ({ id: `sc${i}`, name: `安装公司${i}`, kind: "INSTALLER" as const })),
  });
  await chunked(
    Array.from({ length: UNITS }, (_, i) => ({
      id: `u${i}`,
      townshipId: `t${i % TOWNSHIPS}`,
      name: `单位${String(i).padStart(4, "0")}`,
      creditCode: `CC${String(i).padStart(16, "0")}`,
      category: "OTHER" as const,
      keyUnit: i % 3 === 0,
      hasAutoFireAlarm: i % 2 === 0,
      pilot: i < 5,
      sector: SECTORS[i % SECTORS.length]!,
      address: `路${i}号`,
      installerCompanyId: `sc${i % 8}`,
      rolloutStage: STAGES[i % STAGES.length]!,
    })),
    1000,
    (d) => prisma.networkedUnit.createMany({ data: d }),
  );
  const staff = await prisma.staffUser.create({
    data: { username: "bench_supervisor", name: "基准监督员", role: "FIRE_SUPERVISOR" },
  });
  return staff.id;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

export async function bench(): Promise<Figure[]> {
  const reason = await postgresUnavailable();
  if (reason)
    return [
      {
        name: "county view and monthly dispatch (PostgreSQL)",
        value: Number.NaN,
        unit: "ms",
        note: `skipped: ${reason}`,
      },
    ];
  const deadline = Date.now() + TIMEOUT_MS;
  const m = await openModuleDb("postgres");
  try {
    const prisma = m.db.prisma;
    const t0 = Date.now();
    const staffId = await seed(prisma);
    const seedSec = Math.round((Date.now() - t0) / 100) / 10;
    const clock = systemClock;
    const log = createLogger("silent");
    const reports = createReports({
      prisma,
      scopes: new ScopeService(prisma),
      bookingStats: createBookings({ prisma, clock, ticketSecret: "bench" }).stats,
      clock,
      engine: m.db.provider,
    });
    const dispatch = createRolloutDispatch({ prisma, scopes: new UnitScopes(prisma), clock, log });
    const caller = { kind: "staff" as const, id: staffId };
    const month = countyDate(new Date()).slice(0, 7);
    const countyQ = {
      offset: 0,
      limit: 20,
      order: "desc" as const,
      by: "device" as const,
      sort: "falseAlarms" as const,
      cOffset: 0,
      cLimit: 20,
      cSort: "ackMedianSec" as const,
      cOrder: "desc" as const,
      uPeriod: "month" as const,
    };
    const screens: [string, () => Promise<unknown>][] = [
      ["county view (reports county figures)", () => reports.county(caller, countyQ)],
      ["monthly dispatch (county)", () => dispatch.service.monthly(caller, month)],
      ["unit scores (county, 2,000 units)", () => dispatch.service.scores(caller)],
      ["daily coverage record (one day, all scopes)", () => dispatch.coverage.record()],
    ];
    const out: Figure[] = [
      {
        name: `seed: ${UNITS} units, ${COMMUNITIES * BUILDINGS * ENTRANCES * FLOORS} households`,
        value: seedSec,
        unit: "s",
      },
    ];
    const check = await dispatch.service.monthly(caller, month);
    out.push({
      name: "coverage by the one rule (covered / households)",
      value: check.coverage.county.covered,
      unit: `/ ${check.coverage.county.households}`,
    });
    for (const [name, run] of screens) {
      const times: number[] = [];
      const runs = name.startsWith("daily") ? 1 : RUNS;
      for (let i = 0; i < 3 && runs > 1; i++) await run(); // warm-up
      for (let i = 0; i < runs && Date.now() < deadline; i++) {
        const s = performance.now();
        await run();
        times.push(performance.now() - s);
      }
      const p99 = pct(times, 99);
      const goal = name.startsWith("county view") || name.startsWith("monthly dispatch");
      out.push({
        name: `${name}: p99 of ${times.length}`,
        value: round(p99),
        unit: "ms",
        ...(goal ? { goal: `<= ${GOAL_MS} ms`, ok: p99 <= GOAL_MS } : {}),
        note: `p50 ${round(pct(times, 50))} ms`,
      });
    }
    return out;
  } finally {
    await m.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await bench();
  for (const f of rows)
    console.log(
      `${f.name.padEnd(60)} ${String(f.value).padStart(10)} ${f.unit}${f.goal ? `  goal ${f.goal} ${f.ok ? "✔" : "✘"}` : ""}${f.note ? `  (${f.note})` : ""}`,
    );
  process.exit(0);
}
