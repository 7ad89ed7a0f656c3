// The console's React app (issue 13 item 6): app/ is built with Vite in a child process on first use
// (spa-build.mjs), kept in memory with each file's gzip, Brotli (made on the file's first request that takes
// it; gzip until then) and ETags, and served under /console/assets/spa/ (server/http/respond.ts).
// Screens move into it one by one: a moved screen's server route checks who may open it, as before, and
// answers this page, whose script renders the screen from the JSON API.
import { execFile } from "node:child_process";
import path from "node:path";
import type Koa from "koa";
import { packFile, sendPacked, type PackedFile } from "../server/http/respond.ts";
import { html } from "../server/render/html.ts";

const BUILD_SCRIPT = path.join(import.meta.dirname, "spa-build.mjs");
const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

let built: Promise<Map<string, PackedFile>> | null = null;
let builtOk = false;

function runBuild(): Promise<Map<string, PackedFile>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BUILD_SCRIPT],
      { cwd: path.dirname(BUILD_SCRIPT), maxBuffer: 64 * 1024 * 1024, timeout: 120_000, env: { ...process.env } },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`console app build failed: ${stderr || err.message}`));
        // packed in zlib's thread pool: 2.2 MB at level 9 held the event loop, fire alarms' included, for 100 ms
        // right after a start (npm start warms the console then), longer on a busy machine; Brotli, over ten
        // times gzip's time (docs/performance.md), is made on each file's first request that takes it
        const list = JSON.parse(stdout) as { name: string; text: string; base64: boolean }[];
        Promise.all(
          list.map(async (f): Promise<[string, PackedFile]> => [
            f.name,
            await packFile(
              TYPES[path.extname(f.name)] ?? "application/octet-stream",
              Buffer.from(f.text, f.base64 ? "base64" : "utf8"),
            ),
          ]),
        ).then((entries) => resolve(new Map(entries)), reject);
      },
    );
  });
}

/** The built app, once; a failed build is tried again on the next request. */
export function consoleApp(): Promise<Map<string, PackedFile>> {
  if (!built) {
    built = runBuild();
    built.then(
      () => (builtOk = true),
      () => (built = null),
    );
  }
  return built;
}

/** Where the app's build stands: not started (it starts on the first visit, or when warmed), building, built. */
export function consoleAppState(): "not started" | "building" | "built" {
  return builtOk ? "built" : built ? "building" : "not started";
}

/**
 * Builds the app now, in the background (npm start, npm run serve), so that the first person to open the console
 * after a start does not wait for the build: seconds on two cores, and a blank page while it runs. Says whether it
 * built; a failed build is tried again on the next request.
 */
export function warmConsoleApp(): Promise<boolean> {
  return consoleApp().then(
    () => true,
    () => false,
  );
}

/** Serves /console/assets/spa/<name>; false when the app has no such file. */
export async function serveSpaAsset(ctx: Koa.Context, name: string): Promise<boolean> {
  const f = (await consoleApp()).get(name);
  if (!f) return false;
  sendPacked(ctx, f);
  return true;
}

/**
 * The page of a screen that lives in the React app: the stylesheet, a root the app renders into and the
 * app's script. The title is the screen's until the app names it; without JavaScript it says so.
 */
export function spaPage(title: string, styles: string[] = []): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · 安心消防管理台</title>
<link rel="stylesheet" href="/console/assets/console.css">
${styles.map((s) => html`<link rel="stylesheet" href="${s}">`)}
<script type="module" src="/console/assets/spa/main.js"></script>
</head>
<body>
<div id="root"><noscript><p class="notice error">管理台需要启用 JavaScript。</p></noscript></div>
</body>
</html>`.value;
}
