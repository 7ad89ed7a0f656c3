// The GB/T 26875.3 gateway: a TCP listener for user information transmission devices (issue 16). One
// session per device, named by its address; a second connection of the same address replaces the first
// (the device lost the old one). A sweep reports devices silent for their patrol interval (GB 50440: at
// most 2 h) as offline, asks quiet devices for their state, syncs clocks daily (type 90) and resends
// unanswered commands (clause 6.5). Storage, alarms and metrics are injected (types.ts).
import net from "node:net";
import type { Profile } from "../profile.ts";
import { Connection, type ConnectionHost } from "./connection.ts";
import { DeviceTrack } from "./device-track.ts";
import type { GatewayReason } from "./reasons.ts";
import {
  resolveOptions,
  type GatewayDeps,
  type GatewayDevice,
  type GatewayOptions,
  type ResolvedOptions,
} from "./types.ts";

/** Unregistered addresses remembered at once (their lookups are not repeated within unknownRetryMs). */
const MAX_UNKNOWN = 10_000;

export class Gb26875Gateway implements ConnectionHost {
  readonly opts: ResolvedOptions;
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private readonly tracks = new Map<string, DeviceTrack>();
  private readonly unknown = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private boundPort = 0;
  private sessions = 0;

  constructor(
    readonly deps: GatewayDeps,
    options: GatewayOptions,
  ) {
    this.opts = resolveOptions(options);
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.maxConnections = this.opts.maxConnections;
    this.server.on("drop", () => this.refuse("too_many_connections"));
  }

  /** Starts listening; resolves with the port (the configured one, or the one the system gave for 0). */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as net.AddressInfo).port;
    this.sweepTimer = setInterval(() => this.sweep(), this.opts.sweepEveryMs);
    this.sweepTimer.unref();
    return this.boundPort;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Open connections, sessions (identified devices) and devices known to be connected or recently so. */
  stats(): { connections: number; sessions: number; devices: number } {
    return { connections: this.connections.size, sessions: this.sessions, devices: this.tracks.size };
  }

  /** Sends a duty check (type 91) to a device connected to this instance; false when it is not. */
  dutyCheck(deviceId: string, timeoutMinutes: number): boolean {
    return this.tracks.get(deviceId)?.connection?.dutyCheck(timeoutMinutes) ?? false;
  }

  /** The device's session, if it is connected now. */
  session(deviceId: string): { connected: boolean; lastHeardAt: number; offline: boolean } | null {
    const t = this.tracks.get(deviceId);
    return t ? { connected: t.connection !== null, lastHeardAt: t.lastHeardAt, offline: t.offline } : null;
  }

  /**
   * Closes the device's connection, if it has one here (its profile or address changed in the console):
   * it reconnects and is read under its new settings. Returns whether there was one.
   */
  disconnect(deviceId: string): boolean {
    const conn = this.tracks.get(deviceId)?.connection;
    if (!conn) return false;
    conn.close("reconfigured");
    return true;
  }

  refuse(reason: GatewayReason, detail?: object): void {
    this.deps.metrics?.refused(reason);
    if (detail) this.deps.log?.warn({ reason, ...detail }, "gb26875: refused");
  }

  async lookup(address: string, profile: Profile): Promise<GatewayDevice | null> {
    const now = this.deps.clock.now().getTime();
    const until = this.unknown.get(address);
    if (until !== undefined && until > now) return null;
    let device = await this.deps.lookup(address);
    // a 12-byte address may be registered in the other byte order than the first frame was read in
    if (!device && profile.addressBytes === 12) device = await this.deps.lookup(reverseBytes(address));
    if (device) {
      this.unknown.delete(address);
      return device;
    }
    this.unknown.set(address, now + this.opts.unknownRetryMs);
    while (this.unknown.size > MAX_UNKNOWN) this.unknown.delete(this.unknown.keys().next().value!);
    this.deps.log?.warn({ address }, "gb26875: a transmission device that is not registered connected");
    return null;
  }

  attach(conn: Connection, device: GatewayDevice, profile: Profile): DeviceTrack | null {
    const now = this.deps.clock.now().getTime();
    let track = this.tracks.get(device.deviceId);
    if (!track) this.tracks.set(device.deviceId, (track = new DeviceTrack(device, profile, now)));
    track.connects = track.connects.filter((t) => now - t < 60_000);
    if (track.connects.length >= this.opts.replacementsPerMinute && track.connection && track.connection !== conn) {
      this.refuse("replaced_too_often", { address: device.address });
      conn.close("replaced_too_often");
      return null;
    }
    track.connects.push(now);
    track.device = device;
    track.profile = profile;
    const old = track.connection;
    track.connection = conn;
    if (!old) this.sessions++;
    if (old && old !== conn) old.close("replaced");
    if (track.heard(now)) this.deps.online?.(device.deviceId);
    this.reportConnections();
    return track;
  }

  detach(conn: Connection): void {
    this.connections.delete(conn);
    const track = conn.track;
    if (track && track.connection === conn) {
      track.connection = null;
      this.sessions--;
    }
    this.reportConnections();
  }

  /** One round: offline devices, patrol reads, daily clock sync, command resends, stale connections. */
  sweep(): void {
    const now = this.deps.clock.now().getTime();
    const o = this.opts;
    for (const [id, t] of this.tracks) {
      const patrolMs = Math.min(t.device.patrolIntervalSec, o.maxPatrolSec) * 1000;
      const silent = now - t.lastHeardAt;
      if (!t.offline && silent > patrolMs + o.offlineGraceMs) {
        t.offline = true;
        this.deps.offline(t.device.deviceId, new Date(t.lastHeardAt));
        t.connection?.close("idle_timeout");
      }
      t.prune(now, o.dedupeWindowMs);
      const conn = t.connection;
      if (!conn) {
        if (t.offline && t.remembered === 0) this.tracks.delete(id); // nothing left to know about it
        continue;
      }
      if (o.patrolProbe && silent > patrolMs / 2 && now - t.lastProbeAt > patrolMs / 2) conn.probe();
      if (t.lastClockSyncAt === null || now - t.lastClockSyncAt >= o.clockSyncEveryMs) conn.syncClock();
      conn.sweep(now);
    }
    for (const c of this.connections) {
      if (!c.identified && c.state !== "lookup" && now - c.openedAt > o.identifyTimeoutMs) c.close("identify_timeout");
    }
  }

  /**
   * Stops accepting, waits (bounded) for frames being stored so their confirms still go out, then ends
   * every connection. Devices are not reported offline: they reconnect to another instance or after restart.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const deadline = Date.now() + this.opts.closeGraceMs;
    while ([...this.connections].some((c) => c.inFlight > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const c of [...this.connections]) c.end();
    const stragglers = setTimeout(() => {
      for (const c of [...this.connections]) c.socket.destroy();
    }, 1000);
    await closed;
    clearTimeout(stragglers);
  }

  private accept(socket: net.Socket): void {
    if (this.closing) return void socket.destroy();
    let unidentified = 0;
    for (const c of this.connections) if (!c.identified) unidentified++;
    if (unidentified >= this.opts.maxUnidentified) {
      this.refuse("too_many_connections");
      socket.destroy();
      return;
    }
    this.connections.add(new Connection(socket, this));
    this.reportConnections();
  }

  private reportConnections(): void {
    this.deps.metrics?.connections(this.connections.size, this.sessions);
  }
}

function reverseBytes(hex: string): string {
  return (hex.match(/../g) ?? []).reverse().join("");
}
