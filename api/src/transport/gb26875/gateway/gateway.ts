// The GB/T 26875.3 gateway: a TCP listener for user information transmission devices (issue 16). One
// session per device, named by its address; a second connection of the same address replaces the first
// (the device lost the old one). A sweep reports devices silent for their patrol interval (GB 50440: at
// most 2 h) as offline, asks quiet devices for their state, syncs clocks daily (type 90) and resends
// unanswered commands (clause 6.5). Storage, alarms and metrics are injected (types.ts).
import net from "node:net";
import type { Profile } from "../profile.ts";
import { Connection, type ConnectionHost } from "./connection.ts";
import { DeviceTrack, type TrackedConnection } from "./device-track.ts";
import type { GatewayReason } from "./reasons.ts";
import {
  resolveOptions,
  type GatewayCommand,
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
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private polls = 0;
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
    if (this.deps.commands) {
      this.pollTimer = setInterval(() => void this.pollCommands(), this.opts.commandPollMs);
      this.pollTimer.unref();
    }
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

  /**
   * Sends the queued commands of devices connected here (every commandPollMs, and at once when this instance
   * queues one). Each row is claimed first, so a device is sent it once whichever instances look. Resolves
   * when a round that started after this call is over.
   */
  pollCommands(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = (async () => {
      try {
        do {
          this.pollAgain = false;
          await this.pollOnce();
        } while (this.pollAgain && !this.closing);
      } catch (e) {
        this.deps.log?.warn({ err: e }, "gb26875: reading the command queue failed; tried again at the next poll");
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const q = this.deps.commands;
    if (!q || this.closing) return;
    if (this.polls++ % 60 === 0) await q.expire();
    if (this.sessions === 0) return;
    for (const c of await q.pending()) {
      const conn = this.tracks.get(c.deviceId)?.connection;
      if (!conn?.serving) continue; // connected elsewhere, or nowhere yet
      if (!(await q.claim(c.id))) continue; // another instance holds it too (a replaced connection) and took it
      this.runCommand(c, conn).catch((e: unknown) =>
        this.deps.log?.error({ err: e, command: c.id }, "gb26875: a queued command failed"),
      );
    }
  }

  private async runCommand(c: GatewayCommand, conn: TrackedConnection): Promise<void> {
    const q = this.deps.commands!;
    const settle = (ok: boolean, result: string) =>
      q
        .settle(c.id, ok, result)
        .catch((e: unknown) => this.deps.log?.warn({ err: e, command: c.id }, "gb26875: recording a command failed"));
    if (c.type === "gb26875.duty_check") {
      const m = Number(c.params.timeoutMinutes);
      const minutes = Number.isInteger(m) ? Math.max(1, Math.min(255, m)) : 2;
      const sent = conn.dutyCheck(minutes, {
        confirmed: () => void settle(true, "ok"),
        failed: (why) =>
          void (why === "disconnected"
            ? q
                .release(c.id)
                .catch((e: unknown) => this.deps.log?.warn({ err: e }, "gb26875: releasing a command failed"))
            : settle(false, why)),
      });
      if (!sent) await q.release(c.id);
      return;
    }
    if (c.type === "gb26875.reload") {
      const address = conn.track?.device.address;
      const device = address ? await this.deps.lookup(address) : null;
      if (!device || device.deviceId !== c.deviceId) {
        // removed or moved to another address: the connection is not this device's any more
        conn.close("reconfigured");
        return void (await settle(true, "closed"));
      }
      const done = conn.reconfigure(device);
      if (done === "not_serving") return void (await q.release(c.id));
      this.deps.log?.info({ address, profile: conn.profileName, done }, "gb26875: device settings applied live");
      return void (await settle(done === "applied", done));
    }
    await settle(false, "unknown_type");
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
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.polling;
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
