// The durable way in for what transmission devices say (issue 16, phase 2). A frame's neutral events are
// stored in DeviceEvent, with the device's status, through the same event store and transaction as MQTT
// messages (modules/devices/ingest-store.ts); submit() resolves only once they are committed, so the
// gateway confirms (command 3) only what is stored. Frames that arrive while a commit runs go into the next
// one (group commit); frames carrying fire go to the front of it, and on PostgreSQL are committed by a loop
// of their own, one transmission device's frames a commit, beside a routine commit running (commit-loop.ts,
// `fireApart`). After the commit, events with an alarm effect (PANEL_ALARM_EFFECTS) are applied off the
// confirm path, fire on its own chain so it never waits behind faults; a crash in between leaves them
// unprocessed, and recover() applies them at the next start.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { Metrics } from "../../shared/metrics.ts";
import type { AlarmService, DeviceContext } from "../alarms/alarm-service.ts";
import type { EventStore, NewEvent, StoredEvent } from "../devices/ingest-store.ts";
import type { StatusStore } from "../devices/status-store.ts";
import {
  FIRE_CLASS,
  PANEL_ALARM_EFFECTS,
  PANEL_EVENT_TYPES,
  isFireClass,
  type PanelEvent,
  type PanelEventFields,
  type PanelEventType,
} from "./panel-event.ts";
import type { PanelFrame } from "./panel-frame.ts";
import type { PanelIntake, PreparedFrame } from "./panel-intake.ts";
import { CommitLoop, oneDeviceRun } from "../../shared/commit-loop.ts";

export const PANEL_SOURCE = "gb26875";

export type PanelStoreOutcome = { outcome: "stored" } | { outcome: "duplicate" };

export interface PanelIngestDeps {
  prisma: Prisma;
  intake: PanelIntake;
  store: EventStore;
  status: StatusStore;
  alarms: AlarmService;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  /** frames committed together at most (default 500) */
  maxBatch?: number;
  /**
   * frames committed in a commit with routine frames, one such commit a turn of the event loop (default
   * `maxBatch`); 0: commits of `maxBatch`, one after another until the queue is empty (INGEST_ROUTINE_PER_TURN)
   */
  routinePerTurn?: number;
  /**
   * The duty operator pressed 查岗应答 on the transmission device (an operation upload, clause 8.2.1.9):
   * the centre's open duty check of the unit is answered (issue 17). Filled by the composition root.
   */
  dutyReplied?: (unitId: string, at: Date, deviceId: string) => Promise<void>;
}

interface Queued {
  /** the transmission device's (every event of a frame is its) */
  deviceId: string;
  rows: NewEvent[];
  prepared: PreparedFrame;
  resolve(o: PanelStoreOutcome): void;
  reject(e: Error): void;
}

/** A stored event with an alarm effect, as the processor applies it. */
export interface EffectEvent {
  id: number;
  deviceId: string;
  msgId: string;
  type: PanelEventType;
  receivedAt: Date;
  fields: PanelEventFields;
}

interface DevicePlace extends DeviceContext {
  unitId: string | null;
  name: string | null;
}

const CACHE_MS = 60_000;
/**
 * What frames teach (component state, new components) is saved this many at a time, in arrival order: under
 * a flood the saves wait here, not in the database's queue, where a fire's alarm would wait behind them.
 */
const SAVING_AT_ONCE = 2;

export class PanelIngest {
  private fireQueue: Queued[] = [];
  private queue: Queued[] = [];
  /** fire now, routine a commit a turn (shared/commit-loop.ts) */
  private readonly commits: CommitLoop;
  private closed = false;
  private fireChain: Promise<void> = Promise.resolve();
  private chain: Promise<void> = Promise.resolve();
  private readonly maxBatch: number;
  private readonly routinePerTurn: number;
  private readonly toSave: PreparedFrame[] = [];
  private saving = 0;
  private readonly devices = new Map<string, { at: number; v: DevicePlace | null }>();
  private readonly parts = new Map<string, { at: number; v: { buildingId: string | null; floor: number | null } }>();

  constructor(private readonly d: PanelIngestDeps) {
    this.maxBatch = Math.max(1, d.maxBatch ?? 500);
    this.routinePerTurn =
      d.routinePerTurn === 0 ? 0 : Math.max(1, Math.min(this.maxBatch, d.routinePerTurn ?? this.maxBatch));
    this.commits = new CommitLoop(
      {
        fireWaiting: () => this.fireQueue.length > 0,
        routineWaiting: () => this.queue.length > 0,
        commitOne: (routine, apart) => this.commitOne(routine, apart),
      },
      this.routinePerTurn > 0,
      d.store.fireApart === true,
    );
  }

  /** Stores the frame's events (and the device's status); resolves once they are committed. */
  async submit(frame: PanelFrame): Promise<PanelStoreOutcome> {
    if (this.closed) throw new Error("panel ingest closed");
    this.d.metrics?.received.inc({ source: PANEL_SOURCE });
    const prepared = await this.d.intake.prepare(frame);
    const rows = prepared.events.map((e) => row(e, frame.receivedAt));
    const fire = prepared.events.some((e) => isFireClass(e.type));
    return new Promise<PanelStoreOutcome>((resolve, reject) => {
      (fire ? this.fireQueue : this.queue).push({ deviceId: frame.deviceId, rows, prepared, resolve, reject });
      // a fire frame is committed now, in the read that brought it (unless a commit is running: it takes the
      // fire next), as the device pipeline does; routine frames wait for the turn, to commit together
      if (fire) this.commits.fire();
      else this.commits.soon();
    });
  }

  /**
   * A batch to commit: fire frames first, then (unless `fireOnly`) routine frames up to the turn's share. With
   * the fire lane apart (PostgreSQL): the fire frames of one device, or (`routine`) routine frames only.
   */
  private take(fireOnly: boolean, apart: boolean): Queued[] {
    if (apart)
      return fireOnly
        ? this.fireQueue.splice(
            0,
            oneDeviceRun(this.fireQueue, this.maxBatch, (q) => q.deviceId),
          )
        : this.routineShare(0);
    const out = this.fireQueue.splice(0, this.maxBatch);
    if (!fireOnly) out.push(...this.routineShare(out.length));
    return out;
  }

  /** The routine frames that join a commit already carrying `taken` fire frames */
  private routineShare(taken: number): Queued[] {
    const size = this.routinePerTurn ? Math.max(taken, this.routinePerTurn) : this.maxBatch;
    return taken < size ? this.queue.splice(0, size - taken) : [];
  }

  /**
   * Commits one batch: the fire frames, then (when `routine`) routine frames up to `routinePerTurn`. Routine
   * frames have one such commit a turn (shared/commit-loop.ts). With the fire lane apart (`apart`: PostgreSQL,
   * the fire lane's own loop and the routine one), a commit is one lane's. Says whether routine frames had
   * their turn.
   */
  private async commitOne(routine: boolean, apart: boolean): Promise<boolean> {
    // fire frames are taken first: a batch carries fire when the fire queue had any (on PostgreSQL it then
    // goes through the fire path's connections); apart, the routine loop's commits carry none
    const fire = apart ? !routine && this.fireQueue.length > 0 : this.fireQueue.length > 0;
    if (!fire && !routine) return false;
    const batch = this.take(!routine, apart);
    const rows = batch.flatMap((q) => q.rows);
    let result: { ids: (number | null)[]; cameBack: string[] };
    try {
      result = await this.d.store.insertBatch(
        rows,
        (fresh) => {
          const seen = new Map<string, Date>();
          for (const i of fresh) {
            const r = rows[i]!;
            const was = seen.get(r.deviceId);
            if (!was || r.receivedAt > was) seen.set(r.deviceId, r.receivedAt);
          }
          return [...seen].map(([deviceId, lastSeenAt]) => ({ deviceId, lastSeenAt }));
        },
        { fire },
      );
    } catch (e) {
      this.d.log.error({ err: e, frames: batch.length }, "storing panel events failed");
      for (const q of batch) {
        void q.prepared.settle(false);
        q.reject(e as Error);
      }
      return routine;
    }
    const effects: EffectEvent[] = [];
    let at = 0;
    for (const q of batch) {
      let fresh = 0;
      for (const r of q.rows) {
        const id = result.ids[at++];
        if (id === null || id === undefined) continue;
        fresh++;
        if (r.pending) effects.push(effectOf(id, r));
      }
      if (fresh || q.rows.length === 0) this.d.metrics?.stored.inc({ source: PANEL_SOURCE });
      else this.d.metrics?.duplicates.inc({ source: PANEL_SOURCE });
      this.toSave.push(q.prepared);
      q.resolve(fresh || q.rows.length === 0 ? { outcome: "stored" } : { outcome: "duplicate" });
    }
    this.dispatch(effects, result.cameBack);
    this.pumpSaves();
    return routine;
  }

  private pumpSaves(): void {
    while (this.saving < SAVING_AT_ONCE && this.toSave.length) {
      const p = this.toSave.shift()!;
      this.saving++;
      p.settle(true)
        .catch((e: unknown) => this.d.log.warn({ err: e }, "saving panel component state failed"))
        .finally(() => {
          this.saving--;
          this.pumpSaves();
        });
    }
  }

  /** Fire-class effects on their own chain, the rest on another: a backlog of faults never holds a fire. */
  private dispatch(effects: EffectEvent[], cameBack: string[]): void {
    const fire = effects.filter((e) => firstClass(e.type));
    const rest = effects.filter((e) => !firstClass(e.type));
    const run = (list: EffectEvent[], back: string[]) => () =>
      this.apply(list, back).catch((e: unknown) =>
        this.d.log.error({ err: e, count: list.length }, "applying panel events failed; they stay pending"),
      );
    if (fire.length) this.fireChain = this.fireChain.then(run(fire, []));
    if (rest.length || cameBack.length) this.chain = this.chain.then(run(rest, cameBack));
  }

  /** Applies alarm effects and marks the events processed. Idempotent per event (the alarm's eventKey). */
  async apply(events: EffectEvent[], cameBack: string[] = []): Promise<void> {
    for (const id of cameBack) {
      await this.d.alarms.clearFromDevice(id, "OFFLINE", this.d.clock.now(), null);
    }
    for (const e of events) await this.applyOne(e);
    await this.d.store.markProcessed(events.map((e) => e.id));
  }

  private async applyOne(e: EffectEvent): Promise<void> {
    if (e.type === "uitd_duty_reply" && this.d.dutyReplied) {
      const unitId = e.fields.unitId ?? (await this.device(e.deviceId))?.unitId;
      if (unitId) await this.d.dutyReplied(unitId, e.receivedAt, e.deviceId);
      return;
    }
    const effect = PANEL_ALARM_EFFECTS[e.type];
    if (!effect) return;
    const key = `${e.deviceId}/${e.msgId}`;
    const point = e.fields.point ?? "";
    let outcome: string;
    if (effect.action === "raise") {
      const device = await this.device(e.deviceId);
      if (!device) return;
      const part = e.fields.keyPartId ? await this.part(e.fields.keyPartId) : null;
      const change = await this.d.alarms.raiseAt(device, effect.kind, e.receivedAt, key, {
        point,
        source: PANEL_SOURCE,
        unitId: e.fields.unitId ?? device.unitId,
        keyPartId: e.fields.keyPartId ?? null,
        unitBuildingId: part?.buildingId ?? null,
        floor: part?.floor ?? null,
        location: e.fields.location ?? null,
      });
      outcome = change.outcome;
    } else if (FIRE_CLASS.has(effect.kind)) {
      // a fire is closed by a person who says what it was (real, false, test), never by the panel going quiet
      const change = await this.d.alarms.noteAt(
        e.deviceId,
        effect.kind,
        point,
        PANEL_EVENT_TYPES[e.type],
        e.receivedAt,
        key,
      );
      outcome = change.outcome;
    } else {
      outcome = (await this.d.alarms.clearAt(e.deviceId, effect.kind, point, e.receivedAt, key)).outcome;
    }
    this.d.metrics?.alarmChanges.inc({ kind: effect.kind, outcome });
    if (outcome !== "ignored")
      this.d.log.info({ deviceId: e.deviceId, kind: effect.kind, point, outcome }, "panel alarm change");
  }

  /**
   * The gateway heard nothing from a device for its patrol interval. Behind a load balancer another
   * instance may have heard it since: only when the shared status says nobody did is it offline.
   */
  async offline(deviceId: string, lastHeardAt: Date): Promise<boolean> {
    const s = await this.d.prisma.deviceStatus.findUnique({ where: { deviceId }, select: { lastSeenAt: true } });
    if (s?.lastSeenAt && s.lastSeenAt.getTime() > lastHeardAt.getTime() + 1000) return false;
    const changed = await this.d.status.markOffline([deviceId]);
    if (!changed.length) return false;
    const device = await this.device(deviceId);
    if (!device || device.mode !== "NORMAL") return true;
    const at = this.d.clock.now();
    await this.d.alarms.raiseAt(device, "OFFLINE", at, `offline/${deviceId}/${at.getTime()}`, {
      point: "",
      source: PANEL_SOURCE,
      unitId: device.unitId,
      location: device.name ?? "用户信息传输装置",
    });
    return true;
  }

  /** Events of this source stored by an earlier run and never applied (EventProcessor.recoverPending). */
  readonly recover = async (rows: StoredEvent[]): Promise<void> => {
    const events: EffectEvent[] = [];
    const unusable: number[] = [];
    for (const r of rows) {
      const fields = parseFields(r.fields);
      if (fields && r.type in PANEL_ALARM_EFFECTS)
        events.push({
          id: r.id,
          deviceId: r.deviceId,
          msgId: r.msgId,
          type: r.type as PanelEventType,
          receivedAt: r.receivedAt,
          fields,
        });
      else unusable.push(r.id);
    }
    await this.d.store.markProcessed(unusable);
    const fire = events.filter((e) => firstClass(e.type));
    await this.apply([...fire, ...events.filter((e) => !firstClass(e.type))]);
  };

  /** Waits until every submitted frame is stored and its effects applied (tests, shutdown). */
  async drain(): Promise<void> {
    while (!this.commits.idle || this.queue.length || this.fireQueue.length || this.saving || this.toSave.length)
      await new Promise((r) => setTimeout(r, 2));
    await Promise.all([this.fireChain, this.chain]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }

  private async device(id: string): Promise<DevicePlace | null> {
    const now = this.d.clock.now().getTime();
    const hit = this.devices.get(id);
    if (hit && now - hit.at < CACHE_MS) return hit.v;
    const v = await this.d.prisma.device.findUnique({
      where: { id },
      select: { id: true, mode: true, householdId: true, communityId: true, unitId: true, name: true },
    });
    if (this.devices.size > 10_000) this.devices.clear();
    this.devices.set(id, { at: now, v });
    return v;
  }

  private async part(id: string): Promise<{ buildingId: string | null; floor: number | null } | null> {
    const now = this.d.clock.now().getTime();
    const hit = this.parts.get(id);
    if (hit && now - hit.at < CACHE_MS) return hit.v;
    const v = await this.d.prisma.keyPart.findUnique({ where: { id }, select: { buildingId: true, floor: true } });
    if (!v) return null;
    if (this.parts.size > 10_000) this.parts.clear();
    this.parts.set(id, { at: now, v });
    return v;
  }
}

function firstClass(type: PanelEventType): boolean {
  const effect = PANEL_ALARM_EFFECTS[type];
  return effect !== null && FIRE_CLASS.has(effect.kind);
}

function row(e: PanelEvent, receivedAt: Date): NewEvent {
  return {
    deviceId: e.deviceId,
    msgId: e.msgId,
    type: e.type,
    ts: new Date(e.ts),
    receivedAt,
    source: PANEL_SOURCE,
    payload: e.raw,
    fields: JSON.stringify(e.fields),
    pending: actedOn(e.type),
  };
}

/** Events applied after they are stored: those that raise or clear alarms, and a duty reply (查岗应答). */
const actedOn = (type: PanelEventType): boolean => PANEL_ALARM_EFFECTS[type] !== null || type === "uitd_duty_reply";

function effectOf(id: number, r: NewEvent): EffectEvent {
  return {
    id,
    deviceId: r.deviceId,
    msgId: r.msgId,
    type: r.type as PanelEventType,
    receivedAt: r.receivedAt,
    fields: JSON.parse(r.fields!) as PanelEventFields,
  };
}

function parseFields(text: string | null | undefined): PanelEventFields | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as PanelEventFields) : null;
  } catch {
    return null;
  }
}
