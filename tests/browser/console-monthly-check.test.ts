// The monthly fire inspection (月度防火检查) on a safety officer's phone (unit/check-form.tsx, console.css's
// 月度防火检查 block): at 390x844 the demo hospital's safety officer fills his unit's checklist on its file.
// Nothing is wider than the screen; each item is a fieldset of two radio buttons (正常 / 异常) at least 44 px
// each way, grouped under headings that fold away and that the links at the top jump to; 已检查 n / 共 m says
// the progress; the note appears only under 异常; the save button is on the screen wherever the form is
// scrolled; saving with items left says how many and takes the person to the first; the keyboard answers an
// item (Space, the arrows); axe finds nothing on the page that is serious and nothing at all in the form; the
// record is stored with its failed item become a hazard. At 1366x768 each item is one line again.
// A facility added half way through the check (the unit's manager fills it on his file) puts its items among the
// others: every answer stays with its item (unit/check-answers.ts), and a note written under 异常 for an item then
// marked 正常 stays on the screen as 说明 and is stored with it.
// Screenshots: test-results/screenshots/console-monthly-check-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { UnitFile } from "@anxin/contract/units";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot, screenshotPath } = consoleSuite("console monthly check");

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
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<El>;
  getBoundingClientRect(): Box;
}
declare const document: {
  documentElement: El;
  activeElement: El | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
};
declare const window: { innerHeight: number; scrollTo(x: number, y: number): void };

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 768 };
const FORM = "#facility-test-add";

/** The page's widths, and the box of everything in the form a finger taps (`what` names it). */
const layout = (page: Page) =>
  page.evaluate((form) => {
    const doc = document.documentElement;
    const box = (e: El) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
    };
    const shown = (e: El) => box(e).height > 0;
    const targets = [
      ...document.querySelectorAll(
        `${form} :is(label.check-choice, .check-toggle, .check-jump a, .check-rest, button[type=submit], input[name=testedOn], input[name=summary], .file-button, .check-note input)`,
      ),
    ]
      .filter(shown)
      .map((e) => ({ what: (e.textContent ?? "").trim() || (e.getAttribute("name") ?? ""), ...box(e) }));
    const widest = [...document.querySelectorAll(`${form} *`)].reduce((m, e) => Math.max(m, box(e).right), 0);
    return { scroll: doc.scrollWidth, width: doc.clientWidth, targets, widest };
  }, FORM);

/** The save bar's and its button's boxes, the page scrolled so the form's point `at` (0-1) is at the top. */
const barAt = (page: Page, at: number) =>
  page.evaluate(
    ({ form, at }) => {
      const f = document.querySelector(form)!.getBoundingClientRect();
      const top = f.top + (globalThis as unknown as { scrollY: number }).scrollY;
      window.scrollTo(0, top + (f.height - window.innerHeight) * at);
      const b = document.querySelector(`${form} .check-bar button[type=submit]`)!.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, height: b.height, viewport: window.innerHeight };
    },
    { form: FORM, at },
  );

const progress = (page: Page) => page.locator("#check-progress").innerText();

/** 保存记录 in the bar, then the screen's word for it: 月度防火检查已记录 (a refusal's words otherwise) */
async function saveCheck(page: Page): Promise<void> {
  await page.locator(`${FORM} .check-bar button[type=submit]`).click();
  await expect
    .poll(
      async () => {
        const refused = page.locator("#unit-edit-result .error");
        if (await refused.count()) return refused.textContent();
        return page.locator("#unit-edit-result").innerText();
      },
      { timeout: 20_000 },
    )
    .toBe("月度防火检查已记录");
}

describe.skipIf(unavailable !== null)("the monthly fire inspection on a phone", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("fills the hospital's monthly check at 390x844 and stores it; one line an item at 1366x768", async () => {
    const { prisma } = t.api.db;
    const s = await signInDesk(t, "yy_anquan", { next: "/console/units", label: "yy_anquan" });
    try {
      const { page } = s;
      await page.setViewportSize(PHONE);
      // a unit's own people land on their unit's file
      await page.goto(`${t.url}/console/units`);
      await page.waitForURL((u) => u.pathname.startsWith("/console/units/"));
      await page.waitForSelector("body[data-ready='1']");
      const unitId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
      const before = await prisma.facilityTest.count({ where: { unitId, kind: "MONTHLY_INSPECTION" } });
      const form = page.locator(FORM);
      expect(await page.locator("#record-title").innerText()).toBe("记录月度防火检查");
      await form.scrollIntoViewIfNeeded();

      // one fieldset an item, named by its legend, with the two choices as a radio group; no note yet
      const items = form.locator("fieldset.check-item");
      const total = await items.count();
      expect(total).toBeGreaterThan(10);
      expect(await form.locator("input[type=radio]").count()).toBe(total * 2);
      expect(await form.locator(".check-note").count()).toBe(0);
      const first = page.getByRole("group", { name: "疏散通道、安全出口畅通" });
      expect(await first.getByRole("radio", { name: "正常" }).count()).toBe(1);
      expect(await first.getByRole("radio", { name: "异常" }).count()).toBe(1);
      // the groups: a heading each (a button that folds it), the general items first
      const groups = form.locator("section.check-group");
      const groupCount = await groups.count();
      expect(groupCount).toBeGreaterThan(2);
      expect(await form.locator("h4 .check-name").first().innerText()).toBe("通用检查");
      const alarmHead = page.getByRole("button", { name: /^火灾自动报警系统/ });
      expect(await alarmHead.getAttribute("aria-expanded")).toBe("true");
      // under its heading an item says only what to check (the system's name is the heading's)
      expect(await form.locator("#check-group-AUTO_FIRE_ALARM legend").first().innerText()).toBe(
        "控制器运行正常、无故障",
      );
      expect(await progress(page)).toBe(`已检查 0 / 共 ${total}`);

      // nothing wider than the screen; every tap target at least 44 px each way
      const fresh = await layout(page);
      expect(fresh.scroll, "the page scrolls sideways").toBeLessThanOrEqual(PHONE.width);
      expect(fresh.widest, "something in the form is wider than the screen").toBeLessThanOrEqual(PHONE.width);
      const choices = fresh.targets.filter((x) => x.what === "正常" || x.what === "异常");
      expect(choices).toHaveLength(total * 2);
      for (const x of fresh.targets) {
        expect(x.height, `${x.what}: height`).toBeGreaterThanOrEqual(44);
        expect(x.width, `${x.what}: width`).toBeGreaterThanOrEqual(44);
        expect(x.right, `${x.what}: inside the screen`).toBeLessThanOrEqual(PHONE.width);
      }
      // the two choices side by side, each near half the card
      const [ok0, bad0] = choices;
      expect(Math.round(ok0!.top)).toBe(Math.round(bad0!.top));
      expect(ok0!.width).toBeGreaterThan(PHONE.width * 0.35);
      await axe.check(page, "monthly check 390");
      await shot(page, "console-monthly-check-390-1-top", { fullPage: false });

      // the save button on the screen wherever the form is scrolled
      for (const at of [0, 0.33, 0.66, 1]) {
        const bar = await barAt(page, at);
        expect(bar.top, `save button at ${at}`).toBeGreaterThanOrEqual(0);
        expect(bar.bottom, `save button at ${at}`).toBeLessThanOrEqual(bar.viewport);
        expect(bar.height).toBeGreaterThanOrEqual(44);
      }
      // what Tab reaches is scrolled clear of the save bar, never left under it
      await form.locator("input[name=testedOn]").focus();
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate((form) => {
          const a = document.activeElement!;
          const r = a.getBoundingClientRect();
          const bar = document.querySelector(`${form} .check-bar`)!.getBoundingClientRect();
          return { what: a.getAttribute("name") ?? a.textContent, top: r.top, bottom: r.bottom, bar: bar.top };
        }, FORM);
        expect(f.top, `${f.what}: on the screen`).toBeGreaterThanOrEqual(0);
        expect(f.bottom, `${f.what}: under the save bar`).toBeLessThanOrEqual(f.bar);
      }

      // a tap on 正常 counts; 异常 opens the note under it (and counts once)
      await first.getByText("正常", { exact: true }).click();
      expect(await progress(page)).toBe(`已检查 1 / 共 ${total}`);
      const second = page.getByRole("group", { name: "无违规用火用电" });
      await second.getByText("异常", { exact: true }).click();
      expect(await progress(page)).toBe(`已检查 2 / 共 ${total}，异常 1 项`);
      const note = second.getByRole("textbox", { name: /异常情况/ });
      expect(await note.count()).toBe(1);
      await note.fill("3 楼配电间私拉电线");
      expect(await first.locator(".check-note").count()).toBe(0);
      const opened = await layout(page);
      expect(opened.scroll).toBeLessThanOrEqual(PHONE.width);
      for (const x of opened.targets) expect(x.height, `${x.what}: height`).toBeGreaterThanOrEqual(44);
      await axe.check(page, "monthly check 390 note");
      await second.scrollIntoViewIfNeeded();
      await shot(page, "console-monthly-check-390-2-note", { fullPage: false });

      // the keyboard: Tab reaches the next item's radios, Space answers, an arrow moves to 异常
      await note.focus();
      await page.keyboard.press("Tab");
      // a radio group is named by its item (not its place: the template may change under the form)
      expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("ok:消防设施完好");
      await page.keyboard.press("Space");
      expect(await progress(page)).toBe(`已检查 3 / 共 ${total}，异常 1 项`);
      await page.keyboard.press("ArrowRight");
      expect(await page.getByRole("group", { name: "消防设施完好" }).locator(".check-note").count()).toBe(1);
      expect(await progress(page)).toBe(`已检查 3 / 共 ${total}，异常 2 项`);
      await page.keyboard.press("ArrowLeft");
      expect(await progress(page)).toBe(`已检查 3 / 共 ${total}，异常 1 项`);
      expect(await form.locator("#check-group-GENERAL-toggle .check-count").innerText()).toBe("已检查 3/3");

      // a group folds away and unfolds; the links at the top jump to a group (unfolding it)
      await alarmHead.click();
      expect(await alarmHead.getAttribute("aria-expanded")).toBe("false");
      expect(await form.locator("#check-group-AUTO_FIRE_ALARM-items").isHidden()).toBe(true);
      await shot(page, "console-monthly-check-390-3-folded", { fullPage: false });
      const jump = form.locator(".check-jump a[data-group=AUTO_FIRE_ALARM]");
      expect(await jump.innerText()).toMatch(/^火灾自动报警系统\s+0\/3$/);
      await jump.click();
      expect(await alarmHead.getAttribute("aria-expanded")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("id"))).toBe(
        "check-group-AUTO_FIRE_ALARM-toggle",
      );
      const head = await alarmHead.boundingBox();
      expect(head!.y).toBeGreaterThanOrEqual(0);
      expect(head!.y).toBeLessThan(PHONE.height / 2);

      // saving with items left: how many, and the first of them in sight and focused; nothing stored
      await alarmHead.click();
      await form.locator(".check-bar button[type=submit]").click();
      const left = form.locator(".check-left[role=alert]");
      await expect.poll(() => left.count()).toBe(1);
      expect(await left.innerText()).toBe(`还有 ${total - 3} 项未检查，请逐项选择正常或异常`);
      expect(await alarmHead.getAttribute("aria-expanded")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe(
        "ok:火灾自动报警系统：控制器运行正常、无故障",
      );
      const firstLeft = await form.locator("#check-item-3").boundingBox();
      // the items left are marked invalid for assistive technology too, the answered ones not
      expect(await form.locator("#check-item-3 input[type=radio][aria-invalid=true]").count()).toBe(2);
      expect(await form.locator("input[type=radio][aria-invalid=true]").count()).toBe((total - 3) * 2);
      expect(await form.locator("#check-item-0 input[type=radio][aria-invalid]").count()).toBe(0);
      expect(firstLeft!.y).toBeGreaterThanOrEqual(0);
      expect(firstLeft!.y + firstLeft!.height).toBeLessThanOrEqual(PHONE.height);
      expect(await form.locator("fieldset.check-item[data-state=missing]").count()).toBe(total - 3);
      expect(await prisma.facilityTest.count({ where: { unitId, kind: "MONTHLY_INSPECTION" } })).toBe(before);
      await axe.check(page, "monthly check 390 items left");
      await shot(page, "console-monthly-check-390-4-left", { fullPage: false });

      // the rest of each group is fine: one tap a group
      const rest = form.locator("button.check-rest");
      while (await rest.count()) await rest.first().click();
      expect(await progress(page)).toBe(`已检查 ${total} / 共 ${total}，异常 1 项`);
      expect(await left.count()).toBe(0);
      expect(await form.locator("input[type=radio][aria-invalid]").count()).toBe(0);
      expect(await form.locator(".check-jump a.done").count()).toBe(groupCount);
      await form.locator("input[name=summary]").fill("本月检查一项异常，已转隐患");

      // the form as a whole: axe finds nothing in it, whatever its impact
      await axe.check(page, "monthly check 390 all answered");
      const inForm = await page.evaluate(async (form) => {
        const g = globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } };
        const r = (await g.axe.run(
          { include: [[form]] },
          {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            resultTypes: ["violations"],
          },
        )) as { violations: { id: string; nodes: { target: string[] }[] }[] };
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }, FORM);
      expect(inForm).toEqual([]);
      await shot(page, "console-monthly-check-390-5-done", { fullPage: false });

      await saveCheck(page);
      const stored = await prisma.facilityTest.findMany({
        where: { unitId, kind: "MONTHLY_INSPECTION" },
        orderBy: { createdAt: "desc" },
      });
      expect(stored).toHaveLength(before + 1);
      const results = JSON.parse(stored[0]!.results) as { item: string; ok: boolean; note: string | null }[];
      expect(results).toHaveLength(total);
      expect(results.filter((r) => !r.ok)).toEqual([
        expect.objectContaining({ item: "无违规用火用电", ok: false, note: "3 楼配电间私拉电线" }),
      ]);
      expect(stored[0]!.note).toBe("本月检查一项异常，已转隐患");
      const hazards = await prisma.hazard.findMany({ where: { unitId, description: { contains: "私拉电线" } } });
      expect(hazards).toHaveLength(1);
      // the form starts again, empty
      await expect.poll(() => progress(page)).toBe(`已检查 0 / 共 ${total}`);
      expect((await layout(page)).scroll).toBeLessThanOrEqual(PHONE.width);
      await axe.check(page, "monthly check 390 saved");

      // a desk: each item one line (its words, its two choices, its note), nothing to scroll sideways
      await page.setViewportSize(DESK);
      await page.reload();
      await page.waitForSelector("body[data-ready='1']");
      await page.getByRole("group", { name: "无违规用火用电" }).getByText("异常", { exact: true }).click();
      const rows = await page.evaluate(
        (form) =>
          [...document.querySelectorAll(`${form} fieldset.check-item`)].map((f) => {
            const top = (sel: string) => {
              const e = [...f.querySelectorAll(sel)][0];
              return e ? Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2) : null;
            };
            return {
              height: f.getBoundingClientRect().height,
              legend: top("legend"),
              choices: top(".check-choices"),
              note: top(".check-note input"),
            };
          }),
        FORM,
      );
      for (const r of rows) {
        expect(Math.abs(r.legend! - r.choices!), "the choices beside the item").toBeLessThanOrEqual(4);
        if (r.note === null) expect(r.height).toBeLessThan(50);
      }
      const withNote = rows.filter((r) => r.note !== null);
      expect(withNote).toHaveLength(1);
      expect(Math.abs(withNote[0]!.note! - withNote[0]!.choices!)).toBeLessThanOrEqual(12);
      expect((await layout(page)).scroll).toBeLessThanOrEqual(DESK.width);
      await axe.check(page, "monthly check 1366");
      await page.locator(FORM).screenshot({ path: screenshotPath("console-monthly-check-1366") });
    } finally {
      await s.close();
    }
  });

  it("keeps each answer with its item when a facility added half way through puts its items before them", async () => {
    const { prisma } = t.api.db;
    const unit = await prisma.networkedUnit.findFirstOrThrow({
      where: { name: "示范县人民医院" },
      select: { id: true },
    });
    const unitPath = `/api/units/${encodeURIComponent(unit.id)}`;
    // the hospital's file without its fire alarm system for now: its manager adds it during the check, and its
    // items come in before every other system's (first by kind on either database)
    const token = await t.loginStaff("yy_guanli");
    const file = await t.request<UnitFile>("GET", unitPath, { token });
    const facilities = file.body.facilities
      .filter((x) => x.kind !== "AUTO_FIRE_ALARM")
      .map((x) => ({
        kind: x.kind,
        count: x.count,
        description: x.description,
        maintenanceCompanyId: x.maintenanceCompany?.id ?? null,
        installedOn: x.installedOn,
      }));
    expect((await t.request("PATCH", unitPath, { token, body: { facilities } })).status).toBe(200);
    const before = await prisma.facilityTest.count({ where: { unitId: unit.id, kind: "MONTHLY_INSPECTION" } });

    const s = await signInDesk(t, "yy_guanli", { next: "/console/units", label: "yy_guanli" });
    try {
      const { page } = s;
      await page.setViewportSize(DESK);
      await page.goto(`${t.url}/console/units/${encodeURIComponent(unit.id)}`);
      await page.waitForSelector("body[data-ready='1']");
      const form = page.locator(FORM);
      expect(await form.locator("#check-group-AUTO_FIRE_ALARM").count()).toBe(0);
      const total = await form.locator("fieldset.check-item").count();

      // half way: the general items passed, a fire pump item failed with where, an extinguisher item first
      // marked 异常 with a note, then 正常 (put right on the spot): its note stays, as 说明
      await form.locator("#check-group-GENERAL button.check-rest").click();
      const pump = form.locator("#check-group-FIRE_PUMP").getByRole("group", { name: "阀门处于开启状态" });
      await pump.getByText("异常", { exact: true }).click();
      await pump.getByRole("textbox", { name: /异常情况/ }).fill("消防泵房出水阀被关闭");
      const ext = form.locator("#check-group-EXTINGUISHERS").getByRole("group", { name: "压力指针在绿区" });
      await ext.getByText("异常", { exact: true }).click();
      await ext.getByRole("textbox", { name: /异常情况/ }).fill("2 具压力不足，已现场更换");
      await ext.getByText("正常", { exact: true }).click();
      expect(await progress(page)).toBe(`已检查 5 / 共 ${total}，异常 1 项`);

      // the manager adds the fire alarm system on the same page: the file and the checklist are read again
      await page.locator("#facility-kind").selectOption("AUTO_FIRE_ALARM");
      await page.locator("#facility-add button[type=submit]").click();
      await expect.poll(() => form.locator("fieldset.check-item").count(), { timeout: 20_000 }).toBe(total + 3);
      expect(await form.locator("#check-group-AUTO_FIRE_ALARM fieldset[data-state=open]").count()).toBe(3);
      // every answer is with its item still: the same choice checked, the same note
      expect(await progress(page)).toBe(`已检查 5 / 共 ${total + 3}，异常 1 项`);
      expect(await pump.getAttribute("data-state")).toBe("bad");
      expect(await pump.getByRole("radio", { name: "异常" }).isChecked()).toBe(true);
      expect(await pump.getByRole("textbox", { name: /异常情况/ }).inputValue()).toBe("消防泵房出水阀被关闭");
      expect(await ext.getAttribute("data-state")).toBe("ok");
      expect(await ext.getByRole("radio", { name: "正常" }).isChecked()).toBe(true);
      expect(await ext.getByRole("textbox", { name: /^说明/ }).inputValue()).toBe("2 具压力不足，已现场更换");
      expect(await form.locator("fieldset.check-item[data-state=bad]").count()).toBe(1);
      expect(await form.locator("#check-group-GENERAL fieldset[data-state=ok]").count()).toBe(3);

      // the rest passed and saved: the failed item is the fire pump's, its hazard says what was written for it
      const rest = form.locator("button.check-rest");
      while (await rest.count()) await rest.first().click();
      expect(await progress(page)).toBe(`已检查 ${total + 3} / 共 ${total + 3}，异常 1 项`);
      await saveCheck(page);
      const stored = await prisma.facilityTest.findMany({
        where: { unitId: unit.id, kind: "MONTHLY_INSPECTION" },
        orderBy: { createdAt: "desc" },
      });
      expect(stored).toHaveLength(before + 1);
      const results = JSON.parse(stored[0]!.results) as { item: string; ok: boolean; note: string | null }[];
      expect(results).toHaveLength(total + 3);
      expect(results.filter((r) => !r.ok)).toEqual([
        expect.objectContaining({ item: "消防水泵：阀门处于开启状态", ok: false, note: "消防泵房出水阀被关闭" }),
      ]);
      expect(results.find((r) => r.item === "灭火器：压力指针在绿区")).toEqual(
        expect.objectContaining({ ok: true, note: "2 具压力不足，已现场更换" }),
      );
      expect(results.filter((r) => r.note !== null)).toHaveLength(2);
      const hazards = await prisma.hazard.findMany({ where: { unitId: unit.id, description: { contains: "出水阀" } } });
      expect(hazards).toHaveLength(1);
      expect(hazards[0]!.description).toContain("消防水泵：阀门处于开启状态");
    } finally {
      await s.close();
    }
  });
});
