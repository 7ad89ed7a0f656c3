// Reads an uploaded workbook into parsed rows of one sheet kind, bounded before any loop sees the content:
// file size, expanded size, sheet count, row count and cell length. Every bad cell is reported with its
// row number (as Excel shows it), its column header and the reason.
import type { Workbook, Worksheet } from "exceljs";
import { AppError } from "../../shared/errors.ts";
import { cellText, readRecord, type AnyColumn, type RowOf } from "./columns.ts";
import type { ParsedRow, RowError, SheetKind } from "./sheet-kind.ts";
import { checkZip } from "./zip-guard.ts";

export interface ReadLimits {
  maxBytes: number;
  maxExpandedBytes: number;
  maxSheets: number;
  /** columns read from the header row; more are ignored */
  maxColumns: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxExpandedBytes: 256 * 1024 * 1024,
  maxSheets: 10,
  maxColumns: 60,
};

export interface SheetRead<V> {
  rows: ParsedRow<V>[];
  errors: RowError[];
  /** data rows seen (not counting the header, the example and empty rows) */
  dataRows: number;
}

// loaded on first use: exceljs is large and most API processes never read a sheet
export async function loadExcel(): Promise<typeof import("exceljs")> {
  return (await import("exceljs")).default as unknown as typeof import("exceljs");
}

/** Opens an upload as a workbook, after the size and zip checks; throws AppError with a Chinese reason. */
export async function openWorkbook(file: Buffer, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<Workbook> {
  if (file.length === 0) throw new AppError("VALIDATION_FAILED", "文件是空的");
  if (file.length > limits.maxBytes)
    throw new AppError("PAYLOAD_TOO_LARGE", `文件不能超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  const zip = checkZip(file, { maxEntries: 500, maxExpandedBytes: limits.maxExpandedBytes });
  if (!zip.ok) throw new AppError("VALIDATION_FAILED", zip.reason);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError("VALIDATION_FAILED", "文件不是有效的 Excel（.xlsx）文件，请用模板填写后另存为 .xlsx");
  }
  if (wb.worksheets.length > limits.maxSheets)
    throw new AppError("VALIDATION_FAILED", `文件里的工作表太多（最多 ${limits.maxSheets} 个）`);
  return wb;
}

/** "单位名称*" or "单位名称（必填）" -> "单位名称" */
export function headerKey(h: string): string {
  return h
    .replace(/[*＊]/g, "")
    .replace(/[（(](必填|选填|可选)[)）]/g, "")
    .replace(/\s+/g, "")
    .trim();
}

function pickSheet(wb: Workbook, kind: SheetKind): Worksheet {
  const named = wb.worksheets.find((w) => w.name.trim() === kind.title);
  if (named) return named;
  const visible = wb.worksheets.filter((w) => w.state === "visible");
  const first = visible[0];
  if (!first) throw new AppError("VALIDATION_FAILED", "文件里没有工作表");
  return first;
}

const isEmpty = (cells: string[]) => cells.every((c) => c === "");

/**
 * Parses the kind's sheet: maps the header row to columns, skips empty rows and the template's example row,
 * and reads every data row. Rows with cell errors are reported and left out of `rows`.
 */
export function readSheet<C extends readonly AnyColumn[]>(
  wb: Workbook,
  kind: SheetKind<C>,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  progress: (done: number) => void = () => undefined,
): SheetRead<RowOf<C>> {
  const ws = pickSheet(wb, kind);
  const errors: RowError[] = [];
  const headerRow = ws.getRow(1);
  const width = Math.min(ws.columnCount, limits.maxColumns);
  const byHeader = new Map(kind.columns.map((c) => [headerKey(c.header), c]));
  const colAt = new Map<number, AnyColumn>();
  const seen = new Map<string, number>();
  for (let i = 1; i <= width; i++) {
    const t = cellText(headerRow.getCell(i).value);
    const h = t.ok ? headerKey(t.value) : "";
    const c = byHeader.get(h);
    if (!c) continue;
    if (seen.has(c.key)) {
      errors.push({ row: 1, column: c.header, reason: `表头“${c.header}”出现了两次` });
      continue;
    }
    seen.set(c.key, i);
    colAt.set(i, c);
  }
  for (const c of kind.columns)
    if (c.required && !seen.has(c.key))
      errors.push({ row: 1, column: c.header, reason: `缺少“${c.header}”列，请使用下载的模板` });
  if (errors.length) return { rows: [], errors, dataRows: 0 };

  const example = kind.columns.map((c) => c.example);
  const rows: ParsedRow<RowOf<C>>[] = [];
  let dataRows = 0;
  const last = ws.rowCount;
  for (let r = 2; r <= last; r++) {
    const row = ws.findRow(r); // findRow, not getRow: rows that are not in the file stay uncreated
    if (!row) continue;
    const raw = new Map<string, unknown>();
    const texts: string[] = [];
    for (const [i, c] of colAt) {
      const v = row.getCell(i).value;
      raw.set(c.key, v);
      const t = cellText(v);
      texts[kind.columns.indexOf(c)] = t.ok ? t.value : "?";
    }
    if (isEmpty(kind.columns.map((_, j) => texts[j] ?? ""))) continue;
    // the template's example row, left in place: skipped, not imported
    if (r === 2 && kind.columns.every((c, j) => !seen.has(c.key) || (texts[j] ?? "") === example[j])) continue;
    dataRows++;
    if (dataRows > kind.maxRows) {
      return {
        rows: [],
        errors: [{ row: r, column: null, reason: `一次最多导入 ${kind.maxRows} 行，请分成几个文件` }],
        dataRows,
      };
    }
    const rec = readRecord(kind.columns, (k) => raw.get(k));
    if (rec.errors.length) {
      for (const e of rec.errors) errors.push({ row: r, column: e.header, reason: e.reason });
    } else rows.push({ row: r, value: rec.value as unknown as RowOf<C> });
    if (dataRows % 1000 === 0) progress(dataRows);
  }
  progress(dataRows);
  return { rows, errors, dataRows };
}
