// Three-party acceptance in the staff console, from start to end in headless Chromium (issue 19 part A): the
// installer submits the old people's home with a photo; the system's checks fail for the smoke alarm that
// is still offline and silent (and name it in Chinese); that alarm comes online and sends a test alarm
// through the real ingest pipeline; the resubmission passes; the unit's responsible person confirms; the
// fire supervisor accepts (asked first: acceptance is final); the printable record (a server-rendered
// document) carries the three signatures. The supervisor's 推进计划 screen shows the phases, a pilot's page
// its demonstrations; where a unit's stage and its devices disagree (the accepted hospital whose devices have
// all gone quiet) it says so in red words, counts it, and its filter lists only those; the hospital's own page
// says the same in red words. The screens are the console app's: an action redraws the screen in place (no page
// load), so each step waits for the state it expects. Each page is checked with axe; screenshots in
// test-results/screenshots.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { computedStyle } from "./axe.ts";
import { consoleSuite } from "./console-desk.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, axe, shot } = consoleSuite("console roll-out");

// a 1x1 PNG: the photo the installer attaches
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe.skipIf(unavailable !== null)("three-party acceptance in the staff console", () => {
  let t: TestApi;
  const closers: (() => Promise<void>)[] = [];

  async function signIn(username: string): Promise<Page> {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-console-rollout-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: "zh-CN",
    });
    closers.push(async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${t.url}/console/login?next=${encodeURIComponent("/console/home")}`);
    await page.fill("#username", username);
    await page.fill("#password", t.demo.staff.find((s) => s.username === username)!.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/console/login")),
      page.click("button[type=submit]"),
    ]);
    return page;
  }
  const open = async (page: Page, p: string) => {
    await page.goto(`${t.url}${p}`);
    await page.waitForSelector("body[data-ready='1']");
  };
  /** The acceptance screen shows this status (after an action the screen reloads its data in place). */
  const status = (page: Page, s: string) => page.waitForSelector(`#acceptance-status[data-status='${s}']`);
  /** A device speaks through the real ingest pipeline: a heartbeat (online) and its test button. */
  const testButton = async (deviceId: string) => {
    const ts = Date.now();
    await t.api.services.ingest.submit(
      deviceId,
      JSON.stringify({ id: `hb-${ts}`, ts, type: "heartbeat", battery: 96 }),
      "test",
    );
    await t.api.services.ingest.submit(deviceId, JSON.stringify({ id: `test-${ts}`, ts, type: "test_alarm" }), "test");
    await t.api.services.ingest.drain();
  };

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await t?.close();
    console.log(axe.summary());
  });

  it(
    "installer submits, checks fail for the offline alarm, it is fixed, the unit confirms, the brigade accepts",
    { timeout: 240_000 },
    async () => {
      const prisma = t.api.db.prisma;
      const rollout = t.demo.rollout as { installingUnitId: string; installingDevices: { id: string }[] };
      const unitId = rollout.installingUnitId;
      const [first, second] = rollout.installingDevices.map((d) => d.id) as [string, string];
      const silent = await prisma.device.findUniqueOrThrow({ where: { id: second } });
      await testButton(first); // the first alarm is up and tested; the second is not heard from yet

      const installer = await signIn("az_zhou");
      await open(installer, "/console/acceptance");
      expect(await installer.locator("nav a", { hasText: "验收" }).count()).toBe(1);
      await installer.selectOption("#acceptance-submit select[name=target]", `UNIT:${unitId}`);
      await installer.selectOption("#acceptance-submit select[name=kind0]", "SMOKE_ALARM");
      await installer.fill("#acceptance-submit input[name=count0]", "2");
      await installer.fill("#acceptance-submit input[name=note0]", "值班室和老人居室各一台");
      const photo = path.join(mkdtempSync(path.join(os.tmpdir(), "anxin-photo-")), "install.png");
      writeFileSync(photo, PNG);
      await installer.setInputFiles("#acceptance-submit input[name=photos]", photo);
      await axe.check(installer, "acceptance list and submission");
      await shot(installer, "console-rollout-submit");
      await Promise.all([
        installer.waitForURL(/\/console\/acceptance\/[^/]+$/),
        installer.click("#acceptance-submit button[type=submit]"),
      ]);
      await status(installer, "CHECKS_FAILED");
      const acceptanceId = new URL(installer.url()).pathname.split("/").pop()!;
      expect((await prisma.acceptance.findUniqueOrThrow({ where: { id: acceptanceId } })).status).toBe("CHECKS_FAILED");
      const problems = await installer.textContent("#check-problems");
      expect(problems).toContain(`二层老人居室感烟报警器（编号 ${silent.serial}）不在线`);
      expect(problems).toContain("监控中心没有收到它的测试报警");
      expect(problems).not.toContain("一层值班室");
      expect(await installer.locator("#check-table tr.bad").count()).toBe(1);
      await installer.locator("#acceptance-photos img").first().waitFor();
      await axe.check(installer, "acceptance with failed checks");
      await shot(installer, "console-rollout-checks-failed");

      // fixed on site: the second alarm comes online and its test alarm reaches the centre
      await testButton(second);
      await installer.click("#resubmit");
      await status(installer, "SUBMITTED");
      expect(await installer.textContent("#check-passed")).toContain("2 台设备全部在线");
      expect((await prisma.networkedUnit.findUniqueOrThrow({ where: { id: unitId } })).rolloutStage).toBe("INSTALLED");
      await shot(installer, "console-rollout-checks-passed");

      const responsible = t.demo
        .units!.find((u) => u.id === unitId)!
        .accounts.find((a) => a.role === "UNIT_RESPONSIBLE")!;
      const unitPage = await signIn(responsible.username);
      await open(unitPage, `/console/acceptance/${acceptanceId}`);
      await axe.check(unitPage, "acceptance for the unit to confirm");
      await unitPage.click("#confirm");
      await status(unitPage, "UNIT_CONFIRMED");
      expect((await prisma.acceptance.findUniqueOrThrow({ where: { id: acceptanceId } })).status).toBe(
        "UNIT_CONFIRMED",
      );
      await shot(unitPage, "console-rollout-unit-confirmed");

      const supervisor = await signIn("supervisor");
      await open(supervisor, `/console/acceptance/${acceptanceId}`);
      await axe.check(supervisor, "acceptance for the brigade to decide");
      // accepting is final: asked first, and "返回" leaves it as it was
      await supervisor.click("#accept");
      await supervisor.waitForSelector("dialog#confirm[open]");
      expect(await supervisor.textContent("dialog#confirm")).toContain("不能再改");
      await axe.check(supervisor, "acceptance: the supervisor is asked before accepting");
      await supervisor.click("dialog#confirm button.confirm-no");
      expect(await supervisor.getAttribute("#acceptance-status", "data-status")).toBe("UNIT_CONFIRMED");
      await supervisor.click("#accept");
      await supervisor.click("dialog#confirm button.confirm-yes");
      await status(supervisor, "ACCEPTED");
      expect((await prisma.networkedUnit.findUniqueOrThrow({ where: { id: unitId } })).rolloutStage).toBe("ACCEPTED");

      await Promise.all([supervisor.waitForURL(/\/record$/), supervisor.click("#record-link")]);
      await supervisor.waitForSelector("body[data-ready='1']");
      expect(await supervisor.isVisible("#record-draft")).toBe(false);
      const signed = await supervisor.textContent("#signatures");
      for (const name of ["周明", responsible.name, "孙队长"]) expect(signed).toContain(name);
      expect(await supervisor.textContent("#record-facts")).toContain("验收合格");
      await axe.check(supervisor, "printable acceptance record");
      await shot(supervisor, "console-rollout-record");
      await supervisor.emulateMedia({ media: "print" });
      expect(await supervisor.isVisible("header.bar")).toBe(false);
      await shot(supervisor, "console-rollout-record-print");
      await supervisor.emulateMedia({ media: "screen" });

      // the programme page: phases with where the county stands, units by stage, pilots
      await open(supervisor, "/console/rollout");
      expect(await supervisor.locator("#phase-table tbody tr").count()).toBe(4);
      expect(await supervisor.textContent("#pilots")).toContain("现场观摩会");
      expect(await supervisor.textContent("#rollout-units")).toContain("已验收");
      await axe.check(supervisor, "programme");
      await shot(supervisor, "console-rollout-programme");

      // a unit's own page: the supervisor records its stage (history kept with the row) and its device plan
      await Promise.all([
        supervisor.waitForURL(/\/console\/rollout\/UNIT\//),
        supervisor.click("#rollout-units a:has-text('万家福购物中心')"),
      ]);
      await supervisor.waitForSelector("body[data-ready='1']");
      await supervisor.selectOption("#stage-form select[name=stage]", "INSTALLING");
      await supervisor.fill("#stage-form input[name=note]", "安装单位已进场");
      await supervisor.click("#stage-form button[type=submit]");
      await supervisor.waitForSelector("#subject-stage[data-stage='INSTALLING']");
      // the form is drawn afresh from the new answer: the stage now recorded, the note empty
      expect(await supervisor.inputValue("#stage-form select[name=stage]")).toBe("INSTALLING");
      expect(await supervisor.inputValue("#stage-form input[name=note]")).toBe("");
      expect(await supervisor.textContent("#stage-history")).toContain("安装单位已进场");
      const mall = await prisma.networkedUnit.findFirstOrThrow({ where: { name: "万家福购物中心" } });
      expect(mall.rolloutStage).toBe("INSTALLING");
      const last = await prisma.rolloutStageChange.findFirstOrThrow({
        where: { subject: "UNIT", subjectId: mall.id },
        orderBy: { at: "desc" },
      });
      expect([last.stage, last.note]).toEqual(["INSTALLING", "安装单位已进场"]);
      await supervisor.click("#plan-form >> xpath=.. >> summary");
      await supervisor.fill("#plan-form input[name=SMOKE_ALARM]", "8");
      await supervisor.click("#plan-form button[type=submit]");
      await supervisor
        .locator("#device-plan tbody tr", { hasText: "独立式感烟火灾探测报警器" })
        .locator("td", { hasText: /^8$/ })
        .waitFor();
      const plan = await prisma.rolloutDevicePlan.findMany({ where: { subject: "UNIT", subjectId: mall.id } });
      expect(plan.map((p) => [p.deviceKind, p.planned])).toContainEqual(["SMOKE_ALARM", 8]);
      await axe.check(supervisor, "a unit's roll-out");
      await shot(supervisor, "console-rollout-unit");

      // a pilot's page: whether it is one, and its demonstration meetings (from the subject's own answer)
      const pilot = await prisma.networkedUnit.findFirstOrThrow({ where: { pilot: true }, orderBy: { name: "asc" } });
      await open(supervisor, `/console/rollout/UNIT/${pilot.id}`);
      expect(await supervisor.textContent("#subject-pilot")).toBe("是");
      const demo = await prisma.pilotDemonstration.findFirstOrThrow({ where: { unitId: pilot.id } });
      expect(await supervisor.textContent("#demonstrations")).toContain(demo.place);
      expect(await supervisor.textContent("#pilot-toggle")).toBe("取消试点");
    },
  );

  it("flags in red words a unit whose devices contradict its stage, and lists only those on request", async () => {
    const prisma = t.api.db.prisma;
    const hospital = t.demo.units!.find((u) => u.key === "yy")!.id; // 已验收
    // every device of the accepted hospital gone quiet (the offline sweeper's mark)
    for (const d of await prisma.device.findMany({ where: { unitId: hospital }, select: { id: true } }))
      await prisma.deviceStatus.upsert({
        where: { deviceId: d.id },
        create: { deviceId: d.id, online: false, lastSeenAt: new Date(Date.now() - 86_400_000) },
        update: { online: false },
      });
    const supervisor = await signIn("supervisor");
    await open(supervisor, "/console/rollout");
    const row = supervisor.locator("#rollout-units tbody tr", { hasText: "示范县人民医院" });
    const flag = row.locator("td[data-mismatch] strong.bad");
    expect(await flag.textContent()).toBe("已验收，但设备全部离线");
    // red, and in words: the colour is never the only sign
    expect(await computedStyle(flag, "color")).toBe("rgb(198, 40, 40)");
    const flagged = await supervisor.locator("#rollout-units td[data-mismatch] strong.bad").count();
    const flaggedBuildings = await supervisor.locator("#rollout-buildings td[data-mismatch] strong.bad").count();
    expect(flagged).toBeGreaterThan(0);
    expect(await supervisor.locator("#rollout-units td[data-mismatch='']").first().textContent()).toBe("—");
    expect(await supervisor.textContent("#mismatch-card")).toContain(
      `推进状态与设备不符（联网单位 ${flagged}，老旧高层住宅楼 ${flaggedBuildings}）`,
    );
    expect(await supervisor.textContent("#mismatch-notice")).toContain(`有 ${flagged} 家联网单位`);
    expect(await supervisor.textContent("#mismatch-rule")).toContain("3 天前已有它自己的上报");
    await axe.check(supervisor, "programme with stages the devices contradict");
    await shot(supervisor, "console-rollout-mismatch");

    await supervisor.click("#mismatch-filter a:has-text('只看推进状态与设备不符的')");
    await supervisor.waitForSelector("#units-title:has-text('推进状态与设备不符的联网单位')");
    expect(new URL(supervisor.url()).search).toBe("?mismatch=1");
    expect(await supervisor.getAttribute("#mismatch-filter a[aria-current='page']", "href")).toBe(
      "/console/rollout?mismatch=1",
    );
    const rows = supervisor.locator("#rollout-units tbody tr");
    expect(await rows.count()).toBe(flagged);
    expect(await supervisor.locator("#rollout-units td[data-mismatch='']").count()).toBe(0);
    expect(await rows.filter({ hasText: "示范县人民医院" }).count()).toBe(1);
    await axe.check(supervisor, "programme: only the stages the devices contradict");
    await shot(supervisor, "console-rollout-mismatch-only");
    // 全部 shows every unit again
    await supervisor.click("#mismatch-filter a:has-text('全部')");
    await supervisor.waitForSelector("#units-title:text-is('联网单位（9）')");
    expect(await supervisor.locator("#rollout-units tbody tr").count()).toBe(t.demo.units!.length);

    // the hospital's own page says the same, in red words, with the way back to the list of them
    await Promise.all([
      supervisor.waitForURL(/\/console\/rollout\/UNIT\//),
      supervisor.click("#rollout-units a:has-text('示范县人民医院')"),
    ]);
    const own = supervisor.locator("#subject-mismatch strong.bad");
    await own.waitFor();
    expect(await own.textContent()).toBe("已验收，但设备全部离线");
    expect(await computedStyle(own, "color")).toBe("rgb(198, 40, 40)");
    expect(await supervisor.getAttribute("#subject-mismatch a", "href")).toBe("/console/rollout?mismatch=1");
    await axe.check(supervisor, "a unit's roll-out whose devices contradict its stage");
    await shot(supervisor, "console-rollout-unit-mismatch");
  });

  it("tells a sector regulator, whose scope holds units and no homes, that home coverage is not theirs", async () => {
    const regulator = await signIn("reg_edu");
    await open(regulator, "/console/rollout");
    expect(await regulator.textContent("#homes-covered")).toContain("本范围没有老旧高层住户");
    expect(await regulator.locator("#target-behind").count()).toBe(0); // no target missed on 0 homes
    const supervisor = await signIn("supervisor");
    await open(supervisor, "/console/rollout");
    expect(await supervisor.textContent("#homes-covered")).toMatch(/\d+%/);
  });
});
