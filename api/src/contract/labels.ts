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

/**
 * A networked unit's alarm in words: a unit's FIRE comes from its fire alarm panel or its detectors, not from
 * a home's smoke alarm, so it reads 火灾报警 (the other kinds read the same as a home's).
 */
export const UNIT_KIND_LABEL: Record<AlarmKind, string> = { ...KIND_LABEL, FIRE: "火灾报警" };

/**
 * The one name of an alarm's kind, wherever the alarm is shown (the live board, the centre's wall, 火警确认):
 * a networked unit's alarm (it has a unit) by UNIT_KIND_LABEL, a home's or a community's by KIND_LABEL.
 */
export const alarmKindLabel = (a: { kind: AlarmKind; unitId?: string | null | undefined }): string =>
  (a.unitId ? UNIT_KIND_LABEL : KIND_LABEL)[a.kind];

/** A booking of the experience centre, as residents, coordinators and the centre's staff read it. */
export const BOOKING_STATUS_LABEL = {
  CONFIRMED: "已确认",
  WAITLISTED: "候补中",
  OFFERED: "候补名额待确认",
  CHECKED_IN: "已签到",
  NO_SHOW: "未到场",
  CANCELLED: "已取消",
  EXPIRED: "已失效",
  SESSION_CANCELLED: "场次已取消",
} as const;

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

/**
 * How a message went (Notification.channel), one word each wherever a channel is named: an alarm's card on the
 * live board, the command view's timeline, the console's step summary, who was told on a resident's alarm
 * screen. notifications/alarm-notifier.ts checks it against the database's enum (a new channel without its
 * word does not compile).
 */
export const NOTIFICATION_CHANNEL_LABEL = {
  WECHAT: "微信",
  SMS: "短信",
  VOICE: "电话",
  PUSH: "值班屏推送",
  CONSOLE: "控制台",
  HANDOFF_119: "推送119",
} as const;

export type NotificationChannelName = keyof typeof NOTIFICATION_CHANNEL_LABEL;

/** A hazard's severity (Order 61 art. 31-35: a major one is signed off by the fire supervisor). */
export const HAZARD_SEVERITY_LABEL = { GENERAL: "一般隐患", MAJOR: "重大隐患" } as const;

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

/**
 * A networked unit's state on the centre's command view (centre/command-view.ts decides it, worst first):
 * an open fire signal, another open alarm, an open offline alarm or no device of it online, no device at
 * all; 正常 only with a device online and nothing open.
 */
export const UNIT_STATE_LABEL = {
  FIRE: "火警",
  FAULT: "故障",
  OFFLINE: "离线",
  UNCONNECTED: "未接入",
  NORMAL: "正常",
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

/** What happened to an alarm, as its timeline says it (the alarm's action lines). */
export const ALARM_ACTION_LABEL: Record<string, string> = {
  raised: "报警",
  repeated: "再次报警",
  device_note: "设备消息",
  notified: "已通知",
  escalated: "升级通知",
  reminded: "提醒",
  notify_failed: "通知未送达",
  acknowledged: "确认处理",
  dispatched: "派遣",
  photo: "照片",
  note: "备注",
  muted: "消音",
  linkage: "联动",
  confirmed: "确认火警",
  confirm_timeout: "超时未确认",
  handoff_119: "119已接收",
  handoff_119_failed: "推送119失败",
  handoff_fallback: "119未确认，通知值班",
  handoff_stopped: "停止推送119",
  withdraw_119: "119已收到撤警通报",
  withdraw_119_failed: "撤警通报119未确认",
  withdraw_fallback: "119未确认撤警通报，通知值班",
  resolved: "处置完毕",
};

/**
 * The withdrawal notice to 119 (撤警通报, centre/withdrawal.ts) as a timeline names the message: it goes by the
 * HANDOFF_119 channel, whose word (推送119) names the hand-off itself.
 */
export const WITHDRAWAL_119_MESSAGE_LABEL = "119撤警通报";

/**
 * A networked unit's fire signals: the kinds the monitoring centre chases (a confirmation countdown, a verdict,
 * 119; centre/incident-facts.ts UNIT_FIRE_KINDS). Closing one on the live board records its verdict.
 */
export const UNIT_FIRE_SIGNAL_KINDS = [
  "FIRE",
  "CALL_POINT",
  "GAS_LEAK",
  "SUSPECTED_FIRE",
] as const satisfies readonly AlarmKind[];

/** What a unit's fire signal was (Alarm.verdict), in the words of 火警确认 and of closing it on the live board. */
export const ALARM_VERDICT_LABEL = {
  REAL_FIRE: "真实火警",
  FALSE_ALARM: "误报",
  TEST: "测试",
  FAULT: "设备故障",
} as const;

export type AlarmVerdictName = keyof typeof ALARM_VERDICT_LABEL;

// ---- the roll-out programme (issue 19 part A; modules/rollout/catalogue.ts checks them against the database) ----

/** The county's roll-out phases. */
export const ROLLOUT_PHASE_LABEL = {
  TRAINING: "培训与组织",
  PILOT: "试点",
  FULL: "全面推开",
  ACCEPTANCE: "验收",
} as const;

// ---- networked units (issue 14): the register's fixed sets, as the console's filters and forms name them;
// modules/units/catalogue.ts and county-setup/setup-fields.ts check them against the database's enums ----

/** A unit's category (Order 61 art. 13, 消防安全重点单位, and "other social unit"). */
export const UNIT_CATEGORY_LABEL = {
  SHOPPING_MARKET: "商场、市场",
  HOTEL: "宾馆、饭店",
  SPORTS_VENUE: "体育场馆",
  ENTERTAINMENT: "会堂、公共娱乐场所",
  HOSPITAL: "医院",
  NURSING_HOME: "养老院、福利院",
  BOARDING_SCHOOL: "寄宿制学校",
  KINDERGARTEN: "托儿所、幼儿园",
  SCHOOL: "其他学校",
  GOVERNMENT_OFFICE: "国家机关",
  BROADCAST_TELECOM: "广播电视、邮政、通信枢纽",
  TRANSPORT_HUB: "客运车站、码头、机场",
  CULTURAL_VENUE: "图书馆、展览馆、博物馆、档案馆、文物保护单位",
  POWER: "发电厂（站）、电网经营企业",
  HAZARDOUS_GOODS: "易燃易爆危险品单位",
  LABOUR_INTENSIVE: "劳动密集型企业",
  RESEARCH: "重要科研单位",
  HIGH_RISE_PUBLIC: "高层公共建筑",
  UNDERGROUND: "地下公共建筑",
  WAREHOUSE: "大型物资仓库、堆场",
  CONSTRUCTION_SITE: "重点工程施工现场",
  OTHER: "其他社会单位",
} as const;

/** The department that regulates a unit (行业主管部门). */
export const SECTOR_LABEL = {
  EDUCATION: "教育体育局",
  HEALTH: "卫生健康委员会",
  CIVIL_AFFAIRS: "民政局",
  CULTURE_TOURISM: "文化广电旅游局",
  HOUSING: "住房和城乡建设局",
  EMERGENCY: "应急管理局",
  DEVELOPMENT_REFORM: "发展和改革委员会",
  COMMERCE: "商务局（市场监管）",
  INDUSTRY: "工业和信息化局",
  TRANSPORT: "交通运输局",
  OTHER: "其他部门",
} as const;

/** A unit's fire facility systems (消防设施). */
export const FACILITY_LABEL = {
  AUTO_FIRE_ALARM: "火灾自动报警系统",
  SPRINKLER: "自动喷水灭火系统",
  HYDRANT_SYSTEM: "消火栓系统",
  SMOKE_CONTROL: "防排烟系统",
  FIRE_DOORS: "防火门、防火卷帘",
  EXTINGUISHERS: "灭火器",
  EMERGENCY_LIGHTING: "应急照明和疏散指示",
  FIRE_PUMP: "消防水泵",
  WATER_TANK: "消防水池、水箱",
  GAS_EXTINGUISHING: "气体灭火系统",
  FOAM: "泡沫灭火系统",
  FIRE_ELEVATOR: "消防电梯",
  PUBLIC_ADDRESS: "应急广播",
  ELECTRICAL_FIRE_MONITOR: "电气火灾监控系统",
  GAS_DETECTION: "可燃气体探测报警系统",
  OTHER: "其他消防设施",
} as const;

/** Where a unit or an old high-rise building is in the roll-out (FIELD-FACTS section 11). */
export const ROLLOUT_STAGE_LABEL = {
  NOT_STARTED: "未开始",
  SURVEYED: "已摸排",
  PLANNED: "已制定方案",
  INSTALLING: "安装中",
  INSTALLED: "已安装待验收",
  ACCEPTED: "已验收",
} as const;

/** The stages in their order (the tables and the stage form list them so). */
export const ROLLOUT_STAGE_ORDER = [
  "NOT_STARTED",
  "SURVEYED",
  "PLANNED",
  "INSTALLING",
  "INSTALLED",
  "ACCEPTED",
] as const satisfies readonly (keyof typeof ROLLOUT_STAGE_LABEL)[];

/**
 * A unit or building whose stage its devices contradict (the programme's lists say so in words:
 * "已验收，但设备全部离线", "设备已上线多日，阶段仍为安装中"; modules/rollout/stage-devices.ts decides).
 */
export const STAGE_MISMATCH_LABEL = {
  NO_DEVICES: "未接入任何设备",
  ALL_OFFLINE: "设备全部离线",
  NONE_COVERED: "没有一户烟感在线可用",
  ONLINE_EARLY: "设备已上线多日",
} as const;

/** What the roll-out follows and accepts: a networked unit or an old high-rise building. */
export const ROLLOUT_SUBJECT_LABEL = { UNIT: "联网单位", BUILDING: "老旧高层住宅楼" } as const;

/** Where a three-party acceptance stands. */
export const ACCEPTANCE_STATUS_LABEL = {
  SUBMITTED: "已提交，待单位确认",
  CHECKS_FAILED: "系统检测未通过，待整改",
  UNIT_CONFIRMED: "单位已确认，待消防验收",
  ACCEPTED: "已验收",
  RETURNED: "已退回",
} as const;

/** The kinds of a unit file's documents. */
export const UNIT_DOCUMENT_KIND_LABEL = {
  EMERGENCY_PLAN: "灭火和应急疏散预案",
  DRILL: "演练记录",
  TEST_REPORT: "检测报告",
  INSPECTION_RECORD: "防火检查记录",
  OTHER: "其他资料",
} as const;

/** A unit's yearly facility test (by its maintenance company) and its monthly fire inspection. */
export const FACILITY_TEST_KIND_LABEL = {
  FACILITY_TEST: "年度消防设施检测",
  MONTHLY_INSPECTION: "月度防火检查",
} as const;

/** What each staff role is called on screen and in the staff sheet. */
export const STAFF_ROLE_LABEL = {
  PROPERTY_MANAGER: "物业经理",
  PROPERTY_STAFF: "物业员工",
  TOWNSHIP_COORDINATOR: "乡镇/街道协调员",
  CENTRE_STAFF: "体验馆工作人员",
  FIRE_SUPERVISOR: "消防监督员",
  ADMIN: "系统管理员",
  UNIT_RESPONSIBLE: "单位消防安全责任人",
  UNIT_MANAGER: "单位消防安全管理人",
  UNIT_SAFETY_OFFICER: "单位安全员",
  CONTROL_ROOM_OPERATOR: "消防控制室值班员",
  SECTOR_REGULATOR: "行业主管部门监管人",
  MAINTENANCE_TECH: "维保单位技术人员",
  INSTALLER: "安装单位人员",
  CENTRE_OPERATOR: "监控中心值班员",
  PROGRAMME_OFFICE: "领导小组办公室",
} as const;

/** Where a point's limit comes from (GET /api/sensors/devices/:id/limits). */
export const LIMIT_SOURCE_LABEL = {
  override: "本设备自定",
  model: "型号默认",
  default: "标准默认",
} as const;
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

/**
 * A device's service mode, as staff read it on 设备健康 and in its CSV: in normal use, or one that raises no fire
 * alarm while it is fitted and tested (安装模式) or serviced (维护模式).
 */
export const DEVICE_MODE_LABEL = { NORMAL: "正常使用", INSTALLATION: "安装模式", MAINTENANCE: "维护模式" } as const;
/** The same modes as a state that lasts: "维护中已超过 2 天" (a device out of normal use for over a day). */
export const DEVICE_MODE_ONGOING = { NORMAL: "正常使用", INSTALLATION: "安装中", MAINTENANCE: "维护中" } as const;
/** A device out of normal use for longer than this is marked on 设备健康 ("维护中已超过 1 天"). */
export const DEVICE_MODE_OVERDUE_HOURS = 24;
/**
 * The device kinds whose own alarms are fire-class (fire, call point, gas leak: CRITICAL in alarms/alarm.ts), which a
 * mode out of normal use silences (alarms/alarm-service.ts raises none); a transmission device's are its panel's, and
 * any other kind's (a tank, a pump, a hydrant, an electrical fire monitor) are raised as before. The console's dialog
 * (device-mode.tsx) and the monitoring centre's notice (notifications/mode-switch-notices.ts) word it by this set.
 */
export const MODE_SILENCES_FIRE_KINDS: ReadonlySet<string> = new Set([
  "SMOKE_ALARM",
  "MANUAL_CALL_POINT",
  "GAS_DETECTOR",
]);
/** The longest reason for a switch of mode (PATCH /api/devices/:id `reason`, kept in the audit log). */
export const DEVICE_MODE_REASON_MAX = 200;

/** Every device kind and its one name (issue 13), wherever a kind is named: the model catalogue, the
 * registration forms, a roll-out device plan and an acceptance, the 消防设施 page. A product is named as
 * its standard names it (GB 20517, GB 19880, GB 15322, GB 26875.1, GB 14287), a monitor of a facility as
 * the facility and "监测"; each short enough for a table's cell. The tables below take their subsets of
 * these words, never words of their own. */
export const DEVICE_KIND_LABEL = {
  SMOKE_ALARM: "独立式感烟火灾探测报警器",
  GAS_DETECTOR: "可燃气体探测器",
  WATER_LEVEL: "消防水箱/水池液位监测",
  PUMP: "消防水泵监测",
  HYDRANT_PRESSURE: "消火栓水压监测",
  ELECTRICAL_FIRE: "电气火灾监控",
  MANUAL_CALL_POINT: "手动火灾报警按钮",
  SOUND_LIGHT: "声光警报器",
  PIPE_PRESSURE: "管网末端压力监测",
  UITD: "用户信息传输装置",
  CAMERA: "摄像机",
} as const;

export type DeviceKindName = keyof typeof DEVICE_KIND_LABEL;

/** The named kinds of DEVICE_KIND_LABEL, in the order given (a form lists them in that order). */
function pickKinds<K extends DeviceKindName>(kinds: readonly K[]): Pick<typeof DEVICE_KIND_LABEL, K> {
  const picked: Record<string, string> = {};
  for (const k of kinds) picked[k] = DEVICE_KIND_LABEL[k];
  return picked as Pick<typeof DEVICE_KIND_LABEL, K>;
}

/** The device kinds a device plan or an acceptance may name (every kind), in the order of their forms. */
export const PLAN_KIND_LABEL = pickKinds([
  "SMOKE_ALARM",
  "MANUAL_CALL_POINT",
  "SOUND_LIGHT",
  "UITD",
  "GAS_DETECTOR",
  "WATER_LEVEL",
  "PUMP",
  "HYDRANT_PRESSURE",
  "PIPE_PRESSURE",
  "ELECTRICAL_FIRE",
  "CAMERA",
]);

/** The device kinds that are fire facilities (消防设施, issue 15) rather than a home's alarms, in page order. */
export const FACILITY_DEVICE_KINDS = [
  "WATER_LEVEL",
  "PUMP",
  "HYDRANT_PRESSURE",
  "PIPE_PRESSURE",
  "ELECTRICAL_FIRE",
  "GAS_DETECTOR",
  "MANUAL_CALL_POINT",
  "SOUND_LIGHT",
] as const satisfies readonly DeviceKindName[];

/** The facility devices of 消防设施 (issue 15), by device kind (a kind the page may not know reads as its key). */
export const FACILITY_KIND_LABEL: Record<string, string> = pickKinds(FACILITY_DEVICE_KINDS);

/** Kinds whose models other modules keep (a camera, a transmission device): the administrator adds none. */
export const SYSTEM_DEVICE_KINDS: readonly DeviceKindName[] = ["CAMERA", "UITD"];

/** A resident's place in a home, as the console lists a home's people. */
export const HOUSEHOLD_ROLE_LABEL = { OWNER: "户主", FAMILY: "家属", TENANT: "租户" } as const;

/** The device sheet's columns in order (the import template; the import also reads English headers). */
export const DEVICE_SHEET_HEADERS = ["序列号", "型号", "小区", "楼栋", "单元", "房号", "安装位置", "名称"] as const;

/** How an alarm reached us (Alarm.source), as the command view's unit file names it. */
export const ALARM_SOURCE_LABEL: Record<string, string> = {
  gb26875: "用户信息传输装置",
  mqtt: "物联网传感器",
  ctwing: "物联网传感器（电信 NB-IoT）",
  onenet: "物联网传感器（移动 NB-IoT）",
  video: "视频监控",
  system: "系统",
};

/** How a device model is powered (DeviceModel.power), as the catalogue names it and as the residents' advice
 * goes (a battery to change, a plug to keep in). A model without it reads as 未填写. */
export const DEVICE_POWER_LABEL = {
  BATTERY: "电池供电",
  MAINS: "市电供电",
  MAINS_BATTERY: "市电供电+备用电池",
} as const;
export type DevicePowerName = keyof typeof DEVICE_POWER_LABEL;

/** How a device model reaches the platform (DeviceModel.network): what its owner checks when it goes offline. */
export const DEVICE_NETWORK_LABEL = {
  NB_IOT: "NB-IoT 物联网",
  CELLULAR: "4G/Cat.1 移动网络",
  WIFI: "Wi-Fi 无线网",
  LORA: "LoRa 无线",
  ETHERNET: "有线网络",
  WIRED_BUS: "总线/经传输装置",
} as const;
export type DeviceNetworkName = keyof typeof DEVICE_NETWORK_LABEL;
