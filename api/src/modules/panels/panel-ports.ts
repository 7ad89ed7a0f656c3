// What this module needs from others, as interfaces the composition root fills: the standard's names and
// profile rules (from the GB/T 26875.3 codec), the devices module (each transmission device is a Device of
// kind UITD) and the units module (a unit and its key parts).
import type { Prisma } from "../../db/client.ts";

export type ProfileCheck = { ok: true; addressDigits: 12 | 24 } | { ok: false; reason: string };

export interface PanelCatalog {
  /** the standard's name for a system type (clause 8.2.1.1), or a vendor's private one */
  systemTypeName(code: number): string;
  /** the standard's name for a component type (clause 8.2.1.2) */
  componentTypeName(code: number): string;
  /** whether a stored vendor profile is usable, and how many hex digits its addresses have */
  checkProfile(value: string): ProfileCheck;
}

export interface UitdDeviceRegistry {
  /** The Device (kind UITD) for a transmission device, created when missing; returns its id. Idempotent. */
  ensure(input: { address: string; unitId: string }): Promise<string>;
}

export interface KeyPartRef {
  id: string;
  name: string;
}

export interface UnitDirectory {
  unitExists(unitId: string): Promise<boolean>;
  /** every key part of the unit (a unit has tens, not thousands) */
  keyParts(unitId: string): Promise<KeyPartRef[]>;
}

/** Reads units and key parts straight from their tables until the units module offers this. */
export function prismaUnitDirectory(prisma: Prisma): UnitDirectory {
  return {
    unitExists: async (id) => (await prisma.networkedUnit.count({ where: { id } })) > 0,
    keyParts: (unitId) =>
      prisma.keyPart.findMany({
        where: { unitId },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
        take: 2000,
      }),
  };
}
