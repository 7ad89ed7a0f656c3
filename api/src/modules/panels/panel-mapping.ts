// What the unit has said about a transmission device's systems and components (names, key parts,
// locations), and which alarm conditions are on at each point: the inputs of panelEvents().
import type { PanelAlarmKind } from "./panel-event.ts";
import { UITD_POINT } from "./panel-labels.ts";

export interface MappedSystem {
  id: string;
  name: string | null;
  /** the standard's name for its type */
  typeName: string;
}

export interface MappedComponent {
  id: string;
  name: string | null;
  /** the standard's name for its type */
  typeName: string;
  location: string | null;
  keyPartId: string | null;
  keyPartName: string | null;
}

export interface PanelMapping {
  transmissionDeviceId: string;
  unitId: string;
  /** by systemPoint() */
  systems: ReadonlyMap<string, MappedSystem>;
  /** by componentPoint() */
  components: ReadonlyMap<string, MappedComponent>;
}

/**
 * Alarm conditions per point: true on, false off, null unknown (a frame that changed it was not stored).
 * A component point that is missing is off (a component never seen had no alarm); a point of a system or
 * of the device that is missing is unknown (their state is not kept across restarts).
 */
export type ConditionState = ReadonlyMap<string, ReadonlyMap<PanelAlarmKind, boolean | null>>;

export interface ConditionChange {
  point: string;
  kind: PanelAlarmKind;
  on: boolean | null;
}

function isComponentPoint(point: string): boolean {
  return point !== UITD_POINT && /\/0x[0-9a-f]{8}$/.test(point);
}

export function conditionOf(state: ConditionState, point: string, kind: PanelAlarmKind): boolean | null {
  const v = state.get(point)?.get(kind);
  if (v !== undefined) return v;
  return isComponentPoint(point) ? false : null;
}

/** Applies changes to a mutable copy-on-write state (the service's cache). */
export function applyConditions(
  state: Map<string, Map<PanelAlarmKind, boolean | null>>,
  changes: readonly ConditionChange[],
): void {
  for (const c of changes) {
    let kinds = state.get(c.point);
    if (!kinds) state.set(c.point, (kinds = new Map()));
    kinds.set(c.kind, c.on);
  }
}
