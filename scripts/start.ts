// `npm start`: the whole system on embedded defaults. SQLite under data/, demo data on first start,
// and, unless real WeChat credentials are configured, a local server speaking WeChat's API contract so
// the H5 mini-program can sign in without WeChat.
import net from "node:net";
import path from "node:path";
import { configOrExit, handleSignals, startApi } from "./app.ts";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeDemoInfo } from "../prisma/seed/demo-seed.ts";
import { WechatStub, DEMO_APP_ID, DEMO_APP_SECRET } from "../api/stand-ins/wechat-stub.ts";
import { SmsStub, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } from "../api/stand-ins/sms-stub.ts";
import { VoiceStub } from "../api/stand-ins/voice-stub.ts";
import { startCarrierStandIns } from "./carrier-stand-ins.ts";
import { Alert119StandIn } from "../api/stand-ins/alert119/index.ts";
import { startCameraStandIn, type CameraStandIn } from "../api/stand-ins/camera/index.ts";
import { DEMO_CAMERA_ACCOUNT, DEMO_CAMERA_PATHS, seedCamerasDemo } from "../prisma/seed/cameras-demo.ts";
import { withPatrolLabels } from "../prisma/seed/patrol-demo.ts";

const env = { ...process.env };
const stubs: { stop(): Promise<void> }[] = [];
const useStubs = env.NODE_ENV !== "production" && !env.WECHAT_APP_ID && env.DEMO_STUBS !== "false";
if (useStubs) {
  const wechat = new WechatStub();
  env.WECHAT_API_BASE = await wechat.start();
  env.WECHAT_APP_ID = DEMO_APP_ID;
  env.WECHAT_APP_SECRET = DEMO_APP_SECRET;
  stubs.push(wechat);
}
// SMS and voice calls: local servers speaking Alibaba Cloud's contract unless a real access key is set, and
// every notification printed, so a simulated fire shows the whole escalation chain here.
const useAliyunStubs = env.NODE_ENV !== "production" && !env.SMS_ACCESS_KEY_ID && env.DEMO_STUBS !== "false";
let aliyunStubs: { sms: SmsStub; voice: VoiceStub } | null = null;
if (useAliyunStubs) {
  const sms = new SmsStub();
  const voice = new VoiceStub();
  env.SMS_API_BASE = await sms.start();
  env.VOICE_API_BASE = await voice.start();
  env.SMS_ACCESS_KEY_ID = DEMO_ACCESS_KEY_ID;
  env.SMS_ACCESS_KEY_SECRET = DEMO_ACCESS_KEY_SECRET;
  // the stubs report delivery two seconds after each send, as the carrier would (receipts need a token)
  env.RECEIPT_TOKEN ??= randomBytes(18).toString("base64url");
  aliyunStubs = { sms, voice };
  stubs.push(sms, voice);
}
env.NOTIFY_CONSOLE ??= "true";
// NB-IoT: local servers playing CTWing's and OneNET's command APIs unless real platform keys are set; the
// demo's NB-IoT devices push to the API's receivers (npm run simulate:facility -- --scenario nbiot_smoke)
const carriers =
  env.NODE_ENV !== "production" && !env.CTWING_APP_KEY && !env.ONENET_API_KEY && env.DEMO_STUBS !== "false"
    ? await startCarrierStandIns(env)
    : null;
if (carriers) stubs.push(carriers);
// The 119 hand-off of confirmed unit fires (docs/alert-119.md): a local dispatch-centre stand-in that
// verifies the signature, unless a real endpoint is configured.
const alert119 = env.NODE_ENV !== "production" && !env.ALERT_119_URL ? new Alert119StandIn() : null;
if (alert119) {
  env.ALERT_119_URL = await alert119.start();
  env.ALERT_119_SECRET = alert119.secret;
  stubs.push(alert119);
}
// The embedded broker's default port is MQTT's 1883. Where another broker already holds it (these
// development machines run Mosquitto there) and MQTT_PORT was not set, take the next free port and say so.
async function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}
let mqttNote = "";
if (!env.MQTT_URL && !env.MQTT_PORT) {
  const host = env.MQTT_HOST || "127.0.0.1";
  for (let port = 1883; port < 1900; port++) {
    if (await portFree(port, host)) {
      if (port !== 1883) mqttNote = ` (1883 is taken by another broker; set MQTT_PORT to choose)`;
      env.MQTT_PORT = String(port);
      break;
    }
  }
}
// The residents' mini-program as H5, so anyone can try it in a browser: built once, then served at /h5/.
const h5Dir = path.resolve(import.meta.dirname, "../miniapp/dist/h5");
if (!existsSync(path.join(h5Dir, "index.html")) && env.BUILD_H5 !== "false") {
  console.log("Building the mini-program for H5 (first start only, about a minute)...");
  const r = spawnSync("npm", ["run", "build:h5", "-w", "miniapp"], {
    stdio: ["ignore", "ignore", "inherit"],
    // Taro's webpack plugins print a deprecation notice nobody here can act on
    env: { ...process.env, NODE_ENV: "production", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --no-deprecation` },
  });
  if (r.status !== 0)
    console.error("The H5 build failed; the API and portal still start. Run `npm run build:h5 -w miniapp` to see why.");
}
// Demo cameras (docs/cameras.md): an RTSP stand-in on 127.0.0.1 (port CAMERA_STANDIN_PORT, 8554 unless taken)
// serving generated video with a digest account; DEMO_CAMERAS=false leaves it out.
let cameraStandIn: CameraStandIn | null = null;
if (env.NODE_ENV !== "production" && env.DEMO_CAMERAS !== "false") {
  const options = { paths: DEMO_CAMERA_PATHS, auth: { scheme: "digest" as const, ...DEMO_CAMERA_ACCOUNT } };
  const port = Number(env.CAMERA_STANDIN_PORT ?? 8554);
  cameraStandIn = await startCameraStandIn({ ...options, port }).catch(() => startCameraStandIn(options));
}
const config = configOrExit(env);
const api = await startApi({ config, warmConsole: true });
if (cameraStandIn) {
  const cams = await seedCamerasDemo(
    api.db.prisma,
    api.services.cameras.service,
    `rtsp://127.0.0.1:${cameraStandIn.port}`,
  );
  if (cams.created || cams.updated) {
    await api.services.cameras.watches?.refresh();
    void api.services.cameras.service.checkAll().catch(() => undefined);
  }
}
if (aliyunStubs) {
  const token = encodeURIComponent(config.RECEIPT_TOKEN ?? "");
  aliyunStubs.sms.receiptUrl = `${api.url}/api/receipts/aliyun/sms?token=${token}`;
  aliyunStubs.voice.receiptUrl = `${api.url}/api/receipts/aliyun/voice?token=${token}`;
  aliyunStubs.sms.autoReportMs = aliyunStubs.voice.autoReportMs = 2000;
}
if (carriers) carriers.connect(api.url, api.demo);
// what this run adds to the demo's file: where its brokers listen, and the patrol checkpoints' label codes as it
// reads them (the H5 screen cannot scan: they are typed); written once
if (api.demo && (api.mqtt.port !== null || api.gb26875 || api.demo.patrol?.length)) {
  if (api.mqtt.port !== null) api.demo.mqtt = { host: config.MQTT_HOST ?? "127.0.0.1", port: api.mqtt.port };
  if (api.gb26875) {
    const uitd = (api.demo.gb26875 ?? {}) as { devices?: unknown[] };
    api.demo.gb26875 = { ...uitd, host: api.gb26875.host, port: api.gb26875.port };
  }
  if (api.demo.patrol?.length)
    api.demo.patrol = await withPatrolLabels(api.db.prisma, api.services.inspection.tags, api.demo.patrol);
  writeDemoInfo(path.resolve(config.DATA_DIR), api.demo);
}

const line = "─".repeat(64);
const out: string[] = [
  line,
  "安心消防 Anxin is running",
  line,
  `API            ${api.url}  (health: ${api.url}/health, docs: ${api.url}/openapi.json)`,
];
out.push(`Database       ${config.DATABASE_URL.provider === "sqlite" ? config.DATABASE_URL.file : "PostgreSQL"}`);
out.push(
  api.mqtt.port !== null
    ? `MQTT broker    mqtt://${config.MQTT_HOST ?? "127.0.0.1"}:${api.mqtt.port}  (embedded; devices: docs/device-protocol.md)${mqttNote}`
    : `MQTT broker    external, ${config.MQTT_URL?.replace(/\/\/[^@/]*@/, "//")} (shared subscription group ${config.MQTT_SHARE_GROUP})`,
);
if (api.gb26875)
  out.push(
    `GB/T 26875.3   tcp://${api.gb26875.host}:${api.gb26875.port}  (用户信息传输装置; docs/gb26875.md)${api.gb26875.note}`,
  );
out.push(`Mini-program   ${api.url}/h5/  (H5 build; the WeChat build: npm run build:weapp -w miniapp)`);
out.push(`Portal         ${api.url}/  (staff console: ${api.url}/console)`);
out.push(`Metrics        ${api.url}/metrics`);
if (useAliyunStubs)
  out.push(
    `SMS / voice    local demo stubs at ${env.SMS_API_BASE} and ${env.VOICE_API_BASE} (set SMS_ACCESS_KEY_ID/SECRET for Alibaba Cloud)`,
  );
if (alert119)
  out.push(
    `119 hand-off   local stand-in at ${env.ALERT_119_URL} (set ALERT_119_URL/ALERT_119_SECRET for the real one)`,
  );
out.push(`Live feed      ${api.url}/api/live/alarms?access_token=<staff token>  (escalation chain also printed below)`);
if (carriers)
  out.push(
    `NB-IoT         CTWing/OneNET command stand-ins at ${env.CTWING_API_BASE} and ${env.ONENET_API_BASE}; pushes to ${api.url}/api/ingest/ctwing and /onenet (docs/carriers.md)`,
  );
if (cameraStandIn)
  out.push(
    `Cameras        RTSP stand-in at rtsp://127.0.0.1:${cameraStandIn.port} (demo cameras in ${api.url}/console/cameras; DEMO_CAMERAS=false leaves it out)`,
  );
if (useStubs)
  out.push(
    `WeChat         local demo stub at ${env.WECHAT_API_BASE} (set WECHAT_APP_ID/WECHAT_APP_SECRET for the real one)`,
  );
if (api.demo) {
  out.push("", "Demo staff accounts (also in data/demo.json):");
  // the units' people are listed per unit below, one line each
  const unitPeople = new Set((api.demo.units ?? []).flatMap((u) => u.accounts.map((a) => a.username)));
  for (const s of api.demo.staff.filter((x) => !unitPeople.has(x.username)))
    out.push(`  ${s.role.padEnd(21)} ${s.username.padEnd(12)} ${s.password}   ${s.name}（${s.scope}）`);
  if (api.demo.units?.length) {
    out.push(
      "",
      "Networked units and their people (责任人 / 管理人 / 安全员 / 值班员 x2; passwords in data/demo.json):",
    );
    for (const u of api.demo.units)
      out.push(
        `  ${u.name}${u.pilot ? "（试点）" : ""}: ${u.accounts.map((a) => `${a.username} ${a.password}`).join("  ")}`,
      );
  }
  if (api.demo.patrol?.length) {
    out.push("", "Fire patrol (H5 我的 → 工作人员入口 → 防火巡查; label codes to type in data/demo.json `patrol`):");
    for (const p of api.demo.patrol)
      out.push(`  ${p.unitName}「${p.planName}」${p.schedule}: ${p.walkers.join(" / ")}`);
  }
  out.push("", "Demo residents (H5 sign-in code):");
  for (const r of api.demo.residents)
    out.push(`  ${r.name}  ${r.h5Code}   ${r.households.map((h) => `${h.address}（${h.role}）`).join("; ")}`);
  out.push("", "Owner invitation codes (claim a home):");
  for (const i of api.demo.ownerInvites) out.push(`  ${i.code}  ${i.address}`);
  const devices = api.demo.devices ?? [];
  const bound = devices.filter((d) => d.address);
  const free = devices.filter((d) => d.bindCode);
  out.push("", `Demo devices: ${devices.length} (ids and MQTT secrets in data/demo.json), e.g.`);
  for (const d of bound.slice(0, 2)) out.push(`  ${d.id}  ${d.address} ${d.room ?? ""}`);
  for (const d of free.slice(0, 2))
    out.push(`  ${d.id}  not bound yet: serial ${d.serial}, binding code ${d.bindCode}`);
  out.push("", "Try a fire:  npm run simulate -- --scenario fire --devices 5 --rate 5 --duration 20");
  if (api.gb26875 && (api.demo.gb26875 as { devices?: unknown[] } | undefined)?.devices?.length)
    out.push("A panel fire: npm run simulate:uitd -- --scenario fire --duration 10");
  out.push(
    "Facilities:  npm run simulate:facility -- --scenario low_water   (or call_point, leakage, nbiot_smoke, ...)",
  );
}
if (!api.demo && config.SEED_DEMO)
  out.push(
    "",
    `Demo accounts: this database's demo county was seeded with another data directory, so its passwords are not in`,
    `${path.resolve(config.DATA_DIR)}. Start on a new database for a new demo county, or add an account: npm run create-admin`,
  );
out.push(line);
console.log(out.join("\n"));

handleSignals(async () => {
  await api.close();
  await cameraStandIn?.stop();
  for (const s of stubs) await s.stop();
});
