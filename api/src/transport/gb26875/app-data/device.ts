// Uploads about the user information transmission device itself: data types 21, 24, 25, 26 and 28
// (GB/T 26875.3-2011 clauses 8.2.1.8-8.2.1.11 for the objects, 8.3.1.9-8.3.1.13 for the units).
import { deviceOperation, deviceStatus } from "../flags.ts";
import type {
  ConfigText,
  DeviceOperationObject,
  DeviceStateObject,
  ObjectCodec,
  TimeObject,
  VersionObject,
} from "./types.ts";

export const deviceState: ObjectCodec<DeviceStateObject> = {
  size: 7,
  read: (r) => ({ status: deviceStatus.decode(r.u8()), time: r.time() }),
  write: (w, o) => void w.u8(deviceStatus.encode(o.status)).time(o.time),
};

export const deviceOperationRecord: ObjectCodec<DeviceOperationObject> = {
  size: 8,
  read: (r) => ({ operation: deviceOperation.decode(r.u8()), operator: r.u8(), time: r.time() }),
  write: (w, o) => void w.u8(deviceOperation.encode(o.operation)).u8(o.operator).time(o.time),
};

export const version: ObjectCodec<VersionObject> = {
  size: 2,
  read: (r) => ({ major: r.u8(), minor: r.u8() }),
  write: (w, o) => void w.u8(o.major).u8(o.minor),
};

export const configText: ObjectCodec<ConfigText> = {
  size: null,
  read: (r) => {
    const { text, padding } = r.prefixedText();
    return padding > 0 ? { text, padding } : { text };
  },
  write: (w, o) => void w.prefixedText(o.text, o.padding ?? 0),
};

/** types 28 and 90: a bare time label */
export const timeOnly: ObjectCodec<TimeObject> = {
  size: 6,
  read: (r) => ({ time: r.time() }),
  write: (w, o) => void w.time(o.time),
};
