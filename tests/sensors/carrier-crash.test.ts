// No carrier push is lost or doubled (issue 20): the API runs as a real child process, CTWing and OneNET
// pushes arrive over HTTP from many senders at once, and the process is killed with SIGKILL mid-burst. After a
// restart on the same database every push that was answered 200 is stored exactly once; the platforms then
// send again what got no 200 (and, as when an answer is lost on the way, some that did), and still no push is
// stored twice. Bodies are written here in the platforms' documented formats (FIELD-FACTS section 3).
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import type { DemoSensorDevice } from "../../prisma/seed/sensors-demo.ts";
import { freePort } from "../support/mosquitto.ts";
import { spawnApi } from "../support/api-child.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-carrier-crash-"));
const dbFile = path.join(dir, "anxin.db");
const children: ChildProcess[] = [];
const CTWING_TOKEN = "crash-ctwing-token-0123456789";
const ONENET_TOKEN = "crash-onenet-token";

async function startChild(port: number, mqttPort: number): Promise<ChildProcess> {
  return spawnApi({
    dbFile,
    dataDir: dir,
    env: {
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      CTWING_PUSH_TOKEN: CTWING_TOKEN,
      ONENET_PUSH_TOKEN: ONENET_TOKEN,
      // the burst is one device's routine reports at the test's pace: let them through
      DEVICE_MSG_PER_MIN: "1000000",
      DEVICE_MSG_BURST: "1000000",
    },
    started: (child) => children.push(child),
    ready: async () => {
      const r = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2000) });
      return r.ok && existsSync(path.join(dir, "demo.json"));
    },
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const md5b64 = (s: string) => createHash("md5").update(s).digest("base64");

interface Push {
  /** the Anxin device and the time the platform gives: one push, one event with this ts */
  deviceId: string;
  ts: number;
  path: string;
  body: string;
}

/** CTWing dataReport of the demo smoke alarm: a normal report, every 50th a smoke alarm (fire lane). */
function ctwingPush(deviceId: string, ts: number, n: number): Push {
  const status = n % 50 === 0 ? 1 : 7;
  const body =
    `{"upPacketSN":-1,"upDataSN":-1,"topic":"v1/up/ad19prof","timestamp":${ts},"tenantId":"10461180","serviceId":"",` +
    `"protocol":"lwm2m","productId":"17100001","payload":{"serviceId":"notification","serviceData":{"TData":30,` +
    `"SNR":1,"RSRP":114,"IMEI":"869975030000011","Cell_ID_Length":8,"Cell_ID":"38848339","CSQ":${n % 31},` +
    `"Battery_Level":90,"Alarm_Status":${status},"AlarmLevel":100}},"messageType":"dataReport","deviceType":"",` +
    `"deviceId":"17100001a1b2c3d4","assocAssetId":"","IMSI":"undefined","IMEI":"869975030000011"}`;
  return { deviceId, ts, path: `/api/ingest/ctwing?token=${CTWING_TOKEN}`, body };
}

/** OneNET data point of the demo gas detector (signed, plain mode): a concentration reading. */
function onenetPush(deviceId: string, ts: number, n: number): Push {
  const msg = `{"at":${ts},"type":1,"ds_id":"Gas_Concentration","value":${n % 200},"dev_id":520000001}`;
  const nonce = `n${String(n).padStart(7, "0")}`;
  const body = `{"msg":${msg},"msg_signature":"${md5b64(ONENET_TOKEN + nonce + msg)}","nonce":"${nonce}"}`;
  return { deviceId, ts, path: "/api/ingest/onenet", body };
}

/** One push; true when answered 200 with its event stored or known as stored. */
async function send(base: string, p: Push): Promise<boolean> {
  try {
    const res = await fetch(`${base}${p.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: p.body,
      signal: AbortSignal.timeout(20_000),
    });
    if (res.status !== 200) return false;
    const r = (await res.json()) as { stored: number; duplicates: number };
    return r.stored + r.duplicates === 1;
  } catch {
    return false; // the process died under it: the platform sends it again
  }
}

const SENDERS = 16; // 8 a platform
const PER_SENDER = 2000; // bounded: the kill ends it far sooner

describe("carrier push crash safety", () => {
  it("keeps every push answered 200 across a SIGKILL, once; resent pushes are not stored twice", async () => {
    const port = await freePort();
    const mqttPort = await freePort();
    const child = await startChild(port, mqttPort);
    const base = `http://127.0.0.1:${port}`;
    const demo = JSON.parse(readFileSync(path.join(dir, "demo.json"), "utf8")) as { devices: DemoSensorDevice[] };
    const ctwingId = demo.devices.find((d) => d.carrier?.platform === "ctwing")!.id;
    const onenetId = demo.devices.find((d) => d.carrier?.platform === "onenet")!.id;

    // every push a distinct platform time (one hour ago onwards, a millisecond apart per push)
    const t0 = Date.now() - 3600_000;
    const sent: Push[] = [];
    const acked: Push[] = [];
    let stop = false;
    const senders = Array.from({ length: SENDERS }, async (_, s) => {
      for (let n = 0; n < PER_SENDER && !stop; n++) {
        const seq = n * SENDERS + s;
        const p = s % 2 === 0 ? ctwingPush(ctwingId, t0 + seq, seq) : onenetPush(onenetId, t0 + seq, seq);
        sent.push(p);
        if (await send(base, p)) acked.push(p);
        else if (child.exitCode !== null || child.signalCode !== null) return;
      }
    });
    const until = Date.now() + 120_000;
    while (acked.length < 400 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    // the senders keep sending until a push fails on the dead process: those are the unanswered ones the
    // platform sends again (stopping them at the kill let a fast API answer every push in flight first)
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    stop = true;
    await Promise.race([Promise.all(senders), new Promise((r) => setTimeout(r, 25_000))]);
    const ackedAtKill = [...acked];
    expect(ackedAtKill.length).toBeGreaterThanOrEqual(400);
    const ackedSet = new Set(ackedAtKill);
    const unanswered = sent.filter((p) => !ackedSet.has(p));
    expect(unanswered.length).toBeGreaterThan(0); // the kill came mid-burst

    const countsOf = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        const rows = db
          .prepare(
            `SELECT "deviceId", "ts", COUNT(*) AS n FROM "DeviceEvent" WHERE "deviceId" IN (?, ?) GROUP BY "deviceId", "ts"`,
          )
          .all(ctwingId, onenetId) as { deviceId: string; ts: string; n: number }[];
        return new Map(rows.map((r) => [`${r.deviceId}/${new Date(r.ts).getTime()}`, r.n]));
      } finally {
        db.close();
      }
    };
    const key = (p: Push) => `${p.deviceId}/${p.ts}`;

    // restart on the same database: every push answered 200 is there, once
    const again = await startChild(port, mqttPort);
    try {
      const afterRestart = countsOf();
      expect(ackedAtKill.filter((p) => afterRestart.get(key(p)) !== 1)).toEqual([]);
      expect([...afterRestart.values()].filter((n) => n > 1)).toEqual([]);

      // the platforms send again what got no 200, and some that did (an answer lost on the way)
      const resend = [...unanswered, ...ackedAtKill.filter((_, i) => i % 10 === 0)];
      for (let i = 0; i < resend.length; i += SENDERS) {
        const answers = await Promise.all(resend.slice(i, i + SENDERS).map((p) => send(base, p)));
        expect(answers.every(Boolean)).toBe(true);
      }
      const afterResend = countsOf();
      expect(sent.filter((p) => afterResend.get(key(p)) !== 1)).toEqual([]);
      expect([...afterResend.values()].filter((n) => n > 1)).toEqual([]);

      // what was stored but not applied at the kill is applied by the new process (bounded wait)
      const db = new Database(dbFile, { readonly: true });
      try {
        const pending = db.prepare(`SELECT COUNT(*) AS n FROM "DeviceEvent" WHERE "processed" = 0`).pluck();
        for (let i = 0; i < 150 && (pending.get() as number) > 0; i++) await new Promise((r) => setTimeout(r, 200));
        expect(pending.get()).toBe(0);
        const fire = db
          .prepare(`SELECT COUNT(*) FROM "Alarm" WHERE "kind" = 'FIRE' AND "deviceId" = ? AND "source" = 'ctwing'`)
          .pluck();
        expect(fire.get(ctwingId)).toBeGreaterThanOrEqual(1);
      } finally {
        db.close();
      }
    } finally {
      again.kill("SIGTERM");
    }
  }, 400_000);
});
