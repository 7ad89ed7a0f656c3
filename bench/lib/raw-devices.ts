// The parent's side of bench/lib/raw-devices-child.ts: devices F<i> (secret "secret-<i>") written into a
// bench database, the load processes that connect them from several loopback source addresses, and the
// question-and-answer with each process. Every wait is bounded; 127.0.0.1 only.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { sqliteTime } from "../../api/src/db/client.ts";
import { parseDatabaseUrl } from "../../api/src/db/url.ts";
import { hashDeviceSecret } from "../../api/src/modules/devices/device-secrets.ts";
import { niceLoad } from "./load-nice.ts";

const CLIENT = path.join(import.meta.dirname, "raw-devices-child.ts");
/** connections one load process opens (its own open-file limit is about 20,000 here) */
const PER_CHILD = 15_000;

/** Writes `n` devices F0000000.. (secret "secret-<i>") into a seeded SQLite database the API is not running on. */
export async function insertRawDevices(databaseUrl: string, n: number): Promise<void> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "postgres") return insertRawDevicesPg(target.url, n);
  const db = new Database(target.file);
  const insert = db.prepare(
    `INSERT INTO "Device" ("id", "serial", "modelId", "secretHash", "mode", "registeredAt") VALUES (?, ?, 'AX-SA100', ?, 'NORMAL', ?)`,
  );
  const salt = Buffer.alloc(12, 9);
  const now = sqliteTime(new Date());
  db.transaction(() => {
    for (let i = 0; i < n; i++)
      insert.run(`F${String(i).padStart(7, "0")}`, `SNF${i}`, hashDeviceSecret(`secret-${i}`, salt), now);
  })();
  db.close();
}

export interface LoadChild {
  child: ChildProcess;
  from: number;
  to: number;
  sources: string[];
}

/** Load processes of raw devices, PER_CHILD each, each on its own loopback source addresses. */
export function loadChildren(n: number): LoadChild[] {
  const out = [];
  for (let k = 0, from = 0; from < n; k++, from += PER_CHILD) {
    const child = fork(CLIENT, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
    // two source addresses a process: 127.0.0.2+2k and 127.0.0.3+2k, ~28,000 client ports each
    out.push({
      child,
      from,
      to: Math.min(n, from + PER_CHILD),
      sources: [`127.0.0.${2 + 2 * k}`, `127.0.0.${3 + 2 * k}`],
    });
  }
  return out;
}

/** Sends `msg` and resolves with the first message whose cmd is `answer`, or null after `ms`. */
export function ask<T>(
  child: ChildProcess,
  msg: Record<string, unknown>,
  answer: string,
  ms: number,
): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    const on = (m: { cmd?: string }) => {
      if (m.cmd !== answer) return;
      clearTimeout(timer);
      child.off("message", on);
      resolve(m as T);
    };
    child.on("message", on);
    child.send(msg);
  });
}

/** Resolves once the load process says it is ready (and then runs it BENCH_LOAD_NICE nicer, load-nice.ts). */
export const childReady = (c: ChildProcess): Promise<unknown> =>
  new Promise((r) =>
    c.once("message", (m) => {
      niceLoad(c);
      r(m);
    }),
  );

/** Closes the load processes, killing any still running after half a second. */
export async function closeChildren(children: LoadChild[], waitMs = 500): Promise<void> {
  await Promise.all(children.map((c) => c.child.connected && c.child.send({ cmd: "close" })));
  await new Promise((r) => setTimeout(r, waitMs));
  for (const c of children) if (c.child.exitCode === null) c.child.kill();
}

/** Raises a process's open-file limit (root: prlimit); returns the limit it has afterwards. */
export function raiseFileLimit(pid: number, want: number): number {
  try {
    execFileSync("prlimit", ["--pid", String(pid), `--nofile=${want}:${want}`], { stdio: "ignore" });
  } catch {
    /* not allowed here: keep the limit it has */
  }
  const limits = readFileSync(`/proc/${pid}/limits`, "utf8");
  return Number(/Max open files\s+(\d+)/.exec(limits)?.[1] ?? 0);
}

export interface StormResult {
  back: number;
  backMs: number;
  published: number;
  acked: number;
  ackedMs: number;
  /** connections that did not come back, by reason */
  failures: Record<string, number>;
}

function addUp(into: Record<string, number>, from: Record<string, number> | undefined): Record<string, number> {
  for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** "timeout 12, closed 3" */
export const failuresText = (f: Record<string, number>): string =>
  Object.entries(f)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

/** Connects every device of the load processes (`concurrency` handshakes in flight a process). */
export async function connectAll(
  children: LoadChild[],
  url: string,
  opts: { concurrency: number; ms: number },
): Promise<{ connected: number; failed: number; failures: Record<string, number> }> {
  const up = await Promise.all(
    children.map((c) =>
      ask<{ connected: number; failed: number; failures: Record<string, number> }>(
        c.child,
        { cmd: "connect", url, from: c.from, to: c.to, sources: c.sources, ...opts },
        "connected",
        opts.ms + 20_000,
      ),
    ),
  );
  const connected = up.reduce((s, r) => s + (r?.connected ?? 0), 0);
  const all = children.reduce((s, c) => s + c.to - c.from, 0);
  const failures = up.reduce<Record<string, number>>((f, r) => addUp(f, r?.failures), {});
  return { connected, failed: all - connected, failures };
}

/**
 * One reconnect storm: every connection cut at once (RST, no DISCONNECT), a second for the broker to
 * notice, then all reconnecting at once, each sending `queued` messages tagged `<tag>-<i>-<k>` once back.
 */
export async function storm(
  children: LoadChild[],
  opts: { queued: number; tag: string; ms: number },
): Promise<StormResult> {
  await Promise.all(children.map((c) => ask(c.child, { cmd: "drop" }, "dropped", 10_000)));
  await new Promise((r) => setTimeout(r, 1000));
  const each = await Promise.all(
    children.map((c) => ask<StormResult>(c.child, { cmd: "reconnect", ...opts }, "storm", opts.ms + 20_000)),
  );
  return {
    back: each.reduce((s, r) => s + (r?.back ?? 0), 0),
    published: each.reduce((s, r) => s + (r?.published ?? 0), 0),
    acked: each.reduce((s, r) => s + (r?.acked ?? 0), 0),
    backMs: Math.max(...each.map((r) => r?.backMs ?? NaN)),
    ackedMs: Math.max(...each.map((r) => r?.ackedMs ?? NaN)),
    failures: each.reduce<Record<string, number>>((f, r) => addUp(f, r?.failures), {}),
  };
}

/** Messages of the storms tagged `<tag>...` stored as device events. */
/** The same into a PostgreSQL database (BENCH_FIRE_DATABASE=postgres), a thousand rows a statement. */
async function insertRawDevicesPg(databaseUrl: string, n: number): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const salt = Buffer.alloc(12, 9);
    for (let from = 0; from < n; from += 1000) {
      const ids: string[] = [];
      const serials: string[] = [];
      const hashes: string[] = [];
      for (let i = from; i < Math.min(n, from + 1000); i++) {
        ids.push(`F${String(i).padStart(7, "0")}`);
        serials.push(`SNF${i}`);
        hashes.push(hashDeviceSecret(`secret-${i}`, salt));
      }
      await c.query(
        `INSERT INTO "Device" ("id", "serial", "modelId", "secretHash", "mode", "registeredAt")
         SELECT id, serial, 'AX-SA100', hash, 'NORMAL', now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, serial, hash)`,
        [ids, serials, hashes],
      );
    }
  } finally {
    await c.end();
  }
}

export async function storedWithTag(databaseUrl: string, tag: string): Promise<number> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "postgres") {
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      const r = await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "DeviceEvent" WHERE "msgId" LIKE $1`, [
        `${tag}%`,
      ]);
      return Number(r.rows[0]!.n);
    } finally {
      await c.end();
    }
  }
  const db = new Database(target.file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM "DeviceEvent" WHERE "msgId" LIKE ?`).get(`${tag}%`) as { n: number })
      .n;
  } finally {
    db.close();
  }
}
