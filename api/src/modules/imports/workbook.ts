// Reads an uploaded workbook into parsed rows of one sheet kind, bounded before any loop sees the content:
// file size, expanded size, sheet count, row count and cell length. Every bad cell is reported with its
// row number (as Excel shows it), its column header and the reason.
import type { Workbook } from "exceljs";
import { AppError } from "../../shared/errors.ts";
import { cellText, normalizeText, readRecord, type AnyColumn, type RowOf } from "./columns.ts";
import type { ParsedRow, RowError, SheetKind } from "./sheet-kind.ts";
import { openXlsx, XlsxFormatError, type XlsxRow, type XlsxSheet } from "./xlsx-reader.ts";
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
  // a sheet of 100,000 rows by 20 columns is about 60 MB of XML; the parsed text costs as much again
  maxExpandedBytes: 128 * 1024 * 1024,
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

const NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件，请用模板填写后另存为 .xlsx";

// the parts of a workbook the reader needs (ECMA-376 Part 1: relationships, workbook, strings, styles, sheets)
const NEEDED = (name: string) => name.endsWith(".rels") || (name.startsWith("xl/") && name.endsWith(".xml"));

/** The checks every upload passes before it is parsed: not empty, not too big, an honest zip. */
function checkUpload(file: Buffer, limits: ReadLimits): Map<string, Buffer> {
  if (file.length === 0) throw new AppError("VALIDATION_FAILED", "文件是空的");
  if (file.length > limits.maxBytes)
    throw new AppError("PAYLOAD_TOO_LARGE", `文件不能超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  const zip = checkZip(file, { maxEntries: 500, maxExpandedBytes: limits.maxExpandedBytes }, NEEDED);
  if (!zip.ok) throw new AppError("VALIDATION_FAILED", zip.reason);
  return zip.kept;
}

/** Opens a whole workbook in memory with exceljs (to look at a template; imports read with readUpload). */
export async function openWorkbook(file: Buffer, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<Workbook> {
  checkUpload(file, limits);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError("VALIDATION_FAILED", NOT_XLSX);
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

const isEmpty = (cells: string[]) => cells.every((c) => c === "");

// the template's own extra sheets, never data
const NOT_DATA = new Set(["填写说明", "选项"]);

/** One sheet's rows as they come: parses them as the kind's columns. */
class SheetParser<C extends readonly AnyColumn[]> {
  readonly errors: RowError[] = [];
  readonly rows: ParsedRow<RowOf<C>>[] = [];
  dataRows = 0;
  tooMany = false;
  private colAt: [number, AnyColumn][] | null = null;
  private present = new Set<string>();
  private readonly example: string[];

  constructor(
    private readonly kind: SheetKind<C>,
    private readonly limits: ReadLimits,
    private readonly progress: (done: number) => void,
  ) {
    this.example = kind.columns.map((c) => normalizeText(c.example));
  }

  /** false once the sheet can tell nothing more (bad header, too many rows) */
  row(n: number, values: readonly unknown[]): boolean {
    if (this.colAt === null) return this.header(n, values);
    const raw = new Map<string, unknown>();
    const texts = new Map<string, string>();
    for (const [i, c] of this.colAt) {
      const v = values[i];
      raw.set(c.key, v);
      const t = cellText(v);
      texts.set(c.key, t.ok ? t.value : "?");
    }
    if (isEmpty([...texts.values()])) return true;
    // the template's example row, left in place: skipped, not imported
    if (n === 2 && this.kind.columns.every((c, j) => !this.present.has(c.key) || texts.get(c.key) === this.example[j]))
      return true;
    this.dataRows++;
    if (this.dataRows > this.kind.maxRows) {
      this.tooMany = true;
      this.errors.length = 0;
      this.rows.length = 0;
      this.errors.push({ row: n, column: null, reason: `一次最多导入 ${this.kind.maxRows} 行，请分成几个文件` });
      return false;
    }
    const rec = readRecord(this.kind.columns, (k) => raw.get(k));
    if (rec.errors.length) for (const e of rec.errors) this.errors.push({ row: n, column: e.header, reason: e.reason });
    else this.rows.push({ row: n, value: rec.value as unknown as RowOf<C> });
    if (this.dataRows % 1000 === 0) this.progress(this.dataRows);
    return true;
  }

  /** Row 1 maps headers to columns; a missing required column or a doubled one stops the sheet. */
  private header(n: number, values: readonly unknown[]): boolean {
    this.colAt = [];
    if (n !== 1) return this.headerMissing();
    // header cells are read through normalizeText, so the columns' own headers are compared in that form
    const byHeader = new Map(this.kind.columns.map((c) => [headerKey(normalizeText(c.header)), c]));
    const width = Math.min(values.length - 1, this.limits.maxColumns);
    for (let i = 1; i <= width; i++) {
      const t = cellText(values[i]);
      const c = byHeader.get(t.ok ? headerKey(t.value) : "");
      if (!c) continue;
      if (this.present.has(c.key)) {
        this.errors.push({ row: 1, column: c.header, reason: `表头“${c.header}”出现了两次` });
        continue;
      }
      this.present.add(c.key);
      this.colAt.push([i, c]);
    }
    return this.headerMissing();
  }

  private headerMissing(): boolean {
    for (const c of this.kind.columns)
      if (c.required && !this.present.has(c.key))
        this.errors.push({ row: 1, column: c.header, reason: `缺少“${c.header}”列，请使用下载的模板` });
    return this.errors.length === 0;
  }

  result(): SheetRead<RowOf<C>> {
    if (this.colAt === null) this.headerMissing(); // a sheet with no rows at all
    this.progress(this.dataRows);
    return { rows: this.rows, errors: this.errors, dataRows: this.dataRows };
  }
}

/**
 * An upload's sheet to read: the one named `title` when given and present, else the first visible one that is
 * not the template's instructions or options sheet; null when there is none. Bounded before any row is read:
 * file size, expanded size, sheet count, columns.
 */
function uploadSheet(file: Buffer, limits: ReadLimits, title?: string): XlsxSheet | null {
  const entries = checkUpload(file, limits);
  let sheets: XlsxSheet[];
  try {
    sheets = openXlsx(entries, limits.maxColumns);
  } catch (e) {
    if (!(e instanceof XlsxFormatError)) throw e;
    throw new AppError("VALIDATION_FAILED", NOT_XLSX);
  }
  if (sheets.length > limits.maxSheets)
    throw new AppError("VALIDATION_FAILED", `文件里的工作表太多（最多 ${limits.maxSheets} 个）`);
  return (
    (title === undefined ? undefined : sheets.find((s) => s.name.trim() === title)) ??
    sheets.find((s) => !s.hidden && !NOT_DATA.has(s.name.trim())) ??
    null
  );
}

/** A sheet's rows as they are parsed, in slices; a part that is not SpreadsheetML is the upload's fault (400). */
async function* rowsOf(sheet: XlsxSheet): AsyncGenerator<XlsxRow> {
  try {
    for await (const batch of sheet.rows()) yield* batch;
  } catch (e) {
    if (!(e instanceof XlsxFormatError)) throw e;
    throw new AppError("VALIDATION_FAILED", NOT_XLSX);
  }
}

/**
 * Reads an upload as one sheet kind: the zip check inflates the parts (bounded), xlsx-reader parses the
 * sheet in slices (the event loop breathes between them), and rows are parsed as they come. The sheet used
 * is the one named like the kind ("住户"), else the first visible one that is not the template's
 * instructions or options sheet. Bad cells are reported by row and header; those rows are left out of
 * `rows`.
 */
export async function readUpload<C extends readonly AnyColumn[]>(
  file: Buffer,
  kind: SheetKind<C>,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  progress: (done: number) => void = () => undefined,
): Promise<SheetRead<RowOf<C>>> {
  const sheet = uploadSheet(file, limits, kind.title);
  if (!sheet) throw new AppError("VALIDATION_FAILED", "文件里没有可导入的工作表");
  const parser = new SheetParser(kind, limits, progress);
  for await (const row of rowsOf(sheet)) if (!parser.row(row.number, row.values)) break;
  return parser.result();
}

/**
 * The first visible sheet's cells as text, by row (index = row number - 1, an empty row []), for a sheet read
 * by its own simpler rules (an installer's device sheet): bounded like every upload, parsed in slices, and
 * no row past `maxRows` read (`more` says there was one). A cell that is no text (an error value) reads "".
 */
export async function readSheetText(
  file: Buffer,
  maxRows: number,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<{ rows: string[][]; more: boolean }> {
  const sheet = uploadSheet(file, limits);
  const rows: string[][] = [];
  let more = false;
  if (sheet)
    for await (const row of rowsOf(sheet)) {
      if (row.number > maxRows) {
        more = true;
        break;
      }
      rows[row.number - 1] = Array.from(row.values.slice(1, limits.maxColumns + 1), (v) => {
        const t = cellText(v);
        return t.ok ? t.value : "";
      });
    }
  return { rows: Array.from(rows, (r) => r ?? []), more };
}
