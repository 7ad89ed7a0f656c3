// The console's React app (issue 13 item 6) as the server gives it out, without a browser: a moved screen's
// page is the app's shell for those who may open it (a redirect to sign in, a 403 for other roles, as the
// server-rendered pages), /console/session.json says where the role may go, and the app's files are built
// with Vite (at start, as npm start does) and served with ETags, gzip and Brotli (gzip while a file's Brotli
// is being made); nothing but the build's files is reachable under spa/.
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { consoleOptions, consoleSession } from "../../api/src/contract/console.ts";
import { consoleAppState } from "../../portal/src/server/index.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

let t: TestApi;
beforeAll(async () => {
  expect(consoleAppState()).toBe("not started");
  t = await startTestApi({ warmConsole: true }); // as npm start
});
afterAll(() => t?.close());

async function signIn(username: string): Promise<string> {
  const password = t.demo.staff.find((s) => s.username === username)!.password;
  const res = await fetch(`${t.url}/console/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, next: "/console/home" }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

/** A file as the server sends it (node's fetch would decompress it by itself). */
function getRaw(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; encoding: string | undefined; etag: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (r) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () =>
          resolve({
            status: r.statusCode!,
            encoding: r.headers["content-encoding"],
            etag: r.headers.etag,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on("error", reject);
  });
}

describe("the console app's pages and files", () => {
  it("is built as the API starts, so the first person to open the console does not wait for the build", () => {
    // no page of the app asked for yet: the build started with the API
    expect(consoleAppState()).not.toBe("not started");
  });

  it("gives a moved screen's page to those who may open it, and only to them", async () => {
    const anon = await fetch(`${t.url}/console/township`, { redirect: "manual" });
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toContain("/console/login");

    const coordinator = await signIn("coordinator");
    const page = await fetch(`${t.url}/console/township`, { headers: { cookie: coordinator } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<script type="module" src="/console/assets/spa/main.js"></script>');
    expect(text).toContain('<div id="root">');
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");

    const manager = await signIn("manager_a");
    expect((await fetch(`${t.url}/console/township`, { headers: { cookie: manager } })).status).toBe(403);
  });

  it("tells the app who is signed in and the pages of their role, from the server's one list", async () => {
    const cookie = await signIn("coordinator");
    const res = await fetch(`${t.url}/console/session.json`, { headers: { cookie } });
    expect(res.status).toBe(200);
    // the contract's shape, which the app's scripts take their types from
    const s = consoleSession.parse(await res.json());
    expect(s.role).toBe("TOWNSHIP_COORDINATOR");
    expect(s.roleLabel).toBe("乡镇/街道协调员");
    expect(s.home).toBe("township");
    expect(s.nav.map((n) => n.key)).toContain("township");
    expect(s.nav.map((n) => n.key)).not.toContain("board");
    expect(JSON.stringify(s)).not.toMatch(/token/i);
  });

  it("gives the app the county's screen options only when signed in, in the contract's shape", async () => {
    const out = await fetch(`${t.url}/console/options.json`);
    expect(out.status).toBe(401);
    const cookie = await signIn("coordinator");
    const res = await fetch(`${t.url}/console/options.json`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const o = consoleOptions.parse(await res.json());
    // the test API configures no tile server: the maps draw on a blank ground
    expect(o.tileUrl).toBeNull();
  });

  it("serves the built app with ETags, gzip and Brotli, and nothing else under spa/", async () => {
    const res = await fetch(`${t.url}/console/assets/spa/main.js`, { headers: { "accept-encoding": "identity" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/javascript");
    const body = await res.text();
    expect(body).toMatch(/\/console\/assets\/spa\/|\.\/Township-/); // the lazily loaded screens are chunks of the build
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"/);
    const again = await fetch(`${t.url}/console/assets/spa/main.js`, {
      headers: { "if-none-match": etag, "accept-encoding": "identity" },
    });
    expect(again.status).toBe(304);

    // gzip, byte for byte the same script
    const gz = await getRaw(`${t.url}/console/assets/spa/main.js`, { "accept-encoding": "gzip" });
    expect(gz.status).toBe(200);
    expect(gz.encoding).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(body);

    // Brotli once made (gzip until then), the same script, smaller, with its own tag and its own 304
    const br = await vi.waitFor(
      async () => {
        const r = await getRaw(`${t.url}/console/assets/spa/main.js`, { "accept-encoding": "gzip, deflate, br" });
        expect(r.encoding).toBe("br");
        return r;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(brotliDecompressSync(br.body).toString()).toBe(body);
    expect(br.body.length).toBeLessThan(gz.body.length);
    expect(new Set([etag, gz.etag, br.etag]).size).toBe(3);
    const brAgain = await getRaw(`${t.url}/console/assets/spa/main.js`, {
      "accept-encoding": "gzip, deflate, br",
      "if-none-match": br.etag!,
    });
    expect(brAgain.status).toBe(304);
    // a browser that refuses Brotli gets gzip, made and smaller though it is
    const refused = await getRaw(`${t.url}/console/assets/spa/main.js`, { "accept-encoding": "gzip, br;q=0" });
    expect(refused.encoding).toBe("gzip");

    for (const name of ["nope.js", "../spa-build.mjs", "..%2Fspa.ts", "main.tsx"])
      expect((await fetch(`${t.url}/console/assets/spa/${name}`)).status).toBe(404);
  });
});
