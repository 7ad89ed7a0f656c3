// Issue 12 item 7, the low findings, each as the attack: access tokens lived 15 minutes after logout;
// /console/session.json handed the access token to page scripts; no HSTS and no Secure cookies behind a TLS
// proxy; /metrics public; the device serial unescaped in the QR label SVG; the Host header echoed into
// publicly cached pages; 500s on admin writes to a community or household that does not exist; the SQLite
// file world-readable. (The monthly report's 500s on month=0000-01 and 9999-12: date-hang.test.ts; the
// booking hoarding: rate-limits.test.ts.)
import http from "node:http";
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const METRICS_TOKEN = "metrics-token-0123456789";
let t: TestApi;

beforeAll(async () => {
  t = await startTestApi({ env: { TRUST_PROXY: "true", METRICS_TOKEN } });
});
afterAll(() => t?.close());

const password = (u: string) => t.demo.staff.find((s) => s.username === u)!.password;

/** Signs in on the console's form; returns the Cookie header its answer sets. */
async function consoleSignIn(username: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/console/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ username, password: password(username), next: "/console/board" }).toString(),
  });
  expect(res.status).toBe(303);
  const setCookies = res.headers.getSetCookie();
  const cookie = setCookies
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
  return { cookie, setCookies };
}

describe("sign-out ends the session at once (issue 12 item 7)", () => {
  it("the attack: an access token kept after logout is refused on the next request, not 15 minutes later", async () => {
    const login = await t.request<{ accessToken: string; refreshToken: string }>("POST", "/api/auth/staff/login", {
      body: { username: "manager_a", password: password("manager_a") },
    });
    const token = login.body.accessToken;
    expect((await t.request("GET", "/api/me", { token })).status).toBe(200);
    expect(
      (await t.request("POST", "/api/auth/logout", { body: { refreshToken: login.body.refreshToken } })).status,
    ).toBe(204);
    const after = await t.request<{ error: { code: string } }>("GET", "/api/me", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("TOKEN_INVALID");
    // and the refresh token gives nothing new
    expect(
      (await t.request("POST", "/api/auth/refresh", { body: { refreshToken: login.body.refreshToken } })).status,
    ).toBe(401);
  });

  it("logout with only the access token ends its session too", async () => {
    const login = await t.request<{ accessToken: string }>("POST", "/api/auth/wechat/login", {
      body: { code: "demo-h5:zhangsan" },
    });
    const token = login.body.accessToken;
    expect((await t.request("POST", "/api/auth/logout", { token, body: {} })).status).toBe(204);
    expect((await t.request("GET", "/api/households", { token })).status).toBe(401);
  });
});

describe("the staff console keeps the token out of page scripts (issue 12 item 7)", () => {
  it("the attack: /console/session.json no longer hands out the access token; the API takes the HttpOnly cookie", async () => {
    const { cookie, setCookies } = await consoleSignIn("manager_a");
    const session = setCookies.find((c) => c.startsWith("anxin_session="))!;
    expect(session).toMatch(/; path=\/;/i);
    expect(session).toMatch(/samesite=strict/i);
    expect(session).toMatch(/httponly/i);
    const res = await fetch(`${t.url}/console/session.json`, { headers: { cookie } });
    const text = await res.text();
    expect(res.status).toBe(200);
    // who is signed in and where they may go (the console app's frame), never a token
    expect(JSON.parse(text)).toEqual({
      role: "PROPERTY_MANAGER",
      name: expect.any(String),
      roleLabel: "物业经理",
      home: "board",
      nav: expect.arrayContaining([{ key: "board", label: "实时报警" }]),
    });
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT anywhere in what scripts can read
    const me = await t.request<{ kind: string }>("GET", "/api/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.kind).toBe("staff");
  });

  it("a change through the cookie needs our pages' header and origin; a cross-site one is refused", async () => {
    const { cookie } = await consoleSignIn("manager_a");
    const community = (await t.request<{ items: { id: string }[] }>("GET", "/api/communities", { headers: { cookie } }))
      .body.items[0]!.id;
    const alarms = await t.request<{ items: { id: string }[] }>("GET", "/api/alarms?status=all", {
      headers: { cookie },
    });
    expect(alarms.status).toBe(200);
    const target = `/api/escalation-policies/${community}`;
    const entries = [
      { afterSec: 0, targets: ["members"], channels: ["WECHAT", "SMS"] },
      { afterSec: 60, targets: ["duty_staff"], channels: ["PUSH", "VOICE"] },
      { afterSec: 180, targets: ["supervisors"], channels: ["PUSH", "SMS"] },
    ];
    const noHeader = await t.request("PUT", target, { headers: { cookie }, body: { entries } });
    expect(noHeader.status).toBe(403);
    const crossSite = await t.request("PUT", target, {
      headers: { cookie, "x-anxin-csrf": "1", origin: "https://evil.example" },
      body: { entries },
    });
    expect(crossSite.status).toBe(403);
    const ours = await t.request("PUT", target, {
      headers: { cookie, "x-anxin-csrf": "1", origin: t.url },
      body: { entries },
    });
    expect(ours.status).toBe(200);
  });

  it("signing out of the console ends the cookie's session at once", async () => {
    const { cookie } = await consoleSignIn("supervisor");
    expect((await t.request("GET", "/api/me", { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${t.url}/console/logout`, { method: "POST", redirect: "manual", headers: { cookie } });
    expect(out.status).toBe(303);
    expect((await t.request("GET", "/api/me", { headers: { cookie } })).status).toBe(401);
  });
});

describe("behind a TLS proxy (TRUST_PROXY)", () => {
  it("sends HSTS and Secure cookies when the client came over https, neither over http", async () => {
    const secure = await t.request("GET", "/health", { headers: { "x-forwarded-proto": "https" } });
    expect(secure.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    const plain = await t.request("GET", "/health");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const { setCookies } = await consoleSignIn("admin", { "x-forwarded-proto": "https" });
    for (const c of setCookies.filter((x) => !/^[^=]+=;/.test(x))) expect(c).toMatch(/;\s*secure/i);
  });
});

describe("/metrics", () => {
  it("the attack: /metrics is no longer public; the token opens it", async () => {
    expect((await t.request("GET", "/metrics")).status).toBe(401);
    expect((await t.request("GET", "/metrics", { token: "wrong-token-wrong-token" })).status).toBe(401);
    const ok = await t.request<string>("GET", "/metrics", { token: METRICS_TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("anxin_device_messages_received_total");
  });
});

describe("the QR label", () => {
  it("the attack: a device serial with markup is written into the SVG as text, not as markup", async () => {
    const manager = await t.loginStaff("manager_a");
    const community = (await t.request<{ items: { id: string }[] }>("GET", "/api/communities", { token: manager })).body
      .items[0]!.id;
    const reg = await t.request<{ id: string }>("POST", "/api/devices", {
      token: manager,
      body: { id: "XSS-LABEL-1", serial: "<script>alert(1)</script>", modelId: "AX-SA100", communityId: community },
    });
    expect(reg.status).toBe(201);
    const res = await fetch(`${t.url}/api/devices/${reg.body.id}/qr.svg`, {
      headers: { authorization: `Bearer ${manager}` },
    });
    const svg = await res.text();
    expect(res.status).toBe(200);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});

describe("publicly cached pages", () => {
  it("the attack: a forged Host header is not written into a page shared caches keep", async () => {
    const body = await new Promise<{ status: number; text: string; cache: string }>((resolve, reject) => {
      const u = new URL(t.url);
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: "/",
          headers: { host: "evil.example", "x-forwarded-host": "evil.example" },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text, cache: String(res.headers["cache-control"] ?? "") }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(body.status).toBe(200);
    expect(body.cache).toMatch(/public/);
    expect(body.text).not.toContain("evil.example");
  });
});

describe("admin writes to what does not exist", () => {
  it("the attack: they answer 404, not 500", async () => {
    const admin = await t.loginStaff("admin");
    const tries: [string, string, unknown][] = [
      ["POST", "/api/households/no-such-home/invites", { role: "FAMILY" }],
      ["POST", "/api/households/no-such-home/contacts", { name: "某人", phone: "13900000000" }],
      [
        "PUT",
        "/api/escalation-policies/no-such-community",
        {
          entries: [
            { afterSec: 0, targets: ["members"], channels: ["WECHAT", "SMS"] },
            { afterSec: 60, targets: ["duty_staff"], channels: ["PUSH"] },
            { afterSec: 180, targets: ["supervisors"], channels: ["SMS"] },
          ],
        },
      ],
    ];
    for (const [method, path, body] of tries) {
      const r = await t.request<{ error: { code: string } }>(method, path, { token: admin, body });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe("NOT_FOUND");
    }
  });
});

describe("files", () => {
  it("the SQLite database is the API's own: no one else may read it", () => {
    const target = t.database.target;
    if (target.provider !== "sqlite") return;
    expect(statSync(target.file).mode & 0o077).toBe(0);
  });
});
