// BENCH_LOAD_NICE=<n> (0-19, default 0): the bench's load generators (background heartbeats, reconnecting
// devices, HTTP readers) run n nicer than the API. On a server the load comes from other machines; here it
// shares the API's two cores, and a fire alarm timed under load waits for the generators' CPU as well as for
// the API's own work. Running them nicer shows how much of the loaded figure is theirs. The API, the alarm
// publisher and the providers' stand-ins (where a fire alarm is timed) keep their priority.
import type { ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import os from "node:os";

export const LOAD_NICE = Math.max(0, Math.min(19, Math.trunc(Number(process.env.BENCH_LOAD_NICE ?? 0)) || 0));

/**
 * Every thread of a ready load process, LOAD_NICE nicer. On Linux nice is a thread's own, and a thread started
 * later takes its starter's, so the threads there are now are enough. Returns how many were changed.
 */
export function niceLoad(child: ChildProcess): number {
  if (LOAD_NICE === 0 || child.pid === undefined) return 0;
  let changed = 0;
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${child.pid}/task`);
  } catch {
    return 0; // not Linux, or gone
  }
  for (const tid of tids) {
    try {
      os.setPriority(Number(tid), Math.min(19, os.getPriority(Number(tid)) + LOAD_NICE));
      changed++;
    } catch {
      // a thread that ended meanwhile
    }
  }
  return changed;
}
