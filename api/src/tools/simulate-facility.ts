// Facility and NB-IoT simulator for the demo (issues 15 and 20):
//   npm run simulate:facility -- --scenario low_water      (or pressure_drop, leakage, gas, call_point, pump_manual)
//   npm run simulate:facility -- --scenario nbiot_smoke     (a CTWing push: Zhang San's NB-IoT smoke alarm)
//   npm run simulate:facility -- --scenario nbiot_gas       (an encrypted OneNET push: his NB-IoT gas detector)
// Sensor scenarios are published over MQTT as the demo's facility devices (protocol 1.1), replayed at once and
// stamped by the device clock as if they had happened over the last minutes, so the limits' minimum durations
// pass; NB-IoT scenarios are pushed to the API's carrier receivers as the platforms push them. Devices, the
// broker and the push tokens come from data/demo.json (written by npm start).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import mqtt from "mqtt";
import type { DemoInfo } from "../../../prisma/seed/demo-seed.ts";
import type { DemoSensorDevice } from "../../../prisma/seed/sensors-demo.ts";
import { DEMO_NBIOT } from "../../../prisma/seed/sensors-demo.ts";
import { ctwingDataReport, onenetDataPoint, onenetPushBody } from "../../stand-ins/carrier-push-builder.ts";
import {
  FACILITY_SCENARIOS,
  SCENARIO_DEVICE,
  scenarioSpanMs,
  sensorScenario,
  type SensorScenario,
} from "./sensor-scenarios.ts";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "low_water" },
    data: { type: "string", default: "./data" },
    mqtt: { type: "string" },
  },
});
const scenario = values.scenario!;
if (!FACILITY_SCENARIOS.includes(scenario)) {
  console.error(`--scenario must be one of ${FACILITY_SCENARIOS.join(", ")}`);
  process.exit(2);
}
const demoFile = path.resolve(values.data!, "demo.json");
if (!existsSync(demoFile)) {
  console.error(`${demoFile} not found: start the system first (npm start), or pass --data`);
  process.exit(2);
}
const demo = JSON.parse(readFileSync(demoFile, "utf8")) as DemoInfo & {
  carriers?: { ctwing: { pushUrl: string }; onenet: { pushUrl: string; token: string; aesKey: string } };
};
const devices = demo.devices as DemoSensorDevice[];

async function post(url: string, body: string): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  console.log(`${res.status} ${await res.text()}`);
  if (!res.ok) process.exitCode = 1;
}

if (scenario === "nbiot_smoke" || scenario === "nbiot_gas") {
  if (!demo.carriers) {
    console.error("demo.json has no carrier push settings: start the demo with npm start (carrier stand-ins on)");
    process.exit(2);
  }
  if (scenario === "nbiot_smoke") {
    console.log(`CTWing push: NB-IoT smoke alarm ${DEMO_NBIOT.ctwing.deviceId} reports Alarm_Status 1 (smoke)`);
    const report = ctwingDataReport(DEMO_NBIOT.ctwing, { Alarm_Status: 1, Battery_Level: 87, CSQ: 21, SNR: 6 });
    await post(demo.carriers.ctwing.pushUrl, JSON.stringify(report));
  } else {
    const o = demo.carriers.onenet;
    console.log(`OneNET push (encrypted): gas detector ${DEMO_NBIOT.onenet.deviceId} reads 32 %LEL`);
    const msg = onenetDataPoint(Number(DEMO_NBIOT.onenet.deviceId), "Gas_Concentration", 320);
    await post(o.pushUrl, onenetPushBody(msg, o.token, { encodingAesKey: o.aesKey }));
  }
} else {
  const name = scenario as SensorScenario;
  const kind = SCENARIO_DEVICE[name];
  const d = devices.find((x) => x.kind === kind && !x.carrier);
  if (!d) {
    console.error(`no demo ${kind} device in ${demoFile}: was the demo seeded before facility sensors existed?`);
    process.exit(2);
  }
  const url = values.mqtt ?? (demo.mqtt ? `mqtt://${demo.mqtt.host}:${demo.mqtt.port}` : "mqtt://127.0.0.1:1883");
  const client = await mqtt.connectAsync(url, {
    clientId: d.id,
    username: d.id,
    password: d.secret,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  const start = Date.now() - scenarioSpanMs(name) - 1000;
  console.log(`${name}: ${d.id} (${d.place}) on ${url}`);
  for (const m of sensorScenario(name, d.id, start)) {
    await client.publishAsync(`devices/${d.id}/up`, JSON.stringify(m.payload), { qos: 1 });
    console.log(
      `  +${String(m.offsetMs / 1000).padStart(4)} s  ${m.payload.type} ${JSON.stringify(m.payload.values ?? {})}`,
    );
  }
  await client.endAsync();
  console.log("done: see the console (实时报警, 消防设施) for the alarm and the chart");
}
