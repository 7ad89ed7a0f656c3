import { describe, expect, it } from "vitest";
import type { Detection } from "./fire-detector.ts";
import { SuspicionGate } from "./suspicion-gate.ts";

const flame = (score = 0.8): Detection[] => [{ kind: "flame", score, box: { x: 0, y: 0, width: 10, height: 10 } }];

describe("SuspicionGate", () => {
  it("opens one episode once a detection persists, and stays quiet while it goes on", () => {
    const gate = new SuspicionGate({ hitsNeeded: 3, window: 5, coolDownMs: 60_000 });
    const outcomes = [0, 1, 2, 3, 4, 5, 6].map((s) => gate.observe(s * 1000, flame()).outcome);
    expect(outcomes).toEqual(["ignored", "ignored", "opened", "continued", "continued", "continued", "continued"]);
  });

  it("does not open on scattered or weak detections", () => {
    const gate = new SuspicionGate({ hitsNeeded: 3, window: 4, minScore: 0.5 });
    const seen = [flame(), [], [], flame(), [], [], flame(0.3), flame(0.3), flame(0.3), flame()];
    expect(seen.map((d, i) => gate.observe(i * 1000, d).outcome)).not.toContain("opened");
  });

  it("closes after the cool-down without detections, then may open again", () => {
    const gate = new SuspicionGate({ hitsNeeded: 2, window: 3, coolDownMs: 10_000 });
    gate.observe(0, flame());
    expect(gate.observe(1000, flame()).outcome).toBe("opened");
    expect(gate.observe(5000, []).outcome).toBe("continued");
    // a detection inside the cool-down extends the episode
    expect(gate.observe(9000, flame()).outcome).toBe("continued");
    expect(gate.observe(18_000, []).outcome).toBe("continued");
    expect(gate.observe(19_000, []).outcome).toBe("closed");
    expect(gate.inEpisode).toBe(false);
    expect(gate.observe(20_000, flame()).outcome).toBe("ignored");
    expect(gate.observe(21_000, flame()).outcome).toBe("opened");
  });

  it("reports the strongest detection of the opening frame", () => {
    const gate = new SuspicionGate({ hitsNeeded: 1, window: 1 });
    const r = gate.observe(0, [...flame(0.6), { kind: "smoke", score: 0.9, box: { x: 5, y: 5, width: 5, height: 5 } }]);
    expect(r).toMatchObject({ outcome: "opened", best: { kind: "smoke", score: 0.9 } });
  });
});
