// The staff console where a new user first met it (the Chromium walkthrough): on a phone (390x844) the top
// bar is a compact block and no page is wider than the screen (a table scrolls in its own box); 全县态势's
// 大屏模式 fills one 1920x1080 wall screen without scrolling, without the top bar, in large type; the empty
// screens say in words why there is nothing (the transmission devices, the response chart, the facilities'
// curves), and never a path of the repository; a sector regulator's 每月调度 asks for nothing it may not see.
// Screenshots: test-results/screenshots/console-fit-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";
import type { CountyReport } from "../../api/src/contract/reports.ts";

const { unavailable, axe, shot } = consoleSuite("console fit");

// what the page's side of page.evaluate uses (this file is type-checked without the DOM's types)
interface El {
  id: string;
  tagName: string;
  className: string;
  parentElement: El | null;
  textContent: string | null;
  scrollWidth: number;
  scrollHeight: number;
  clientWidth: number;
  classList: { contains(name: string): boolean };
  getBoundingClientRect(): { height: number; width: number; right: number };
}
declare const document: {
  documentElement: El;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
};
declare const getComputedStyle: (e: El) => { display: string; overflowX: string; fontSize: string };

const PHONE = { width: 390, height: 844 };
const WALL = { width: 1920, height: 1080 };

/** What a page's layout measures: the document's size, the top bar's height, the tallest link in it. */
const measure = (page: Page) =>
  page.evaluate(() => {
    const doc = document.documentElement;
    const bar = document.querySelector("header.bar");
    const links = [...document.querySelectorAll("header.bar nav a")].map((a) => a.getBoundingClientRect().height);
    return {
      scrollWidth: doc.scrollWidth,
      scrollHeight: doc.scrollHeight,
      barHeight: bar ? bar.getBoundingClientRect().height : 0,
      barShown: bar ? getComputedStyle(bar).display !== "none" : false,
      tallestLink: Math.max(0, ...links),
      // what sticks out past the screen's right edge, if anything (the first few, for the failure message)
      wide: [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
        .filter((e) => {
          for (let a = e.parentElement; a && a !== doc; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== "visible") return false;
          return true;
        })
        .slice(0, 3)
        .map(
          (e) =>
            `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}.${e.className} in ${e.parentElement?.tagName ?? ""}#${e.parentElement?.id ?? ""}`,
        ),
      rootPx: parseFloat(getComputedStyle(doc).fontSize),
    };
  });

/** The page has read its data: its ready mark, or (火警确认 is live, with no mark) its lists read. */
async function ready(page: Page, path: string) {
  if (path !== "/console/confirm") return void (await page.waitForSelector("body[data-ready='1']"));
  await page.waitForSelector("#done-h");
  await page.waitForFunction(() => !document.querySelector("main")?.textContent?.includes("正在读取"));
}

describe.skipIf(unavailable !== null)("the console fits phones and the wall, and its empty screens explain", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("lays the bar and the pages out for a 390 px phone: nothing wider than the screen", async () => {
    for (const [username, pages] of [
      ["manager_a", ["/console/board", "/console/devices", "/console/places"]],
      ["yy_zhiban1", ["/console/confirm", "/console/facilities"]],
      ["supervisor", ["/console/county", "/console/units"]],
    ] as const) {
      const s = await signInDesk(t, username, { next: pages[0], label: username });
      try {
        const { page } = s;
        await page.setViewportSize(PHONE);
        for (const path of pages) {
          await page.goto(`${t.url}${path}`);
          await ready(page, path);
          const m = await measure(page);
          expect(m.scrollWidth, `${username} ${path}: page width (${m.wide.join(", ")})`).toBeLessThanOrEqual(
            PHONE.width,
          );
          // the walkthrough's bar was ~830 px, a character a line; now a compact block of buttons
          expect(m.barHeight, `${username} ${path}: bar height`).toBeLessThan(300);
          expect(m.tallestLink, `${username} ${path}: a link on one line`).toBeLessThan(60);
          expect(m.rootPx).toBeGreaterThanOrEqual(15); // large type stays
          const name = `console-fit-phone-${username}-${path.split("/").pop()}`;
          // 设备健康's wide table scrolls in its own box, which takes the keyboard's focus (DataTable)
          await axe.check(page, name);
          await shot(page, name, { fullPage: false });
        }
        // a wide table keeps its columns and scrolls inside its own box
        if (username === "manager_a") {
          await page.goto(`${t.url}/console/devices`);
          await page.waitForSelector("body[data-ready='1']");
          const table = await page.evaluate(() => {
            const el = document.querySelector("main table");
            return el ? { scroll: el.scrollWidth, box: el.getBoundingClientRect().width } : null;
          });
          expect(table).not.toBeNull();
          expect(table!.box).toBeLessThanOrEqual(PHONE.width);
        }
      } finally {
        await s.close();
      }
    }
  });

  it("fills a 1920x1080 wall screen in 大屏模式: no bar, no scrolling, large type; the office page is unchanged", async () => {
    const s = await signInDesk(t, "supervisor", { next: "/console/county", label: "supervisor" });
    try {
      const { page } = s;
      await page.setViewportSize(WALL);
      await page.goto(`${t.url}/console/county?wall=1`);
      await page.waitForSelector("body[data-ready='1']");
      const m = await measure(page);
      expect(m.barShown).toBe(false);
      expect(m.scrollHeight).toBeLessThanOrEqual(WALL.height);
      expect(m.scrollWidth).toBeLessThanOrEqual(WALL.width);
      expect(m.rootPx).toBeGreaterThanOrEqual(17);
      // every panel is on the screen, and has room
      for (const sel of ["#chart-coverage", "#chart-response", "#map", "#coverage-table", "#response-community"]) {
        const box = await page.locator(sel).boundingBox();
        expect(box, sel).not.toBeNull();
        expect(box!.height, sel).toBeGreaterThan(40);
        expect(box!.y + box!.height, sel).toBeLessThanOrEqual(WALL.height);
      }
      expect(await page.locator("#chart-response canvas").count()).toBeGreaterThan(0);
      await axe.check(page, "county wall 1920");
      await shot(page, "console-fit-wall-1920", { fullPage: false });

      // leaving 大屏模式 brings the bar back
      await page.click("text=退出大屏模式");
      await page.waitForURL((u) => !u.search.includes("wall=1"));
      await page.waitForSelector("body[data-ready='1']");
      expect((await measure(page)).barShown).toBe(true);
      expect(await page.evaluate(() => document.documentElement.classList.contains("wall"))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it("says why the response chart is empty: a page of communities without this month's fires", async () => {
    const token = await t.loginStaff("supervisor");
    // the communities with the fewest fires first, one a page: the first has none (the demo's fires are in one)
    const q = "cSort=alarms&cOrder=asc&cLimit=1";
    const api = (await t.request<CountyReport>("get", `/api/reports/county?${q}`, { token })).body;
    expect(api.responseByCommunity.items[0]?.alarms).toBe(0);
    // the county may have had fires this month (then: not on this page) or none yet
    const why = api.responseTimes.alarms ? "本页的小区本月没有火警" : "本月还没有火警，暂无响应用时。";
    const s = await signInDesk(t, "supervisor", { next: "/console/county", label: "supervisor" });
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/county?${q}`);
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.getAttribute("#chart-response", "aria-label")).toContain(why);
      await shot(page, "console-fit-county-empty-page", { fullPage: false });
    } finally {
      await s.close();
    }
  });

  it("shows the transmission devices' empty state in plain words, without a repository path", async () => {
    // a unit's manager whose unit has no transmission device registered
    const candidates = t.demo.staff.filter((x) => x.username.endsWith("_guanli")).map((x) => x.username);
    let who: string | null = null;
    for (const username of candidates) {
      const r = await t.request<{ selected: unknown }>("get", "/api/transmission-devices", {
        token: await t.loginStaff(username),
      });
      if (r.status === 200 && r.body.selected === null) {
        who = username;
        break;
      }
    }
    expect(who, "a unit without a transmission device").not.toBeNull();
    const s = await signInDesk(t, who!, { next: "/console/panels", label: who! });
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/panels`);
      await page.waitForSelector("body[data-ready='1']");
      const text = await page.locator("#uitd-empty").innerText();
      expect(text).toContain("还没有登记用户信息传输装置");
      expect(text).toContain("请联系");
      expect(await page.locator("main").innerText()).not.toMatch(/docs\/|\.md\b/);
      await axe.check(page, "panels empty");
    } finally {
      await s.close();
    }
  });

  it("says why a place has no monitoring curves", async () => {
    const token = await t.loginStaff("supervisor");
    const places = (await t.request<{ items: { kind: string; id: string }[] }>("get", "/api/sensors/places", { token }))
      .body.items;
    let empty: { kind: string; id: string } | null = null;
    for (const p of places) {
      const of = `${p.kind === "unit" ? "unitId" : "communityId"}=${encodeURIComponent(p.id)}`;
      const r = await t.request<{ items: { points: unknown[] }[] }>("get", `/api/sensors/facilities?${of}`, { token });
      if (r.status === 200 && r.body.items.every((d) => d.points.length === 0)) {
        empty = p;
        break;
      }
    }
    expect(empty, "a place without readings").not.toBeNull();
    const s = await signInDesk(t, "supervisor", { next: "/console/county", label: "supervisor" });
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/facilities?place=${empty!.kind}:${empty!.id}`);
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.locator("#series-empty").innerText()).toMatch(/还没有(接入监测的设施设备|上报过监测读数)/);
    } finally {
      await s.close();
    }
  });

  it("asks nothing a sector regulator may not see on 每月调度: no failed request", async () => {
    for (const username of ["reg_edu", "reg_health"]) {
      const s = await signInDesk(t, username, { next: "/console/dispatch", label: username });
      try {
        const { page } = s;
        const failed: string[] = [];
        const asked: string[] = [];
        page.on("response", (r) => {
          if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
        });
        page.on("request", (r) => asked.push(r.url()));
        page.on("console", (m) => {
          if (m.type() === "error") failed.push(`console: ${m.text()}`);
        });
        await page.goto(`${t.url}/console/dispatch`);
        await page.waitForSelector("body[data-ready='1']");
        expect(failed).toEqual([]);
        expect(asked.filter((u) => u.includes("/api/dispatch/coverage-history"))).toEqual([]);
        expect(await page.textContent("#chart-coverage-history")).toContain("本范围没有老旧高层住户覆盖曲线");
        expect(await page.locator("#chart-scores canvas").count()).toBeGreaterThan(0);
      } finally {
        await s.close();
      }
    }
    // the office still has its curve
    const s = await signInDesk(t, "programme", { next: "/console/dispatch", label: "programme" });
    try {
      await s.page.goto(`${t.url}/console/dispatch`);
      await s.page.waitForSelector("body[data-ready='1']");
      expect(await s.page.locator("#chart-coverage-history canvas").count()).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  // last: it moves this month's fire alarms out of the month
  it("says the month has had no fire when the county has none", async () => {
    const prisma = t.api.db.prisma;
    const year = new Date(Date.now() - 400 * 86_400_000);
    await prisma.alarm.updateMany({ where: { kind: "FIRE" }, data: { startedAt: year } });
    const s = await signInDesk(t, "supervisor", { next: "/console/county", label: "supervisor" });
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/county`);
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.getAttribute("#chart-response", "aria-label")).toContain("本月还没有火警，暂无响应用时。");
      await shot(page, "console-fit-county-no-fire", { fullPage: false });
    } finally {
      await s.close();
    }
  });
});
