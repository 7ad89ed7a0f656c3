// The residents' mini-program as H5, in headless Chromium against the real API with demo data: sign in,
// bind an alarm by typing its serial and code, a smoke alarm published over MQTT by that device is on the
// alarm screen within 2 s, "I'm handling it", then resolved as a false alarm. Screenshots saved.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";

const h5Index = path.resolve(import.meta.dirname, "../../miniapp/dist/h5/index.html");
const unavailable = browserUnavailable() ?? (existsSync(h5Index) ? null : "the H5 build is missing (npm run build:h5 -w miniapp)");
if (unavailable && process.env.CI === "true") throw new Error(`H5 browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`[skipped] mini-program H5 browser tests: ${unavailable}`);

describe.skipIf(unavailable !== null)("mini-program H5 in headless Chromium", () => {
  let t: TestApi;
  let browser: Browser;
  let page: Page;
  const device = () => t.demo.devices.find((d) => d.bindCode)!;

  beforeAll(async () => {
    t = await startTestApi();
    browser = await openBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("signs in as a demo resident and shows the home", async () => {
    await page.goto(`${t.url}/h5/`);
    await page.getByText("张三", { exact: true }).click();
    await expect.poll(() => page.getByText("张三，您好").count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByText("幸福小区 1号楼 1单元 1201").count()).toBeGreaterThan(0);
    await browser.shot(page, "h5-1-home");
  });

  it("binds an alarm by typing its serial number and the code beside it", async () => {
    const d = device();
    await page.getByText("绑定", { exact: true }).click();
    await page.getByText("扫不了？手动输入").click();
    await page.locator('[data-testid="input-serial"] input, input[data-testid="input-serial"]').first().fill(d.serial);
    await page.locator('[data-testid="input-bindcode"] input, input[data-testid="input-bindcode"]').first().fill(d.bindCode!);
    await page.getByText("下一步", { exact: true }).click();
    await page.getByText("主卧", { exact: true }).click();
    await browser.shot(page, "h5-2-bind-place");
    await page.getByText("完成绑定", { exact: true }).click();
    await expect.poll(() => page.getByText("绑定成功").count(), { timeout: 10_000 }).toBe(1);
    await browser.shot(page, "h5-3-bound");
    const row = await t.api.services.db.prisma.device.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.householdId).toBe(t.demo.residents[0]!.households[0]!.id);
    expect(row.room).toBe("主卧");
    await page.getByText("回到首页", { exact: true }).click();
    await expect.poll(() => page.getByText("主卧 · 主卧烟感").count(), { timeout: 10_000 }).toBe(1);
  });

  it("puts a smoke alarm from that device on the alarm screen within 2 s", async () => {
    const d = device();
    const client = await connectDevice(`mqtt://127.0.0.1:${t.api.mqtt.port}`, d.id, d.secret);
    try {
      await publish(client, `devices/${d.id}/up`, uplink("smoke_alarm", { smoke: 650 }).payload);
      const acked = Date.now();
      await page.getByTestId("alarm-what").filter({ hasText: "烟雾" }).waitFor({ timeout: 2000 });
      const ms = Date.now() - acked;
      console.log(`alarm on screen ${ms} ms after the device's message was acknowledged`);
      expect(ms).toBeLessThanOrEqual(2000);
      expect(await page.getByTestId("alarm-where").textContent()).toContain("主卧");
      await browser.shot(page, "h5-4-alarm");
    } finally {
      client.end(true);
    }
  });

  it("acknowledges (“I'm handling it”) and resolves it as a false alarm", async () => {
    const d = device();
    await page.getByText("我来处理", { exact: true }).click();
    await expect.poll(async () => (await t.api.services.db.prisma.alarm.findFirstOrThrow({ where: { deviceId: d.id, kind: "FIRE" } })).status, { timeout: 5000 }).toBe("ACKNOWLEDGED");
    await expect.poll(() => page.getByText("正在处理").count(), { timeout: 5000 }).toBeGreaterThan(0);
    await browser.shot(page, "h5-5-acknowledged");
    await page.getByText("误报", { exact: true }).click();
    await page.getByText("确定，误报", { exact: true }).click();
    await expect
      .poll(async () => {
        const a = await t.api.services.db.prisma.alarm.findFirstOrThrow({ where: { deviceId: d.id, kind: "FIRE" } });
        return `${a.status}/${a.resolution}`;
      }, { timeout: 5000 })
      .toBe("RESOLVED/FALSE_ALARM");
    await browser.shot(page, "h5-6-resolved");
  });
});
