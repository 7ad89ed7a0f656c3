// The downloadable template of a sheet kind: the data sheet (header row with required columns marked "*",
// one example row, drop-down lists where the values are a fixed set, text format where Excel would mangle
// codes and phone numbers), an instructions sheet, and a hidden sheet holding the longer lists.
import type { DataValidation, Worksheet } from "exceljs";
import type { AnyColumn } from "./columns.ts";
import type { SheetKind } from "./sheet-kind.ts";
import { loadExcel } from "./workbook.ts";

export const INSTRUCTIONS_SHEET = "填写说明";
export const OPTIONS_SHEET = "选项";

// Excel refuses an inline list formula longer than 255 characters; longer lists live on the options sheet
const INLINE_LIST_MAX = 250;

function colName(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const width = (c: AnyColumn) => Math.min(40, Math.max(10, [...c.header].length * 2 + 4, [...c.example].length + 4));

// exceljs 4.4 has worksheet.dataValidations (ranges like "C2:C100001" included) but leaves it out of its types
const validations = (ws: Worksheet) =>
  (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations;

export async function buildTemplate(kind: SheetKind): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "安心消防";
  const data = wb.addWorksheet(kind.title, { views: [{ state: "frozen", ySplit: 1 }] });
  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  let options: Worksheet | null = null;
  let optionCol = 0;
  const lastRow = kind.maxRows + 1;

  data.columns = kind.columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.key,
    width: width(c),
    ...(c.asText ? { style: { numFmt: "@" } } : {}),
  }));
  const header = data.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center" };
  kind.columns.forEach((c, i) => {
    header.getCell(i + 1).fill = {
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: c.required ? "FFFFE0B2" : "FFE3F2FD" },
    };
  });
  const example = data.addRow(kind.columns.map((c) => c.example));
  example.font = { italic: true, color: { argb: "FF808080" } };

  kind.columns.forEach((c, i) => {
    if (!c.choices) return;
    const range = `${colName(i + 1)}2:${colName(i + 1)}${lastRow}`;
    const inline = `"${c.choices.join(",")}"`;
    let formula: string;
    if (inline.length <= INLINE_LIST_MAX && !c.choices.some((x) => x.includes(","))) formula = inline;
    else {
      options ??= wb.addWorksheet(OPTIONS_SHEET, { state: "hidden" });
      optionCol++;
      c.choices.forEach((label, r) => (options!.getCell(r + 1, optionCol).value = label));
      const col = colName(optionCol);
      formula = `${OPTIONS_SHEET}!$${col}$1:$${col}$${c.choices.length}`;
    }
    validations(data).add(range, {
      type: "list",
      allowBlank: !c.required,
      formulae: [formula],
      showErrorMessage: true,
      errorStyle: "stop",
      errorTitle: c.header,
      error: `请从下拉列表中选择${c.header}`,
    });
  });

  help.columns = [
    { header: "列名", key: "header", width: 18 },
    { header: "必填", key: "required", width: 8 },
    { header: "填写要求", key: "note", width: 60 },
    { header: "示例", key: "example", width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of kind.columns)
    help.addRow({ header: c.header, required: c.required ? "是" : "否", note: c.note, example: c.example });
  help.addRow([]);
  for (const line of [
    kind.description,
    `在“${kind.title}”工作表中填写，第 1 行是表头（带 * 的列必须填写），第 2 行是示例，导入时会跳过，可以删除。`,
    `一次最多导入 ${kind.maxRows} 行。只要有一行有错，就不会导入任何内容，并会列出每一行错误的原因。`,
  ])
    help.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
