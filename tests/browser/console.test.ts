// The staff console in headless Chromium on a 1366x768 office screen (issue 8): a property manager imports
// a sheet with one bad row (reported, nothing imported) and then a good one, watches a simulated device's
// alarm reach the live board within a second and resolves it, dispatches a colleague and keeps the roster;
// company A sees nothing of company B. Signing in: console-sign-in.test.ts; the county view:
// console-county.test.ts. Screenshots: test-results/screenshots.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import sharp from "sharp";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk, type Desk } from "./console-desk.ts";
import type { CompanyReport } from "../../api/src/contract/reports.ts";

// every page shown is checked by axe first (issue 22 item 10): a serious or critical violation fails the test
const { unavailable, axe, axeShot: shot } = consoleSuite("console");

/** A desktop browser with its own empty profile, signed in as one demo staff member. */
const signIn = (t: TestApi, username: string, next = "/console/home"): Promise<Desk> =>
  signInDesk(t, username, { next, label: username });

async function sheet(rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("设备");
  ws.addRow(["序列号", "型号", "小区", "楼栋", "单元", "房号", "安装位置", "名称"]);
  for (const r of rows) ws.addRow(r);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "anxin-sheet-")), "devices.xlsx");
  await wb.xlsx.writeFile(file);
  return file;
}

describe.skipIf(unavailable !== null)("staff console in headless Chromium", () => {
  let t: TestApi;
  let manager: Desk;

  beforeAll(async () => {
    t = await startTestApi();
    manager = await signIn(t, "manager_a");
  });
  afterAll(async () => {
    console.log(axe.summary());
    await manager?.close();
    await t?.close();
  });

  it("imports nothing from a sheet with one bad row, then everything from a good one", async () => {
    const prisma = t.api.db.prisma;
    const homes = await prisma.household.findMany({
      where: { devices: { none: {} }, unit: { building: { community: { name: "幸福小区" } } } },
      include: { unit: { include: { building: true } } },
      take: 2,
    });
    const row = (serial: string, h: (typeof homes)[number]) => [
      serial,
      "AX-SA100",
      "幸福小区",
      h.unit.building.name,
      h.unit.name,
      h.roomNo,
      "客厅",
      "客厅烟感",
    ];
    const before = await prisma.device.count();
    const page = manager.page;
    await page.goto(`${t.url}/console/import`);
    await page.waitForSelector("body[data-ready='1']");
    // the file chooser speaks Chinese (the browser's own says "Choose File"), and names the chosen file
    const picker = page.locator("#import-form .file-pick");
    expect(await picker.locator("label.file-button").textContent()).toBe("选择文件…");
    expect(await picker.locator(".file-name").textContent()).toBe("未选择文件");

    // the second row names company B's community: refused as out of scope, the third has a serial too short
    // to be a real one, and the first row is not imported either
    await page.setInputFiles(
      "#import-form input[type=file]",
      await sheet([
        row("SNTEST0001", homes[0]!),
        ["SNTEST0002", "AX-SA100", "和平花园", "1号楼", "1单元", "101", "客厅", "客厅烟感"],
        row("SN999", homes[1]!),
      ]),
    );
    await expect.poll(() => picker.locator(".file-name").textContent()).toBe("devices.xlsx");
    await page.click("#import-form button[type=submit]");
    await page.waitForSelector("#import-summary");
    expect(await page.textContent("#import-summary")).toContain("没有导入任何设备");
    expect(await page.textContent("tr.bad-row >> nth=0")).toContain("不在您的管辖范围");
    expect(await page.locator("tr.bad-row", { hasText: "SN999" }).textContent()).toContain("序列号“SN999”不对");
    expect(await prisma.device.count()).toBe(before);
    await shot(page, "console-import-bad-row");

    await page.setInputFiles(
      "input[type=file]",
      await sheet([row("SNTEST0001", homes[0]!), row("SNTEST0002", homes[1]!)]),
    );
    await page.click("#import-form button[type=submit]");
    await page.locator("#import-summary", { hasText: "已导入" }).waitFor();
    expect(await page.textContent("#import-summary")).toContain("已导入 2 台设备");
    expect(await prisma.device.count()).toBe(before + 2);
    await shot(page, "console-import-good");
  });

  it("shows a simulated device's alarm on the live board, and resolves it only after a confirmation and an undo window", async () => {
    const prisma = t.api.db.prisma;
    const page = manager.page;
    await page.goto(`${t.url}/console/board`);
    await page.waitForSelector("#live.on");
    // sound is off until the page is clicked: a banner asks, and goes once sound is on
    const banner = page.locator("#sound-banner");
    expect(await banner.isVisible()).toBe(true);
    await shot(page, "console-board-sound-banner");
    await page.click("#sound");
    await banner.waitFor({ state: "hidden" });
    const device = await prisma.device.findFirst({
      where: { householdId: { not: null }, community: { name: "青石新村" } },
      orderBy: { id: "asc" },
    });
    const started = Date.now();
    await t.api.services.ingest.submit(
      device!.id,
      JSON.stringify({ id: "board-1", ts: Date.now(), type: "smoke_alarm" }),
      "test",
    );
    const card = page.locator("article.alarm[data-kind='FIRE']");
    await card.waitFor({ timeout: 5000 });
    // how fast is measured by `npm run bench`, not here (issue 22: a test asserts no duration)
    const elapsed = Date.now() - started;
    await card.locator("h2", { hasText: "青石新村" }).waitFor({ timeout: 3000 }); // the address comes with the detail
    await shot(page, "console-board-alarm");
    await page.selectOption("#community", { label: "幸福小区" }); // filtered to another community: hidden
    expect(await card.isHidden()).toBe(true);
    await page.selectOption("#community", "");
    expect(await card.isVisible()).toBe(true);

    // the tab title says there is an untaken fire, wherever the manager is looking
    await expect.poll(() => page.title(), { timeout: 5000 }).toMatch(/火警/);
    await card.locator("ol.notifications li").first().waitFor({ state: "attached" }); // the first escalation step is on the card
    // and the next one is said on the card itself, not only inside the collapsed timeline
    await card.locator(".next-step", { hasText: "下一步" }).waitFor();
    await card.locator("button.ack").click();
    await page.waitForSelector("article.alarm[data-status='ACKNOWLEDGED']");
    await card.locator("input[aria-label='备注']").fill("陈师傅已到场，厨房油烟");
    await card.locator("button.note").click();
    await card.locator("ol li", { hasText: "陈师傅已到场" }).waitFor({ state: "attached" });
    // the note box is empty again once the note is saved
    await expect.poll(() => card.locator("input[aria-label='备注']").inputValue()).toBe("");
    await card.locator("details summary").first().click();
    await shot(page, "console-board-acknowledged");

    // no outcome is chosen for the operator: 处置完毕 without one says so on the card and sends nothing
    expect(await card.locator("select[aria-label='处置结果']").inputValue()).toBe("");
    await card.locator("button.resolve").click();
    await card.locator(".card-message", { hasText: "请先选择处置结果" }).waitFor();
    // with one, a confirmation says what will happen; 返回 changes nothing
    await card.locator("select[aria-label='处置结果']").selectOption("FALSE_ALARM");
    await card.locator("button.resolve").click();
    const dialog = page.locator("dialog#confirm[open]");
    await dialog.waitFor();
    const question = (await dialog.textContent()) ?? "";
    expect(question).toContain("误报");
    expect(question).toContain("这是火警");
    await shot(page, "console-board-confirm-resolve");
    await dialog.locator("button.confirm-no").click();
    await dialog.waitFor({ state: "detached" });
    expect(await card.locator(".undo-bar").count()).toBe(0);
    // confirmed, then taken back inside the undo window: the alarm stays open
    await card.locator("button.resolve").click();
    await dialog.locator("button.confirm-yes").click();
    await card.locator(".undo-bar", { hasText: "秒后记为" }).waitFor();
    await shot(page, "console-board-undo");
    await card.locator(".undo-bar button.undo").click();
    await card.locator(".card-message", { hasText: "已撤销" }).waitFor();
    expect((await prisma.alarm.findFirstOrThrow({ where: { deviceId: device!.id, kind: "FIRE" } })).status).toBe(
      "ACKNOWLEDGED",
    );
    // confirmed and left alone: sent when the window ends, and the card goes
    await card.locator("select[aria-label='处置结果']").selectOption("FALSE_ALARM");
    await card.locator("button.resolve").click();
    await dialog.locator("button.confirm-yes").click();
    await card.waitFor({ state: "detached", timeout: 30_000 });
    const alarm = await prisma.alarm.findFirst({ where: { deviceId: device!.id, kind: "FIRE" } });
    expect(alarm).toMatchObject({ status: "RESOLVED", resolution: "FALSE_ALARM" });
    expect(await prisma.alarmAction.count({ where: { alarmId: alarm!.id, action: "note" } })).toBe(1);
    console.log(`alarm on the board ${elapsed} ms after the device message`);
  });

  it("dispatches a colleague from the live board (every board shows it), uploads a photo and opens its thumbnail", async () => {
    const prisma = t.api.db.prisma;
    const page = manager.page;
    const staffA = await prisma.staffUser.findUniqueOrThrow({ where: { username: "staff_a" } });
    const colleague = await signIn(t, "staff_a"); // staff_a's own board, to see the dispatch arrive live
    try {
      await page.goto(`${t.url}/console/board`);
      await page.waitForSelector("#live.on");
      await colleague.page.waitForSelector("#live.on");
      const device = await prisma.device.findFirst({
        where: { householdId: { not: null }, community: { name: "青石新村" } },
        orderBy: { id: "asc" },
      });
      await t.api.services.ingest.submit(
        device!.id,
        JSON.stringify({ id: "board-3", ts: Date.now(), type: "smoke_alarm" }),
        "test",
      );
      const card = page.locator("article.alarm[data-kind='FIRE']", { hasText: "青石新村" });
      await card.waitFor({ timeout: 5000 });
      const alarm = await prisma.alarm.findFirstOrThrow({
        where: { deviceId: device!.id, kind: "FIRE", openSlot: "OPEN" },
      });

      // choose the colleague (on duty, listed first) and send them, with the keyboard
      const pick = card.locator("select.dispatch-to");
      await pick.locator(`option[value='${staffA.id}']`).waitFor({ state: "attached" });
      expect(await pick.locator("option").nth(1).textContent()).toContain("陈师傅（值班中）");
      await pick.selectOption(staffA.id);
      await card.locator("button.dispatch").focus();
      await page.keyboard.press("Enter");
      await card.locator(".dispatched", { hasText: "已派遣：陈师傅" }).waitFor();
      expect(await prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } })).toMatchObject({
        dispatchedTo: staffA.id,
        status: "ACKNOWLEDGED",
      });
      await colleague.page
        .locator(`article.alarm[data-id='${alarm.id}'] .dispatched`, { hasText: "陈师傅" })
        .waitFor({ timeout: 5000 });
      await colleague.page.locator("#push", { hasText: "刘经理派您到场处置" }).waitFor({ timeout: 5000 }); // and the push for them
      await shot(colleague.page, "console-board-dispatched-colleague");
      expect(await card.locator("button.ack").count()).toBe(0); // dispatch acknowledged it

      // a photo from the site: a small PNG made here, uploaded through the file input
      const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-photo-"));
      const file = path.join(dir, "现场.png");
      await sharp({ create: { width: 480, height: 360, channels: 3, background: { r: 220, g: 90, b: 30 } } })
        .png()
        .toFile(file);
      await card.locator("input.photo-input").setInputFiles(file);
      const thumb = card.locator("button.thumb img[src^='blob:']");
      await thumb.waitFor({ timeout: 5000 });
      expect(await prisma.alarmPhoto.count({ where: { alarmId: alarm.id } })).toBe(1);
      expect(await thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);
      await card.locator("details summary").first().click();
      const timeline = (await card.locator("details ol").first().textContent()) ?? "";
      expect(timeline).toContain("派遣 · 工作人员：派遣 陈师傅 到场");
      expect(timeline).toContain("照片 · 工作人员：上传现场照片");
      await shot(page, "console-board-dispatched-photo");

      // the thumbnail opens the full-size photo; Esc closes it and the focus goes back to the thumbnail
      await card.locator("button.thumb").click();
      const full = page.locator("#photo-viewer[open] img[src^='blob:']");
      await full.waitFor();
      expect(await full.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(480);
      await shot(page, "console-board-photo-full");
      await page.keyboard.press("Escape");
      await page.locator("#photo-viewer[open]").waitFor({ state: "detached" });
      // the focus is given back by the dialog's close handler, which runs after the dialog has closed
      await expect.poll(() => card.locator("button.thumb:focus").count()).toBe(1);
      rmSync(dir, { recursive: true, force: true });

      await card.locator("select[aria-label='处置结果']").selectOption("FALSE_ALARM");
      await card.locator("button.resolve").click();
      await page.locator("dialog#confirm[open] button.confirm-yes").click();
      await card.waitFor({ state: "detached", timeout: 30_000 });
    } finally {
      await colleague.close();
    }
  });

  it("adds a shift on the roster page, shows its person on duty now, and removes it", async () => {
    const prisma = t.api.db.prisma;
    const page = manager.page;
    const managerA = await prisma.staffUser.findUniqueOrThrow({ where: { username: "manager_a" } });
    await page.goto(`${t.url}/console/roster`);
    expect(await page.textContent("#on-duty-now")).toContain("陈师傅"); // the demo's shift
    // the page and its date controls are Chinese, whatever the browser's language
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await page.getAttribute("#shift-form input[name=startsAt]", "lang")).toBe("zh-CN");
    // county time (UTC+8), one hour ago to two hours ahead
    const county = (h: number) => new Date(Date.now() + (8 + h) * 3600_000).toISOString().slice(0, 16);
    await page.selectOption("#shift-form select[name=staffUserId]", managerA.id);
    await page.fill("#shift-form input[name=startsAt]", county(-1));
    await page.fill("#shift-form input[name=endsAt]", county(2));
    // the screen shows the new shift in place (the React app: no reload)
    await page.click("#shift-form button[type=submit]");
    const row = page.locator(`#roster tr[data-staff='${managerA.id}'] .shift.on-duty`);
    await row.first().waitFor();
    // who is on duty comes from the staff list, reloaded by its own request beside the week's shifts
    await expect.poll(() => page.textContent("#on-duty-now")).toContain("刘经理");
    const shift = await prisma.dutyShift.findFirstOrThrow({ where: { staffUserId: managerA.id } });
    expect(shift.endsAt.getTime() - shift.startsAt.getTime()).toBe(3 * 3600_000);
    await shot(page, "console-roster");

    // an overlapping shift for the same person is refused with the reason, and nothing is added
    await page.selectOption("#shift-form select[name=staffUserId]", managerA.id);
    await page.fill("#shift-form input[name=startsAt]", county(0));
    await page.fill("#shift-form input[name=endsAt]", county(1));
    await page.click("#shift-form button[type=submit]");
    await page.locator("#shift-error", { hasText: "已有班次" }).waitFor();
    expect(await prisma.dutyShift.count({ where: { staffUserId: managerA.id } })).toBe(1);

    // removing asks first, in a dialog saying whose shift; 返回 changes nothing
    await row.first().locator("button.del-shift").click();
    const ask = page.locator("dialog#shift-delete[open]");
    expect(await ask.textContent()).toContain("刘经理");
    await axe.check(page, "console-roster-delete");
    await ask.locator("button.confirm-no").click();
    expect(await prisma.dutyShift.count({ where: { staffUserId: managerA.id } })).toBe(1);
    await row.first().locator("button.del-shift").click();
    await ask.locator("button.confirm-yes").click();
    await page.locator(`#roster tr[data-staff='${managerA.id}'] .shift`).first().waitFor({ state: "detached" });
    expect(await prisma.dutyShift.count({ where: { staffUserId: managerA.id } })).toBe(0);
    expect(await page.locator("dialog#shift-delete[open]").count()).toBe(0);
  });

  it("shows company A nothing of company B's communities", async () => {
    const page = manager.page;
    const other = await t.api.db.prisma.community.findFirstOrThrow({ where: { name: "和平花园" } });
    // another company's community: the API's 404, said on the screen, and nothing of it shown
    await page.goto(`${t.url}/console/places?community=${other.id}`);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.textContent("#load-error")).toContain("找不到");
    expect(await page.textContent("main")).not.toContain("和平花园");
    await page.goto(`${t.url}/console/places`);
    await page.waitForSelector("body[data-ready='1']");
    const tree = (await page.textContent("main")) ?? "";
    expect(tree).toContain("幸福小区");
    expect(tree).not.toContain("和平花园");
    // rooms in the order of the building (101, 201 ... 1001), not as text (1001, 101, 201)
    const rooms = (await page.locator("#tree table").first().locator("tbody tr td:first-child").allTextContents()).map(
      (r) => Number(r.trim()),
    );
    expect(rooms.length).toBeGreaterThan(10);
    expect(rooms).toEqual([...rooms].sort((a, b) => a - b));
    await shot(page, "console-places");
    await page.goto(`${t.url}/console/devices`);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.textContent("#device-table")).toContain("幸福小区");
    expect(await page.textContent("#device-table")).not.toContain("和平花园");
    // a state's list is a link away, and the CSV link follows it
    await page.click("nav.filters a:text-is('离线')");
    await expect.poll(() => page.getAttribute("#csv", "href")).toBe("/console/devices.csv?state=offline");
    await shot(page, "console-devices");
    const csv = await page.context().request.get(`${t.url}/console/devices.csv`);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toContain("设备编号");
    expect(lines.length - 1).toBe(
      await t.api.db.prisma.device.count({ where: { community: { propertyCompany: { name: "安居物业" } } } }),
    );
    expect(lines.some((l) => l.includes("和平花园"))).toBe(false);
    await page.goto(`${t.url}/console/company`);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.textContent("main")).toContain("幸福小区");
    expect(await page.textContent("main")).not.toContain("和平花园");
    // coverage per building sorts on the server: by name, then the other way on a second click. The heading
    // follows the address at once and the rows follow the report's answer, so the rows are waited for: the
    // API's own order for that sort (the screen's first page of 20)
    const names = () => page.locator("#buildings tbody tr td:first-child").allTextContents();
    const token = await t.loginStaff("manager_a");
    const byName = async (order: "asc" | "desc") =>
      (
        await t.request<CompanyReport>("GET", `/api/reports/company?sort=name&order=${order}&offset=0&limit=20`, {
          token,
        })
      ).body.buildings.items.map((b) => b.name);
    const asc = await byName("asc");
    const desc = await byName("desc");
    expect(desc).not.toEqual(asc);
    await page.click("#buildings thead a:has-text('楼栋')");
    await page.locator("#buildings th[aria-sort='ascending']", { hasText: "楼栋" }).waitFor();
    await expect.poll(names).toEqual(asc);
    await page.click("#buildings thead a:has-text('楼栋')");
    await page.locator("#buildings th[aria-sort='descending']", { hasText: "楼栋" }).waitFor();
    await expect.poll(names).toEqual(desc);
    await shot(page, "console-company");
    expect((await page.goto(`${t.url}/console/county`))?.status()).toBe(403);
    // the live board of company B does not get company A's alarm
    const b = await signIn(t, "manager_b");
    await b.page.waitForSelector("#live.on");
    const device = await t.api.db.prisma.device.findFirst({
      where: { householdId: { not: null }, community: { name: "幸福小区" } },
      orderBy: { id: "asc" },
    });
    await t.api.services.ingest.submit(
      device!.id,
      JSON.stringify({ id: "board-2", ts: Date.now(), type: "smoke_alarm" }),
      "test",
    );
    await manager.page.goto(`${t.url}/console/board`);
    await manager.page.locator("article.alarm[data-kind='FIRE']", { hasText: "幸福小区" }).waitFor();
    expect(await b.page.locator("article.alarm").count()).toBe(0);
    await b.close();
  });
});
