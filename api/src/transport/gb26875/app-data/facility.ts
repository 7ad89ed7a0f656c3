// Uploads about the building fire facilities: data types 1-8 (GB/T 26875.3-2011 clauses 8.2.1.1-8.2.1.7
// for the objects, 8.3.1.1-8.3.1.8 for the units).
import type { ByteReader, ByteWriter } from "../bytes.ts";
import { componentStatus, systemOperation, systemStatus } from "../flags.ts";
import type {
  AnalogueObject,
  ComponentAddressRef,
  ComponentConfigObject,
  ComponentRef,
  ComponentStateObject,
  ObjectCodec,
  SystemConfigObject,
  SystemOperationObject,
  SystemRef,
  SystemStateObject,
  SystemTimeObject,
  SystemVersionObject,
} from "./types.ts";

/** Component descriptions are 31 bytes (clause 8.2.1.2). */
export const DESCRIPTION_BYTES = 31;

export function readSystem(r: ByteReader): SystemRef {
  return { systemType: r.u8(), systemAddress: r.u8() };
}

export function writeSystem(w: ByteWriter, o: SystemRef): void {
  w.u8(o.systemType).u8(o.systemAddress);
}

function readComponent(r: ByteReader): ComponentRef {
  const { systemType, systemAddress } = readSystem(r);
  const componentType = r.u8();
  return { systemType, systemAddress, componentType, componentAddress: r.u32() };
}

function writeComponent(w: ByteWriter, o: ComponentRef): void {
  writeSystem(w, o);
  w.u8(o.componentType).u32(o.componentAddress);
}

export function readComponentAddress(r: ByteReader): ComponentAddressRef {
  const { systemType, systemAddress } = readSystem(r);
  return { systemType, systemAddress, componentAddress: r.u32() };
}

export function writeComponentAddress(w: ByteWriter, o: ComponentAddressRef): void {
  writeSystem(w, o);
  w.u32(o.componentAddress);
}

export const systemState: ObjectCodec<SystemStateObject> = {
  size: 10,
  read: (r) => ({ ...readSystem(r), status: systemStatus.decode(r.u16()), time: r.time() }),
  write: (w, o) => {
    writeSystem(w, o);
    w.u16(systemStatus.encode(o.status)).time(o.time);
  },
};

export const componentState: ObjectCodec<ComponentStateObject> = {
  size: 46,
  read: (r) => ({
    ...readComponent(r),
    status: componentStatus.decode(r.u16()),
    description: r.fixedText(DESCRIPTION_BYTES),
    time: r.time(),
  }),
  write: (w, o) => {
    writeComponent(w, o);
    w.u16(componentStatus.encode(o.status)).fixedText(o.description, DESCRIPTION_BYTES).time(o.time);
  },
};

export const componentAnalogue: ObjectCodec<AnalogueObject> = {
  size: 16,
  read: (r) => ({ ...readComponent(r), analogueType: r.u8(), value: r.i16(), time: r.time() }),
  write: (w, o) => {
    writeComponent(w, o);
    w.u8(o.analogueType).i16(o.value).time(o.time);
  },
};

export const systemOperationRecord: ObjectCodec<SystemOperationObject> = {
  size: 10,
  read: (r) => ({ ...readSystem(r), operation: systemOperation.decode(r.u8()), operator: r.u8(), time: r.time() }),
  write: (w, o) => {
    writeSystem(w, o);
    w.u8(systemOperation.encode(o.operation)).u8(o.operator).time(o.time);
  },
};

export const systemVersion: ObjectCodec<SystemVersionObject> = {
  size: 4,
  read: (r) => ({ ...readSystem(r), major: r.u8(), minor: r.u8() }),
  write: (w, o) => {
    writeSystem(w, o);
    w.u8(o.major).u8(o.minor);
  },
};

export const systemConfig: ObjectCodec<SystemConfigObject> = {
  size: null,
  read: (r) => {
    const system = readSystem(r);
    const { text, padding } = r.prefixedText();
    return padding > 0 ? { ...system, text, padding } : { ...system, text };
  },
  write: (w, o) => {
    writeSystem(w, o);
    w.prefixedText(o.text, o.padding ?? 0);
  },
};

export const componentConfig: ObjectCodec<ComponentConfigObject> = {
  size: 38,
  read: (r) => ({ ...readComponent(r), description: r.fixedText(DESCRIPTION_BYTES) }),
  write: (w, o) => {
    writeComponent(w, o);
    w.fixedText(o.description, DESCRIPTION_BYTES);
  },
};

export const systemTime: ObjectCodec<SystemTimeObject> = {
  size: 8,
  read: (r) => ({ ...readSystem(r), time: r.time() }),
  write: (w, o) => {
    writeSystem(w, o);
    w.time(o.time);
  },
};
