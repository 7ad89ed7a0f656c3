// Reads an installer's sheet (CSV or xlsx) into rows of fields. Headers may be Chinese or English.
// Checking the rows against the database is DeviceService's job; this only reads.
import { readSheetText } from "../imports/index.ts";

export interface SheetFields {
  serial?: string;
  modelId?: string;
  id?: string;
  community?: string;
  building?: string;
  unit?: string;
  roomNo?: string;
  room?: string;
  name?: string;
  mode?: string;
}

export interface SheetRow {
  row: number; // 1-based, as the spreadsheet program shows it (header is row 1)
  fields: SheetFields;
  error: string | null;
}

const HEADERS: Record<string, keyof SheetFields> = {
  序列号: "serial",
  serial: "serial",
  型号: "modelId",
  model: "modelId",
  设备编号: "id",
  id: "id",
  小区: "community",
  community: "community",
  楼栋: "building",
  building: "building",
  单元: "unit",
  unit: "unit",
  房号: "roomNo",
  roomno: "roomNo",
  安装位置: "room",
  room: "room",
  名称: "name",
  name: "name",
  模式: "mode",
  mode: "mode",
};

const MAX_ROWS = 5000;

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export async function parseDeviceSheet(filename: string, content: Buffer): Promise<SheetRow[]> {
  const lower = filename.toLowerCase();
  let table: string[][];
  if (lower.endsWith(".xlsx")) {
    // read like every upload: an honest zip, bounded parts and columns, no row past the limit (the header
    // and MAX_ROWS more); exceljs's whole-workbook read walked every row to the last cell, a cell at B6000 froze
    // the event loop for 17 s
    const sheet = await readSheetText(content, MAX_ROWS + 1);
    if (sheet.more) return [{ row: 0, fields: {}, error: `一次最多导入 ${MAX_ROWS} 行` }];
    table = sheet.rows;
  } else if (lower.endsWith(".csv") || lower.endsWith(".txt"))
    table = parseCsv(content.toString("utf8").replace(/^\uFEFF/, ""));
  else return [{ row: 0, fields: {}, error: "只支持 .csv 或 .xlsx 文件" }];
  const [header, ...body] = table;
  if (!header) return [{ row: 0, fields: {}, error: "文件是空的" }];
  const columns = header.map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()] ?? null);
  if (!columns.includes("serial") || !columns.includes("modelId"))
    return [{ row: 1, fields: {}, error: "表头需要包含“序列号”和“型号”两列" }];
  if (body.length > MAX_ROWS) return [{ row: 0, fields: {}, error: `一次最多导入 ${MAX_ROWS} 行` }];
  const out: SheetRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === "")) return;
    const fields: SheetFields = {};
    columns.forEach((col, j) => {
      const v = cells[j]?.trim();
      if (col && v) fields[col] = v;
    });
    const missing = !fields.serial ? "缺少序列号" : !fields.modelId ? "缺少型号" : null;
    out.push({ row: i + 2, fields, error: missing });
  });
  return out;
}
