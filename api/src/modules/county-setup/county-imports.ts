// The county's imports as the routes will call them: the list of sheet kinds, a template per kind, and
// an import that checks every row and writes all of them or none. Only the county's setup roles import.
// One import runs at a time in a process: a sheet of 100,000 rows holds a few hundred MB while it is read,
// and two at once on a small server would compete for memory and the write lock.
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { buildTemplate, runImport, type ImportProgress, type ImportReport } from "../imports/index.ts";
import type { Caller, UnitPrincipal, UnitScopes } from "../units/index.ts";
import { COUNTY_SHEET_KEYS as SHEET_KEYS } from "../../contract/setup.ts";
import { countySheets, type CountySheetKey } from "./county-sheets.ts";
import { COUNTY_SETUP_ROLES } from "./place-setup.ts";

export const COUNTY_SHEET_KEYS: readonly CountySheetKey[] = SHEET_KEYS;

const NOBODY: UnitPrincipal = {
  kind: "staff",
  id: "",
  role: "RESIDENT",
  active: false,
  townshipId: null,
  propertyCompanyId: null,
  sector: null,
  serviceCompanyId: null,
  unitIds: [],
};

export const isCountySheetKey = (k: string): k is CountySheetKey =>
  (COUNTY_SHEET_KEYS as readonly string[]).includes(k);

export class CountyImports {
  private running = false;

  constructor(
    private readonly db: Pick<Db, "prisma" | "driver">,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
    private readonly opts: { inviteTtlMs?: number } = {},
  ) {}

  kinds(): { key: CountySheetKey; title: string; description: string; maxRows: number }[] {
    const sheets = countySheets(NOBODY);
    return COUNTY_SHEET_KEYS.map((k) => ({
      key: k,
      title: sheets[k].title,
      description: sheets[k].description,
      maxRows: sheets[k].maxRows,
    }));
  }

  async template(kind: string): Promise<{ filename: string; data: Buffer }> {
    if (!isCountySheetKey(kind)) throw new AppError("NOT_FOUND", "没有这种导入模板");
    const sheet = countySheets(NOBODY)[kind];
    return { filename: `${sheet.title}导入模板.xlsx`, data: await buildTemplate(sheet) };
  }

  async run(
    c: Caller,
    kind: string,
    file: Buffer,
    opts: { dryRun?: boolean; onProgress?: (p: ImportProgress) => void } = {},
  ): Promise<ImportReport> {
    if (!isCountySheetKey(kind)) throw new AppError("NOT_FOUND", "没有这种导入");
    const actor = await this.scopes.principal(c);
    if (actor.kind !== "staff" || !actor.active || !(COUNTY_SETUP_ROLES as readonly string[]).includes(actor.role))
      throw new AppError("FORBIDDEN", "只有系统管理员或领导小组办公室可以批量导入");
    if (this.running) throw new AppError("CONFLICT", "已有一个导入正在进行，请等它完成后再试");
    this.running = true;
    try {
      const sheet = countySheets(actor, this.opts.inviteTtlMs)[kind];
      return await runImport(
        sheet,
        file,
        { db: this.db, clock: this.clock },
        {
          actor: `staff:${actor.id}`,
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
        },
      );
    } finally {
      this.running = false;
    }
  }
}
