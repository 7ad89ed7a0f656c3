// The neutral device events that panel uploads become (issue 13's DeviceEvent shape: deviceId, msgId, ts,
// type, fields, source, raw). Each type says what it means in the field; alarm types carry their effect.

/** Alarm kinds a panel can raise (AlarmKind members, prisma/schema/40-alarms.prisma). */
export type PanelAlarmKind =
  "FIRE" | "CALL_POINT" | "PANEL_FAULT" | "PANEL_SUPERVISION" | "PANEL_SHIELDED" | "POWER_LOST";

export const PANEL_EVENT_TYPES = {
  heartbeat: "巡检心跳：装置在线，无数据",
  panel_fire: "部件或控制器报火警",
  panel_fire_clear: "火警状态已恢复（控制器不再报该点火警）",
  panel_call_point: "手动报警：值班人员在控制器或传输装置上按下手动报警",
  panel_call_point_clear: "手动报警随复位解除",
  panel_fault: "部件、控制器或传输装置故障",
  panel_fault_clear: "故障已恢复",
  panel_supervision: "监管报警（如阀门、水流指示器动作）",
  panel_supervision_clear: "监管报警已恢复",
  panel_shielded: "部件或系统被屏蔽，不再报警",
  panel_shielded_clear: "屏蔽已解除",
  panel_power_fault: "主电或备电故障",
  panel_power_restored: "主电或备电已恢复",
  panel_reset: "控制器复位：其下各点的火警、监管和故障随之解除",
  panel_mute: "控制器或传输装置已消音，报警仍在",
  panel_operation: "控制器操作记录（自检、确认、测试、警情消除）",
  panel_state: "系统状态上报，没有新的报警或恢复",
  panel_component_state: "部件状态上报，没有新的报警或恢复（如启动、反馈、延时）",
  panel_analogue: "部件模拟量值（温度、压力、液位 ...）",
  panel_version: "控制器软件版本",
  panel_config: "控制器系统配置",
  panel_component_config: "部件配置（控制器对部件的描述）",
  panel_time: "控制器时钟",
  uitd_state: "传输装置运行状态上报，没有新的报警或恢复",
  uitd_operation: "传输装置操作记录",
  uitd_duty_reply: "值班人员应答查岗",
  uitd_version: "传输装置软件版本",
  uitd_config: "传输装置配置",
  uitd_time: "传输装置时钟",
  panel_other: "其他数据（读命令或保留类型）",
} as const;

export type PanelEventType = keyof typeof PANEL_EVENT_TYPES;

export interface PanelAlarmEffect {
  action: "raise" | "clear";
  kind: PanelAlarmKind;
}

/** What each event type does to alarms; null: history (and status) only. */
export const PANEL_ALARM_EFFECTS: Readonly<Record<PanelEventType, PanelAlarmEffect | null>> = {
  heartbeat: null,
  panel_fire: { action: "raise", kind: "FIRE" },
  panel_fire_clear: { action: "clear", kind: "FIRE" },
  panel_call_point: { action: "raise", kind: "CALL_POINT" },
  panel_call_point_clear: { action: "clear", kind: "CALL_POINT" },
  panel_fault: { action: "raise", kind: "PANEL_FAULT" },
  panel_fault_clear: { action: "clear", kind: "PANEL_FAULT" },
  panel_supervision: { action: "raise", kind: "PANEL_SUPERVISION" },
  panel_supervision_clear: { action: "clear", kind: "PANEL_SUPERVISION" },
  panel_shielded: { action: "raise", kind: "PANEL_SHIELDED" },
  panel_shielded_clear: { action: "clear", kind: "PANEL_SHIELDED" },
  panel_power_fault: { action: "raise", kind: "POWER_LOST" },
  panel_power_restored: { action: "clear", kind: "POWER_LOST" },
  panel_reset: null,
  panel_mute: null,
  panel_operation: null,
  panel_state: null,
  panel_component_state: null,
  panel_analogue: null,
  panel_version: null,
  panel_config: null,
  panel_component_config: null,
  panel_time: null,
  uitd_state: null,
  uitd_operation: null,
  uitd_duty_reply: null,
  uitd_version: null,
  uitd_config: null,
  uitd_time: null,
  panel_other: null,
};

/** Fire-class kinds: their events go first and are never throttled (GB 26875.1: fire before everything). */
export const FIRE_CLASS: ReadonlySet<PanelAlarmKind> = new Set(["FIRE", "CALL_POINT"]);

export function isFireClass(type: PanelEventType): boolean {
  const effect = PANEL_ALARM_EFFECTS[type];
  return effect !== null && effect.action === "raise" && FIRE_CLASS.has(effect.kind);
}

/** Plain JSON, as stored in DeviceEvent.fields. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface PanelEventFields {
  [key: string]: Json | undefined;
  unitId: string;
  transmissionDeviceId: string;
  address: string;
  /** where in the unit: "1/1/0x00170001" (system type / system address / component address), "1/1",
   *  "1/1/main_power", "uitd", "uitd/line" ... One open alarm per device, point and kind. */
  point?: string;
  /** the alarm kind of an alarm type (also in PANEL_ALARM_EFFECTS) */
  kind?: PanelAlarmKind;
  /** where, in words, as it was when the event was made */
  location?: string;
  keyPartId?: string | null;
  componentId?: string | null;
  /** state bits set, in the standard's words (test mode included) */
  state?: string[];
  /** the device or panel said it is in test mode (bit 0 clear); many panels never set it: never drop a fire for it */
  testMode?: boolean;
}

/** Issue 13's protocol-neutral device event, as this module makes it. */
export interface PanelEvent {
  deviceId: string;
  /** unique per device and event; a redelivered frame gives the same ids */
  msgId: string;
  /** ms since 1970: the panel's moment when sane, else the frame's, else receipt */
  ts: number;
  type: PanelEventType;
  fields: PanelEventFields;
  source: "gb26875";
  /** the frame's bytes, hex */
  raw: string;
}
