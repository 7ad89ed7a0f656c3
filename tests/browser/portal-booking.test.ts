// Group booking on the public portal in headless Chromium (issue 7, "book a group session"): a township
// coordinator starts from the public centres page, is sent to sign in and back to the form, books a session,
// sees it confirmed with the QR ticket and in "my group bookings"; a group larger than the seats left is
// waitlisted with the reason, and one larger than the session is refused with the reason. Screenshots go
// to test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import type { SessionView } from "../../api/src/contract/bookings.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";
import { axeChecker } from "./axe.ts";

async function go(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation(), target.click()]);
}
const text = async (l: Locator) => ((await l.first().textContent()) ?? "").trim();
const formHref = (id: string) => `/console/group-bookings/new?session=${encodeURIComponent(id)}`;

const unavailable = browserUnavailable();
if (unavailable && process.env.CI === "true") throw new Error(`browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`portal booking browser tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)("group booking on the portal in headless Chromium", () => {
  let t: TestApi;
  let browser: Browser;
  let sessions: SessionView[];
  const password = (u: string) => t.demo.staff.find((s) => s.username === u)!.password;
  /** sessions from tomorrow on (county time), so none has started or is inside a cut-off */
  const later = () => {
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    return sessions.filter((s) => s.status === "OPEN" && s.date >= tomorrow);
  };
  const seatsLeft = async (id: string) => (await t.request<SessionView>("GET", `/api/sessions/${id}`)).body.seatsLeft;

  async function fillGroup(page: Page, v: { name: string; type: string; count: number }): Promise<void> {
    await page.getByLabel("团体名称").fill(v.name);
    await page.getByLabel("团体类型").selectOption({ label: v.type });
    await page.getByLabel(/^人数/).fill(String(v.count));
    await page.getByLabel("联系人").fill("李老师");
    await page.getByLabel("联系电话").fill("13800138000");
  }

  beforeAll(async () => {
    t = await startTestApi();
    sessions = (await t.request<{ items: SessionView[] }>("GET", "/api/sessions")).body.items;
    browser = await openBrowser();
  });
  // every page shown is checked by axe first (issue 22 item 10): a serious or critical violation fails the test
  const axe = axeChecker("portal group booking");
  const shot = async (page: Page, name: string) => {
    await axe.check(page, name);
    await browser.shot(page, name);
  };
  afterAll(async () => {
    console.log(axe.summary());
    await browser?.close();
    await t?.close();
  });

  it("a coordinator books a group session from the centres page and sees it confirmed and in my group bookings", async () => {
    const session = later().find((s) => s.seatsLeft >= 20)!;
    expect(session).toBeDefined();
    const page = await browser.newPage();
    await page.goto(`${t.url}/centres`);
    // group booking is offered to coordinators, apart from the sessions every reader sees
    const forCoordinators = page.locator("details.coordinator-only", {
      has: page.locator(`a[href="${formHref(session.id)}"]`),
    });
    expect(await text(page.locator("main .card > ul > li", { hasText: session.title }))).not.toContain("预约");
    expect(await page.locator(`a[href="${formHref(session.id)}"]`).isVisible()).toBe(false);
    await forCoordinators.locator("summary").click();
    await go(page, forCoordinators.locator(`a[href="${formHref(session.id)}"]`));
    expect(await text(page.locator("h1"))).toBe("团体预约");
    expect(await text(page.locator("main"))).toContain(session.centreName);
    expect(await text(page.locator("main"))).toContain("请先登录");
    await shot(page, "portal-booking-form-signed-out");

    // sign in and come back to the same form
    await go(page, page.getByRole("link", { name: "协调员登录" }));
    expect(await text(page.locator("h1"))).toBe("协调员登录");
    await page.getByLabel("用户名或手机号").fill("coordinator");
    await page.getByLabel("密码").fill(password("coordinator"));
    await go(page, page.getByRole("button", { name: "登录" }));
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(formHref(session.id));
    expect(await text(page.locator("main"))).toContain("吴主任");
    expect(await text(page.locator("main"))).not.toContain("请先登录");

    // large type for elderly readers, every field labelled
    const size = await page.getByLabel("团体名称").evaluate((el) => {
      const view = globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } };
      return parseFloat(view.getComputedStyle(el).fontSize);
    });
    expect(size).toBeGreaterThanOrEqual(20);
    await fillGroup(page, { name: "城关第一小学五年级二班", type: "学校", count: 12 });
    await shot(page, "portal-booking-form-filled");
    await go(page, page.getByRole("button", { name: "提交团体预约" }));

    expect(await text(page.locator("h1"))).toBe("团体预约详情");
    const main = await text(page.locator("main"));
    expect(main).toContain("预约成功");
    expect(main).toContain("已为 12 人确认名额");
    // the booking is named by the number people read out (its ticket's 8 digits), never by its row id
    const id = page.url().split("/").at(-1)!;
    expect(main).not.toContain(id);
    const ref = await text(page.getByTestId("ticket-number"));
    expect(main).toContain(`预约编号${ref}`);
    const qr = page.getByRole("img", { name: /入场二维码/ });
    await expect
      .poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    // the number read out at the desk when the QR cannot be scanned: 8 digits, grouped, not the long token
    expect(ref).toMatch(/^\d{4} \d{4}$/);
    await shot(page, "portal-booking-confirmed");
    expect(await seatsLeft(session.id)).toBe(session.seatsLeft - 12);

    await go(page, page.getByRole("link", { name: "查看我的团体预约" }));
    expect(await text(page.locator("h1"))).toBe("我的团体预约");
    const item = page.locator("li.card", { hasText: ref });
    expect(await text(item)).toContain("城关第一小学五年级二班");
    expect(await text(item)).toContain("已确认");
    expect(await item.getByRole("button", { name: /^取消预约/ }).count()).toBe(1);
    await shot(page, "portal-booking-mine");
    await page.close();
  });

  it("a group larger than the seats left is waitlisted, and one larger than the session refused, with the reason", async () => {
    const session = later().find((s) => s.capacity <= 12 && s.seatsLeft === s.capacity)!;
    expect(session).toBeDefined();
    const page = await browser.newPage(); // the same browser profile: still signed in
    const book = async (name: string, count: number) => {
      await page.goto(`${t.url}${formHref(session.id)}`);
      await fillGroup(page, { name, type: "社区", count });
      await go(page, page.getByRole("button", { name: "提交团体预约" }));
    };

    await book("幸福小区业主志愿队", session.capacity - 4);
    expect(await text(page.locator("main"))).toContain("预约成功");

    // 4 seats left, 6 people: in line, and told why
    await book("幸福小区老年协会", 6);
    const waiting = await text(page.locator("main"));
    expect(waiting).toContain("已进入候补");
    expect(waiting).toContain("名额已满");
    expect(waiting).toContain("您排在第 1 位");
    await shot(page, "portal-booking-waitlisted");
    expect(await seatsLeft(session.id)).toBe(4);

    // more people than the session holds: refused, the form kept, the reason in Chinese
    await book("县实验中学初一年级", session.capacity + 30);
    expect(await text(page.locator("h1"))).toBe("团体预约");
    const alert = page.getByRole("alert").filter({ hasText: "未能预约" });
    expect(await text(alert)).toContain(`人数超过本场次容量（${session.capacity} 人），请分场次预约`);
    expect(await page.getByLabel("团体名称").inputValue()).toBe("县实验中学初一年级");
    await shot(page, "portal-booking-refused");
    expect(await seatsLeft(session.id)).toBe(4);

    // the waitlisted booking is in my group bookings, and leaving the line is allowed
    await page.goto(`${t.url}/console/group-bookings`);
    const item = page.locator("li.card", { hasText: "幸福小区老年协会" });
    expect(await text(item)).toContain("候补中（候补第 1 位）");
    await go(page, item.getByRole("button", { name: /^退出候补/ }));
    expect(await text(page.getByRole("status").first())).toContain("已取消“幸福小区老年协会”");
    expect(await text(page.locator("li.card", { hasText: "幸福小区老年协会" }))).toContain("已取消");
    await page.close();
  });
});
