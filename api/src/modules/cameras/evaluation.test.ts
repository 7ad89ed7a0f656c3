import { describe, expect, it } from "vitest";
import { labelsFromName, parseLabels, summarise } from "./evaluation.ts";

describe("labels", () => {
  it("reads a sidecar and names the problem with a bad one", () => {
    expect(parseLabels('{"camera":"gate-1","fire":[[12,40]]}', "x")).toEqual({ camera: "gate-1", fire: [[12, 40]] });
    expect(parseLabels('{"fire":[]}', "fallback").camera).toBe("fallback");
    expect(() => parseLabels('{"fire":[[5,2]]}', "x")).toThrow(/ends before it starts/);
    expect(() => parseLabels('{"fire":"all"}', "x")).toThrow(/list/);
    expect(() => parseLabels('{"fire":[[-1,2]]}', "x")).toThrow(/>= 0/);
  });

  it("reads fire_ and nofire_ names", () => {
    expect(labelsFromName("fire_kitchen.mp4", "c", 30)).toEqual({ camera: "c", fire: [[0, 30]] });
    expect(labelsFromName("nofire_sunset.mp4", "c", 30)).toEqual({ camera: "c", fire: [] });
    expect(labelsFromName("clip.mp4", "c", 30)).toBeNull();
  });
});

describe("summarise", () => {
  it("counts true and false events, found fires and false alarms per camera-day", () => {
    const s = summarise([
      // a fire from 10 s to 20 s found at 14 s, plus a false event at 100 s
      { clip: "a", labels: { camera: "c1", fire: [[10, 20]] }, durationSec: 43_210, eventsAtSec: [14, 100] },
      // a fire never found
      { clip: "b", labels: { camera: "c1", fire: [[0, 10]] }, durationSec: 10, eventsAtSec: [] },
      // a fire-free clip with one false event
      { clip: "c", labels: { camera: "c2", fire: [] }, durationSec: 43_200, eventsAtSec: [5] },
    ]);
    expect(s).toMatchObject({
      clips: 3,
      cameras: 2,
      fires: 2,
      firesFound: 1,
      events: 3,
      trueEvents: 1,
      falseEvents: 2,
    });
    expect(s.precision).toBeCloseTo(1 / 3, 3);
    expect(s.recall).toBe(0.5);
    // fire-free time: 43,200 + 0 + 43,200 s = one camera-day; two false events
    expect(s.falseAlarmsPerCameraDay).toBe(2);
    expect(s.medianSecondsToDetect).toBe(4);
  });

  it("says NaN rather than inventing a rate without data", () => {
    const s = summarise([{ clip: "a", labels: { camera: "c", fire: [] }, durationSec: 60, eventsAtSec: [] }]);
    expect(s.precision).toBeNaN();
    expect(s.recall).toBeNaN();
    expect(s.falseAlarmsPerCameraDay).toBe(0);
  });
});
