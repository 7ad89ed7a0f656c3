// Starts the real API in process on a free port with its own database, demo data and a local WeChat stub.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApi, type RunningApi } from "../../scripts/app.ts";
import { loadConfig } from "../../api/src/shared/config.ts";
import { createLogger } from "../../api/src/shared/logger.ts";
import type { Clock } from "../../api/src/shared/clock.ts";
import type { DemoInfo } from "../../prisma/seed/demo-seed.ts";
import { WechatStub, DEMO_APP_ID, DEMO_APP_SECRET } from "../../api/stand-ins/wechat-stub.ts";
import { createTestDatabase, type Provider, type TestDatabase } from "./databases.ts";

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  api: RunningApi;
  url: string;
  demo: DemoInfo;
  wechat: WechatStub;
  database: TestDatabase;
  request<T = unknown>(
    method: string,
    path: string,
    opts?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<JsonResponse<T>>;
  loginStaff(username: string): Promise<string>;
  loginResident(key: string): Promise<string>;
  /** forget cached tokens (after moving a manual clock past their lifetime) */
  clearTokens(): void;
  close(): Promise<void>;
}

const demoByDatabase = new WeakMap<TestDatabase, DemoInfo>();

export interface TestApiOptions {
  provider?: Provider;
  clock?: Clock;
  env?: Record<string, string>;
  /** reuse a database (a restart, a second instance); it is then not dropped by close() */
  database?: TestDatabase;
  /** build the staff console's app at start, as npm start does */
  warmConsole?: boolean;
}

export async function startTestApi(opts: TestApiOptions = {}): Promise<TestApi> {
  const ownsDatabase = !opts.database;
  const database = opts.database ?? (await createTestDatabase(opts.provider ?? "sqlite"));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "anxin-data-"));
  const wechat = new WechatStub();
  const wechatBase = await wechat.start();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    MQTT_PORT: "0", // the machine's own Mosquitto holds 1883
    JWT_SECRET: "test-secret-test-secret-test-secret-0123456789",
    WECHAT_API_BASE: wechatBase,
    WECHAT_APP_ID: DEMO_APP_ID,
    WECHAT_APP_SECRET: DEMO_APP_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...opts.env,
  });
  const api = await startApi({
    config,
    log: createLogger(config.LOG_LEVEL),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.warmConsole ? { warmConsole: true } : {}),
  });
  // a reused database was seeded by the first instance: its demo accounts carry over
  const demo = api.demo ?? demoByDatabase.get(database);
  if (!demo) throw new Error("demo data was not seeded");
  demoByDatabase.set(database, demo);

  const request: TestApi["request"] = async (method, p, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${api.url}${p}`, {
      method: method.toUpperCase(),
      headers,
      ...(o.body !== undefined ? { body: typeof o.body === "string" ? o.body : JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: body as never, headers: res.headers };
  };

  const tokenCache = new Map<string, string>();
  return {
    api,
    url: api.url,
    demo,
    wechat,
    database,
    request,
    async loginStaff(username) {
      const cached = tokenCache.get(`staff:${username}`);
      if (cached) return cached;
      const s = demo.staff.find((x) => x.username === username);
      if (!s) throw new Error(`no demo staff ${username}`);
      const r = await request<{ accessToken: string }>("POST", "/api/auth/staff/login", {
        body: { username, password: s.password },
      });
      if (r.status !== 200) throw new Error(`staff login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      tokenCache.set(`staff:${username}`, r.body.accessToken);
      return r.body.accessToken;
    },
    async loginResident(key) {
      const cached = tokenCache.get(`resident:${key}`);
      if (cached) return cached;
      const r = await request<{ accessToken: string }>("POST", "/api/auth/wechat/login", {
        body: { code: `demo-h5:${key}` },
      });
      if (r.status !== 200) throw new Error(`resident login ${key}: ${r.status} ${JSON.stringify(r.body)}`);
      tokenCache.set(`resident:${key}`, r.body.accessToken);
      return r.body.accessToken;
    },
    clearTokens() {
      tokenCache.clear();
    },
    async close() {
      await api.close();
      await wechat.stop();
      if (ownsDatabase) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
