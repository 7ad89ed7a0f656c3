// The mini-program's patrol screen as H5 in headless Chromium (issue 18): a hospital's safety officer signs
// in from 我的 → 工作人员入口, opens 防火巡查, and reads each checkpoint's label (typed: the browser cannot
// scan). Another unit's label is not one of the plan's; an altered code is refused by the server; the pump
// room passes; the hydrant's valve leaks: without a photo it is not accepted, with one it becomes a hazard
// and the unit's manager is pushed; the round is complete. axe on every screen; screenshots saved.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hashPassword } from "../../api/src/modules/auth/passwords.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";
import { axeChecker } from "./axe.ts";
import { taroPageSettled } from "./taro-page.ts";

const h5Index = path.resolve(import.meta.dirname, "../../miniapp/dist/h5/index.html");
const unavailable =
  browserUnavailable() ?? (existsSync(h5Index) ? null : "the H5 build is missing (npm run build:h5 -w miniapp)");
if (unavailable && process.env.CI === "true") throw new Error(`H5 browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`[skipped] mini-program patrol browser test: ${unavailable}`);

const PASSWORD = "Patrol-officer-1";

describe.skipIf(unavailable !== null)("mini-program patrol screen in headless Chromium", () => {
  let t: TestApi;
  let browser: Browser;
  let page: Page;
  const tags = { pump: "", hydrant: "", school: "" };
  let managerId = "";
  let unitId = "";
  const axe = axeChecker("mini-program patrol");
  const visibleText = (text: string) => page.getByText(text, { exact: true }).filter({ visible: true });
  const input = (id: string) => page.locator(`[data-testid="${id}"] input`).filter({ visible: true }).first();
  async function visit(name: string) {
    await taroPageSettled(page);
    await browser.shot(page, name);
    await axe.check(page, name);
  }

  beforeAll(async () => {
    t = await startTestApi();
    const { prisma } = t.api.db;
    const { inspection } = t.api.services;
    const township = await prisma.township.findFirstOrThrow();
    const mk = (name: string, creditCode: string) =>
      prisma.networkedUnit.create({
        data: {
          townshipId: township.id,
          name,
          creditCode,
          category: "HOSPITAL",
          sector: "HEALTH",
          address: `${name}路1号`,
        },
      });
    const hospital = await mk("巡查测试医院", "12347777000000001A");
    const other = await mk("巡查测试卫生院", "12347777000000002B");
    unitId = hospital.id;
    const passwordHash = await hashPassword(PASSWORD);
    const person = async (username: string, role: "UNIT_MANAGER" | "UNIT_SAFETY_OFFICER", u: string) => {
      const s = await prisma.staffUser.create({ data: { username, name: username, role, passwordHash, phone: null } });
      await prisma.staffUnit.create({ data: { staffUserId: s.id, unitId: u } });
      return { kind: "staff" as const, id: s.id };
    };
    const manager = await person("patrol_manager", "UNIT_MANAGER", hospital.id);
    managerId = manager.id;
    await person("patrol_officer", "UNIT_SAFETY_OFFICER", hospital.id);
    const otherManager = await person("patrol_other", "UNIT_MANAGER", other.id);
    const pump = await inspection.patrols.addCheckpoint(manager, {
      unitId,
      name: "消防泵房",
      facilityKind: "FIRE_PUMP",
    });
    const hydrant = await inspection.patrols.addCheckpoint(manager, {
      unitId,
      name: "门诊楼消火栓",
      facilityKind: "HYDRANT_SYSTEM",
    });
    tags.pump = pump.tag!;
    tags.hydrant = hydrant.tag!;
    tags.school = (await inspection.patrols.addCheckpoint(otherManager, { unitId: other.id, name: "配电室" })).tag!;
    await inspection.patrols.addPlan(manager, {
      unitId,
      name: "每日防火巡查",
      frequency: "DAILY",
      windowStart: "00:00",
      windowEnd: "24:00",
      checkpointIds: [pump.id, hydrant.id],
    });
    browser = await openBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await browser?.close();
    await t?.close();
  });

  it("checks each checkpoint by its label; a failed item with a photo becomes a hazard for the manager", async () => {
    const { prisma } = t.api.db;
    await page.goto(`${t.url}/h5/`);
    await page.getByText("张三", { exact: true }).click();
    await expect.poll(() => page.getByText("张三，您好").count(), { timeout: 10_000 }).toBe(1);
    await visibleText("我的").click();
    await visibleText("工作人员入口").click();
    await input("staff-username").fill("patrol_officer");
    await input("staff-password").fill(PASSWORD);
    // the staff form's button: the resident sign-in page may still be on screen while it slides away
    await visibleText("登录").last().click();
    await visibleText("防火巡查").first().waitFor({ timeout: 10_000 });
    await visibleText("防火巡查").first().click();
    await expect.poll(() => page.getByTestId("patrol-checkpoint").count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId("patrol-checkpoint").allTextContents()).toEqual([
      "○ 未查  消防泵房",
      "○ 未查  门诊楼消火栓",
    ]);
    await visit("h5-patrol-1-plan");

    // another unit's label is not one of this plan's checkpoints
    await input("patrol-code").fill(tags.school);
    await expect.poll(() => visibleText("这个标签不是本计划的巡查点，请扫描正确的标签。").count()).toBe(1);

    // an altered code names the right checkpoint, but the server refuses it
    await input("patrol-code").fill(`${tags.pump.slice(0, -4)}abcd`);
    await page.getByTestId("patrol-checklist").waitFor();
    for (const item of await page.locator('[data-testid="patrol-checklist"] [role=radiogroup]').all())
      await item.getByText("合格", { exact: true }).click();
    await visibleText("提交本巡查点").click();
    await expect.poll(() => visibleText("二维码无效：请扫描巡查点上的标签").count(), { timeout: 5000 }).toBe(1);

    // the genuine label of the pump room: everything in order
    await input("patrol-code").fill(tags.pump);
    await page.getByTestId("patrol-checklist").waitFor();
    for (const item of await page.locator('[data-testid="patrol-checklist"] [role=radiogroup]').all())
      await item.getByText("合格", { exact: true }).click();
    await visit("h5-patrol-2-checklist");
    await visibleText("提交本巡查点").click();
    await expect.poll(() => visibleText("消防泵房 已检查（本轮 1/2）").count(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => page.getByTestId("patrol-checkpoint").first().textContent()).toBe("✓ 已查  消防泵房");

    // the hydrant: the valve leaks
    await input("patrol-code").fill(tags.hydrant);
    await page.getByTestId("patrol-checklist").waitFor();
    const groups = await page.locator('[data-testid="patrol-checklist"] [role=radiogroup]').all();
    expect(groups).toHaveLength(4);
    for (const [i, g] of groups.entries()) await g.getByText(i === 2 ? "不合格" : "合格", { exact: true }).click();
    await input("patrol-note").fill("阀门接口滴水");
    await visibleText("提交本巡查点").click();
    await expect.poll(() => visibleText("发现问题请拍照后再提交").count()).toBe(1);
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-patrol-"));
    const file = path.join(dir, "valve.jpg");
    writeFileSync(
      file,
      await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 120, g: 60, b: 60 } } })
        .jpeg()
        .toBuffer(),
    );
    try {
      const chooser = page.waitForEvent("filechooser", { timeout: 10_000 });
      await visibleText("拍照").click();
      await (await chooser).setFiles(file);
      await expect.poll(() => visibleText("已拍 1 张，再拍一张").count(), { timeout: 10_000 }).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await visit("h5-patrol-3-problem");
    await visibleText("提交本巡查点").click();
    await expect
      .poll(() => visibleText("门诊楼消火栓 已检查（本轮 2/2），发现的隐患已通知单位管理人。本轮巡查已完成").count(), {
        timeout: 5000,
      })
      .toBe(1);
    await visit("h5-patrol-4-done");

    const hazard = await prisma.hazard.findFirstOrThrow({ where: { unitId } });
    expect(hazard).toMatchObject({
      status: "ASSIGNED",
      source: "PATROL",
      place: "门诊楼消火栓",
      assigneeId: managerId,
    });
    expect(hazard.description).toContain("阀门无渗漏");
    expect(hazard.description).toContain("阀门接口滴水");
    expect(JSON.parse(hazard.photoIds)).toHaveLength(1);
    const pushed = await prisma.notification.findMany({
      where: { dedupeKey: { startsWith: `hazard:${hazard.id}:assigned:` } },
    });
    expect(pushed.map((n) => n.recipient)).toContain(`staff:${managerId}`);
    expect((await prisma.patrolRound.findFirstOrThrow({ where: { unitId } })).status).toBe("DONE");
  });
});
