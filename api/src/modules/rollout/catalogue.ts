// The roll-out programme's words and roles (issue 19 part A): phase codes, acceptance states, subjects,
// device kinds a plan may name, and who may do what. Labels are what the console and the API show.
import type { AcceptanceStatus, DeviceKind, RolloutPhaseCode, RolloutStage } from "../../db/client.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

export const PHASE_LABELS: Readonly<Record<RolloutPhaseCode, string>> = {
  TRAINING: "培训与组织",
  PILOT: "试点",
  FULL: "全面推开",
  ACCEPTANCE: "验收",
};

export const ACCEPTANCE_STATUS_LABELS: Readonly<Record<AcceptanceStatus, string>> = {
  SUBMITTED: "已提交，待单位确认",
  CHECKS_FAILED: "系统检测未通过，待整改",
  UNIT_CONFIRMED: "单位已确认，待消防验收",
  ACCEPTED: "已验收",
  RETURNED: "已退回",
};

/** The subjects of acceptance and stage history here: a networked unit or an old high-rise building. */
export const STAGE_SUBJECTS = ["UNIT", "BUILDING"] as const;
export type StageSubject = (typeof STAGE_SUBJECTS)[number];
export const SUBJECT_LABELS: Readonly<Record<StageSubject, string>> = { UNIT: "联网单位", BUILDING: "老旧高层住宅楼" };

export const STAGE_ORDER: readonly RolloutStage[] = [
  "NOT_STARTED",
  "SURVEYED",
  "PLANNED",
  "INSTALLING",
  "INSTALLED",
  "ACCEPTED",
];

/** What a device plan may name: the device kinds (DeviceKind) of the plan, smoke alarms, call points, sounders... */
export const PLAN_KIND_LABELS: Readonly<Record<DeviceKind, string>> = {
  SMOKE_ALARM: "独立式感烟报警器",
  MANUAL_CALL_POINT: "手动报警按钮",
  SOUND_LIGHT: "声光警报器",
  UITD: "用户信息传输装置",
  GAS_DETECTOR: "可燃气体探测器",
  WATER_LEVEL: "液位监测",
  PUMP: "消防泵监测",
  HYDRANT_PRESSURE: "消火栓水压监测",
  PIPE_PRESSURE: "管网末端压力监测",
  ELECTRICAL_FIRE: "电气火灾监控",
  CAMERA: "视频监控",
};

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
