// Code tables of GB/T 26875.3-2011: commands (clause 8.1), application data types (8.2.1), system types
// (8.2.1.1), component types (8.2.1.2) and analogue value types (8.2.1.3). Names are the standard's
// Chinese terms; docs/gb26875.md says where each table was checked.
import type { Profile } from "./profile.ts";

/** The command byte (clause 8.1). 7-127 are reserved, 128-255 user-defined. */
export const Command = {
  /** 控制命令: the centre commands the device (initialise, clock sync, duty check) */
  Control: 1,
  /** 发送数据: fire alarms and facility states, sent by the device */
  SendData: 2,
  /** 确认: the receiver accepted a control command or sent data */
  Confirm: 3,
  /** 请求: the centre asks for information */
  Request: 4,
  /** 应答: the answer to a request */
  Response: 5,
  /** 否认: the receiver refused what it got (bad checksum, length, start or end, command) */
  Deny: 6,
} as const;

export const COMMAND_NAMES: Readonly<Record<number, string>> = {
  1: "控制命令",
  2: "发送数据",
  3: "确认",
  4: "请求",
  5: "应答",
  6: "否认",
};

/** Application data unit types (clause 8.2.1). */
export const DataType = {
  SystemState: 1,
  ComponentState: 2,
  ComponentAnalogue: 3,
  SystemOperation: 4,
  SystemVersion: 5,
  SystemConfig: 6,
  ComponentConfig: 7,
  SystemTime: 8,
  DeviceState: 21,
  DeviceOperation: 24,
  DeviceVersion: 25,
  DeviceConfig: 26,
  DeviceTime: 28,
  ReadSystemState: 61,
  ReadComponentState: 62,
  ReadComponentAnalogue: 63,
  ReadSystemOperations: 64,
  ReadSystemVersion: 65,
  ReadSystemConfig: 66,
  ReadComponentConfig: 67,
  ReadSystemTime: 68,
  ReadDeviceState: 81,
  ReadDeviceOperations: 84,
  ReadDeviceVersion: 85,
  ReadDeviceConfig: 86,
  ReadDeviceTime: 88,
  InitialiseDevice: 89,
  SyncDeviceClock: 90,
  DutyCheck: 91,
} as const;

export const DATA_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: "上传建筑消防设施系统状态",
  2: "上传建筑消防设施部件运行状态",
  3: "上传建筑消防设施部件模拟量值",
  4: "上传建筑消防设施操作信息记录",
  5: "上传建筑消防设施软件版本",
  6: "上传建筑消防设施系统配置情况",
  7: "上传建筑消防设施部件配置情况",
  8: "上传建筑消防设施系统时间",
  21: "上传用户信息传输装置运行状态",
  24: "上传用户信息传输装置操作信息记录",
  25: "上传用户信息传输装置软件版本",
  26: "上传用户信息传输装置配置情况",
  28: "上传用户信息传输装置系统时间",
  61: "读建筑消防设施系统状态",
  62: "读建筑消防设施部件运行状态",
  63: "读建筑消防设施部件模拟量值",
  64: "读建筑消防设施操作信息记录",
  65: "读建筑消防设施软件版本",
  66: "读建筑消防设施系统配置情况",
  67: "读建筑消防设施部件配置情况",
  68: "读建筑消防设施系统时间",
  81: "读用户信息传输装置运行状态",
  84: "读用户信息传输装置操作信息记录",
  85: "读用户信息传输装置软件版本",
  86: "读用户信息传输装置配置情况",
  88: "读用户信息传输装置系统时间",
  89: "初始化用户信息传输装置",
  90: "同步用户信息传输装置时钟",
  91: "查岗命令",
};

/** System types (clause 8.2.1.1); 2-9 and 25-127 reserved, 128-255 user-defined. */
export const SYSTEM_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "通用",
  1: "火灾报警系统",
  10: "消防联动控制器",
  11: "消火栓系统",
  12: "自动喷水灭火系统",
  13: "气体灭火系统",
  14: "水喷雾灭火系统（泵启动方式）",
  15: "水喷雾灭火系统（压力容器启动方式）",
  16: "泡沫灭火系统",
  17: "干粉灭火系统",
  18: "防烟排烟系统",
  19: "防火门及卷帘系统",
  20: "消防电梯",
  21: "消防应急广播",
  22: "消防应急照明和疏散指示系统",
  23: "消防电源",
  24: "消防电话",
};

/** Component types (clause 8.2.1.2); gaps are reserved, 128-255 user-defined. */
export const COMPONENT_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "通用",
  1: "火灾报警控制器",
  10: "可燃气体探测器",
  11: "点型可燃气体探测器",
  12: "独立式可燃气体探测器",
  13: "线型可燃气体探测器",
  16: "电气火灾监控报警器",
  17: "剩余电流式电气火灾监控探测器",
  18: "测温式电气火灾监控探测器",
  21: "探测回路",
  22: "火灾显示盘",
  23: "手动火灾报警按钮",
  24: "消火栓按钮",
  25: "火灾探测器",
  30: "感温火灾探测器",
  31: "点型感温火灾探测器",
  32: "点型感温火灾探测器（S型）",
  33: "点型感温火灾探测器（R型）",
  34: "线型感温火灾探测器",
  35: "线型感温火灾探测器（S型）",
  36: "线型感温火灾探测器（R型）",
  37: "光纤感温火灾探测器",
  40: "感烟火灾探测器",
  41: "点型离子感烟火灾探测器",
  42: "点型光电感烟火灾探测器",
  43: "线型光束感烟火灾探测器",
  44: "吸气式感烟火灾探测器",
  50: "复合式火灾探测器",
  51: "复合式感烟感温火灾探测器",
  52: "复合式感光感温火灾探测器",
  53: "复合式感光感烟火灾探测器",
  61: "紫外火焰探测器",
  62: "红外火焰探测器",
  69: "感光火灾探测器",
  74: "气体探测器",
  78: "图像摄像方式火灾探测器",
  79: "感声火灾探测器",
  81: "气体灭火控制器",
  82: "消防电气控制装置",
  83: "消防控制室图形显示装置",
  84: "模块",
  85: "输入模块",
  86: "输出模块",
  87: "输入/输出模块",
  88: "中继模块",
  91: "消防水泵",
  92: "消防水箱",
  95: "喷淋泵",
  96: "水流指示器",
  97: "信号阀",
  98: "报警阀",
  99: "压力开关",
  101: "阀驱动装置",
  102: "防火门",
  103: "防火阀",
  104: "通风空调",
  105: "泡沫液泵",
  106: "管网电磁阀",
  111: "防烟排烟风机",
  113: "排烟防火阀",
  114: "常闭送风口",
  115: "排烟口",
  116: "电控挡烟垂壁",
  117: "防火卷帘控制器",
  118: "防火门监控器",
  121: "报警装置",
};

export interface AnalogueType {
  name: string;
  unit: string;
  /** the value of one count (the standard's 最小计量单元) */
  scale: number;
  /** the standard's valid range, in units */
  min: number;
  max: number;
}

/** Analogue value types (clause 8.2.1.3); the value is a signed 16-bit count of `scale` units. */
export const ANALOGUE_TYPES: Readonly<Record<number, AnalogueType>> = {
  1: { name: "事件计数", unit: "件", scale: 1, min: 0, max: 32000 },
  2: { name: "高度", unit: "m", scale: 0.01, min: 0, max: 320 },
  3: { name: "温度", unit: "℃", scale: 0.1, min: -273, max: 3200 },
  4: { name: "压力", unit: "MPa", scale: 0.1, min: 0, max: 3200 },
  5: { name: "压力", unit: "kPa", scale: 0.1, min: 0, max: 3200 },
  6: { name: "气体浓度", unit: "%LEL", scale: 0.1, min: 0, max: 100 },
  7: { name: "时间", unit: "s", scale: 1, min: 0, max: 32000 },
  8: { name: "电压", unit: "V", scale: 0.1, min: 0, max: 3200 },
  9: { name: "电流", unit: "A", scale: 0.1, min: 0, max: 3200 },
  10: { name: "流量", unit: "L/s", scale: 0.1, min: 0, max: 3200 },
  11: { name: "风量", unit: "m³/min", scale: 0.1, min: 0, max: 3200 },
  12: { name: "风速", unit: "m/s", scale: 1, min: 0, max: 20 },
};

function codeName(table: Readonly<Record<number, string>>, code: number): string {
  const name = table[code];
  if (name) return name;
  return code >= 128 ? `用户自定义(${code})` : `预留(${code})`;
}

export function commandName(code: number): string {
  return codeName(COMMAND_NAMES, code);
}

export function dataTypeName(code: number): string {
  return codeName(DATA_TYPE_NAMES, code);
}

/** A system type's name, including the profile's private types (0x81 standalone smoke alarms). */
export function systemTypeName(code: number, profile?: Profile): string {
  const own = profile?.privateSystemTypes.find((p) => p.code === code);
  return own ? own.name : codeName(SYSTEM_TYPE_NAMES, code);
}

/** The standard system type a code behaves as: itself, or what a profile's private type acts as. */
export function effectiveSystemType(code: number, profile?: Profile): number {
  return profile?.privateSystemTypes.find((p) => p.code === code)?.actsAs ?? code;
}

export function componentTypeName(code: number): string {
  return codeName(COMPONENT_TYPE_NAMES, code);
}

export interface AnalogueReading {
  name: string;
  unit: string;
  value: number;
  /** inside the standard's valid range for this type */
  inRange: boolean;
}

/** The physical value of an analogue count, or null for a reserved or user-defined type. */
export function analogueReading(type: number, raw: number): AnalogueReading | null {
  const t = ANALOGUE_TYPES[type];
  if (!t) return null;
  // round away binary noise: 0.1 * 253 = 25.3, not 25.300000000000001
  const value = Math.round(raw * t.scale * 100) / 100;
  return { name: t.name, unit: t.unit, value, inRange: value >= t.min && value <= t.max };
}
