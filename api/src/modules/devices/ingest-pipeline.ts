// The protocol-neutral way in for device messages (MQTT, and carrier pushes turned into the same JSON by
// api/src/modules/devices/carrier-intake.ts). Protocol 1.1's facility messages come in here too.
// submit() resolves only once the message is durably stored: the transport acknowledges after that.
// Messages that arrive while a commit is running are committed together in the next one (group commit),
// so throughput grows with load while each message waits for at most one commit.
// Fire first (issue 21, GB 26875.1: fire alarms take priority over every other message): fire-class messages
// have a lane of their own, committed before any routine message queued ahead of them, and their effects
// (the alarm, its first escalation step) run on a chain of their own, never behind routine effects. On
// PostgreSQL a device's fire starts its raise while its event is being committed (`early`).
import type { Logger } from "../../shared/logger.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Metrics } from "../../shared/metrics.ts";
import { isFacilityUplink, parseUplinkV11, type UplinkV11 } from "./protocol-v11.ts";
import type { BatchResult, EventStore, NewEvent, StoredEvent } from "./ingest-store.ts";
import { foldStatus } from "./status-store.ts";
import { alarmEffect } from "../alarms/alarm.ts";
import { isFireClass } from "./fire-class.ts";
import type { DeviceDirectory } from "./device-directory.ts";
import { RateLimiter, type BucketSpec } from "../../shared/rate-limit.ts";
import { CommitLoop, oneDeviceRun } from "../../shared/commit-loop.ts";
import { fireDoorsRung } from "../../shared/fire-door.ts";
import type { AlarmChange } from "../alarms/alarm-types.ts";

export type IngestOutcome =
  | { outcome: "stored"; eventId: number }
  | { outcome: "duplicate" }
  | { outcome: "refused"; reason: string; detail: string };

export interface AcceptedEvent extends StoredEvent {
  msg: UplinkV11;
  /** the raise started while the event was being committed (EarlyRaise): the effects take it, not raise again */
  early?: Promise<AlarmChange | null>;
}

/**
 * Starts what a fire message raises while its event is being committed, or answers null when it raises
 * nothing this way (event-processor.ts). On PostgreSQL every commit waits for the server's log to reach the
 * disk, and a fire's event and its raise were two such waits one after the other before its first message
 * (docs/performance.md, "A fire's raise beside its commit"); started together, the server flushes them
 * together. Nothing is acknowledged before the event is stored, as before. Should the commit fail, the device
 * sends the message again (it was not acknowledged) and the raise it then makes finds the message recorded
 * on the alarm: nothing is raised or told twice.
 */
export type EarlyRaise = (event: NewEvent, msg: UplinkV11) => Promise<AlarmChange | null> | null;

/** Applies what stored events mean beyond status (alarms, command answers); see event-processor.ts. */
export type EventSink = (events: AcceptedEvent[], cameBack: string[]) => Promise<void>;

// facility messages (protocol 1.1: readings and events) always go on to the sensor service
const hasEffects = (msg: UplinkV11) =>
  isFacilityUplink(msg) || msg.type === "command_ack" || alarmEffect(msg.type) !== null;

interface Pending {
  event: NewEvent;
  /** null for a carrier platform's offline report (submitOffline): not a device message */
  msg: UplinkV11 | null;
  resolve: (r: IngestOutcome) => void;
  reject: (e: Error) => void;
  startedAt: bigint;
  early?: Promise<AlarmChange | null>;
}

export interface IngestOptions {
  maxBatch?: number;
  /**
   * routine messages committed in one turn of the event loop (default `maxBatch`, INGEST_ROUTINE_PER_TURN): the
   * rest wait for the next turn, after the loop has read its sockets (a fire alarm's hand-over among them).
   * SQLite commits synchronously: a commit of 1,000 holds the loop for 25-57 ms (a bench profile under a
   * reconnect storm), and a backlog committed batch after batch in one task held it for all of them. Smaller
   * turns cost throughput (docs/performance.md). 0: commits of `maxBatch` until the queue is empty, as before.
   */
  routinePerTurn?: number;
  /** routine messages per device (DEVICE_MSG_PER_MIN, DEVICE_MSG_BURST); fire-class ones are not limited */
  deviceRate?: BucketSpec;
  /** a fire's raise beside its commit; used only when the store commits the fire lane apart (PostgreSQL) */
  early?: EarlyRaise;
}

/**
 * A commit the database refused for what a row holds (PostgreSQL's SQLSTATE classes 22, data exception, and
 * 23, integrity constraint), not for being unreachable: retried one message at a time, it fails only for the
 * message that caused it. An outage is not retried message by message.
 */
function refusedForItsData(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

export class IngestPipeline {
  private queue: Pending[] = [];
  /** fire-class messages: taken before `queue` at every commit */
  private fireQueue: Pending[] = [];
  /** messages at the head of each lane to commit one at a time: a batch the database refused for its data */
  private isolate = { fire: 0, routine: 0 };
  private sinkChain: Promise<void> = Promise.resolve();
  private fireChain: Promise<void> = Promise.resolve();
  private readonly maxBatch: number;
  private readonly routinePerTurn: number;
  /** fire now, routine a commit a turn (shared/commit-loop.ts) */
  private readonly commits: CommitLoop;
  private readonly perDevice: RateLimiter | null;
  private readonly early: EarlyRaise | null;
  /**
   * for each device, its fire effects not yet applied (early raises, batches on the fire chain): a fire is raised
   * early only when its device has none, so a device's fire effects still apply in the order it sent them
   */
  private readonly fireUnsettled = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly directory: DeviceDirectory,
    private readonly sink: EventSink,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    private readonly log: Logger,
    opts: IngestOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 1000;
    this.routinePerTurn = opts.routinePerTurn === 0 ? 0 : Math.min(this.maxBatch, opts.routinePerTurn ?? this.maxBatch);
    this.commits = new CommitLoop(
      {
        fireWaiting: () => this.fireQueue.length > 0,
        routineWaiting: () => this.queue.length > 0,
        commitOne: (routine, apart) => this.commitOne(routine, apart),
      },
      this.routinePerTurn > 0,
      store.fireApart === true,
    );
    this.perDevice = opts.deviceRate
      ? new RateLimiter("device-messages", opts.deviceRate, () => clock.now().getTime())
      : null;
    this.early = store.fireApart === true ? (opts.early ?? null) : null;
  }

  // prom-client children bound once per source: label hashing on every message showed in profiles
  private counters = new Map<
    string,
    {
      received: { inc(): void };
      stored: { inc(): void };
      duplicates: { inc(): void };
      latency: { observe(v: number): void };
    }
  >();
  private countersFor(source: string) {
    let c = this.counters.get(source);
    if (!c) {
      c = {
        received: this.metrics.received.labels(source),
        stored: this.metrics.stored.labels(source),
        duplicates: this.metrics.duplicates.labels(source),
        latency: this.metrics.ingestLatency.labels(source),
      };
      this.counters.set(source, c);
    }
    return c;
  }

  async submit(deviceId: string, payload: Buffer | string, source: string): Promise<IngestOutcome> {
    this.countersFor(source).received.inc();
    const device = this.directory.peek(deviceId) ?? (await this.directory.get(deviceId));
    if (!device) return this.refuse(source, deviceId, "unknown_device", "no such device");
    const now = this.clock.now();
    // the payload as text once: parsed from it and stored as it is
    const text = typeof payload === "string" ? payload : payload.toString("utf8");
    const parsed = parseUplinkV11(text, now.getTime());
    if (!parsed.ok) return this.refuse(source, deviceId, parsed.reason, parsed.detail);
    if (this.closed) throw new Error("ingest pipeline closed");
    const msg = parsed.msg;
    // a flood from one device (issue 12 item 6: 200,000 messages in 30 s) is refused, counted, and still
    // acknowledged like any refused message, so the device does not send it again; never a fire
    if (this.perDevice && !isFireClass(msg) && !this.perDevice.take(deviceId).ok)
      return this.refuse(source, deviceId, "rate_limited", `${msg.type} over the device's message rate`);
    const event: NewEvent = {
      deviceId,
      msgId: msg.id,
      type: msg.type,
      ts: new Date(msg.ts),
      receivedAt: now,
      source,
      payload: text,
      pending: hasEffects(msg),
    };
    const fire = isFireClass(msg);
    const lane = fire ? this.fireQueue : this.queue;
    return new Promise<IngestOutcome>((resolve, reject) => {
      lane.push({ event, msg, resolve, reject, startedAt: process.hrtime.bigint() });
      // a fire message is committed now, in the read that brought it (unless a commit is running: it takes
      // the fire next), not after everything else the event loop has ready (issue 21: 60-150 ms under load)
      if (fire) this.commits.fire();
      else this.commits.soon();
    });
  }

  /**
   * A carrier platform's report that a device went offline (CTWing deviceOnlineOfflineReport eventType 0,
   * OneNET type 2 status 0). It is no device message (the device said nothing), so it has no protocol type:
   * it is stored as an `offline` event in the device's history and marks the status offline in the same
   * transaction, unless the device was heard after `ts` (status-store.ts). It raises nothing: a sleeping
   * NB-IoT device detaches routinely, and the offline sweeper raises OFFLINE by the model's missed heartbeats
   * as for every device (docs/carriers.md). Resolves once stored, like submit(); the same report twice (the
   * same msgId) is a duplicate and changes nothing.
   */
  async submitOffline(deviceId: string, report: { msgId: string; ts: number; source: string }): Promise<IngestOutcome> {
    const { source } = report;
    this.countersFor(source).received.inc();
    const device = this.directory.peek(deviceId) ?? (await this.directory.get(deviceId));
    if (!device) return this.refuse(source, deviceId, "unknown_device", "no such device");
    if (!report.msgId || report.msgId.length > 64) return this.refuse(source, deviceId, "bad_id", "msgId of 1-64");
    const now = this.clock.now();
    if (!Number.isFinite(report.ts) || report.ts < Date.UTC(2020, 0, 1) || report.ts > now.getTime() + 24 * 3600_000)
      return this.refuse(source, deviceId, "bad_ts", "offline report time out of range");
    if (this.closed) throw new Error("ingest pipeline closed");
    if (this.perDevice && !this.perDevice.take(deviceId).ok)
      return this.refuse(source, deviceId, "rate_limited", "offline over the device's message rate");
    const ts = Math.trunc(report.ts);
    const event: NewEvent = {
      deviceId,
      msgId: report.msgId,
      type: "offline",
      ts: new Date(ts),
      receivedAt: now,
      source,
      payload: JSON.stringify({ id: report.msgId, ts, type: "offline" }),
      pending: false,
    };
    return new Promise<IngestOutcome>((resolve, reject) => {
      this.queue.push({ event, msg: null, resolve, reject, startedAt: process.hrtime.bigint() });
      this.commits.soon();
    });
  }

  /** when a flooding device was last logged: once a minute is enough, the counter has every one */
  private readonly floodLogged = new Map<string, number>();

  private refuse(source: string, deviceId: string, reason: string, detail: string): IngestOutcome {
    this.metrics.refused.inc({ source, reason });
    const quiet = reason === "rate_limited" && Date.now() - (this.floodLogged.get(deviceId) ?? -Infinity) < 60_000;
    if (!quiet) {
      if (reason === "rate_limited") {
        if (this.floodLogged.size > 10_000) this.floodLogged.clear();
        this.floodLogged.set(deviceId, Date.now());
      }
      this.log.warn({ deviceId, source, reason, detail }, "device message refused");
    }
    return { outcome: "refused", reason, detail };
  }

  /**
   * Commits one batch, fire first: the fire lane's, else (when `routine`) up to `routinePerTurn` routine
   * messages, so a fire's effects start before any routine batch is written. Says whether it was routine.
   */
  private async commitOne(routine: boolean, apart: boolean): Promise<boolean> {
    // fire first: a fire alarm waits for at most the one commit already running, never for the routine
    // messages queued before it; with the fire lane apart (PostgreSQL), not even for that one
    const fire = apart ? !routine && this.fireQueue.length > 0 : this.fireQueue.length > 0;
    if (!fire && !routine) return false;
    const lane = fire ? "fire" : "routine";
    const alone = this.isolate[lane] > 0;
    if (alone) this.isolate[lane]--;
    const batch = fire
      ? this.fireQueue.splice(
          0,
          alone ? 1 : apart ? oneDeviceRun(this.fireQueue, this.maxBatch, (p) => p.event.deviceId) : this.maxBatch,
        )
      : this.queue.splice(0, alone ? 1 : this.routinePerTurn || this.maxBatch);
    if (fire && this.early && batch.length === 1) this.raiseEarly(batch[0]!);
    let result: BatchResult;
    try {
      result = await this.store.insertBatch(
        batch.map((p) => p.event),
        (fresh) =>
          foldStatus(
            fresh.map((i) => {
              const { event, msg } = batch[i]!;
              return msg
                ? { deviceId: event.deviceId, receivedAt: event.receivedAt, msg }
                : { deviceId: event.deviceId, offlineAt: event.ts };
            }),
          ),
        // a routine commit ends early when a fire is handed over meanwhile (fire-door.ts): the fire waits for
        // the rows already written, not for the rest of the batch, which goes back to the queue's head
        fire ? { fire } : { stop: fireDoorsRung },
      );
    } catch (e) {
      if (batch.length > 1 && refusedForItsData(e)) {
        // one message the database refuses (a value it cannot hold) must not cost the others in its commit:
        // they go back to the head of their lane, to be committed one at a time, and only that one is refused
        this.log.warn({ err: e, count: batch.length }, "device messages refused for their data: committed one by one");
        (fire ? this.fireQueue : this.queue).unshift(...batch);
        this.isolate[lane] = Math.max(this.isolate[lane], batch.length);
        return !fire;
      }
      // nothing was acknowledged: the devices (or the broker) will send these again
      this.log.error({ err: e, count: batch.length }, "storing device messages failed");
      for (const p of batch) p.reject(e as Error);
      return !fire;
    }
    const { ids, cameBack } = result;
    if (result.taken !== undefined && result.taken < batch.length) this.queue.unshift(...batch.splice(result.taken));
    const accepted: AcceptedEvent[] = [];
    const end = process.hrtime.bigint();
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      const id = ids[i];
      const counters = this.countersFor(p.event.source);
      counters.latency.observe(Number(end - p.startedAt) / 1e9);
      if (id !== null && id !== undefined) {
        counters.stored.inc();
        if (p.event.pending && p.msg) {
          // the stored event becomes the accepted one (no copy: nothing else holds it)
          const e = p.event as AcceptedEvent;
          e.id = id;
          e.msg = p.msg;
          if (p.early) e.early = p.early;
          accepted.push(e);
        }
        p.resolve({ outcome: "stored", eventId: id });
      } else {
        counters.duplicates.inc();
        p.resolve({ outcome: "duplicate" });
      }
    }
    if (fire) {
      if (accepted.length || cameBack.length) this.dispatchFire(accepted, cameBack);
    } else if (accepted.length || cameBack.length) this.dispatch(accepted, cameBack);
    return !fire;
  }

  /** A fire message's raise, started beside its commit when its device has no fire effects still unapplied. */
  private raiseEarly(p: Pending): void {
    const deviceId = p.event.deviceId;
    if (!p.msg || p.early || this.fireUnsettled.has(deviceId)) return;
    const early = this.early!(p.event, p.msg);
    if (!early) return;
    p.early = early;
    this.unsettled(deviceId, +1);
    // settled either way; a failure is the effects' to handle (they raise again), or nobody's when the event
    // was never stored (the device sends it again)
    void early.then(
      () => this.unsettled(deviceId, -1),
      () => this.unsettled(deviceId, -1),
    );
  }

  private unsettled(deviceId: string, by: 1 | -1): void {
    const n = (this.fireUnsettled.get(deviceId) ?? 0) + by;
    if (n > 0) this.fireUnsettled.set(deviceId, n);
    else this.fireUnsettled.delete(deviceId);
  }

  /** routine effects queued behind the one being applied, not yet started: later commits join it */
  private waiting: { events: AcceptedEvent[]; cameBack: Set<string> } | null = null;

  /**
   * Effects run in order, one batch after another, off the acknowledgement path. The commits that end while
   * a batch of effects is being applied are applied together after it (up to maxBatch x 4 events), so under
   * load the effects (a facility run's readings: one transaction, one read of the devices) come in bigger
   * batches and cost less a message, instead of falling behind the acknowledgements one commit at a time.
   */
  private dispatch(events: AcceptedEvent[], cameBack: string[]): void {
    const w = this.waiting;
    if (w && w.events.length + events.length <= this.maxBatch * 4) {
      for (const e of events) w.events.push(e);
      for (const id of cameBack) w.cameBack.add(id);
      return;
    }
    const group = { events: [...events], cameBack: new Set(cameBack) };
    this.waiting = group;
    this.sinkChain = this.sinkChain
      .then(() => {
        if (this.waiting === group) this.waiting = null; // starts now: later commits queue behind it
        return this.sink(group.events, [...group.cameBack]);
      })
      .catch((e) =>
        this.log.error(
          { err: e, count: group.events.length },
          "applying device events failed; they stay pending and are retried",
        ),
      );
  }

  /**
   * Fire effects on their own chain: in order among themselves (a smoke alarm, then smoke gone), and never
   * behind a batch of routine effects (low battery, faults, command answers) still being applied.
   */
  private dispatchFire(events: AcceptedEvent[], cameBack: string[]): void {
    const devices = [...new Set(events.map((e) => e.deviceId))];
    for (const d of devices) this.unsettled(d, +1);
    this.fireChain = this.fireChain
      .then(() => this.sink(events, cameBack))
      .catch((e) =>
        this.log.error(
          { err: e, count: events.length },
          "applying fire events failed; they stay pending and are retried",
        ),
      )
      .finally(() => {
        for (const d of devices) this.unsettled(d, -1);
      });
  }

  /** Waits until every stored event has been applied (tests, shutdown). */
  async drain(): Promise<void> {
    while (!this.commits.idle || this.queue.length || this.fireQueue.length) await new Promise((r) => setTimeout(r, 1));
    await this.fireChain;
    // an early raise whose event was never stored (nothing on the chains waits for it)
    while (this.fireUnsettled.size) await new Promise((r) => setTimeout(r, 1));
    await this.sinkChain;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }
}
