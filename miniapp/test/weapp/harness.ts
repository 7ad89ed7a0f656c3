/**
 * Runs Taro's compiled WeChat pages (dist/weapp) in miniprogram-simulate:
 * WXML through WeChat's official compiler (wcc), the page JS as built, `wx` replaced by a recording
 * stub whose `request` answers from an in-memory API. Taro pages call `Page()`, which
 * miniprogram-simulate does not have: the shim maps a page onto `Component()` (page handlers become
 * methods), loads app.js first and calls the page lifecycle (onLoad, onShow, onReady) by hand.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
export const DIST = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..", "dist", "weapp");

export interface WxCall {
  api: string;
  args: Record<string, unknown>;
}
export interface HttpCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
  status?: number;
}
type Handler = (call: HttpCall, params: Record<string, string>) => { status?: number; body?: unknown };

interface SimComponent {
  dom: HTMLElement;
  instance: Record<string, (...args: unknown[]) => unknown> & { data: unknown };
  attach(parent: Element): void;
  querySelector(sel: string): SimComponent | undefined;
  dispatchEvent(name: string, opts?: { detail?: unknown }): void;
  detach(): void;
}
interface Simulate {
  load(p: string, opts: Record<string, unknown>): string;
  render(id: string): SimComponent;
  sleep(ms: number): Promise<void>;
}

export const wxCalls: WxCall[] = [];
export const httpCalls: HttpCall[] = [];
let routes: { method: string; re: RegExp; names: string[]; handler: Handler }[] = [];
let scanResult = "";
const storage = new Map<string, unknown>();

export function setRoutes(table: Record<string, Handler>): void {
  routes = Object.entries(table).map(([key, handler]) => {
    const [method, pattern] = key.split(" ");
    const names: string[] = [];
    const re = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, (m) => (names.push(m.slice(1)), "([^/?]+)"))}$`);
    return { method, re, names, handler };
  });
}
export function setScanResult(text: string): void {
  scanResult = text;
}
export function setStorage(key: string, value: unknown): void {
  storage.set(key, value);
}
export function reset(): void {
  wxCalls.length = 0;
  httpCalls.length = 0;
}

function answer(cb: unknown, res: unknown) {
  if (typeof cb === "function") setTimeout(() => (cb as (r: unknown) => void)(res), 0);
}

/** A `wx` that records every call; request answers from the routes set by the test. */
function makeWx(): Record<string, unknown> {
  const sys = {
    platform: "devtools",
    system: "Linux",
    brand: "simulate",
    model: "simulate",
    language: "zh_CN",
    version: "8.0.50",
    SDKVersion: "3.5.0",
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 812,
    statusBarHeight: 44,
    safeArea: { top: 44, bottom: 812, left: 0, right: 375, width: 375, height: 768 },
    theme: "light",
    fontSizeSetting: 16,
  };
  const ok =
    (api: string, extra: Record<string, unknown> = {}) =>
    (args: Record<string, unknown> = {}) => {
      wxCalls.push({ api, args });
      const res = { errMsg: `${api}:ok`, ...extra };
      answer(args.success, res);
      answer(args.complete, res);
    };
  const wx: Record<string, unknown> = {
    getSystemInfoSync: () => sys,
    getSystemInfo: (a: Record<string, unknown> = {}) => answer(a.success, sys),
    getWindowInfo: () => sys,
    getDeviceInfo: () => sys,
    getAppBaseInfo: () => sys,
    getSystemSetting: () => ({}),
    getAppAuthorizeSetting: () => ({}),
    getMenuButtonBoundingClientRect: () => ({ top: 48, bottom: 80, left: 281, right: 368, width: 87, height: 32 }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ""),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    getStorage: (a: { key: string; success?: unknown; fail?: unknown }) =>
      storage.has(a.key)
        ? answer(a.success, { data: storage.get(a.key) })
        : answer(a.fail, { errMsg: "getStorage:fail" }),
    setStorage: (a: { key: string; data: unknown; success?: unknown }) => (
      storage.set(a.key, a.data),
      answer(a.success, {})
    ),
    removeStorage: (a: { key: string; success?: unknown }) => (storage.delete(a.key), answer(a.success, {})),
    request: (a: {
      url: string;
      method?: string;
      data?: unknown;
      header?: Record<string, string>;
      success?: unknown;
      fail?: unknown;
      complete?: unknown;
    }) => {
      const u = new URL(a.url);
      const call: HttpCall = {
        method: (a.method ?? "GET").toUpperCase(),
        path: u.pathname,
        body: a.data,
        headers: a.header ?? {},
      };
      httpCalls.push(call);
      wxCalls.push({ api: "request", args: a as Record<string, unknown> });
      let res = {
        statusCode: 404,
        data: { error: { code: "NOT_FOUND", message: `${call.method} ${call.path}` } } as unknown,
        header: {},
      };
      for (const r of routes) {
        const m = r.method === call.method ? r.re.exec(call.path) : null;
        if (!m) continue;
        const params: Record<string, string> = {};
        r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
        const out = r.handler(call, params);
        res = { statusCode: out.status ?? 200, data: out.body ?? null, header: {} };
        break;
      }
      call.status = res.statusCode;
      answer(a.success, { ...res, errMsg: "request:ok" });
      answer(a.complete, res);
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    },
    login: ok("login", { code: "wx-login-code" }),
    scanCode: (a: Record<string, unknown> = {}) => {
      wxCalls.push({ api: "scanCode", args: a });
      const res = {
        errMsg: "scanCode:ok",
        result: scanResult,
        scanType: "QR_CODE",
        charSet: "utf-8",
        path: "",
        rawData: "",
      };
      answer(a.success, res);
      answer(a.complete, res);
    },
    requestSubscribeMessage: (a: { tmplIds?: string[]; success?: unknown; complete?: unknown }) => {
      wxCalls.push({ api: "requestSubscribeMessage", args: a as Record<string, unknown> });
      const res: Record<string, string> = { errMsg: "requestSubscribeMessage:ok" };
      (a.tmplIds ?? []).forEach((id) => (res[id] = "accept"));
      answer(a.success, res);
      answer(a.complete, res);
    },
  };
  for (const api of [
    "makePhoneCall",
    "vibrateLong",
    "vibrateShort",
    "switchTab",
    "navigateTo",
    "redirectTo",
    "reLaunch",
    "navigateBack",
    "showToast",
    "hideToast",
    "showModal",
    "showLoading",
    "hideLoading",
    "stopPullDownRefresh",
    "setNavigationBarTitle",
    "setNavigationBarColor",
    "setBackgroundColor",
    "setKeepScreenOn",
    "pageScrollTo",
  ]) {
    wx[api] = ok(api);
  }
  wx.createSelectorQuery = () => ({
    select: () => ({ boundingClientRect: () => ({ exec: () => undefined }) }),
    exec: () => undefined,
  });
  wx.onAppShow = () => undefined;
  wx.onAppHide = () => undefined;
  wx.getUpdateManager = () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} });
  return wx;
}

let simulate: Simulate | null = null;
let app: Record<string, (...a: unknown[]) => unknown> | null = null;
const pageStack: Record<string, unknown>[] = [];
const loaded = new Map<string, string>();

/** Install the globals and load app.js once. */
export function boot(): void {
  if (simulate) return;
  if (!fs.existsSync(path.join(DIST, "app.js"))) {
    throw new Error(`${DIST}/app.js not found: run \`npm run build:weapp -w miniapp\` first`);
  }
  const g = globalThis as Record<string, unknown>;
  g.wx = makeWx();
  simulate = require("miniprogram-simulate") as Simulate;
  // Taro gives a custom component (the custom tab bar) `behaviors: {}` when it has none; WeChat takes
  // that, miniprogram-simulate wants an array
  const component = g.Component as (o: Record<string, unknown>) => void;
  g.Component = (o: Record<string, unknown>) =>
    component({ ...o, behaviors: Array.isArray(o.behaviors) ? o.behaviors : [] });
  g.App = (options: Record<string, (...a: unknown[]) => unknown>) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pageStack;
  let route = "";
  // Page() -> Component(): page handlers become component methods, page data stays data.
  g.Page = (options: Record<string, unknown>) => {
    const methods: Record<string, unknown> = {};
    const pageRoute = route;
    for (const [k, v] of Object.entries(options)) if (typeof v === "function") methods[k] = v;
    (g.Component as (o: unknown) => void)({
      data: options.data ?? {},
      methods,
      lifetimes: {
        created(this: Record<string, unknown>) {
          this.route = pageRoute;
          this.__route__ = pageRoute;
          this.options = {};
        },
      },
    });
  };
  g.__setRoute = (r: string) => {
    route = r;
  };
  require(path.join(DIST, "app.js"));
  if (!app) throw new Error("app.js did not call App()");
  app.onLaunch?.call(app, { path: "pages/home/index", query: {}, scene: 1001 });
  app.onShow?.call(app, { path: "pages/home/index", query: {}, scene: 1001 });
}

/** Put a page that is not rendered on the page stack (what getCurrentPages() answers), e.g. under a tab bar. */
export function pushBarePage(route: string): () => void {
  const page = { route, __route__: route };
  pageStack.push(page);
  return () => void pageStack.splice(pageStack.indexOf(page), 1);
}

export interface MountedPage {
  comp: SimComponent;
  text(): string;
  /** tap the innermost element whose own text is exactly `label` */
  tap(label: string): Promise<void>;
  /** type into the input that follows the label showing `label` */
  input(label: string, value: string): Promise<void>;
  has(text: string): boolean;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  unmount(): void;
}

export async function settle(ms = 30): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** What `find` returns once it returns something, or null after a generous 10 s. */
async function eventually<T>(find: () => T | null): Promise<T | null> {
  const end = Date.now() + 10_000;
  let found = find();
  while (found === null && Date.now() < end) {
    await settle(20);
    found = find();
  }
  return found;
}

/** Load a compiled page, attach it and run onLoad/onShow/onReady as WeChat would. */
export async function mountPage(route: string, query: Record<string, string> = {}): Promise<MountedPage> {
  boot();
  const sim = simulate as Simulate;
  (globalThis as unknown as { __setRoute: (r: string) => void }).__setRoute(route);
  // A page's chunk runs (and calls Page()) only the first time webpack sees it: load each page once.
  const id = loaded.get(route) ?? sim.load(path.join(DIST, route), { compiler: "official", rootPath: DIST });
  loaded.set(route, id);
  const comp = sim.render(id);
  const parent = document.createElement("parent-wrapper");
  document.body.appendChild(parent);
  comp.attach(parent);
  const page = comp.instance as unknown as Record<string, (...a: unknown[]) => unknown>;
  pageStack.push(page);
  page.onLoad?.call(page, query);
  page.onShow?.call(page);
  page.onReady?.call(page);
  await settle(50);

  const findByText = (label: string): HTMLElement | null => {
    const all = Array.from(comp.dom.querySelectorAll<HTMLElement>("*"));
    const hits = all.filter((el) => (el.textContent ?? "").trim() === label);
    // innermost element with that text, then up to the nearest Taro node (it has the id Taro routes events by)
    let el = hits.find((h) => !hits.some((o) => o !== h && h.contains(o))) ?? null;
    while (el && !el.dataset.sid) el = el.parentElement;
    return el;
  };

  const mounted: MountedPage = {
    comp,
    text: () => comp.dom.textContent ?? "",
    has: (t) => (comp.dom.textContent ?? "").includes(t),
    async tap(label) {
      // wait for it: after the last tap the page may not have rendered yet on a busy machine
      const el = await eventually(() => findByText(label));
      if (!el) throw new Error(`nothing shows "${label}" in ${route}: ${mounted.text().slice(0, 300)}`);
      const target = comp.querySelector(`#${el.dataset.sid}`);
      if (!target) throw new Error(`no node #${el.dataset.sid}`);
      target.dispatchEvent("tap", { detail: { x: 0, y: 0 } });
      await settle();
    },
    async input(label, value) {
      const inputAfter = () => {
        let el = findByText(label)?.nextElementSibling ?? null;
        while (el && el.tagName.toLowerCase() !== "wx-input") el = el.nextElementSibling;
        return (el as HTMLElement | null)?.dataset.sid ?? null;
      };
      // the form may still be rendering after the tap that opened it (this failed on a loaded machine when
      // it looked only once, 30 ms after the tap)
      const sid = await eventually(inputAfter);
      if (!sid) throw new Error(`no input after "${label}" in ${route}: ${mounted.text().slice(0, 300)}`);
      comp.querySelector(`#${sid}`)?.dispatchEvent("input", { detail: { value, cursor: value.length, keyCode: 0 } });
      await settle();
    },
    async waitFor(t, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (!mounted.has(t)) {
        if (Date.now() > end) {
          const log = httpCalls.map((c) => `${c.method} ${c.path} ${c.status}`).join("; ");
          throw new Error(
            `"${t}" did not show in ${route}; it shows: ${mounted.text().slice(0, 400)}\nrequests: ${log}`,
          );
        }
        await settle(20);
      }
    },
    unmount() {
      page.onHide?.call(page);
      page.onUnload?.call(page);
      comp.detach();
      parent.remove();
      pageStack.splice(pageStack.indexOf(page), 1);
    },
  };
  return mounted;
}
