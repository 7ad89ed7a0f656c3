// The generic xlsx import engine: column rules, templates, bounded reading, and all-or-nothing writes.
// It knows no domain: each sheet kind (townships, buildings, units, staff ...) is declared by the module
// whose rules it follows (county-setup) and run through runImport.
export {
  MAX_CELL_CHARS,
  cellText,
  choice,
  custom,
  decimal,
  int,
  list,
  normalizeText,
  phone,
  readRecord,
  text,
  yesNo,
  type AnyColumn,
  type CellError,
  type Column,
  type Option,
  type Parsed,
  type RowOf,
  type ValueOf,
} from "./columns.ts";
export {
  rowErrors,
  type ParsedRow,
  type Resolution,
  type ResolveContext,
  type RowError,
  type SheetKind,
} from "./sheet-kind.ts";
export {
  applyPlan,
  emptyPlan,
  newId,
  planInsert,
  planSize,
  type PlanOp,
  type SqlValue,
  type WritePlan,
} from "./write-plan.ts";
export { buildTemplate, INSTRUCTIONS_SHEET, OPTIONS_SHEET } from "./template.ts";
export {
  DEFAULT_READ_LIMITS,
  headerKey,
  loadExcel,
  openWorkbook,
  readSheetText,
  readUpload,
  type ReadLimits,
} from "./workbook.ts";
export {
  MAX_REPORTED_ERRORS,
  runImport,
  type ImportDeps,
  type ImportOptions,
  type ImportPhase,
  type ImportProgress,
  type ImportReport,
} from "./import-runner.ts";
export { checkZip } from "./zip-guard.ts";
