// The mini-program as H5 on a phone set to UTC (issue: a phone in UTC showed "今天 09:22" for a 17:22 alarm):
// every time it shows is the county's (Asia/Shanghai), as the console and the booking pages show it. And a
// device that never connected is told about in words that fit it: the mains Wi-Fi kitchen alarm (AX-SA200)
// is not told to fit a battery, the battery NB-IoT one is, a gas detector speaks of gas.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { countyClockTime } from "../../api/src/contract/county-time.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";
import { taroPageSettled } from "./taro-page.ts";

const h5Index = path.resolve(import.meta.dirname, "../../miniapp/dist/h5/index.html");
const unavailable =
  browserUnavailable() ?? (existsSync(h5Index) ? null : "the H5 build is missing (npm run build:h5 -w miniapp)");
if (unavailable && process.env.CI === "true") throw new Error(`H5 browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`[skipped] mini-program county time browser test: ${unavailable}`);

/** "HH:MM" in UTC, what a phone set to UTC would say if it used its own clock */
const utcClock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe.skipIf(unavailable !== null)("mini-program H5 on a phone set to UTC", () => {
  let t: TestApi;
  let browser: Browser;
  let page: Page;
  const home = () => t.demo.residents[0]!.households[0]!;
  const homeDevices = () =>
    t.api.db.prisma.device.findMany({ where: { householdId: home().id }, include: { model: true } });

  beforeAll(async () => {
    t = await startTestApi();
    browser = await openBrowser({ timezoneId: "UTC" });
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("runs in UTC: the browser's own clock is not the county's", async () => {
    await page.goto(`${t.url}/h5/`);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe("UTC");
    expect(await page.evaluate(() => new Date().getTimezoneOffset())).toBe(0);
  });

  it("tells each never-connected device's owner what fits it", async () => {
    await page.getByText("张三", { exact: true }).click();
    await expect.poll(() => page.getByText("张三，您好").count(), { timeout: 10_000 }).toBe(1);
    const devices = await homeDevices();
    const card = async (id: string) => {
      const c = page.getByTestId(`device-${id}`).filter({ visible: true });
      await c.waitFor({ timeout: 10_000 });
      return (await c.textContent()) ?? "";
    };
    const wifi = devices.find((d) => d.modelId === "AX-SA200")!;
    const battery = devices.find((d) => d.modelId === "AX-SA100")!;
    expect(wifi).toBeDefined();
    expect(battery).toBeDefined();
    const wifiText = await card(wifi.id);
    expect(wifiText).toContain("还没联网");
    expect(wifiText).toContain("无线网（Wi-Fi）");
    expect(wifiText).toContain("电源插头");
    expect(wifiText).not.toContain("电池");
    expect(wifiText).not.toContain("手机有信号");
    const batteryText = await card(battery.id);
    expect(batteryText).toContain("装好电池");
    expect(batteryText).toContain("手机有信号");
    for (const gas of devices.filter((d) => d.model.kind === "GAS_DETECTOR")) {
      const status = await t.api.db.prisma.deviceStatus.findUnique({ where: { deviceId: gas.id } });
      if (status?.lastSeenAt) continue; // the advice is for one that never connected
      const gasText = await card(gas.id);
      expect(gasText).toContain("漏气");
      expect(gasText).not.toContain("装好电池");
    }
    await taroPageSettled(page);
    await browser.shot(page, "h5-county-time-1-home-advice");
  });

  it("says the last contact on the county's clock, not the phone's", async () => {
    const battery = (await homeDevices()).find((d) => d.modelId === "AX-SA100")!;
    const secret = t.demo.devices.find((d) => d.id === battery.id)!.secret;
    const client = await connectDevice(`mqtt://127.0.0.1:${t.api.mqtt.port}`, battery.id, secret);
    try {
      await publish(client, `devices/${battery.id}/up`, uplink("heartbeat", { battery: 90 }).payload);
    } finally {
      client.end(true);
    }
    await expect
      .poll(
        async () => (await t.api.db.prisma.deviceStatus.findUnique({ where: { deviceId: battery.id } }))?.lastSeenAt,
        {
          timeout: 10_000,
        },
      )
      .toBeTruthy();
    const seen = (await t.api.db.prisma.deviceStatus.findUniqueOrThrow({ where: { deviceId: battery.id } }))
      .lastSeenAt!;
    await page.goto(`${t.url}/h5/#/pages/home/index`);
    await page.getByTestId(`device-${battery.id}`).filter({ visible: true }).click();
    const status = page.getByTestId("device-status").filter({ visible: true });
    await expect.poll(async () => (await status.textContent()) ?? "", { timeout: 10_000 }).toContain("上次联系：");
    const text = (await status.textContent()) ?? "";
    const county = countyClockTime(seen);
    expect(county).not.toBe(utcClock(seen.getTime()));
    expect(text).toContain(`上次联系：今天 ${county}`);
    expect(text).not.toContain(`今天 ${utcClock(seen.getTime())}`);
    await taroPageSettled(page);
    await browser.shot(page, "h5-county-time-2-device");
  });
});
