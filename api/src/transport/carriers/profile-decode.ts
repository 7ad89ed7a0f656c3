// Turns one message's properties into event types and neutral fields, as the product profile says.
// Pure: the caller supplies how to read a property (a thing-model object, a data point, bytes).
import type { CarrierEventFields, CarrierUplinkType } from "./event.ts";
import { numberOf } from "./limits.ts";
import type { FieldSpec, ProductProfile } from "./profile-schema.ts";
import type { Refusal } from "./refusal.ts";

export interface Decoded {
  /** distinct types from status codes and thresholds, in field order */
  types: CarrierUplinkType[];
  fields: CarrierEventFields;
  skipped: Refusal[];
}

// Ranges of the native protocol (docs/device-protocol.md section 2), and of 3GPP for RSRP and CSQ.
const RANGES: Record<"battery" | "smoke" | "rssi" | "snr" | "rsrp", [number, number, boolean]> = {
  battery: [0, 100, true],
  smoke: [0, 1000, true],
  rssi: [-150, 0, true],
  snr: [-50, 50, false],
  rsrp: [-200, 0, false],
};
const MAX_READING = 1e9;

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function decodeProperties(profile: ProductProfile, read: (name: string) => unknown): Decoded {
  const out: Decoded = { types: [], fields: {}, skipped: [] };
  const bad = (name: string, why: string) => out.skipped.push({ reason: "bad_field", detail: `${name}: ${why}` });
  for (const [name, spec] of Object.entries(profile.fields)) {
    const raw = read(name);
    if (raw === undefined || raw === null || spec.role === "ignore") continue;
    if (spec.role === "cellId") {
      const id = cellIdOf(raw);
      if (id) out.fields.signal = { ...out.fields.signal, cellId: id };
      else bad(name, "not a cell id");
      continue;
    }
    const n = numberOf(raw);
    if (n === undefined) {
      bad(name, "not a number");
      continue;
    }
    if (spec.role === "status") statusOf(profile, name, spec, n, out);
    else if (!setNumber(spec, n, out)) bad(name, `${n} out of range for ${spec.role}`);
  }
  for (const t of profile.thresholds) {
    const v = out.fields.values?.[t.value];
    if (v !== undefined && v >= t.atOrAbove && !out.types.includes(t.type)) out.types.push(t.type);
  }
  // 3GPP TS 27.007 clause 8.5 (+CSQ): rssi = -113 dBm + 2 x CSQ for CSQ 0..31, so devices that report only
  // CSQ still show a signal strength.
  const csq = out.fields.signal?.csq;
  if (out.fields.rssi === undefined && csq !== undefined && csq <= 31) out.fields.rssi = -113 + 2 * csq;
  return out;
}

function statusOf(profile: ProductProfile, name: string, spec: FieldSpec, n: number, out: Decoded): void {
  const table = profile.codeTables[spec.codes!]!;
  const type = Number.isInteger(n) ? table[String(n)] : undefined;
  if (!type) out.skipped.push({ reason: "unknown_code", detail: `${name}=${n} is not in code table ${spec.codes}` });
  else if (!out.types.includes(type)) out.types.push(type);
}

function setNumber(spec: FieldSpec, sent: number, out: Decoded): boolean {
  const v = round6(sent * spec.scale);
  const f = out.fields;
  switch (spec.role) {
    case "csq":
      if (!Number.isInteger(v) || !((v >= 0 && v <= 31) || v === 99)) return false;
      f.signal = { ...f.signal, csq: v };
      return true;
    case "reading":
      if (Math.abs(v) > MAX_READING) return false;
      f.values = { ...f.values, [spec.name!]: v };
      return true;
    case "battery":
    case "smoke":
    case "rssi":
    case "snr":
    case "rsrp": {
      const [min, max, integer] = RANGES[spec.role];
      const val = integer ? Math.round(v) : v;
      if (val < min || val > max) return false;
      if (spec.role === "rsrp") f.signal = { ...f.signal, rsrp: val };
      else f[spec.role] = val;
      return true;
    }
    default:
      return false;
  }
}

function cellIdOf(v: unknown): string | undefined {
  const s =
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : typeof v === "string" ? v.trim() : "";
  return /^[0-9A-Za-z]{1,32}$/.test(s) ? s : undefined;
}

/** The event types a decoded message stands for: its codes, else "reading" if it measured, else the default. */
export function typesOf(profile: ProductProfile, d: Decoded): CarrierUplinkType[] {
  if (d.types.length > 0) return d.types;
  return [d.fields.values ? "reading" : profile.defaultType];
}
