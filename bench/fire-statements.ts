// How many SQL statements a fire alarm costs the API before its first message leaves (issue 21, "Fire path
// statements" in docs/performance.md): a smoke alarm (a device message through the ingest pipeline, as MQTT
// hands it on) and a GB/T 26875.3 panel fire (a plain TCP frame to the gateway), on SQLite and on PostgreSQL.
// Every statement the process runs is counted where the drivers run them: better-sqlite3's statements (run,
// get, all, iterate; Prisma's adapter and the bare driver alike, BEGIN and COMMIT included) and exec, and pg's
// Client.query. Counted from the message's submission (smoke) or the frame's send (panel) to the first
// channel send (the first provider request, or the staff screens' push for a panel fire), and on to the
// moment the first step settled. Each alarm is on a device of its own, registered before counting; the
// first one warms the caches (policy, device directory) and is reported apart.
// `npm run bench -- fire-statements`; FIRE_STATEMENTS_SAMPLES (3, at most 20); FIRE_STATEMENTS_SQL=1 prints
// the statements of the last alarm; TEST_POSTGRES_URL (an admin URL, as the tests take it: a fresh database per run).
import Database from "better-sqlite3";
import pg from "pg";
import { startTestApi, type TestApi } from "../tests/support/test-api.ts";
import { postgresUnavailable } from "../tests/support/databases.ts";
import { startProviders, newDevice } from "../tests/api/escalation-support.ts";
import { WireClient, componentState, frame } from "../tests/support/gb26875-wire.ts";
import { panelComponents } from "../api/src/tools/uitd-sim.ts";
import type { Figure } from "./ingest.ts";

const SAMPLES = Math.max(1, Math.min(20, Number(process.env.FIRE_STATEMENTS_SAMPLES ?? 3)));
const SHOW_SQL = process.env.FIRE_STATEMENTS_SQL === "1";

// ---- the counter, on the drivers' prototypes (shared by every handle of the process) ----
let armed = false;
let seen: string[] = [];
const note = (sql: unknown) => {
  // the bare driver's writes switch their busy timeout off and on (db/sqlite-no-wait.ts): not statements on data
  if (armed && !/^\s*PRAGMA busy_timeout/i.test(String(sql)))
    seen.push(
      String(sql ?? "?")
        .replace(/\s+/g, " ")
        .slice(0, 160),
    );
};
{
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown>;
  for (const m of ["run", "get", "all", "iterate"]) {
    const orig = proto[m] as (...a: unknown[]) => unknown;
    proto[m] = function (this: { source: string }, ...a: unknown[]) {
      note(this.source);
      return orig.apply(this, a);
    };
  }
  probe.close();
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (this: Database.Database, sql: string) {
    note(sql);
    return exec.call(this, sql);
  };
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...a: unknown[]) {
    const q = a[0] as string | { text?: string } | undefined;
    note(typeof q === "string" ? q : q?.text);
    return query.apply(this, a);
  };
}

interface Count {
  toFirstSend: number;
  /** the process's CPU time (user + system) from the start to the first send, ms: less at the mercy of
   * the machine's other work than the wall time */
  cpuMs: number;
  toSettled: number;
  sql: string[];
}

/** Arms the counter, runs `start`, and counts until the first channel send and until `settled` resolves. */
async function countAlarm(t: TestApi, start: () => Promise<void>, settled: () => Promise<void>): Promise<Count> {
  const outbox = t.api.services.notifications.outbox;
  let atFirst = -1;
  let cpuMs = Number.NaN;
  let cpu0 = process.cpuUsage();
  let first!: () => void;
  const firstSend = new Promise<void>((r) => (first = r));
  const restore: (() => void)[] = [];
  for (const kind of ["PUSH", "WECHAT", "SMS", "VOICE"] as const) {
    const ch = outbox.channel(kind) as { send: (d: unknown) => Promise<unknown> };
    const send = ch.send;
    ch.send = (d) => {
      if (atFirst < 0) {
        atFirst = seen.length;
        const c = process.cpuUsage(cpu0);
        cpuMs = (c.user + c.system) / 1000;
        first();
      }
      return send.call(ch, d);
    };
    restore.push(() => (ch.send = send));
  }
  seen = [];
  armed = true;
  cpu0 = process.cpuUsage();
  try {
    await start();
    await Promise.race([firstSend, new Promise((r) => setTimeout(r, 10_000))]);
    await settled();
  } finally {
    armed = false;
    for (const r of restore) r();
  }
  return { toFirstSend: atFirst, cpuMs, toSettled: seen.length, sql: seen };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;

async function smoke(t: TestApi): Promise<Count[]> {
  // one device bound through the API (binding is rate-limited per resident), the others copies of it
  const first = await newDevice(t, "客厅");
  const prisma = t.api.db.prisma;
  const { id: _id, serial, ...rest } = await prisma.device.findUniqueOrThrow({ where: { id: first } });
  const devices = [first];
  for (let i = 1; i <= SAMPLES; i++) {
    const copy = await prisma.device.create({ data: { ...rest, id: `${first}-${i}`, serial: `${serial}-${i}` } });
    devices.push(copy.id);
  }
  const out: Count[] = [];
  for (const [i, deviceId] of devices.entries()) {
    const c = await countAlarm(
      t,
      async () => {
        const payload = JSON.stringify({ id: `fs${i}`, ts: Date.now(), type: "smoke_alarm" });
        await t.api.services.ingest.submit(deviceId, payload, "mqtt");
      },
      async () => {
        await t.api.services.ingest.drain();
        await t.api.services.notifications.escalation.inflight.idle();
        await t.api.services.notifications.outbox.inflight.idle();
      },
    );
    out.push(c);
  }
  return out;
}

async function panel(t: TestApi): Promise<Count[]> {
  const gateway = t.api.gb26875;
  const demo = (t.api.demo?.gb26875 ?? t.demo.gb26875) as { devices: { address: string }[] } | undefined;
  const address = demo?.devices[0]?.address;
  if (!gateway || !address) throw new Error("fire-statements: no gateway or no demo transmission device");
  const components = panelComponents(24); // as prisma/seed/panels-demo.ts names them
  const client = await WireClient.connect(gateway.port);
  const out: Count[] = [];
  try {
    // a heartbeat first: the session is identified and the device's mapping loaded before counting
    client.send(frame({ serial: 1, source: address, data: [] }));
    await client.reply(1);
    for (let i = 0; i <= SAMPLES; i++) {
      const serial = 10 + i;
      // each sample a fire on another of the demo panel's named components: a new alarm (one open alarm per
      // device, point and kind) at a known place, as a real panel's fire would be
      const part = components[i]!;
      const data = componentState({
        componentType: part.componentType,
        componentAddress: part.componentAddress,
        status: 3,
      });
      const c = await countAlarm(
        t,
        async () => client.send(frame({ serial, source: address, data })),
        async () => {
          await client.reply(serial);
          await t.api.services.ingest.drain();
          await t.api.services.panels.ingest!.drain();
          await t.api.services.centre.service.inflight.idle();
          await t.api.services.notifications.outbox.inflight.idle();
          await t.api.services.notifications.settle();
        },
      );
      out.push(c);
    }
  } finally {
    client.close();
  }
  return out;
}

async function onEngine(provider: "sqlite" | "postgres"): Promise<Figure[]> {
  const providers = await startProviders();
  const t = await startTestApi({
    provider,
    env: { ...providers.env, GB26875_PORT: "0", NOTIFY_POLL_MS: "3600000" },
  });
  try {
    const figures: Figure[] = [];
    for (const [name, run] of [
      ["smoke alarm (MQTT message) ", smoke],
      ["panel fire (GB/T 26875.3 frame) ", panel],
    ] as const) {
      const counts = await run(t);
      const [cold, ...warm] = counts;
      figures.push(
        {
          name: `${provider}: ${name}statements to the first send`,
          value: median(warm.map((c) => c.toFirstSend)),
          unit: "",
          note: `median of ${warm.length}; the first alarm ${cold!.toFirstSend}`,
        },
        {
          name: `${provider}: ${name}CPU of the API process to the first send`,
          value: Math.round(median(warm.map((c) => c.cpuMs)) * 10) / 10,
          unit: "ms",
          note: `median of ${warm.length}; p90 ${Math.round(p90(warm.map((c) => c.cpuMs)) * 10) / 10} ms`,
        },
        {
          name: `${provider}: ${name}statements until its first step settled`,
          value: median(warm.map((c) => c.toSettled)),
          unit: "",
          note: `median of ${warm.length}; the first alarm ${cold!.toSettled}`,
        },
      );
      if (SHOW_SQL) {
        const last = counts[counts.length - 1]!;
        console.log(`\n${provider} ${name}: ${last.toFirstSend} to the first send, ${last.toSettled} in all`);
        last.sql.forEach((s, i) =>
          console.log(`${String(i + 1).padStart(3)}${i === last.toFirstSend ? "*" : " "} ${s}`),
        );
      }
    }
    return figures;
  } finally {
    await t.close();
    await providers.stop();
  }
}

export async function bench(): Promise<Figure[]> {
  const figures = await onEngine("sqlite");
  const pgProblem = await postgresUnavailable();
  if (pgProblem) figures.push({ name: "postgres: not measured", value: Number.NaN, unit: "", note: pgProblem });
  else figures.push(...(await onEngine("postgres")));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await bench()) console.log(`${f.name.padEnd(80)} ${f.value}${f.note ? `  (${f.note})` : ""}`);
  process.exit(0);
}
