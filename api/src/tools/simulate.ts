// Device simulator: speaks protocol v1 over MQTT, for demos and load tests.
//   npm run simulate -- --devices 20 --rate 50 --scenario fire --duration 60
// Scenarios: normal (heartbeats), fire (normal + a smoke alarm in the first demo home), storm (every device
// at once, as after a power cut), low_battery, tamper, fault; the facility ones (low_water, pressure_drop,
// leakage, gas, call_point, pump_manual, nbiot_smoke, nbiot_gas) are handed to simulate-facility.ts.
// Devices come from data/demo.json; with more devices than the demo has, the rest are registered through
// the API as the demo admin.
// Bounded: stops after --duration seconds or --count messages, whichever comes first.
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import mqtt, { type MqttClient } from "mqtt";
import type { DemoInfo } from "../../../prisma/seed/demo-seed.ts";
import { FACILITY_SCENARIOS } from "./sensor-scenarios.ts";

const SCENARIOS = ["normal", "fire", "storm", "low_battery", "tamper", "fault"] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "10" },
    rate: { type: "string", default: "10" },
    scenario: { type: "string", default: "normal" },
    duration: { type: "string", default: "30" },
    count: { type: "string", default: "1000000" },
    mqtt: { type: "string" },
    api: { type: "string", default: "http://127.0.0.1:3000" },
    data: { type: "string", default: process.env.DATA_DIR ?? "./data" },
  },
});

// the facility scenarios (issue 15) are played by simulate-facility.ts: `npm run simulate` hands them over
if (FACILITY_SCENARIOS.includes(values.scenario!)) {
  const args = [
    "--scenario",
    values.scenario!,
    "--data",
    values.data!,
    ...(values.mqtt ? ["--mqtt", values.mqtt] : []),
  ];
  const facility = path.join(import.meta.dirname, "simulate-facility.ts");
  const r = spawnSync(process.execPath, [...process.execArgv, facility, ...args], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
const scenario = values.scenario as Scenario;
if (!SCENARIOS.includes(scenario)) {
  console.error(`--scenario must be one of ${[...SCENARIOS, ...FACILITY_SCENARIOS].join(", ")}`);
  process.exit(2);
}
const wanted = Math.max(1, Math.min(20_000, Number(values.devices)));
const rate = Math.max(0.1, Number(values.rate));
const durationMs = Math.min(3600, Math.max(1, Number(values.duration))) * 1000;
const maxCount = Math.max(1, Number(values.count));
const demoFile = path.resolve(values.data, "demo.json");
if (!existsSync(demoFile)) {
  console.error(`${demoFile} not found: start the system first (npm start), or pass --data`);
  process.exit(2);
}
const demo = JSON.parse(readFileSync(demoFile, "utf8")) as DemoInfo;
const mqttUrl = values.mqtt ?? (demo.mqtt ? `mqtt://${demo.mqtt.host}:${demo.mqtt.port}` : "mqtt://127.0.0.1:1883");

interface SimDevice {
  id: string;
  secret: string;
}

async function moreDevices(n: number): Promise<SimDevice[]> {
  const file = path.resolve(values.data, "sim-devices.json");
  const have: SimDevice[] = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SimDevice[]) : [];
  if (have.length >= n) return have.slice(0, n);
  const admin = demo.staff.find((s) => s.role === "ADMIN")!;
  const login = await fetch(`${values.api}/api/auth/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: admin.username, password: admin.password }),
  });
  if (!login.ok) throw new Error(`admin sign-in failed: ${login.status}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  for (let start = have.length; start < n; start += 2000) {
    const rows = Array.from(
      { length: Math.min(2000, n - start) },
      (_, i) => `SIM${String(start + i).padStart(7, "0")},AX-SA100`,
    );
    const res = await fetch(`${values.api}/api/devices/import`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        filename: "sim.csv",
        contentBase64: Buffer.from(`serial,model\n${rows.join("\n")}\n`).toString("base64"),
      }),
    });
    const body = (await res.json()) as { imported: number; rows: { device: SimDevice | null; error: string | null }[] };
    if (!body.imported)
      throw new Error(`registering simulated devices failed: ${body.rows.find((r) => r.error)?.error ?? res.status}`);
    have.push(...body.rows.map((r) => ({ id: r.device!.id, secret: r.device!.secret })));
  }
  writeFileSync(file, JSON.stringify(have), { mode: 0o600 });
  return have;
}

const fromDemo: SimDevice[] = demo.devices.map((d) => ({ id: d.id, secret: d.secret }));
const devices =
  wanted <= fromDemo.length
    ? fromDemo.slice(0, wanted)
    : [...fromDemo, ...(await moreDevices(wanted - fromDemo.length))];

let sent = 0;
let acked = 0;
let failed = 0;
let seq = 0;
const clients: MqttClient[] = [];
console.log(
  `simulating ${devices.length} devices on ${mqttUrl}, scenario ${scenario}, ${rate} msg/s, up to ${durationMs / 1000} s`,
);
for (let i = 0; i < devices.length; i += 200) {
  await Promise.all(
    devices.slice(i, i + 200).map(
      (d) =>
        new Promise<void>((resolve) => {
          const c = mqtt.connect(mqttUrl, {
            clientId: d.id,
            username: d.id,
            password: d.secret,
            protocolVersion: 4,
            reconnectPeriod: 1000,
            connectTimeout: 10_000,
          });
          c.once("connect", () => resolve());
          c.once("error", (e) => {
            console.error(`${d.id}: ${e.message}`);
            resolve();
          });
          clients.push(c);
        }),
    ),
  );
}
console.log(`${clients.filter((c) => c.connected).length} connected`);

function send(i: number, type: string, extra: Record<string, unknown> = {}): void {
  const c = clients[i]!;
  const d = devices[i]!;
  const payload = JSON.stringify({
    id: `sim-${Date.now()}-${++seq}`,
    ts: Date.now(),
    type,
    battery: 90,
    rssi: -70 - (i % 30),
    ...extra,
  });
  sent++;
  c.publish(`devices/${d.id}/up`, payload, { qos: 1 }, (err) => (err ? failed++ : acked++));
}

const started = Date.now();
const progress = setInterval(() => {
  const s = (Date.now() - started) / 1000;
  console.log(
    `${s.toFixed(0).padStart(4)} s  sent ${sent}  acknowledged ${acked}  failed ${failed}  (${(acked / s).toFixed(0)} msg/s)`,
  );
}, 1000);

if (scenario === "storm") for (let i = 0; i < devices.length; i++) send(i, "heartbeat");
const special: Partial<Record<Scenario, string>> = { low_battery: "low_battery", tamper: "tamper", fault: "fault" };
if (special[scenario])
  for (let i = 0; i < Math.max(1, Math.floor(devices.length / 10)); i++)
    send(i, special[scenario]!, scenario === "low_battery" ? { battery: 8 } : {});

let next = Date.now();
let i = 0;
while (Date.now() - started < durationMs && sent < maxCount) {
  const elapsed = Date.now() - started;
  if (scenario === "fire" && elapsed >= 2000 && elapsed < 2000 + 1000 / rate + 1)
    send(0, "smoke_alarm", { smoke: 720, temperature: 46 });
  send(i % devices.length, "heartbeat");
  i++;
  next += 1000 / rate;
  const wait = next - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  else if (i % 100 === 0) await new Promise((r) => setImmediate(r));
}
if (scenario === "fire") send(0, "smoke_clear", { smoke: 30 });
const drainUntil = Date.now() + 5000;
while (acked + failed < sent && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
clearInterval(progress);
console.log(
  `done: sent ${sent}, acknowledged ${acked}, failed ${failed}, ${((acked * 1000) / (Date.now() - started)).toFixed(0)} msg/s`,
);
for (const c of clients) c.end(true);
process.exit(failed > 0 ? 1 : 0);
