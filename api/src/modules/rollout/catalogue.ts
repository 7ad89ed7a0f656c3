// The roll-out programme's words and roles (issue 19 part A): phase codes, acceptance states, subjects,
// device kinds a plan may name, and who may do what. Labels are what the console and the API show.
import type { AcceptanceStatus, DeviceKind, RolloutPhaseCode, RolloutStage } from "../../db/client.ts";
import { ROLE_SETS } from "../../contract/roles.ts";
import {
  ACCEPTANCE_STATUS_LABEL,
  PLAN_KIND_LABEL,
  ROLLOUT_PHASE_LABEL,
  ROLLOUT_STAGE_ORDER,
  ROLLOUT_SUBJECT_LABEL,
} from "../../contract/labels.ts";
import { ROLLOUT_SUBJECTS } from "../../contract/rollout.ts";

// The words are the contract's (api/src/contract/labels.ts, import-free so the console app takes them as
// values); here each is checked against the database's enum both ways.
export const PHASE_LABELS: Readonly<Record<RolloutPhaseCode, string>> = ROLLOUT_PHASE_LABEL;
export const ACCEPTANCE_STATUS_LABELS: Readonly<Record<AcceptanceStatus, string>> = ACCEPTANCE_STATUS_LABEL;

/** The subjects of acceptance and stage history here: a networked unit or an old high-rise building. */
export const STAGE_SUBJECTS = ROLLOUT_SUBJECTS;
export type StageSubject = (typeof STAGE_SUBJECTS)[number];
export const SUBJECT_LABELS: Readonly<Record<StageSubject, string>> = ROLLOUT_SUBJECT_LABEL;

export const STAGE_ORDER: readonly RolloutStage[] = ROLLOUT_STAGE_ORDER;

/** What a device plan may name: the device kinds (DeviceKind) of the plan, smoke alarms, call points, sounders... */
export const PLAN_KIND_LABELS: Readonly<Record<DeviceKind, string>> = PLAN_KIND_LABEL;

// ...and the contract names nothing the database lacks
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameWords: [
  Same<keyof typeof ROLLOUT_PHASE_LABEL, RolloutPhaseCode>,
  Same<keyof typeof ACCEPTANCE_STATUS_LABEL, AcceptanceStatus>,
  Same<keyof typeof PLAN_KIND_LABEL, DeviceKind>,
  Same<(typeof ROLLOUT_STAGE_ORDER)[number], RolloutStage>,
] = [true, true, true, true];
void sameWords;

/** Set the county's phases: dates and targets are settings, not code. */
export const PROGRAMME_EDITOR_ROLES = ROLE_SETS.programmeEditors;
/** Record a unit's or building's stage and device plan (within their scope); ACCEPTED only through acceptance. */
export const STAGE_EDITOR_ROLES = ROLE_SETS.stageEditors;
/** Mark pilots and record their demonstration meetings. */
export const PILOT_EDITOR_ROLES = ROLE_SETS.programmeEditors;
/** "The installer installs": submits what was installed; the system checks it. */
export const SUBMITTER_ROLES = ROLE_SETS.installer;
/** "The unit supervises": a unit's responsible person or manager, or a building's property company. */
export const CONFIRMER_ROLES = ROLE_SETS.acceptanceConfirmers;
/** "The government accepts": the fire supervisor accepts or returns with reasons. */
export const ACCEPTOR_ROLES = ROLE_SETS.fireSupervisor;
/** Everyone who sees some part of the programme (each only within their scope). */
export const PROGRAMME_VIEWER_ROLES = ROLE_SETS.programmeViewers;

/** Device events that show a device's test alarm reached the centre (stored even in installation mode). */
export const TEST_EVENT_TYPES = ["test_alarm", "smoke_alarm", "gas_alarm", "call_point"] as const;
/** Alarm kinds that, raised since the install began, show the same (a detector tried with test smoke). */
export const TEST_ALARM_KINDS = ["FIRE", "CALL_POINT", "GAS_LEAK"] as const;
