// Frames from transmission devices become events here, with what the unit has named and which conditions
// are on. prepare() is on the acknowledgement path: it reads from memory once a device is loaded. What a
// frame teaches (new systems and components, their state) is saved by settle(true) after the events are
// stored, off that path; settle(false) forgets the conditions the frame changed, so that a frame sent
// again makes its clears again.
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { PanelAlarmKind, PanelEvent } from "./panel-event.ts";
import { panelEvents } from "./panel-events.ts";
import type { ComponentKey, PanelFrame, SystemKey } from "./panel-frame.ts";
import { componentPoint, systemPoint } from "./panel-labels.ts";
import { applyConditions, type ConditionChange, type MappedComponent, type MappedSystem } from "./panel-mapping.ts";
import type { KeyPartRef, PanelCatalog, UnitDirectory } from "./panel-ports.ts";
import type { ComponentRow, PanelRepository, SystemRow, TransmissionDeviceRow } from "./panel-repository.ts";

export interface PreparedFrame {
  /** fire-class first */
  events: PanelEvent[];
  /** Call once the events are stored (true) or could not be (false). Idempotent. */
  settle(stored: boolean): Promise<void>;
}

export interface IntakeOptions {
  /**
   * devices whose mapping is kept in memory (least recently used leave first). Default 10,000, the
   * gateway's default GB26875_MAX_CONNECTIONS: with fewer than the devices connected, a round of frames
   * from every device evicts each entry before its next frame, and every frame reads its device, systems,
   * components and key parts again on the confirm path (2,000 devices against 1,000 did exactly that).
   */
  maxDevices?: number;
  /** names and places are read again this often, so edits on another instance arrive */
  namesTtlMs?: number;
}

type State = Map<string, Map<PanelAlarmKind, boolean | null>>;

interface Entry {
  td: TransmissionDeviceRow;
  systems: Map<string, SystemRow>;
  mapping: {
    transmissionDeviceId: string;
    unitId: string;
    systems: Map<string, MappedSystem>;
    components: Map<string, MappedComponent>;
  };
  state: State;
  loadedAt: number;
  refreshing: Promise<void> | null;
  /** saves of one device run one after another, in the order their frames were prepared */
  chain: Promise<void>;
}

export const DEFAULT_MAX_DEVICES = 10_000;

/** Component state bit 8 is 电源故障 (clause 8.2.1.2). */
const POWER_FAULT_BIT = 1 << 8;

const KIND_COLUMN: Partial<Record<PanelAlarmKind, "fire" | "fault" | "supervision" | "shielded">> = {
  FIRE: "fire",
  PANEL_FAULT: "fault",
  PANEL_SUPERVISION: "supervision",
  PANEL_SHIELDED: "shielded",
};

interface Mention {
  system: SystemKey;
  component?: ComponentKey;
  description?: string;
}

export class PanelIntake {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry | null>>();
  private readonly maxDevices: number;
  private readonly namesTtlMs: number;

  constructor(
    private readonly repo: PanelRepository,
    private readonly catalog: PanelCatalog,
    private readonly units: UnitDirectory,
    private readonly clock: Clock,
    opts: IntakeOptions = {},
  ) {
    this.maxDevices = Math.max(1, opts.maxDevices ?? DEFAULT_MAX_DEVICES);
    this.namesTtlMs = Math.max(1000, opts.namesTtlMs ?? 60_000);
  }

  async prepare(frame: PanelFrame): Promise<PreparedFrame> {
    const entry = await this.entry(frame.deviceId);
    if (!entry) throw new AppError("NOT_FOUND", "找不到该用户信息传输装置");
    const r = panelEvents(frame, entry.mapping, entry.state);
    applyConditions(entry.state, r.changes);
    let settled: Promise<void> | null = null;
    const settle = (stored: boolean): Promise<void> => {
      settled ??= stored
        ? this.enqueue(entry, () => this.save(entry, frame, r.changes))
        : this.forget(entry, r.changes);
      return settled;
    };
    return { events: r.events, settle };
  }

  /** Names, places or key parts of this device changed: read them again on its next frame. */
  invalidate(transmissionDeviceId: string): void {
    for (const e of this.entries.values()) if (e.td.id === transmissionDeviceId) e.loadedAt = 0;
  }

  /** The device was moved or its row changed: drop everything held about it. */
  drop(deviceId: string): void {
    this.entries.delete(deviceId);
  }

  private async entry(deviceId: string): Promise<Entry | null> {
    const found = this.entries.get(deviceId);
    if (found) {
      this.entries.delete(deviceId); // most recently used goes last
      this.entries.set(deviceId, found);
      // edited here: read the names before this frame; merely old (maybe edited elsewhere): in the background
      if (found.loadedAt === 0) await (found.refreshing ??= this.refreshOnce(found));
      else if (this.clock.now().getTime() - found.loadedAt > this.namesTtlMs)
        found.refreshing ??= this.refreshOnce(found);
      return found;
    }
    let pending = this.loading.get(deviceId);
    if (!pending) {
      pending = this.load(deviceId).finally(() => this.loading.delete(deviceId));
      this.loading.set(deviceId, pending);
    }
    return pending;
  }

  private async load(deviceId: string): Promise<Entry | null> {
    const td = await this.repo.deviceByDeviceId(deviceId);
    if (!td) return null;
    const entry: Entry = {
      td,
      systems: new Map(),
      mapping: { transmissionDeviceId: td.id, unitId: td.unitId, systems: new Map(), components: new Map() },
      state: new Map(),
      loadedAt: 0,
      refreshing: null,
      chain: Promise.resolve(),
    };
    const components = await this.refresh(entry);
    for (const c of components) {
      const point = componentPoint({ type: c.system.systemType, address: c.system.systemAddress }, c.componentAddress);
      applyConditions(entry.state, [
        { point, kind: "FIRE", on: c.fire },
        { point, kind: "PANEL_FAULT", on: c.fault },
        { point, kind: "PANEL_SUPERVISION", on: c.supervision },
        { point, kind: "PANEL_SHIELDED", on: c.shielded },
        { point, kind: "POWER_LOST", on: (c.stateBits & POWER_FAULT_BIT) !== 0 },
      ]);
    }
    const again = this.entries.get(deviceId); // a concurrent load finished first: keep its state
    if (again) return again;
    this.entries.set(deviceId, entry);
    while (this.entries.size > this.maxDevices) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  private refreshOnce(entry: Entry): Promise<void> {
    return this.refresh(entry)
      .then(
        () => undefined,
        () => void (entry.loadedAt ||= this.clock.now().getTime()), // keep the old names; retry after the TTL
      )
      .finally(() => (entry.refreshing = null));
  }

  /** Reads names, places and key parts; returns the component rows read. */
  private async refresh(entry: Entry) {
    const [systems, components, keyParts] = await Promise.all([
      this.repo.systemsOf(entry.td.id),
      this.repo.componentsOf(entry.td.id),
      this.units.keyParts(entry.td.unitId),
    ]);
    const partNames = new Map(keyParts.map((k: KeyPartRef) => [k.id, k.name]));
    entry.systems = new Map(systems.map((s) => [systemPoint({ type: s.systemType, address: s.systemAddress }), s]));
    entry.mapping.systems = new Map(
      systems.map((s) => [
        systemPoint({ type: s.systemType, address: s.systemAddress }),
        { id: s.id, name: s.name, typeName: this.catalog.systemTypeName(s.systemType) },
      ]),
    );
    entry.mapping.components = new Map(
      components.map((c) => [
        componentPoint({ type: c.system.systemType, address: c.system.systemAddress }, c.componentAddress),
        this.mapped(c, partNames),
      ]),
    );
    entry.loadedAt = this.clock.now().getTime();
    return components;
  }

  private mapped(c: ComponentRow, partNames: ReadonlyMap<string, string>): MappedComponent {
    return {
      id: c.id,
      name: c.name,
      typeName: this.catalog.componentTypeName(c.componentType),
      location: c.location,
      keyPartId: c.keyPartId,
      keyPartName: c.keyPartId ? (partNames.get(c.keyPartId) ?? null) : null,
    };
  }

  private enqueue(entry: Entry, work: () => Promise<void>): Promise<void> {
    const next = entry.chain.then(work);
    entry.chain = next.catch(() => undefined);
    return next;
  }

  private async forget(entry: Entry, changes: readonly ConditionChange[]): Promise<void> {
    applyConditions(
      entry.state,
      changes.map((c) => ({ ...c, on: null })),
    );
  }

  /** Saves new systems and components the frame named, and the state of its components. */
  private async save(entry: Entry, frame: PanelFrame, changes: readonly ConditionChange[]): Promise<void> {
    const stated = new Set<string>();
    for (const m of mentions(frame)) {
      const system = await this.system(entry, m.system);
      if (!m.component) continue;
      const point = componentPoint(m.system, m.component.address);
      if (!entry.mapping.components.has(point)) {
        const row = await this.repo.ensureComponent(system, m.component.address, {
          componentType: m.component.type,
          description: columnText(m.description ?? "") || null,
        });
        entry.mapping.components.set(point, this.mapped(row, new Map()));
      }
    }
    const u = frame.upload;
    if (u?.kind === "component_state") {
      for (const item of u.items) {
        const point = componentPoint(item.system, item.component.address);
        const system = entry.systems.get(systemPoint(item.system))!;
        stated.add(point);
        await this.repo.saveState(system.id, item.component.address, {
          ...this.columns(entry, point),
          stateBits: item.flags.bits,
          stateChangedAt: item.at ?? frame.receivedAt,
          seenAt: frame.receivedAt,
          description: columnText(item.description),
          componentType: item.component.type,
        });
      }
    }
    // conditions a reset changed on components the frame did not report
    for (const point of new Set(changes.map((c) => c.point))) {
      if (stated.has(point)) continue;
      const m = /^(\d+)\/(\d+)\/0x([0-9a-f]{8})$/.exec(point);
      const system = m && entry.systems.get(`${m[1]}/${m[2]}`);
      if (!m || !system) continue;
      await this.repo.saveState(system.id, parseInt(m[3]!, 16), this.columns(entry, point));
    }
  }

  private columns(entry: Entry, point: string) {
    const on = (kind: PanelAlarmKind) => entry.state.get(point)?.get(kind) === true;
    const out = { fire: false, fault: false, supervision: false, shielded: false };
    for (const [kind, column] of Object.entries(KIND_COLUMN)) out[column] = on(kind as PanelAlarmKind);
    return out;
  }

  private async system(entry: Entry, key: SystemKey): Promise<SystemRow> {
    const point = systemPoint(key);
    const known = entry.systems.get(point);
    if (known) return known;
    const row = await this.repo.ensureSystem(entry.td.id, entry.td.unitId, key.type, key.address);
    entry.systems.set(point, row);
    entry.mapping.systems.set(point, { id: row.id, name: row.name, typeName: key.typeName });
    return row;
  }
}

/** Every system and component a frame names. */
function mentions(frame: PanelFrame): Mention[] {
  const u = frame.upload;
  if (!u) return [];
  switch (u.kind) {
    case "component_state":
    case "component_config":
      return u.items.map((x) => ({ system: x.system, component: x.component, description: x.description }));
    case "analogue":
      return u.items.map((x) => ({ system: x.system, component: x.component }));
    case "system_state":
    case "system_operation":
      return u.items.map((x) => ({ system: x.system }));
    case "system_version":
    case "system_config":
    case "system_time":
      return u.items.flatMap((x) => (x.system ? [{ system: x.system }] : []));
    default:
      return [];
  }
}

/**
 * A panel's own text (a component's 31-byte description) as the console shows it: control bytes a panel sends
 * (a BEL, a tab in a padded field) dropped. NULs never get here (the GB 18030 decoder drops them, so PostgreSQL,
 * which refuses U+0000 in text, is safe either way).
 */
function columnText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it drops
  return s.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}
