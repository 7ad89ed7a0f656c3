// Linkage on the real path (issue 15): the alarm service's listener that, when a fire-class alarm is raised,
// switches on the building's sound-and-light alarms as device commands (stored, then sent down, answered by
// command_ack), and, when one is resolved, switches off those no other open fire-class alarm still needs.
// A resolved facility alarm also resets its point's limit state, so a value still past the limit raises again.
// Each alarm's timeline says what linkage did.
//
// Linkage runs beside the alarm engine, not in its way (issue 21): the engine awaits its listeners, and a
// panel's fire signals are applied one after another, so linkage's reads and commands awaited there held the
// next fire's raise (docs/performance.md, "Linkage beside the alarm engine"). The listener queues the alarm and
// returns; one run at a time takes the queue in order, so an alarm's switching off never overtakes its switching
// on. What is done is kept on the alarm (linkagePhase), and a run holds the alarm with a lease while it works, so
// that the sweep (every few seconds, on every instance) does what a run that failed, or that died with its
// process, left undone, once.
import type { AlarmKind, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { Fifo } from "../../shared/fifo.ts";
import type { Logger } from "../../shared/logger.ts";
import { InFlight } from "../../shared/loop.ts";
import type { AlarmChange, AlarmRecord } from "../alarms/alarm-service.ts";
import type { DownlinkPort } from "../devices/device-commands.ts";
import type { LinkageService } from "./linkage-service.ts";
import type { SensorService } from "./sensor-service.ts";
import { ALARM_CLASS, isFireClass } from "./alarm-classes.ts";

export type LinkagePhase = "raised" | "resolved";

/** A run holds its alarm this long: one still unfinished after it belongs to a process that died. */
export const LINKAGE_LEASE_MS = 30_000;
/** The sweep leaves an alarm this long to the listener of the instance that raised or resolved it. */
export const LINKAGE_SWEEP_GRACE_MS = 10_000;
/** How long after an alarm's end the sweep still tries to switch its sounders off. */
const RESOLVED_SWEEP_MS = 3_600_000;
/** Alarms one sweep round takes, of each phase. */
const SWEEP_TAKE = 20;

const FIRE_KINDS = (Object.keys(ALARM_CLASS) as AlarmKind[]).filter(isFireClass);

/** An alarm no live run holds: its lease, if any, has lapsed. The claim and the sweep go by the same rule. */
const notHeld = (now: Date) => ({ OR: [{ linkageLeaseUntil: null }, { linkageLeaseUntil: { lt: now } }] });
/** An alarm whose phase is still to do: switching on before anything was done, switching off after it or instead. */
const toDo = (phase: LinkagePhase) =>
  phase === "raised" ? { linkagePhase: null } : { OR: [{ linkagePhase: null }, { linkagePhase: "raised" }] };

export class LinkageSender {
  /** the queue's run, so that settle() and close() wait for it */
  readonly inflight = new InFlight();
  private readonly queue = new Fifo<{ alarmId: string; phase: LinkagePhase }>();
  private running = false;

  constructor(
    private readonly prisma: Prisma,
    private readonly linkage: LinkageService,
    private readonly sensors: SensorService,
    /** the device transport's downlink, set once the transport started */
    private readonly downlink: () => DownlinkPort | null,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * The AlarmService listener. A fire-class alarm raised or resolved is queued for linkage, and the listener
   * returns. Never throws: linkage failing must not hold up the alarm's notifications.
   */
  readonly onAlarmChange = async (change: AlarmChange & { alarm: AlarmRecord }): Promise<void> => {
    const a = change.alarm;
    if (change.outcome === "resolved") {
      try {
        const row = await this.prisma.alarm.findUnique({ where: { id: a.id }, select: { point: true } });
        if (row?.point) await this.sensors.alarmResolved({ deviceId: a.deviceId, point: row.point });
      } catch (e) {
        this.log.error({ err: e as Error, alarmId: a.id }, "could not reset a resolved alarm's limit state");
      }
    }
    if (change.outcome !== "created" && change.outcome !== "resolved") return;
    // only fire-class alarms sound the building: the others are not read again to find that out
    if (!isFireClass(a.kind)) return;
    this.queue.push({ alarmId: a.id, phase: change.outcome === "created" ? "raised" : "resolved" });
    this.next();
  };

  /** Runs the queue, one alarm at a time and in order (tracked: settle() waits for it). */
  private next(): void {
    if (this.running || !this.queue.size) return;
    this.running = true;
    const run = (async () => {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) await this.link(job.alarmId, job.phase);
    })().finally(() => {
      this.running = false;
      this.next();
    });
    this.inflight.track(run);
  }

  /**
   * Switches the alarm's sounders on ("raised") or off ("resolved"), once: the alarm is held first, and a
   * phase already done, or held by another run, is left. The phase is done once every sounder was told; a run
   * that could not tell them all (the device transport down or not started yet) keeps its lease, and the sweep
   * tells those left once it lapses. Returns whether the phase was done. Never throws: a run that fails lets its
   * lease lapse, and the sweep runs it again.
   */
  async link(alarmId: string, phase: LinkagePhase): Promise<boolean> {
    try {
      const now = this.clock.now();
      const held = await this.prisma.alarm.updateMany({
        where: { id: alarmId, AND: [toDo(phase), notHeld(now)] },
        data: { linkageLeaseUntil: new Date(now.getTime() + LINKAGE_LEASE_MS) },
      });
      if (!held.count) return false;
      if (!(await this.send(alarmId, phase))) return false;
      await this.prisma.alarm.update({
        where: { id: alarmId },
        data: { linkagePhase: phase, linkageLeaseUntil: null },
      });
      return true;
    } catch (e) {
      this.log.error({ err: e as Error, alarmId, phase }, "linkage failed; the sweep runs it again");
      return false;
    }
  }

  /**
   * Tells the phase's sounders, each once across runs: a command this alarm already sent a sounder is not sent
   * again, one stored but not sent is sent now. Says whether every sounder was told.
   */
  private async send(alarmId: string, phase: LinkagePhase): Promise<boolean> {
    const plan = await this.linkage.commandsFor(alarmId, phase);
    if (!plan?.commands.length) return true;
    const requestedBy = `system:linkage:${alarmId}`;
    const before = await this.prisma.deviceCommand.findMany({
      where: { requestedBy, type: { in: [...new Set(plan.commands.map((c) => c.type))] } },
      select: { id: true, deviceId: true, type: true, status: true },
    });
    const earlier = new Map(before.map((c) => [`${c.deviceId}|${c.type}`, c]));
    let sent = 0;
    for (const c of plan.commands) {
      const was = earlier.get(`${c.deviceId}|${c.type}`);
      if (was && was.status !== "PENDING") {
        sent++;
        continue;
      }
      const cmd =
        was ??
        (await this.prisma.deviceCommand.create({
          data: { deviceId: c.deviceId, type: c.type, params: JSON.stringify(c.params), requestedBy },
        }));
      const port = this.downlink();
      if (!port) continue;
      try {
        await port.send(c.deviceId, { id: cmd.id, ts: this.clock.now().getTime(), type: c.type, ...c.params });
        await this.prisma.deviceCommand.update({ where: { id: cmd.id }, data: { status: "SENT" } });
        sent++;
      } catch (e) {
        this.log.warn({ err: e as Error, deviceId: c.deviceId, alarmId }, "linkage command not sent");
      }
    }
    // the timeline says it once when all were told, and once the first time some were not
    const all = sent === plan.commands.length;
    const what = phase === "raised" ? "开启" : "关闭";
    await this.prisma.alarmAction
      .create({
        data: {
          alarmId,
          action: "linkage",
          actor: "system",
          note: `联动声光报警器${what}：${plan.commands.length} 台（已下发 ${sent} 台${all ? "" : "，其余稍后重试"}）`,
          eventKey: all ? `linkage:${phase}` : `linkage:${phase}:partial`,
          at: this.clock.now(),
        },
      })
      .catch(() => undefined); // a repeat is the same line
    return all;
  }

  /**
   * Linkage left undone: fire-class alarms raised, or resolved, more than LINKAGE_SWEEP_GRACE_MS ago whose
   * phase is not done and that no live run holds (the run failed, its process died, or the alarm was written by
   * a path that does not call the listener). Switching on first. Bounded per round; returns how many ran.
   */
  readonly sweep = async (): Promise<number> => {
    const now = this.clock.now();
    const before = new Date(now.getTime() - LINKAGE_SWEEP_GRACE_MS);
    const raised = await this.prisma.alarm.findMany({
      where: {
        kind: { in: FIRE_KINDS },
        status: { not: "RESOLVED" },
        startedAt: { lt: before },
        AND: [toDo("raised"), notHeld(now)],
      },
      select: { id: true },
      orderBy: { startedAt: "asc" },
      take: SWEEP_TAKE,
    });
    const resolved = await this.prisma.alarm.findMany({
      where: {
        kind: { in: FIRE_KINDS },
        status: "RESOLVED",
        // sounders not told within the hour after the alarm's end are left: they are someone's to switch off
        resolvedAt: { lt: before, gt: new Date(now.getTime() - RESOLVED_SWEEP_MS) },
        AND: [toDo("resolved"), notHeld(now)],
      },
      select: { id: true },
      orderBy: { resolvedAt: "asc" },
      take: SWEEP_TAKE,
    });
    let n = 0;
    for (const r of raised) if (await this.link(r.id, "raised")) n++;
    for (const r of resolved) if (await this.link(r.id, "resolved")) n++;
    if (n) this.log.warn({ linked: n }, "linkage left undone was run by the sweep");
    return n;
  };
}
