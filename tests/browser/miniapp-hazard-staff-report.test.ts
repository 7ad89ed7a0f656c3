// 上报隐患 on the H5 staff screens: the hospital's safety officer (yy_anquan) reports a hazard found outside
// a round from 我的 -> 工作人员入口 -> 隐患整改: where, what, 重大, a photo taken the way the rectification
// takes one. It is stored in their unit with what they typed and the photo, and shows in the unit's list.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";
import { axeChecker } from "./axe.ts";
import { taroPageSettled } from "./taro-page.ts";

const h5Index = path.resolve(import.meta.dirname, "../../miniapp/dist/h5/index.html");
const unavailable =
  browserUnavailable() ?? (existsSync(h5Index) ? null : "the H5 build is missing (npm run build:h5 -w miniapp)");
if (unavailable && process.env.CI === "true") throw new Error(`H5 browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`[skipped] mini-program hazard report (staff) browser test: ${unavailable}`);

describe.skipIf(unavailable !== null)("mini-program 上报隐患 (staff) in headless Chromium", () => {
  let t: TestApi;
  let browser: Browser;
  let page: Page;
  let dir = "";
  let photo = "";
  const axe = axeChecker("mini-program staff hazard report");
  const visible = (text: string) => page.getByText(text, { exact: true }).filter({ visible: true });
  const input = (id: string) => page.locator(`[data-testid="${id}"] input`).filter({ visible: true }).first();

  beforeAll(async () => {
    t = await startTestApi();
    browser = await openBrowser();
    page = await browser.newPage();
    dir = mkdtempSync(path.join(os.tmpdir(), "anxin-report-"));
    photo = path.join(dir, "stairs.jpg");
    writeFileSync(
      photo,
      await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 90, b: 140 } } })
        .jpeg()
        .toBuffer(),
    );
  }, 120_000);
  afterAll(async () => {
    console.log(axe.summary());
    await browser?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the safety officer reports a major hazard with a photo, and it is in the unit's list", async () => {
    const username = "yy_anquan";
    const password = t.demo.staff.find((s) => s.username === username)!.password;
    const { prisma } = t.api.db;
    const officer = await prisma.staffUser.findUniqueOrThrow({ where: { username } });
    const unit = await prisma.staffUnit.findFirstOrThrow({ where: { staffUserId: officer.id } });
    await page.goto(`${t.url}/h5/`);
    await page.getByText("张三", { exact: true }).click();
    await expect.poll(() => page.getByText("张三，您好").count(), { timeout: 10_000 }).toBe(1);
    await visible("我的").click();
    await visible("工作人员入口").click();
    await input("staff-username").fill(username);
    await input("staff-password").fill(password);
    await visible("登录").last().click();
    await visible("隐患整改").first().waitFor({ timeout: 10_000 });
    await visible("隐患整改").first().click();
    await page.getByText("派给我整改的", { exact: true }).waitFor({ timeout: 10_000 });

    await visible("上报隐患").click();
    const form = page.getByTestId("hazard-report").filter({ visible: true });
    await form.waitFor({ timeout: 10_000 });
    // one unit: it is chosen for them and named
    await expect.poll(() => form.textContent(), { timeout: 10_000 }).toContain("单位：");
    // not filled in: said beside the form, nothing stored
    await visible("提交上报").click();
    await expect.poll(() => visible("请写明隐患在什么部位").count()).toBe(1);
    await input("report-place").fill("门诊楼 3 楼东侧楼梯间");
    await input("report-what").fill("楼梯间堆放纸箱，堵住一半通道");
    await page.getByTestId("report-severity").getByText("重大隐患", { exact: true }).click();
    const chooser = page.waitForEvent("filechooser", { timeout: 10_000 });
    await visible("拍照（可不拍）").click();
    await (await chooser).setFiles(photo);
    await expect.poll(() => visible("已拍 1 张，再拍一张").count(), { timeout: 10_000 }).toBe(1);
    await taroPageSettled(page);
    await browser.shot(page, "h5-hazard-report-1-form");
    await axe.check(page, "h5-hazard-report-1-form");
    await visible("提交上报").click();
    await expect.poll(() => visible("隐患已上报，已通知单位负责人安排整改").count(), { timeout: 10_000 }).toBe(1);

    const h = await prisma.hazard.findFirstOrThrow({ where: { place: "门诊楼 3 楼东侧楼梯间" } });
    expect(h).toMatchObject({
      unitId: unit.unitId,
      description: "楼梯间堆放纸箱，堵住一半通道",
      severity: "MAJOR",
      status: "REPORTED",
      reportedBy: `staff:${officer.id}`,
    });
    expect(JSON.parse(h.photoIds) as string[]).toHaveLength(1);
    // the list is loaded again: the new hazard is there, the form is closed
    await expect
      .poll(
        () => page.getByText("查看详情：门诊楼 3 楼东侧楼梯间", { exact: true }).filter({ visible: true }).count(),
        {
          timeout: 10_000,
        },
      )
      .toBe(1);
    expect(await page.getByTestId("hazard-report").filter({ visible: true }).count()).toBe(0);
    await taroPageSettled(page);
    await browser.shot(page, "h5-hazard-report-2-listed");
    await axe.check(page, "h5-hazard-report-2-listed");
  });
});
