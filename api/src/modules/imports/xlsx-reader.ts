// Reads the rows of an .xlsx upload (ECMA-376 Part 1, SpreadsheetML: workbook, relationships, shared
// strings, styles, worksheets) from the entries the zip check has already inflated and bounded.
//
// Why not exceljs: its whole-workbook reader holds every cell as an object (about 270 MB and 6.5 s for
// 50,000 households), and its streaming reader decodes each chunk of XML separately (TextDecoder without
// `stream: true`), so a Chinese character split across two chunks becomes U+FFFD: names change silently
// depending on where a chunk happens to end. Here each part is decoded whole, then parsed with saxes in
// slices, yielding to the event loop between slices so a long sheet never holds up the alarm path.
import { SaxesParser, type SaxesTagPlain } from "saxes";

export interface XlsxRow {
  /** the row number as the spreadsheet program shows it */
  number: number;
  /** cell values by column number (1 = A), as exceljs gives them: string, number, boolean, Date, { error } */
  values: unknown[];
}

export interface XlsxSheet {
  name: string;
  hidden: boolean;
  rows(): AsyncGenerator<XlsxRow[]>;
}

export class XlsxFormatError extends Error {}

export const SLICE_CHARS = 256 * 1024;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A part's text: UTF-8 (what every producer writes), or UTF-16 when it starts with a byte-order mark. */
function decode(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder("utf-16le").decode(buf);
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder("utf-16be").decode(buf);
  return buf.toString("utf8");
}

/** "x:row" -> "row": producers may write SpreadsheetML with any namespace prefix. */
const local = (name: string) => name.slice(name.indexOf(":") + 1);

function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const a = tag.attributes as Record<string, string>;
  if (name in a) return a[name];
  for (const [k, v] of Object.entries(a)) if (local(k) === name) return v;
  return undefined;
}

/** The relationship id attribute (r:id in whatever prefix the relationships namespace got). */
function relId(tag: SaxesTagPlain): string | undefined {
  for (const [k, v] of Object.entries(tag.attributes as Record<string, string>))
    if (k.includes(":") && local(k) === "id") return v;
  return undefined;
}

function parser(): SaxesParser {
  const p = new SaxesParser({ xmlns: false, position: false });
  p.on("error", (e) => {
    throw new XlsxFormatError(e.message);
  });
  return p;
}

/** Parses a small part in one go. */
function parseAll(text: string, on: (p: SaxesParser) => void): void {
  const p = parser();
  on(p);
  p.write(text).close();
}

/** Resolves a relationship target against the part that holds the relationship ("xl/workbook.xml"). */
function resolveTarget(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = from.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

function relationships(entries: Map<string, Buffer>, part: string): Map<string, { target: string; type: string }> {
  const dir = part.split("/").slice(0, -1).join("/");
  const relsName = `${dir ? `${dir}/` : ""}_rels/${part.split("/").pop()}.rels`;
  const buf = entries.get(relsName);
  const out = new Map<string, { target: string; type: string }>();
  if (!buf) return out;
  parseAll(decode(buf), (p) =>
    p.on("opentag", (t) => {
      if (local(t.name) !== "Relationship") return;
      const id = attr(t, "Id");
      const target = attr(t, "Target");
      if (id && target && attr(t, "TargetMode") !== "External")
        out.set(id, { target: resolveTarget(part, target), type: attr(t, "Type") ?? "" });
    }),
  );
  return out;
}

function sharedStrings(buf: Buffer | undefined): string[] {
  const out: string[] = [];
  if (!buf) return out;
  let inSi = false;
  let inT = false;
  let phonetic = 0; // <rPh> runs hold the reading (furigana/pinyin), not the text
  let current = "";
  parseAll(decode(buf), (p) => {
    p.on("opentag", (t) => {
      const n = local(t.name);
      if (n === "si") {
        inSi = true;
        current = "";
      } else if (n === "rPh") phonetic++;
      else if (n === "t" && inSi && phonetic === 0) inT = !t.isSelfClosing;
    });
    p.on("text", (text) => {
      if (inT) current += text;
    });
    p.on("closetag", (t) => {
      const n = local(t.name);
      if (n === "t") inT = false;
      else if (n === "rPh") phonetic--;
      else if (n === "si") {
        out.push(current);
        inSi = false;
      }
    });
  });
  return out;
}

// Built-in number formats that show dates (ECMA-376 Part 1, 18.8.30 numFmt; 27-36 and 50-58 are the
// East Asian date formats Chinese Excel uses)
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "");
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** For each cell style index, whether its number format shows a date. */
function dateStyles(buf: Buffer | undefined): boolean[] {
  if (!buf) return [];
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  parseAll(decode(buf), (p) => {
    p.on("opentag", (t) => {
      const n = local(t.name);
      if (n === "numFmt") custom.set(Number(attr(t, "numFmtId")), attr(t, "formatCode") ?? "");
      else if (n === "cellXfs") inCellXfs = true;
      else if (n === "xf" && inCellXfs) xfFormats.push(Number(attr(t, "numFmtId") ?? 0));
    });
    p.on("closetag", (t) => {
      if (local(t.name) === "cellXfs") inCellXfs = false;
    });
  });
  return xfFormats.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : DATE_FORMAT_IDS.has(id)));
}

/** "BC12" -> 55 */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

const DAY_MS = 86_400_000;

function excelDate(serial: number, date1904: boolean): Date {
  // serial 25569 is 1970-01-01 in the 1900 date system (which counts Lotus's 1900-02-29); 1904 adds 1462 days
  return new Date(Math.round((serial - 25_569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

/** The workbook's sheets, in order, each readable row by row. */
export function openXlsx(entries: Map<string, Buffer>, maxColumns: number): XlsxSheet[] {
  const root = relationships(entries, "");
  const office = [...root.values()].find((r) => r.type.endsWith("/officeDocument"));
  const workbookPart = office?.target ?? "xl/workbook.xml";
  const workbook = entries.get(workbookPart);
  if (!workbook) throw new XlsxFormatError("no workbook part");
  const rels = relationships(entries, workbookPart);
  const partOf = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
  const strings = sharedStrings(entries.get(partOf("/sharedStrings") ?? "xl/sharedStrings.xml"));
  const dates = dateStyles(entries.get(partOf("/styles") ?? "xl/styles.xml"));
  const declared: { name: string; hidden: boolean; part: string | undefined }[] = [];
  let date1904 = false;
  parseAll(decode(workbook), (p) =>
    p.on("opentag", (t) => {
      const n = local(t.name);
      if (n === "workbookPr") date1904 = ["1", "true"].includes(attr(t, "date1904") ?? "");
      if (n !== "sheet") return;
      const id = relId(t);
      declared.push({
        name: attr(t, "name") ?? "",
        hidden: (attr(t, "state") ?? "visible") !== "visible",
        part: id ? rels.get(id)?.target : undefined,
      });
    }),
  );
  return declared.map((s) => ({
    name: s.name,
    hidden: s.hidden,
    rows: () => sheetRows(s.part ? entries.get(s.part) : undefined, strings, dates, date1904, maxColumns),
  }));
}

async function* sheetRows(
  buf: Buffer | undefined,
  strings: string[],
  dates: boolean[],
  date1904: boolean,
  maxColumns: number,
): AsyncGenerator<XlsxRow[]> {
  if (!buf) return;
  const text = decode(buf);
  const p = parser();
  let done: XlsxRow[] = [];
  let row: XlsxRow | null = null;
  let lastRow = 0;
  let col = 0;
  let cell: { col: number; type: string; style: number } | null = null;
  let value = "";
  let capture = false; // inside <v>, or <t> of an inline string
  let inInline = false;
  let phonetic = 0;

  p.on("opentag", (t) => {
    switch (local(t.name)) {
      case "row": {
        const r = Number(attr(t, "r"));
        lastRow = Number.isInteger(r) && r > 0 ? r : lastRow + 1;
        row = { number: lastRow, values: [] };
        col = 0;
        if (t.isSelfClosing) {
          done.push(row);
          row = null;
        }
        break;
      }
      case "c": {
        const ref = attr(t, "r");
        col = ref ? columnOf(ref) : col + 1;
        cell = { col, type: attr(t, "t") ?? "n", style: Number(attr(t, "s") ?? 0) };
        value = "";
        break;
      }
      case "v":
        capture = cell !== null && !t.isSelfClosing;
        break;
      case "is":
        inInline = true;
        break;
      case "rPh":
        phonetic++;
        break;
      case "t":
        if (inInline && phonetic === 0 && !t.isSelfClosing) capture = true;
        break;
    }
  });
  p.on("text", (t) => {
    if (capture) value += t;
  });
  p.on("closetag", (t) => {
    switch (local(t.name)) {
      case "v":
      case "t":
        capture = false;
        break;
      case "is":
        inInline = false;
        break;
      case "rPh":
        phonetic--;
        break;
      case "c":
        if (row && cell && cell.col >= 1 && cell.col <= maxColumns) row.values[cell.col] = cellValue(cell, value);
        cell = null;
        break;
      case "row":
        if (row) done.push(row);
        row = null;
        break;
    }
  });

  function cellValue(c: { type: string; style: number }, v: string): unknown {
    switch (c.type) {
      case "s": {
        const i = Number(v);
        return Number.isInteger(i) ? (strings[i] ?? null) : null;
      }
      case "inlineStr":
      case "str":
        return v;
      case "b":
        return v === "1" || v === "true";
      case "e":
        return { error: v };
      case "d": // ISO 8601 date (strict OOXML)
        return v ? new Date(v) : null;
      default: {
        if (v === "") return null;
        const n = Number(v);
        if (!Number.isFinite(n)) return v;
        return dates[c.style] ? excelDate(n, date1904) : n;
      }
    }
  }

  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + SLICE_CHARS);
    // never split a surrogate pair between two writes (saxes copes, but the slices stay whole characters)
    if (end < text.length && text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end++;
    p.write(text.slice(at, end));
    at = end;
    if (done.length) {
      yield done;
      done = [];
    }
    await pause();
  }
  p.close();
  if (done.length) yield done;
}
