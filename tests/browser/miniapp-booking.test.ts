// Experience-centre booking in the residents' mini-program as H5, in headless Chromium against the real API
// with demo data (issue 6): a resident finds the centres (nearest first, from the browser's location), books
// a session for two people (减一人 visibly disabled at one), sees the ticket QR centred with its 8-digit
// number; centre staff sign in, type that number on the check-in page (H5 has no scanner): checked in, and a
// second time "already used" by whom; the resident cancels another booking; a township coordinator books a
// group and saves its attendee list, and a centre staff account is not offered group bookings. axe-core
// checks every page on the way; screenshots saved.
//
// Check-in is valid only on the session's day, so the API and the page run on a shifted clock: it is 08:00
// county time on the next day the county centre is open, and time flows normally from there.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import type { BookingView, CentreView, SessionView } from "../../api/src/contract/bookings.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";
import { axeChecker, computedStyle } from "./axe.ts";
import { taroPageSettled } from "./taro-page.ts";

const h5Index = path.resolve(import.meta.dirname, "../../miniapp/dist/h5/index.html");
const unavailable =
  browserUnavailable() ?? (existsSync(h5Index) ? null : "the H5 build is missing (npm run build:h5 -w miniapp)");
if (unavailable && process.env.CI === "true") throw new Error(`H5 browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`[skipped] mini-program H5 booking browser tests: ${unavailable}`);

const DAY = 86_400_000;
/** 08:00 county time (00:00 UTC) on the next county day that is not a Monday (the county centre is closed then). */
function virtualStart(realNow: number): number {
  let day = Math.floor((realNow + 8 * 3600_000) / DAY) + 1;
  if (new Date(day * DAY).getUTCDay() === 1) day += 1;
  return day * DAY;
}
const OFFSET = virtualStart(Date.now()) - Date.now();
const clock = { now: () => new Date(Date.now() + OFFSET) };
const today = () => new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const h5 = (t: TestApi, route: string) => `${t.url}/h5/#${route}`;
const axe = axeChecker("mini-program H5 booking");
/**
 * Screenshot once the page's slide-in animation has finished, and check the page with axe. Some calls follow
 * a tap at once (go-checkin): the wait covers the new page arriving too, as it is the current route's page.
 */
async function settle(browser: Browser, page: Page, name: string): Promise<void> {
  await taroPageSettled(page);
  await browser.shot(page, name);
  await axe.check(page, name);
}
const input = (page: Page, id: string) =>
  page.locator(`[data-testid="${id}"] input, input[data-testid="${id}"]`).first();

describe.skipIf(unavailable !== null)("mini-program booking (H5) in headless Chromium", () => {
  let t: TestApi;
  let browser: Browser;
  let resident: Page;
  let county: CentreView;
  let todaySession: SessionView;
  let laterSession: SessionView;
  let ticket = "";
  let number = "";
  let firstBookingId = "";

  async function openPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.clock.install({ time: clock.now() });
    return page;
  }

  beforeAll(async () => {
    t = await startTestApi({ clock });
    const centres = (await t.request<{ items: CentreView[] }>("GET", "/api/centres")).body.items;
    county = centres.find((c) => c.level === "COUNTY")!;
    // a session today at the county centre (where the demo `centre` account works), made for this test
    const admin = await t.loginStaff("admin");
    const made = await t.request<SessionView>("POST", `/api/centres/${county.id}/sessions`, {
      token: admin,
      body: {
        date: today(),
        startTime: "10:00",
        endTime: "11:00",
        topic: "COMPREHENSIVE",
        title: "家庭消防体验（测试场）",
        capacity: 10,
      },
    });
    expect(made.status).toBe(201);
    todaySession = made.body;
    const sessions = (await t.request<{ items: SessionView[] }>("GET", "/api/sessions")).body.items;
    laterSession = sessions.find((s) => s.status === "OPEN" && s.date > today() && s.seatsLeft >= 2)!;
    expect(laterSession).toBeDefined();

    browser = await openBrowser();
    await browser.context.grantPermissions(["geolocation"], { origin: t.url });
    // standing at the township station: it is the nearest centre
    await browser.context.setGeolocation({ latitude: 28.7398, longitude: 115.9107 });
    resident = await openPage();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await browser?.close();
    await t?.close();
  });

  it("a resident finds the centres from 我的 → 体验馆预约, nearest first", async () => {
    await resident.goto(`${t.url}/h5/`);
    await resident.getByText("张三", { exact: true }).click();
    await expect.poll(() => resident.getByText("张三，您好").count(), { timeout: 10_000 }).toBe(1);
    await resident.getByText("我的", { exact: true }).click();
    await resident.getByText("体验馆预约", { exact: true }).click();
    await resident.getByTestId(`centre-${county.id}`).waitFor({ timeout: 10_000 });
    await expect.poll(() => resident.getByText("离您近的排在前面。").count(), { timeout: 10_000 }).toBe(1);
    const first = await resident.locator('[data-testid^="centre-"]').first().textContent();
    expect(first).toContain("青石镇消防安全体验站");
    expect(await resident.getByTestId(`centre-${county.id}`).textContent()).toContain("距您");
    await settle(browser, resident, "h5-booking-1-centres");
  });

  it("books today's session for two people and sees the ticket QR", async () => {
    await resident.getByTestId(`centre-${county.id}`).click();
    const card = resident.getByTestId(`session-${todaySession.id}`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain("还剩 10 个名额");
    await settle(browser, resident, "h5-booking-2-calendar");
    await card.click();
    await resident.getByText("预约 1 人", { exact: true }).waitFor({ timeout: 10_000 });
    // at one person 减一人 is a visibly disabled button with readable words, not an empty white box
    const minus = resident.getByTestId("seats-minus");
    expect(await minus.getAttribute("class")).toContain("btn-disabled");
    expect(await computedStyle(minus, "color")).toBe("rgb(51, 51, 51)");
    expect(await computedStyle(minus, "backgroundColor")).toBe("rgb(224, 224, 224)");
    await settle(browser, resident, "h5-booking-2b-book-one");
    await resident.getByText("加一人", { exact: true }).click();
    await resident.getByText("预约 2 人", { exact: true }).click();
    await resident.getByTestId("ticket-qr").waitFor({ timeout: 10_000 });
    expect(await resident.getByTestId("booking-status").textContent()).toContain("预约成功");
    // the QR is a real image, decoded by the browser
    const qrWidth = await resident
      .locator('[data-testid="ticket-qr"] img, img[data-testid="ticket-qr"]')
      .first()
      .evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);
    expect(qrWidth).toBeGreaterThan(100);
    // the long signed ticket is in the QR, not printed for the resident to puzzle over
    expect(await resident.getByTestId("ticket-text").count()).toBe(0);
    // the number to read out at the desk: 8 digits, grouped
    number = ((await resident.getByTestId("ticket-number").textContent()) ?? "").trim();
    expect(number).toMatch(/^\d{4} \d{4}$/);
    // the QR is centred in its card
    // (the image drawn, not its box: Taro's aspectFit once drew it right of its box's centre)
    // measured once the page has settled (a scroll bar or late layout moves it while the page slides in)
    const offCentre = async () => {
      const qrBox = await resident.locator('[data-testid="ticket-qr"] img').boundingBox();
      const cardBox = await resident.getByTestId("ticket").boundingBox();
      const left = qrBox!.x - cardBox!.x;
      const right = cardBox!.x + cardBox!.width - (qrBox!.x + qrBox!.width);
      return Math.abs(left - right);
    };
    await expect.poll(offCentre, { timeout: 10_000 }).toBeLessThanOrEqual(2);
    await settle(browser, resident, "h5-booking-3-ticket");

    const mine = await t.api.db.prisma.booking.findMany({ where: { sessionId: todaySession.id } });
    expect(mine).toHaveLength(1);
    expect(mine[0]!.status).toBe("CONFIRMED");
    expect(mine[0]!.seats).toBe(2);
    firstBookingId = mine[0]!.id;
    // the ticket the QR carries is the API's (the desk's scanner reads it; typed below as a scanner would)
    const tok = await t.loginResident("zhangsan");
    ticket = (await t.request<{ ticket: string }>("GET", `/api/bookings/${firstBookingId}/ticket`, { token: tok })).body
      .ticket;
    expect(ticket.length).toBeGreaterThan(10);
  });

  it("centre staff check the ticket in by typing it; a second time says already used, by whom and when", async () => {
    const staff = await openPage();
    await staff.goto(h5(t, "/packages/booking/pages/staff/index"));
    await input(staff, "input-staff-username").waitFor({ timeout: 10_000 });
    await settle(browser, staff, "h5-booking-4a-staff-login");
    await input(staff, "input-staff-username").fill("centre");
    await input(staff, "input-staff-password").fill(t.demo.staff.find((s) => s.username === "centre")!.password);
    await staff.getByText("登录", { exact: true }).click();
    await staff.getByTestId(`today-${todaySession.id}`).waitFor({ timeout: 10_000 });
    expect(await staff.getByTestId(`today-${todaySession.id}`).textContent()).toContain("已约 2 / 10 人");
    await settle(browser, staff, "h5-booking-4-staff-today");

    await staff.getByTestId("go-checkin").click();
    await settle(browser, staff, "h5-booking-4b-checkin");
    // the number the resident reads out, typed as heard
    await input(staff, "input-ticket").fill(number);
    await staff.getByTestId("checkin-submit").click();
    const result = staff.getByTestId("checkin-result");
    await expect
      .poll(async () => (await result.count()) > 0 && (await result.getAttribute("data-outcome")), { timeout: 10_000 })
      .toBe("CHECKED_IN");
    expect(await result.textContent()).toContain("签到成功");
    expect(await result.textContent()).toContain("张三 · 2 人");
    await settle(browser, staff, "h5-booking-5-checked-in");

    await input(staff, "input-ticket").fill(ticket);
    await staff.getByTestId("checkin-submit").click();
    await expect.poll(() => result.getAttribute("data-outcome"), { timeout: 10_000 }).toBe("ALREADY_USED");
    expect(await result.textContent()).toContain("这张票已经用过了");
    expect(await result.textContent()).toContain("由 郑老师 签到");
    await settle(browser, staff, "h5-booking-6-already-used");

    const row = await t.api.db.prisma.booking.findUniqueOrThrow({ where: { id: firstBookingId } });
    expect(row.status).toBe("CHECKED_IN");

    // attendance shows the two people
    await staff.goto(h5(t, `/packages/booking/pages/attendance/index?sessionId=${todaySession.id}`));
    await expect
      .poll(
        async () =>
          (await staff.getByTestId("attendance-totals").count()) > 0 &&
          (await staff.getByTestId("attendance-totals").textContent()),
        { timeout: 10_000 },
      )
      .toContain("已到 2 人");
    await settle(browser, staff, "h5-booking-7-attendance");
    // sign out: the next staff member signs in on the same browser
    // group bookings are not offered to centre staff
    await staff.goto(h5(t, "/packages/booking/pages/groups/index"));
    await staff.getByTestId("not-coordinator").waitFor({ timeout: 10_000 });
    expect(await staff.getByText("新建团体预约", { exact: true }).count()).toBe(0);
    await settle(browser, staff, "h5-booking-7b-groups-not-for-centre-staff");
    await staff.goto(h5(t, "/packages/booking/pages/today/index"));
    await staff.getByText("退出工作人员账号", { exact: true }).click();
    await input(staff, "input-staff-username").waitFor({ timeout: 10_000 });
    await staff.close();
  });

  it("the resident books another session and cancels it", async () => {
    await resident.goto(h5(t, `/packages/booking/pages/book/index?sessionId=${laterSession.id}`));
    await resident.getByText("预约 1 人", { exact: true }).click();
    await resident.getByTestId("ticket-qr").waitFor({ timeout: 10_000 });
    await resident.getByText("取消预约", { exact: true }).click();
    await resident.getByText("确定取消", { exact: true }).click();
    await expect
      .poll(() => resident.getByTestId("booking-status").textContent(), { timeout: 10_000 })
      .toContain("已取消");
    expect(await resident.getByTestId("ticket").count()).toBe(0);
    await settle(browser, resident, "h5-booking-8-cancelled");
    const rows = await t.api.db.prisma.booking.findMany({ where: { sessionId: laterSession.id } });
    expect(rows.map((r) => r.status)).toEqual(["CANCELLED"]);

    // my bookings: the checked-in one and the cancelled one
    await resident.getByText("我的全部预约", { exact: true }).click();
    await expect.poll(() => resident.getByTestId(`booking-${firstBookingId}`).count(), { timeout: 10_000 }).toBe(1);
    expect(await resident.getByTestId(`booking-${firstBookingId}`).textContent()).toContain("已签到");
    expect(await resident.getByTestId(`booking-${rows[0]!.id}`).textContent()).toContain("已取消");
    await settle(browser, resident, "h5-booking-9-mine");
  });
  it("a township coordinator books a group and saves its attendee list", async () => {
    const sessions = (await t.request<{ items: SessionView[] }>("GET", "/api/sessions")).body.items;
    const target = sessions.find(
      (s) => s.status === "OPEN" && s.date > today() && s.seatsLeft >= 10 && s.id !== laterSession.id,
    )!;
    expect(target).toBeDefined();
    const page = await openPage();
    await page.goto(h5(t, "/packages/booking/pages/staff/index"));
    await input(page, "input-staff-username").fill("coordinator");
    await input(page, "input-staff-password").fill(t.demo.staff.find((s) => s.username === "coordinator")!.password);
    await page.getByText("登录", { exact: true }).click();
    await page.getByTestId("go-group-new").click();
    await page.getByTestId(`pick-${target.id}`).waitFor({ timeout: 10_000 });
    await settle(browser, page, "h5-booking-9b-group-pick");
    await page.getByTestId(`pick-${target.id}`).click();
    await page.getByText("学校", { exact: true }).click();
    await input(page, "input-group-name").fill("城关第一小学三年级一班");
    await input(page, "input-head-count").fill("5");
    await input(page, "input-contact-name").fill("李老师");
    await input(page, "input-contact-phone").fill("13800138000");
    await settle(browser, page, "h5-booking-10-group-form");
    await page.getByText("提交团体预约", { exact: true }).click();
    await page.getByText("团体预约已提交", { exact: true }).waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="input-attendees"] textarea').fill("王小明 9\n李华 9\n赵老师");
    await page.getByText("参加人员名单（3 / 5）", { exact: true }).waitFor({ timeout: 5000 });
    await page.getByText("保存名单", { exact: true }).click();
    await page.getByText("名单已保存", { exact: true }).waitFor({ timeout: 10_000 });
    await settle(browser, page, "h5-booking-11-group-attendees");
    const row = await t.api.db.prisma.booking.findFirstOrThrow({
      where: { sessionId: target.id, kind: "GROUP" },
    });
    expect(row.groupName).toBe("城关第一小学三年级一班");
    expect(row.seats).toBe(5);
    const tok = await t.loginStaff("coordinator");
    const view = (await t.request<BookingView>("GET", `/api/bookings/${row.id}`, { token: tok })).body;
    expect(view.attendees).toEqual([{ name: "王小明", age: 9 }, { name: "李华", age: 9 }, { name: "赵老师" }]);
    await page.close();
  });
});
