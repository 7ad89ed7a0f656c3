// 账号管理 in headless Chromium: the county's administrator finds the fire supervisor by name, stops them
// after the confirm dialog (the row says 已停用 and their sign-in is refused), restores them, and gives them a
// new invitation code, shown once with how to use it, with which the supervisor sets a new password; the
// administrator makes a township coordinator with the township chosen from the list, and moves the demo's
// coordinator to another township (修改所属: the same picker; the row says the new township, their sign-in
// ends); the programme office finds no administrators; a property manager cannot open the page and has no
// entry for it. Each page is checked with axe; screenshots in test-results/screenshots/console-accounts*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, openDesk, signInDesk, type Desk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console accounts");

describe.skipIf(unavailable !== null)("账号管理 in the staff console", () => {
  let t: TestApi;
  const desks: Desk[] = [];
  const signIn = async (username: string, password?: string): Promise<Desk> => {
    const d = await signInDesk(t, username, { label: "", ...(password ? { password } : {}) });
    desks.push(d);
    return d;
  };
  const login = (username: string, password = t.demo.staff.find((s) => s.username === username)!.password) =>
    t.request("POST", "/api/auth/staff/login", { body: { username, password } });

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    for (const d of desks) await d.close();
    await t?.close();
    console.log(axe.summary());
  });

  it(
    "the administrator finds the supervisor, stops and restores them, and gives them a new code",
    { timeout: 240_000 },
    async () => {
      const { page } = await signIn("admin");
      await page.goto(`${t.url}/console/home`);
      await page.waitForSelector("body[data-ready='1']");
      await page.click("header.bar nav a[href='/console/accounts']");
      await page.waitForURL(`${t.url}/console/accounts`);
      // the board's readiness may still stand as the app changes screen in place: wait for this one's table
      await page.waitForSelector("#accounts");
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.textContent("h1")).toBe("账号管理");
      await axe.check(page, "accounts");

      // find one person by name
      await page.fill("#account-filters input[name=q]", "孙队长");
      await page.click("#account-filters button[type=submit]");
      await page.waitForURL((u) => u.searchParams.get("q") === "孙队长");
      await page.waitForSelector("#accounts tbody tr[data-account='supervisor']");
      expect(await page.locator("#accounts tbody tr").count()).toBe(1);
      const row = page.locator("#accounts tbody tr[data-account='supervisor']");
      const text = (await row.textContent())!;
      expect(text).toContain("消防监督员");
      expect(text).toContain("全县");
      expect(text).toContain("已启用");
      expect(text).toMatch(/1\d{2}\*{4}\d{4}/);
      expect(await page.textContent("#account-total")).toContain("1");

      // the dialog says what happens; 返回 changes nothing
      await row.locator("button.disable").click();
      const dialog = page.locator("dialog#confirm[open]");
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain("不能再登录");
      // the county's screen: not one unit's notices (人员与邀请 says 本单位的)
      expect(await dialog.textContent()).toContain("也不再接收火警、查岗和值班通知");
      await axe.check(page, "accounts: stop, the question");
      await dialog.locator("button.confirm-no").click();
      expect((await login("supervisor")).status).toBe(200);

      await row.locator("button.disable").click();
      await page.locator("dialog#confirm[open] button.confirm-yes").click();
      await expect.poll(async () => await row.textContent()).toContain("已停用");
      expect(await page.textContent("#account-result")).toContain("已停用");
      expect(await row.locator("button.reissue").count()).toBe(0);
      expect((await login("supervisor")).status).toBe(401);
      await axe.check(page, "accounts: a stopped person");

      await row.locator("button.restore").click();
      await page.locator("dialog#confirm[open] button.confirm-yes").click();
      await expect.poll(async () => await row.textContent()).toContain("已启用");
      expect(await page.textContent("#account-result")).toContain("已恢复");
      expect((await login("supervisor")).status).toBe(200);

      // a new code for someone who forgot their password: shown once, with how to use it
      await row.locator("button.reissue").click();
      expect(await page.locator("dialog#confirm[open]").textContent()).toContain("重发邀请码？");
      await page.locator("dialog#confirm[open] button.confirm-yes").click();
      const code = (await page.locator("#account-code").textContent({ timeout: 10_000 }))!.trim();
      expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
      expect(await page.textContent("#account-result")).toContain("已为 孙队长 生成新的邀请码");
      const box = (await page.textContent("#account-code-box"))!;
      expect(box).toContain("只显示这一次");
      expect(box).toContain("/console/accept-invite");
      expect(box).toContain("supervisor");
      await axe.check(page, "accounts: a new code");
      await shot(page, "console-accounts-code");

      const fresh = await openDesk({ label: "" });
      desks.push(fresh);
      await fresh.page.goto(`${t.url}/console/accept-invite`);
      await fresh.page.waitForSelector("body[data-ready='1']");
      await fresh.page.fill("#accept-form input[name=code]", code);
      await fresh.page.fill("#accept-form input[name=password]", "Jian-du 2027!");
      await fresh.page.fill("#accept-form input[name=again]", "Jian-du 2027!");
      await fresh.page.click("#accept-form button[type=submit]");
      await fresh.page.waitForSelector("#accept-done");
      expect((await login("supervisor", "Jian-du 2027!")).status).toBe(200);
      expect((await login("supervisor")).status).toBe(401);
    },
  );

  it(
    "the administrator makes a township coordinator, the township chosen from the list",
    { timeout: 120_000 },
    async () => {
      const { page } = await signIn("admin");
      await page.goto(`${t.url}/console/accounts`);
      await page.waitForSelector("body[data-ready='1']");
      await page.selectOption("#account-create select[name=role]", "TOWNSHIP_COORDINATOR");
      const townships = await page
        .locator("#account-create select[name=scope] option")
        .evaluateAll((os) => os.filter((o) => o.getAttribute("value")).map((o) => o.textContent));
      expect(townships).toContain("城关街道");
      await page.selectOption("#account-create select[name=scope]", { label: "城关街道" });
      await page.fill("#account-create input[name=username]", "cg_xietiao3");
      await page.fill("#account-create input[name=name]", "钱协调");
      await page.click("#account-create button[type=submit]");
      expect((await page.locator("#account-code").textContent({ timeout: 10_000 }))!.trim()).toMatch(/^[A-Z2-9-]{19}$/);
      await page.fill("#account-filters input[name=q]", "cg_xietiao3");
      await page.click("#account-filters button[type=submit]");
      const row = page.locator("#accounts tbody tr[data-account='cg_xietiao3']");
      await row.waitFor();
      expect(await row.textContent()).toContain("城关街道");
      expect(await row.textContent()).toContain("未设密码");
      expect(await row.textContent()).toContain("从未登录");
      await axe.check(page, "accounts: a new coordinator");
      await shot(page, "console-accounts");
    },
  );

  it(
    "the administrator moves the coordinator to another township and sees it in the table",
    { timeout: 120_000 },
    async () => {
      const session = await t.request<{ accessToken: string }>("POST", "/api/auth/staff/login", {
        body: { username: "coordinator", password: t.demo.staff.find((s) => s.username === "coordinator")!.password },
      });
      expect(session.status).toBe(200);
      const { page } = await signIn("admin");
      await page.goto(`${t.url}/console/accounts?q=coordinator`);
      await page.waitForSelector("body[data-ready='1']");
      const row = page.locator("#accounts tbody tr[data-account='coordinator']");
      expect(await row.textContent()).toContain("城关街道");
      // a county-wide account has nothing to move
      await page.goto(`${t.url}/console/accounts?q=supervisor`);
      await page.waitForSelector("#accounts tbody tr[data-account='supervisor']");
      expect(await page.locator("#accounts tbody tr[data-account='supervisor'] button.move").count()).toBe(0);
      await page.goto(`${t.url}/console/accounts?q=coordinator`);
      await row.waitFor();

      await row.locator("button.move").click();
      const form = page.locator("#account-move");
      await form.waitFor();
      expect(await page.textContent("#move-title")).toContain("吴主任");
      // the same picker as the create form: the county's townships, the current one chosen and said so
      const offered = await form
        .locator("select[name=scope] option")
        .evaluateAll((os) => os.filter((o) => o.getAttribute("value")).map((o) => o.textContent));
      expect(offered).toEqual(expect.arrayContaining(["城关街道（现在）", "青石镇"]));
      expect(await form.locator("button[type=submit]").isDisabled()).toBe(true);
      // and looks it: a disabled button is grey, not the primary blue it turns once another township is chosen
      const look = () =>
        form
          .locator("button[type=submit]")
          .evaluate(
            (b) =>
              (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(
                b,
              ).backgroundColor,
          );
      const disabledLook = await look();
      await axe.check(page, "accounts: move a coordinator");
      await form.locator("select[name=scope]").selectOption({ label: "青石镇" });
      expect(await look()).not.toBe(disabledLook);
      expect(await look()).toBe("rgb(51, 78, 104)");
      await form.locator("button[type=submit]").click();

      await expect.poll(async () => await row.textContent()).toContain("青石镇");
      expect(await row.textContent()).not.toContain("城关街道");
      expect(await page.textContent("#account-result")).toContain("青石镇");
      expect(await page.locator("#account-move").count()).toBe(0);
      // their sign-in ended: the next request is refused, and they sign in again into 青石镇
      expect((await t.request("GET", "/api/me", { token: session.body.accessToken })).status).toBe(401);
      const moved = await t.api.db.prisma.staffUser.findUniqueOrThrow({
        where: { username: "coordinator" },
        include: { township: true },
      });
      expect(moved.township?.name).toBe("青石镇");
      await shot(page, "console-accounts-move");
    },
  );

  it(
    "the programme office sees no administrators; a property manager cannot open the page",
    { timeout: 120_000 },
    async () => {
      const office = await signIn("programme");
      await office.page.goto(`${t.url}/console/accounts?q=${encodeURIComponent("系统管理员")}`);
      await office.page.waitForSelector("body[data-ready='1']");
      expect(await office.page.textContent("#accounts")).toContain("没有符合条件的账号");
      expect(await office.page.locator("#account-filters select[name=role] option[value=ADMIN]").count()).toBe(0);
      await axe.check(office.page, "accounts: programme office");

      const manager = await signIn("manager_a");
      expect(await manager.page.locator("header.bar nav a[href='/console/accounts']").count()).toBe(0);
      const res = await manager.page.goto(`${t.url}/console/accounts`);
      expect(res?.status()).toBe(403);
      expect(await manager.page.textContent("main")).toContain("不能查看此页面");
      await axe.check(manager.page, "accounts: refused");
    },
  );
});
