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
  /** delivery receipts, read at scrape time from the receipt service's tally (set by watchReceipts) */
  private receiptCounts: Readonly<Record<string, number>> = {};

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
  }

  /** Reports the receipt service's running tally on /metrics. */
  watchReceipts(counts: Readonly<Record<string, number>>): void {
    this.receiptCounts = counts;
  }
}
