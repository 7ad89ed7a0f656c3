import { describe, expect, it } from "vitest";
import { EventLoopWatchdog } from "./event-loop-watchdog.ts";
import { Metrics } from "./metrics.ts";
import type { Logger } from "./logger.ts";

function recordingLog() {
  const errors: { obj: Record<string, unknown>; msg: string }[] = [];
  const log = { error: (obj: Record<string, unknown>, msg: string) => errors.push({ obj, msg }) } as unknown as Logger;
  return { log, errors };
}

const hold = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* the request that holds the loop */
  }
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("event loop watchdog", () => {
  it("logs an error and counts a stall when something holds the loop past the threshold", async () => {
    const metrics = new Metrics();
    const { log, errors } = recordingLog();
    const dog = new EventLoopWatchdog(metrics, log, { intervalMs: 20, stallMs: 150 });
    dog.start();
    try {
      await tick(60);
      hold(600);
      await tick(100);
      const text = await metrics.registry.metrics();
      expect(Number(/^anxin_event_loop_stalls_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]!.msg).toMatch(/event loop stalled/);
      expect(errors[0]!.obj.stalledMs as number).toBeGreaterThan(150);
      expect(Number(/^anxin_event_loop_delay_max_seconds (\S+)/m.exec(text)?.[1])).toBeGreaterThan(0.15);
    } finally {
      dog.stop();
    }
  });

  it("says nothing while the loop is free", async () => {
    const metrics = new Metrics();
    const { log, errors } = recordingLog();
    const dog = new EventLoopWatchdog(metrics, log, { intervalMs: 20, stallMs: 2000 });
    dog.start();
    await tick(200);
    dog.stop();
    expect(errors).toEqual([]);
    expect(await metrics.registry.metrics()).toMatch(/^anxin_event_loop_stalls_total 0$/m);
  });
});
