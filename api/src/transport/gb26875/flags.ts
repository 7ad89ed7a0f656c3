// State and operation bit fields of GB/T 26875.3-2011, decoded to named booleans. Bits the standard
// reserves are kept in `reservedBits` so that encoding gives back exactly the bytes received.

/** Bit names in order from bit 0, with the standard's meaning of a 1 bit. */
type BitTable = readonly (readonly [name: string, meaning: string])[];

/** System state, clause 8.2.1.1 (2 bytes). */
export const SYSTEM_STATUS_BITS = [
  ["normalMode", "正常运行状态（0 为测试状态）"],
  ["fire", "火警"],
  ["fault", "故障"],
  ["shielded", "屏蔽"],
  ["supervision", "监管"],
  ["started", "启动（开启）"],
  ["feedback", "反馈"],
  ["delay", "延时状态"],
  ["mainPowerFault", "主电故障"],
  ["backupPowerFault", "备电故障"],
  ["busFault", "总线故障"],
  ["manual", "手动状态"],
  ["configChanged", "配置改变"],
  ["reset", "复位"],
] as const satisfies BitTable;

/** Component state, clause 8.2.1.2 (2 bytes). */
export const COMPONENT_STATUS_BITS = [
  ["normalMode", "正常运行状态（0 为测试状态）"],
  ["fire", "火警"],
  ["fault", "故障"],
  ["shielded", "屏蔽"],
  ["supervision", "监管"],
  ["started", "启动（开启）"],
  ["feedback", "反馈"],
  ["delay", "延时状态"],
  ["powerFault", "电源故障"],
] as const satisfies BitTable;

/** Transmission device running state, clause 8.2.1.8 (1 byte). */
export const DEVICE_STATUS_BITS = [
  ["normalMode", "正常监视状态（0 为测试状态）"],
  ["fire", "火警"],
  ["fault", "故障"],
  ["mainPowerFault", "主电故障"],
  ["backupPowerFault", "备电故障"],
  ["channelFault", "与监控中心通信信道故障"],
  ["lineFault", "监测连接线路故障"],
] as const satisfies BitTable;

/** Operation on a building fire facility, clause 8.2.1.4 (1 byte). */
export const SYSTEM_OPERATION_BITS = [
  ["reset", "复位"],
  ["mute", "消音"],
  ["manualAlarm", "手动报警"],
  ["alarmCleared", "警情消除"],
  ["selfCheck", "自检"],
  ["acknowledge", "确认"],
  ["test", "测试"],
] as const satisfies BitTable;

/** Operation on the transmission device, clause 8.2.1.9 (1 byte). */
export const DEVICE_OPERATION_BITS = [
  ["reset", "复位"],
  ["mute", "消音"],
  ["manualAlarm", "手动报警"],
  ["alarmCleared", "警情消除"],
  ["selfCheck", "自检"],
  ["dutyReply", "查岗应答"],
  ["test", "测试"],
] as const satisfies BitTable;

type Flags<T extends BitTable> = { [K in T[number][0]]: boolean } & {
  /** bits the standard reserves, as received (0 from a conforming device) */
  reservedBits: number;
};

export type SystemStatus = Flags<typeof SYSTEM_STATUS_BITS>;
export type ComponentStatus = Flags<typeof COMPONENT_STATUS_BITS>;
export type DeviceStatus = Flags<typeof DEVICE_STATUS_BITS>;
export type SystemOperation = Flags<typeof SYSTEM_OPERATION_BITS>;
export type DeviceOperation = Flags<typeof DEVICE_OPERATION_BITS>;

function decodeBits<T extends BitTable>(table: T, value: number): Flags<T> {
  const out: Record<string, boolean | number> = {};
  table.forEach(([name], bit) => (out[name] = (value & (1 << bit)) !== 0));
  out.reservedBits = value & ~((1 << table.length) - 1);
  return out as Flags<T>;
}

function encodeBits<T extends BitTable>(table: T, flags: Partial<Flags<T>>, width: number): number {
  const named = (1 << table.length) - 1;
  const reserved = flags.reservedBits ?? 0;
  if (!Number.isInteger(reserved) || (reserved & named) !== 0 || reserved >= 1 << width || reserved < 0) {
    throw new RangeError(`reservedBits ${reserved} overlaps a named bit or the field`);
  }
  let v = reserved;
  table.forEach(([name], bit) => {
    if ((flags as Record<string, unknown>)[name] === true) v |= 1 << bit;
  });
  return v;
}

/** The Chinese meanings of the set bits, leaving out the normal-mode bit (for logs and the console). */
function describeBits<T extends BitTable>(table: T, flags: Flags<T>): string[] {
  const set = flags as Record<string, unknown>;
  const out = table.filter(([name]) => name !== "normalMode" && set[name] === true).map(([, meaning]) => meaning);
  if ("normalMode" in set && set.normalMode === false) out.unshift("测试状态");
  return out;
}

export const systemStatus = {
  decode: (v: number): SystemStatus => decodeBits(SYSTEM_STATUS_BITS, v),
  encode: (f: Partial<SystemStatus>): number => encodeBits(SYSTEM_STATUS_BITS, f, 16),
  describe: (f: SystemStatus): string[] => describeBits(SYSTEM_STATUS_BITS, f),
};

export const componentStatus = {
  decode: (v: number): ComponentStatus => decodeBits(COMPONENT_STATUS_BITS, v),
  encode: (f: Partial<ComponentStatus>): number => encodeBits(COMPONENT_STATUS_BITS, f, 16),
  describe: (f: ComponentStatus): string[] => describeBits(COMPONENT_STATUS_BITS, f),
};

export const deviceStatus = {
  decode: (v: number): DeviceStatus => decodeBits(DEVICE_STATUS_BITS, v),
  encode: (f: Partial<DeviceStatus>): number => encodeBits(DEVICE_STATUS_BITS, f, 8),
  describe: (f: DeviceStatus): string[] => describeBits(DEVICE_STATUS_BITS, f),
};

export const systemOperation = {
  decode: (v: number): SystemOperation => decodeBits(SYSTEM_OPERATION_BITS, v),
  encode: (f: Partial<SystemOperation>): number => encodeBits(SYSTEM_OPERATION_BITS, f, 8),
  describe: (f: SystemOperation): string[] => describeBits(SYSTEM_OPERATION_BITS, f),
};

export const deviceOperation = {
  decode: (v: number): DeviceOperation => decodeBits(DEVICE_OPERATION_BITS, v),
  encode: (f: Partial<DeviceOperation>): number => encodeBits(DEVICE_OPERATION_BITS, f, 8),
  describe: (f: DeviceOperation): string[] => describeBits(DEVICE_OPERATION_BITS, f),
};
