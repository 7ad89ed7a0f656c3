// The networked-unit screens of the staff console in headless Chromium (issue 14; React screens since issue 13
// item 6): the programme office registers a unit, fills its file and uploads its emergency plan; a
// control-room operator (landing on 火警确认) reads their own unit's file and is told another unit is not
// theirs (the API's 404); a township coordinator sees their township's units; a unit's responsible person
// invites an operator who sets their own password (a server-rendered page: no session yet); the county's
// sheets import all or nothing with every bad row listed. Each page is checked with axe; screenshots in
// test-results/screenshots.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workbook } from "exceljs";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, openDesk, signInOn, type Desk } from "./console-desk.ts";
import { creditCodeCheckChar } from "../../api/src/modules/units/index.ts";
import { loadExcel } from "../../api/src/modules/imports/index.ts";

const { unavailable, axe, shot } = consoleSuite("console units");

const browser = (): Promise<Desk> => openDesk({ label: "" });

const signIn = async (t: TestApi, username: string, password?: string): Promise<Desk> =>
  signInOn(await browser(), t, username, password ? { password } : {});

const cc = (first17: string) => first17 + creditCodeCheckChar(first17)!;
const tmpFile = (name: string, data: Buffer) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "anxin-upload-")), name);
  writeFileSync(file, data);
  return file;
};

describe.skipIf(unavailable !== null)("networked units in the staff console", () => {
  let t: TestApi;
  const desks: Desk[] = [];
  const unitId = (key: string) => t.demo.units!.find((u) => u.key === key)!.id;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    for (const d of desks) await d.close();
    await t?.close();
    console.log(axe.summary());
  });

  it(
    "the programme office lands on the register, filters it, registers a unit and fills its file",
    { timeout: 180_000 },
    async () => {
      const d = await signIn(t, "programme");
      desks.push(d);
      const { page } = d;
      expect(new URL(page.url()).pathname).toBe("/console/units");
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.locator("#unit-table tbody tr").count()).toBe(t.demo.units!.length);
      expect(await page.textContent("#unit-counts")).toContain(String(t.demo.units!.length));
      await axe.check(page, "units list");
      await shot(page, "console-units-list");

      await page.selectOption("select[name=sector]", "EDUCATION");
      await Promise.all([page.waitForURL(/sector=EDUCATION/), page.click("#unit-filters button[type=submit]")]);
      // the list follows the address: the education sector's schools and kindergartens only
      const schools = t.demo
        .units!.filter((u) => ["BOARDING_SCHOOL", "KINDERGARTEN"].includes(u.category))
        .map((u) => u.name)
        .sort();
      await expect
        .poll(async () => (await page.locator("#unit-table tbody tr td:first-child a").allTextContents()).sort())
        .toEqual(schools);
      expect(await page.textContent("#unit-total")).toContain(String(schools.length));

      await page.goto(`${t.url}/console/units`);
      await page.waitForSelector("body[data-ready='1']");
      await page.fill("#unit-create input[name=name]", "白沙养老服务中心");
      await page.fill("#unit-create input[name=creditCode]", cc("52360199MJ7654321"));
      await page.selectOption("#unit-create select[name=category]", "NURSING_HOME");
      await page.fill("#unit-create input[name=address]", "青石镇幸福路 18 号");
      await page.check("#unit-create input[name=keyUnit]");
      await Promise.all([page.waitForURL(/\/console\/units\/[^/]+$/), page.click("#unit-create button[type=submit]")]);
      await page.waitForSelector("#unit-basic");
      expect(await page.textContent("h1")).toBe("白沙养老服务中心");
      expect(await page.textContent("#unit-basic")).toContain("民政局");

      await page.fill("#building-add input[name=name]", "住养楼");
      await page.fill("#building-add input[name=floorsAbove]", "4");
      await page.fill("#building-add input[name=heightM]", "14.5");
      await page.click("#building-add button[type=submit]");
      await page.waitForSelector("#unit-buildings tbody tr[data-building='住养楼']");
      expect(await page.textContent("#unit-buildings")).toContain("14.5");

      await page.fill("#key-part-add input[name=name]", "厨房");
      await page.selectOption("#key-part-add select[name=building]", "住养楼");
      await page.fill("#key-part-add input[name=floor]", "1");
      await page.click("#key-part-add button[type=submit]");
      await page.waitForSelector("#unit-key-parts tbody tr[data-key-part='厨房']");
      expect(await page.textContent("#unit-key-parts tbody tr[data-key-part='厨房']")).toContain("住养楼");

      expect(await page.isVisible("#no-plan")).toBe(true);
      await page.fill("#document-upload input[name=title]", "2026 年灭火和应急疏散预案");
      await page.setInputFiles(
        "#document-upload input[name=file]",
        tmpFile("plan.pdf", Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")),
      );
      await page.click("#document-upload button[type=submit]");
      await page.waitForSelector("#unit-documents li");
      expect(await page.textContent("#unit-documents")).toContain("2026 年灭火和应急疏散预案");
      expect(await page.isVisible("#no-plan")).toBe(false);
      const stored = await t.api.db.prisma.networkedUnit.findFirstOrThrow({
        where: { name: "白沙养老服务中心" },
        include: { buildings: true, keyParts: true, documents: true },
      });
      expect(stored.buildings.map((b) => b.name)).toEqual(["住养楼"]);
      expect(stored.keyParts.map((k) => k.name)).toEqual(["厨房"]);
      expect(stored.documents.map((x) => x.kind)).toEqual(["EMERGENCY_PLAN"]);
      await axe.check(page, "unit file (filled)");
      await shot(page, "console-unit-file-created");
    },
  );

  it("a control-room operator reads their unit's file (landing on 火警确认); another unit is a 404", async () => {
    const d = await signIn(t, "yy_zhiban1");
    desks.push(d);
    const { page } = d;
    // the operator's first page is the fire signals waiting for them (issue 17); their unit's file is a click away
    expect(new URL(page.url()).pathname).toBe("/console/confirm");
    // their one unit: the register takes them to its file
    await page.goto(`${t.url}/console/units`);
    await page.waitForURL(`${t.url}/console/units/${unitId("yy")}`);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.textContent("h1")).toBe("示范县人民医院");
    const rows = { "#unit-buildings": "building", "#unit-key-parts": "key-part", "#unit-facilities": "facility" };
    for (const [section, data] of Object.entries({ ...rows, "#unit-people": "person" }))
      expect(await page.locator(`${section} tbody tr[data-${data}]`).count(), section).toBeGreaterThan(0);
    expect(await page.locator("#building-add").count()).toBe(0); // an operator reads the file
    await axe.check(page, "unit file (operator)");
    await shot(page, "console-unit-file-operator");
    // another unit: the API answers 404 and the screen says so, with nothing of that unit's file
    await page.goto(`${t.url}/console/units/${unitId("yz")}`);
    await page.waitForSelector("#load-error");
    expect(await page.textContent("#load-error")).toContain("找不到");
    expect(await page.locator("#unit-basic").count()).toBe(0);
    await axe.check(page, "unit file (another unit)");
  });

  it("a township coordinator sees their township's units", async () => {
    const d = await signIn(t, "coordinator");
    desks.push(d);
    const { page } = d;
    // their first page is 我的乡镇 (console-township.test.ts); the units are one click away
    expect(new URL(page.url()).pathname).toBe("/console/township");
    await page.goto(`${t.url}/console/units`);
    await page.waitForSelector("body[data-ready='1']");
    const townships = await page.locator("#unit-table tbody tr[data-unit] td:nth-child(5)").allTextContents();
    expect(townships.length).toBeGreaterThan(0);
    expect(new Set(townships)).toEqual(new Set(["城关街道"]));
    await axe.check(page, "units list (coordinator)");
    await shot(page, "console-units-coordinator");
  });

  it("every new role lands on a page made for it, not a refusal", { timeout: 300_000 }, async () => {
    const landing: Record<string, RegExp> = {
      yy_zeren: /^\/console\/units/,
      reg_edu: /^\/console\/units/,
      wb_wang: /^\/console\/units/,
      az_zhou: /^\/console\/units/,
      yy_zhiban1: /^\/console\/confirm$/, // the control room: fire signals waiting for a verdict
      centre_op: /^\/console\/command$/, // the monitoring centre: the wall view
    };
    for (const [username, page] of Object.entries(landing)) {
      const d = await signIn(t, username);
      const res = await d.page.goto(`${t.url}/console/home`);
      expect(res?.status(), username).toBe(200);
      expect(new URL(d.page.url()).pathname, username).toMatch(page);
      await d.close();
    }
  });

  it(
    "a unit's responsible person invites an operator, who sets a password and signs in",
    { timeout: 180_000 },
    async () => {
      const d = await signIn(t, "yy_zeren");
      desks.push(d);
      const { page } = d;
      await page.goto(`${t.url}/console/invites`);
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.textContent("#team")).toContain("yy_zhiban1");
      await page.fill("#invite-form input[name=username]", "yy_zhiban3");
      await page.fill("#invite-form input[name=name]", "夜班 刘强");
      await page.selectOption("#invite-form select[name=role]", "CONTROL_ROOM_OPERATOR");
      await page.click("#invite-form button[type=submit]");
      const code = (await page.locator("#invite-code").textContent({ timeout: 10_000 }))!.trim();
      expect(code.length).toBeGreaterThanOrEqual(16);
      // the new account is on the team, waiting for its password
      await page.waitForSelector("#team tbody tr[data-staff='yy_zhiban3']");
      expect(await page.textContent("#team tbody tr[data-staff='yy_zhiban3']")).toContain("待接受邀请");
      await axe.check(page, "invitations");
      await shot(page, "console-invites");

      const fresh = await browser();
      desks.push(fresh);
      await fresh.page.goto(`${t.url}/console/accept-invite`);
      await fresh.page.waitForSelector("body[data-ready='1']");
      await fresh.page.fill("#accept-form input[name=code]", code);
      await fresh.page.fill("#accept-form input[name=password]", "夜班值守-Safe-2026");
      await fresh.page.fill("#accept-form input[name=again]", "夜班值守-Safe-2026");
      await fresh.page.click("#accept-form button[type=submit]");
      await fresh.page.waitForSelector("#accept-done");
      await axe.check(fresh.page, "accept invitation");
      await shot(fresh.page, "console-accept-invite");

      const op = await signIn(t, "yy_zhiban3", "夜班值守-Safe-2026");
      desks.push(op);
      expect(new URL(op.page.url()).pathname).toBe("/console/confirm");
      await op.page.goto(`${t.url}/console/units`);
      await op.page.waitForURL(`${t.url}/console/units/${unitId("yy")}`);
    },
  );

  it("imports the county's sheets all or nothing, listing each bad row", async () => {
    const d = await signIn(t, "admin");
    desks.push(d);
    const { page } = d;
    await page.goto(`${t.url}/console/import`);
    await page.waitForSelector("body[data-ready='1']");
    const res = await page.request.get(`${t.url}/api/setup/imports/townships/template.xlsx`);
    expect(res.status()).toBe(200);
    const ExcelJS = await loadExcel();
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    wb.worksheets[0]!.addRow(["白沙镇", "镇"]);
    wb.worksheets[0]!.addRow(["", "镇"]);
    const before = await t.api.db.prisma.township.count();
    await page.selectOption("#county-import-form select[name=kind]", "townships");
    await page.setInputFiles(
      "#county-import-form input[name=file]",
      tmpFile("townships.xlsx", Buffer.from(await wb.xlsx.writeBuffer())),
    );
    await page.click("#county-import-form button[type=submit]");
    await page.waitForSelector("#county-import-errors");
    expect(await page.textContent("#county-import-summary")).toContain("没有写入");
    expect(await page.locator("#county-import-errors tbody tr").count()).toBe(1);
    expect(await page.textContent("#county-import-errors tbody tr td:first-child")).toBe("4");
    expect(await t.api.db.prisma.township.count()).toBe(before);
    await axe.check(page, "county import (errors)");
    await shot(page, "console-county-import-errors");
  });
});
