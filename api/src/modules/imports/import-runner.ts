// One import, start to end: open the workbook (bounded), parse the kind's sheet, check the parsed rows
// against each other and the database, and only when no row has any problem write them all in one
// transaction. Progress is reported as rows are read, checked and written, so a long import shows it moves.
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { AnyColumn } from "./columns.ts";
import type { RowError, SheetKind } from "./sheet-kind.ts";
import { DEFAULT_READ_LIMITS, readUpload, type ReadLimits } from "./workbook.ts";
import { applyPlan, planSize } from "./write-plan.ts";

export type ImportPhase = "reading" | "checking" | "writing" | "done";

export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportReport<X = unknown> {
  kind: string;
  /** true when every row was good (and, unless a dry run, written) */
  ok: boolean;
  /** data rows in the file */
  rows: number;
  /** rows written to the database (0 unless ok) */
  written: number;
  /** every problem found, by row, column and reason, up to MAX_REPORTED_ERRORS */
  errors: RowError[];
  errorCount: number;
  badRows: number;
  errorsTruncated: boolean;
  summary: Record<string, number>;
  /** what the import gives back once written (invitation codes ...), null when nothing was written */
  extras: X | null;
}

/** More problems than this are counted, not listed (a wrong file can have a problem in every cell). */
export const MAX_REPORTED_ERRORS = 10_000;

export interface ImportDeps {
  db: Pick<Db, "prisma" | "driver">;
  clock: Clock;
}

export interface ImportOptions {
  /** "staff:<id>" */
  actor: string;
  onProgress?: (p: ImportProgress) => void;
  /** check everything, write nothing */
  dryRun?: boolean;
  limits?: Partial<ReadLimits>;
}

function finish<X>(
  ok: boolean,
  kind: string,
  rows: number,
  errors: RowError[],
  written: number,
  summary: Record<string, number>,
  extras: X | null,
): ImportReport<X> {
  errors.sort((a, b) => a.row - b.row);
  return {
    kind,
    ok,
    rows,
    written,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    errorCount: errors.length,
    badRows: new Set(errors.map((e) => e.row)).size,
    errorsTruncated: errors.length > MAX_REPORTED_ERRORS,
    summary,
    extras,
  };
}

export async function runImport<C extends readonly AnyColumn[], X>(
  kind: SheetKind<C, X>,
  file: Buffer,
  deps: ImportDeps,
  opts: ImportOptions,
): Promise<ImportReport<X>> {
  const limits = { ...DEFAULT_READ_LIMITS, ...opts.limits };
  const progress = opts.onProgress ?? (() => undefined);
  progress({ phase: "reading", done: 0, total: 0 });
  const read = await readUpload(file, kind, limits, (done) => progress({ phase: "reading", done, total: 0 }));
  const total = read.rows.length;
  progress({ phase: "checking", done: 0, total });
  const resolution = await kind.resolve(read.rows, {
    prisma: deps.db.prisma,
    now: deps.clock.now(),
    actor: opts.actor,
    progress: (done) => progress({ phase: "checking", done, total }),
  });
  const errors = [...read.errors, ...resolution.errors];
  if (errors.length > 0 || read.dataRows === 0) {
    if (read.dataRows === 0 && errors.length === 0)
      errors.push({ row: 2, column: null, reason: "没有找到要导入的数据行" });
    return finish<X>(false, kind.key, read.dataRows, errors, 0, resolution.summary, null);
  }
  if (opts.dryRun) {
    progress({ phase: "done", done: 0, total: planSize(resolution.plan) });
    return finish<X>(true, kind.key, read.dataRows, errors, 0, resolution.summary, null);
  }
  const written = await applyPlan(deps.db.driver, resolution.plan, (done, all) =>
    progress({ phase: "writing", done, total: all }),
  );
  progress({ phase: "done", done: written, total: written });
  return finish(true, kind.key, read.dataRows, errors, written, resolution.summary, resolution.extras);
}
