// Notices when something holds the event loop (issue 12: a date loop held it for minutes and nothing said
// so). A timer asks to run every `intervalMs`; when it runs late by more than `stallMs`, the loop was held
// that long: an error is logged and anxin_event_loop_stalls_total counts it. Node's own delay histogram
// (perf_hooks.monitorEventLoopDelay) gives the p99 and max delay on /metrics.
import { monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";

export interface WatchdogOptions {
  /** how often the check runs */
  intervalMs?: number;
  /** a check this late means the loop was held: logged as an error and counted */
  stallMs: number;
}

export class EventLoopWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private histogram: IntervalHistogram | null = null;
  private expected = 0;
  private readonly intervalMs: number;

  constructor(
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: WatchdogOptions,
  ) {
    this.intervalMs = opts.intervalMs ?? 250;
  }

  start(): void {
    if (this.timer) return;
    this.histogram = monitorEventLoopDelay({ resolution: 20 });
    this.histogram.enable();
    const h = this.histogram;
    this.metrics.watchEventLoop(() => ({
      p99Ms: h.count ? h.percentile(99) / 1e6 : 0,
      maxMs: h.count ? h.max / 1e6 : 0,
    }));
    this.expected = performance.now() + this.intervalMs;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  private check(): void {
    const now = performance.now();
    const lateMs = now - this.expected;
    this.expected = now + this.intervalMs;
    if (lateMs <= this.opts.stallMs) return;
    this.metrics.eventLoopStalls.inc();
    this.log.error(
      { stalledMs: Math.round(lateMs), thresholdMs: this.opts.stallMs },
      "event loop stalled: requests, device messages and timers waited",
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.histogram?.disable();
    this.histogram = null;
  }
}
