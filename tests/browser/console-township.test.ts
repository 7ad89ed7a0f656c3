// 我的乡镇 in headless Chromium (issue 14): a township coordinator signs in and lands on their township's page:
// its communities with households, devices online and coverage, the open alarms of its homes and units (not
// another township's), its experience centres and group bookings; another township's id is a 404 and a
// property manager is refused the page. Every page passes axe.
// Screenshots: test-results/screenshots/console-township-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console township");

const signIn = (t: TestApi, username: string) => signInDesk(t, username);

describe.skipIf(unavailable !== null)("console township page in headless Chromium", () => {
  let t: TestApi;
  let own = { id: "", name: "" };
  let otherId = "";
  const alarms = { own: "", other: "" };

  beforeAll(async () => {
    t = await startTestApi();
    const p = t.api.db.prisma;
    const me = await p.staffUser.findFirstOrThrow({ where: { username: "coordinator" }, include: { township: true } });
    own = { id: me.township!.id, name: me.township!.name };
    otherId = (await p.township.findFirstOrThrow({ where: { id: { not: own.id } } })).id;
    // a removed smoke alarm in a home of each township
    const now = t.api.services.clock.now();
    for (const [key, townshipId] of [
      ["own", own.id],
      ["other", otherId],
    ] as const) {
      const d = await p.device.findFirstOrThrow({
        where: { household: { unit: { building: { community: { townshipId } } } } },
        include: { household: { include: { unit: { include: { building: true } } } } },
      });
      alarms[key] = (
        await p.alarm.create({
          data: {
            deviceId: d.id,
            householdId: d.householdId,
            communityId: d.household!.unit.building.communityId,
            kind: "TAMPER",
            severity: "MAJOR",
            startedAt: now,
            lastEventAt: now,
            point: "township-browser-test",
          },
        })
      ).id;
    }
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("a coordinator lands on their township: communities, coverage, alarms, centres", async () => {
    const s = await signIn(t, "coordinator");
    try {
      const { page } = s;
      expect(new URL(page.url()).pathname).toBe("/console/township");
      expect(await page.textContent("nav a[aria-current=page]")).toBe("我的乡镇");
      expect(await page.textContent("#township-name")).toContain(own.name);
      const p = t.api.db.prisma;
      const communities = await p.community.findMany({ where: { townshipId: own.id }, select: { id: true } });
      const shown = await page
        .locator("#communities tbody tr[data-community]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-community")));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.sort()).toEqual(communities.map((c) => c.id).sort());
      expect(Number(await page.textContent("#total-households"))).toBe(
        await p.household.count({ where: { unit: { building: { community: { townshipId: own.id } } } } }),
      );
      expect(await page.textContent("#total-coverage")).toMatch(/^\d+\.\d%$/);
      expect(await page.locator(`#open-alarms tr[data-alarm="${alarms.own}"]`).count()).toBe(1);
      expect(await page.locator(`#open-alarms tr[data-alarm="${alarms.other}"]`).count()).toBe(0);
      expect(await page.textContent(`#open-alarms tr[data-alarm="${alarms.own}"]`)).toContain("拆除");
      expect(await page.locator("#centres tbody tr[data-centre]").count()).toBeGreaterThan(0);
      await page.click("#coverage-rule summary");
      expect(await page.textContent("#coverage-rule")).toContain("感烟");
      await axe.check(page, "township (coordinator)");
      await shot(page, "console-township-coordinator");

      // another township's page is as if it did not exist: the API answers 404 and the screen says so
      await page.goto(`${t.url}/console/township?township=${otherId}`);
      expect(await page.textContent("#load-error")).toContain("找不到");
      expect(await page.locator("#communities").count()).toBe(0);
      const status = await page.evaluate(
        async (id) =>
          (await fetch(`/api/reports/township?township=${id}`, { headers: { "x-anxin-csrf": "1" } })).status,
        otherId,
      );
      expect(status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it("refuses the page to a property manager", async () => {
    const s = await signIn(t, "manager_a");
    try {
      const res = await s.page.goto(`${t.url}/console/township`);
      expect(res?.status()).toBe(403);
      expect(await s.page.locator("nav a[href='/console/township']").count()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
