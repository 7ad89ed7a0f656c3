// 批量导入's staff sheet and the experience centres, on both engines: the template has a 体验馆 column with what
// to fill; a centre's staff member imported in bulk is linked to the centre named as people write it (trimmed,
// full-width letters folded), signs in with their invitation and sees their centre's day; a row naming a centre
// that does not exist, is ambiguous or is stopped, a centre's staff member with none, and another role with one
// are each that row's error in Chinese, and then nothing is written (a dry run writes nothing either way).
import type { Workbook } from "exceljs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadExcel } from "../../api/src/modules/imports/index.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Cell = string | null;
interface Report {
  ok: boolean;
  rows: number;
  written: number;
  errors: { row: number; column: string | null; reason: string }[];
  summary: Record<string, number>;
  extras: { row: number; username: string; code: string }[] | null;
}

const COUNTY_CENTRE = "示范县消防安全体验馆";

/** a staff row: account, name, role, and the 体验馆 cell (the sheet's last column) */
const row = (username: string, name: string, role: string, centre: Cell): Cell[] => [
  username,
  name,
  null,
  role,
  null,
  null,
  null,
  null,
  null,
  centre,
];

describe.each(await providers())("the staff sheet's 体验馆 on $provider", ({ provider, skip }) => {
  let t: TestApi;
  let office: string;

  beforeAll(async () => {
    if (skip) return;
    t = await startTestApi({ provider });
    office = await t.loginStaff("programme");
  }, 120_000);
  afterAll(() => t?.close());
  beforeEach((ctx) => {
    if (skip) ctx.skip();
  });

  const template = async (): Promise<Workbook> => {
    const res = await fetch(`${t.url}/api/setup/imports/staff/template.xlsx`, {
      headers: { authorization: `Bearer ${office}` },
    });
    expect(res.status).toBe(200);
    const ExcelJS = await loadExcel();
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };

  /** the template from the API, filled in below its example row, uploaded */
  const upload = async (rows: Cell[][], dryRun = false): Promise<Report> => {
    const wb = await template();
    for (const r of rows) wb.worksheets[0]!.addRow(r);
    const res = await fetch(`${t.url}/api/setup/imports/staff${dryRun ? "?dryRun=1" : ""}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${office}`,
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      body: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    const body = (await res.json()) as Report;
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body;
  };

  const counts = async () => ({
    staff: await t.api.db.prisma.staffUser.count(),
    centreStaff: await t.api.db.prisma.centreStaff.count(),
    invites: await t.api.db.prisma.staffInvite.count(),
  });

  it("has a 体验馆 column in the template, with what to fill and an example name", async () => {
    const wb = await template();
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain("体验馆");
    expect(header).not.toContain("体验馆*");
    const help = wb.getWorksheet("填写说明")!;
    const lines: unknown[][] = [];
    help.eachRow((r) => lines.push((r.values as unknown[]).slice(1)));
    const line = lines.find((l) => l[0] === "体验馆");
    expect(line?.[1]).toBe("否");
    expect(String(line?.[2])).toContain("体验馆工作人员");
    expect(String(line?.[2])).toContain("必填");
    expect(String(line?.[2])).toContain(COUNTY_CENTRE);
  });

  it("refuses, row by row in Chinese, a centre unknown, ambiguous or stopped, missing or not the role's; writes nothing", async () => {
    const db = t.api.db.prisma;
    const centre = (name: string, active = true) =>
      db.centre.create({
        data: { name, level: "COMMUNITY", address: "城关街道北门路 1 号", capacity: 10, openingHours: "周六", active },
      });
    // two names that read the same once full-width brackets are folded, as every cell is
    await centre("城北消防体验站（筹）");
    await centre("城北消防体验站(筹)");
    await centre("老城消防体验室", false);
    const rows = [
      row("tyg_ok", "某甲", "体验馆工作人员", COUNTY_CENTRE),
      row("tyg_nope", "某乙", "体验馆工作人员", "不存在的体验馆"),
      row("tyg_none", "某丙", "体验馆工作人员", null),
      row("sup_centre", "某丁", "消防监督员", COUNTY_CENTRE),
      row("tyg_twice", "某戊", "体验馆工作人员", "城北消防体验站（筹）"),
      row("tyg_closed", "某己", "体验馆工作人员", "老城消防体验室"),
    ];
    const expected = [
      { row: 4, column: "体验馆", reason: "没有名为“不存在的体验馆”的体验馆，请按“体验馆管理”中的名称填写" },
      { row: 5, column: "体验馆", reason: "角色“体验馆工作人员”必须填写体验馆" },
      { row: 6, column: "体验馆", reason: "角色“消防监督员”不需要填写体验馆" },
      {
        row: 7,
        column: "体验馆",
        reason: "有 2 个体验馆都叫“城北消防体验站(筹)”，无法确定是哪一个：请先在“体验馆管理”中改名区分",
      },
      { row: 8, column: "体验馆", reason: "体验馆“老城消防体验室”已停用，不能再关联工作人员" },
    ];
    const before = await counts();
    for (const dryRun of [true, false]) {
      const r = await upload(rows, dryRun);
      expect(r).toMatchObject({ ok: false, rows: 6, written: 0, extras: null });
      expect(r.errors).toEqual(expected);
    }
    expect(await counts()).toEqual(before);

    // the good row alone passes the dry run, which counts the centre it links and writes nothing
    const dry = await upload([rows[0]!], true);
    expect(dry).toMatchObject({ ok: true, written: 0, errors: [], extras: null });
    expect(dry.summary).toMatchObject({ staff: 1, centreLinks: 1 });
    expect(await counts()).toEqual(before);
  });

  it("links a centre's staff member to the centre named as people type it; they sign in and see their centre", async () => {
    const db = t.api.db.prisma;
    const county = await db.centre.findUniqueOrThrow({ where: { name: COUNTY_CENTRE } });
    const before = await counts();
    // a leading ideographic space, a trailing space: read as the name itself
    const r = await upload([
      row("tyg_zhou", "周讲解", "体验馆工作人员", `\u3000${COUNTY_CENTRE} `),
      row("sup_wu", "吴监督", "消防监督员", null),
    ]);
    expect(r, JSON.stringify(r.errors)).toMatchObject({ ok: true, written: 5, summary: { staff: 2, centreLinks: 1 } });
    expect(await counts()).toEqual({
      staff: before.staff + 2,
      centreStaff: before.centreStaff + 1,
      invites: before.invites + 2,
    });
    const zhou = await db.staffUser.findUniqueOrThrow({ where: { username: "tyg_zhou" } });
    const wu = await db.staffUser.findUniqueOrThrow({ where: { username: "sup_wu" } });
    expect((await db.centreStaff.findUnique({ where: { staffUserId: zhou.id } }))?.centreId).toBe(county.id);
    expect(await db.centreStaff.findUnique({ where: { staffUserId: wu.id } })).toBeNull();

    // 账号管理 shows the centre by name
    const listed = await t.request<{ items: { username: string; centreName: string | null }[] }>(
      "GET",
      "/api/setup/staff?q=tyg_zhou",
      { token: office },
    );
    expect(listed.body.items).toEqual([expect.objectContaining({ username: "tyg_zhou", centreName: COUNTY_CENTRE })]);

    // the invitation from the import; then the person sees their centre's day, not "no centre"
    const code = r.extras!.find((x) => x.username === "tyg_zhou")!.code;
    const accepted = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code, password: "Ti-yan-guan 2026" },
    });
    expect(accepted.status).toBe(200);
    const login = await t.request<{ accessToken: string }>("POST", "/api/auth/staff/login", {
      body: { username: "tyg_zhou", password: "Ti-yan-guan 2026" },
    });
    expect(login.status).toBe(200);
    const today = await t.request<{ centre: { id: string; name: string } }>("GET", "/api/centre-staff/today", {
      token: login.body.accessToken,
    });
    expect(today.status, JSON.stringify(today.body)).toBe(200);
    expect(today.body.centre).toMatchObject({ id: county.id, name: COUNTY_CENTRE });
  });
});
