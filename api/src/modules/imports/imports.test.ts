// The generic engine: cell rules, the template read back, the bounds on uploads, and plans written all or
// nothing on SQLite and PostgreSQL.
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import {
  applyPlan,
  buildTemplate,
  cellText,
  checkZip,
  choice,
  decimal,
  emptyPlan,
  INSTRUCTIONS_SHEET,
  int,
  list,
  newId,
  openWorkbook,
  OPTIONS_SHEET,
  planInsert,
  readRecord,
  readUpload,
  rowErrors,
  runImport,
  text,
  yesNo,
  type SheetKind,
} from "./index.ts";
import { loadExcel } from "./workbook.ts";

describe("cells", () => {
  it("turns what Excel holds into trimmed text, and says what it cannot read", () => {
    expect(cellText("  幸福　小区 ")).toEqual({ ok: true, value: "幸福 小区" });
    expect(cellText("１２０３")).toEqual({ ok: true, value: "1203" });
    expect(cellText(17)).toEqual({ ok: true, value: "17" });
    expect(cellText(true)).toEqual({ ok: true, value: "是" });
    expect(cellText(new Date(Date.UTC(2019, 5, 1)))).toEqual({ ok: true, value: "2019-06-01" });
    expect(cellText({ richText: [{ text: "一" }, { text: "号楼" }] })).toEqual({ ok: true, value: "一号楼" });
    expect(cellText({ formula: "A1+1", result: 5 })).toEqual({ ok: true, value: "5" });
    expect(cellText({ error: "#N/A" })).toMatchObject({ ok: false, reason: expect.stringContaining("#N/A") });
    // an 18-digit code typed as a number has lost digits in Excel
    expect(cellText(Number("913601991234567890"))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("文本"),
    });
    expect(cellText(["a", "b"])).toEqual({ ok: true, value: "a、b" });
  });

  it("reads a record with every column's reason", () => {
    const cols = [
      text("name", "名称", { required: true, max: 4, example: "" }),
      int("floors", "层数", { required: true, min: 1, max: 100, example: "" }),
      decimal("lat", "纬度", { required: false, min: 3, max: 54, example: "" }),
      yesNo("old", "老旧", { required: false, example: "" }),
      choice("kind", "类型", {
        required: true,
        options: [
          { code: "TOWN", label: "镇" },
          { code: "SUBDISTRICT", label: "街道" },
        ],
        example: "",
      }),
      list("tags", "标签", { required: false, maxItems: 2, itemMax: 3, example: "" }),
    ] as const;
    const good = readRecord(
      cols,
      (k) => ({ name: "一号楼", floors: "17", lat: "28.5", old: "是", kind: "街道", tags: "甲、乙" })[k],
    );
    expect(good.errors).toEqual([]);
    expect(good.value).toEqual({
      name: "一号楼",
      floors: 17,
      lat: 28.5,
      old: true,
      kind: "SUBDISTRICT",
      tags: ["甲", "乙"],
    });
    const bad = readRecord(
      cols,
      (k) => ({ name: "", floors: "十七", lat: "99", old: "也许", kind: "村", tags: "甲、甲" })[k],
    );
    expect(bad.errors.map((e) => [e.header, e.reason])).toEqual([
      ["名称", "不能为空"],
      ["层数", "“十七”不是整数"],
      ["纬度", "应在 3 到 54 之间"],
      ["老旧", "请填“是”或“否”（不是“也许”）"],
      ["类型", "“村”不是可选的值，可选：镇、街道"],
      ["标签", "“甲”重复填写"],
    ]);
    expect(readRecord(cols, (k) => ({ name: "很长的名字", floors: 1, kind: "TOWN" })[k as "name"]).errors).toEqual([
      { key: "name", header: "名称", reason: "不能超过 4 个字" },
    ]);
  });
});

// A small kind for the engine's own tests: people with an age, written into the Setting table (a table
// without foreign keys) as key = name, value = age.
const PEOPLE = [
  text("name", "姓名", { required: true, max: 20, example: "张三" }),
  int("age", "年龄", { required: true, min: 0, max: 150, example: "40" }),
  choice("colour", "颜色", {
    required: false,
    options: Array.from({ length: 40 }, (_, i) => ({ code: `C${i}`, label: `颜色很长的名字第${i}号` })),
    example: "颜色很长的名字第1号",
  }),
  yesNo("vip", "贵宾", { required: false, example: "否" }),
] as const;

const people: SheetKind<typeof PEOPLE, { names: string[] }> = {
  key: "people",
  title: "人员",
  description: "测试用",
  columns: PEOPLE,
  maxRows: 50,
  async resolve(rows, ctx) {
    const e = rowErrors(PEOPLE);
    const plan = emptyPlan();
    const taken = new Set((await ctx.prisma.setting.findMany()).map((s) => s.key));
    for (const { row, value } of rows) {
      if (taken.has(value.name)) e.add(row, "name", "已存在");
      planInsert(
        plan,
        "Setting",
        ["key", "value", "updatedBy", "updatedAt"],
        [value.name, String(value.age), ctx.actor, ctx.now],
      );
      ctx.progress(rows.length);
    }
    return {
      errors: e.errors,
      plan,
      extras: { names: rows.map((r) => r.value.name) },
      summary: { people: rows.length },
    };
  },
};

async function workbook(rows: (string | number | null)[][], opts: { sheet?: string; header?: string[] } = {}) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? "人员");
  ws.addRow(opts.header ?? ["姓名*", "年龄*", "颜色", "贵宾"]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("templates", () => {
  it("have a header row, an example row, drop-down lists and instructions, and read back as no data", async () => {
    const file = await buildTemplate(people);
    const wb = await openWorkbook(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["人员", INSTRUCTIONS_SHEET, OPTIONS_SHEET]);
    const ws = wb.getWorksheet("人员")!;
    expect(ws.getRow(1).values).toEqual([undefined, "姓名*", "年龄*", "颜色", "贵宾"]);
    expect(ws.getRow(2).values).toEqual([undefined, "张三", "40", "颜色很长的名字第1号", "否"]);
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations
      .model;
    // the long list lives on the hidden options sheet, the short one inline; both cover every data row
    // (exceljs reads a range back as one entry per cell)
    expect(dv.C2?.formulae).toEqual([`${OPTIONS_SHEET}!$A$1:$A$40`]);
    expect(dv.C51?.formulae).toEqual([`${OPTIONS_SHEET}!$A$1:$A$40`]);
    expect(dv.C52).toBeUndefined();
    expect(dv.D2?.formulae).toEqual(['"是,否"']);
    expect(dv.A2).toBeUndefined();
    expect(wb.getWorksheet(OPTIONS_SHEET)!.state).toBe("hidden");
    expect(wb.getWorksheet(OPTIONS_SHEET)!.getCell("A40").value).toBe("颜色很长的名字第39号");
    const help = wb.getWorksheet(INSTRUCTIONS_SHEET)!;
    expect(help.getRow(2).values).toEqual([undefined, "姓名", "是", "文字，1-20 个字", "张三"]);
    // the example row left in place is skipped: the template itself holds no data
    expect(await readUpload(file, people)).toEqual({ rows: [], errors: [], dataRows: 0 });
  });

  it("read back filled in: the example skipped, empty rows skipped, rows typed", async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate(people)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("人员")!;
    ws.addRow(["李四", 33, "颜色很长的名字第5号", "是"]);
    ws.addRow([]);
    ws.addRow(["王五", "28", null, null]);
    const read = await readUpload(Buffer.from(await wb.xlsx.writeBuffer()), people);
    expect(read.errors).toEqual([]);
    expect(read.rows).toEqual([
      { row: 3, value: { name: "李四", age: 33, colour: "C5", vip: true } },
      { row: 5, value: { name: "王五", age: 28, colour: null, vip: null } },
    ]);
  });
});

describe("full-width brackets", () => {
  // Chinese headers and labels often hold （） and cells are read with them made half-width: the header,
  // the drop-down label and the example must still match (found by the units import bench: a column
  // "火警确认时限（秒）" was silently ignored and "发电厂（站）…" was refused)
  const COLS = [
    text("name", "名称（全称）", { required: true, max: 20, example: "示范（一）厂" }),
    choice("kind", "类别", {
      required: true,
      options: [{ code: "POWER", label: "发电厂（站）" }],
      example: "发电厂（站）",
    }),
    int("sec", "时限（秒）", { required: false, min: 30, max: 900, example: "180" }),
  ] as const;
  const kind: SheetKind<typeof COLS, null> = {
    key: "k",
    title: "工厂",
    description: "",
    columns: COLS,
    maxRows: 10,
    resolve: async () => ({ errors: [], plan: emptyPlan(), extras: null, summary: {} }),
  };

  it("match the header, the drop-down label and the example row", async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate(kind)) as unknown as ArrayBuffer);
    wb.getWorksheet("工厂")!.addRow(["青石（二）电厂", "发电厂（站）", 120]);
    const read = await readUpload(Buffer.from(await wb.xlsx.writeBuffer()), kind);
    expect(read.errors).toEqual([]);
    expect(read.rows).toEqual([{ row: 3, value: { name: "青石(二)电厂", kind: "POWER", sec: 120 } }]);
  });
});

describe("reading uploads", () => {
  it("reports missing and doubled columns from the header row", async () => {
    const missing = await readUpload(await workbook([["张三"]], { header: ["姓名"] }), people);
    expect(missing.errors).toEqual([{ row: 1, column: "年龄", reason: "缺少“年龄”列，请使用下载的模板" }]);
    const doubled = await readUpload(await workbook([], { header: ["姓名", "年龄", "姓名"] }), people);
    expect(doubled.errors).toEqual([{ row: 1, column: "姓名", reason: "表头“姓名”出现了两次" }]);
  });

  it("reports every bad cell by row and column, and refuses more rows than the kind takes", async () => {
    const read = await readUpload(
      await workbook([
        ["", 200],
        ["赵六", "abc"],
        ["钱七", 5],
      ]),
      people,
    );
    expect(read.errors).toEqual([
      { row: 2, column: "姓名", reason: "不能为空" },
      { row: 2, column: "年龄", reason: "应在 0 到 150 之间" },
      { row: 3, column: "年龄", reason: "“abc”不是整数" },
    ]);
    expect(read.rows.map((r) => r.row)).toEqual([4]);
    const many = await readUpload(await workbook(Array.from({ length: 51 }, (_, i) => [`人${i}`, 1])), people);
    expect(many.errors).toEqual([{ row: 52, column: null, reason: "一次最多导入 50 行，请分成几个文件" }]);
  });

  it("finds the kind's sheet among others", async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet(INSTRUCTIONS_SHEET);
    for (let i = 0; i < 3000; i++) notes.addRow([`说明第 ${i} 行`, "很长的说明文字".repeat(5)]);
    const other = wb.addWorksheet("草稿");
    other.addRow(["随便", "写的"]);
    for (let i = 0; i < 2000; i++) other.addRow([`草稿 ${i}`, i]);
    const data = wb.addWorksheet("人员");
    data.addRow(["姓名", "年龄"]);
    data.addRow(["周九", 9]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await readUpload(file, people)).toEqual({
      rows: [{ row: 2, value: { name: "周九", age: 9, colour: null, vip: null } }],
      errors: [],
      dataRows: 1,
    });
  });

  it("refuses what is not an xlsx, too large a file, and a zip that expands beyond the limit", async () => {
    await expect(readUpload(Buffer.from("姓名,年龄\n张三,40\n"), people)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("不是有效的 Excel"),
    });
    await expect(
      openWorkbook(Buffer.alloc(2048), { maxBytes: 1024, maxExpandedBytes: 1e6, maxSheets: 10, maxColumns: 10 }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    // a one-entry zip whose 10 MB of zeros compress to ~10 KB, declared as 100 bytes
    const bomb = zipOf("xl/worksheets/sheet1.xml", Buffer.alloc(10 * 1024 * 1024), 100);
    expect(checkZip(bomb, { maxEntries: 10, maxExpandedBytes: 1024 * 1024 })).toEqual({
      ok: false,
      reason: "文件解压后过大，请分成几个文件导入",
    });
    const honest = zipOf("a.xml", Buffer.from("<a/>"));
    expect(checkZip(honest, { maxEntries: 10, maxExpandedBytes: 1024 }, () => true)).toEqual({
      ok: true,
      entries: 1,
      expandedBytes: 4,
      kept: new Map([["a.xml", Buffer.from("<a/>")]]),
    });
    // an honest zip that is not a workbook is refused in words, not by a crash
    await expect(readUpload(zipOf("xl/workbook.xml", Buffer.from("<<< not xml")), people)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    const lying = zipOf("a.xml", Buffer.from("<a/>"), 3);
    expect(checkZip(lying, { maxEntries: 10, maxExpandedBytes: 1024 })).toMatchObject({ ok: false });
  });
});

/** A minimal zip (PKWARE APPNOTE 4.3) with one deflated entry; `declared` overrides the uncompressed size. */
function zipOf(name: string, content: Buffer, declared = content.length): Buffer {
  const data = deflateRawSync(content);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt32LE(0, 42);
  const dirOffset = local.length + n.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(dirOffset, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`imports written all or nothing on ${provider}`, () => {
    let m: ModuleDb;
    const clock = new ManualClock();
    beforeAll(async () => {
      m = await openModuleDb(provider);
    });
    afterAll(() => m?.close());

    it("writes every row in one go, reporting progress, and returns the kind's extras", async () => {
      const seen: string[] = [];
      const report = await runImport(
        people,
        await workbook([
          ["张三", 40, null, "是"],
          ["李四", "33", "颜色很长的名字第2号", null],
        ]),
        { db: m.db, clock },
        { actor: "staff:t", onProgress: (p) => seen.push(p.phase) },
      );
      expect(report).toMatchObject({ ok: true, rows: 2, written: 2, errors: [], extras: { names: ["张三", "李四"] } });
      expect(seen[0]).toBe("reading");
      expect(seen).toContain("checking");
      expect(seen).toContain("writing");
      expect(seen.at(-1)).toBe("done");
      const rows = await m.db.prisma.setting.findMany({ orderBy: { key: "asc" } });
      expect(rows.map((r) => [r.key, r.value, r.updatedBy])).toEqual([
        ["张三", "40", "staff:t"],
        ["李四", "33", "staff:t"],
      ]);
    });

    it("writes nothing when any row is bad, and lists every problem with row and column", async () => {
      const before = await m.db.prisma.setting.count();
      const report = await runImport(
        people,
        await workbook([
          ["王五", 1],
          ["张三", 2],
          ["", "x"],
        ]),
        { db: m.db, clock },
        { actor: "staff:t" },
      );
      expect(report.ok).toBe(false);
      expect(report.written).toBe(0);
      expect(report.extras).toBeNull();
      expect(report.errors).toEqual([
        { row: 3, column: "姓名", reason: "已存在" },
        { row: 4, column: "姓名", reason: "不能为空" },
        { row: 4, column: "年龄", reason: "“x”不是整数" },
      ]);
      expect(report.badRows).toBe(2);
      expect(await m.db.prisma.setting.count()).toBe(before);
    });

    it("a dry run checks and writes nothing", async () => {
      const before = await m.db.prisma.setting.count();
      const report = await runImport(
        people,
        await workbook([["孙八", 8]]),
        { db: m.db, clock },
        {
          actor: "staff:t",
          dryRun: true,
        },
      );
      expect(report).toMatchObject({ ok: true, written: 0, extras: null });
      expect(await m.db.prisma.setting.count()).toBe(before);
    });

    it("rolls the whole plan back when the database refuses one row", async () => {
      const before = await m.db.prisma.setting.count();
      const plan = emptyPlan();
      const cols = ["key", "value", "updatedAt"];
      for (let i = 0; i < 2500; i++) planInsert(plan, "Setting", cols, [`bulk-${i}`, "1", new Date()]);
      planInsert(plan, "Setting", cols, ["张三", "dup", new Date()]); // already there: unique violation
      const e = await applyPlan(m.db.driver, plan).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("CONFLICT");
      expect(await m.db.prisma.setting.count()).toBe(before);
    });

    it("an update that matches no row rolls back the inserts before it", async () => {
      const before = await m.db.prisma.setting.count();
      const plan = emptyPlan();
      planInsert(plan, "Setting", ["key", "value", "updatedAt"], [newId(), "1", new Date()]);
      plan.ops.push({ op: "update", table: "Setting", set: { value: "2" }, where: { key: "no-such-key" } });
      await expect(applyPlan(m.db.driver, plan)).rejects.toMatchObject({ code: "CONFLICT" });
      expect(await m.db.prisma.setting.count()).toBe(before);
    });
  });
}
