// 体验馆 in headless Chromium (issue 14 item 3): the centre's staff member signs in and lands on their centre;
// a template without a weekday is refused beside the field; they add a weekly template, generate sessions
// from it, cancel one with a reason, close the centre for a day and see that day's session cancelled. The
// saved rows are read back from the database. The screen is the React app's: each change shows its result in
// place (no reload). Another centre's id is the API's 404, said on the screen, and a property manager is
// refused the page. A session's list names who booked and how to call them. Every page passes axe.
// Screenshots: test-results/screenshots/console-centres-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { addDays, countyDate } from "../../api/src/shared/county-time.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console centres");

const TITLE = "周末灭火器实操（浏览器测试）";

/** Submits a form of the screen and waits for the line saying what was done (shown once the lists are fresh). */
async function submitted(page: Page, form: string, said: string | RegExp): Promise<void> {
  await page.click(`${form} button[type=submit]`);
  await page.locator("#centre-result", { hasText: said }).waitFor();
}

describe.skipIf(unavailable !== null)("console centres page in headless Chromium", () => {
  let t: TestApi;
  let own = { id: "", name: "" };
  let otherId = "";

  beforeAll(async () => {
    t = await startTestApi();
    const p = t.api.db.prisma;
    const me = await p.staffUser.findFirstOrThrow({ where: { username: "centre" } });
    const tie = await p.centreStaff.findUniqueOrThrow({ where: { staffUserId: me.id }, include: { centre: true } });
    own = { id: tie.centreId, name: tie.centre.name };
    otherId = (await p.centre.findFirstOrThrow({ where: { id: { not: own.id } } })).id;
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("centre staff add a template, generate and cancel sessions, close a day", async () => {
    const s = await signInDesk(t, "centre", { label: "centre" });
    try {
      const { page } = s;
      const p = t.api.db.prisma;
      expect(new URL(page.url()).pathname).toBe("/console/centres");
      expect(await page.textContent("nav a[aria-current=page]")).toBe("体验馆");
      expect(await page.textContent("#centre-name")).toContain(own.name);
      await axe.check(page, "centres (staff)");

      // a template without a weekday: the field is marked, nothing saved
      const before = await p.sessionTemplate.count({ where: { centreId: own.id } });
      await page.selectOption("#template-add select[name=topic]", "EXTINGUISHER_USE");
      await page.fill("#template-add input[name=title]", TITLE);
      await page.fill("#template-add input[name=startTime]", "14:00");
      await page.fill("#template-add input[name=endTime]", "15:30");
      await page.fill("#template-add input[name=capacity]", "20");
      await page.click("#template-add button[type=submit]");
      await page.waitForSelector("#template-add fieldset.weekdays .field-error");
      expect(await page.textContent("#template-add fieldset.weekdays .field-error")).toBe("请至少选一天");
      expect(await p.sessionTemplate.count({ where: { centreId: own.id } })).toBe(before);
      await axe.check(page, "centres (field error)");

      // every day of the week, so the generated sessions surely include tomorrow
      for (const w of [1, 2, 3, 4, 5, 6, 7]) await page.check(`#template-add input[name=weekdays][value="${w}"]`);
      await submitted(page, "#template-add", TITLE);
      const template = await p.sessionTemplate.findFirstOrThrow({ where: { centreId: own.id, title: TITLE } });
      expect(template.weekdays).toBe("1,2,3,4,5,6,7");
      expect(await page.locator(`#templates tr[data-template="${template.id}"]`).textContent()).toContain(
        "14:00–15:30",
      );

      // generate sessions for the next 7 days from the templates
      const today = countyDate(t.api.services.clock.now());
      const tomorrow = addDays(today, 1);
      await page.fill("#sessions-generate input[name=from]", today);
      await page.fill("#sessions-generate input[name=to]", addDays(today, 6));
      await submitted(page, "#sessions-generate", /已生成 \d+ 场/);
      const generated = await p.centreSession.findMany({
        where: { templateId: template.id },
        orderBy: { date: "asc" },
      });
      expect(generated.map((x) => x.date)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(today, i)));
      for (const g of generated)
        expect(await page.locator(`#sessions tr[data-session="${g.id}"]`).getAttribute("data-status")).toBe("OPEN");

      // cancel the day-after-tomorrow's session with a reason
      const victim = generated.find((g) => g.date === addDays(today, 2))!;
      await page.click(`#sessions tr[data-session="${victim.id}"] button.cancel-session`);
      await page.fill("#cancel-form input[name=reason]", "讲解员外出培训");
      await axe.check(page, "centres (cancel dialog)");
      await submitted(page, "#cancel-form", "场次已取消");
      expect(await page.locator("#cancel-dialog[open]").count()).toBe(0);
      const cancelled = await p.centreSession.findUniqueOrThrow({ where: { id: victim.id } });
      expect(cancelled).toMatchObject({ status: "CANCELLED", cancelReason: "讲解员外出培训" });
      const row = page.locator(`#sessions tr[data-session="${victim.id}"]`);
      expect(await row.getAttribute("data-status")).toBe("CANCELLED");
      expect(await row.textContent()).toContain("讲解员外出培训");

      // close tomorrow: its session is cancelled and the closure listed
      await page.fill("#closure-add input[name=startDate]", tomorrow);
      await page.fill("#closure-add input[name=endDate]", tomorrow);
      await page.fill("#closure-add input[name=reason]", "消防设备检修");
      await submitted(page, "#closure-add", /已登记闭馆 .*取消场次 [1-9]\d* 场/);
      const closure = await p.centreClosure.findFirstOrThrow({ where: { centreId: own.id, reason: "消防设备检修" } });
      expect(closure).toMatchObject({ startDate: tomorrow, endDate: tomorrow });
      expect(await page.locator(`#closures tr[data-closure="${closure.id}"]`).textContent()).toContain("消防设备检修");
      const closed = generated.find((g) => g.date === tomorrow)!;
      expect(await page.locator(`#sessions tr[data-session="${closed.id}"]`).getAttribute("data-status")).toBe(
        "CANCELLED",
      );
      expect(await page.locator(`#sessions tr[data-session="${closed.id}"]`).textContent()).toContain("闭馆");
      await axe.check(page, "centres (after changes)");
      await shot(page, "console-centres-staff");

      // another centre is as if it did not exist: the API answers 404 and the screen says so
      await page.goto(`${t.url}/console/centres?centre=${otherId}`);
      expect(await page.textContent("#load-error")).toContain("找不到");
      expect(await page.locator("#centre-edit").count()).toBe(0);
      const status = await page.evaluate(
        async (id) => (await fetch(`/api/centres/${id}/templates`, { headers: { "x-anxin-csrf": "1" } })).status,
        otherId,
      );
      expect(status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it("an admin picks any centre and saves its details", async () => {
    const s = await signInDesk(t, "admin", { next: `/console/centres?centre=${otherId}`, label: "admin" });
    try {
      const { page } = s;
      await page.waitForSelector("#centre-edit");
      expect(await page.locator("select[name=centre] option").count()).toBeGreaterThan(1);
      await page.fill("#centre-edit input[name=openingHours]", "周二至周日 9:00-17:00（测试）");
      await page.fill("#centre-edit input[name=capacity]", "0");
      await page.click("#centre-edit button[type=submit]");
      await page.waitForSelector("#centre-edit .field-error");
      expect(await page.getAttribute("#centre-edit input[name=capacity]", "aria-invalid")).toBe("true");
      await page.fill("#centre-edit input[name=capacity]", "80");
      await submitted(page, "#centre-edit", "场馆信息已保存");
      expect(await page.textContent("#centre-result")).toBe("场馆信息已保存");
      expect(await page.locator("#centre-edit .field-error").count()).toBe(0);
      const c = await t.api.db.prisma.centre.findUniqueOrThrow({ where: { id: otherId } });
      expect(c).toMatchObject({ openingHours: "周二至周日 9:00-17:00（测试）", capacity: 80 });
      await axe.check(page, "centres (admin)");
    } finally {
      await s.close();
    }
  });

  it("centre staff open a session's list: who booked, the number to call, who waits", async () => {
    const p = t.api.db.prisma;
    // a family booking of 张三 on the next open session of this centre, through the API as the mini-program books
    const session = await p.centreSession.findFirstOrThrow({
      where: { centreId: own.id, status: "OPEN", date: { gt: countyDate(new Date()) } }, // not begun
      orderBy: [{ date: "asc" }, { startTime: "asc" }],
    });
    const token = await t.loginResident("zhangsan");
    const booked = await t.request<{ id: string; status: string }>("POST", `/api/sessions/${session.id}/bookings`, {
      token,
      body: { seats: 2, contactName: "张三", contactPhone: "13800138000" },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);

    const s = await signInDesk(t, "centre", { label: "centre-list" });
    try {
      const { page } = s;
      await page.click(`#sessions button.show-attendance[data-id='${session.id}']`);
      const row = page.locator("#attendance-list tbody tr", { hasText: "张三" });
      await row.waitFor();
      expect(await row.textContent()).toContain("13800138000");
      expect(await row.getAttribute("data-status")).toBe(booked.body.status);
      expect(await page.textContent("#attendance-list-title")).toContain(session.title);
      expect(await page.textContent("#attendance-totals")).toMatch(/已确认 \d+ 单/);
      await axe.check(page, "a session's list (staff)");
      await shot(page, "console-centres-attendance");
      await page.click("#attendance-close");
      expect(await page.locator("#attendance").count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("refuses the page to a property manager", async () => {
    const s = await signInDesk(t, "manager_a");
    try {
      const res = await s.page.goto(`${t.url}/console/centres`);
      expect(res?.status()).toBe(403);
      expect(await s.page.locator("nav a[href='/console/centres']").count()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
