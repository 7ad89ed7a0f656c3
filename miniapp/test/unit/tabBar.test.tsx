/**
 * The WeChat build's own tab bar (src/custom-tab-bar, issue 22 item 5): WeChat's native one has a fixed
 * size, so in elderly mode ours grows (taller, larger words and pictures) with at least 7:1 contrast.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// app.config.ts calls the global Taro's build gives it
vi.hoisted(() => {
  (globalThis as unknown as { defineAppConfig: (c: unknown) => unknown }).defineAppConfig = (c) => c;
});
import { act, fireEvent, render, screen } from "@testing-library/react";
import Taro from "@tarojs/taro";
import CustomTabBar from "@/custom-tab-bar/index";
import { TABS, tabIndexOf } from "@/custom-tab-bar/tabs";
import appConfig from "@/app.config";
import { resetState, setState } from "@/services/store";

const css = readFileSync(path.resolve(__dirname, "../../src/custom-tab-bar/index.css"), "utf8").replace(
  /\/\*[\s\S]*?\*\//g,
  "",
);

/** The declarations of the rule whose selector is exactly `selector`. */
function rule(selector: string): Record<string, string> {
  const m = new RegExp(`(?:^|})\\s*${selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\{([^}]*)\\}`).exec(css);
  if (!m) throw new Error(`no rule ${selector}`);
  return Object.fromEntries(
    m[1]!
      .split(";")
      .map((d) => d.split(":").map((x) => x.trim()))
      .filter((d) => d.length === 2) as [string, string][],
  );
}

function luminance(hex: string): number {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
const px = (v: string | undefined) => parseFloat(v ?? "0");

let route = "pages/me/index";
beforeEach(() => {
  resetState();
  route = "pages/me/index";
  vi.spyOn(Taro, "getCurrentPages").mockImplementation(
    () => [{ route }] as unknown as ReturnType<typeof Taro.getCurrentPages>,
  );
});
afterEach(() => vi.restoreAllMocks());

describe("custom tab bar", () => {
  it("lists the same four tabs as app.config.ts, and the WeChat build asks for it", () => {
    expect(TABS.map((t) => t.path.slice(1))).toEqual(appConfig.tabBar!.list.map((t) => t.pagePath));
    expect(TABS.map((t) => t.text)).toEqual(appConfig.tabBar!.list.map((t) => t.text));
    // the unit tests run as H5, where Taro draws its own tab bar (grown by app.css)
    expect(appConfig.tabBar!.custom).toBe(false);
    expect(tabIndexOf("/pages/bind/index?x=1")).toBe(2);
    expect(tabIndexOf("pages/device/index")).toBe(-1);
  });

  it("marks the page it belongs to and switches tabs on a tap", () => {
    const switchTab = vi.spyOn(Taro, "switchTab").mockResolvedValue({ errMsg: "switchTab:ok" });
    render(<CustomTabBar />);
    expect(screen.getByTestId("tab-3").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("tab-3").className).toContain("tab-item-on");
    expect(screen.getByTestId("tab-0").className).not.toContain("tab-item-on");
    fireEvent.click(screen.getByTestId("tab-1"));
    expect(switchTab).toHaveBeenCalledWith({ url: "/pages/alarm/index" });
    expect(screen.getByTestId("tab-1").className).toContain("tab-item-on");
  });

  it("grows in elderly mode, as soon as it is switched on", () => {
    render(<CustomTabBar />);
    const bar = screen.getByRole("navigation");
    expect(bar.className).not.toContain("tab-bar-elder");
    act(() => setState({ elderlyMode: true }));
    expect(bar.className).toContain("tab-bar-elder");
    // taller, larger words and pictures than the normal bar
    expect(px(rule(".tab-bar-elder .tab-item").height)).toBeGreaterThanOrEqual(1.5 * px(rule(".tab-item").height));
    expect(px(rule(".tab-bar-elder .tab-text")["font-size"])).toBeGreaterThanOrEqual(
      1.5 * px(rule(".tab-text")["font-size"]),
    );
    expect(px(rule(".tab-bar-elder .tab-icon")["font-size"])).toBeGreaterThanOrEqual(
      1.5 * px(rule(".tab-icon")["font-size"]),
    );
  });

  it("reads at 7:1 or better in elderly mode, current tab and the others", () => {
    const other = rule(".tab-bar-elder .tab-item");
    const on = { ...other, ...rule(".tab-bar-elder .tab-item-on") };
    expect(contrast(other.color!, other.background!)).toBeGreaterThanOrEqual(7);
    expect(contrast(on.color!, on.background!)).toBeGreaterThanOrEqual(7);
    // and the normal bar at least 4.5:1
    const normal = rule(".tab-item");
    expect(contrast(normal.color!, normal.background!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(rule(".tab-item-on").color!, normal.background!)).toBeGreaterThanOrEqual(4.5);
  });
});
