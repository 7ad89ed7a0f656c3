// The console's lists on a phone (DataTable, console.css): at 390x844 every row is a card, its first cell the
// title and every other cell on a line of its own after its column's header, nothing to scroll sideways, the
// actions as wide as the card and 44 px tall; the table stays a table with its headers for screen readers
// (axe, and Chromium's own accessibility tree). At 1366x768 the same list is a plain table again. The tables
// screens write themselves (CardTable: 全县态势's lists) are cards too, and an empty cell says "—" after its
// label (the unit file's monthly check form is a form of its own: console-monthly-check.test.ts). Screenshots:
// test-results/screenshots/console-cards-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk, type Desk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console table cards");

// what the page's side of page.evaluate uses (this file is type-checked without the DOM's types)
interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}
interface El {
  tagName: string;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  children: ArrayLike<El>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
  getBoundingClientRect(): Box;
}
declare const document: { documentElement: El; querySelector(selector: string): El | null };
declare const getComputedStyle: (
  e: El,
  pseudo?: string,
) => { display: string; content: string; fontSize: string; overflowX: string };

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 768 };

/** What a DataTable (`id`) shows: the page's and the table's widths, its headers, and each row's cells. */
const tableOf = (page: Page, id: string) =>
  page.evaluate((id) => {
    const doc = document.documentElement;
    const table = document.querySelector(`table#${id}`)!;
    const box = (e: El) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
    };
    return {
      pageScroll: doc.scrollWidth,
      pageWidth: doc.clientWidth,
      tableScroll: table.scrollWidth,
      tableWidth: table.clientWidth,
      tableBox: box(table),
      display: getComputedStyle(table).display,
      headerBox: box(table.querySelector("thead")!),
      headers: [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? ""),
      rows: [...table.querySelectorAll("tbody tr")].map((tr) => ({
        box: box(tr),
        display: getComputedStyle(tr).display,
        cells: [...tr.querySelectorAll(":scope > td")].map((td) => {
          const link = td.querySelector(":scope > a");
          return {
            label: td.getAttribute("data-label"),
            // the generated label: `"类别" "：" / ""` or the like, "none" where there is none
            before: getComputedStyle(td, "::before").content,
            fontSize: parseFloat(getComputedStyle(td).fontSize),
            box: box(td),
            link: link ? box(link) : null,
            // "—" after the label of an empty cell, "none" where there is none
            after: getComputedStyle(td, "::after").content,
            empty: td.children.length === 0 && (td.textContent ?? "") === "",
          };
        }),
      })),
    };
  }, id);

type Shown = Awaited<ReturnType<typeof tableOf>>;

/** A phone's card list: no sideways scrolling, one card a row, each cell on its own line after its header. */
function expectCards(t: Shown, what: string) {
  expect(t.pageScroll, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(t.pageWidth);
  expect(t.tableScroll, `${what}: the table's box scrolls sideways`).toBeLessThanOrEqual(t.tableWidth);
  expect(t.tableBox.right, `${what}: the table's right edge`).toBeLessThanOrEqual(PHONE.width);
  // the header row is out of sight (still there for screen readers: see the accessibility tree below)
  expect(t.headerBox.height, `${what}: the header row is hidden from sight`).toBeLessThanOrEqual(1);
  expect(t.rows.length, `${what}: rows`).toBeGreaterThan(0);
  for (const [r, row] of t.rows.entries()) {
    expect(row.box.right, `${what} row ${r}: inside the screen`).toBeLessThanOrEqual(PHONE.width);
    expect(row.cells.map((c) => c.label)).toEqual(t.headers);
    const [title, ...rest] = row.cells;
    // the first cell is the card's title: no label, larger type, across the card
    expect(title!.before, `${what} row ${r}: the title has no label`).toBe("none");
    expect(title!.box.width, `${what} row ${r}: the title across the card`).toBeGreaterThan(row.box.width * 0.9);
    if (title!.link) expect(title!.link.height, `${what} row ${r}: the title's link`).toBeGreaterThanOrEqual(44);
    for (const [i, c] of rest.entries()) {
      const header = t.headers[i + 1]!;
      expect(c.before, `${what} row ${r}: ${header}'s label`).toContain(header);
      if (c.empty) expect(c.after, `${what} row ${r}: ${header} empty`).toContain("—");
      expect(c.fontSize).toBeLessThan(title!.fontSize);
      // a line of its own: below the cell before it, across the card
      const above = row.cells[i]!;
      expect(c.box.top, `${what} row ${r}: ${header} under the cell before`).toBeGreaterThanOrEqual(
        above.box.bottom - 1,
      );
      expect(c.box.width, `${what} row ${r}: ${header} across the card`).toBeGreaterThan(row.box.width * 0.9);
    }
  }
}

interface AXNode {
  nodeId: string;
  ignored?: boolean;
  role?: { value: string };
  name?: { value: string };
  childIds?: string[];
}

/**
 * The table as Chromium's accessibility tree has it (what a screen reader is given): its rows, each the roles
 * and names of its cells, the header row first.
 */
async function accessibleTable(page: Page, name: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as unknown as { nodes: AXNode[] };
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const table = nodes.find((n) => !n.ignored && n.role?.value === "table" && n.name?.value === name);
    if (!table) return null;
    // the shown descendants with one of `roles`, looking through those ignored or of other roles
    const below = (n: AXNode, roles: string[]): AXNode[] =>
      (n.childIds ?? []).flatMap((id) => {
        const c = byId.get(id);
        if (!c) return [];
        return !c.ignored && roles.includes(c.role?.value ?? "") ? [c] : below(c, roles);
      });
    return below(table, ["row"]).map((row) =>
      below(row, ["columnheader", "cell"]).map((c) => `${c.role!.value}:${c.name?.value ?? ""}`),
    );
  } finally {
    await cdp.detach();
  }
}

/** The hospital's safety officer `yy_anquan` on his unit's file (a unit's own people land there) at 390x844. */
async function unitFileOnPhone(t: TestApi): Promise<Desk> {
  const s = await signInDesk(t, "yy_anquan", { next: "/console/units", label: "yy_anquan" });
  try {
    await s.page.setViewportSize(PHONE);
    await s.page.goto(`${t.url}/console/units`);
    await s.page.waitForURL((u) => u.pathname.startsWith("/console/units/"));
    await s.page.waitForSelector("body[data-ready='1']");
    return s;
  } catch (e) {
    await s.close();
    throw e;
  }
}

describe.skipIf(unavailable !== null)("a DataTable is one card a row on a phone, a table on a desk", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("shows an installer's 联网单位 as cards at 390x844 and as a table at 1366x768", async () => {
    const s = await signInDesk(t, "az_zhou", { next: "/console/units", label: "az_zhou" });
    try {
      const { page } = s;
      await page.setViewportSize(PHONE);
      await page.goto(`${t.url}/console/units`);
      await page.waitForSelector("body[data-ready='1']");
      const phone = await tableOf(page, "unit-table");
      expect(phone.headers.slice(0, 3)).toEqual(["单位名称", "类别", "重点单位"]);
      expectCards(phone, "联网单位");
      expect(phone.rows.every((r) => r.cells[0]!.link !== null)).toBe(true);
      // each card reads "类别：医院": the header before the cell's own text
      const hospital = page.locator("#unit-table tbody tr", { hasText: "医院" }).first();
      expect(await hospital.locator("td[data-label='类别']").innerText()).toBe("医院");

      // still a table with its headers: axe, and what Chromium gives a screen reader (the label not read twice)
      await axe.check(page, "units 390 cards");
      const tree = await accessibleTable(page, "联网单位列表");
      expect(tree, "the table in the accessibility tree").not.toBeNull();
      expect(tree![0]).toEqual(phone.headers.map((h) => `columnheader:${h}`));
      expect(tree!.length).toBe(phone.rows.length + 1);
      for (const row of tree!.slice(1)) {
        expect(row).toHaveLength(phone.headers.length);
        expect(row.every((c) => c.startsWith("cell:"))).toBe(true);
        expect(row.some((c) => c.includes("："))).toBe(false);
      }
      await shot(page, "console-cards-units-390");

      // an empty list says so, in words and without a label
      await page.goto(`${t.url}/console/units?q=${encodeURIComponent("没有这个单位")}`);
      await page.waitForSelector("body[data-ready='1']");
      const empty = page.locator("#unit-table tbody td");
      expect(await empty.count()).toBe(1);
      expect(await empty.innerText()).toBe("没有符合条件的单位。");
      expect(await empty.evaluate((td) => getComputedStyle(td as unknown as El, "::before").content)).toBe("none");
      await shot(page, "console-cards-units-390-empty", { fullPage: false });

      // a desk: the same list is a table, its header row on top and each row's cells side by side
      await page.setViewportSize(DESK);
      await page.goto(`${t.url}/console/units`);
      await page.waitForSelector("body[data-ready='1']");
      const desk = await tableOf(page, "unit-table");
      expect(desk.display).toBe("table");
      expect(desk.headerBox.height).toBeGreaterThan(20);
      expect(desk.pageScroll).toBeLessThanOrEqual(desk.pageWidth);
      for (const row of desk.rows) {
        expect(row.display).toBe("table-row");
        expect(new Set(row.cells.map((c) => Math.round(c.box.top))).size).toBe(1);
        expect(row.cells.every((c) => c.before === "none")).toBe(true);
      }
      expect(await accessibleTable(page, "联网单位列表")).toHaveLength(desk.rows.length + 1);
      await axe.check(page, "units 1366 table");
      await shot(page, "console-cards-units-1366", { fullPage: false });
    } finally {
      await s.close();
    }
  });

  it("shows a safety officer's unit file as cards, its actions as wide as the card and 44 px tall", async () => {
    const s = await unitFileOnPhone(t);
    try {
      const { page } = s;
      for (const id of ["unit-buildings", "unit-key-parts", "unit-facilities", "unit-people", "unit-test-records"])
        expectCards(await tableOf(page, id), id);
      // the test record's actions (choose a report, attach it): each across its card, a thumb's height
      const actions = await page.evaluate(() =>
        [...document.documentElement.querySelectorAll("#unit-test-records tbody td :is(button, .btn)")].map((b) => {
          let card = b;
          while (card.tagName !== "TR") card = (card as unknown as { parentElement: El }).parentElement;
          return {
            text: b.textContent ?? "",
            width: b.getBoundingClientRect().width,
            height: b.getBoundingClientRect().height,
            card: card.getBoundingClientRect().width,
          };
        }),
      );
      expect(actions.map((a) => a.text)).toEqual(expect.arrayContaining(["附上报告"]));
      for (const a of actions) {
        expect(a.height, a.text).toBeGreaterThanOrEqual(44);
        expect(a.width, a.text).toBeGreaterThan(a.card * 0.85);
      }
      await axe.check(page, "unit file 390 cards");
      await shot(page, "console-cards-unit-file-390");
    } finally {
      await s.close();
    }
  });

  it("shows an empty cell as “—” after its label on a phone, and as nothing on a desk", async () => {
    const s = await unitFileOnPhone(t);
    try {
      const { page } = s;
      // the demo's yearly test at the hospital passed every item: its 不合格项 cell is empty
      const failed = "#unit-test-records td[data-label='不合格项（已转为隐患）']";
      const after = () =>
        page
          .locator(failed)
          .first()
          .evaluate((td) => getComputedStyle(td as unknown as El, "::after").content);
      expect(await page.locator(failed).first().innerHTML()).toBe("");
      expect(await after()).toContain("—");
      // only generated text, not read twice: the cell's name stays empty for a screen reader
      const tree = await accessibleTable(
        page,
        `年度检测与防火检查（${await page.locator("#unit-test-records tbody tr").count()}）`,
      );
      expect(tree![1]![4]).toBe("cell:");
      await page.setViewportSize(DESK);
      await page.reload();
      await page.waitForSelector("body[data-ready='1']");
      expect(await after()).toBe("none");
    } finally {
      await s.close();
    }
  });

  it("shows 全县态势's lists as cards at 390x844, the sort links in sight; the matrix by category still a table", async () => {
    const s = await signInDesk(t, "supervisor", { next: "/console/county", label: "supervisor" });
    try {
      const { page } = s;
      await page.setViewportSize(PHONE);
      await page.goto(`${t.url}/console/county`);
      await page.waitForSelector("body[data-ready='1']");
      const coverage = await tableOf(page, "coverage-table");
      expect(coverage.headers.slice(0, 4)).toEqual(["乡镇/街道", "户数", "已覆盖", "覆盖率"]);
      expectCards(coverage, "覆盖率（按乡镇）");
      expect(await accessibleTable(page, "老旧高层住户覆盖率（按乡镇）")).toHaveLength(coverage.rows.length + 1);
      expectCards(await tableOf(page, "response-company"), "响应用时（按物业公司）");
      // a list sorted by its heads: the rows are cards, the sort links a row above them, each a thumb's height
      for (const id of ["response-community", "false-table"]) {
        const t = await tableOf(page, id);
        expect(t.pageScroll, id).toBeLessThanOrEqual(t.pageWidth);
        expect(t.tableScroll, id).toBeLessThanOrEqual(t.tableWidth);
        expect(
          t.rows.every((r) => r.display === "block"),
          id,
        ).toBe(true);
        const links = await page.evaluate(
          (id) =>
            [...document.documentElement.querySelectorAll(`#${id} thead th a`)].map((a) => {
              const r = a.getBoundingClientRect();
              return { right: r.right, height: r.height };
            }),
          id,
        );
        expect(links.length, id).toBeGreaterThan(0);
        for (const l of links) {
          expect(l.height, id).toBeGreaterThanOrEqual(44);
          expect(l.right, id).toBeLessThanOrEqual(PHONE.width);
        }
      }
      // the units by category: a matrix read across its columns, still a table (in its own box)
      expect(await page.locator("#units-table").getAttribute("class")).toBeNull();
      await axe.check(page, "county 390 cards");
      await shot(page, "console-cards-county-390");

      await page.setViewportSize(DESK);
      await page.reload();
      await page.waitForSelector("body[data-ready='1']");
      for (const id of ["coverage-table", "response-company", "response-community", "false-table"])
        expectTable(await tableOf(page, id));
      await axe.check(page, "county 1366 tables");
      await shot(page, "console-cards-county-1366", { fullPage: false });
    } finally {
      await s.close();
    }
  });
});

/** A desk's table: its header row on top, each row's cells side by side, no labels, nothing to scroll sideways. */
function expectTable(t: Shown) {
  expect(t.display).toBe("table");
  expect(t.headerBox.height).toBeGreaterThan(20);
  expect(t.pageScroll).toBeLessThanOrEqual(t.pageWidth);
  for (const row of t.rows) {
    expect(row.display).toBe("table-row");
    expect(new Set(row.cells.map((c) => Math.round(c.box.top))).size).toBe(1);
    expect(row.cells.every((c) => c.before === "none" && c.after === "none")).toBe(true);
  }
}
