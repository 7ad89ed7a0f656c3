// What the centre sends: reads 61-68 and 81-88, initialise (89), clock sync (90) and duty check (91)
// (GB/T 26875.3-2011 clause 8.3.2). 82, 83 and 87 are reserved (clause 8.2.1) and decode as unknown types.
// 90 carries the centre's time (6 bytes) and 91 the operator's answer time in minutes (1 byte): the
// layouts every public implementation we read agrees on (docs/gb26875.md, "cross-checks").
import { readComponentAddress, readSystem, writeComponentAddress, writeSystem } from "./facility.ts";
import type {
  ComponentAddressRef,
  DutyCheckObject,
  ObjectCodec,
  OperationQuery,
  ReservedObject,
  SystemOperationQuery,
  SystemRef,
} from "./types.ts";

export const systemRef: ObjectCodec<SystemRef> = {
  size: 2,
  read: readSystem,
  write: writeSystem,
};

export const componentAddressRef: ObjectCodec<ComponentAddressRef> = {
  size: 6,
  read: readComponentAddress,
  write: writeComponentAddress,
};

export const systemOperationQuery: ObjectCodec<SystemOperationQuery> = {
  size: 9,
  read: (r) => ({ ...readSystem(r), records: r.u8(), from: r.time() }),
  write: (w, o) => {
    writeSystem(w, o);
    w.u8(o.records).time(o.from);
  },
};

export const operationQuery: ObjectCodec<OperationQuery> = {
  size: 7,
  read: (r) => ({ records: r.u8(), from: r.time() }),
  write: (w, o) => void w.u8(o.records).time(o.from),
};

export const reserved: ObjectCodec<ReservedObject> = {
  size: 1,
  read: (r) => ({ reserved: r.u8() }),
  write: (w, o) => void w.u8(o.reserved),
};

export const dutyCheck: ObjectCodec<DutyCheckObject> = {
  size: 1,
  read: (r) => ({ timeoutMinutes: r.u8() }),
  write: (w, o) => void w.u8(o.timeoutMinutes),
};
