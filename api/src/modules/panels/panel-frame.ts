// What a user information transmission device said, in neutral terms (GB/T 26875.3-2011 clause 8.2 as
// plain data). The GB/T 26875.3 transport's adaptor is the only code that knows the wire format; it
// fills these from the decoded frame, with the standard's Chinese names and the moments its time labels
// name, so this module never imports transport code.

/** A building fire facility system (clause 8.2.1.1). */
export interface SystemKey {
  /** 0-255; a vendor's private code keeps its own value */
  type: number;
  address: number;
  /** the standard's name for the type, e.g. 火灾报警系统 */
  typeName: string;
}

/** A component of a system (clause 8.2.1.2). */
export interface ComponentKey {
  type: number;
  /** 32 bits; many panels put the loop or zone in the low 16 bits and the point above */
  address: number;
  /** e.g. 感烟火灾探测器 */
  typeName: string;
}

/** System state bits, clause 8.2.1.1; `bits` is the word as sent. */
export interface SystemFlags {
  normalMode: boolean;
  fire: boolean;
  fault: boolean;
  shielded: boolean;
  supervision: boolean;
  started: boolean;
  feedback: boolean;
  delay: boolean;
  mainPowerFault: boolean;
  backupPowerFault: boolean;
  busFault: boolean;
  manual: boolean;
  configChanged: boolean;
  reset: boolean;
  bits: number;
  /** the set bits in the standard's words, test mode first when bit 0 is clear */
  text: string[];
}

/** Component state bits, clause 8.2.1.2. */
export interface ComponentFlags {
  normalMode: boolean;
  fire: boolean;
  fault: boolean;
  shielded: boolean;
  supervision: boolean;
  started: boolean;
  feedback: boolean;
  delay: boolean;
  powerFault: boolean;
  bits: number;
  text: string[];
}

/** Transmission device state bits, clause 8.2.1.8. */
export interface DeviceFlags {
  normalMode: boolean;
  fire: boolean;
  fault: boolean;
  mainPowerFault: boolean;
  backupPowerFault: boolean;
  channelFault: boolean;
  lineFault: boolean;
  bits: number;
  text: string[];
}

/** Operation bits, clauses 8.2.1.4 (panel: acknowledge) and 8.2.1.9 (device: dutyReply in its place). */
export interface OperationFlags {
  reset: boolean;
  mute: boolean;
  manualAlarm: boolean;
  alarmCleared: boolean;
  selfCheck: boolean;
  /** panel: 确认; false on device operations */
  acknowledge: boolean;
  /** device: 查岗应答; false on panel operations */
  dutyReply: boolean;
  test: boolean;
  bits: number;
  text: string[];
}

/** A moment a time label names, or null when the label was not a real moment (clause 8.2.2). */
export type LabelTime = Date | null;

export interface SystemStateItem {
  system: SystemKey;
  flags: SystemFlags;
  at: LabelTime;
}

export interface ComponentStateItem {
  system: SystemKey;
  component: ComponentKey;
  flags: ComponentFlags;
  /** the panel's own text for the component (31 bytes), trimmed */
  description: string;
  at: LabelTime;
}

export interface AnalogueItem {
  system: SystemKey;
  component: ComponentKey;
  analogueType: number;
  /** e.g. 温度 */
  name: string;
  /** scaled to `unit` when the type is known, else the raw count */
  value: number;
  unit: string;
  at: LabelTime;
}

export interface SystemOperationItem {
  system: SystemKey;
  operation: OperationFlags;
  operator: number;
  at: LabelTime;
}

export interface DeviceOperationItem {
  operation: OperationFlags;
  operator: number;
  at: LabelTime;
}

export interface VersionItem {
  system?: SystemKey;
  major: number;
  minor: number;
}

export interface ConfigItem {
  system?: SystemKey;
  text: string;
}

export interface ComponentConfigItem {
  system: SystemKey;
  component: ComponentKey;
  description: string;
}

export interface TimeItem {
  system?: SystemKey;
  time: LabelTime;
}

/** One application data unit (clause 8.2): a frame carries at most one. */
export type PanelUpload =
  | { kind: "system_state"; items: SystemStateItem[] }
  | { kind: "component_state"; items: ComponentStateItem[] }
  | { kind: "analogue"; items: AnalogueItem[] }
  | { kind: "system_operation"; items: SystemOperationItem[] }
  | { kind: "system_version"; items: VersionItem[] }
  | { kind: "system_config"; items: ConfigItem[] }
  | { kind: "component_config"; items: ComponentConfigItem[] }
  | { kind: "system_time"; items: TimeItem[] }
  | { kind: "device_state"; items: { flags: DeviceFlags; at: LabelTime }[] }
  | { kind: "device_operation"; items: DeviceOperationItem[] }
  | { kind: "device_version"; items: VersionItem[] }
  | { kind: "device_config"; items: ConfigItem[] }
  | { kind: "device_time"; items: TimeItem[] }
  /** a read, a command or a reserved type the device sent: kept as history */
  | { kind: "other"; code: number; name: string; count: number };

export type PanelUploadKind = PanelUpload["kind"];

/** One stored frame from a transmission device. */
export interface PanelFrame {
  /** the transmission device's Device id (kind UITD) */
  deviceId: string;
  /** its address as text (hex digits) */
  address: string;
  /** the frame's dedupe id: the same frame delivered again gives the same id (built by the transport) */
  frameId: string;
  receivedAt: Date;
  /** the frame's own time label, or null when not a real moment */
  sentAt: LabelTime;
  /** the frame's bytes, hex: kept with every event */
  raw: string;
  /** null: a heartbeat (send data without data) */
  upload: PanelUpload | null;
}
