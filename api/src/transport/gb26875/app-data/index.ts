// The application data unit (GB/T 26875.3-2011 clauses 8.1 and 8.2): type byte, object count, objects.
// Decoding is bounded by the bytes present, never by the count byte: a fixed-size type must fill its
// data exactly (count x size), a variable one is read object by object inside the data and may not run
// past it. Encoding is the exact inverse.
import { ByteReader, ByteWriter, ShortData } from "../bytes.ts";
import { MAX_DATA_LENGTH, STANDARD_PROFILE, type Profile } from "../profile.ts";
import { configText, deviceOperationRecord, deviceState, timeOnly, version } from "./device.ts";
import {
  componentAddressRef,
  dutyCheck,
  operationQuery,
  reserved,
  systemOperationQuery,
  systemRef,
} from "./downlink.ts";
import {
  componentAnalogue,
  componentConfig,
  componentState,
  systemConfig,
  systemOperationRecord,
  systemState,
  systemTime,
  systemVersion,
} from "./facility.ts";
import type { AppData, KnownAppData, KnownDataType, ObjectCodec, ObjectsByType } from "./types.ts";

export type * from "./types.ts";
export { DESCRIPTION_BYTES } from "./facility.ts";

const CODECS: { [T in KnownDataType]: ObjectCodec<ObjectsByType[T]> } = {
  1: systemState,
  2: componentState,
  3: componentAnalogue,
  4: systemOperationRecord,
  5: systemVersion,
  6: systemConfig,
  7: componentConfig,
  8: systemTime,
  21: deviceState,
  24: deviceOperationRecord,
  25: version,
  26: configText,
  28: timeOnly,
  61: systemRef,
  62: componentAddressRef,
  63: componentAddressRef,
  64: systemOperationQuery,
  65: systemRef,
  66: systemRef,
  67: componentAddressRef,
  68: systemRef,
  81: reserved,
  84: operationQuery,
  85: reserved,
  86: reserved,
  88: reserved,
  89: reserved,
  90: timeOnly,
  91: dutyCheck,
};

export function isKnownDataType(code: number): code is KnownDataType {
  return Object.hasOwn(CODECS, code);
}

export type AppDataResult =
  | { ok: true; data: AppData | null }
  | {
      ok: false;
      /** metrics label: the data does not match its type's layout */
      reason: "bad_app_data";
      type: number;
      detail: string;
    };

/** Decodes a frame's application data; empty data (a heartbeat, a confirm) is `null`. Never throws. */
export function decodeAppData(bytes: Uint8Array, profile: Profile = STANDARD_PROFILE): AppDataResult {
  if (bytes.length === 0) return { ok: true, data: null };
  const type = bytes[0] ?? 0;
  const fail = (detail: string): AppDataResult => ({ ok: false, reason: "bad_app_data", type, detail });
  if (bytes.length < 2) return fail("no object count");
  const count = bytes[1] ?? 0;
  if (!isKnownDataType(type)) return { ok: true, data: { type: "unknown", code: type, count, body: bytes.slice(2) } };
  const codec = CODECS[type] as ObjectCodec<unknown>;
  const body = bytes.length - 2;
  if (codec.size !== null && count * codec.size !== body) {
    return fail(`${count} objects of ${codec.size} bytes need ${count * codec.size}, got ${body}`);
  }
  const r = new ByteReader(bytes.subarray(2), profile);
  const objects: unknown[] = [];
  try {
    for (let i = 0; i < count; i++) objects.push(codec.read(r));
  } catch (e) {
    if (e instanceof ShortData) return fail(`object ${objects.length + 1} of ${count} ${e.message}`);
    throw e;
  }
  if (r.remaining !== 0) return fail(`${r.remaining} bytes after ${count} objects`);
  return { ok: true, data: { type, objects } as KnownAppData };
}

/** The bytes of a data unit. Throws RangeError for a value its field cannot hold or data over 1024 bytes. */
export function encodeAppData(data: AppData, profile: Profile = STANDARD_PROFILE): Uint8Array {
  const w = new ByteWriter(profile);
  if (data.type === "unknown") {
    w.u8(data.code).u8(data.count).bytes(data.body);
  } else {
    const codec = CODECS[data.type] as ObjectCodec<unknown>;
    if (data.objects.length > 255) throw new RangeError(`${data.objects.length} objects: the count is one byte`);
    w.u8(data.type).u8(data.objects.length);
    for (const o of data.objects) codec.write(w, o);
  }
  if (w.length > MAX_DATA_LENGTH) throw new RangeError(`application data of ${w.length} bytes exceeds 1024`);
  return w.finish();
}
