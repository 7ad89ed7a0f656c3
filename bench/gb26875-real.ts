// The GB/T 26875.3 gateway on the real path (issue 16, phase 2): the API as `npm start` composes it, in
// this process, on a fresh database: SQLite, or PostgreSQL (a database created for the run on the server of
// BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres, and dropped after; bench/gb26875.ts
// picks the engines with BENCH_UITD_ENGINES); BENCH_UITD_DEVICES transmission devices registered on a demo
// unit; the same load child as bench/gb26875.ts (whose in-memory store is this run's baseline). Figures:
// frames stored (DeviceEvent, status, component state) and confirmed per second, frame to confirm p99,
// and a fire frame's arrival at the gateway to its alarm on the centre's live board (the SSE feed).
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import pg from "pg";
import os from "node:os";
import path from "node:path";
import { startApi } from "../scripts/app.ts";
import { loadConfig } from "../api/src/shared/config.ts";
import { createLogger } from "../api/src/shared/logger.ts";
import { percentile } from "../api/src/tools/uitd-sim.ts";
import type { PanelFrame } from "../api/src/modules/panels/index.ts";
import type { Figure } from "./ingest.ts";
import { childAnswer } from "./lib/child-answer.ts";
import { WireClient, componentState, frame } from "../tests/support/gb26875-wire.ts";

interface Phase {
  sent: number;
  confirmed: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** as bench/lib/uitd-load-child.ts numbers its devices */
const address = (i: number) => (0xbe0000000000 + i).toString(16).padStart(12, "0");

const carriesFire = (f: PanelFrame) => f.upload?.kind === "component_state" && f.upload.items.some((i) => i.flags.fire);

export type Engine = "sqlite" | "postgres";

const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A database for one run: a file in `dataDir`, or a PostgreSQL database of its own (dropped by `drop`). */
async function runDatabase(engine: Engine, dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (engine === "sqlite") return { url: `file:${path.join(dataDir, "anxin.db")}`, drop: async () => undefined };
  const name = `anxin_bench_uitd_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function realPath(o: {
  devices: number;
  windowMs: number;
  perSecond: number;
  limitMs: number;
  engine?: Engine;
}): Promise<Figure[]> {
  const engine = o.engine ?? "sqlite";
  const label = engine === "sqlite" ? "SQLite" : "PostgreSQL";
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "anxin-bench-uitd-"));
  const database = await runDatabase(engine, dataDir);
  const config = loadConfig({
    NODE_ENV: "development",
    PORT: "0",
    MQTT_PORT: "0",
    GB26875_PORT: "0",
    GB26875_MAX_CONNECTIONS: String(o.devices + 100),
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    JWT_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    DEMO_STUBS: "false",
  });
  const api = await startApi({ config, log: createLogger("silent") }).catch(async (e: unknown) => {
    await database.drop();
    throw e;
  });
  const figures: Figure[] = [];
  const child = fork(path.join(import.meta.dirname, "lib", "uitd-load-child.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = <T>(message: object, key: string): Promise<T> => childAnswer<T>(child, key, o.limitMs, message);
  try {
    const { panels, notifications } = api.services;
    const unitId = (api.demo?.gb26875 as { devices: { unitId: string }[] } | undefined)?.devices[0]?.unitId;
    if (!unitId) throw new Error("bench: the demo has no transmission device");
    for (let i = 0; i < o.devices; i++)
      await panels.service.registerDevice(unitId, { address: address(i), patrolIntervalSec: 7200 });

    // a fire frame's arrival at the store, to its alarm change on the live board
    const fireAt = new Map<string, number[]>();
    const toBoard: number[] = [];
    const ingest = panels.ingest!;
    const submit = ingest.submit.bind(ingest);
    ingest.submit = (f: PanelFrame) => {
      if (carriesFire(f)) fireAt.set(f.deviceId, [...(fireAt.get(f.deviceId) ?? []), performance.now()]);
      return submit(f);
    };
    const unsubscribe = notifications.live.subscribe({
      staffId: "bench",
      communities: "all",
      send: (e) => {
        // an alarm's change (the centre's countdown for it names no device)
        if (e.type !== "alarm" || !("outcome" in e.data) || e.data.kind !== "FIRE") return;
        const t = fireAt.get(e.data.deviceId)?.shift();
        if (t !== undefined) toBoard.push(performance.now() - t);
      },
    });

    const port = api.gb26875!.port;
    const c = await ask<{ connected: number }>({ connect: { port, devices: o.devices, components: 24 } }, "connected");
    // during the steady phase a demo device reports a new fire every 250 ms, each on another detector
    const demoUitd = (api.demo!.gb26875 as { devices: { address: string }[] }).devices[0]!;
    const fireClient = await WireClient.connect(port);
    let fires = 0;
    const fireTimer = setInterval(() => {
      fires++;
      const data = componentState({ componentType: 40, componentAddress: (fires << 16) | 3, status: 0x0003 });
      fireClient.send(frame({ serial: fires, source: demoUitd.address, data }));
    }, 250);
    const steady = await ask<Phase>({ rate: { perSecond: o.perSecond, ms: o.windowMs } }, "rate").finally(() =>
      clearInterval(fireTimer),
    );
    fireClient.close();
    await ingest.drain();
    const boardP99 = percentile(toBoard, 99);
    const steadyFires = toBoard.length;
    toBoard.length = 0;
    fireAt.clear();
    const sat = await ask<Phase>({ saturate: { window: 4, ms: o.windowMs } }, "saturate");
    await ingest.drain();
    unsubscribe();
    const boardSatP99 = percentile(toBoard, 99);
    const stored = await api.db.prisma.deviceEvent.count({ where: { source: "gb26875" } });
    figures.push(
      {
        name: `real path: devices connected (${label}, npm start's composition)`,
        value: c.connected,
        unit: `of ${o.devices}`,
      },
      {
        name: `real path (${label}): frame to confirm p99 at ${o.perSecond} frames/s (stored first)`,
        value: Math.round(steady.p99 * 10) / 10,
        unit: "ms",
        goal: "<= 20 ms",
        ok: steady.p99 <= 20,
      },
      {
        name: `real path (${label}): frames confirmed of those sent at that rate`,
        value: steady.confirmed,
        unit: `of ${steady.sent}`,
        ok: steady.confirmed === steady.sent,
      },
      {
        name: `real path (${label}): frames stored and confirmed per second (saturated)`,
        value: Math.round(sat.perSecond),
        unit: "frames/s",
      },
      {
        name: `real path (${label}): frame to confirm p99 when saturated`,
        value: Math.round(sat.p99 * 10) / 10,
        unit: "ms",
      },
      { name: `real path (${label}): panel events stored in the run`, value: stored, unit: "rows" },
      {
        name: `${label}: fire frame at the gateway to the centre's live board p99 at ${o.perSecond} frames/s`,
        value: Number.isNaN(boardP99) ? Number.NaN : Math.round(boardP99),
        unit: "ms",
        goal: "<= 1000 ms",
        ok: !Number.isNaN(boardP99) && boardP99 <= 1000,
        note: `${steadyFires} fire frames`,
      },
      {
        name: `${label}: fire frame to the live board p99 when saturated`,
        value: Number.isNaN(boardSatP99) ? Number.NaN : Math.round(boardSatP99),
        unit: "ms",
        note: `${toBoard.length} fire frames`,
      },
    );
  } finally {
    child.send({ stop: true });
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    await api.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
