// What the gateway is given and what it hands on. It knows the wire; storage, alarms, offline alarms and
// metrics are injected (the composition root wires them to the ingest pipeline and /metrics).
import type { Clock } from "../../../shared/clock.ts";
import type { GatewayDevice } from "../../../modules/panels/index.ts";
import type { AppData } from "../app-data/index.ts";
import type { Frame } from "../frame.ts";
import type { Profile } from "../profile.ts";
import type { GatewayReason } from "./reasons.ts";

export type { GatewayDevice };

/** A frame that checked out, to store before it is confirmed. */
export interface GatewayFrame {
  device: GatewayDevice;
  profile: Profile;
  frame: Frame;
  /** the decoded application data; null for a heartbeat */
  data: AppData | null;
  /** the frame's bytes as received */
  raw: Uint8Array;
  /** the same frame delivered again has the same id (frame-id.ts) */
  frameId: string;
  receivedAt: Date;
  /** carries a fire bit or a manual alarm */
  fire: boolean;
  /** a response (command 5) to the gateway's own request: stored, never confirmed */
  response: boolean;
}

/** What the store did: stored and duplicate are confirmed; refused is denied. */
export type StoreOutcome = { outcome: "stored" } | { outcome: "duplicate" } | { outcome: "refused"; reason: string };

export interface GatewayMetrics {
  /** something refused or dropped, by reason */
  refused(reason: GatewayReason): void;
  /** a frame confirmed after it was stored (or recognised as stored), and how long from receipt */
  confirmed(outcome: "stored" | "duplicate", seconds: number): void;
  /** open connections and identified sessions, after each change */
  connections(open: number, sessions: number): void;
}

export interface GatewayLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A command queued for a device, on whichever instance it is connected (modules/panels/panel-commands.ts). */
export interface GatewayCommand {
  id: string;
  deviceId: string;
  /** "gb26875.duty_check" (params.timeoutMinutes) or "gb26875.reload" (read the device's settings again) */
  type: string;
  params: Record<string, unknown>;
}

/** The shared queue of commands: each gateway claims those of the devices connected to it. */
export interface GatewayCommandQueue {
  pending(): Promise<GatewayCommand[]>;
  /** false: another instance took it */
  claim(id: string): Promise<boolean>;
  settle(id: string, ok: boolean, result?: string): Promise<void>;
  /** gives a claimed row back (its connection ended before the device confirmed it) */
  release(id: string): Promise<void>;
  /** gives up rows no instance claimed in time */
  expire(): Promise<number>;
}

export interface GatewayDeps {
  /** the device registered at an address, or null */
  lookup(address: string): Promise<GatewayDevice | null>;
  /** stores what a frame carries; the confirm goes back only after this resolves */
  store(frame: GatewayFrame): Promise<StoreOutcome>;
  /**
   * A device was silent here for its patrol interval; `lastHeardAt` is when this gateway last heard it.
   * Behind a load balancer the device may be talking to another instance: mark it offline only if no
   * instance heard it after `lastHeardAt` (the shared status's last-seen time).
   */
  offline(deviceId: string, lastHeardAt: Date): void;
  /** a device reported offline spoke again */
  online?(deviceId: string): void;
  /** the device confirmed a clock sync (type 90) */
  clockSynced?(deviceId: string, at: Date): void | Promise<void>;
  /** commands queued for devices, by any instance; without it only this instance's calls reach devices */
  commands?: GatewayCommandQueue;
  metrics?: GatewayMetrics;
  clock: Clock;
  log?: GatewayLog;
}

export interface GatewayOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** 0: any free port (tests) */
  port: number;
  /** our address in commands the gateway starts; default: the destination the device writes to */
  centreAddress?: string;
  maxConnections?: number;
  /** connections that have not sent a frame yet */
  maxUnidentified?: number;
  identifyTimeoutMs?: number;
  /** GB 50440: at most 2 h; a device's own interval is capped by this */
  maxPatrolSec?: number;
  /** added to the patrol interval before a silent device is offline */
  offlineGraceMs?: number;
  /** ask a silent device for its state (type 81) after half its patrol interval */
  patrolProbe?: boolean;
  framesPerSecond?: number;
  frameBurst?: number;
  /** frames of one session waiting to be stored */
  maxInFlight?: number;
  /** bytes of replies the peer has not read */
  maxWriteBuffer?: number;
  /** how long a frame is remembered to recognise it sent again */
  dedupeWindowMs?: number;
  dedupeMax?: number;
  /** new connections of one address in a minute before more are refused */
  replacementsPerMinute?: number;
  clockSyncEveryMs?: number;
  /** clause 6.5: resend a command after at most 10 s, 3 times */
  commandTimeoutMs?: number;
  commandAttempts?: number;
  sweepEveryMs?: number;
  /** how often the shared command queue is read (also read at once when this instance queues a command) */
  commandPollMs?: number;
  /** an unregistered address is looked up again after this */
  unknownRetryMs?: number;
  /** close() waits this long for frames being stored */
  closeGraceMs?: number;
}

export type ResolvedOptions = Required<Omit<GatewayOptions, "centreAddress">> & { centreAddress: string | null };

export function resolveOptions(o: GatewayOptions): ResolvedOptions {
  return {
    host: o.host ?? "127.0.0.1",
    port: o.port,
    centreAddress: o.centreAddress ?? null,
    maxConnections: o.maxConnections ?? 10_000,
    maxUnidentified: o.maxUnidentified ?? 1000,
    identifyTimeoutMs: o.identifyTimeoutMs ?? 60_000,
    maxPatrolSec: Math.min(7200, o.maxPatrolSec ?? 7200),
    offlineGraceMs: o.offlineGraceMs ?? 60_000,
    patrolProbe: o.patrolProbe ?? true,
    framesPerSecond: o.framesPerSecond ?? 20,
    frameBurst: o.frameBurst ?? 40,
    maxInFlight: o.maxInFlight ?? 64,
    maxWriteBuffer: o.maxWriteBuffer ?? 64 * 1024,
    dedupeWindowMs: o.dedupeWindowMs ?? 120_000,
    dedupeMax: o.dedupeMax ?? 512,
    replacementsPerMinute: o.replacementsPerMinute ?? 10,
    clockSyncEveryMs: o.clockSyncEveryMs ?? 24 * 3600_000,
    commandTimeoutMs: o.commandTimeoutMs ?? 10_000,
    commandAttempts: o.commandAttempts ?? 4,
    sweepEveryMs: o.sweepEveryMs ?? 1000,
    commandPollMs: o.commandPollMs ?? 1000,
    unknownRetryMs: o.unknownRetryMs ?? 30_000,
    closeGraceMs: o.closeGraceMs ?? 5000,
  };
}
