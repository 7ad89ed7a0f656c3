// A desktop browser for the staff console tests: headless Chromium with its own empty profile (so no two
// tests share a sign-in), the console's viewport and Chinese locale, and the staff sign-in form filled as a
// person would. One place for what every console browser test did by hand.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { TestApi } from "../support/test-api.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

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
