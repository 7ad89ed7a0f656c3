import type { AlarmSummary } from "@anxin/contract";

export interface AlarmWatcherOptions {
  /** GET /api/alarms?status=open */
  fetchOpen: () => Promise<AlarmSummary[]>;
  /** every poll's list of open alarms */
  onList?: (items: AlarmSummary[]) => void;
  /** alarms that became ACTIVE since the last poll (each id reported once) */
  onNew: (items: AlarmSummary[]) => void;
  onError?: (err: unknown) => void;
  intervalMs?: number;
}

/**
 * How often the open alarms are polled while the app is visible. A new alarm must be on screen
 * within 2 s: a 2 s gap plus the request and the render would overshoot, so poll every 1.5 s.
 */
export const ALARM_POLL_MS = 1500;

/**
 * Polls the open alarms every ALARM_POLL_MS while started (the app is visible).
 * A poll is never started while the previous one is still waiting.
 */
export function createAlarmWatcher(opts: AlarmWatcherOptions) {
  const interval = opts.intervalMs ?? ALARM_POLL_MS;
  const seen = new Set<string>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let inFlight = false;

  async function tick(): Promise<void> {
    if (inFlight) return;
    inFlight = true;
    try {
      const items = await opts.fetchOpen();
      opts.onList?.(items);
      const fresh = items.filter((a) => a.status === "ACTIVE" && !seen.has(a.id));
      items.forEach((a) => seen.add(a.id));
      if (fresh.length > 0) opts.onNew(fresh);
    } catch (err) {
      opts.onError?.(err);
    } finally {
      inFlight = false;
    }
  }

  return {
    start(): void {
      if (timer) return;
      void tick();
      timer = setInterval(() => void tick(), interval);
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    get running(): boolean {
      return timer !== null;
    },
    tick,
    /** forget which alarms were reported (after signing out) */
    reset(): void {
      seen.clear();
    },
  };
}
