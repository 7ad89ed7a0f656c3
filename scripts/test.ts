// `npm test`: every check the project has, in order, then one closing line with the counts:
// schema sync, lint, typecheck, the API/database/end-to-end suites (SQLite and PostgreSQL), and each
// workspace's own tests and checks. Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
/** each failed test by file and name: printed again at the end, where a CI log's tail shows it */
const failedTests: string[] = [];

function run(name: string, cmd: string, args: string[], opts: { env?: Record<string, string> } = {}): boolean {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...opts.env } });
  const ok = r.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(name);
  return ok;
}

/** A check that is not a test suite counts as one test. */
function check(name: string, cmd: string, args: string[]): void {
  if (run(name, cmd, args)) total.passed++;
  else total.failed++;
}

/** The first line of a failure, without colour codes, at most 300 characters. */
function firstLine(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- the escape sequences of the reporter's colours
  const plain = (text ?? "").replace(/\u001b\[[0-9;]*m/g, "");
  return (plain.split("\n").find((l) => l.trim()) ?? "(no message)").trim().slice(0, 300);
}

function vitestCounts(name: string, file: string): void {
  if (!existsSync(file)) {
    failures.push(`${name} (no report)`);
    total.failed++;
    return;
  }
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numTotalTests: number;
    testResults?: {
      name?: string;
      status?: string;
      message?: string;
      assertionResults?: { fullName?: string; title: string; status: string; failureMessages?: string[] }[];
    }[];
  };
  for (const f of r.testResults ?? []) {
    const where = path.relative(root, String(f.name ?? ""));
    const failed = (f.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of failed)
      failedTests.push(`${name}: ${where} > ${a.fullName ?? a.title}\n    ${firstLine(a.failureMessages?.[0])}`);
    // a file that failed outside any test (its set-up, an import)
    if (!failed.length && f.status === "failed") failedTests.push(`${name}: ${where}\n    ${firstLine(f.message)}`);
  }
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests;
  total.skipped += r.numPendingTests + r.numTodoTests;
  if (r.numTotalTests === 0) {
    failures.push(`${name} ran no test`);
    total.failed++;
  }
}

function suite(name: string, args: string[], env?: Record<string, string>): void {
  const file = path.join(results, `${name}.json`);
  const ok = run(
    name,
    "npx",
    ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile=${file}`],
    env ? { env } : {},
  );
  vitestCounts(name, file);
  if (!ok && !failures.includes(name)) failures.push(name);
}

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { workspaces: string[] };
const workspaceScripts = (ws: string): Record<string, string> =>
  (JSON.parse(readFileSync(path.join(root, ws, "package.json"), "utf8")) as { scripts?: Record<string, string> })
    .scripts ?? {};

check("schemas in sync", "npx", ["tsx", "prisma/scripts/generate.ts", "--check"]);
check("format", "npx", ["prettier", "--check", "--log-level", "warn", "."]);
check("lint", "npx", ["eslint", "--max-warnings", "0", "."]);
check("typecheck", "npx", ["tsc", "-p", "tsconfig.json"]);
for (const ws of pkg.workspaces) {
  const scripts = workspaceScripts(ws);
  if (scripts.lint) check(`${ws}: lint`, "npm", ["run", "lint", "-w", ws]);
  if (scripts.typecheck) check(`${ws}: typecheck`, "npm", ["run", "typecheck", "-w", ws]);
}
suite("api", []);
for (const ws of pkg.workspaces) {
  const scripts = workspaceScripts(ws);
  if (scripts.test) suite(`${ws}`, ["--root", ws]);
  // build-and-verify steps a workspace declares (weapp compile checks, browser end to end). One that ends in
  // a vitest run reports its tests in the counts; any other counts as one check.
  for (const [name, text] of Object.entries(scripts).filter(([n]) => n.startsWith("check:"))) {
    const last = text.split(/&&|;/).pop()!.trim();
    if (!last.startsWith("vitest run")) {
      check(`${ws}: ${name}`, "npm", ["run", name, "-w", ws]);
      continue;
    }
    const label = `${ws}: ${name}`;
    const file = path.join(results, `${ws}-${name.replace(/\W+/g, "-")}.json`);
    const ok = run(label, "npm", [
      "run",
      name,
      "-w",
      ws,
      "--",
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${file}`,
    ]);
    vitestCounts(label, file);
    if (!ok && !failures.includes(label)) failures.push(label);
  }
}

console.log("\n" + "═".repeat(60));
for (const t of failedTests.slice(0, 30)) console.log(`✘ ${t}`);
if (failedTests.length > 30) console.log(`… and ${failedTests.length - 30} more failed tests`);
if (failures.length) console.log(`Failed: ${failures.join("; ")}`);
console.log(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failures.length || total.failed ? 1 : 0);
