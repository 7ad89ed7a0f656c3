// The information objects of every data type (GB/T 26875.3-2011 clauses 8.2.1 and 8.3). A data unit is
// its type, and the objects its count byte announces; the count is never stored apart from the list.
import type { ByteReader, ByteWriter } from "../bytes.ts";
import type { ComponentStatus, DeviceOperation, DeviceStatus, SystemOperation, SystemStatus } from "../flags.ts";
import type { TimeLabel } from "../time-label.ts";

/** A building fire facility system: type code (clause 8.2.1.1) and the address the panel gives it. */
export interface SystemRef {
  systemType: number;
  systemAddress: number;
}

/** A component as a read request names it (clause 8.3.2.2): no component type. */
export interface ComponentAddressRef extends SystemRef {
  /** 4 bytes, low byte first; many panels put loop/zone in the low 16 bits and the point above */
  componentAddress: number;
}

export interface ComponentRef extends ComponentAddressRef {
  /** clause 8.2.1.2 */
  componentType: number;
}

/** type 1, 10 bytes */
export interface SystemStateObject extends SystemRef {
  status: SystemStatus;
  time: TimeLabel;
}

/** type 2, 46 bytes */
export interface ComponentStateObject extends ComponentRef {
  status: ComponentStatus;
  /** 31 bytes of GB 18030, trailing NULs dropped */
  description: string;
  time: TimeLabel;
}

/** type 3, 16 bytes */
export interface AnalogueObject extends ComponentRef {
  /** clause 8.2.1.3 */
  analogueType: number;
  /** signed count of the type's unit (analogueReading() gives the physical value) */
  value: number;
  time: TimeLabel;
}

/** type 4, 10 bytes */
export interface SystemOperationObject extends SystemRef {
  operation: SystemOperation;
  operator: number;
  time: TimeLabel;
}

/** type 5, 4 bytes; type 25, 2 bytes (without the system) */
export interface VersionObject {
  major: number;
  minor: number;
}
export type SystemVersionObject = SystemRef & VersionObject;

/** type 6, 3 + L bytes; type 26, 1 + L bytes (without the system) */
export interface ConfigText {
  text: string;
  /** NUL bytes after the text inside the announced length (kept so encoding is exact) */
  padding?: number;
}
export type SystemConfigObject = SystemRef & ConfigText;

/** type 7, 38 bytes */
export interface ComponentConfigObject extends ComponentRef {
  description: string;
}

/** types 8, 28 and 90 (with or without the system) */
export interface TimeObject {
  time: TimeLabel;
}
export type SystemTimeObject = SystemRef & TimeObject;

/** type 21, 7 bytes */
export interface DeviceStateObject {
  status: DeviceStatus;
  time: TimeLabel;
}

/** type 24, 8 bytes */
export interface DeviceOperationObject {
  operation: DeviceOperation;
  operator: number;
  time: TimeLabel;
}

/** types 64 (with the system) and 84: how many records from when (clause 8.3.2.4) */
export interface OperationQuery {
  /** at most 102 records are asked for at once */
  records: number;
  from: TimeLabel;
}
export type SystemOperationQuery = SystemRef & OperationQuery;

/** types 81, 85, 86, 88 and 89: one byte the standard reserves (0) */
export interface ReservedObject {
  reserved: number;
}

/** type 91 (查岗): how long the duty operator has to answer */
export interface DutyCheckObject {
  timeoutMinutes: number;
}

export interface ObjectsByType {
  1: SystemStateObject;
  2: ComponentStateObject;
  3: AnalogueObject;
  4: SystemOperationObject;
  5: SystemVersionObject;
  6: SystemConfigObject;
  7: ComponentConfigObject;
  8: SystemTimeObject;
  21: DeviceStateObject;
  24: DeviceOperationObject;
  25: VersionObject;
  26: ConfigText;
  28: TimeObject;
  61: SystemRef;
  62: ComponentAddressRef;
  63: ComponentAddressRef;
  64: SystemOperationQuery;
  65: SystemRef;
  66: SystemRef;
  67: ComponentAddressRef;
  68: SystemRef;
  81: ReservedObject;
  84: OperationQuery;
  85: ReservedObject;
  86: ReservedObject;
  88: ReservedObject;
  89: ReservedObject;
  90: TimeObject;
  91: DutyCheckObject;
}

export type KnownDataType = keyof ObjectsByType;

export type KnownAppData = { [T in KnownDataType]: { type: T; objects: ObjectsByType[T][] } }[KnownDataType];

/** A reserved or user-defined type (128-254): kept as received. */
export interface UnknownAppData {
  type: "unknown";
  code: number;
  count: number;
  body: Uint8Array;
}

export type AppData = KnownAppData | UnknownAppData;

/** Reads and writes one information object; `size` is fixed bytes, or null when a length byte decides. */
export interface ObjectCodec<T> {
  size: number | null;
  read(r: ByteReader): T;
  write(w: ByteWriter, o: T): void;
}
