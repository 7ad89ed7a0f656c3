// 实时报警's card of a networked unit's fire signal (the centre chases it: countdown, verdict, 119), in headless
// Chromium with axe. Its messages name every channel in words (a hand-off to 119 read "HANDOFF_119"); the
// administrator (a role that gives verdicts) closes it with 火警确认's words, a false alarm with its cause, and the
// close is the centre's verdict: the alarm was reported to 119 after its deadline, so 119 gets the withdrawal
// notice; the fire supervisor, who gives no verdict, is told who does instead of a close the API would refuse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Alert119StandIn } from "../../api/stand-ins/alert119/index.ts";
import { NOTIFICATION_CHANNEL_LABEL } from "../../api/src/contract/labels.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk, type Desk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console board unit close");
const CHANNEL_CODES = /\b(WECHAT|SMS|VOICE|PUSH|CONSOLE|HANDOFF_119)\b/;

describe.skipIf(unavailable !== null)("closing a unit's fire signal on the live board", () => {
  const standIn = new Alert119StandIn();
  let t: TestApi;
  let id = "";

  beforeAll(async () => {
    const url = await standIn.start();
    t = await startTestApi({ env: { ALERT_119_URL: url, ALERT_119_SECRET: standIn.secret } });
    const uitd = (t.demo as unknown as { gb26875: { devices: { deviceId: string; unitId: string }[] } }).gb26875
      .devices[0]!;
    const device = (await t.api.services.deviceDirectory.get(uitd.deviceId))!;
    const at = t.api.services.clock.now();
    const change = await t.api.services.alarms.raiseAt(device, "FIRE", at, "board-unit-close", {
      point: "1/1/21",
      source: "gb26875",
      unitId: uitd.unitId,
      floor: 4,
      location: "住院楼 4 层 配餐间",
    });
    id = change.alarm!.id;
    await t.api.services.centre.service.inflight.idle();
    // past its deadline with no verdict: reported to 119 as the timeout step does (the stand-in acknowledges)
    await t.api.db.prisma.alarm.update({
      where: { id },
      data: { confirmDeadlineAt: new Date(at.getTime() - 1000), report119: true },
    });
    await t.api.services.centre.handoff.start(id, "timeout");
    await t.api.services.centre.handoff.inflight.idle();
    expect(standIn.incidents.get(id)).toBeDefined();
  }, 180_000);
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
    await standIn.stop();
  });

  const openBoard = async (username: string): Promise<Desk> => {
    const d = await signInDesk(t, username, { next: "/console/board" });
    await d.page.waitForSelector("body[data-ready='1']");
    return d;
  };
  const cardOf = (d: Desk) => d.page.locator(`article.alarm[data-id='${id}']`);

  it("tells the fire supervisor who gives the verdict, and names the 119 hand-off in words", async () => {
    const d = await openBoard("supervisor");
    try {
      const card = cardOf(d);
      await card.locator("details summary").first().click({ timeout: 15_000 });
      await card.locator("ol.notifications li").first().waitFor({ timeout: 15_000 });
      const messages = (await card.locator("ol.notifications").textContent()) ?? "";
      expect(messages).toContain(`${NOTIFICATION_CHANNEL_LABEL.HANDOFF_119} → 119 指挥中心：已送达`);
      expect((await card.textContent()) ?? "").not.toMatch(CHANNEL_CODES);
      await card.locator(".needs-verdict").waitFor();
      expect(await card.locator(".needs-verdict").textContent()).toContain("在“火警确认”中确认是否真实火警");
      expect(await card.locator("select[aria-label^='确认结果'], button.resolve").count()).toBe(0);
      await shot(d.page, "console-board-unit-needs-verdict", { fullPage: false });
      await axe.check(d.page, "console-board-unit-needs-verdict");
    } finally {
      await d.close();
    }
  });

  it("lets the administrator close it as 误报 with its cause: the verdict is recorded and 119 is told", async () => {
    const d = await openBoard("admin");
    try {
      const { page } = d;
      const card = cardOf(d);
      const select = card.locator(`#resolution-${id}`);
      await select.waitFor({ timeout: 15_000 });
      const options = await select.locator("option").allTextContents();
      expect(options).toEqual(["确认是否真实火警…", "真实火警", "误报", "测试", "设备故障"]);
      await select.selectOption("FALSE_ALARM");
      await card.locator("button.resolve").click();
      await card.locator(".card-message", { hasText: "误报请在备注中填写原因" }).waitFor();
      expect(await card.locator(`#note-${id}`).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await card.locator(`#note-${id}`).fill("配餐间蒸汽");
      await card.locator("button.resolve").click();
      const dialog = page.locator("dialog#confirm[open]");
      await dialog.waitFor();
      const words = (await dialog.locator(".confirm-text").textContent()) ?? "";
      expect(words).toContain("记为「误报」");
      expect(words).toContain("撤警通报");
      await shot(page, "console-board-unit-close-ask", { fullPage: false });
      await axe.check(page, "console-board-unit-close-ask");
      await dialog.locator("button.confirm-yes").click();
      await card.locator(".undo-bar").waitFor();
      // sent when the undo window ends: the card leaves, the verdict is the centre's, 119 has the withdrawal
      await card.waitFor({ state: "detached", timeout: 30_000 });
      expect(await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id } })).toMatchObject({
        verdict: "FALSE_ALARM",
        verdictCause: "配餐间蒸汽",
        status: "RESOLVED",
      });
      await expect.poll(() => standIn.withdrawals.get(id)?.payload.verdict, { timeout: 15_000 }).toBe("FALSE_ALARM");
      expect(standIn.rejected).toEqual([]);
      await axe.check(page, "console-board-unit-closed");
    } finally {
      await d.close();
    }
  });
});
