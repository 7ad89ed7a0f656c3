/**
 * Text contrast of the mini-program's stylesheet, computed from src/app.css itself (issue 22 item 5: elderly
 * mode put black on the fire screen's dark red, 3.2:1). WCAG 2.1 success criterion 1.4.3 asks for 4.5:1 for
 * text (3:1 for large text; we ask 4.5:1 everywhere, the type is read by elderly people under stress).
 *
 * The stylesheet is parsed into rules; for an element described by its ancestors' classes the test finds the
 * colour and the background the cascade gives it (specificity, then source order; colour inherits, the
 * background is the nearest ancestor's that is not transparent), and computes the WCAG contrast ratio.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const css = readFileSync(path.resolve(__dirname, "../../src/app.css"), "utf8");

interface Rule {
  selector: string;
  decls: Record<string, { value: string; important: boolean }>;
  order: number;
}

function parse(text: string): Rule[] {
  const rules: Rule[] = [];
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, "");
  const re = /([^{}]+)\{([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  let order = 0;
  while ((m = re.exec(clean))) {
    const decls: Rule["decls"] = {};
    for (const d of m[2].split(";")) {
      const i = d.indexOf(":");
      if (i < 0) continue;
      const raw = d.slice(i + 1).trim();
      decls[d.slice(0, i).trim()] = { value: raw.replace(/!important/, "").trim(), important: /!important/.test(raw) };
    }
    for (const selector of m[1].split(",")) rules.push({ selector: selector.trim(), decls, order: order++ });
  }
  return rules;
}

const RULES = parse(css);

/** An element: its tag (optional) and classes. */
interface El {
  tag?: string;
  classes: string[];
}

/** Does a compound selector ("a.b", ".elder.screen-alarm") match one element? Pseudo and attribute selectors never. */
function compoundMatches(compound: string, el: El): boolean {
  if (/[:[\]#>+~*]/.test(compound)) return false;
  const [tag, ...classes] = compound.split(".");
  if (tag && tag !== el.tag) return false;
  return classes.every((c) => el.classes.includes(c));
}

/** Descendant selectors only ("a b c"): the last part matches the element, the others its ancestors in order. */
function matches(selector: string, chain: El[]): boolean {
  const parts = selector.split(/\s+/);
  let at = chain.length - 1;
  if (!compoundMatches(parts[parts.length - 1], chain[at])) return false;
  for (let p = parts.length - 2; p >= 0; p--) {
    at--;
    while (at >= 0 && !compoundMatches(parts[p], chain[at])) at--;
    if (at < 0) return false;
  }
  return true;
}

function specificity(selector: string): number {
  const classes = (selector.match(/\./g) ?? []).length;
  const tags = selector.split(/\s+/).filter((p) => /^[a-z]/.test(p)).length;
  return classes * 100 + tags;
}

/** The declared value of `prop` on the last element of the chain (not inherited), or undefined. */
function declared(chain: El[], prop: string): string | undefined {
  const hits = RULES.filter((r) => r.decls[prop] && matches(r.selector, chain)).sort(
    (a, b) =>
      Number(a.decls[prop].important) - Number(b.decls[prop].important) ||
      specificity(a.selector) - specificity(b.selector) ||
      a.order - b.order,
  );
  return hits.at(-1)?.decls[prop].value;
}

function colorOf(chain: El[]): string {
  for (let i = chain.length; i > 0; i--) {
    const v = declared(chain.slice(0, i), "color");
    if (v) return v;
  }
  throw new Error("no colour");
}

function backgroundOf(chain: El[]): string {
  for (let i = chain.length; i > 0; i--) {
    const v = declared(chain.slice(0, i), "background");
    if (v && v !== "transparent") return v;
  }
  throw new Error("no background");
}

function luminance(hex: string): number {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const el = (spec: string): El => {
  const [tag, ...classes] = spec.split(".");
  return { tag: tag || undefined, classes };
};
/** "body > .screen.elder.screen-alarm > .txt-lg" */
const chainOf = (...specs: string[]) => specs.map(el);
const ratio = (chain: El[]) => contrast(colorOf(chain), backgroundOf(chain));

describe("the contrast computation", () => {
  it("matches the WCAG examples", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("finds the cascade's colour: a more specific rule wins over a later, less specific one", () => {
    // .elder { color: #000 } comes after .screen-alarm { color: #fff }: the fix is a rule of its own
    expect(colorOf(chainOf("body", ".screen.elder"))).toBe("#000000");
    expect(colorOf(chainOf("body", ".screen.screen-alarm"))).toBe("#ffffff");
  });
});

describe("text contrast of the mini-program (at least 4.5:1)", () => {
  const alarm = [".screen.screen-alarm", ".screen.elder.screen-alarm"];

  it("the fire screen is white on red, in elderly mode too", () => {
    for (const screen of alarm) {
      const text = chainOf("body", screen, ".txt-lg");
      expect(colorOf(text)).toBe("#ffffff");
      expect(backgroundOf(text)).toBe("#b71c1c");
      expect(ratio(text)).toBeGreaterThanOrEqual(4.5);
      expect(ratio(chainOf("body", screen, ".txt.muted"))).toBeGreaterThanOrEqual(4.5);
      expect(ratio(chainOf("body", screen, ".card", ".txt"))).toBeGreaterThanOrEqual(4.5);
      expect(ratio(chainOf("body", screen, ".btn.btn-plain"))).toBeGreaterThanOrEqual(4.5);
      expect(ratio(chainOf("body", screen, ".btn.btn-call"))).toBeGreaterThanOrEqual(4.5);
      expect(ratio(chainOf("body", screen, ".btn.btn-ok"))).toBeGreaterThanOrEqual(4.5);
      // a message keeps its own box on the red screen
      expect(ratio(chainOf("body", screen, ".msg.msg-error"))).toBeGreaterThanOrEqual(4.5);
      expect(ratio(chainOf("body", screen, ".msg"))).toBeGreaterThanOrEqual(4.5);
    }
    expect(ratio(chainOf("body", ".screen.elder.screen-alarm", ".txt-lg"))).toBeCloseTo(6.6, 1);
  });

  it("ordinary pages, in both modes: text, muted text, messages, buttons and badges", () => {
    for (const screen of [".screen", ".screen.elder"]) {
      for (const chain of [
        [".txt"],
        [".txt.muted"],
        [".card", ".txt.muted"],
        [".msg"],
        [".msg.msg-error"],
        [".msg.msg-info"],
        [".btn"],
        [".btn.btn-primary"],
        [".btn.btn-danger"],
        [".btn.btn-ok"],
        [".btn.btn-small.btn-disabled"],
        [".chip"],
        [".chip.chip-on"],
        [".badge.badge-ok"],
        [".badge.badge-danger"],
        [".badge.badge-warn"],
        [".badge.badge-muted"],
        [".banner-alarm"],
        [".txt.danger-text"],
        [".txt.ok-text"],
        [".txt-lg.warn-text"],
      ]) {
        const c = chainOf("body", screen, ...chain);
        expect(ratio(c), `${screen} ${chain.join(" ")}: ${colorOf(c)} on ${backgroundOf(c)}`).toBeGreaterThanOrEqual(
          4.5,
        );
      }
    }
  });

  it("a disabled button keeps its words readable (not faded to white)", () => {
    const c = chainOf("body", ".screen", ".btn.btn-small.btn-disabled");
    expect(colorOf(c)).toBe("#333333");
    expect(ratio(c)).toBeGreaterThanOrEqual(7);
  });
});
