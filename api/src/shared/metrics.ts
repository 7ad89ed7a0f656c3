// Prometheus metrics, one registry per API instance (tests run several in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  readonly received: Counter<"source">;
  readonly refused: Counter<"source" | "reason">;
  readonly stored: Counter<"source">;
  readonly duplicates: Counter<"source">;
  readonly ingestLatency: Histogram<"source">;
  readonly connectedDevices: Gauge;
  readonly authFailures: Counter<"reason">;
  readonly alarmChanges: Counter<"kind" | "outcome">;
  /** the event loop was held longer than the watchdog's threshold (event-loop-watchdog.ts) */
  readonly eventLoopStalls: Counter;
  /** each send's outcome, by channel: sent, retry, failed, cancelled, delivered, undelivered */
  readonly notifications: Counter<"channel" | "outcome">;
  /** escalation steps that reached nobody (issue 12 item 4): each raised a NOTIFY_FAILED alarm */
  readonly stepsUnreached: Counter;
  /** requests refused by a rate limit, by limit */
  readonly rateLimited: Counter<"limit">;
  /** staff sign-in attempts by outcome: ok, wrong (password or unknown user), throttled */
  readonly staffLogins: Counter<"outcome">;
  /** MQTT connections the embedded broker's guard closed, by reason */
  readonly mqttRefused: Counter<"reason">;
  private eventLoop: () => { p99Ms: number; maxMs: number } = () => ({ p99Ms: 0, maxMs: 0 });
  private providers: () => { channel: string; state: string }[] = () => [];
  /** delivery receipts, read at scrape time from the receipt service's tally (set by watchReceipts) */
  private receiptCounts: Readonly<Record<string, number>> = {};
  private cameraFrames: () => { camera: string; frames: number }[] = () => [];

  constructor(opts: { defaults?: boolean } = {}) {
    const r = [this.registry];
    if (opts.defaults) collectDefaultMetrics({ register: this.registry });
    this.received = new Counter({
      name: "anxin_device_messages_received_total",
      help: "Device messages received",
      labelNames: ["source"],
      registers: r,
    });
    this.refused = new Counter({
      name: "anxin_device_messages_refused_total",
      help: "Device messages refused, by reason",
      labelNames: ["source", "reason"],
      registers: r,
    });
    this.stored = new Counter({
      name: "anxin_device_messages_stored_total",
      help: "Device messages durably stored",
      labelNames: ["source"],
      registers: r,
    });
    this.duplicates = new Counter({
      name: "anxin_device_messages_duplicate_total",
      help: "Redelivered device messages recognised and ignored",
      labelNames: ["source"],
      registers: r,
    });
    this.ingestLatency = new Histogram({
      name: "anxin_ingest_latency_seconds",
      help: "From receipt of a device message to its durable storage",
      labelNames: ["source"],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers: r,
    });
    this.connectedDevices = new Gauge({
      name: "anxin_connected_devices",
      help: "Devices connected to the embedded broker",
      registers: r,
    });
    this.authFailures = new Counter({
      name: "anxin_device_auth_failures_total",
      help: "Refused device connections and topic violations",
      labelNames: ["reason"],
      registers: r,
    });
    this.alarmChanges = new Counter({
      name: "anxin_alarm_changes_total",
      help: "Alarm state changes",
      labelNames: ["kind", "outcome"],
      registers: r,
    });
    this.eventLoopStalls = new Counter({
      name: "anxin_event_loop_stalls_total",
      help: "Times the event loop was held longer than EVENT_LOOP_STALL_MS (logged as errors)",
      registers: r,
    });
    const loop = () => this.eventLoop();
    new Gauge({
      name: "anxin_event_loop_delay_p99_seconds",
      help: "Event loop delay, 99th percentile since start (perf_hooks.monitorEventLoopDelay)",
      registers: r,
      collect() {
        this.set(loop().p99Ms / 1000);
      },
    });
    new Gauge({
      name: "anxin_event_loop_delay_max_seconds",
      help: "Longest event loop delay since start",
      registers: r,
      collect() {
        this.set(loop().maxMs / 1000);
      },
    });
    const providers = () => this.providers();
    new Gauge({
      name: "anxin_notification_provider_degraded",
      help: "1 when most of a provider's recent sends failed (SMS, VOICE, WECHAT; details on /ready)",
      labelNames: ["channel"],
      registers: r,
      collect() {
        this.reset();
        for (const p of providers()) this.set({ channel: p.channel }, p.state === "degraded" ? 1 : 0);
      },
    });
    this.notifications = new Counter({
      name: "anxin_notifications_total",
      help: "Notification sends by channel and outcome: sent, retry, failed, cancelled; receipts: delivered, undelivered",
      labelNames: ["channel", "outcome"],
      registers: r,
    });
    this.stepsUnreached = new Counter({
      name: "anxin_escalation_steps_unreached_total",
      help: "Escalation steps of fire alarms that reached nobody (each raised a NOTIFY_FAILED alarm)",
      registers: r,
    });
    this.rateLimited = new Counter({
      name: "anxin_rate_limited_total",
      help: "Requests refused with 429 by a rate limit, by limit",
      labelNames: ["limit"],
      registers: r,
    });
    this.staffLogins = new Counter({
      name: "anxin_staff_login_attempts_total",
      help: "Staff sign-in attempts: ok, wrong (wrong password or unknown user, not told apart), throttled",
      labelNames: ["outcome"],
      registers: r,
    });
    this.mqttRefused = new Counter({
      name: "anxin_mqtt_connections_refused_total",
      help: "MQTT connections closed by the embedded broker's guard: too many per address, oversized packet, no CONNECT first",
      labelNames: ["reason"],
      registers: r,
    });
    const receipts = (): Readonly<Record<string, number>> => this.receiptCounts;
    new Counter({
      name: "anxin_delivery_receipts_total",
      help: "Provider delivery receipts: applied, duplicate (no effect), unknown message (acknowledged), refused (forged or unconfigured)",
      labelNames: ["outcome"],
      registers: r,
      collect() {
        this.reset();
        for (const [outcome, n] of Object.entries(receipts())) this.inc({ outcome }, n);
      },
    });
    const cameraFrames = () => this.cameraFrames();
    new Gauge({
      name: "anxin_camera_frames_analysed",
      help: "Frames analysed for fire and smoke since the camera's recognition started, by camera (at most CAMERA_MAX_ANALYSED)",
      labelNames: ["camera"],
      registers: r,
      collect() {
        this.reset();
        for (const c of cameraFrames()) this.set({ camera: c.camera }, c.frames);
      },
    });
  }

  /** Reports the frames each watched camera has had analysed on /metrics (issue 23). */
  watchCameras(read: () => { camera: string; frames: number }[]): void {
    this.cameraFrames = read;
  }

  /** Reports the notification providers' health on /metrics. */
  watchProviders(read: () => { channel: string; state: string }[]): void {
    this.providers = read;
  }

  /** Reports the event loop watchdog's delay figures on /metrics. */
  watchEventLoop(read: () => { p99Ms: number; maxMs: number }): void {
    this.eventLoop = read;
  }

  /** Reports the receipt service's running tally on /metrics. */
  watchReceipts(counts: Readonly<Record<string, number>>): void {
    this.receiptCounts = counts;
  }
}
