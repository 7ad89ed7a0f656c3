// Can a resident on a phone hit every button and read every word? axe's rules check neither tap-target size
// nor the smallest type, so this measures them on the mini-program's H5 at 390x844, as a resident (sign-in,
// home, 报警, an alarm's page before and after 我来处理, 我的, family, reminders, 隐患随手拍, 体验馆预约)
// and as property staff (sign-in, alarm list), once in normal mode and once in elderly mode (长辈模式: the
// phone remembers it, and the resident switches it on in 我的). Pure geometry of what is drawn, read once each
// page has settled:
// - every visible control (button, link, input, role=button/radio/switch, Taro's button and switch) is at
//   least 24x24 CSS px (WCAG 2.2, 2.5.8 target size minimum, without the spacing exception);
// - every button (.btn), every switch (长辈模式 itself) and every tab of the tab bar is at least 44 px tall (an
//   action for an elderly thumb: WCAG 2.5.5 target size, Apple's 44 pt guidance);
// - no visible text is smaller than 14 px, in elderly mode 18 px.
// A failure names the page, the control or the words, and their size; screenshots are saved.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";
import { taroPageSettled } from "./taro-page.ts";

const h5Index = path.resolve(import.meta.dirname, "../../miniapp/dist/h5/index.html");
const unavailable =
  browserUnavailable() ?? (existsSync(h5Index) ? null : "the H5 build is missing (npm run build:h5 -w miniapp)");
if (unavailable && process.env.CI === "true") throw new Error(`H5 browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`[skipped] mini-program tap-target and text-size browser test: ${unavailable}`);

/** WCAG 2.2 2.5.8: a target at least 24 by 24 CSS px */
const MIN_TARGET = 24;
/** a button or a tab: at least 44 px tall */
const MIN_ACTION_HEIGHT = 44;
const MIN_TEXT = { normal: 14, elderly: 18 } as const;
type Mode = keyof typeof MIN_TEXT;

interface Target {
  name: string;
  width: number;
  height: number;
  action: boolean;
}
interface Words {
  text: string;
  size: number;
}
interface Measured {
  elderly: boolean;
  targets: Target[];
  words: Words[];
}

/**
 * Runs in the page: the visible controls with their boxes, and the visible text with its computed size.
 * A control inside another one (Taro's <input> inside its switch) counts as the outer one.
 */
function measurePage(): Measured {
  interface Rect {
    width: number;
    height: number;
  }
  interface El {
    tagName: string;
    parentElement: El | null;
    textContent: string | null;
    getAttribute(name: string): string | null;
    getBoundingClientRect(): Rect;
    getClientRects(): { length: number };
    matches(selector: string): boolean;
    closest(selector: string): El | null;
  }
  interface TextNode {
    nodeValue: string | null;
    parentElement: El | null;
  }
  const g = globalThis as unknown as {
    document: {
      body: El & { classList: { contains(c: string): boolean } };
      querySelectorAll(selector: string): Iterable<El>;
      createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
      createRange(): { selectNodeContents(n: TextNode): void; getBoundingClientRect(): Rect };
    };
    getComputedStyle(el: El): { visibility: string; opacity: string; fontSize: string };
  };
  const CONTROLS = [
    "button",
    "a[href]",
    "input:not([type='hidden'])",
    "textarea",
    "select",
    "[role='button']",
    "[role='radio']",
    "[role='checkbox']",
    "[role='switch']",
    "[role='link']",
    "[role='tab']",
    "taro-button-core",
    "taro-switch-core",
    "taro-checkbox-core",
    "taro-input-core",
    "taro-textarea-core",
  ].join(", ");
  const ACTIONS = ".btn, .weui-tabbar__item, taro-switch-core";
  const seen = (el: El): boolean => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.getClientRects().length === 0) return false;
    for (let e: El | null = el; e; e = e.parentElement) {
      const s = g.getComputedStyle(e);
      if (s.visibility === "hidden" || s.opacity === "0") return false;
    }
    return true;
  };
  const nameOf = (el: El): string => {
    const id = el.getAttribute("data-testid");
    const label = el.getAttribute("aria-label");
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 24);
    const cls = (el.getAttribute("class") ?? "").split(/\s+/).filter(Boolean).slice(0, 3).join(".");
    return `<${el.tagName.toLowerCase()}${cls ? `.${cls}` : ""}>${id ? ` testid=${id}` : ""} "${label ?? text}"`;
  };
  const round = (n: number) => Math.round(n * 10) / 10;
  const targets: Target[] = [];
  for (const el of g.document.querySelectorAll(CONTROLS)) {
    if (el.parentElement?.closest(CONTROLS)) continue;
    if (!seen(el)) continue;
    const r = el.getBoundingClientRect();
    targets.push({ name: nameOf(el), width: round(r.width), height: round(r.height), action: el.matches(ACTIONS) });
  }
  // tab-bar items that are not links: still a tap target
  for (const el of g.document.querySelectorAll(".weui-tabbar__item:not(a)")) {
    if (!seen(el)) continue;
    const r = el.getBoundingClientRect();
    targets.push({ name: nameOf(el), width: round(r.width), height: round(r.height), action: true });
  }
  const words: Words[] = [];
  const walker = g.document.createTreeWalker(g.document.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.nodeValue ?? "").replace(/\s+/g, " ").trim();
    const el = n.parentElement;
    if (!text || !el || el.closest("script, style, noscript")) continue;
    const range = g.document.createRange();
    range.selectNodeContents(n);
    const box = range.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !seen(el)) continue;
    words.push({ text: text.slice(0, 30), size: round(parseFloat(g.getComputedStyle(el).fontSize)) });
  }
  return { elderly: g.document.body.classList.contains("elder-mode"), targets, words };
}

describe.skipIf(unavailable !== null)("mini-program H5: tap targets and text sizes, normal and elderly", () => {
  let t: TestApi;
  const browsers: Browser[] = [];
  /** what was measured, for the summary printed at the end */
  const summary: string[] = [];
  const zhangsanHome = () => t.demo.residents[0]!.households[0]!;
  /** the alarm bound to 张三's home for this test (the one with a binding code) */
  const ownAlarm = () => t.demo.devices.find((d) => d.bindCode)!;

  async function smoke(device: { id: string; secret: string }, event: "smoke_alarm" | "smoke_clear") {
    const client = await connectDevice(`mqtt://127.0.0.1:${t.api.mqtt.port}`, device.id, device.secret);
    try {
      await publish(
        client,
        `devices/${device.id}/up`,
        uplink(event, { smoke: event === "smoke_alarm" ? 650 : 20 }).payload,
      );
    } finally {
      client.end(true);
    }
  }

  beforeAll(async () => {
    t = await startTestApi();
    const d = ownAlarm();
    const bound = await t.request("POST", "/api/devices/bind", {
      token: await t.loginResident("zhangsan"),
      body: { serial: d.serial, bindCode: d.bindCode, householdId: zhangsanHome().id, room: "主卧" },
    });
    expect(bound.status).toBe(200);
    // an open alarm in another home of 幸福小区, for the property staff's list
    const other = t.demo.devices.find(
      (x) => x.address?.startsWith("幸福小区") && x.address !== zhangsanHome().address && !x.bindCode,
    )!;
    await smoke(other, "smoke_alarm");
    // (expect.poll cannot run in a hook) the API has stored it once the device's message was handled
    for (let i = 0; i < 100; i++) {
      if (await t.api.db.prisma.alarm.count({ where: { deviceId: other.id, kind: "FIRE" } })) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);
  afterAll(async () => {
    console.log(summary.join("\n"));
    for (const b of browsers) await b.close();
    await t?.close();
  });

  /** The smoke clears and 张三 ends the alarm (through the API): the next screens are the quiet ones. */
  async function endOwnAlarm() {
    await smoke(ownAlarm(), "smoke_clear");
    const open = await t.api.db.prisma.alarm.findMany({
      where: { deviceId: ownAlarm().id, status: { not: "RESOLVED" } },
    });
    for (const a of open) {
      const done = await t.request("POST", `/api/alarms/${a.id}/resolve`, {
        token: await t.loginResident("zhangsan"),
        body: { resolution: "TEST" },
      });
      expect(done.status).toBe(200);
    }
  }

  /** Measure what the page shows once it has settled; fail naming every control or word that is too small. */
  async function check(browser: Browser, page: Page, mode: Mode, name: string) {
    await taroPageSettled(page);
    await browser.shot(page, `targets-${mode}-${name}`);
    const m = await page.evaluate(measurePage);
    expect(m.elderly, `${name}: elderly mode ${mode === "elderly" ? "on" : "off"}`).toBe(mode === "elderly");
    const smallest = m.words.reduce<Words | null>((a, w) => (a && a.size <= w.size ? a : w), null);
    const tiniest = m.targets.reduce<Target | null>(
      (a, x) => (a && Math.min(a.width, a.height) <= Math.min(x.width, x.height) ? a : x),
      null,
    );
    summary.push(
      `[targets] ${mode} ${name}: ${m.targets.length} controls, smallest ${tiniest ? `${tiniest.width}x${tiniest.height} ${tiniest.name}` : "-"}; ` +
        `smallest text ${smallest ? `${smallest.size}px "${smallest.text}"` : "-"}`,
    );
    const problems = [
      ...m.targets
        .filter((x) => x.width < MIN_TARGET || x.height < MIN_TARGET)
        .map((x) => `control ${x.name} is ${x.width}x${x.height} px (at least ${MIN_TARGET}x${MIN_TARGET})`),
      ...m.targets
        .filter((x) => x.action && x.height < MIN_ACTION_HEIGHT)
        .map((x) => `button ${x.name} is ${x.height} px tall (at least ${MIN_ACTION_HEIGHT})`),
      ...m.words
        .filter((w) => w.size < MIN_TEXT[mode])
        .map((w) => `text "${w.text}" is ${w.size} px (at least ${MIN_TEXT[mode]} in ${mode} mode)`),
    ];
    expect(m.targets.length, `${name}: no control measured`).toBeGreaterThan(0);
    expect.soft(problems, `${mode} ${name}:\n  ${[...new Set(problems)].join("\n  ")}`).toEqual([]);
  }

  async function walk(mode: Mode) {
    const browser = await openBrowser();
    browsers.push(browser);
    const page = await browser.newPage();
    await endOwnAlarm();
    // an elderly resident's phone remembers 长辈模式 (Taro's storage), so even the sign-in page is large
    if (mode === "elderly")
      await page.addInitScript(() =>
        (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
          "anxin.elderlyMode",
          JSON.stringify({ data: true }),
        ),
      );
    const visible = (text: string) => page.getByText(text, { exact: true }).filter({ visible: true });
    const tap = (text: string) => visible(text).click();

    await page.goto(`${t.url}/h5/`);
    await visible("张三").waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "sign-in");
    await tap("张三");
    await expect.poll(() => page.getByText("张三，您好").count(), { timeout: 10_000 }).toBe(1);
    await tap("我的");
    const elder = page.locator('[data-testid="elder-switch"] input').filter({ visible: true });
    await elder.waitFor({ timeout: 10_000 });
    if ((await elder.isChecked()) !== (mode === "elderly")) {
      await elder.click();
      await expect.poll(() => elder.isChecked(), { timeout: 5000 }).toBe(mode === "elderly");
    }
    await check(browser, page, mode, "me");
    await tap("首页");
    await page.getByTestId(`home-health-${zhangsanHome().id}`).filter({ visible: true }).waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "home");
    await tap("报警");
    await page.getByTestId("no-alarm").filter({ visible: true }).waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "alarm-tab");

    // a smoke alarm from 张三's own alarm: the alarm screen, then 我来处理
    await smoke(ownAlarm(), "smoke_alarm");
    await page.getByTestId("alarm-what").filter({ visible: true, hasText: "烟雾" }).waitFor({ timeout: 15_000 });
    await check(browser, page, mode, "alarm");
    await tap("我来处理");
    await expect.poll(() => page.getByText("正在处理").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await check(browser, page, mode, "alarm-acknowledged");
    await endOwnAlarm();
    await page.getByTestId("no-alarm").filter({ visible: true }).waitFor({ timeout: 15_000 });

    await tap("我的");
    await visible("家人和紧急联系人").waitFor({ timeout: 10_000 });
    await tap("家人和紧急联系人");
    await page.getByTestId("input-contact-name").filter({ visible: true }).waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "family");
    await tap("‹ 返回");
    await tap("提醒设置（电量低、离线等）");
    await page.getByTestId(`alerts-home-${zhangsanHome().id}`).filter({ visible: true }).waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "alerts");
    await tap("‹ 返回");
    await tap("隐患随手拍（报告小区里的隐患）");
    await page.getByTestId("hazard-form").filter({ visible: true }).waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "hazard-report");
    await tap("‹ 返回");
    await tap("体验馆预约");
    await page.locator('[data-testid^="centre-"]').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "booking");
    await tap("‹ 返回");

    // property staff: sign-in and the alarm list with the open alarm in 幸福小区
    await tap("工作人员入口");
    const staff = t.demo.staff.find((s) => s.username === "staff_a")!;
    const user = page.locator('[data-testid="staff-username"] input').filter({ visible: true });
    await user.waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "staff-sign-in");
    await user.fill(staff.username);
    await page.locator('[data-testid="staff-password"] input').filter({ visible: true }).fill(staff.password);
    await visible("登录").last().click();
    await page.locator('[data-testid^="staff-alarm-"]').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
    await check(browser, page, mode, "staff-alarms");
  }

  it("in normal mode: every control at least 24x24 px, buttons and switches 44 px tall, no text under 14 px", async () => {
    await walk("normal");
  });

  it("in elderly mode: the same controls, and no text under 18 px", async () => {
    await walk("elderly");
  });
});
