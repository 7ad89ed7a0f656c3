import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ALARM_POLL_MS, createAlarmWatcher } from "@/services/alarmWatch";
import type { AlarmSummary } from "@anxin/contract";
import { alarmSummary } from "../support/fixtures";

const alarm = (id: string, status: AlarmSummary["status"] = "ACTIVE"): AlarmSummary =>
  alarmSummary({ id, status, startedAt: "2026-11-28T10:00:00Z", address: "幸福小区" });

describe("open-alarm watcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("polls often enough that an alarm is seen well within 2 s", () => {
    expect(ALARM_POLL_MS).toBeLessThanOrEqual(1500);
  });

  it("polls every ALARM_POLL_MS and reports a new ACTIVE alarm on the first poll after it appears, once", async () => {
    let open: AlarmSummary[] = [];
    const fetchOpen = vi.fn(async () => open);
    const onNew = vi.fn();
    const w = createAlarmWatcher({ fetchOpen, onNew });
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchOpen).toHaveBeenCalledTimes(1);
    expect(onNew).not.toHaveBeenCalled();

    open = [alarm("a1")];
    await vi.advanceTimersByTimeAsync(ALARM_POLL_MS - 1);
    expect(onNew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onNew).toHaveBeenCalledTimes(1);
    expect(onNew.mock.calls[0][0].map((a: AlarmSummary) => a.id)).toEqual(["a1"]);

    // still open on later polls: not reported again
    await vi.advanceTimersByTimeAsync(3 * ALARM_POLL_MS);
    expect(onNew).toHaveBeenCalledTimes(1);
    expect(fetchOpen).toHaveBeenCalledTimes(5);
    w.stop();
  });

  it("does not report alarms that are already acknowledged", async () => {
    const onNew = vi.fn();
    const w = createAlarmWatcher({ fetchOpen: async () => [alarm("a2", "ACKNOWLEDGED")], onNew });
    await w.tick();
    expect(onNew).not.toHaveBeenCalled();
  });

  it("stops polling when stopped (app hidden) and never overlaps a slow request", async () => {
    let release: () => void = () => undefined;
    const fetchOpen = vi.fn(
      () =>
        new Promise<AlarmSummary[]>((resolve) => {
          release = () => resolve([]);
        }),
    );
    const w = createAlarmWatcher({ fetchOpen, onNew: vi.fn() });
    w.start();
    await vi.advanceTimersByTimeAsync(6000);
    expect(fetchOpen).toHaveBeenCalledTimes(1); // still waiting for the first answer
    release();
    await vi.advanceTimersByTimeAsync(ALARM_POLL_MS);
    expect(fetchOpen).toHaveBeenCalledTimes(2);
    release();
    w.stop();
    expect(w.running).toBe(false);
    await vi.advanceTimersByTimeAsync(10000);
    expect(fetchOpen).toHaveBeenCalledTimes(2);
  });

  it("keeps polling after a failed request and reports the error", async () => {
    const onError = vi.fn();
    const fetchOpen = vi
      .fn()
      .mockRejectedValueOnce(new Error("down"))
      .mockResolvedValue([alarm("a3")]);
    const onNew = vi.fn();
    const w = createAlarmWatcher({ fetchOpen, onNew, onError });
    w.start();
    await vi.advanceTimersByTimeAsync(ALARM_POLL_MS);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onNew).toHaveBeenCalledTimes(1);
    w.stop();
  });
});
