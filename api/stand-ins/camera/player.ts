// Plays a clip in a loop at its frame rate to whoever listens; idle when nobody does.
import type { AccessUnit } from "./h264.ts";
import type { Clip } from "./clip.ts";

/** One access unit as sent: its RTP timestamp keeps growing across loops (90 kHz clock, RFC 6184 5.1). */
export type UnitListener = (au: AccessUnit, timestamp: number) => void;

export class ClipPlayer {
  private readonly listeners = new Set<UnitListener>();
  private timer: NodeJS.Timeout | null = null;
  private index = 0;
  private started = 0;
  private readonly baseTimestamp = Math.floor(Math.random() * 0xffffffff);
  /** while frozen the player keeps time but sends nothing, like a camera whose encoder has hung */
  frozen = false;

  constructor(readonly clip: Clip) {}

  /** The RTP timestamp of the next unit, for the RTP-Info of a PLAY answer. */
  get nextTimestamp(): number {
    return (this.baseTimestamp + Math.round((this.index * 90000) / this.clip.fps)) >>> 0;
  }

  subscribe(listener: UnitListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.started = performance.now() - (this.index * 1000) / this.clip.fps;
      this.tick();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
    };
  }

  stop(): void {
    this.listeners.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private tick = (): void => {
    const units = this.clip.units;
    const au = units[this.index % units.length]!;
    const ts = this.nextTimestamp;
    this.index++;
    if (!this.frozen) for (const l of this.listeners) l(au, ts);
    // scheduled against the start time, so the frame rate does not drift with timer lateness
    const due = this.started + (this.index * 1000) / this.clip.fps;
    this.timer = setTimeout(this.tick, Math.max(0, due - performance.now()));
  };
}
