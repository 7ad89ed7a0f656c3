// HTTP_WORKERS=2 (issue 21): the API in a child process with two HTTP worker processes, on SQLite and (where it
// answers) PostgreSQL. HTTP is served by the workers; a fire alarm published over MQTT (handled by the main
// process) reaches a staff screen connected through a worker and the providers; a device put in maintenance
// through HTTP (a worker) raises no fire alarm afterwards (the main process's device directory was told); a
// worker killed with SIGKILL loses no alarm and is started again.
import http from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { startApiChild, type ApiChild } from "../support/api-child.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";
import { openFeed } from "../support/sse.ts";
import { createTestDatabase, providers, type TestDatabase } from "../support/databases.ts";
import { SmsStub, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } from "../../api/stand-ins/sms-stub.ts";
import { WechatStub, DEMO_APP_ID, DEMO_APP_SECRET } from "../../api/stand-ins/wechat-stub.ts";

/** The HTTP worker processes of the API process: its children running scripts/http-worker. */
function workerPids(parent: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== parent) continue;
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes("http-worker")) pids.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids.sort((a, b) => a - b);
}

/** One request on a connection of its own (no keep-alive): each is a new connection the main process hands over. */
function getFresh(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { connection: "close" } }, (res) => {
        let body = "";
        res.on("data", (b: Buffer) => (body += b.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n")) if (line.startsWith(name)) sum += Number(line.split(" ").pop());
  return sum;
}

async function eventually<T>(what: string, ms: number, f: () => Promise<T | null | undefined | false>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const suites = await providers();
const children: ApiChild[] = [];
const stubs: { stop(): Promise<void> }[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const c of children) await c.kill();
  for (const s of stubs) await s.stop();
  for (const d of databases) await d.drop();
});

describe.each(suites)("HTTP_WORKERS=2 on $provider", ({ provider, skip }) => {
  it.skipIf(skip !== null)(
    "serves HTTP from the workers, keeps the fire path in the main process and survives a worker's death",
    async () => {
      const sms = new SmsStub();
      const wechat = new WechatStub();
      stubs.push(sms, wechat);
      const env: Record<string, string> = {
        HTTP_WORKERS: "2",
        SMS_API_BASE: await sms.start(),
        SMS_ACCESS_KEY_ID: DEMO_ACCESS_KEY_ID,
        SMS_ACCESS_KEY_SECRET: DEMO_ACCESS_KEY_SECRET,
        WECHAT_API_BASE: await wechat.start(),
        WECHAT_APP_ID: DEMO_APP_ID,
        WECHAT_APP_SECRET: DEMO_APP_SECRET,
      };
      if (provider === "postgres") {
        const db = await createTestDatabase("postgres");
        databases.push(db);
        env.DATABASE_URL = db.url;
      }
      const api = await startApiChild(env, { readyTimeoutMs: 120_000 });
      children.push(api);
      const demo = api.demo!;
      const pid = api.child.pid!;

      // (a) two workers, and new connections are handed to them, not served by the main process
      const first = await eventually("two HTTP workers", 60_000, async () => {
        const pids = workerPids(pid);
        return pids.length === 2 && pids;
      });
      const before = (await getFresh(`${api.url}/metrics`)).body;
      for (let i = 0; i < 10; i++) expect((await getFresh(`${api.url}/health`)).status).toBe(200);
      const after = (await getFresh(`${api.url}/metrics`)).body;
      // /metrics is answered with the main process's figures (these are registered there only)
      expect(metric(after, "anxin_http_workers_up")).toBe(2);
      for (const w of ["0", "1"])
        expect(metric(after, `anxin_http_worker_connections_total{worker="${w}"}`)).toBeGreaterThan(
          metric(before, `anxin_http_worker_connections_total{worker="${w}"}`),
        );
      expect(metric(after, "anxin_http_main_connections_total")).toBe(
        metric(before, "anxin_http_main_connections_total"),
      );
      expect((await getFresh(`${api.url}/ready`)).status).toBe(200);

      const login = async (username: string) => {
        const s = demo.staff.find((x) => x.username === username)!;
        const r = await fetch(`${api.url}/api/auth/staff/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username, password: s.password }),
        });
        expect(r.status).toBe(200);
        return ((await r.json()) as { accessToken: string }).accessToken;
      };
      const supervisor = await login("supervisor");
      const admin = await login("admin");
      // devices in different homes with members (a fire reaches people)
      const homes = new Set<string>();
      const devices = demo.devices.filter((d) => {
        const home = d.address?.split(" ").slice(0, 4).join(" ");
        return !!home && !homes.has(home) && !!homes.add(home);
      });
      expect(devices.length).toBeGreaterThanOrEqual(3);
      const clients: MqttClient[] = [];
      const device = async (i: number) => {
        const d = devices[i]!;
        const c = await connectDevice(api.mqttUrl, d.id, d.secret);
        clients.push(c);
        return { d, fire: () => publish(c, `devices/${d.id}/up`, uplink("smoke_alarm", { smoke: 600 }).payload) };
      };
      const provider1st = () =>
        Promise.any([
          sms.next((r) => r.path === "/", 20_000),
          wechat.next((r) => r.path === "/cgi-bin/message/subscribe/send", 20_000),
        ]);
      const isFire = (id: string) => (e: { type: string; data: Record<string, unknown> }) =>
        e.type === "alarm" && e.data.deviceId === id && e.data.kind === "FIRE";

      // two screens: new connections, one on each worker (round robin)
      const feeds = [await openFeed(api.url, supervisor), await openFeed(api.url, supervisor)];
      try {
        for (const f of feeds) expect(f.status).toBe(200);

        // (b) a fire over MQTT: on both screens (through the workers) and at a provider
        const one = await device(0);
        const sent = provider1st();
        await one.fire();
        for (const f of feeds) expect(await f.until(isFire(one.d.id), 20_000)).not.toBeNull();
        await sent;

        // (c) maintenance through HTTP, then a smoke alarm from that device: no fire alarm. A second device's
        // fire, published after it and applied after it on the fire chain, says when to look.
        const maint = await device(1);
        const control = await device(2);
        const r = await fetch(`${api.url}/api/devices/${maint.d.id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
          body: JSON.stringify({ mode: "MAINTENANCE", reason: "检修" }),
        });
        expect(r.status).toBe(200);
        await maint.fire();
        await control.fire();
        expect(await feeds[0]!.until(isFire(control.d.id), 20_000)).not.toBeNull();
        expect(feeds.some((f) => f.events.some(isFire(maint.d.id)))).toBe(false);
        const auth = { authorization: `Bearer ${admin}`, "content-type": "application/json" };
        const list = await fetch(`${api.url}/api/alarms?status=all&limit=200`, { headers: auth });
        type Item = { id: string; kind: string; status: string; device: { id: string } };
        const items = ((await list.json()) as { items: Item[] }).items;
        expect(items.some((a) => a.kind === "FIRE" && a.device.id === control.d.id)).toBe(true);
        expect(items.some((a) => a.kind === "FIRE" && a.device.id === maint.d.id)).toBe(false);

        // (d) the first fire resolved through HTTP (a worker), one worker killed: the device's next fire still
        // reaches a provider and the surviving worker's screen
        const open = items.find((a) => a.kind === "FIRE" && a.device.id === one.d.id && a.status !== "RESOLVED")!;
        const resolved = await fetch(`${api.url}/api/alarms/${open.id}/resolve`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ resolution: "TEST" }),
        });
        expect(resolved.status).toBe(200);
        const victim = first[0]!;
        process.kill(victim, "SIGKILL");
        await eventually("the worker gone", 10_000, async () => !workerPids(pid).includes(victim));
        // a screen connected now is on the surviving worker (the killed one's screens went with it)
        const after = await openFeed(api.url, supervisor);
        feeds.push(after);
        expect(after.status).toBe(200);
        const sentAgain = provider1st();
        await one.fire();
        const live = await after.until(isFire(one.d.id), 20_000);
        expect(live?.data.outcome).toBe("created");
        await sentAgain;
        // passed between the processes, every message still what contract/live.ts says
        for (const f of feeds) expect(f.refused).toEqual([]);
        // started again: two workers, neither the killed one, both taking connections
        const restarted = await eventually("the worker started again", 60_000, async () => {
          const pids = workerPids(pid);
          if (pids.length !== 2 || pids.includes(victim)) return null;
          const m = (await getFresh(`${api.url}/metrics`)).body;
          return metric(m, "anxin_http_workers_up") === 2 && m;
        });
        expect(metric(restarted, "anxin_http_worker_restarts_total")).toBe(1);
        expect((await getFresh(`${api.url}/health`)).status).toBe(200);
      } finally {
        for (const f of feeds) f.close();
        for (const c of clients) c.end(true);
      }
    },
    300_000,
  );
});
