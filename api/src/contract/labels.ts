// Chinese names of the contract's enums, defined once. Plain objects with no imports at all (no zod, no
// Prisma), so any client may import them as values; modules/alarms/alarm.ts checks them against the
// database's enums.

/** Every alarm kind, household, facility and panel ones included, and its name as the API sends it. */
export const KIND_LABEL = {
  FIRE: "烟雾报警",
  TAMPER: "设备被拆除",
  FAULT: "设备故障",
  OFFLINE: "设备离线",
  LOW_BATTERY: "电池电量低",
  NOTIFY_FAILED: "火警通知未送达",
  CALL_POINT: "手动报警按钮被按下",
  GAS_LEAK: "可燃气体泄漏",
  SUSPECTED_FIRE: "视频识别疑似火情",
  LOW_WATER: "消防水位过低",
  HIGH_WATER: "消防水位过高",
  LOW_PRESSURE: "消防水压过低",
  HIGH_PRESSURE: "消防水压过高",
  PUMP_NOT_AUTO: "消防泵不在自动状态",
  PUMP_FAULT: "消防泵故障",
  PUMP_STARTED: "消防泵启动",
  POWER_LOST: "电源故障",
  LEAKAGE_CURRENT: "剩余电流超限",
  OVER_TEMPERATURE: "线缆温度超限",
  HYDRANT_OPENED: "消火栓被打开",
  HYDRANT_KNOCKED: "消火栓被撞倒或倾斜",
  VALVE_CLOSED: "阀门被关闭",
  PANEL_FAULT: "火灾报警控制器故障",
  PANEL_SUPERVISION: "监管报警",
  PANEL_SHIELDED: "部件被屏蔽",
} as const;

export type AlarmKind = keyof typeof KIND_LABEL;

/** The kinds as a non-empty tuple (for an enum schema). */
export const ALARM_KINDS = Object.keys(KIND_LABEL) as [AlarmKind, ...AlarmKind[]];

/** What staff read in a notification log: sent is not yet delivered. */
export const NOTIFICATION_STATUS_LABEL = {
  QUEUED: "待发送",
  SENDING: "发送中",
  SENT: "已发出（未确认送达）",
  DELIVERED: "已送达",
  FAILED: "未送达",
  CANCELLED: "已取消",
} as const;

export type NotificationStatus = keyof typeof NOTIFICATION_STATUS_LABEL;

/** Where a hazard is in its loop (Order 61 art. 31-35), as staff and residents read it. */
export const HAZARD_STATUS_LABEL = {
  REPORTED: "已上报",
  ASSIGNED: "已派发",
  RECTIFYING: "整改中",
  FIXED: "已整改待验收",
  VERIFIED: "已验收",
  OVERDUE: "已逾期",
  ESCALATED: "已逾期并升级",
} as const;

/** A user information transmission device's state as the console shows it (panels/panel-overview.ts). */
export const TRANSMISSION_DEVICE_STATE_LABEL = {
  never_connected: "未上线",
  offline: "离线",
  fire: "火警",
  fault: "故障",
  normal: "正常",
} as const;

/** What happened to a hazard, as its timeline says it (the hazard's event actions). */
export const HAZARD_EVENT_LABEL: Record<string, string> = {
  reported: "上报",
  assigned: "派发整改",
  started: "开始整改",
  fixed: "提交整改",
  rejected: "验收未通过",
  verified: "验收通过",
  due_soon: "期限将至提醒",
  overdue: "逾期推送",
  escalated: "逾期升级",
  notice: "下达责令改正通知书",
};

/** A device's one word for its health (derived from its status, never stored), as staff and residents read it. */
export const DEVICE_STATE_LABEL = {
  alarm: "报警中",
  offline: "离线",
  tamper: "被拆除",
  fault: "故障",
  low_battery: "电量低",
  normal: "正常",
  never_connected: "未上线",
} as const;

/** A device's working mode (an installer's test or a maintenance visit raises no alarm). */
export const DEVICE_MODE_LABEL = { NORMAL: "正常", INSTALLATION: "安装中", MAINTENANCE: "维护中" } as const;

/** Every device kind and its name in the model catalogue and the registration forms. */
export const DEVICE_KIND_LABEL = {
  SMOKE_ALARM: "独立式感烟火灾探测报警器",
  GAS_DETECTOR: "可燃气体探测器",
  WATER_LEVEL: "消防水箱/水池液位",
  PUMP: "消防水泵监测",
  HYDRANT_PRESSURE: "消火栓水压监测",
  ELECTRICAL_FIRE: "电气火灾监控",
  MANUAL_CALL_POINT: "手动火灾报警按钮",
  SOUND_LIGHT: "声光警报器",
  PIPE_PRESSURE: "喷淋/管网末端压力",
  UITD: "用户信息传输装置",
  CAMERA: "摄像机",
} as const;

export type DeviceKindName = keyof typeof DEVICE_KIND_LABEL;

/** Kinds whose models other modules keep (a camera, a transmission device): the administrator adds none. */
export const SYSTEM_DEVICE_KINDS: readonly DeviceKindName[] = ["CAMERA", "UITD"];

/** A resident's place in a home, as the console lists a home's people. */
export const HOUSEHOLD_ROLE_LABEL = { OWNER: "户主", FAMILY: "家属", TENANT: "租户" } as const;

/** The device sheet's columns in order (the import template; the import also reads English headers). */
export const DEVICE_SHEET_HEADERS = ["序列号", "型号", "小区", "楼栋", "单元", "房号", "安装位置", "名称"] as const;
