// What the roll-out programme shows: phases, where the county stands, a subject's history and device plan,
// pilots and their demonstration meetings; and the small mappers from rows to these views.
import type { RolloutPhaseCode, RolloutStage } from "../../db/client.ts";
import { STAGE_ORDER, type StageSubject } from "./catalogue.ts";
import type { StageMismatch } from "./stage-devices.ts";

export interface PhaseInput {
  code: RolloutPhaseCode;
  name: string;
  startsOn: string; // county date YYYY-MM-DD
  endsOn: string;
  target?: string | null | undefined;
  targetPct?: number | null | undefined;
}

export interface PhaseView {
  code: RolloutPhaseCode;
  label: string;
  name: string;
  startsOn: string;
  endsOn: string;
  target: string | null;
  targetPct: number | null;
  /** where the county stands against it today */
  status: "DONE" | "CURRENT" | "UPCOMING";
}

export interface StageCounts {
  total: number;
  byStage: Record<RolloutStage, number>;
  /** those whose stage their devices contradict (stage-devices.ts) */
  mismatched: number;
}

export interface ProgrammeOverview {
  today: string;
  phases: PhaseView[];
  current: PhaseView | null;
  /** how the lists' `mismatch` is decided, in words */
  mismatchRule: string;
  units: StageCounts;
  buildings: StageCounts & { households: number; householdsDone: number; pct: number; targetPct: number | null };
  pilots: {
    id: string;
    name: string;
    township: string;
    stage: RolloutStage;
    demonstrations: Demonstration[];
  }[];
  unitList: {
    id: string;
    name: string;
    township: string;
    stage: RolloutStage;
    stageAt: string | null;
    pilot: boolean;
    /** the stage against the devices, in words; null when they agree */
    mismatch: StageMismatch | null;
  }[];
  buildingList: {
    id: string;
    name: string;
    community: string;
    stage: RolloutStage;
    stageAt: string | null;
    households: number;
    mismatch: StageMismatch | null;
  }[];
}

export interface SubjectHistory {
  subject: StageSubject;
  id: string;
  name: string;
  stage: RolloutStage;
  stageAt: string | null;
  /** the stage against the devices, in words, as the programme's lists flag it (stage-devices.ts); null: they agree */
  mismatch: StageMismatch | null;
  changes: { stage: RolloutStage; stageLabel: string; at: string; by: string | null; note: string | null }[];
  plan: { deviceKind: string; label: string; planned: number; installed: number }[];
  /** a unit: whether it is a pilot and its demonstration meetings (listed while it is one); a building: null */
  pilot: { pilot: boolean; demonstrations: Demonstration[] } | null;
}

export interface Demonstration {
  id: string;
  heldAt: string;
  place: string;
  attendees: number;
  notes: string | null;
}

export const emptyCounts = (): Record<RolloutStage, number> =>
  Object.fromEntries(STAGE_ORDER.map((s) => [s, 0])) as Record<RolloutStage, number>;
export const demonstrationView = (d: {
  id: string;
  heldAt: Date;
  place: string;
  attendees: number;
  notes: string | null;
}) => ({
  id: d.id,
  heldAt: d.heldAt.toISOString(),
  place: d.place,
  attendees: d.attendees,
  notes: d.notes,
});
