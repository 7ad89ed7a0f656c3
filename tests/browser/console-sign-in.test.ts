// Signing in to the staff console in headless Chromium: the form as a bookmark opens it and as a sign-out
// leaves it brings each role to its own page, never a refusal; the county's editors find 科普内容 in the
// bar and nobody else does. Screenshots: test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, openDesk, signInDesk, signInOn, submitSignIn, type Desk } from "./console-desk.ts";
import { isEditor } from "../../api/src/modules/education/workflow.ts";

const { unavailable, axe, axeShot: shot } = consoleSuite("console sign-in");

describe.skipIf(unavailable !== null)("signing in to the staff console in headless Chromium", () => {
  let t: TestApi;
  let manager: Desk;

  beforeAll(async () => {
    t = await startTestApi();
    manager = await signInDesk(t, "manager_a", { label: "manager_a" });
  });
  afterAll(async () => {
    console.log(axe.summary());
    await manager?.close();
    await t?.close();
  });

  it("the sign-in form opened directly, and again after signing out, leads to the role's own page", async () => {
    // a bookmarked /console/login carries no page to go to: the form sent the editors' page, so every role
    // but the editors' landed on 没有权限 (found trying the console as a new user, 4 December 2026)
    const d = await openDesk({ label: "manager_a (login form)" });
    try {
      const { page } = d;
      const landsOnBoard = async () => {
        expect(new URL(page.url()).pathname).not.toBe("/console/content"); // the editors' page: 没有权限
        await page.waitForSelector("body[data-ready='1']");
        expect(new URL(page.url()).pathname).toBe("/console/board");
        expect(await page.textContent("h1")).toContain("实时报警");
      };
      await signInOn(d, t, "manager_a", { next: null });
      await landsOnBoard();
      await Promise.all([
        page.waitForURL((u) => u.pathname === "/console/login"),
        page.click("header form[action='/console/logout'] button"),
      ]);
      await submitSignIn(d, t, "manager_a"); // the form the sign-out left on the screen
      await landsOnBoard();
    } finally {
      await d.close();
    }
  });

  it("signs a property manager in to the live board", async () => {
    expect(new URL(manager.page.url()).pathname).toBe("/console/board");
    await manager.page.waitForSelector("body[data-ready='1']");
    expect(await manager.page.textContent("header .who")).toContain("物业经理");
    await shot(manager.page, "console-board-signed-in");
  });

  it(
    "every role signs in on the bare form to a page it may open; only the editors' bar has 科普内容",
    { timeout: 300_000 },
    async () => {
      // one account of each role in the demo county
      const byRole = new Map<string, string>();
      for (const s of t.demo.staff) if (!byRole.has(s.role)) byRole.set(s.role, s.username);
      expect(byRole.size).toBeGreaterThanOrEqual(10);
      let editors = 0;
      for (const [role, username] of byRole) {
        const d = await openDesk({ label: `${username} (bare form)` });
        try {
          await signInOn(d, t, username, { next: null });
          const { page } = d;
          expect(await page.locator("h1").first().textContent(), role).not.toContain("没有权限");
          // the bar is drawn, lighting the page the role landed on (the app's screens draw it after the session)
          await page.waitForSelector("header nav a[aria-current='page']", { timeout: 20_000 }).catch(() => {
            throw new Error(`${role}: no bar lighting its page at ${page.url()}`);
          });
          const bar = page.locator("header nav");
          const content = bar.getByRole("link", { name: "科普内容" });
          if (!isEditor(role as Parameters<typeof isEditor>[0])) {
            expect(await content.count(), role).toBe(0);
            continue;
          }
          editors += 1;
          await Promise.all([page.waitForURL((u) => u.pathname === "/console/content"), content.click()]);
          expect(await page.locator("h1").textContent(), role).toBe("内容管理");
          // and back to the console from the editors' pages
          await Promise.all([
            page.waitForURL((u) => u.pathname !== "/console/content"),
            page.getByRole("link", { name: "‹ 管理台" }).click(),
          ]);
          await page.locator("header nav").getByRole("link", { name: "科普内容" }).waitFor();
        } finally {
          await d.close();
        }
      }
      expect(editors).toBe(2); // the fire supervisor and the administrator
    },
  );

  it("shows every role's staff the same sign-in page", async () => {
    const d = await openDesk({ label: "sign-in page" });
    try {
      await d.page.goto(`${t.url}/console/login`);
      expect(await d.page.locator("h1").textContent()).toBe("安心消防管理台登录");
      expect(await d.page.locator("main").innerText()).not.toContain("编辑登录");
      await shot(d.page, "console-sign-in");
    } finally {
      await d.close();
    }
  });
});
