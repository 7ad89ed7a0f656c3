// Bounds on everything a platform sends, checked before any loop sees it (brief: every value from outside
// is bounded). Real pushes are a few hundred bytes; OneNET batches a few dozen data points.
import type { Refusal } from "./refusal.ts";

export const LIMITS = {
  /** a whole push body */
  bodyBytes: 64 * 1024,
  /** data points in one OneNET push */
  items: 100,
  /** nesting of the JSON we accept */
  depth: 8,
  /** JSON nodes in one body (objects, arrays and values together) */
  nodes: 5000,
  /** ids: device, product, message, command */
  idChars: 64,
  /** any other string we keep */
  textChars: 256,
  /** a decoded transparent payload */
  payloadBytes: 512,
} as const;

// Timestamps: platform clocks are good, device clocks are not; outside 2020..now+1 day the receipt time is
// used instead (never a reason to drop a fire alarm).
const MIN_TS = Date.UTC(2020, 0, 1);
const MAX_FUTURE_MS = 24 * 3600_000;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function byteLength(raw: string | Buffer): number {
  return typeof raw === "string" ? Buffer.byteLength(raw, "utf8") : raw.length;
}

/** JSON.parse behind a size check, then a depth and node-count check; never throws. */
export function parseBoundedJson(
  raw: string | Buffer,
  maxBytes: number = LIMITS.bodyBytes,
): { ok: true; value: Json; text: string } | { ok: false; refusal: Refusal } {
  const size = byteLength(raw);
  if (size > maxBytes) return { ok: false, refusal: { reason: "oversized", detail: `${size} bytes > ${maxBytes}` } };
  const text = typeof raw === "string" ? raw : raw.toString("utf8");
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (e) {
    return { ok: false, refusal: { reason: "malformed_json", detail: String((e as Error).message).slice(0, 120) } };
  }
  if (!withinShape(value)) {
    return {
      ok: false,
      refusal: { reason: "oversized", detail: `deeper than ${LIMITS.depth} or over ${LIMITS.nodes} nodes` },
    };
  }
  return { ok: true, value, text };
}

/** Depth and node count, walked with an explicit stack so a hostile body cannot exhaust ours. */
function withinShape(root: Json): boolean {
  const stack: [Json, number][] = [[root, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++nodes > LIMITS.nodes || depth > LIMITS.depth) return false;
    if (v === null || typeof v !== "object") continue;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (children.length > LIMITS.nodes) return false;
    for (const c of children) stack.push([c, depth + 1]);
  }
  return true;
}

export function asObject(v: unknown): JsonObject | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonObject) : null;
}

/** An id as platforms write them: a string or an integer; trimmed, 1..64 characters, no control characters. */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export function idOf(v: unknown): string | undefined {
  const s = typeof v === "number" && Number.isSafeInteger(v) ? String(v) : typeof v === "string" ? v.trim() : null;
  if (!s || s.length > LIMITS.idChars || hasControl(s)) return undefined;
  return s;
}

/** Short free text (a result detail): cut to the limit, control characters dropped. */
export function textOf(v: unknown, max: number = LIMITS.textChars): string | undefined {
  if (typeof v !== "string") return undefined;
  const s = [...v.slice(0, max)].filter((c) => !hasControl(c)).join("");
  return s.length > 0 ? s : undefined;
}

/** A finite number, or a numeric string (OneNET writes `at` both ways). */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.length > 0 && v.length <= 24 && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** IMEI: 14-17 digits (CTWing writes "undefined" or "" when it has none). */
export function imeiOf(v: unknown): string | undefined {
  return typeof v === "string" && /^\d{14,17}$/.test(v) ? v : undefined;
}

/** The platform's time when it is sane, else the receipt time. */
export function saneTs(v: unknown, now: number): number {
  const n = numberOf(v);
  if (n === undefined || n < MIN_TS || n > now + MAX_FUTURE_MS) return now;
  return Math.trunc(n);
}

/** A value at a dotted path ("payload.serviceData"), at most 4 steps. */
export function atPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const step of path.split(".").slice(0, 4)) {
    const o = asObject(cur);
    if (!o || !Object.hasOwn(o, step)) return undefined;
    cur = o[step];
  }
  return cur;
}
