// axe-core inside the browser suites (issue 22 item 10): every page a suite visits is checked with WCAG 2.1
// A/AA and best-practice rules; a serious or critical violation fails the test with what and where. Each
// suite prints how many pages it checked.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Locator, Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  nodes: AxeNode[];
}

export interface AxeChecker {
  /** Check what the page shows now; throws on a serious or critical violation. */
  check(page: Page, name: string): Promise<void>;
  /** The names of the pages checked so far. */
  readonly pages: ReadonlySet<string>;
  /** "[axe] mini-program H5: 14 pages checked, no serious or critical violation" */
  summary(): string;
}

export function axeChecker(suite: string): AxeChecker {
  const pages = new Set<string>();
  const failed = new Set<string>();
  return {
    pages,
    async check(page, name) {
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        const g = globalThis as unknown as {
          axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> };
          document: unknown;
        };
        const r = (await g.axe.run(g.document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
          resultTypes: ["violations"],
        })) as { violations: AxeViolation[] };
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
        }));
      });
      pages.add(name);
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      if (bad.length) {
        failed.add(name);
        const text = bad
          .map(
            (v) =>
              `${v.impact} ${v.id}: ${v.help}\n` +
              v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary ?? ""}`).join("\n"),
          )
          .join("\n");
        throw new Error(`axe found ${bad.length} serious or critical violation(s) on ${name}:\n${text}`);
      }
    },
    summary() {
      return failed.size
        ? `[axe] ${suite}: ${pages.size} pages checked, serious or critical violations on ${[...failed].join(", ")}`
        : `[axe] ${suite}: ${pages.size} pages checked, no serious or critical violation`;
    },
  };
}

/** The computed style `prop` of the element a locator finds ("color", "backgroundColor"). */
export function computedStyle(locator: Locator, prop: string): Promise<string> {
  return locator.evaluate(
    (el, p) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el)[p] ?? "",
    prop,
  );
}
