// The limit engine (issue 15): a reading of one point and the point's remembered state in, the new state and
// what it means for alarms out. Pure: the service keeps the state in SensorPoint and hands the decisions to
// the alarm service.
//
// The rules, for each side (low, high) that has both a limit and an alarm kind:
// - crossing: a value strictly past the limit starts a wait;
// - minimum duration: the alarm is raised once the value has stayed past the limit for minDurationSec (at
//   once when 0); a value back within the limit before then ends the wait;
// - hysteresis: a raised side clears only when the value is back inside the limit by the hysteresis band
//   (value >= low + hysteresis, or <= high - hysteresis), so a value hovering at the limit does not flap;
// - clearing: a facility alarm is cleared by the device; a fire-class alarm (gas) is not closed by a value
//   falling back, only noted on it: a person must say what it was, as with a smoke alarm;
// - a reading older than the last one evaluated (a late or redelivered message) changes nothing.
import type { AlarmKind } from "../../db/client.ts";
import { isFireClass } from "./alarm-classes.ts";
import type { Limit, Side } from "./limits.ts";
import { formatValue, pointLabel } from "./point-labels.ts";

export interface PointState {
  limitState: "NORMAL" | Side;
  /** ms: since when limitState holds */
  stateSince: number;
  pendingSide: Side | null;
  /** ms: since when the value has been past the pending side's limit */
  pendingSince: number | null;
  /** ms: the last reading evaluated */
  evaluatedAt: number | null;
}

export type SensorDecision =
  | {
      action: "raise";
      kind: AlarmKind;
      point: string;
      at: number;
      note: string;
      side?: Side;
      value?: number;
      limit?: number;
      /** ms: since when the value was past the limit */
      since?: number;
    }
  | { action: "clear"; kind: AlarmKind; point: string; at: number; note: string; side?: Side; value?: number }
  | { action: "note"; kind: AlarmKind; point: string; at: number; note: string };

export interface Reading {
  point: string;
  value: number;
  /** ms, device clock */
  at: number;
}

export interface Evaluation {
  state: PointState;
  decisions: SensorDecision[];
  /** false when the reading was older than the last one evaluated and changed nothing */
  evaluated: boolean;
}

export const initialState = (at: number): PointState => ({
  limitState: "NORMAL",
  stateSince: at,
  pendingSide: null,
  pendingSince: null,
  evaluatedAt: null,
});

// Limits and hysteresis are decimal settings (0.14 + 0.02 is 0.16000000000000003 in binary floating point):
// a value at the band's edge must count as back.
const tolerance = (x: number) => 1e-9 * Math.max(1, Math.abs(x));

function pastSide(value: number, l: Limit, kinds: Partial<Record<Side, AlarmKind>>): Side | null {
  if (kinds.LOW && l.low !== null && value < l.low) return "LOW";
  if (kinds.HIGH && l.high !== null && value > l.high) return "HIGH";
  return null;
}

function backInside(side: Side, value: number, l: Limit | null, kinds: Partial<Record<Side, AlarmKind>>): boolean {
  if (!l || !kinds[side]) return true; // the limit or its alarm was removed: nothing holds the state
  if (side === "LOW") {
    if (l.low === null) return true;
    const edge = l.low + l.hysteresis;
    return value >= edge - tolerance(edge);
  }
  if (l.high === null) return true;
  const edge = l.high - l.hysteresis;
  return value <= edge + tolerance(edge);
}

const minutes = (ms: number) => (ms >= 60_000 ? `，已持续 ${Math.round(ms / 60_000)} 分钟` : "");

function raise(r: Reading, side: Side, kind: AlarmKind, l: Limit, since: number): SensorDecision {
  const bound = side === "LOW" ? l.low! : l.high!;
  const where = side === "LOW" ? "低于下限" : "高于上限";
  const note = `${pointLabel(r.point)} ${formatValue(r.point, r.value)}，${where} ${formatValue(r.point, bound)}${minutes(r.at - since)}`;
  return { action: "raise", kind, point: r.point, at: r.at, side, value: r.value, limit: bound, since, note };
}

function clear(r: Reading, side: Side, kind: AlarmKind): SensorDecision {
  const note = `${pointLabel(r.point)}已恢复正常：${formatValue(r.point, r.value)}`;
  // a fire-class alarm stays open until a person resolves it
  if (isFireClass(kind)) return { action: "note", kind, point: r.point, at: r.at, note };
  return { action: "clear", kind, point: r.point, at: r.at, side, value: r.value, note };
}

export function evaluateReading(
  r: Reading,
  limit: Limit | null,
  kinds: Partial<Record<Side, AlarmKind>>,
  previous: PointState | null,
): Evaluation {
  const s = previous ?? initialState(r.at);
  if (s.evaluatedAt !== null && r.at <= s.evaluatedAt) return { state: s, decisions: [], evaluated: false };
  const next: PointState = { ...s, evaluatedAt: r.at };
  const decisions: SensorDecision[] = [];
  if (next.limitState !== "NORMAL") {
    const side = next.limitState;
    if (!backInside(side, r.value, limit, kinds)) return { state: next, decisions, evaluated: true };
    const kind = kinds[side];
    if (kind) decisions.push(clear(r, side, kind));
    next.limitState = "NORMAL";
    next.stateSince = r.at;
  }
  const past = limit ? pastSide(r.value, limit, kinds) : null;
  if (!past || !limit) {
    next.pendingSide = null;
    next.pendingSince = null;
    return { state: next, decisions, evaluated: true };
  }
  if (next.pendingSide !== past || next.pendingSince === null) {
    next.pendingSide = past;
    next.pendingSince = r.at;
  }
  if (r.at - next.pendingSince >= limit.minDurationSec * 1000) {
    decisions.push(raise(r, past, kinds[past]!, limit, next.pendingSince));
    next.limitState = past;
    next.stateSince = r.at;
    next.pendingSide = null;
    next.pendingSince = null;
  }
  return { state: next, decisions, evaluated: true };
}
