// Applies what stored device events mean beyond status (status goes in with the events): alarms, command
// answers; then marks the events processed. Events left unprocessed by a crash are picked up again by
// recoverPending(); alarm changes are idempotent per event, so applying one twice changes nothing.
import type { Prisma } from "../../db/client.ts";
import type { Logger } from "../../shared/logger.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Metrics } from "../../shared/metrics.ts";
import type { AlarmService } from "../alarms/alarm-service.ts";
import { alarmEffect } from "../alarms/alarm.ts";
import { isFacilityUplink, parseUplinkV11, type FacilityUplink, type UplinkV11 } from "./protocol-v11.ts";
import type { DeviceDirectory } from "./device-directory.ts";
import type { EventStore, NewEvent, StoredEvent } from "./ingest-store.ts";
import type { AcceptedEvent, EarlyRaise } from "./ingest-pipeline.ts";
import type { AlarmChange } from "../alarms/alarm-types.ts";
import { fireMark } from "../../shared/fire-trace.ts";

/**
 * What the sensor service does with a stored facility message (protocol 1.1 readings and events), and with a
 * version 1 message whose meaning depends on the device's kind (a pump's fault): `decide` answers false when
 * version 1's rules apply. Set by the composition root (modules/sensors/facility-intake.ts).
 */
export interface FacilityHandler {
  /** A run of stored facility messages, in the order they were stored (one device's stay in order). */
  applyMany(events: (AcceptedEvent & { msg: FacilityUplink })[]): Promise<void>;
  decide(e: AcceptedEvent): Promise<boolean>;
}

/** Applies stored events of a transport with its own neutral events (gb26875); marks them processed itself. */
export type SourceRecovery = (rows: StoredEvent[]) => Promise<void>;

export class EventProcessor {
  facility: FacilityHandler | null = null;
  private readonly sources = new Map<string, SourceRecovery>();

  constructor(
    private readonly prisma: Prisma,
    private readonly events: EventStore,
    private readonly alarms: AlarmService,
    private readonly directory: DeviceDirectory,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Status is already applied with the events (ingest-store.ts); here come alarms and command answers. */
  readonly apply = async (batch: AcceptedEvent[], cameBack: string[]): Promise<void> => {
    if (cameBack.length) await this.clearOffline(cameBack);
    // consecutive facility messages go to the sensor service together (one read of their devices, one
    // write of their readings); anything else between them keeps its place
    let run: (AcceptedEvent & { msg: FacilityUplink })[] = [];
    const flushRun = async () => {
      if (run.length && this.facility) await this.facility.applyMany(run);
      run = [];
    };
    for (const e of batch) {
      const msg = e.msg;
      if (isFacilityUplink(msg)) {
        run.push(e as AcceptedEvent & { msg: FacilityUplink });
        continue;
      }
      await flushRun();
      const effect = alarmEffect(msg.type);
      if (effect && (msg.type === "fault" || msg.type === "fault_cleared") && (await this.facility?.decide(e)))
        continue;
      if (effect?.kind === "FIRE" && effect.action === "raise" && !e.early)
        fireMark("effects", { deviceId: e.deviceId });
      if (effect) await this.applyAlarm(e, effect);
      else if (msg.type === "command_ack" && msg.commandId) await this.commandAck(e);
    }
    await flushRun();
    await this.events.markProcessed(batch.map((e) => e.id));
  };

  /**
   * A device's fire raised while its event is being committed (ingest-pipeline.ts, EarlyRaise): the effects
   * then take this raise's answer instead of raising again. Only a smoke alarm's raise: a call point's and a
   * gas alarm's go through the sensor service with the rest of their facility run.
   */
  readonly early: EarlyRaise = (event: NewEvent, msg: UplinkV11) => {
    if (isFacilityUplink(msg)) return null;
    const effect = alarmEffect(msg.type);
    if (effect?.action !== "raise" || effect.kind !== "FIRE") return null;
    fireMark("effects", { deviceId: event.deviceId });
    return this.change(event, effect);
  };

  private async applyAlarm(e: AcceptedEvent, effect: NonNullable<ReturnType<typeof alarmEffect>>): Promise<void> {
    let change: AlarmChange | null | undefined;
    if (e.early)
      change = await e.early.catch((err: unknown) => {
        this.log.warn({ err, deviceId: e.deviceId }, "a fire raised beside its commit failed: raised again");
        return undefined;
      });
    if (change === undefined) change = await this.change(e, effect);
    if (!change) return;
    this.metrics.alarmChanges.inc({ kind: effect.kind, outcome: change.outcome });
    if (change.outcome !== "ignored")
      this.log.info(
        { deviceId: e.deviceId, kind: effect.kind, outcome: change.outcome, alarmId: change.alarm?.id },
        "alarm change",
      );
  }

  /** What a device event changes on its alarms; null for a device no longer registered. */
  private async change(e: NewEvent, effect: NonNullable<ReturnType<typeof alarmEffect>>): Promise<AlarmChange | null> {
    const key = `${e.deviceId}/${e.msgId}`;
    const device = await this.directory.get(e.deviceId);
    if (!device) return null;
    return effect.action === "raise"
      ? await this.alarms.raise(device, effect.kind, e.receivedAt, key, e.source)
      : effect.action === "clear"
        ? await this.alarms.clearFromDevice(e.deviceId, effect.kind, e.receivedAt, key)
        : await this.alarms.noteFromDevice(e.deviceId, effect.kind, effect.note, e.receivedAt, key);
  }

  /** A device that speaks again is online: close its OFFLINE alarm. */
  private async clearOffline(ids: string[]): Promise<void> {
    const open = await this.prisma.alarm.findMany({
      where: { kind: "OFFLINE", openSlot: "OPEN", deviceId: { in: ids } },
      select: { deviceId: true },
    });
    for (const a of open) await this.alarms.clearFromDevice(a.deviceId, "OFFLINE", this.clock.now(), null);
  }

  private async commandAck(e: AcceptedEvent): Promise<void> {
    if (isFacilityUplink(e.msg)) return;
    const result = e.msg.result ?? "ok";
    // a carrier platform reports progress first: delivered or sent is not yet the device's answer
    if (result === "delivered" || result === "sent") return;
    const ok = result === "ok";
    await this.prisma.deviceCommand.updateMany({
      where: {
        OR: [{ id: e.msg.commandId! }, { platformCommandId: e.msg.commandId! }],
        deviceId: e.deviceId,
        status: { in: ["PENDING", "SENT"] },
      },
      data: { status: ok ? "ACKED" : "FAILED", result, ackedAt: e.receivedAt },
    });
  }

  /** Pending events of `source` are applied by `recover` (their payload is not a JSON uplink). */
  handleSource(source: string, recover: SourceRecovery): void {
    this.sources.set(source, recover);
  }

  /** Applies events stored but never applied (the process died in between). */
  async recoverPending(olderThanMs = 0): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.events.pending(new Date(this.clock.now().getTime() - olderThanMs), 500);
      if (!rows.length) return total;
      const batch: AcceptedEvent[] = [];
      const unusable: number[] = [];
      const bySource = new Map<string, StoredEvent[]>();
      for (const r of rows) {
        if (this.sources.has(r.source)) {
          bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
          continue;
        }
        const p = parseUplinkV11(r.payload, Number.MAX_SAFE_INTEGER);
        if (p.ok) batch.push({ ...r, msg: p.msg });
        else unusable.push(r.id);
      }
      await this.events.markProcessed(unusable);
      for (const [source, list] of bySource) await this.sources.get(source)!(list);
      if (batch.length) await this.apply(batch, []);
      total += rows.length;
      if (rows.length < 500) return total;
    }
  }
}
