// Transmission devices, their systems and components, per unit: register a device, rename a system, name
// a component and say where it is (key part, place text), import a unit's component list. Every method
// takes the unit the caller may see; a row of another unit is "not found" (404, never 403).
//
// Beside it: panel-views.ts (what the routes answer, and the row mappers).
import { AppError, notFound } from "../../shared/errors.ts";
import { componentPoint, parseComponentAddress } from "./panel-labels.ts";
import type { PanelCommands } from "./panel-commands.ts";
import type { PanelIntake } from "./panel-intake.ts";
import type { KeyPartRef, PanelCatalog, UitdDeviceRegistry, UnitDirectory } from "./panel-ports.ts";
import {
  isUniqueViolation,
  type ComponentRow,
  type ComponentWithSystem,
  type PanelRepository,
  type SystemRow,
  type TransmissionDeviceRow,
} from "./panel-repository.ts";
import {
  componentView,
  systemView,
  view,
  type Change,
  type ComponentImportRow,
  type ComponentPatch,
  type ComponentView,
  type GatewayDevice,
  type ImportOutcome,
  type SystemView,
  type TransmissionDeviceView,
} from "./panel-views.ts";

// GB 50440's patrol bounds and the import's row limit are in the contract (the routes' schemas use them)
import { MAX_IMPORT_ROWS, MAX_PATROL_SEC, MIN_PATROL_SEC } from "../../contract/panels.ts";
export { MAX_IMPORT_ROWS, MAX_PATROL_SEC, MIN_PATROL_SEC };
export const MAX_NAME = 40;
export const MAX_LOCATION = 100;
export const MAX_PROFILE = 2000;
export const MAX_PAGE = 200;

const MAX_CELL = 200;
const ADDRESS = /^[0-9a-f]+$/;

const bad = (message: string) => new AppError("VALIDATION_FAILED", message);

function text(value: string | null | undefined, max: number, what: string): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  if (t.length > max) throw bad(`${what}不能超过 ${max} 个字`);
  return t === "" ? null : t;
}

function byte(value: string | undefined, what: string): number {
  const t = value?.trim() ?? "";
  if (!/^\d{1,3}$/.test(t) || Number(t) > 255) throw bad(`${what}应为 0-255 的整数`);
  return Number(t);
}

export class PanelService {
  constructor(
    private readonly repo: PanelRepository,
    private readonly catalog: PanelCatalog,
    private readonly units: UnitDirectory,
    private readonly devices: UitdDeviceRegistry,
    private readonly intake: PanelIntake,
    private readonly commands: PanelCommands | null = null,
  ) {}

  // ---- transmission devices

  async registerDevice(
    unitId: string,
    input: { address: string; profile?: string; patrolIntervalSec?: number },
  ): Promise<TransmissionDeviceView> {
    if (!(await this.units.unitExists(unitId))) throw notFound("单位");
    const profile = input.profile?.trim() || "standard";
    const address = this.checkAddress(input.address, profile);
    const patrolIntervalSec = this.checkPatrol(input.patrolIntervalSec ?? 600);
    if (await this.repo.deviceByAddress(address)) throw this.taken();
    const deviceId = await this.devices.ensure({ address, unitId });
    try {
      return view(await this.repo.createDevice({ deviceId, address, unitId, profile, patrolIntervalSec }));
    } catch (e) {
      if (isUniqueViolation(e)) throw this.taken();
      throw e;
    }
  }

  async updateDevice(
    unitId: string,
    id: string,
    patch: { profile?: string; patrolIntervalSec?: number },
  ): Promise<Change<TransmissionDeviceView>> {
    const td = await this.deviceOf(unitId, id);
    const data: { profile?: string; patrolIntervalSec?: number } = {};
    if (patch.profile !== undefined && patch.profile.trim() !== td.profile) {
      data.profile = patch.profile.trim();
      this.checkAddress(td.address, data.profile);
    }
    if (patch.patrolIntervalSec !== undefined && patch.patrolIntervalSec !== td.patrolIntervalSec) {
      data.patrolIntervalSec = this.checkPatrol(patch.patrolIntervalSec);
    }
    if (Object.keys(data).length === 0) return { outcome: "unchanged", item: view(td) };
    const row = await this.repo.updateDevice(td.id, data);
    this.intake.drop(td.deviceId);
    // the gateway holding the device's connection (on whichever instance) reads it again and applies the
    // new profile and patrol interval to the live session; a device connected nowhere reads them at connect
    await this.commands?.enqueue([td.deviceId], "gb26875.reload", {}, "settings");
    return { outcome: "updated", item: view(row) };
  }

  async listDevices(unitId: string): Promise<TransmissionDeviceView[]> {
    return (await this.repo.devicesOfUnit(unitId)).map(view);
  }

  /** The gateway's question on a new connection; null for an address nobody registered. */
  async findByAddress(address: string): Promise<GatewayDevice | null> {
    const a = address.toLowerCase();
    if (!ADDRESS.test(a) || a.length > 24) return null;
    const td = await this.repo.deviceByAddress(a);
    if (!td) return null;
    const { deviceId, id, unitId, profile, patrolIntervalSec, lastClockSyncAt } = td;
    return {
      deviceId,
      transmissionDeviceId: id,
      unitId,
      address: td.address,
      profile,
      patrolIntervalSec,
      lastClockSyncAt,
    };
  }

  /** The device confirmed a clock sync (type 90). */
  async markClockSynced(deviceId: string, at: Date): Promise<void> {
    await this.repo.markClockSynced(deviceId, at);
  }

  // ---- systems

  async listSystems(unitId: string): Promise<SystemView[]> {
    return (await this.repo.systemsOfUnit(unitId)).map((s) => systemView(this.catalog, s));
  }

  async renameSystem(unitId: string, id: string, name: string | null): Promise<Change<SystemView>> {
    const s = await this.repo.systemById(id);
    if (!s || s.unitId !== unitId) throw notFound("控制器");
    const next = text(name, MAX_NAME, "名称");
    if (next === s.name) return { outcome: "unchanged", item: systemView(this.catalog, s) };
    const row = await this.repo.renameSystem(id, next);
    this.intake.invalidate(s.transmissionDeviceId);
    return { outcome: "updated", item: systemView(this.catalog, row) };
  }

  // ---- components

  async listComponents(
    unitId: string,
    q: { systemId?: string; unnamed?: boolean; abnormal?: boolean; limit?: number; after?: string } = {},
  ): Promise<{ items: ComponentView[]; next: string | null }> {
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(q.limit ?? 50)));
    if (q.after !== undefined && (q.after.length === 0 || q.after.length > 40)) throw bad("分页参数有误");
    if (q.after && !(await this.componentOf(unitId, q.after).catch(() => null))) throw bad("分页参数有误");
    const rows = await this.repo.componentsOfUnit(unitId, { ...q, limit });
    const parts = await this.partNames(unitId);
    const items = rows.map((r) => componentView(this.catalog, r, parts));
    return { items, next: rows.length === limit ? rows[rows.length - 1]!.id : null };
  }

  async updateComponent(unitId: string, id: string, patch: ComponentPatch): Promise<Change<ComponentView>> {
    const c = await this.componentOf(unitId, id);
    const parts = await this.partNames(unitId);
    const data: ComponentPatch = {};
    if (patch.name !== undefined) data.name = text(patch.name, MAX_NAME, "名称");
    if (patch.location !== undefined) data.location = text(patch.location, MAX_LOCATION, "位置");
    if (patch.keyPartId !== undefined) {
      if (patch.keyPartId !== null && !parts.has(patch.keyPartId)) throw bad("该重点部位不属于本单位");
      data.keyPartId = patch.keyPartId;
    }
    const changed = (Object.keys(data) as (keyof ComponentPatch)[]).filter((k) => data[k] !== c[k]);
    if (changed.length === 0) return { outcome: "unchanged", item: componentView(this.catalog, c, parts) };
    const row = await this.repo.updateComponent(c.id, Object.fromEntries(changed.map((k) => [k, data[k]])));
    this.intake.invalidate(c.system.transmissionDeviceId);
    return { outcome: "updated", item: componentView(this.catalog, { ...row, system: c.system }, parts) };
  }

  /**
   * Imports a unit's component list for one of its devices: each row names a component by system type,
   * system address, component type and component address, with its name, place and key part. Rows that
   * check out are applied (created or updated); the others are listed with why. Importing the same list
   * again changes nothing.
   */
  async importComponents(
    unitId: string,
    transmissionDeviceId: string,
    rows: ComponentImportRow[],
  ): Promise<ImportOutcome> {
    const td = await this.deviceOf(unitId, transmissionDeviceId);
    if (rows.length > MAX_IMPORT_ROWS) throw bad(`一次最多导入 ${MAX_IMPORT_ROWS} 行`);
    const parts = new Map((await this.units.keyParts(unitId)).map((k: KeyPartRef) => [k.name, k.id]));
    const systems = new Map<string, SystemRow>();
    const existing = new Map<string, ComponentRow>();
    for (const c of await this.repo.componentsOf(td.id)) {
      existing.set(
        componentPoint({ type: c.system.systemType, address: c.system.systemAddress }, c.componentAddress),
        c,
      );
    }
    const out: ImportOutcome = { created: 0, updated: 0, unchanged: 0, errors: [] };
    const seen = new Set<string>();
    for (const [i, raw] of rows.entries()) {
      try {
        const r = this.importRow(raw, parts);
        const point = componentPoint({ type: r.systemType, address: r.systemAddress }, r.componentAddress);
        if (seen.has(point)) throw bad("与前面的行是同一个部件");
        seen.add(point);
        const sysKey = `${r.systemType}/${r.systemAddress}`;
        let system = systems.get(sysKey);
        if (!system) {
          system = await this.repo.ensureSystem(td.id, unitId, r.systemType, r.systemAddress);
          systems.set(sysKey, system);
        }
        const { data } = r;
        const old = existing.get(point);
        if (!old) {
          await this.repo.createComponent(system, r.componentAddress, data);
          out.created++;
        } else if ((Object.keys(data) as (keyof typeof data)[]).some((k) => data[k] !== old[k])) {
          await this.repo.updateComponent(old.id, data);
          out.updated++;
        } else out.unchanged++;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        out.errors.push({ row: i + 1, message: e.message });
      }
    }
    if (out.created || out.updated) this.intake.invalidate(td.id);
    return out;
  }

  private importRow(raw: ComponentImportRow, parts: ReadonlyMap<string, string>) {
    if (Object.values(raw).some((v) => typeof v === "string" && v.length > MAX_CELL))
      throw bad(`每格不能超过 ${MAX_CELL} 个字`);
    const systemType = byte(raw.systemType, "系统类型");
    const systemAddress = byte(raw.systemAddress, "系统地址");
    const componentType = byte(raw.componentType, "部件类型");
    const componentAddress = parseComponentAddress(raw.componentAddress ?? "");
    if (componentAddress === null) throw bad("部件地址应为数字、0x 开头的十六进制，或“回路-点号”（如 1-23）");
    const name = text(raw.name, MAX_NAME, "名称");
    const location = text(raw.location, MAX_LOCATION, "位置");
    const partName = text(raw.keyPart, MAX_NAME, "重点部位");
    const keyPartId = partName === null ? null : parts.get(partName);
    if (keyPartId === undefined) throw bad(`本单位没有名为“${partName}”的重点部位`);
    return { systemType, systemAddress, componentAddress, data: { componentType, name, location, keyPartId } };
  }

  // ---- helpers

  private checkAddress(address: string, profile: string): string {
    if (profile.length > MAX_PROFILE) throw bad("厂家协议配置过长");
    const p = this.catalog.checkProfile(profile);
    if (!p.ok) throw bad(`厂家协议配置有误：${p.reason}`);
    const a = (address ?? "").trim().toLowerCase();
    if (a.length !== p.addressDigits || !ADDRESS.test(a)) throw bad(`装置地址应为 ${p.addressDigits} 位十六进制数字`);
    return a;
  }

  private checkPatrol(sec: number): number {
    if (!Number.isInteger(sec) || sec < MIN_PATROL_SEC || sec > MAX_PATROL_SEC) {
      throw bad(`巡检周期应为 ${MIN_PATROL_SEC}-${MAX_PATROL_SEC} 秒（最长 2 小时）`);
    }
    return sec;
  }

  private taken(): AppError {
    return new AppError("CONFLICT", "该地址的用户信息传输装置已经登记");
  }

  private async deviceOf(unitId: string, id: string): Promise<TransmissionDeviceRow> {
    const td = id.length <= 40 ? await this.repo.deviceById(id) : null;
    if (!td || td.unitId !== unitId) throw notFound("用户信息传输装置");
    return td;
  }

  private async componentOf(unitId: string, id: string): Promise<ComponentWithSystem> {
    const c = id.length <= 40 ? await this.repo.componentById(id) : null;
    if (!c || c.unitId !== unitId) throw notFound("部件");
    return c;
  }

  private async partNames(unitId: string): Promise<Map<string, string>> {
    return new Map((await this.units.keyParts(unitId)).map((k) => [k.id, k.name]));
  }
}
