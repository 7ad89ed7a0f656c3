// Joins the bench's fire alarm times (publish, PUBACK, provider arrival: bench/alarm-latency.ts) with the API's
// stage marks (api/src/shared/fire-trace.ts) written under BENCH_FIRE_TRACE, and says where the time went:
// p50/p99 of each stage, and the API's event-loop delay while the alarms were sampled. Run on its own:
// `npx tsx bench/lib/fire-trace-report.ts <dir>` (every bench-<rate>.jsonl in it).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { percentile } from "./load.ts";

interface Sample {
  deviceId: string;
  publish: number;
  puback: number;
  arrived: number;
}
interface Mark {
  t: number;
  stage: string;
  deviceId?: string;
  alarmId?: string;
  p50?: number;
  p99?: number;
  max?: number;
  /** a worker thread's loop line (the broker thread's) */
  thread?: number;
  /** a routine commit's line: its rows, how many it took (fewer: ended early for a fire), its time and the thread's */
  n?: number;
  taken?: number;
  ms?: number;
  run?: number | null;
  wait?: number | null;
}

const lines = <T>(file: string): T[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .slice(0, 100_000)
        .map((l) => JSON.parse(l) as T)
    : [];

export function traceReport(dir: string, rate: number): string[] {
  const samples = lines<Sample>(path.join(dir, `bench-${rate}.jsonl`));
  const marks = lines<Mark>(path.join(dir, `api-${rate}.jsonl`)).sort((a, b) => a.t - b.t);
  const stages: Record<string, number[]> = {
    "publish -> PUBACK (stored, acknowledged)": [],
    "publish -> read by the broker thread": [],
    "read -> handed to the API's thread": [],
    "publish -> fire effects start": [],
    "effects start -> alarm raised (committed)": [],
    "alarm raised -> first provider request sent": [],
    "request sent -> arrived at the provider": [],
    "publish -> arrived (total)": [],
  };
  const add = (k: string, v: number | undefined) => v !== undefined && Number.isFinite(v) && stages[k]!.push(v);
  for (const s of samples) {
    const within = (m: Mark) => m.t >= s.publish - 1 && m.t <= s.arrived + 1;
    const read = marks.find((m) => m.stage === "read" && m.deviceId === s.deviceId && within(m));
    const handed = marks.find((m) => m.stage === "handed" && m.deviceId === s.deviceId && within(m));
    const effects = marks.find((m) => m.stage === "effects" && m.deviceId === s.deviceId && within(m));
    const raised = marks.find((m) => m.stage === "raised" && m.deviceId === s.deviceId && within(m));
    const sent = raised && marks.find((m) => m.stage === "sent" && m.alarmId === raised.alarmId && m.t >= raised.t);
    add("publish -> PUBACK (stored, acknowledged)", s.puback - s.publish);
    add("publish -> read by the broker thread", read && read.t - s.publish);
    add("read -> handed to the API's thread", read && handed && handed.t - read.t);
    add("publish -> fire effects start", effects && effects.t - s.publish);
    add("effects start -> alarm raised (committed)", effects && raised && raised.t - effects.t);
    add("alarm raised -> first provider request sent", raised && sent && sent.t - raised.t);
    add("request sent -> arrived at the provider", sent && s.arrived - sent.t);
    add("publish -> arrived (total)", s.arrived - s.publish);
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  const out = [`${samples.length} fire alarms at ${rate}/s routine:`];
  for (const [k, v] of Object.entries(stages))
    out.push(`  ${k.padEnd(44)} p50 ${r(percentile(v, 50))} ms, p99 ${r(percentile(v, 99))} ms (${v.length})`);
  const from = samples[0]?.publish ?? 0;
  const to = samples.at(-1)?.arrived ?? 0;
  for (const thread of [undefined, ...new Set(marks.flatMap((m) => (m.thread ? [m.thread] : [])))]) {
    const loop = marks.filter((m) => m.stage === "loop" && m.thread === thread && m.t >= from && m.t <= to + 2000);
    const whose = thread ? "the broker thread's loop" : "event-loop";
    if (loop.length)
      out.push(
        `  ${whose} delay (2 s windows while sampling): p50 of the windows' p99 ${r(
          percentile(
            loop.map((m) => m.p99!),
            50,
          ),
        )} ms, worst window p99 ${r(Math.max(...loop.map((m) => m.p99!)))} ms, max ${r(
          Math.max(...loop.map((m) => m.max!)),
        )} ms`,
      );
  }
  // the device ingest's SQLite commits (ingest-store.ts writes those of 3 ms or more, and each one ended early)
  const commits = marks.filter((m) => m.stage === "commit" && m.t >= from && m.t <= to);
  const slow = commits.filter((m) => m.ms! >= 15 && typeof m.run === "number" && typeof m.wait === "number");
  if (commits.length) {
    const sum = (f: (m: Mark) => number) => r(slow.reduce((n, m) => n + f(m), 0));
    const early = commits.filter((m) => m.taken !== undefined && m.taken < m.n!).length;
    out.push(
      `  SQLite commits of 15 ms or more while sampling: ${slow.length} (p50 ${r(
        percentile(
          slow.map((m) => m.ms!),
          50,
        ),
      )} ms, max ${r(Math.max(0, ...slow.map((m) => m.ms!)))} ms): ${sum((m) => m.ms!)} ms, of which on a core ${sum(
        (m) => m.run!,
      )}, waiting for a core ${sum((m) => m.wait!)}, blocked ${sum((m) => m.ms! - m.run! - m.wait!)}; ${early} ended early for a fire`,
    );
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? ".";
  for (const f of readdirSync(dir)
    .filter((n) => /^bench-\d+\.jsonl$/.test(n))
    .slice(0, 10))
    console.log(traceReport(dir, Number(/\d+/.exec(f)![0])).join("\n"));
}
