// The sensor domain's service: readings stored and evaluated against their limits, facility events mapped to
// alarm decisions, and the limits a manager sets per device and point (who changed what, when, before and
// after). It returns decisions; raising and clearing the alarms is the alarm service's (phase 2 wiring).
import type { StaffRole } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { MEASUREMENTS, measurementFamily } from "../devices/protocol-v11.ts";
import { eventDecisions, type FacilityEvent } from "./facility-events.ts";
import { evaluateReading, type PointState, type SensorDecision } from "./limit-engine.ts";
import {
  alarmKinds,
  limitProblem,
  parseModelLimits,
  readLimit,
  resolveLimit,
  type EffectiveLimit,
  type Limit,
} from "./limits.ts";
import type { NewReading, ReadingStore, WriteResult } from "./reading-store.ts";
import { toPointState, type PointRow, type SensorDevice, type SensorRepository } from "./sensor-repository.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

/** Scope checks the caller's role set already passed; each throws NOT_FOUND for what the caller may not see. */
export interface SensorAccess {
  device(p: Principal, deviceId: string): Promise<void>;
  unit(p: Principal, unitId: string): Promise<void>;
  community(p: Principal, communityId: string): Promise<void>;
}

/** Who may change a device's limits: the unit's or property company's fire-safety managers (issue 15). */
export const LIMIT_EDITOR_ROLES: readonly StaffRole[] = ROLE_SETS.limitEditors;

export interface DeviceDecisions {
  deviceId: string;
  decisions: SensorDecision[];
}

export interface LimitChange {
  outcome: "created" | "updated" | "reset" | "ignored";
  point: string;
  before: EffectiveLimit | null;
  after: EffectiveLimit | null;
}

export interface PointLimits {
  point: string;
  label: string;
  unit: string;
  limit: EffectiveLimit | null;
  /** the alarms the limit's sides raise */
  alarms: { low: string | null; high: string | null };
}

const MAX_STATE_RETRIES = 5;
const MAX_NOTE = 200;
const MAX_HISTORY = 100;

const sameLimit = (a: Limit | null, b: Limit | null) =>
  a === b ||
  (!!a &&
    !!b &&
    a.low === b.low &&
    a.high === b.high &&
    a.hysteresis === b.hysteresis &&
    a.minDurationSec === b.minDurationSec);

/**
 * The messages of one device, evaluated in their order against its points' rows as read: each message's
 * decisions, and the points whose state changed (to be written all or nothing, only if unchanged since read).
 * Pure: `SensorService.evaluateRun` and the SQLite readings applier (reading-apply.ts) share it.
 */
export function evaluateMessages(
  device: SensorDevice,
  overrides: Map<string, Limit> | undefined,
  messages: { point: string; value: number; at: Date }[][],
  rows: Map<string, PointRow>,
): { decisions: SensorDecision[][]; changed: { row: PointRow; state: PointState }[] } {
  const model = parseModelLimits(device.modelLimits).limits;
  const decisions: SensorDecision[][] = messages.map(() => []);
  const states = new Map<string, { row: PointRow; state: PointState; changed: boolean }>();
  messages.forEach((readings, i) => {
    for (const r of [...readings].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      const row = rows.get(r.point);
      if (!row || !measurementFamily(r.point)) continue; // not stored (older than the raw retention)
      const s = states.get(r.point) ?? { row, state: toPointState(row), changed: false };
      const limit = resolveLimit(r.point, device.kind, model, overrides?.get(r.point) ?? null);
      const e = evaluateReading(
        { point: r.point, value: r.value, at: r.at.getTime() },
        limit,
        alarmKinds(device.kind, r.point),
        s.state,
      );
      s.state = e.state;
      s.changed ||= e.evaluated;
      decisions[i]!.push(...e.decisions);
      states.set(r.point, s);
    }
  });
  return { decisions, changed: [...states.values()].filter((s) => s.changed) };
}

export class SensorService {
  constructor(
    private readonly repo: SensorRepository,
    private readonly store: ReadingStore,
    private readonly access: SensorAccess,
    private readonly clock: Clock,
  ) {}

  /** The hot path: current values, raw readings and hourly roll-ups (reading-store.ts). */
  storeReadings(readings: NewReading[]): Promise<WriteResult> {
    return this.store.write(readings, this.clock.now());
  }

  /**
   * Evaluates a device's stored readings against their limits and keeps each point's new state; returns the
   * alarm decisions. Readings older than a point's last evaluated one change nothing, so a redelivered or
   * replayed message decides nothing twice. Another instance evaluating the same point at the same moment
   * is detected (the state is written only if unchanged since it was read) and the point is evaluated again.
   */
  async evaluate(deviceId: string, readings: { point: string; value: number; at: Date }[]): Promise<DeviceDecisions> {
    const device = await this.repo.device(deviceId);
    if (!device || !readings.length) return { deviceId, decisions: [] };
    return this.evaluateDevice(device, (await this.repo.overrides([deviceId])).get(deviceId), readings);
  }

  /** `evaluate` for a device and its overrides already read (a run of messages reads them once). */
  async evaluateDevice(
    device: SensorDevice,
    overrides: Map<string, Limit> | undefined,
    readings: { point: string; value: number; at: Date }[],
  ): Promise<DeviceDecisions> {
    const deviceId = device.id;
    if (!readings.length) return { deviceId, decisions: [] };
    const model = parseModelLimits(device.modelLimits).limits;
    const byPoint = new Map<string, { value: number; at: number }[]>();
    for (const r of readings) {
      if (!measurementFamily(r.point)) continue;
      const list = byPoint.get(r.point) ?? [];
      list.push({ value: r.value, at: r.at.getTime() });
      byPoint.set(r.point, list);
    }
    const decisions: SensorDecision[] = [];
    for (const [point, list] of byPoint) {
      list.sort((a, b) => a.at - b.at);
      const limit = resolveLimit(point, device.kind, model, overrides?.get(point) ?? null);
      decisions.push(...(await this.evaluatePoint(device, point, list, limit)));
    }
    return { deviceId, decisions };
  }

  /**
   * The messages of one device in a run, evaluated in their order against one read of the device's points,
   * each point's new state written once at the end (all or nothing); the decisions of each message. Null when
   * another instance evaluated one of the points meanwhile: nothing was written, evaluate message by message.
   */
  async evaluateRun(
    device: SensorDevice,
    overrides: Map<string, Limit> | undefined,
    messages: { point: string; value: number; at: Date }[][],
  ): Promise<SensorDecision[][] | null> {
    const names = [...new Set(messages.flat().map((r) => r.point))].filter((p) => measurementFamily(p) !== null);
    if (!names.length) return messages.map(() => []);
    const rows = new Map((await this.repo.points([device.id], names)).map((r) => [r.point, r]));
    const { decisions, changed } = evaluateMessages(device, overrides, messages, rows);
    if (changed.length && !(await this.repo.saveStates(changed))) return null;
    return decisions;
  }

  private async evaluatePoint(
    device: SensorDevice,
    point: string,
    list: { value: number; at: number }[],
    limit: Limit | null,
  ): Promise<SensorDecision[]> {
    const kinds = alarmKinds(device.kind, point);
    for (let attempt = 0; attempt < MAX_STATE_RETRIES; attempt++) {
      const row = await this.repo.point(device.id, point);
      if (!row) return []; // not stored (older than the raw retention): nothing to evaluate
      let state = toPointState(row);
      const out: SensorDecision[] = [];
      let changed = false;
      for (const r of list) {
        const e = evaluateReading({ point, value: r.value, at: r.at }, limit, kinds, state);
        state = e.state;
        out.push(...e.decisions);
        changed ||= e.evaluated;
      }
      if (!changed || (await this.repo.saveState(row, state))) return out;
    }
    throw new Error(`point ${device.id}/${point} kept changing under evaluation`);
  }

  /**
   * The alarm decisions of a facility event; null when version 1's rules apply (alarm.ts). A pump that starts
   * while a fire-class alarm is open in its unit or building is doing its job.
   */
  async decideEvent(deviceId: string, e: FacilityEvent): Promise<DeviceDecisions | null> {
    const device = await this.repo.device(deviceId);
    if (!device) return null;
    const fireInPlace = e.type === "pump_start" ? await this.repo.fireOpenInPlace(device) : false;
    const decisions = eventDecisions(device.kind, e, { fireInPlace });
    return decisions ? { deviceId, decisions } : null;
  }

  /**
   * A person resolved a point's alarm while the value may still be past its limit: forget the raised state,
   * so a value still past the limit raises a new alarm after the minimum duration instead of never again.
   */
  async alarmResolved(a: { deviceId: string; point: string }): Promise<boolean> {
    if (!a.point || !measurementFamily(a.point)) return false;
    return this.repo.resetState(a.deviceId, a.point, this.clock.now());
  }

  // ---- limits ------------------------------------------------------------------------------------------

  private async visibleDevice(p: Principal, deviceId: string): Promise<SensorDevice> {
    await this.access.device(p, deviceId);
    const d = await this.repo.device(deviceId);
    if (!d) throw new AppError("NOT_FOUND", "找不到该设备");
    return d;
  }

  /** Each point the device reports or its kind has limits for, with the limit that applies and why. */
  async limits(p: Principal, deviceId: string): Promise<PointLimits[]> {
    const d = await this.visibleDevice(p, deviceId);
    const model = parseModelLimits(d.modelLimits).limits;
    const overrides = (await this.repo.overrides([deviceId])).get(deviceId);
    const reported = (await this.repo.points([deviceId])).map((r) => r.point);
    const names = new Set([...reported, ...Object.keys(model), ...(overrides?.keys() ?? [])]);
    for (const family of Object.keys(MEASUREMENTS)) if (resolveLimit(family, d.kind, {}, null)) names.add(family);
    return [...names]
      .filter((n) => measurementFamily(n))
      .sort()
      .map((point) => {
        const kinds = alarmKinds(d.kind, point);
        const family = MEASUREMENTS[measurementFamily(point)!];
        return {
          point,
          label: family.label,
          unit: family.unit,
          limit: resolveLimit(point, d.kind, model, overrides?.get(point) ?? null),
          alarms: { low: kinds.LOW ?? null, high: kinds.HIGH ?? null },
        };
      });
  }

  private assertEditor(p: Principal): asserts p is Extract<Principal, { kind: "staff" }> {
    if (p.kind !== "staff" || !LIMIT_EDITOR_ROLES.includes(p.role))
      throw new AppError("FORBIDDEN", "只有单位或物业的消防安全管理人可以修改报警阈值");
  }

  /** Sets a device's own limit for a point (bounded by what the standards allow); the change is recorded. */
  async setLimit(p: Principal, deviceId: string, point: string, raw: unknown, note?: string): Promise<LimitChange> {
    this.assertEditor(p);
    const d = await this.visibleDevice(p, deviceId);
    if (typeof point !== "string" || !measurementFamily(point))
      throw new AppError("VALIDATION_FAILED", `未知的测点“${String(point).slice(0, 32)}”`);
    const kinds = alarmKinds(d.kind, point);
    if (!kinds.LOW && !kinds.HIGH) throw new AppError("VALIDATION_FAILED", "该设备的这个测点不报警，无需设置阈值");
    const limit = readLimit(raw);
    if (!limit) throw new AppError("VALIDATION_FAILED", "阈值格式不正确：需要下限、上限、回差和持续时间");
    const problem = limitProblem(point, limit);
    if (problem) throw new AppError("VALIDATION_FAILED", problem);
    const model = parseModelLimits(d.modelLimits).limits;
    const current = (await this.repo.overrides([deviceId])).get(deviceId)?.get(point) ?? null;
    const before = resolveLimit(point, d.kind, model, current);
    const after: EffectiveLimit = { ...limit, source: "override" };
    if (current && sameLimit(current, limit)) return { outcome: "ignored", point, before, after: before };
    await this.repo.changeOverride({
      deviceId,
      point,
      limit,
      before: JSON.stringify(before),
      after: JSON.stringify(after),
      by: `staff:${p.id}`,
      at: this.clock.now(),
      note: note ? note.slice(0, MAX_NOTE) : null,
    });
    return { outcome: current ? "updated" : "created", point, before, after };
  }

  /** Back to the model's defaults; recorded like a change. */
  async resetLimit(p: Principal, deviceId: string, point: string, note?: string): Promise<LimitChange> {
    this.assertEditor(p);
    const d = await this.visibleDevice(p, deviceId);
    const current = (await this.repo.overrides([deviceId])).get(deviceId)?.get(point) ?? null;
    const model = parseModelLimits(d.modelLimits).limits;
    const before = resolveLimit(point, d.kind, model, current);
    if (!current) return { outcome: "ignored", point, before, after: before };
    const after = resolveLimit(point, d.kind, model, null);
    await this.repo.changeOverride({
      deviceId,
      point,
      limit: null,
      before: JSON.stringify(before),
      after: JSON.stringify(after),
      by: `staff:${p.id}`,
      at: this.clock.now(),
      note: note ? note.slice(0, MAX_NOTE) : null,
    });
    return { outcome: "reset", point, before, after };
  }

  /** Who changed the device's limits, when, from what to what; newest first. */
  async limitHistory(p: Principal, deviceId: string, q: { point?: string; take?: number } = {}) {
    await this.visibleDevice(p, deviceId);
    const take = Math.min(Math.max(1, Math.trunc(q.take ?? 50)), MAX_HISTORY);
    const rows = await this.repo.limitChanges(deviceId, q.point, take);
    return rows.map((r) => ({
      point: r.point,
      action: r.action,
      by: r.by,
      at: r.at.toISOString(),
      before: JSON.parse(r.before) as EffectiveLimit | null,
      after: JSON.parse(r.after) as EffectiveLimit | null,
      note: r.note,
    }));
  }
}
