// Vendor profiles. GB/T 26875.3-2011 as written is the default; each option tolerates one deviation that
// real transmission devices are known to make (issue 16, item 4; docs/gb26875.md lists them). A profile is
// plain data so it can be stored per device and read back with parseProfile().

/** How the checksum byte is formed over serial number .. end of application data. */
export type ChecksumKind =
  /** clause 8.1 of the standard: the arithmetic sum, carries above 8 bits dropped */
  | "sum"
  /** some vendors: exclusive-or of the same bytes */
  | "xor";

/** How each of the six time-label bytes (s, min, h, d, mon, yy) is written. */
export type TimeLabelEncoding =
  /** the standard (8.2.2): plain binary, e.g. 59 s = 0x3B */
  | "binary"
  /** some vendors: packed BCD, e.g. 59 s = 0x59 */
  | "bcd";

/** How a reply's command byte is formed. */
export type ReplyCommandStyle =
  /** the standard: confirm 3, response 5, deny 6 */
  | "standard"
  /** some vendors: the command being answered plus 0x80 (0x82 confirms a 2, 0x84 answers a 4); deny stays 6 */
  | "plus-0x80";

/** How the bytes of a source or destination address map to the address text. */
export type AddressOrder =
  /** the standard: low byte first on the wire; the text shows the most significant byte first */
  | "little-endian"
  /** the text shows the bytes in the order they are sent (vendors whose 12-byte ids are serial numbers) */
  | "as-sent";

/** A system type code outside the standard's table that a vendor uses, and which standard type it acts as. */
export interface PrivateSystemType {
  code: number;
  name: string;
  /** the standard system type it behaves like (1 = 火灾报警系统 for standalone smoke alarms) */
  actsAs: number;
}

export interface Profile {
  readonly name: string;
  /** 6 in the standard; 12 for vendors with long device ids */
  readonly addressBytes: 6 | 12;
  readonly addressOrder: AddressOrder;
  readonly timeLabel: TimeLabelEncoding;
  readonly checksum: ChecksumKind;
  readonly replyCommand: ReplyCommandStyle;
  readonly privateSystemTypes: readonly PrivateSystemType[];
  /** offset of the device's clock from UTC; Beijing time (+8 h) unless a vendor sends UTC */
  readonly utcOffsetMinutes: number;
}

/** Clause 8.1: the application data unit is at most 1024 bytes. */
export const MAX_DATA_LENGTH = 1024;

export const STANDARD_PROFILE: Profile = Object.freeze({
  name: "standard",
  addressBytes: 6,
  addressOrder: "little-endian",
  timeLabel: "binary",
  checksum: "sum",
  replyCommand: "standard",
  privateSystemTypes: Object.freeze([]) as readonly PrivateSystemType[],
  utcOffsetMinutes: 480,
});

/** Standalone smoke alarms reported under a private system type (0x81) by some vendors' devices. */
export const STANDALONE_SMOKE_SYSTEM: PrivateSystemType = Object.freeze({
  code: 0x81,
  name: "独立式感烟火灾探测报警器",
  actsAs: 1,
});

export function makeProfile(overrides: Partial<Profile> & { name: string }): Profile {
  return Object.freeze({ ...STANDARD_PROFILE, ...overrides });
}

/** One preset per known deviation; a device's stored profile may combine several (see parseProfile). */
export const PROFILE_PRESETS: Readonly<Record<string, Profile>> = Object.freeze({
  standard: STANDARD_PROFILE,
  "wide-address": makeProfile({ name: "wide-address", addressBytes: 12, addressOrder: "as-sent" }),
  "bcd-time": makeProfile({ name: "bcd-time", timeLabel: "bcd" }),
  "xor-checksum": makeProfile({ name: "xor-checksum", checksum: "xor" }),
  "reply-plus-0x80": makeProfile({ name: "reply-plus-0x80", replyCommand: "plus-0x80" }),
  "standalone-smoke": makeProfile({ name: "standalone-smoke", privateSystemTypes: [STANDALONE_SMOKE_SYSTEM] }),
});

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; reason: string };

const OPTION_VALUES: Record<string, readonly unknown[]> = {
  addressBytes: [6, 12],
  addressOrder: ["little-endian", "as-sent"],
  timeLabel: ["binary", "bcd"],
  checksum: ["sum", "xor"],
  replyCommand: ["standard", "plus-0x80"],
};

/**
 * Reads a stored profile: a preset name, or `{ base?: preset, name?, ...options }`. Bounded: at most 16
 * private system types; every value checked. Never throws.
 */
export function parseProfile(value: unknown): ProfileResult {
  if (value === undefined || value === null) return { ok: true, profile: STANDARD_PROFILE };
  if (typeof value === "string") {
    const preset = PROFILE_PRESETS[value];
    return preset ? { ok: true, profile: preset } : { ok: false, reason: `unknown profile ${value.slice(0, 40)}` };
  }
  if (typeof value !== "object" || Array.isArray(value)) return { ok: false, reason: "profile must be an object" };
  const v = value as Record<string, unknown>;
  const base = v.base === undefined ? STANDARD_PROFILE : PROFILE_PRESETS[String(v.base)];
  if (!base) return { ok: false, reason: "unknown base profile" };
  const out: Record<string, unknown> = { ...base };
  for (const [key, allowed] of Object.entries(OPTION_VALUES)) {
    if (v[key] === undefined) continue;
    if (!allowed.includes(v[key])) return { ok: false, reason: `bad ${key}` };
    out[key] = v[key];
  }
  if (v.name !== undefined) {
    if (typeof v.name !== "string" || v.name.length < 1 || v.name.length > 40) return { ok: false, reason: "bad name" };
    out.name = v.name;
  }
  if (v.utcOffsetMinutes !== undefined) {
    const m = v.utcOffsetMinutes;
    if (typeof m !== "number" || !Number.isInteger(m) || m < -720 || m > 840) {
      return { ok: false, reason: "bad utcOffsetMinutes" };
    }
    out.utcOffsetMinutes = m;
  }
  if (v.privateSystemTypes !== undefined) {
    const types = parsePrivateTypes(v.privateSystemTypes);
    if (!types) return { ok: false, reason: "bad privateSystemTypes" };
    out.privateSystemTypes = types;
  }
  return { ok: true, profile: Object.freeze(out) as unknown as Profile };
}

function parsePrivateTypes(value: unknown): PrivateSystemType[] | null {
  if (!Array.isArray(value) || value.length > 16) return null;
  const out: PrivateSystemType[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null) return null;
    const { code, name, actsAs } = item as Record<string, unknown>;
    if (!isByte(code) || !isByte(actsAs) || typeof name !== "string" || name.length < 1 || name.length > 40) {
      return null;
    }
    out.push(Object.freeze({ code, name, actsAs }));
  }
  return out;
}

function isByte(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 255;
}

/** Byte offsets of the frame's fields under a profile (clause 8.1: 25-byte control unit with 6-byte addresses). */
export interface Layout {
  serial: number;
  version: number;
  time: number;
  source: number;
  destination: number;
  length: number;
  command: number;
  data: number;
  /** start + control unit: where the application data begins */
  header: number;
  /** smallest frame: header + checksum + `##` */
  minFrame: number;
  /** largest frame: minFrame + 1024 */
  maxFrame: number;
}

const layouts = new WeakMap<Profile, Layout>();

export function layoutOf(profile: Profile): Layout {
  let l = layouts.get(profile);
  if (!l) layouts.set(profile, (l = computeLayout(profile.addressBytes)));
  return l;
}

function computeLayout(a: number): Layout {
  const source = 12;
  const destination = source + a;
  const length = destination + a;
  const command = length + 2;
  const data = command + 1;
  return {
    serial: 2,
    version: 4,
    time: 6,
    source,
    destination,
    length,
    command,
    data,
    header: data,
    minFrame: data + 3,
    maxFrame: data + 3 + MAX_DATA_LENGTH,
  };
}
