// Setting a county up from sheets (transport/http/routes/setup.routes.ts): the sheets there are, and what an
// import answers. The console's import screen reads these types.
import { z } from "zod";

/** The county's setup sheets, in the order they are imported. */
export const setupSheetKind = z.enum([
  "townships",
  "property-companies",
  "communities",
  "buildings",
  "households",
  "service-companies",
  "units",
  "staff",
]);
export const setupImportKind = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  maxRows: z.number(),
});
/** GET /api/setup/imports */
export const setupImportKinds = z.object({ items: z.array(setupImportKind) });
/** POST /api/setup/imports/:kind: every row checked first; any bad row means nothing is written */
export const setupImportReport = z.object({
  kind: z.string(),
  ok: z.boolean(),
  rows: z.number(),
  written: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string().nullable(), reason: z.string() })),
  errorCount: z.number(),
  badRows: z.number(),
  errorsTruncated: z.boolean(),
  summary: z.record(z.string(), z.number()),
  /** what a sheet hands back once (the staff sheet: each new account's invitation code) */
  extras: z.unknown(),
});

export type SetupSheetKind = z.output<typeof setupSheetKind>;
export type SetupImportKind = z.output<typeof setupImportKind>;
export type SetupImportKindsResponse = z.output<typeof setupImportKinds>;
export type SetupImportReport = z.output<typeof setupImportReport>;
