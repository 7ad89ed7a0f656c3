// One suspected fire per episode, not one per frame. A detection must persist (seen in `hitsNeeded` of the
// last `window` frames) before it opens an episode; the episode raises one event and stays open while the
// detector keeps seeing something; it closes only after `coolDownMs` without any detection, and only then
// can the same camera raise another. A person confirms every event (issue 23), so one event per fire
// keeps the monitoring centre's screen readable without hiding a fire that comes back later.
import type { Detection } from "./fire-detector.ts";

export interface GateOptions {
  /** detections below this score count as nothing (default 0.5) */
  minScore?: number;
  /** frames with a detection needed among the last `window` (default 3 of 5) */
  hitsNeeded?: number;
  window?: number;
  /** quiet time that ends an episode (default 5 minutes) */
  coolDownMs?: number;
}

/** What one frame did to the camera's episode. */
export type GateOutcome =
  /** a persistent detection opened an episode: raise ONE suspected fire with this detection */
  | { outcome: "opened"; best: Detection }
  /** an episode is open; nothing new to raise */
  | { outcome: "continued" }
  /** the episode ended after the cool-down */
  | { outcome: "closed" }
  /** no episode, and not enough evidence for one */
  | { outcome: "ignored" };

export class SuspicionGate {
  private readonly recent: boolean[] = [];
  private episode: { openedAt: number; lastSeen: number } | null = null;
  private readonly o: Required<GateOptions>;

  constructor(options: GateOptions = {}) {
    this.o = { minScore: 0.5, hitsNeeded: 3, window: 5, coolDownMs: 5 * 60_000, ...options };
    this.o.window = Math.max(1, Math.min(60, this.o.window));
    this.o.hitsNeeded = Math.max(1, Math.min(this.o.window, this.o.hitsNeeded));
  }

  /** Feeds the detections of the frame taken at `t` (ms). */
  observe(t: number, detections: readonly Detection[]): GateOutcome {
    const strong = detections.filter((d) => d.score >= this.o.minScore);
    const best = strong.reduce<Detection | null>((a, d) => (!a || d.score > a.score ? d : a), null);
    this.recent.push(best !== null);
    if (this.recent.length > this.o.window) this.recent.shift();
    if (this.episode) {
      if (best) {
        this.episode.lastSeen = t;
        return { outcome: "continued" };
      }
      if (t - this.episode.lastSeen < this.o.coolDownMs) return { outcome: "continued" };
      this.episode = null;
      this.recent.length = 0;
      return { outcome: "closed" };
    }
    const hits = this.recent.filter(Boolean).length;
    if (!best || hits < this.o.hitsNeeded) return { outcome: "ignored" };
    this.episode = { openedAt: t, lastSeen: t };
    return { outcome: "opened", best };
  }

  get minScore(): number {
    return this.o.minScore;
  }

  get inEpisode(): boolean {
    return this.episode !== null;
  }
}
