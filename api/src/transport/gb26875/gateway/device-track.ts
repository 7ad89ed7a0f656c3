// What the gateway keeps per transmission device, across its connections: when it was last heard, whether
// it was reported offline, its current connection, and the frames it sent recently (to recognise one sent
// again after a lost confirm, on this connection or the next).
import type { Profile } from "../profile.ts";
import type { GatewayDevice } from "./types.ts";

export interface Recent {
  hash: string;
  at: number;
  /** true once stored (or recognised as stored); false if storing failed */
  done: Promise<boolean>;
}

/** The part of a connection the track and the sweep use. */
export interface TrackedConnection {
  close(reason: "replaced" | "idle_timeout" | "reconfigured"): void;
  sweep(now: number): void;
  probe(): void;
  syncClock(): void;
  dutyCheck(timeoutMinutes: number, outcome?: CommandOutcomeHooks): boolean;
  /** the device's settings changed: read the live session under them */
  reconfigure(device: GatewayDevice): "applied" | "not_serving" | "bad_profile";
  readonly serving: boolean;
  readonly profileName: string;
  /** the device this connection serves, once identified */
  readonly track: DeviceTrack | null;
}

/** What becomes of a command the gateway sends for someone else (a queued duty check). */
export interface CommandOutcomeHooks {
  confirmed(): void;
  failed(why: "no_confirm" | "disconnected"): void;
}

export class DeviceTrack {
  lastHeardAt: number;
  offline = false;
  lastProbeAt = 0;
  lastClockSyncAt: number | null = null;
  connection: TrackedConnection | null = null;
  /** connects in the last minute */
  connects: number[] = [];
  private readonly recent = new Map<number, Recent>();

  constructor(
    public device: GatewayDevice,
    public profile: Profile,
    now: number,
  ) {
    this.lastHeardAt = now;
  }

  /** A frame arrived; returns true when the device had been reported offline. */
  heard(now: number): boolean {
    this.lastHeardAt = Math.max(this.lastHeardAt, now);
    const back = this.offline;
    this.offline = false;
    return back;
  }

  /** The same serial number with the same content seen within the window: the earlier delivery. */
  recall(serial: number, hash: string, now: number, windowMs: number): Recent | null {
    const r = this.recent.get(serial);
    if (!r || r.hash !== hash || now - r.at > windowMs) return null;
    return r;
  }

  remember(serial: number, recent: Recent, max: number): void {
    this.recent.delete(serial); // re-inserted last: the map stays in arrival order
    this.recent.set(serial, recent);
    while (this.recent.size > max) this.recent.delete(this.recent.keys().next().value!);
  }

  forget(serial: number, hash: string): void {
    if (this.recent.get(serial)?.hash === hash) this.recent.delete(serial);
  }

  prune(now: number, windowMs: number): void {
    for (const [serial, r] of this.recent) {
      if (now - r.at <= windowMs) break; // arrival order: the rest are newer
      this.recent.delete(serial);
    }
  }

  get remembered(): number {
    return this.recent.size;
  }
}
