// Phase 2 of issue 15: what a stored facility message does. The ingest pipeline has stored the message (and
// acknowledged it) before this runs; here its readings go into the reading store, the limit engine and the
// facility event rules decide, and the decisions become alarms with their point and where they are (unit,
// building, floor, place in words), raised, repeated, noted or cleared through the alarm service, so the
// notifications and the live board follow as for any alarm. Every step is keyed by the message, so an event
// applied twice (recovered after a crash, redelivered) changes nothing twice.
import type { DeviceMode } from "../../db/client.ts";
import type { Logger } from "../../shared/logger.ts";
import type { AlarmChange, AlarmService, PointPlace } from "../alarms/alarm-service.ts";
import type { FacilityHandler } from "../devices/event-processor.ts";
import type { AcceptedEvent } from "../devices/ingest-pipeline.ts";
import type { FacilityUplink } from "../devices/protocol-v11.ts";
import { measurementFamily } from "../devices/protocol-v11.ts";
import type { SensorDecision } from "./limit-engine.ts";
import { locationText } from "./point-labels.ts";
import { RunConflict, type RunApplier } from "./reading-apply.ts";
import type { SensorDevice, SensorRepository } from "./sensor-repository.ts";
import type { SensorService } from "./sensor-service.ts";

export interface IntakeReport {
  readings: number;
  decisions: SensorDecision[];
  changes: AlarmChange[];
}

/** A message's measurements the reading store knows, stamped with the message's device time. */
function readingsOf(msg: FacilityUplink): { point: string; value: number; at: Date }[] {
  const out: { point: string; value: number; at: Date }[] = [];
  if (!msg.values) return out;
  const at = new Date(msg.ts); // one for the message's readings: nothing changes it
  for (const point in msg.values)
    if (measurementFamily(point) !== null) out.push({ point, value: msg.values[point]!, at });
  return out;
}

/** A reading as the store takes it. */
const toStored = (deviceId: string, r: { point: string; value: number; at: Date }, receivedAt: Date) => ({
  deviceId,
  point: r.point,
  value: r.value,
  ts: r.at,
  receivedAt,
});

/** messages applied in one SQLite transaction (reading-apply.ts); the event loop is let go between parts */
const RUN_PART = 500;

export class FacilityIntake implements FacilityHandler {
  constructor(
    private readonly service: SensorService,
    private readonly repo: SensorRepository,
    private readonly alarms: AlarmService,
    private readonly log: Logger,
    /** SQLite: a run applied in one transaction of prepared statements (reading-apply.ts); null: Prisma's way */
    private readonly runApplier: { apply: RunApplier; now: () => Date } | null = null,
  ) {}

  /** A stored protocol 1.1 message: readings (if any) through the limits, then the event's own rule. */
  readonly apply = async (e: AcceptedEvent & { msg: FacilityUplink }): Promise<void> => {
    await this.handle(e.deviceId, e.msg, e.receivedAt, e.source, `${e.deviceId}/${e.msgId}`);
  };

  /**
   * A run of stored messages, as `apply` one after another would do them, with one read of the devices and
   * their overrides and one write of all the readings. Storing a later message's readings before an earlier
   * one is evaluated changes nothing: the store keeps each point's newest value and the limit engine reads
   * only its own state, which the evaluations below still write in message order.
   */
  readonly applyMany = async (events: (AcceptedEvent & { msg: FacilityUplink })[]): Promise<void> => {
    if (!this.runApplier) return this.applyManyPrisma(events);
    // a synchronous transaction holds the event loop: in parts, the acknowledgements (and a fire alarm's
    // commit) run between them
    for (let i = 0; i < events.length; i += RUN_PART) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      const part = events.slice(i, i + RUN_PART);
      if (!(await this.applyRun(part))) await this.applyManyPrisma(part);
    }
  };

  /** `applyMany` through Prisma (PostgreSQL, or a SQLite run that met a concurrent evaluation). */
  private async applyManyPrisma(events: (AcceptedEvent & { msg: FacilityUplink })[]): Promise<void> {
    if (events.length === 1) return this.apply(events[0]!);
    const ids = [...new Set(events.map((e) => e.deviceId))];
    const [devices, overrides] = await Promise.all([
      this.repo.devicesWhere({ id: { in: ids } }, ids.length),
      this.repo.overrides(ids),
    ]);
    const byId = new Map(devices.map((d) => [d.id, d]));
    const readings = new Map(events.map((e) => [e, readingsOf(e.msg)]));
    const all = events.flatMap((e) =>
      byId.has(e.deviceId) ? readings.get(e)!.map((r) => toStored(e.deviceId, r, e.receivedAt)) : [],
    );
    if (all.length) await this.service.storeReadings(all);
    // each device's readings evaluated in one go, in message order
    const ofDevice = new Map<string, (AcceptedEvent & { msg: FacilityUplink })[]>();
    for (const e of events) ofDevice.set(e.deviceId, [...(ofDevice.get(e.deviceId) ?? []), e]);
    const decided = new Map<AcceptedEvent, SensorDecision[]>();
    for (const device of devices) {
      const own = ofDevice.get(device.id) ?? [];
      const run = await this.service.evaluateRun(
        device,
        overrides.get(device.id),
        own.map((e) => readings.get(e)!),
      );
      for (let i = 0; i < own.length; i++) {
        const e = own[i]!;
        const its = readings.get(e)!;
        // another instance evaluated a point meanwhile: this device's messages one by one, as `handle` does
        const decisions = run
          ? run[i]!
          : its.length
            ? (await this.service.evaluateDevice(device, overrides.get(device.id), its)).decisions
            : [];
        decided.set(e, decisions);
      }
    }
    for (const e of events) {
      const device = byId.get(e.deviceId);
      if (!device) continue;
      const decisions = [...(decided.get(e) ?? [])];
      if (e.msg.type !== "reading") {
        const d = await this.service.decideEvent(device.id, { type: e.msg.type, point: e.msg.point, at: e.msg.ts });
        if (d) decisions.push(...d.decisions);
      }
      await this.applyDecisions(device, decisions, e.source, `${e.deviceId}/${e.msgId}`);
    }
  }

  /**
   * `applyMany` through the run applier: the readings, their evaluation and the points' states in one SQLite
   * transaction, then each message's alarm decisions (and a facility event's own rule) in message order, as
   * `applyMany` does them. False when a point was evaluated by someone else meanwhile (nothing was written).
   */
  private async applyRun(events: (AcceptedEvent & { msg: FacilityUplink })[]): Promise<boolean> {
    const { apply, now } = this.runApplier!;
    let run: ReturnType<RunApplier>;
    try {
      run = apply(
        events.map((e) => ({ deviceId: e.deviceId, receivedAt: e.receivedAt, readings: readingsOf(e.msg) })),
        now(),
      );
    } catch (e) {
      if (e instanceof RunConflict) return false;
      throw e;
    }
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const device = run.devices.get(e.deviceId);
      if (!device) continue;
      const decisions = run.decisions[i]!;
      if (e.msg.type !== "reading") {
        const d = await this.service.decideEvent(device.id, { type: e.msg.type, point: e.msg.point, at: e.msg.ts });
        if (d) decisions.push(...d.decisions);
      }
      await this.applyDecisions(device, decisions, e.source, `${e.deviceId}/${e.msgId}`);
    }
    return true;
  }

  /** A version 1 message whose meaning depends on the device (a pump's fault); false: version 1 rules apply. */
  readonly decide = async (e: AcceptedEvent): Promise<boolean> => {
    const decided = await this.service.decideEvent(e.deviceId, { type: e.msg.type, at: e.msg.ts });
    if (!decided) return false;
    const device = await this.repo.device(e.deviceId);
    if (device) await this.applyDecisions(device, decided.decisions, e.source, `${e.deviceId}/${e.msgId}`);
    return true;
  };

  async handle(
    deviceId: string,
    msg: FacilityUplink,
    receivedAt: Date,
    source: string,
    eventKey: string,
  ): Promise<IntakeReport> {
    const device = await this.repo.device(deviceId);
    if (!device) return { readings: 0, decisions: [], changes: [] };
    const decisions: SensorDecision[] = [];
    const readings = readingsOf(msg);
    if (readings.length) {
      await this.service.storeReadings(readings.map((r) => toStored(deviceId, r, receivedAt)));
      const overrides = (await this.repo.overrides([deviceId])).get(deviceId);
      decisions.push(...(await this.service.evaluateDevice(device, overrides, readings)).decisions);
    }
    if (msg.type !== "reading") {
      const decided = await this.service.decideEvent(deviceId, { type: msg.type, point: msg.point, at: msg.ts });
      if (decided) decisions.push(...decided.decisions);
    }
    const changes = await this.applyDecisions(device, decisions, source, eventKey);
    return { readings: readings.length, decisions, changes };
  }

  private async applyDecisions(
    device: SensorDevice,
    decisions: SensorDecision[],
    source: string,
    eventKey: string,
  ): Promise<AlarmChange[]> {
    if (!decisions.length) return [];
    const changes: AlarmChange[] = [];
    const building =
      device.buildingId || device.unitBuildingId
        ? ((
            await this.repo.buildingNames({
              buildingIds: device.buildingId ? [device.buildingId] : [],
              unitBuildingIds: device.unitBuildingId ? [device.unitBuildingId] : [],
            })
          ).get((device.buildingId ?? device.unitBuildingId)!) ?? null)
        : null;
    for (const d of decisions) {
      const at = new Date(d.at);
      const key = `${eventKey}:${d.kind}:${d.point}`;
      let change: AlarmChange;
      if (d.action === "raise") {
        const place: PointPlace = {
          unitId: device.unitId,
          unitBuildingId: device.unitBuildingId,
          buildingId: device.buildingId,
          floor: device.floor,
          location: locationText({ building, floor: device.floor, place: device.placeName }, d.point),
          source,
        };
        const ctx = {
          id: device.id,
          mode: device.mode as DeviceMode,
          householdId: device.householdId,
          communityId: device.communityId,
        };
        change = await this.alarms.raisePoint(ctx, d.kind, d.point, at, key, place, d.note);
      } else if (d.action === "clear") {
        change = await this.alarms.clearPoint(device.id, d.kind, d.point, at, key, d.note);
      } else {
        change = await this.alarms.notePoint(device.id, d.kind, d.point, d.note, at, key);
      }
      changes.push(change);
      if (change.outcome !== "ignored")
        this.log.info(
          { deviceId: device.id, kind: d.kind, point: d.point, outcome: change.outcome, alarmId: change.alarm?.id },
          "facility alarm change",
        );
    }
    return changes;
  }
}
