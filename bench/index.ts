// `npm run bench`: the figures the issues name, printed (never asserted in tests). Each part is bounded
// in count and time and talks only to 127.0.0.1.
import { existsSync } from "node:fs";
import path from "node:path";
import { ingestBench, type Figure } from "./ingest.ts";

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const figures: Figure[] = [];

function print(title: string, rows: Figure[]): void {
  console.log(`\n${title}`);
  for (const f of rows) {
    const verdict = f.ok === undefined ? "" : f.ok ? "  ✔ goal met" : "  ✘ goal missed";
    const value = Number.isNaN(f.value) ? "—" : `${f.value} ${f.unit}`.trim();
    console.log(
      `  ${f.name.padEnd(70)} ${value.padStart(12)}${f.goal ? `   goal ${f.goal}` : ""}${verdict}${f.note ? `   (${f.note})` : ""}`,
    );
  }
}

if (want("ingest")) {
  const rows = await ingestBench();
  figures.push(...rows);
  print("Device ingest (issue 3)", rows);
}

// Parts owned by other modules, run when present.
const optional: [string, string, string][] = [
  ["alarm-latency", "alarm-latency.ts", "Alarm latency (issue 4)"],
  ["fire", "fire-under-load.ts", "Fire under load: quiet, loaded, reconnect storm, connections (issue 21)"],
  [
    "fire-statements",
    "fire-statements.ts",
    "Fire path: SQL statements from a fire alarm to its first message (issue 21)",
  ],
  ["lighthouse", "lighthouse.ts", "Portal Lighthouse scores (issue 7)"],
  ["cameras", "cameras.ts", "Cameras analysed beside the alarm path (issue 23)"],
  ["soak", "soak.ts", "Soak: sign-in and search flood while devices publish (issue 12)"],
  ["gb26875", "gb26875.ts", "GB/T 26875.3 gateway: in-memory baseline, then the real path (issue 16)"],
  ["sensors", "sensors.ts", "Facility sensor readings, charts and retention (issue 15)"],
  ["units-import", "units-import.ts", "County import: 2,000 units and 50,000 households from xlsx (issue 14)"],
  ["centre", "centre.ts", "Monitoring centre: unit fire to the board, real fire to 119, under routine load (issue 17)"],
  ["rollout", "rollout.ts", "Roll-out: county view and monthly dispatch, 2,000 units and 50,000 households (issue 19)"],
  [
    "carrier",
    "carrier.ts",
    "NB-IoT through CTWing and OneNET: pushes stored per second, alarm push to notification (issue 20)",
  ],
];
for (const [name, file, title] of optional) {
  if (!want(name)) continue;
  const full = path.join(import.meta.dirname, file);
  if (!existsSync(full)) {
    console.log(`\n${title}\n  not measured: bench/${file} does not exist yet`);
    continue;
  }
  const mod = (await import(full)) as {
    bench?: () => Promise<Figure[]>;
    runLighthouse?: () => Promise<{ url: string; scores: Record<string, number> }[]>;
  };
  let benchFn = mod.bench;
  if (!benchFn && mod.runLighthouse) {
    const run = mod.runLighthouse;
    benchFn = async () =>
      (await run()).flatMap((r) =>
        Object.entries(r.scores).map(([category, score]) => {
          const goal = ({ performance: 90, accessibility: 95, seo: 95 } as Record<string, number>)[category];
          return {
            name: `${new URL(r.url).pathname} ${category}`,
            value: score,
            unit: "/100",
            ...(goal ? { goal: `>= ${goal}`, ok: score >= goal } : {}),
          };
        }),
      );
  }
  if (!benchFn) {
    console.log(`\n${title}\n  not measured: bench/${file} exports no bench()`);
    continue;
  }
  const rows = await benchFn();
  figures.push(...rows);
  print(title, rows);
}

const missed = figures.filter((f) => f.ok === false);
console.log(
  `\n${figures.length} figures, ${missed.length} goals missed${missed.length ? `: ${missed.map((f) => f.name).join("; ")}` : ""}`,
);
process.exit(0);
