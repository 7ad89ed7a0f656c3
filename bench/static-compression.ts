// Brotli for the static files (docs/performance.md, "Brotli for the static files"): figures printed, never
// asserted. Two parts, both on this machine only:
//   npx tsx bench/static-compression.ts sweep       the quality: time and bytes of gzip -9 and Brotli 4-11 on
//                                                    the largest file of the pool and on the H5's largest
//   npx tsx bench/static-compression.ts first-load  the bytes of a first visit (the H5 home, the console's
//                                                    landing screens), each static file as br, gzip, as is
// The pool is what the two sites serve compressed: the H5 build (npm run build:h5 -w miniapp first), the
// console's app (built here with spa-build.mjs) and its static files (ECharts, Leaflet, console.css).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import { BROTLI_QUALITY } from "../api/src/shared/static-compression.ts";

const root = path.resolve(import.meta.dirname, "..");
const h5Dir = path.join(root, "miniapp/dist/h5");
const require = createRequire(import.meta.url);
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface File {
  site: "H5" | "console";
  name: string;
  body: Buffer;
}

function h5Files(): File[] {
  const out: File[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const full = path.join(dir, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(js|css|html|json|svg)$/.test(e) && statSync(full).size >= 1024)
        out.push({ site: "H5", name: path.relative(h5Dir, full), body: readFileSync(full) });
    }
  };
  walk(h5Dir);
  return out;
}

function consoleFiles(): File[] {
  const script = path.join(root, "portal/src/console/spa-build.mjs");
  const list = JSON.parse(
    execFileSync(process.execPath, [script], { cwd: path.dirname(script), maxBuffer: 64 * 1024 * 1024 }).toString(),
  ) as { name: string; text: string; base64: boolean }[];
  const app = list
    .filter((f) => /\.(js|css)$/.test(f.name))
    .map((f) => ({ site: "console" as const, name: `spa/${f.name}`, body: Buffer.from(f.text, "utf8") }));
  const echarts = path.join(path.dirname(require.resolve("echarts/package.json")), "dist/echarts.min.js");
  const leaflet = path.join(path.dirname(require.resolve("leaflet/package.json")), "dist");
  const assets = [
    ["echarts.min.js", echarts],
    ["leaflet.js", path.join(leaflet, "leaflet.js")],
    ["leaflet.css", path.join(leaflet, "leaflet.css")],
    ["console.css", path.join(root, "portal/src/console/console.css")],
  ].map(([name, file]) => ({ site: "console" as const, name: name!, body: readFileSync(file!) }));
  return [...app, ...assets];
}

const brotli = (b: Buffer, quality: number) =>
  brotliAsync(b, { params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: b.length } });

/** The median of three runs, one at a time in the thread pool (as the server makes them). */
async function timed(make: () => Promise<Buffer>): Promise<{ bytes: number; ms: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    bytes = (await make()).length;
    ms.push(performance.now() - t0);
  }
  return { bytes, ms: ms.sort((a, b) => a - b)[1]! };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function sweep(): Promise<void> {
  const pool = [...h5Files(), ...consoleFiles()];
  const biggest = (site?: File["site"]) =>
    pool.filter((f) => !site || f.site === site).sort((a, b) => b.body.length - a.body.length)[0]!;
  for (const f of [biggest(), biggest("H5")]) {
    console.log(`\n${f.site} ${f.name}: ${kb(f.body.length)} as it is`);
    console.log("| encoding | bytes | vs gzip -9 | time (median of 3) |\n|---|---|---|---|");
    const gz = await timed(() => gzipAsync(f.body, { level: 9 }));
    console.log(`| gzip -9 | ${kb(gz.bytes)} | | ${gz.ms.toFixed(0)} ms |`);
    for (let q = 4; q <= 11; q++) {
      const br = await timed(() => brotli(f.body, q));
      const saved = (100 * (gz.bytes - br.bytes)) / gz.bytes;
      console.log(
        `| br ${q} | ${kb(br.bytes)} | ${saved >= 0 ? "-" : "+"}${Math.abs(saved).toFixed(1)} % | ${br.ms.toFixed(0)} ms |`,
      );
    }
  }
  // the whole pool at the chosen quality: what a start costs if every file is asked for
  for (const site of ["H5", "console"] as const) {
    const files = pool.filter((f) => f.site === site);
    let raw = 0;
    let gz = 0;
    let br = 0;
    let ms = 0;
    for (const f of files) {
      raw += f.body.length;
      gz += (await gzipAsync(f.body, { level: 9 })).length;
      const t0 = performance.now();
      br += (await brotli(f.body, BROTLI_QUALITY)).length;
      ms += performance.now() - t0;
    }
    console.log(
      `\n${site}: ${files.length} files, ${kb(raw)} as they are, gzip -9 ${kb(gz)}, br ${BROTLI_QUALITY} ${kb(br)} ` +
        `(-${((100 * (gz - br)) / gz).toFixed(1)} %), Brotli of all of them ${(ms / 1000).toFixed(1)} s`,
    );
  }
}

/** The body's length as the server sends it for this Accept-Encoding, and its encoding. */
function fetchBytes(url: string, accept: string, cookie = ""): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": accept, ...(cookie ? { cookie } : {}) } }, (r) => {
        let bytes = 0;
        r.on("data", (c: Buffer) => (bytes += c.length));
        r.on("end", () => resolve({ bytes, encoding: r.headers["content-encoding"] ?? "identity" }));
      })
      .on("error", reject);
  });
}

/** Each static file the visit loaded, as br (once made), gzip and as it is. */
async function weigh(title: string, urls: string[], cookie: string): Promise<void> {
  const rows = { br: 0, gzip: 0, identity: 0 };
  for (const url of urls) {
    for (let i = 0; i < 100; i++) {
      // the first answers are gzip while the Brotli is made
      const r = await fetchBytes(url, "br", cookie);
      if (r.encoding === "br" || i === 99) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    rows.br += (await fetchBytes(url, "gzip, deflate, br", cookie)).bytes;
    rows.gzip += (await fetchBytes(url, "gzip", cookie)).bytes;
    rows.identity += (await fetchBytes(url, "identity", cookie)).bytes;
  }
  const saved = (100 * (rows.gzip - rows.br)) / rows.gzip;
  console.log(
    `| ${title} | ${urls.length} | ${kb(rows.identity)} | ${kb(rows.gzip)} | ${kb(rows.br)} | -${saved.toFixed(1)} % |`,
  );
}

async function firstLoad(): Promise<void> {
  const { startTestApi } = await import("../tests/support/test-api.ts");
  const { openBrowser } = await import("../tests/browser/portal-browser.ts");
  const { signInDesk } = await import("../tests/browser/console-desk.ts");
  const t = await startTestApi({ warmConsole: true });
  const statics = (urls: string[]) =>
    [...new Set(urls)].filter((u) => /\/(h5|console\/assets)\//.test(new URL(u).pathname) && !u.endsWith("/h5/"));
  try {
    console.log(
      "\n| first visit (static files only) | files | as they are | gzip -9 | br | br vs gzip |\n|---|---|---|---|---|---|",
    );
    // the H5: a new phone opens it, signs in as the demo resident, and the home draws
    const phone = await openBrowser();
    const page = await phone.newPage();
    const h5: string[] = [];
    page.on("requestfinished", (r) => h5.push(r.url()));
    await page.goto(`${t.url}/h5/`);
    await page.getByText("张三", { exact: true }).click();
    await page.getByText("张三，您好").waitFor({ timeout: 20_000 });
    await page.waitForLoadState("networkidle");
    await phone.close();
    await weigh("H5: sign-in, then the home", statics([`${t.url}/h5/index.html`, ...h5]), "");
    // the console: each landing screen a role opens after signing in
    for (const [who, screen] of [
      ["supervisor", "全县态势 (ECharts, server-rendered)"],
      ["coordinator", "我的乡镇 (the React app)"],
      ["centre", "the centre's board (the React app)"],
    ] as const) {
      const loaded: string[] = [];
      const desk = await signInDesk(t, who);
      desk.page.on("requestfinished", (r) => loaded.push(r.url()));
      await desk.page.reload();
      await desk.page.waitForLoadState("networkidle");
      const cookie = (await desk.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const landing = new URL(desk.page.url()).pathname;
      await desk.close();
      await weigh(`console ${landing}, ${who}: ${screen}`, statics(loaded), cookie);
    }
  } finally {
    await t.close();
  }
}

const part = process.argv[2];
if (part === "sweep" || !part) await sweep();
if (part === "first-load" || !part) await firstLoad();
