// 单位档案's 本页内容 (unit/toc.tsx, console.css's 本页内容 block): a unit's file is some ten screens tall on a
// phone, the monthly fire check's form at its very bottom. At 390x844 the demo hospital's safety officer finds at
// the top of it one link for each section the page shows him, 记录月度防火检查 the first and drawn as the main
// action; each link is at least 44 px each way, nothing is wider than the screen, and a tap (or Enter) takes him
// to the section's heading, in sight near the top of the screen and focused. A control-room operator, who reads
// the tests but records none, has no link to a form. At 1366x768 the links are one compact row. Axe finds nothing
// serious on the page and nothing at all in the links.
// Screenshots: test-results/screenshots/console-unit-toc-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console unit toc");

// what the page's side of page.evaluate uses (this file is type-checked without the DOM's types)
interface El {
  id: string;
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number; width: number; height: number };
}
declare const document: {
  documentElement: El & { scrollWidth: number; clientWidth: number };
  activeElement: El | null;
  getElementById(id: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
};
declare const window: { innerHeight: number; scrollY: number; scrollTo(x: number, y: number): void };
declare function getComputedStyle(e: El): { backgroundColor: string; color: string };

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 768 };
const TOC = "nav.unit-toc";
const RECORD = "记录月度防火检查";
/** the file's sections in the page's order, as a unit's people see them (the tests' records last) */
const SECTIONS = ["基本信息", "建筑", "重点部位", "消防设施", "人员", "资料", "年度检测与防火检查"];

/** The links of 本页内容: words, target, box, and whether each is drawn as the main action. */
const tocLinks = (page: Page) =>
  page.evaluate(
    (toc) =>
      [...document.querySelectorAll(`${toc} li`)].map((li) => {
        const a = li.querySelector("a")!;
        const r = a.getBoundingClientRect();
        return {
          text: (a.textContent ?? "").trim(),
          href: a.getAttribute("href") ?? "",
          main: (li.getAttribute("class") ?? "").split(" ").includes("unit-toc-main"),
          background: getComputedStyle(a).backgroundColor,
          top: r.top,
          left: r.left,
          right: r.right,
          width: r.width,
          height: r.height,
        };
      }),
    TOC,
  );

/** The headings of the sections the page shows (the form's own groups aside), and what the form records. */
const sectionHeadings = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("main section[aria-labelledby]:not(form section), main form h3[id]")].map((s) => {
      const id = s.tagName === "SECTION" ? s.getAttribute("aria-labelledby")! : s.id;
      return { id, text: (document.getElementById(id)?.textContent ?? "").trim() };
    }),
  );

/** Where focus is and where it sits on the screen. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    const r = a?.getBoundingClientRect();
    return {
      id: a?.id ?? "",
      tag: a?.tagName ?? "",
      tabindex: a?.getAttribute("tabindex") ?? null,
      top: r?.top ?? -1,
      bottom: r?.bottom ?? -1,
      scrollY: window.scrollY,
      viewport: window.innerHeight,
    };
  });

/** Axe over the links alone: nothing whatever its impact. */
const axeInToc = (page: Page) =>
  page.evaluate(async (toc) => {
    const g = globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } };
    const r = (await g.axe.run(
      { include: [[toc]] },
      {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        resultTypes: ["violations"],
      },
    )) as { violations: { id: string; nodes: { target: string[] }[] }[] };
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, TOC);

/** Signs `username` in at 390x844 and opens their unit's file (a unit's own people land on it). */
async function openOwnUnit(t: TestApi, username: string) {
  const s = await signInDesk(t, username, { next: "/console/units", label: username });
  await s.page.setViewportSize(PHONE);
  await s.page.goto(`${t.url}/console/units`);
  await s.page.waitForURL((u) => u.pathname.startsWith("/console/units/"));
  await s.page.waitForSelector("body[data-ready='1']");
  return s;
}

describe.skipIf(unavailable !== null)("本页内容 on a unit's file", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("takes the safety officer to 记录月度防火检查 and every section at 390x844; one row at 1366x768", async () => {
    const s = await openOwnUnit(t, "yy_anquan");
    try {
      const { page } = s;
      // one navigation named 本页内容, near the top of the file
      const nav = page.getByRole("navigation", { name: "本页内容" });
      expect(await nav.count()).toBe(1);
      const navBox = (await nav.boundingBox())!;
      expect(navBox.y, "本页内容 on the first screen").toBeLessThan(PHONE.height / 2);

      // a link for each section shown, the form to record first; each to its section's heading, named as it is
      const links = await tocLinks(page);
      expect(links.map((l) => l.text)).toEqual([RECORD, ...SECTIONS]);
      const headings = await sectionHeadings(page);
      expect(headings.map((h) => h.id).sort()).toEqual(links.map((l) => l.href.slice(1)).sort());
      for (const l of links) {
        expect(l.href, l.text).toMatch(/^#/);
        const h = headings.find((x) => `#${x.id}` === l.href)!;
        expect(h.text.startsWith(l.text), `${l.text}: the heading says ${h.text}`).toBe(true);
      }

      // 记录月度防火检查 is the main action: drawn apart from the others, across the screen
      const [main, ...rest] = links;
      expect(main!.main).toBe(true);
      expect(rest.filter((l) => l.main)).toEqual([]);
      for (const l of rest) expect(l.background, l.text).not.toBe(main!.background);
      expect(main!.width).toBeGreaterThan(PHONE.width * 0.8);

      // every link a large tap target, inside the screen; nothing wider than the screen
      for (const l of links) {
        expect(l.height, `${l.text}: height`).toBeGreaterThanOrEqual(44);
        expect(l.width, `${l.text}: width`).toBeGreaterThanOrEqual(44);
        expect(l.left, `${l.text}: inside the screen`).toBeGreaterThanOrEqual(0);
        expect(l.right, `${l.text}: inside the screen`).toBeLessThanOrEqual(PHONE.width);
      }
      // the chips wrap onto more than one line rather than run off the screen
      expect(new Set(rest.map((l) => Math.round(l.top))).size).toBeGreaterThan(1);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll, "the page scrolls sideways").toBeLessThanOrEqual(PHONE.width);

      await axe.check(page, "unit toc 390");
      expect(await axeInToc(page)).toEqual([]);
      await shot(page, "console-unit-toc-390-1-top", { fullPage: false });

      // a tap on 记录月度防火检查: its heading near the top of the screen, focused (a screen reader reads on from it)
      await nav.getByRole("link", { name: RECORD }).click();
      const atForm = await focused(page);
      expect(atForm.id).toBe("record-title");
      expect(atForm.tag).toBe("H3");
      expect(atForm.tabindex).toBe("-1");
      expect(atForm.scrollY, "the page moved down to the form").toBeGreaterThan(PHONE.height * 3);
      expect(atForm.top).toBeGreaterThanOrEqual(0);
      expect(atForm.top).toBeLessThan(atForm.viewport / 4);
      expect(await page.locator("#facility-test-add").isVisible()).toBe(true);
      await axe.check(page, "unit toc 390 at the form");
      await shot(page, "console-unit-toc-390-2-form", { fullPage: false });

      // every other link likewise, from the top of the page
      for (const l of rest) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await nav.getByRole("link", { name: l.text, exact: true }).click();
        const f = await focused(page);
        expect(`#${f.id}`, l.text).toBe(l.href);
        expect(f.tabindex, `${l.text}: a heading focusable by script only`).toBe("-1");
        expect(f.top, `${l.text}: in sight`).toBeGreaterThanOrEqual(0);
        expect(f.bottom, `${l.text}: near the top`).toBeLessThan(f.viewport / 2);
      }

      // the keyboard: Enter on a link does the same
      await page.evaluate(() => window.scrollTo(0, 0));
      await nav.getByRole("link", { name: RECORD }).focus();
      await page.keyboard.press("Enter");
      const byKey = await focused(page);
      expect(byKey.id).toBe("record-title");
      expect(byKey.top).toBeGreaterThanOrEqual(0);
      expect(byKey.top).toBeLessThan(byKey.viewport / 4);

      // a desk: one compact row after the words 本页内容, the main action still first
      await page.setViewportSize(DESK);
      await page.evaluate(() => window.scrollTo(0, 0));
      const desk = await tocLinks(page);
      expect(desk.map((l) => l.text)).toEqual([RECORD, ...SECTIONS]);
      expect(new Set(desk.map((l) => Math.round(l.top))).size, "one row").toBe(1);
      expect((await nav.boundingBox())!.height).toBeLessThan(50);
      const deskWidths = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(deskWidths).toBeLessThanOrEqual(DESK.width);
      await axe.check(page, "unit toc 1366");
      await shot(page, "console-unit-toc-1366", { fullPage: false });
    } finally {
      await s.close();
    }
  });

  it("gives a control-room operator, who records no check, the sections only", async () => {
    const s = await openOwnUnit(t, "yy_zhiban1");
    try {
      const { page } = s;
      const links = await tocLinks(page);
      expect(links.map((l) => l.text)).toEqual(SECTIONS);
      expect(links.filter((l) => l.main)).toEqual([]);
      expect(await page.locator("#record-title").count()).toBe(0);
      const headings = await sectionHeadings(page);
      expect(headings.map((h) => h.id).sort()).toEqual(links.map((l) => l.href.slice(1)).sort());
      for (const l of links) expect(l.height, `${l.text}: height`).toBeGreaterThanOrEqual(44);
      await axe.check(page, "unit toc 390 operator");
      await shot(page, "console-unit-toc-390-operator", { fullPage: false });
    } finally {
      await s.close();
    }
  });
});
