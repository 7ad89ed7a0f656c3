// Simulated user information transmission devices (用户信息传输装置) with their fire alarm panels, speaking
// GB/T 26875.3 to the gateway: for the demo and load tests. See `--help`.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { storedProfile } from "../transport/gb26875/gateway/catalog.ts";
import type { Profile } from "../transport/gb26875/index.ts";
import { newTally, panelComponents, percentile, SimulatedUitd } from "./uitd-sim.ts";

const HELP = `npm run simulate:uitd -- [options]

Plays transmission devices with their panels against the GB/T 26875.3 gateway: each connects, sends
heartbeats, and the scenario's events; every frame waits for the gateway's confirm and is resent after
10 s, three times at most (clause 6.5). Clock syncs and duty checks from the centre are answered.

Devices come from <data>/demo.json (gb26875.devices: address, unitId, profile) when it lists them;
with more devices than it lists, or without it, addresses are made up from --first-address (the gateway
denies addresses nobody registered).

Options:
  --devices N          devices to play, 1-5000 (default 1)
  --components N       components per panel, 1-512 (default 24; c1 is a smoke detector)
  --scenario NAME      normal   heartbeats only
                       fire     heartbeats, and a fire from detector c1 of the first device at 3 s
                       fault    heartbeats, a fault on c2 of the first device at 3 s, restored at 10 s
                       story    the first device: fire on c1 (3 s), the operator mutes (6 s), a fault
                                on c2 (9 s), the fault restored (12 s), the operator resets (15 s)
                       (default story)
  --heartbeat S        seconds between a device's heartbeats, 1-3600 (default 30; spread over devices)
  --duration S         stop after S seconds, 1-3600 (default 30)
  --count N            stop after N frames sent (default 1000000)
  --host HOST          the gateway's address, loopback only (default 127.0.0.1)
  --port PORT          the gateway's port (default gb26875.port in demo.json, else 9026)
  --profile NAME       vendor profile for made-up devices: a preset or JSON (default standard)
  --first-address HEX  first made-up address, 12 hex digits (default 0000ab000001)
  --data DIR           where demo.json is (default $DATA_DIR or ./data)
  --help               this text

Exit status: 0 when every frame sent was confirmed, 1 otherwise.`;

interface DemoUitd {
  address: string;
  unitId?: string;
  profile?: string;
}

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "1" },
    components: { type: "string", default: "24" },
    scenario: { type: "string", default: "story" },
    heartbeat: { type: "string", default: "30" },
    duration: { type: "string", default: "30" },
    count: { type: "string", default: "1000000" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string" },
    profile: { type: "string", default: "standard" },
    "first-address": { type: "string", default: "0000ab000001" },
    data: { type: "string", default: process.env.DATA_DIR ?? "./data" },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

function int(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number ${min}-${max}`);
  return n;
}

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const SCENARIOS = ["normal", "fire", "fault", "story"] as const;
const scenario = values.scenario as (typeof SCENARIOS)[number];
if (!SCENARIOS.includes(scenario)) fail(`--scenario must be one of ${SCENARIOS.join(", ")}`);
const deviceCount = int("devices", values.devices, 1, 5000);
const componentCount = int("components", values.components, 1, 512);
const heartbeatMs = int("heartbeat", values.heartbeat, 1, 3600) * 1000;
const durationMs = int("duration", values.duration, 1, 3600) * 1000;
const maxCount = int("count", values.count, 1, 100_000_000);
if (!/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/.test(values.host)) fail("--host must be a loopback address");
const firstAddress = values["first-address"].toLowerCase();
if (!/^[0-9a-f]{12}$/.test(firstAddress)) fail("--first-address must be 12 hex digits");
const madeUp = storedProfile(values.profile);
if (!madeUp.ok) fail(`--profile: ${madeUp.reason}`);

const demoFile = path.resolve(values.data, "demo.json");
const demo = existsSync(demoFile)
  ? (JSON.parse(readFileSync(demoFile, "utf8")) as { gb26875?: { port?: number; devices?: DemoUitd[] } })
  : {};
const port = values.port !== undefined ? int("port", values.port, 1, 65535) : (demo.gb26875?.port ?? 9026);

const listed = (demo.gb26875?.devices ?? []).slice(0, deviceCount);
const plan: { address: string; profile: Profile }[] = listed.map((d) => {
  const p = storedProfile(d.profile);
  return { address: d.address, profile: p.ok ? p.profile : madeUp.profile };
});
const base = BigInt(`0x${firstAddress}`);
for (let i = plan.length; i < deviceCount; i++) {
  const address = (base + BigInt(i - listed.length)).toString(16).padStart(12, "0").slice(-12);
  const profile = madeUp.profile;
  plan.push({ address: profile.addressBytes === 12 ? address.padStart(24, "0") : address, profile });
}

const tally = newTally();
const devices = plan.map(
  (p) =>
    new SimulatedUitd({
      address: p.address,
      profile: p.profile,
      components: panelComponents(componentCount),
      host: values.host,
      port,
      tally,
      maxLatencies: 200_000,
    }),
);

console.log(
  `simulating ${devices.length} transmission device(s) with ${componentCount} components each on ${values.host}:${port}, ` +
    `scenario ${scenario}, heartbeat every ${heartbeatMs / 1000} s, up to ${durationMs / 1000} s`,
);
let connected = 0;
for (let i = 0; i < devices.length; i += 200) {
  const batch = devices.slice(i, i + 200);
  const results = await Promise.allSettled(batch.map((d) => d.connect()));
  connected += results.filter((r) => r.status === "fulfilled").length;
  const failed = results.find((r) => r.status === "rejected");
  if (failed && connected === 0) {
    console.error(`cannot reach the gateway: ${(failed as PromiseRejectedResult).reason}`);
    process.exit(1);
  }
}
console.log(`${connected} connected`);

const started = Date.now();
const first = devices[0]!;
const script: [atMs: number, what: string, run: () => void][] =
  scenario === "fire"
    ? [[3000, "fire on c1", () => first.fire("c1")]]
    : scenario === "fault"
      ? [
          [3000, "fault on c2", () => first.fault("c2")],
          [10_000, "c2 restored", () => first.restore("c2")],
        ]
      : scenario === "story"
        ? [
            [3000, "fire on c1", () => first.fire("c1")],
            [6000, "operator mutes the panel", () => first.mute(1)],
            [9000, "fault on c2", () => first.fault("c2")],
            [12_000, "c2 restored", () => first.restore("c2")],
            [15_000, "operator resets the panel", () => first.reset(1)],
          ]
        : [];

// every device heartbeats on connect, then every heartbeatMs, spread evenly over the interval
for (const d of devices) d.heartbeat();
const nextBeat = devices.map((_, i) => started + ((i + 1) * heartbeatMs) / devices.length);
let step = 0;
let lastReport = started;
while (Date.now() - started < durationMs && tally.sent < maxCount) {
  const now = Date.now();
  while (step < script.length && now - started >= script[step]![0]) {
    console.log(`${((now - started) / 1000).toFixed(1).padStart(6)} s  ${script[step]![1]}`);
    script[step]![2]();
    step++;
  }
  for (let i = 0; i < devices.length && tally.sent < maxCount; i++) {
    if (nextBeat[i]! > now) continue;
    devices[i]!.heartbeat();
    nextBeat[i] = now + heartbeatMs;
  }
  for (const d of devices) d.tick();
  if (now - lastReport >= 5000) {
    lastReport = now;
    console.log(
      `${((now - started) / 1000).toFixed(0).padStart(6)} s  sent ${tally.sent}  confirmed ${tally.confirmed}  denied ${tally.denied}`,
    );
  }
  await new Promise((r) => setTimeout(r, 50));
}
const drainUntil = Date.now() + 5000;
while (tally.confirmed + tally.gaveUp < tally.sent && Date.now() < drainUntil) {
  for (const d of devices) d.tick();
  await new Promise((r) => setTimeout(r, 50));
}
for (const d of devices) d.close();
const p99 = percentile(tally.latencies, 99);
console.log(
  `done: sent ${tally.sent}, confirmed ${tally.confirmed}, denied ${tally.denied}, gave up ${tally.gaveUp}, ` +
    `clock syncs ${tally.clockSyncs}, duty checks ${tally.dutyChecks}, frame to confirm p99 ${Number.isNaN(p99) ? "—" : `${p99.toFixed(1)} ms`}`,
);
process.exit(tally.confirmed >= tally.sent ? 0 : 1);
