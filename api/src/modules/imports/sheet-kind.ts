// What a kind of import sheet declares: its columns, how many rows it takes, and how its parsed rows are
// checked against each other and the database and turned into a write plan. The engine does the rest.
import type { Prisma } from "../../db/client.ts";
import type { AnyColumn, RowOf } from "./columns.ts";
import type { WritePlan } from "./write-plan.ts";

export interface ParsedRow<V> {
  /** the row number as the spreadsheet program shows it (the header is row 1) */
  row: number;
  value: V;
}

export interface RowError {
  row: number;
  /** the column's header, or null for a problem with the row as a whole or the file */
  column: string | null;
  reason: string;
}

export interface ResolveContext {
  prisma: Prisma;
  now: Date;
  /** who imports, as stored in "createdBy" fields: "staff:<id>" */
  actor: string;
  /** reports progress through the check, rows done out of the rows parsed */
  progress(done: number): void;
}

export interface Resolution<X> {
  errors: RowError[];
  plan: WritePlan;
  /** what the import gives back once written (invitation codes, say); withheld when nothing is written */
  extras: X;
  /** counts for the report: { townships: 3 } */
  summary: Record<string, number>;
}

export interface SheetKind<C extends readonly AnyColumn[] = readonly AnyColumn[], X = unknown> {
  key: string;
  /** the sheet's name in the template and the file name: "乡镇街道" */
  title: string;
  /** one line above the rules in the instructions sheet */
  description: string;
  columns: C;
  maxRows: number;
  /**
   * Checks the rows that parsed (rows with cell errors are left out) against each other and the database,
   * and plans the writes. It must not write.
   */
  resolve(rows: ParsedRow<RowOf<C>>[], ctx: ResolveContext): Promise<Resolution<X>>;
}

/** Builds row errors that name a column by its header. */
export function rowErrors<C extends readonly AnyColumn[]>(columns: C) {
  const header = new Map(columns.map((c) => [c.key, c.header]));
  const errors: RowError[] = [];
  return {
    errors,
    add(row: number, key: C[number]["key"] | null, reason: string): void {
      errors.push({ row, column: key === null ? null : (header.get(key) ?? key), reason });
    },
    /** one row's checks: fail() records a problem, ok says whether there was none */
    at(row: number) {
      let ok = true;
      return {
        fail(key: C[number]["key"] | null, reason: string): void {
          ok = false;
          errors.push({ row, column: key === null ? null : (header.get(key) ?? key), reason });
        },
        get ok(): boolean {
          return ok;
        },
      };
    },
  };
}
