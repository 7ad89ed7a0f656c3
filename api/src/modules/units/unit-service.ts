// The unit register: create a unit with its whole file, change it, read it, list units in scope. Inputs are
// checked with the same rules as the import sheets; ids outside the caller's scope are "not found".
//
// Beside it: unit-views.ts (what a list and a file show).
import type { PrismaNs, UnitCategory } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { FACILITY_LABELS, SECTOR_OF_CATEGORY, UNIT_CATEGORY_LABELS } from "./catalogue.ts";
import {
  CONFIRM_SETTING_KEY,
  DEFAULT_CONFIRM_SEC,
  confirmCountdown,
  isConfirmSec,
  parseCountySettings,
  type ConfirmCountdown,
  type CountyConfirmSettings,
} from "./confirm-countdown.ts";
import { normalizeCreditCode } from "./credit-code.ts";
import {
  BUILDING_FIELDS,
  FACILITY_FIELDS,
  KEY_PART_FIELDS,
  MAX_BUILDINGS,
  MAX_KEY_PARTS,
  UNIT_BASE_FIELDS,
  checkList,
  checkRecord,
  firstDuplicate,
  type UnitBase,
  type UnitFileInput,
  type UnitFileLists,
  type UnitPatch,
} from "./unit-fields.ts";
import { UnitRepository, type FileLists, type UnitRow } from "./unit-repository.ts";
import type { Caller, UnitPrincipal, UnitScopes } from "./unit-scope.ts";
import {
  MAX_QUERY_CHARS,
  fileView,
  summaryView,
  type UnitFileView,
  type UnitListQuery,
  type UnitSummary,
} from "./unit-views.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

/** Who may put a unit on the register and change its basic facts (the township only its own units). */
export const UNIT_REGISTRAR_ROLES = ROLE_SETS.unitRegistrars;
/** Who may fill in a unit's file (buildings, key parts, facilities, control room, documents). */
export const UNIT_FILE_EDITOR_ROLES = ROLE_SETS.unitFileEditors;

// The facts only a registrar may change; the rest of the file its own people keep up to date
const REGISTRAR_FIELDS = [
  "name",
  "creditCode",
  "category",
  "keyUnit",
  "sector",
  "townshipId",
  "maintenanceCompanyId",
  "installerCompanyId",
  "confirmSec",
  "pilot",
] as const satisfies readonly (keyof UnitBase)[];

// GB 50016-2014 2.1.1: a non-residential building taller than 24 m (other than a single-storey one) is high-rise
const HIGH_RISE_M = 24;

const has = (list: readonly string[], v: string) => list.includes(v);

export class UnitService {
  private readonly repo: UnitRepository;

  constructor(
    prisma: ConstructorParameters<typeof UnitRepository>[0],
    readonly scopes: UnitScopes,
    private readonly clock: Clock,
  ) {
    this.repo = new UnitRepository(prisma);
  }

  // ---- reading ----

  async list(c: Caller, q: UnitListQuery): Promise<{ total: number; items: UnitSummary[] }> {
    const limit = Math.max(1, Math.min(100, Math.trunc(q.limit)));
    const offset = Math.max(0, Math.min(1_000_000, Math.trunc(q.offset)));
    for (const id of [q.townshipId, q.category, q.sector, q.rolloutStage])
      if (id !== undefined && (typeof id !== "string" || id.length > 64))
        throw new AppError("VALIDATION_FAILED", "筛选条件有误");
    const filters: PrismaNs.NetworkedUnitWhereInput[] = [await this.scopes.where(c)];
    if (q.townshipId) filters.push({ townshipId: q.townshipId });
    if (q.category) filters.push({ category: q.category });
    if (q.sector) filters.push({ sector: q.sector });
    if (q.keyUnit !== undefined) filters.push({ keyUnit: q.keyUnit });
    if (q.pilot !== undefined) filters.push({ pilot: q.pilot });
    if (q.hasAutoFireAlarm !== undefined) filters.push({ hasAutoFireAlarm: q.hasAutoFireAlarm });
    if (q.rolloutStage) filters.push({ rolloutStage: q.rolloutStage });
    const text = q.q?.trim().slice(0, MAX_QUERY_CHARS);
    if (text)
      filters.push({
        OR: [
          { name: { contains: text } },
          { address: { contains: text } },
          { creditCode: { contains: normalizeCreditCode(text) } },
        ],
      });
    const r = await this.repo.list({ AND: filters }, { offset, limit });
    return { total: r.total, items: r.items.map(summaryView) };
  }

  /** The whole file of a unit the caller sees. */
  async get(c: Caller, id: string): Promise<UnitFileView> {
    const scope = await this.scopes.assertUnit(c, id);
    const u = await this.repo.file(id);
    if (!u) throw new AppError("NOT_FOUND", "找不到该单位");
    const companyIds = [
      u.maintenanceCompanyId,
      u.installerCompanyId,
      ...u.facilities.map((f) => f.maintenanceCompanyId),
    ].filter((x): x is string => !!x);
    const companies = await this.repo.serviceCompanies([...new Set(companyIds)]);
    const county = parseCountySettings(await this.repo.setting(CONFIRM_SETTING_KEY));
    // the county and the unit's own people call each other; others see masked numbers
    const fullPhones = scope.kind === "county" || scope.kind === "units";
    return fileView(u, companies, confirmCountdown(u, county), fullPhones);
  }

  /** Seconds a unit's control room has to confirm a fire signal (for the alarm path, issue 17). */
  async confirmCountdown(unitId: string): Promise<ConfirmCountdown | null> {
    const u = await this.repo.current(unitId);
    if (!u) return null;
    return confirmCountdown(u, parseCountySettings(await this.repo.setting(CONFIRM_SETTING_KEY)));
  }

  async countyConfirmSettings(): Promise<{ defaults: Record<UnitCategory, number>; county: CountyConfirmSettings }> {
    return {
      defaults: { ...DEFAULT_CONFIRM_SEC },
      county: parseCountySettings(await this.repo.setting(CONFIRM_SETTING_KEY)),
    };
  }

  // ---- writing ----

  async create(c: Caller, input: UnitFileInput): Promise<UnitFileView> {
    const p = await this.scopes.principal(c);
    const base = checkRecord(UNIT_BASE_FIELDS, input) as UnitBase;
    this.assertRegistrar(p, base.townshipId);
    const lists = await this.checkLists(input, null);
    const row = await this.checkBase(base);
    const id = await this.repo.create(row, lists).catch(uniqueToConflict);
    return this.get(c, id);
  }

  async update(c: Caller, id: string, patch: UnitPatch): Promise<UnitFileView> {
    await this.scopes.assertUnit(c, id);
    const p = await this.scopes.principal(c);
    const current = await this.repo.current(id);
    if (!current) throw new AppError("NOT_FOUND", "找不到该单位");
    const changes = checkRecord(UNIT_BASE_FIELDS, patch, { partial: true }) as Partial<UnitBase>;
    const touchesRegistrarFacts = REGISTRAR_FIELDS.some((k) => k in changes);
    if (touchesRegistrarFacts) {
      this.assertRegistrar(p, current.townshipId);
      if (changes.townshipId && changes.townshipId !== current.townshipId) this.assertRegistrar(p, changes.townshipId);
    } else if (!has(UNIT_FILE_EDITOR_ROLES, p.role)) throw new AppError("FORBIDDEN", "没有权限修改该单位的档案");
    const merged = { ...current, ...stripNulls(changes, ["name", "creditCode", "category", "townshipId", "address"]) };
    if ("sector" in changes && changes.sector === null) merged.sector = SECTOR_OF_CATEGORY[merged.category];
    const lists = await this.checkLists(patch, current);
    const row = await this.checkBase(merged as UnitBase, id);
    const base: Partial<UnitRow> = {};
    for (const k of Object.keys(changes) as (keyof UnitRow)[]) (base as Record<string, unknown>)[k] = row[k];
    if ("category" in changes && !("sector" in changes) && current.sector === SECTOR_OF_CATEGORY[current.category])
      base.sector = SECTOR_OF_CATEGORY[row.category]; // a sector that followed the category keeps following it
    await this.repo.update(id, base, lists).catch(uniqueToConflict);
    return this.get(c, id);
  }

  /** The county's confirmation countdowns per category (an ADMIN or programme-office decision). */
  async setCountyConfirmSettings(c: Caller, settings: Record<string, unknown>): Promise<CountyConfirmSettings> {
    const p = await this.scopes.principal(c);
    if (!p.active || !(p.role === "ADMIN" || p.role === "PROGRAMME_OFFICE"))
      throw new AppError("FORBIDDEN", "只有系统管理员或领导小组办公室可以修改火警确认时限");
    const out: CountyConfirmSettings = {};
    const entries = Object.entries(settings);
    if (entries.length > Object.keys(DEFAULT_CONFIRM_SEC).length)
      throw new AppError("VALIDATION_FAILED", "单位类别过多");
    for (const [k, v] of entries) {
      if (!(k in DEFAULT_CONFIRM_SEC)) throw new AppError("VALIDATION_FAILED", `没有“${k.slice(0, 30)}”这个单位类别`);
      if (v === null) continue;
      if (!isConfirmSec(v))
        throw new AppError(
          "VALIDATION_FAILED",
          `${UNIT_CATEGORY_LABELS[k as UnitCategory]}：确认时限应为 30-900 秒的整数`,
        );
      out[k as UnitCategory] = v;
    }
    await this.repo.saveSetting(CONFIRM_SETTING_KEY, JSON.stringify(out), `staff:${p.id}`);
    return out;
  }

  // ---- rules ----

  private assertRegistrar(p: UnitPrincipal, townshipId: string): void {
    if (p.kind !== "staff" || !p.active || !has(UNIT_REGISTRAR_ROLES, p.role))
      throw new AppError("FORBIDDEN", "没有权限登记或修改单位的基本信息");
    // a township coordinator registers units of their own township; another township is "not found"
    if (p.role === "TOWNSHIP_COORDINATOR" && p.townshipId !== townshipId)
      throw new AppError("NOT_FOUND", "找不到该乡镇/街道");
  }

  private async checkBase(b: UnitBase, exceptId?: string): Promise<UnitRow> {
    if (!(await this.repo.townshipExists(b.townshipId))) throw new AppError("NOT_FOUND", "找不到该乡镇/街道");
    if ((b.latitude === null) !== (b.longitude === null))
      throw new AppError("VALIDATION_FAILED", "经度和纬度要么都填，要么都不填");
    const companies = await this.repo.serviceCompanies(
      [b.maintenanceCompanyId, b.installerCompanyId].filter((x): x is string => !!x),
    );
    if (b.maintenanceCompanyId) {
      const m = companies.get(b.maintenanceCompanyId);
      if (!m) throw new AppError("NOT_FOUND", "找不到该维保单位");
      if (m.kind === "INSTALLER") throw new AppError("VALIDATION_FAILED", `“${m.name}”登记为安装单位，不是维保单位`);
    }
    if (b.installerCompanyId) {
      const i = companies.get(b.installerCompanyId);
      if (!i) throw new AppError("NOT_FOUND", "找不到该安装单位");
      if (i.kind === "MAINTENANCE") throw new AppError("VALIDATION_FAILED", `“${i.name}”登记为维保单位，不是安装单位`);
    }
    if (await this.repo.creditCodeTaken(b.creditCode, exceptId))
      throw new AppError("CONFLICT", "该统一社会信用代码已经登记过，请不要重复登记");
    if (await this.repo.nameTaken(b.townshipId, b.name, exceptId))
      throw new AppError("CONFLICT", `本乡镇/街道已有名为“${b.name}”的单位`);
    return {
      ...b,
      keyUnit: b.keyUnit ?? false,
      hasAutoFireAlarm: b.hasAutoFireAlarm ?? false,
      pilot: b.pilot ?? false,
      sector: b.sector ?? SECTOR_OF_CATEGORY[b.category],
    };
  }

  private async checkLists(
    input: UnitFileLists,
    current: {
      buildings: { id: string; name: string }[];
      keyParts: { id: string; name: string; buildingId: string | null }[];
    } | null,
  ): Promise<FileLists> {
    const lists: FileLists = {};
    const year = this.clock.now().getUTCFullYear();
    if (input.buildings) {
      const rows = checkList(BUILDING_FIELDS, input.buildings, "建筑", MAX_BUILDINGS);
      const dup = firstDuplicate(rows, (b) => b.name);
      if (dup) throw new AppError("VALIDATION_FAILED", `建筑“${dup}”填了两次`);
      for (const b of rows)
        if (b.yearBuilt !== null && b.yearBuilt > year + 1)
          throw new AppError("VALIDATION_FAILED", `建筑“${b.name}”的建成年份晚于今年`);
      lists.buildings = rows.map((b) => ({
        ...b,
        floorsBelow: b.floorsBelow ?? 0,
        highRise: b.highRise ?? (b.heightM !== null && b.heightM > HIGH_RISE_M && b.floorsAbove > 1),
      }));
      if (current) {
        const keep = new Set(rows.map((b) => b.name));
        const gone = current.buildings.filter((b) => !keep.has(b.name)).map((b) => b.id);
        if (gone.length && (await this.repo.devicesPlaced({ unitBuildingIds: gone })) > 0)
          throw new AppError("CONFLICT", "要删除的建筑里还装有设备，请先把设备移到别处");
      }
    }
    if (input.keyParts) {
      const rows = checkList(KEY_PART_FIELDS, input.keyParts, "重点部位", MAX_KEY_PARTS);
      const dup = firstDuplicate(rows, (k) => k.name);
      if (dup) throw new AppError("VALIDATION_FAILED", `重点部位“${dup}”填了两次`);
      const buildingNames = new Set(
        lists.buildings ? lists.buildings.map((b) => b.name) : (current?.buildings ?? []).map((b) => b.name),
      );
      for (const k of rows)
        if (k.building && !buildingNames.has(k.building))
          throw new AppError("VALIDATION_FAILED", `重点部位“${k.name}”所在的建筑“${k.building}”不在本单位的建筑中`);
      lists.keyParts = rows;
      if (current) {
        const keep = new Set(rows.map((k) => k.name));
        const gone = current.keyParts.filter((k) => !keep.has(k.name)).map((k) => k.id);
        if (gone.length && (await this.repo.devicesPlaced({ keyPartIds: gone })) > 0)
          throw new AppError("CONFLICT", "要删除的重点部位还装有设备，请先把设备移到别处");
      }
    }
    if (input.facilities) {
      const rows = checkList(FACILITY_FIELDS, input.facilities, "消防设施", Object.keys(FACILITY_LABELS).length);
      const dup = firstDuplicate(rows, (f) => f.kind);
      if (dup)
        throw new AppError(
          "VALIDATION_FAILED",
          `消防设施“${FACILITY_LABELS[dup as keyof typeof FACILITY_LABELS]}”填了两次`,
        );
      const companies = await this.repo.serviceCompanies(
        rows.map((f) => f.maintenanceCompanyId).filter((x): x is string => !!x),
      );
      for (const f of rows) {
        if (f.installedOn && Number.isNaN(Date.parse(`${f.installedOn}T00:00:00Z`)))
          throw new AppError("VALIDATION_FAILED", `${FACILITY_LABELS[f.kind]}的安装日期不存在`);
        if (f.maintenanceCompanyId) {
          const m = companies.get(f.maintenanceCompanyId);
          if (!m) throw new AppError("NOT_FOUND", "找不到该维保单位");
          if (m.kind === "INSTALLER")
            throw new AppError("VALIDATION_FAILED", `“${m.name}”登记为安装单位，不是维保单位`);
        }
      }
      lists.facilities = rows.map((f) => ({ ...f, count: f.count ?? 1 }));
    }
    return lists;
  }
}

function stripNulls<T extends object>(o: T, required: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null && required.includes(k)) throw new AppError("VALIDATION_FAILED", "必填项不能清空");
    out[k] = v;
  }
  return out as Partial<T>;
}

function uniqueToConflict(e: unknown): never {
  if ((e as { code?: string })?.code === "P2002")
    throw new AppError("CONFLICT", "同名单位、建筑或统一社会信用代码已存在（可能刚被他人登记）");
  throw e;
}
