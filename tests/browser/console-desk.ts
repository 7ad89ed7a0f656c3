// A desktop browser for the staff console tests: headless Chromium with its own empty profile (so no two
// tests share a sign-in), the console's viewport and Chinese locale, and the staff sign-in form filled as a
// person would; and the preamble of every console browser suite (the Chromium gate, its axe checker, its
// screenshots). One place for what every console browser test did by hand.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { TestApi } from "../support/test-api.ts";
import { axeChecker, type AxeChecker } from "./axe.ts";
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from "./portal-browser.ts";

export interface ConsoleSuite {
  /** null when Chromium is there; else why not, and the suite is skipped: `describe.skipIf(unavailable !== null)`. */
  readonly unavailable: string | null;
  /** The suite's axe checker (WCAG 2.1 A/AA and best practice; a serious or critical violation fails). */
  readonly axe: AxeChecker;
  /** test-results/screenshots/`name`.png, the folder made first: for a screenshot of part of a page. */
  screenshotPath(name: string): string;
  /** Saves the page (all of it unless `fullPage: false`) as test-results/screenshots/`name`.png; the file. */
  shot(page: Page, name: string, opts?: { fullPage?: boolean }): Promise<string>;
  /** Checks the page with axe under `name`, then saves it as `shot` does. */
  axeShot(page: Page, name: string): Promise<string>;
}

/**
 * The preamble of a console browser suite, called once at the top of its file: without Chromium the suite is
 * skipped with the reason (a warning) outside CI and the file fails under CI (CI=true). `name` is the axe
 * summary's ("console centres"); the warning and the failure say "`name` browser tests".
 */
export function consoleSuite(name: string): ConsoleSuite {
  const unavailable = browserUnavailable();
  if (unavailable && process.env.CI === "true")
    throw new Error(`${name} browser tests cannot run under CI: ${unavailable}`);
  if (unavailable) console.warn(`${name} browser tests skipped: ${unavailable}`);
  const axe = axeChecker(name);
  const screenshotPath = (file: string) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    return path.join(SCREENSHOTS, `${file}.png`);
  };
  const shot = async (page: Page, file: string, opts: { fullPage?: boolean } = {}) => {
    const to = screenshotPath(file);
    await page.screenshot({ path: to, fullPage: opts.fullPage ?? true });
    return to;
  };
  return {
    unavailable,
    axe,
    screenshotPath,
    shot,
    async axeShot(page, file) {
      await axe.check(page, file);
      return shot(page, file);
    },
  };
}

export interface Desk {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A browser with an empty profile; page errors are logged under `label` when given. */
export async function openDesk(opts: { acceptDownloads?: boolean; label?: string } = {}): Promise<Desk> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-console-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: "zh-CN",
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  if (opts.label !== undefined)
    page.on("pageerror", (e) => console.error(`${opts.label ? `[${opts.label}] ` : ""}page error: ${e.message}`));
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs `username` in through the console's form (the demo password unless given); lands past the form. */
/** Fills the sign-in form the page shows and sends it; resolves once the page after it has loaded. */
export async function submitSignIn(d: Desk, t: TestApi, username: string, opts: { password?: string } = {}) {
  await d.page.fill("#username", username);
  await d.page.fill("#password", opts.password ?? t.demo.staff.find((s) => s.username === username)!.password);
  await Promise.all([
    d.page.waitForURL((u) => !u.pathname.startsWith("/console/login")),
    d.page.click("button[type=submit]"),
  ]);
  return d;
}

/**
 * Signs in on the form asking for `next` (the role's own page unless given); `next: null` opens the form
 * as a bookmark does, with no page asked for.
 */
export async function signInOn(
  d: Desk,
  t: TestApi,
  username: string,
  opts: { next?: string | null; password?: string } = {},
) {
  const query = opts.next === null ? "" : `?next=${encodeURIComponent(opts.next ?? "/console/home")}`;
  await d.page.goto(`${t.url}/console/login${query}`);
  return submitSignIn(d, t, username, opts);
}

/** A fresh browser signed in as `username`. */
export async function signInDesk(
  t: TestApi,
  username: string,
  opts: { next?: string; password?: string; acceptDownloads?: boolean; label?: string } = {},
): Promise<Desk> {
  const d = await openDesk(opts);
  try {
    return await signInOn(d, t, username, opts);
  } catch (e) {
    await d.close();
    throw e;
  }
}
