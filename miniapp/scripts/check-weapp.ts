/**
 * Checks the WeChat build in dist/weapp with WeChat's own tools, on Linux, without contacting WeChat:
 *
 *  1. every WXML and WXS file compiled together by `wcc` (miniprogram-compiler's Linux binary),
 *     and every page's template looked up in the compiled result;
 *  2. every WXSS file compiled by `wcsc` (run directly: the package's wrapper returns errors
 *     instead of throwing them);
 *  3. miniprogram-ci's getCompiledResult: WeChat's app.json / page.json validation and the packed
 *     result, from which the main package and each subpackage size are printed. Fails when the main
 *     package is above 1 MB (WeChat's limit is 2 MB) or a subpackage above 2 MB.
 *
 * Before that, a self-check feeds both compilers broken input and makes sure they reject it, so a
 * compiler that silently accepts everything cannot make this check pass.
 *
 * Every TCP connection to anything but this machine is refused while this runs (scripts/no-network.cjs,
 * also loaded into forked workers); the project attributes miniprogram-ci would fetch from WeChat are
 * supplied locally.
 *
 * Usage: tsx scripts/check-weapp.ts [distDir]   (default: dist/weapp; build it first)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(__filename);
const MAIN_LIMIT = 1024 * 1024;
const SUB_LIMIT = 2 * 1024 * 1024;

const here = path.dirname(__filename);
const dist = path.resolve(process.argv[2] ?? path.join(here, "..", "dist", "weapp"));

let failures = 0;
function ok(msg: string) {
  console.log(`  ok    ${msg}`);
}
function bad(msg: string) {
  failures++;
  console.log(`  FAIL  ${msg}`);
}

// ---------------------------------------------------------------- no traffic to WeChat
// Refuse every non-local TCP connection, here and in the worker processes miniprogram-ci forks.
const noNetwork = path.join(here, "no-network.cjs");
require(noNetwork);
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(noNetwork)}`.trim();
const refusedHosts = (): string[] => (globalThis as unknown as { __anxinRefusedHosts: string[] }).__anxinRefusedHosts;

// ---------------------------------------------------------------- helpers
function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules") walk(p, base, out);
    } else out.push(path.relative(base, p).split(path.sep).join("/"));
  }
  return out.sort();
}

function compilerBin(name: "wcc" | "wcsc"): string {
  const pkg = path.dirname(require.resolve("miniprogram-compiler/package.json"));
  const dir = process.platform === "darwin" ? "mac" : process.platform === "win32" ? "windows" : "linux";
  const bin = path.join(pkg, "bin", dir, process.platform === "win32" ? `${name}.exe` : name);
  try {
    fs.chmodSync(bin, 0o755);
  } catch {
    /* read-only install: it may already be executable */
  }
  return bin;
}

/** wcc over all WXML and WXS of `root`, as miniprogram-compiler runs it; throws on a compile error. */
function compileWxml(root: string, wxml: string[], wxs: string[]): string {
  const wcc = require("miniprogram-compiler/src/wcc") as (
    root: string,
    files: string[],
    wxs: string[],
    opts: { maxBuffer: number },
  ) => string;
  return wcc(
    root,
    wxml.map((f) => f.replace(/\.wxml$/, "")),
    wxs,
    { maxBuffer: 256 * 1024 * 1024 },
  );
}

/** wcsc over all WXSS of `root`; returns the problems found (empty when clean). */
function compileWxss(root: string, files: string[]): { problems: string[]; compiled: Record<string, string> } {
  // Same arguments as miniprogram-compiler/src/wcsc.js, run here so stderr and status are visible.
  const withJson = files.filter((f) => fs.existsSync(path.join(root, f.replace(/\.wxss$/, ".json"))));
  const without = files.filter((f) => !withJson.includes(f));
  const args = ["-db", "-pc", String(withJson.length), ...withJson, ...without];
  const res = spawnSync(compilerBin("wcsc"), args, { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  const problems: string[] = [];
  if (res.error) problems.push(String(res.error));
  if (res.status !== 0) problems.push(`wcsc exited ${res.status}: ${res.stderr.toString().trim()}`);
  else if (res.stderr.toString().trim()) problems.push(`wcsc: ${res.stderr.toString().trim()}`);
  const compiled: Record<string, string> = {};
  if (res.status === 0) {
    const parts = res.stdout.toString().split("=");
    for (let i = 0; i + 1 < parts.length; i += 2) compiled[parts[i]] = parts[i + 1];
  }
  return { problems, compiled };
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

// ---------------------------------------------------------------- 0. the checks can fail
function selfCheck(): void {
  console.log("0. self-check: the compilers reject broken input");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "anxin-weapp-selfcheck-"));
  try {
    fs.writeFileSync(path.join(tmp, "good.wxml"), '<view class="a">{{x}}</view>');
    fs.writeFileSync(path.join(tmp, "broken.wxml"), '<view class="a"><text>{{x}}</view>');
    let threw = false;
    try {
      compileWxml(tmp, ["good.wxml", "broken.wxml"], []);
    } catch {
      threw = true;
    }
    if (threw) ok("wcc rejects mismatched tags");
    else bad("wcc accepted broken WXML: the WXML check would prove nothing");

    fs.writeFileSync(path.join(tmp, "good.wxss"), ".a { color: red; }");
    fs.writeFileSync(path.join(tmp, "broken.wxss"), ".a { color: red; \n.b { color: blue; }");
    const r = compileWxss(tmp, ["good.wxss", "broken.wxss"]);
    if (r.problems.length > 0) ok("wcsc rejects an unclosed block");
    else bad("wcsc accepted broken WXSS: the WXSS check would prove nothing");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 1. WXML
function checkWxml(files: string[]): void {
  const wxml = files.filter((f) => f.endsWith(".wxml"));
  const wxs = files.filter((f) => f.endsWith(".wxs"));
  console.log(`1. WXML: ${wxml.length} .wxml and ${wxs.length} .wxs files with wcc`);
  let code: string;
  try {
    code = compileWxml(dist, wxml, wxs);
  } catch (err) {
    bad(`wcc: ${(err as Error).message}`);
    return;
  }
  ok(`wcc compiled all of them (${kb(code.length)} of generated code)`);
  // Load the generated code and look each page's template up.
  let gwx: (p: string) => unknown;
  try {
    // The generated code expects the WebView's `window`; a plain object stands in.
    gwx = new Function("window", "global", `${code}; return $gwx;`)({}, {}) as (p: string) => unknown;
  } catch (err) {
    bad(`the code wcc generated does not load: ${(err as Error).message}`);
    return;
  }
  const app = JSON.parse(fs.readFileSync(path.join(dist, "app.json"), "utf8")) as {
    pages: string[];
    subPackages?: { root: string; pages: string[] }[];
  };
  const pages = [
    ...app.pages,
    ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, "")}/${p}`)),
  ];
  for (const p of pages) {
    const fn = gwx(`${p}.wxml`);
    if (typeof fn !== "function") {
      bad(`no compiled template for ${p}`);
      continue;
    }
    // Render the page's template with an empty Taro tree: it must run and give a page node.
    try {
      const tree = (fn as (data: unknown, env: unknown, scope: unknown) => { tag?: string })(
        { root: { cn: [] } },
        {},
        {},
      );
      if (tree?.tag === "wx-page") ok(`${p}: compiled template renders`);
      else bad(`${p}: compiled template rendered ${JSON.stringify(tree).slice(0, 80)}`);
    } catch (err) {
      bad(`${p}: compiled template throws ${(err as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------- 2. WXSS
function checkWxss(files: string[]): void {
  const wxss = files.filter((f) => f.endsWith(".wxss"));
  console.log(`2. WXSS: ${wxss.length} files with wcsc`);
  const r = compileWxss(dist, wxss);
  if (r.problems.length) {
    r.problems.forEach((p) => bad(p));
    return;
  }
  const missing = wxss.filter((f) => !(f in r.compiled) && !(`./${f}` in r.compiled));
  if (missing.length) bad(`wcsc produced nothing for: ${missing.join(", ")}`);
  else ok(`wcsc compiled ${wxss.join(", ")}`);
}

// ---------------------------------------------------------------- 3. miniprogram-ci
function ciCompile(projectPath: string): Promise<Record<string, string | Buffer>> {
  const ci = require("miniprogram-ci") as {
    Project: new (o: Record<string, unknown>) => unknown;
    getCompiledResult: (o: Record<string, unknown>) => Promise<Record<string, string | Buffer>>;
  };
  const projectConfig = JSON.parse(fs.readFileSync(path.join(projectPath, "project.config.json"), "utf8")) as {
    appid?: string;
  };
  const project = new ci.Project({
    appid: projectConfig.appid || "touristappid",
    type: "miniProgram",
    projectPath,
    privateKey: "not-used: project attributes are given locally below",
    ignores: ["node_modules/**/*", "**/*.map", "**/*.LICENSE.txt"],
    // What WeChat's server would answer for a released mini-program: its size limits.
    attr: async () => ({
      platform: false,
      appType: 0,
      gameApp: false,
      isSandbox: false,
      released: true,
      setting: {
        MaxCodeSize: 2,
        MaxSubpackageSubCodeSize: 2,
        MaxSubpackageFullCodeSize: 20,
        NavigateMiniprogramLimit: 10,
        MaxSubPackageLimit: 100,
        MinTabbarCount: 2,
        MaxTabbarCount: 5,
        MaxCustomTabbarCount: 5,
        MaxTabbarIconSize: 40,
      },
    }),
  });
  return ci.getCompiledResult({
    project,
    setting: {
      useProjectConfig: false,
      es6: false,
      es7: false,
      minify: false,
      minifyWXML: false,
      minifyWXSS: false,
      autoPrefixWXSS: false,
    },
    onProgressUpdate: () => undefined,
  });
}

/** miniprogram-ci must refuse a copy of the build whose app.json names a page that is not there. */
async function ciSelfCheck(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "anxin-weapp-ci-selfcheck-"));
  try {
    fs.cpSync(dist, tmp, { recursive: true });
    const appJson = path.join(tmp, "app.json");
    const app = JSON.parse(fs.readFileSync(appJson, "utf8")) as { pages: string[] };
    app.pages.push("pages/not-there/index");
    fs.writeFileSync(appJson, JSON.stringify(app));
    try {
      await ciCompile(tmp);
      bad("miniprogram-ci accepted an app.json naming a missing page: its validation would prove nothing");
    } catch (err) {
      ok(`miniprogram-ci rejects a broken app.json (${String((err as Error).message ?? err).slice(0, 90)})`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function checkWithCi(): Promise<void> {
  console.log("3. miniprogram-ci getCompiledResult (validation and package sizes)");
  await ciSelfCheck();
  let result: Record<string, string | Buffer>;
  try {
    result = await ciCompile(dist);
  } catch (err) {
    const e = err as Error & { code?: number };
    bad(`miniprogram-ci rejected the build: ${e.message ?? String(err)}`);
    return;
  }
  const app = JSON.parse(fs.readFileSync(path.join(dist, "app.json"), "utf8")) as { subPackages?: { root: string }[] };
  const roots = (app.subPackages ?? []).map((s) => s.root.replace(/^\/|\/$/g, ""));
  const sizes = new Map<string, number>([["__main__", 0], ...roots.map((r): [string, number] => [r, 0])]);
  for (const [file, content] of Object.entries(result)) {
    const f = file.replace(/^\//, "");
    const size = typeof content === "string" ? Buffer.byteLength(content) : content.length;
    const root = roots.find((r) => f === r || f.startsWith(`${r}/`));
    sizes.set(root ?? "__main__", (sizes.get(root ?? "__main__") ?? 0) + size);
  }
  const files = Object.keys(result).length;
  ok(`getCompiledResult validated app.json and ${files} packed files`);
  const main = sizes.get("__main__") ?? 0;
  const line = `main package ${kb(main)} (${main} bytes; limit checked here 1 MB, WeChat's 2 MB)`;
  if (main > MAIN_LIMIT) bad(line);
  else ok(line);
  console.log(`MAIN_PACKAGE_BYTES=${main}`);
  for (const r of roots) {
    const s = sizes.get(r) ?? 0;
    const msg = `subpackage ${r}: ${kb(s)}`;
    if (s > SUB_LIMIT) bad(msg);
    else ok(msg);
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dist, "app.json"))) {
    console.error(`check-weapp: ${dist}/app.json not found: run \`npm run build:weapp -w miniapp\` first`);
    process.exit(2);
  }
  console.log(`check-weapp: ${dist}`);
  selfCheck();
  const files = walk(dist);
  checkWxml(files);
  checkWxss(files);
  await checkWithCi();
  const refused = [...new Set(refusedHosts())];
  // miniprogram-ci asks servicewechat.com for its file-extension list and falls back to a built-in one.
  if (refused.length) ok(`nothing left this machine (refused connections to: ${refused.join(", ")})`);
  else ok("nothing left this machine (no connection was attempted)");
  console.log(failures === 0 ? "check-weapp: all checks passed" : `check-weapp: ${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error("check-weapp crashed:", err);
  process.exit(1);
});
