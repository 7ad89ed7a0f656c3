// Lighthouse on the portal with mobile emulation (Lighthouse's default: a mid-range phone, simulated slow
// 4G and 4x CPU slowdown), on the home page and one article, using Debian's Chromium.
//
//   npx tsx bench/lighthouse.ts                  start a throw-away API with its own SQLite and seed, then audit
//   npx tsx bench/lighthouse.ts http://host:3000 audit a running portal instead
//   --assert                                     exit 1 below the goals (performance 90, accessibility 95, SEO 95)
//
// Exported as runLighthouse() for `npm run bench`.
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

export const GOALS = { performance: 90, accessibility: 95, seo: 95 } as const;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const PAGES = ["/", "/articles/ebike-no-charging-indoors"];
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageScores {
  url: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  failing: string[];
}

async function withPortal<T>(base: string | undefined, fn: (url: string) => Promise<T>): Promise<T> {
  if (base) return fn(base.replace(/\/+$/, ""));
  const { startTestApi } = await import("../tests/support/test-api.ts");
  const t = await startTestApi();
  try {
    return await fn(t.url);
  } finally {
    await t.close();
  }
}

export async function runLighthouse(base?: string): Promise<PageScores[]> {
  return withPortal(base, async (origin) => {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-lighthouse-"));
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      userDataDir: profile,
      chromeFlags: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const out: PageScores[] = [];
      for (const p of PAGES) {
        const url = origin + p;
        const result = await lighthouse(url, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: [...CATEGORIES],
          formFactor: "mobile",
        });
        if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
        const lhr = result.lhr;
        const scores = Object.fromEntries(
          CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
        ) as PageScores["scores"];
        const failing = Object.values(lhr.audits)
          .filter(
            (a) =>
              a.score !== null &&
              a.score < 0.9 &&
              a.scoreDisplayMode !== "informative" &&
              a.scoreDisplayMode !== "manual" &&
              a.scoreDisplayMode !== "notApplicable",
          )
          .map((a) => `${a.id} (${Math.round((a.score ?? 0) * 100)})${a.displayValue ? `: ${a.displayValue}` : ""}`);
        out.push({ url, scores, failing });
      }
      return out;
    } finally {
      chrome.kill();
      rmSync(profile, { recursive: true, force: true });
    }
  });
}

export function meetsGoals(r: PageScores): boolean {
  return (
    r.scores.performance >= GOALS.performance &&
    r.scores.accessibility >= GOALS.accessibility &&
    r.scores.seo >= GOALS.seo
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const base = process.argv.slice(2).find((a) => /^https?:\/\//.test(a));
  const results = await runLighthouse(base);
  for (const r of results) {
    const s = r.scores;
    console.log(
      `${r.url}\n  performance ${s.performance}  accessibility ${s.accessibility}  best-practices ${s["best-practices"]}  SEO ${s.seo}  ${meetsGoals(r) ? "✔ goals met" : "✘ below goals"}`,
    );
    for (const f of r.failing) console.log(`    - ${f}`);
  }
  if (process.argv.includes("--assert") && !results.every(meetsGoals)) process.exit(1);
  process.exit(0);
}
