// Two screens of the staff console in headless Chromium: the hospital's responsible person stops (停用) a
// control-room operator who left on 人员与邀请, after the confirm dialog, and the row says 已停用 (the person's
// sign-in is refused), then restarts (恢复) them and gives them a new code (重新生成邀请码, the screen's words); a
// township coordinator is offered only their own township to register a unit in and to filter the register by.
// Each page is checked with axe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk, type Desk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console staff");

describe.skipIf(unavailable !== null)("stopping a person and the townships offered in the staff console", () => {
  let t: TestApi;
  const desks: Desk[] = [];
  const signIn = async (username: string): Promise<Desk> => {
    const d = await signInDesk(t, username, { label: "" });
    desks.push(d);
    return d;
  };
  const login = (username: string) =>
    t.request("POST", "/api/auth/staff/login", {
      body: { username, password: t.demo.staff.find((s) => s.username === username)!.password },
    });

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    for (const d of desks) await d.close();
    await t?.close();
    console.log(axe.summary());
  });

  it("the responsible person stops an operator who left, then restarts them", { timeout: 180_000 }, async () => {
    const { page } = await signIn("yy_zeren");
    await page.goto(`${t.url}/console/invites`);
    await page.waitForSelector("body[data-ready='1']");
    const row = page.locator("#team tbody tr[data-staff='yy_zhiban2']");
    expect(await row.textContent()).toContain("已设置密码");

    // the dialog says what happens; 返回 changes nothing
    await row.locator("button.disable").click();
    const dialog = page.locator("dialog#confirm[open]");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("不能再登录");
    // this screen's words: the unit's own notices (the accounts screen says the county's)
    expect(await dialog.textContent()).toContain("不再接收本单位的火警、查岗和值班通知");
    await axe.check(page, "stop a person: the question");
    await dialog.locator("button.confirm-no").click();
    await dialog.waitFor({ state: "detached" }).catch(() => undefined);
    expect(await page.locator("dialog#confirm[open]").count()).toBe(0);
    expect((await login("yy_zhiban2")).status).toBe(200);

    await row.locator("button.disable").click();
    await page.locator("dialog#confirm[open] button.confirm-yes").click();
    await expect.poll(async () => await row.textContent()).toContain("已停用");
    expect(await page.textContent("#team-result")).toContain("已停用");
    expect(await row.locator("button.disable").count()).toBe(0);
    expect(await row.locator("button.reissue").count()).toBe(0);
    expect((await login("yy_zhiban2")).status).toBe(401);
    await axe.check(page, "a stopped person");
    await shot(page, "console-invites-stopped");

    await row.locator("button.restore").click();
    await page.locator("dialog#confirm[open] button.confirm-yes").click();
    await expect.poll(async () => await row.textContent()).toContain("已设置密码");
    expect(await page.textContent("#team-result")).toContain("已恢复");
    expect(await row.locator("button.disable").count()).toBe(1);
    expect((await login("yy_zhiban2")).status).toBe(200);

    // a new code for them: asked in this screen's words, then shown once by the form
    await row.locator("button.reissue").click();
    const ask = page.locator("dialog#confirm[open]");
    await ask.waitFor();
    expect(await ask.textContent()).toContain("重新生成邀请码？");
    expect(await ask.locator("button.confirm-yes").textContent()).toBe("重新生成邀请码");
    await ask.locator("button.confirm-yes").click();
    expect((await page.locator("#invite-code").textContent({ timeout: 10_000 }))!.trim()).toMatch(
      /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/,
    );
    expect(await page.textContent("#invite-code-box")).toContain("只显示这一次");
    expect(await page.locator("#team-result").count()).toBe(0);
  });

  it("the coordinator of 城关街道 is offered their own township only", { timeout: 120_000 }, async () => {
    const { page } = await signIn("coordinator");
    await page.goto(`${t.url}/console/units`);
    await page.waitForSelector("body[data-ready='1']");
    const names = (selector: string) =>
      page
        .locator(`${selector} option`)
        .evaluateAll((os) => os.filter((o) => o.getAttribute("value")).map((o) => o.textContent));
    expect(await names("#unit-create select[name=townshipId]")).toEqual(["城关街道"]);
    expect(await names("#unit-filters select[name=townshipId]")).toEqual(["城关街道"]);
    await axe.check(page, "units: a coordinator");
  });
});
