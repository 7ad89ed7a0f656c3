// One column of an import sheet: its Chinese header, whether it must be filled, what it holds, an example,
// and how a cell's text becomes a typed value or a reason a person can act on. The same definitions build
// the downloadable template, parse uploads, and check the services' own inputs, so a rule is written once.

export type Parsed<V> = { ok: true; value: V } | { ok: false; reason: string };

export interface Column<K extends string = string, V = unknown, R extends boolean = boolean> {
  readonly key: K;
  /** the header as it appears in row 1 of the sheet (without the "*" the template adds to required ones) */
  readonly header: string;
  readonly required: R;
  /** the template's example row */
  readonly example: string;
  /** what to fill, for the instructions sheet */
  readonly note: string;
  readonly maxLength: number;
  /** the template formats the column as text, so Excel keeps leading zeros and long digit strings */
  readonly asText: boolean;
  /** the labels offered as a drop-down list in the template */
  readonly choices: readonly string[] | null;
  parse(text: string): Parsed<V>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyColumn = Column<string, any, boolean>;

export type ValueOf<C> = C extends Column<string, infer V, infer R> ? (R extends true ? V : V | null) : never;
export type RowOf<C extends readonly AnyColumn[]> = { [X in C[number] as X["key"]]: ValueOf<X> };

const ok = <V>(value: V): Parsed<V> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

/** Hard bound on any cell, before a column's own rule looks at it. */
export const MAX_CELL_CHARS = 2000;
/** Hard bound on a list given as an array (the API's form of a cell of items separated by 、). */
export const MAX_LIST_ITEMS = 200;

// Full-width digits, letters and punctuation that Chinese input methods produce (U+FF01-U+FF5E map to
// U+0021-U+007E), the ideographic space, and zero-width characters pasted from web pages.
export function normalizeText(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[\u200B-\u200D\uFEFF]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

interface Base<R extends boolean> {
  required: R;
  example: string;
  note?: string;
}

function column<K extends string, V, R extends boolean>(
  key: K,
  header: string,
  o: Base<R> & { maxLength: number; asText?: boolean; choices?: readonly string[] },
  note: string,
  parse: (text: string) => Parsed<V>,
): Column<K, V, R> {
  return {
    key,
    header,
    required: o.required,
    example: o.example,
    note: o.note ?? note,
    maxLength: o.maxLength,
    asText: o.asText ?? false,
    choices: o.choices ?? null,
    parse,
  };
}

export function text<K extends string, R extends boolean>(
  key: K,
  header: string,
  o: Base<R> & { max: number; min?: number; pattern?: RegExp; patternReason?: string; asText?: boolean },
): Column<K, string, R> {
  const min = o.min ?? 1;
  return column(key, header, { ...o, maxLength: o.max }, `文字，${min}-${o.max} 个字`, (t) => {
    // a column with a format says what the format is, which also covers a value too short for it
    if (o.pattern && !o.pattern.test(t)) return bad(o.patternReason ?? "格式不对");
    if ([...t].length < min) return bad(`至少 ${min} 个字`);
    return ok(t);
  });
}

export function int<K extends string, R extends boolean>(
  key: K,
  header: string,
  o: Base<R> & { min: number; max: number },
): Column<K, number, R> {
  return column(key, header, { ...o, maxLength: 12 }, `整数，${o.min} 到 ${o.max}`, (t) => {
    if (!/^[+-]?\d+(\.0+)?$/.test(t)) return bad(`“${t}”不是整数`);
    const n = Number(t);
    if (!Number.isSafeInteger(n) || n < o.min || n > o.max) return bad(`应在 ${o.min} 到 ${o.max} 之间`);
    return ok(n);
  });
}

export function decimal<K extends string, R extends boolean>(
  key: K,
  header: string,
  o: Base<R> & { min: number; max: number },
): Column<K, number, R> {
  return column(key, header, { ...o, maxLength: 24 }, `数字，${o.min} 到 ${o.max}`, (t) => {
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return bad(`“${t}”不是数字`);
    const n = Number(t);
    if (!Number.isFinite(n) || n < o.min || n > o.max) return bad(`应在 ${o.min} 到 ${o.max} 之间`);
    return ok(n);
  });
}

const YES = new Set(["是", "y", "yes", "true", "1", "√", "有"]);
const NO = new Set(["否", "n", "no", "false", "0", "×", "无"]);

export function yesNo<K extends string, R extends boolean>(key: K, header: string, o: Base<R>): Column<K, boolean, R> {
  return column(key, header, { ...o, maxLength: 8, choices: ["是", "否"] }, "填“是”或“否”", (t) => {
    const v = t.toLowerCase();
    if (YES.has(v)) return ok(true);
    if (NO.has(v)) return ok(false);
    return bad(`请填“是”或“否”（不是“${t}”）`);
  });
}

export interface Option<C extends string> {
  code: C;
  label: string;
}

/** One of a fixed set: the Chinese label (as offered in the template's list) or the code. */
export function choice<K extends string, C extends string, R extends boolean>(
  key: K,
  header: string,
  o: Base<R> & { options: readonly Option<C>[]; aliases?: Readonly<Record<string, C>> },
): Column<K, C, R> {
  const byText = new Map<string, C>();
  // cells are read through normalizeText (full-width brackets become half-width), so labels are matched
  // in that form too: "发电厂（站）" in the list arrives as "发电厂(站)"
  for (const opt of o.options) {
    byText.set(normalizeText(opt.label), opt.code);
    byText.set(opt.code.toLowerCase(), opt.code);
  }
  for (const [alias, code] of Object.entries(o.aliases ?? {})) byText.set(normalizeText(alias), code);
  const labels = o.options.map((x) => x.label);
  const shown = labels.length > 8 ? `${labels.slice(0, 8).join("、")} 等（见模板下拉列表）` : labels.join("、");
  const maxLength = Math.max(...o.options.map((x) => Math.max(x.label.length, x.code.length)), 1) + 8;
  return column(key, header, { ...o, maxLength, choices: labels }, `从下拉列表选择：${shown}`, (t) => {
    const code = byText.get(normalizeText(t)) ?? byText.get(t.toLowerCase());
    return code ? ok(code) : bad(`“${t}”不是可选的值，可选：${shown}`);
  });
}

const LIST_SEPARATORS = /[、,，;；\n]+/;

/** Several values in one cell, separated by 、 or commas. */
export function list<K extends string, R extends boolean>(
  key: K,
  header: string,
  o: Base<R> & { maxItems: number; itemMax: number },
): Column<K, string[], R> {
  const maxLength = o.maxItems * (o.itemMax + 1);
  return column(key, header, { ...o, maxLength }, `多个用“、”分隔，最多 ${o.maxItems} 个`, (t) => {
    const items = t
      .split(LIST_SEPARATORS)
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (items.length === 0) return bad("没有填写内容");
    if (items.length > o.maxItems) return bad(`最多 ${o.maxItems} 个`);
    const long = items.find((s) => [...s].length > o.itemMax);
    if (long) return bad(`“${long.slice(0, 20)}”超过 ${o.itemMax} 个字`);
    const seen = new Set<string>();
    for (const s of items) {
      if (seen.has(s)) return bad(`“${s}”重复填写`);
      seen.add(s);
    }
    return ok(items);
  });
}

/** A column with a rule of its own (a credit code, a phone number). */
export function custom<K extends string, V, R extends boolean>(
  key: K,
  header: string,
  o: Base<R> & { max: number; note: string; asText?: boolean; parse: (text: string) => Parsed<V> },
): Column<K, V, R> {
  return column(key, header, { ...o, maxLength: o.max }, o.note, o.parse);
}

// Mainland mobile numbers (11 digits starting 1[3-9]) and fixed lines with an area code (0791-88880001).
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

export function phone<K extends string, R extends boolean>(key: K, header: string, o: Base<R>): Column<K, string, R> {
  return custom(key, header, {
    ...o,
    max: 20,
    asText: true,
    note: "手机号（11 位）或带区号的固定电话，如 0791-88880001",
    parse: (t) => {
      const v = t.replace(/[\s()（）]/g, "");
      return PHONE.test(v) ? ok(v) : bad(`“${t}”不是有效的电话号码`);
    },
  });
}

/** A cell's value as the sheet reader (or exceljs) gives it, as trimmed text, or a reason it cannot be read. */
export function cellText(v: unknown): Parsed<string> {
  if (v === null || v === undefined) return ok("");
  if (typeof v === "string") return ok(normalizeText(v));
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return bad("不是有效的数字");
    // Excel keeps 15 significant digits: a credit code or ID typed as a number has lost its tail
    if (Number.isInteger(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER)
      return bad("数字太长，Excel 已丢失末尾几位：请把该列设为“文本”格式后重新填写");
    return ok(String(v));
  }
  if (typeof v === "boolean") return ok(v ? "是" : "否");
  // a list given by the API as an array reads like a cell of items separated by 、
  if (Array.isArray(v)) {
    if (v.length > MAX_LIST_ITEMS) return bad(`最多 ${MAX_LIST_ITEMS} 项`);
    if (!v.every((x) => typeof x === "string" || typeof x === "number")) return bad("列表里只能是文字");
    return ok(v.map((x) => normalizeText(String(x))).join("、"));
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? bad("日期无效") : ok(v.toISOString().slice(0, 10));
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return ok(normalizeText((o.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("")));
    if ("error" in o) return bad(`单元格是错误值 ${String(o.error)}`);
    if ("result" in o) return cellText(o.result);
    if ("formula" in o || "sharedFormula" in o) return bad("公式没有计算结果，请粘贴为数值后再导入");
    if ("text" in o) return cellText(o.text);
  }
  return bad("无法读取该单元格");
}

export interface CellError {
  key: string;
  header: string;
  reason: string;
}

/**
 * Reads one record: every column's value, or every column's reason. `present` limits the check to the keys
 * given (an update); missing required values are errors only when the key is checked.
 */
export function readRecord<C extends readonly AnyColumn[]>(
  columns: C,
  get: (key: string) => unknown,
  opts: { partial?: boolean; has?: (key: string) => boolean } = {},
): { value: Partial<RowOf<C>>; errors: CellError[] } {
  const value: Record<string, unknown> = {};
  const errors: CellError[] = [];
  for (const c of columns) {
    if (opts.partial && opts.has && !opts.has(c.key)) continue;
    const t = cellText(get(c.key));
    if (!t.ok) {
      errors.push({ key: c.key, header: c.header, reason: t.reason });
      continue;
    }
    if (t.value === "") {
      if (c.required) errors.push({ key: c.key, header: c.header, reason: "不能为空" });
      else value[c.key] = null;
      continue;
    }
    const limit = Math.min(c.maxLength, MAX_CELL_CHARS);
    if ([...t.value].length > limit) {
      errors.push({ key: c.key, header: c.header, reason: `不能超过 ${limit} 个字` });
      continue;
    }
    const p = c.parse(t.value);
    if (p.ok) value[c.key] = p.value;
    else errors.push({ key: c.key, header: c.header, reason: p.reason });
  }
  return { value: value as Partial<RowOf<C>>, errors };
}
