// What the panel routes answer about transmission devices, systems and components (instants as ISO strings),
// the import's row and outcome, and the mappers from repository rows (names from the catalogue).
import { componentAddressText, componentPoint, systemLabel, unnamedComponentLabel } from "./panel-labels.ts";
import type { PanelCatalog } from "./panel-ports.ts";
import type { ComponentWithSystem, SystemRow, TransmissionDeviceRow } from "./panel-repository.ts";

export interface TransmissionDeviceView {
  id: string;
  deviceId: string;
  address: string;
  unitId: string;
  profile: string;
  patrolIntervalSec: number;
  lastClockSyncAt: string | null;
}

/** What the gateway needs to serve a device. */
export interface GatewayDevice {
  deviceId: string;
  transmissionDeviceId: string;
  unitId: string;
  address: string;
  profile: string;
  patrolIntervalSec: number;
  lastClockSyncAt: Date | null;
}

export interface SystemView {
  id: string;
  transmissionDeviceId: string;
  systemType: number;
  systemAddress: number;
  typeName: string;
  name: string | null;
  /** the name, or the type and address */
  label: string;
}

export interface ComponentView {
  id: string;
  system: SystemView;
  componentType: number;
  typeName: string;
  componentAddress: number;
  /** "1号回路 23号" */
  addressText: string;
  point: string;
  name: string | null;
  /** the name, or "未命名部件 <type> <address>" */
  label: string;
  keyPartId: string | null;
  keyPartName: string | null;
  location: string | null;
  description: string | null;
  state: { fire: boolean; fault: boolean; supervision: boolean; shielded: boolean; bits: number };
  stateChangedAt: string | null;
  seenAt: string | null;
}

export type Change<T> = { outcome: "created" | "updated" | "unchanged"; item: T };

export interface ComponentPatch {
  name?: string | null;
  location?: string | null;
  keyPartId?: string | null;
}

/** One row of a unit's component list, as a sheet gives it (text cells). */
export interface ComponentImportRow {
  systemType?: string;
  systemAddress?: string;
  componentType?: string;
  componentAddress?: string;
  name?: string;
  location?: string;
  /** the key part's name in the unit's file */
  keyPart?: string;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** rows numbered from 1 as given; message for people */
  errors: { row: number; message: string }[];
}

export function systemView(catalog: PanelCatalog, s: SystemRow): SystemView {
  const typeName = catalog.systemTypeName(s.systemType);
  return {
    id: s.id,
    transmissionDeviceId: s.transmissionDeviceId,
    systemType: s.systemType,
    systemAddress: s.systemAddress,
    typeName,
    name: s.name,
    label: systemLabel(s.name, { typeName, address: s.systemAddress }),
  };
}

export function componentView(
  catalog: PanelCatalog,
  c: ComponentWithSystem,
  parts: ReadonlyMap<string, string>,
): ComponentView {
  const typeName = catalog.componentTypeName(c.componentType);
  return {
    id: c.id,
    system: systemView(catalog, c.system),
    componentType: c.componentType,
    typeName,
    componentAddress: c.componentAddress,
    addressText: componentAddressText(c.componentAddress),
    point: componentPoint({ type: c.system.systemType, address: c.system.systemAddress }, c.componentAddress),
    name: c.name,
    label: c.name ?? unnamedComponentLabel(typeName, c.componentAddress),
    keyPartId: c.keyPartId,
    keyPartName: c.keyPartId ? (parts.get(c.keyPartId) ?? null) : null,
    location: c.location,
    description: c.description,
    state: { fire: c.fire, fault: c.fault, supervision: c.supervision, shielded: c.shielded, bits: c.stateBits },
    stateChangedAt: c.stateChangedAt?.toISOString() ?? null,
    seenAt: c.seenAt?.toISOString() ?? null,
  };
}

export function view(td: TransmissionDeviceRow): TransmissionDeviceView {
  return {
    id: td.id,
    deviceId: td.deviceId,
    address: td.address,
    unitId: td.unitId,
    profile: td.profile,
    patrolIntervalSec: td.patrolIntervalSec,
    lastClockSyncAt: td.lastClockSyncAt?.toISOString() ?? null,
  };
}
