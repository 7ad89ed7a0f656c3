// Headless Chromium for the portal's browser tests: Debian's /usr/bin/chromium driven by playwright-core,
// with a fresh profile each run and the flags this closed network needs (no background connections).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../test-results/screenshots");

/** null when the browser is there, else why the suite cannot run. */
export function browserUnavailable(): string | null {
  return existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** A phone-sized browser (iPhone 12-ish viewport) with its own empty profile. */
export async function openBrowser(
  opts: {
    javaScriptEnabled?: boolean;
    /** the phone's time zone ("UTC"); the machine's when left out */ timezoneId?: string;
  } = {},
): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    newPage: () => context.newPage(),
    async shot(page, name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
