/**
 * The WeChat build's own tab bar (dist/weapp/custom-tab-bar, issue 22 item 5) as compiled, in
 * miniprogram-simulate: it marks the tab page it sits under, switches tabs with wx.switchTab, and in
 * elderly mode carries the class that makes it grow (sizes and contrast: test/unit/tabBar.test.tsx).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boot, mountPage, pushBarePage, reset, setStorage, wxCalls, type MountedPage } from "./harness";

describe("custom tab bar (weapp build)", () => {
  let bar: MountedPage;
  let pop: () => void;

  beforeAll(async () => {
    // elderly mode was switched on in an earlier visit: the store reads it when app.js starts
    setStorage("anxin.elderlyMode", true);
    boot();
    reset();
    pop = pushBarePage("pages/me/index");
    bar = await mountPage("custom-tab-bar/index");
    await bar.waitFor("我的");
  });
  afterAll(() => {
    bar?.unmount();
    pop?.();
  });

  it("shows the four tabs, large in elderly mode, the current one marked", () => {
    const items = [...bar.comp.dom.querySelectorAll<HTMLElement>("[class*='tab-item']")];
    expect(items.map((i) => i.textContent)).toEqual(["🏠首页", "🔔报警", "➕绑定", "👤我的"]);
    expect(bar.comp.dom.querySelector("[class*='tab-bar']")!.className).toContain("tab-bar-elder");
    const on = items.filter((i) => /tab-item-on/.test(i.className));
    expect(on.map((i) => i.textContent)).toEqual(["👤我的"]);
  });

  it("switches to a tab with wx.switchTab", async () => {
    await bar.tap("报警");
    const call = wxCalls.find((c) => c.api === "switchTab");
    expect(call?.args.url).toBe("/pages/alarm/index");
  });
});
