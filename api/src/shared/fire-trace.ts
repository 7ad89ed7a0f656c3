// Where a fire alarm's time goes (issue 21 item 2): with ANXIN_FIRE_TRACE=<file>, the API writes one JSON line
// per stage a fire alarm passes (read by the broker thread, handed to the API's thread, effects started, alarm
// raised, first message handed to its provider), with an
// absolute high-resolution time (performance.timeOrigin + performance.now(), comparable between processes on
// one machine), and every 2 s a line with the event-loop delay of the last 2 s (perf_hooks). The bench joins
// these with its own publish, PUBACK and provider-arrival times (bench/fire-under-load.ts, BENCH_FIRE_TRACE).
// Off (the default) every call is one comparison: nothing is kept, nothing written.
import { appendFile, readFileSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { isMainThread, threadId } from "node:worker_threads";

const file = process.env.ANXIN_FIRE_TRACE || null;
/** lines not yet written; bounded so a trace left on cannot grow without end */
let buffer: string[] = [];
const MAX_BUFFER = 10_000;
/** the alarms traced, so only an alarm's first message is marked as its first send */
const seen = new Map<string, boolean>();

export const fireTraceOn = file !== null;

/** absolute time in ms with sub-ms resolution */
export const traceNow = (): number => performance.timeOrigin + performance.now();

export function tracePush(line: Record<string, unknown>): void {
  if (!file) return;
  if (buffer.length < MAX_BUFFER) buffer.push(JSON.stringify(line));
}

/**
 * This thread's time on a CPU and waiting for one, in ms (Linux's /proc/thread-self/schedstat), so a slow step
 * in the trace can be told apart: working, waiting for a core, or blocked (a disk's sync). Null when off.
 */
export function threadSched(): { run: number; wait: number } | null {
  if (!file) return null;
  try {
    const [run, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ");
    return { run: Number(run) / 1e6, wait: Number(wait) / 1e6 };
  } catch {
    return null;
  }
}

/** A stage of a fire alarm: `key` is the device (before the alarm exists) or the alarm id. */
export function fireMark(stage: string, data: { deviceId?: string | null; alarmId?: string | null }): void {
  if (!file) return;
  if (stage === "sent") {
    if (!data.alarmId || !seen.has(data.alarmId) || seen.get(data.alarmId)) return;
    seen.set(data.alarmId, true);
  } else if (stage === "raised" && data.alarmId) {
    if (seen.size > 5000) seen.clear();
    seen.set(data.alarmId, false);
  }
  tracePush({ t: traceNow(), stage, ...data });
}

if (file) {
  // the monotonic clock beside the trace's: a CPU profile (--cpu-prof, stamped in monotonic microseconds) lines up
  tracePush({ t: traceNow(), stage: "clock", hrUs: Number(process.hrtime.bigint() / 1000n), thread: threadId });
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const flush = () => {
    if (h.count)
      tracePush({
        t: traceNow(),
        stage: "loop",
        p50: h.percentile(50) / 1e6,
        p99: h.percentile(99) / 1e6,
        max: h.max / 1e6,
        // a worker thread's loop (the broker's) is said apart from the API's own
        ...(isMainThread ? {} : { thread: threadId }),
      });
    h.reset();
    if (!buffer.length) return;
    const text = buffer.join("\n") + "\n";
    buffer = [];
    appendFile(file, text, () => undefined);
  };
  setInterval(flush, 2000).unref();
}
