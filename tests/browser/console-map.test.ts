// The county map with a tile server (CONSOLE_TILE_URL): tiles come from that address, which the page's CSP
// allows. A local server stands in for the county's tile service; the browser has no other network. Names
// on the map are text, not markup.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite } from "./console-desk.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, screenshotPath } = consoleSuite("console map");

// a 1x1 light-grey PNG; Leaflet stretches it over the 256 px tile
const TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC",
  "base64",
);

describe.skipIf(unavailable !== null)("county map with tiles", () => {
  let t: TestApi;
  let tiles: Server;
  const requested: string[] = [];

  beforeAll(async () => {
    tiles = createServer((req, res) => {
      requested.push(req.url ?? "");
      res.writeHead(200, { "content-type": "image/png" }).end(TILE);
    });
    await new Promise<void>((r) => tiles.listen(0, "127.0.0.1", r));
    // the county view is computed at most once a second and shared (REPORTS_CACHE_MS, issue 21); this test
    // renames a community and reloads at once, so it reads the view fresh every time
    t = await startTestApi({
      env: {
        REPORTS_CACHE_MS: "0",
        CONSOLE_TILE_URL: `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png`,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => tiles?.close(r));
  });

  it("draws tiles from CONSOLE_TILE_URL under the communities", async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-console-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: "zh-CN",
    });
    try {
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/.test(m.text())) blocked.push(m.text());
      });
      await page.goto(`${t.url}/console/login?next=/console/county`);
      await page.fill("#username", "supervisor");
      await page.fill("#password", t.demo.staff.find((s) => s.username === "supervisor")!.password);
      await Promise.all([page.waitForURL(/\/console\/county/), page.click("button[type=submit]")]);
      await page.locator("#map img.leaflet-tile-loaded").first().waitFor();
      expect(requested.length).toBeGreaterThan(0);
      expect(requested.every((u) => /^\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
      expect(blocked).toEqual([]);
      expect(await page.locator("#map .leaflet-interactive").count()).toBe(3);
      await page.locator("#map").screenshot({ path: screenshotPath("console-county-map-tiles") });

      // a name from the database is text on the map and in the tables, never markup (a Leaflet tooltip given
      // a string takes it as HTML; the screen gives it text)
      const evil = '<img src=x onerror="window.__xss=1">幸福';
      const prisma = t.api.db.prisma;
      const c = await prisma.community.findFirstOrThrow({ where: { latitude: { not: null } }, orderBy: { id: "asc" } });
      await prisma.community.update({ where: { id: c.id }, data: { name: evil } });
      try {
        await page.reload();
        await page.waitForSelector("body[data-ready='1']");
        expect(await page.locator("#map .leaflet-tooltip", { hasText: evil }).count()).toBe(1);
        expect(await page.locator("#map .leaflet-tooltip img, main img[src=x]").count()).toBe(0);
        expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
      } finally {
        await prisma.community.update({ where: { id: c.id }, data: { name: c.name } });
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
