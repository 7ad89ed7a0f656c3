// The console's alarm screens as a unit's fire meets them (the reviewer's three findings):
// 火警确认 offers the board's "开启报警声音" control, says plainly whether sound is on, and its sentence says
// what is true before and after (browsers play no sound before a click: the browser here keeps a desktop's
// autoplay policy); the live board's card of a unit's alarm names the unit, with the kind called as on
// 火警确认; the card's timeline counts read as counts, not as a fraction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { UNIT_KIND_LABEL } from "../../api/src/contract/labels.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInOn, type Desk } from "./console-desk.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, axe, shot } = consoleSuite("console alarm screens");

describe.skipIf(unavailable !== null)("the console's alarm screens and a unit's fire", () => {
  let t: TestApi;
  let browser: Browser;
  let unitName = "";
  let unitId = "";
  let deviceId = "";

  /** A desk with a desktop browser's sound rule: nothing plays before the page was clicked. */
  const desk = async (username: string, next: string): Promise<Desk> => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const d: Desk = { context, page: await context.newPage(), close: () => context.close() };
    return signInOn(d, t, username, { next });
  };

  const raiseUnitFire = async (key: string, location: string) => {
    const device = (await t.api.services.deviceDirectory.get(deviceId))!;
    const change = await t.api.services.alarms.raiseAt(device, "FIRE", t.api.services.clock.now(), key, {
      point: `1/1/${key.length}`,
      source: "gb26875",
      unitId,
      floor: 3,
      location,
    });
    await t.api.services.centre.service.inflight.idle();
    return change.alarm!.id;
  };

  beforeAll(async () => {
    t = await startTestApi();
    const demo = t.demo as unknown as { gb26875: { devices: { deviceId: string; unitId: string }[] } };
    ({ deviceId, unitId } = demo.gb26875.devices[0]!);
    unitName = (await t.api.db.prisma.networkedUnit.findUniqueOrThrow({ where: { id: unitId } })).name;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, "--autoplay-policy=user-gesture-required"],
    });
  }, 180_000);

  afterAll(async () => {
    console.log(axe.summary());
    await browser?.close();
    await t?.close();
  });

  it("火警确认 offers the sound control, and says whether a new fire will ring, before and after it is on", async () => {
    const d = await desk("yy_zhiban1", "/console/confirm");
    try {
      const page = d.page;
      expect(new URL(page.url()).pathname).toBe("/console/confirm");
      const lead = page.locator("#confirm-lead");
      await lead.waitFor();
      // off: the page does not promise a ring, it says how to get one, and the banner offers the button
      const before = (await lead.textContent()) ?? "";
      expect(before).toContain("点“开启报警声音和桌面提醒”后，有新的待确认火警时还会响铃");
      expect(before).not.toContain("会响铃、标题闪烁");
      const banner = page.locator("#sound-banner");
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toContain("报警声音未开启");
      expect(await page.locator("#sound-state").count()).toBe(0);
      await shot(page, "console-confirm-sound-off", { fullPage: false });
      await axe.check(page, "console-confirm-sound-off");

      await page.locator("#sound-banner button#sound", { hasText: "开启报警声音" }).click();
      // on: said plainly, the banner gone, and the sentence promises the ring
      await page.locator("#sound-state", { hasText: "报警声音已开启" }).waitFor();
      await banner.waitFor({ state: "hidden" });
      const after = (await lead.textContent()) ?? "";
      expect(after).toContain("有新的待确认火警时会响铃、标题闪烁");
      expect(after).not.toContain("点“");

      // a fire waiting now: its card calls it what the board calls it
      const id = await raiseUnitFire("sound-test", "后勤楼 1 层厨房");
      await page.reload();
      const card = page.locator(`.confirm-card[data-id='${id}']`);
      await card.waitFor({ timeout: 15_000 });
      expect(await card.locator("h2").textContent()).toContain(`${UNIT_KIND_LABEL.FIRE} · ${unitName}`);
      await shot(page, "console-confirm-sound-on", { fullPage: false });
    } finally {
      await d.close();
    }
  });

  describe("the live board's card of a unit's alarm", () => {
    let d: Desk;
    let id = "";
    beforeAll(async () => {
      id = await raiseUnitFire("board-unit-test", "住院部病区 走廊东侧");
      d = await desk("supervisor", "/console/board");
      await d.page.waitForSelector("body[data-ready='1']");
    }, 60_000);
    afterAll(async () => {
      await d?.close();
    });
    const card = () => d.page.locator(`article.alarm[data-id='${id}']`);

    it("names the unit on fire first, then the place in it, and calls it as 火警确认 does", async () => {
      await card().waitFor({ timeout: 15_000 });
      await expect
        .poll(() => card().locator("h2").textContent(), { timeout: 15_000 })
        .toBe(`${UNIT_KIND_LABEL.FIRE} · ${unitName} · 住院部病区 走廊东侧`);
      await shot(d.page, "console-board-unit-alarm", { fullPage: false });
      await axe.check(d.page, "console-board-unit-alarm");
    });

    it("counts its timeline plainly, not as a fraction", async () => {
      const summary = card().locator("details summary").first();
      await summary.waitFor({ timeout: 15_000 });
      await expect
        .poll(async () => ((await summary.textContent()) ?? "").trim(), { timeout: 15_000 })
        .toMatch(/^处置记录 \d+ 条 · 通知 \d+ 条$/);
    });
  });
});
