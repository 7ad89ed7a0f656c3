// What the unit register shows: the list query and its rows, and a unit's whole file, mapped from the
// repository's records (people's phones masked unless the caller may call them).
import type { RolloutStage, SectorDepartment, UnitCategory } from "../../db/client.ts";
import { maskPhone } from "../../shared/mask.ts";
import {
  DOCUMENT_KIND_LABELS,
  FACILITY_LABELS,
  SECTOR_LABELS,
  UNIT_CATEGORY_LABELS,
  type DocumentKind,
} from "./catalogue.ts";
import type { ConfirmCountdown } from "./confirm-countdown.ts";
import type { UnitFileRecord, UnitSummaryRecord } from "./unit-repository.ts";

export const MAX_QUERY_CHARS = 40;

export interface UnitListQuery {
  townshipId?: string | undefined;
  category?: UnitCategory | undefined;
  keyUnit?: boolean | undefined;
  sector?: SectorDepartment | undefined;
  pilot?: boolean | undefined;
  /** 设有火灾自动报警系统 */
  hasAutoFireAlarm?: boolean | undefined;
  rolloutStage?: RolloutStage | undefined;
  q?: string | undefined;
  offset: number;
  limit: number;
}

export interface UnitSummary {
  id: string;
  name: string;
  creditCode: string;
  category: UnitCategory;
  categoryLabel: string;
  keyUnit: boolean;
  sector: SectorDepartment;
  sectorLabel: string;
  township: { id: string; name: string };
  address: string;
  latitude: number | null;
  longitude: number | null;
  pilot: boolean;
  hasAutoFireAlarm: boolean;
  rolloutStage: string;
  active: boolean;
  buildings: number;
  people: number;
  devices: number;
}

export type UnitFileView = ReturnType<typeof fileView>;

const FACILITY_ORDER = Object.keys(FACILITY_LABELS);

export function summaryView(u: UnitSummaryRecord): UnitSummary {
  return {
    id: u.id,
    name: u.name,
    creditCode: u.creditCode,
    category: u.category,
    categoryLabel: UNIT_CATEGORY_LABELS[u.category],
    keyUnit: u.keyUnit,
    sector: u.sector,
    sectorLabel: SECTOR_LABELS[u.sector],
    township: u.township,
    address: u.address,
    latitude: u.latitude,
    longitude: u.longitude,
    pilot: u.pilot,
    hasAutoFireAlarm: u.hasAutoFireAlarm,
    rolloutStage: u.rolloutStage,
    active: u.active,
    buildings: u._count.buildings,
    people: u._count.staff,
    devices: u._count.devices,
  };
}

export function fileView(
  u: UnitFileRecord,
  companies: Map<string, { name: string }>,
  countdown: ConfirmCountdown,
  fullPhones: boolean,
) {
  const company = (id: string | null) => (id ? { id, name: companies.get(id)?.name ?? "（已删除）" } : null);
  return {
    ...summaryView({
      ...u,
      _count: { buildings: u.buildings.length, staff: u.staff.length, devices: 0 },
    }),
    phone: u.phone,
    controlRoom: { location: u.controlRoomLocation, phone: u.controlRoomPhone },
    maintenanceCompany: company(u.maintenanceCompanyId),
    installerCompany: company(u.installerCompanyId),
    confirm: countdown,
    rolloutStageAt: u.rolloutStageAt?.toISOString() ?? null,
    buildings: u.buildings.map((b) => ({
      id: b.id,
      name: b.name,
      floorsAbove: b.floorsAbove,
      floorsBelow: b.floorsBelow,
      heightM: b.heightM,
      areaM2: b.areaM2,
      use: b.use,
      highRise: b.highRise,
      yearBuilt: b.yearBuilt,
    })),
    keyParts: u.keyParts.map((k) => ({
      id: k.id,
      name: k.name,
      building: k.building?.name ?? null,
      floor: k.floor,
      description: k.description,
    })),
    // in the catalogue's order on both databases (PostgreSQL sorts enums by declaration, SQLite by text)
    facilities: [...u.facilities]
      .sort((a, b) => FACILITY_ORDER.indexOf(a.kind) - FACILITY_ORDER.indexOf(b.kind))
      .map((f) => ({
        kind: f.kind,
        label: FACILITY_LABELS[f.kind],
        count: f.count,
        description: f.description,
        maintenanceCompany: company(f.maintenanceCompanyId),
        installedOn: f.installedOn,
      })),
    people: u.staff.map((s) => ({
      id: s.staffUser.id,
      name: s.staffUser.name,
      role: s.staffUser.role,
      phone: fullPhones ? (s.staffUser.phone ?? "") : maskPhone(s.staffUser.phone),
      active: s.staffUser.active,
    })),
    documents: u.documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      kindLabel: DOCUMENT_KIND_LABELS[d.kind as DocumentKind] ?? d.kind,
      title: d.title,
      contentType: d.contentType,
      bytes: d.bytes,
      at: d.at.toISOString(),
    })),
  };
}
