// One TCP connection from a transmission device (GB/T 26875.3-2011 clause 6). Until its first frame the
// device is unknown: the bytes are held (bounded) and searched under each framing a profile can have;
// the first frame's source address names the device, whose stored profile then reads the whole stream.
// Each frame that checks out is stored first and confirmed (command 3, same serial number) only once the
// store has resolved; a frame seen moments ago is not stored twice; refusals are counted and, where the
// standard says so, denied (command 6). Fire frames are never throttled.
import type { Socket } from "node:net";
import { decodeAppData, encodeAppData, type AppData } from "../app-data/index.ts";
import { planErrorReply, planReply } from "../centre-replies.ts";
import { commandKind, replyCommand } from "../commands.ts";
import { Deframer, type DeframeEvent } from "../deframer.ts";
import { encodeFrame, type Frame, type ProtocolVersion } from "../frame.ts";
import { PROFILE_PRESETS, makeProfile, type Profile } from "../profile.ts";
import { Command, DataType } from "../tables.ts";
import { timeLabelFromDate } from "../time-label.ts";
import { storedProfile } from "./catalog.ts";
import type { CommandOutcomeHooks, DeviceTrack, TrackedConnection } from "./device-track.ts";
import { contentHash, frameId } from "./frame-id.ts";
import { carriesFire } from "./panel-adaptor.ts";
import { TokenBucket } from "./rate.ts";
import type { GatewayReason } from "./reasons.ts";
import type { GatewayDeps, GatewayDevice, GatewayFrame, ResolvedOptions, StoreOutcome } from "./types.ts";

/** What a connection needs from its gateway. */
export interface ConnectionHost {
  readonly opts: ResolvedOptions;
  readonly deps: GatewayDeps;
  refuse(reason: GatewayReason, detail?: object): void;
  lookup(address: string, profile: Profile): Promise<GatewayDevice | null>;
  /** makes this connection the device's session; null when refused (the address connects too often) */
  attach(conn: Connection, device: GatewayDevice, profile: Profile): DeviceTrack | null;
  detach(conn: Connection): void;
}

/** The framings a first frame may have: address width and checksum decide where and whether it ends. */
const PROBES: readonly Profile[] = [
  PROFILE_PRESETS.standard!,
  PROFILE_PRESETS["xor-checksum"]!,
  PROFILE_PRESETS["wide-address"]!,
  makeProfile({ name: "wide-xor", addressBytes: 12, addressOrder: "as-sent", checksum: "xor" }),
];

/** Bytes held before the first frame: four of the largest frames. */
const PROBE_MAX = 4 * 1066;
/** Bytes held while the device is looked up. */
const QUEUE_MAX = 64 * 1024;

const EMPTY = new Uint8Array(0);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface Pending {
  bytes: Uint8Array;
  attempts: number;
  nextAt: number;
  onConfirm?: () => void;
  /** not confirmed after the resends, or the connection ended first */
  onFail?: (why: "no_confirm" | "disconnected") => void;
}

type State = "identifying" | "lookup" | "serving" | "unknown" | "closed";

export class Connection implements TrackedConnection {
  state: State = "identifying";
  readonly openedAt: number;
  track: DeviceTrack | null = null;
  /** frames of this session handed to the store and not yet settled */
  inFlight = 0;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private deframer: Deframer | null = null;
  private profile: Profile = PROBES[0]!;
  private probeProfile: Profile = PROBES[0]!;
  private probeAddress = "";
  private unknownAt = 0;
  /** the last lookup failed (not: found nobody): frames get no reply until a lookup works */
  private lookupFailed = false;
  /** resent frames waiting for the first copy's store */
  private waitingCopies = 0;
  private bucket: TokenBucket | null = null;
  private commands = new Map<number, Pending>();
  private serial = 0;
  private centre: string | null;
  private version: ProtocolVersion = { major: 1, minor: 0 };

  constructor(
    readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.openedAt = host.deps.clock.now().getTime();
    this.centre = host.opts.centreAddress;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", () => undefined); // a reset peer; "close" follows
    socket.on("close", () => this.closed());
  }

  get serving(): boolean {
    return this.state === "serving";
  }

  get identified(): boolean {
    return this.state === "serving" || this.state === "unknown";
  }

  close(reason: GatewayReason): void {
    if (this.state === "closed") return;
    if (["replaced", "idle_timeout", "identify_timeout", "reconfigured"].includes(reason)) this.host.refuse(reason);
    this.countHeld();
    this.state = "closed";
    this.socket.destroy();
    this.host.detach(this);
    this.dropCommands();
  }

  /** Graceful close: replies already written still go out. */
  end(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.socket.end();
    this.host.detach(this);
    this.dropCommands();
  }

  private closed(): void {
    if (this.state !== "closed") {
      this.countHeld();
      this.state = "closed";
      this.host.detach(this);
      this.dropCommands();
    }
  }

  /** Commands not confirmed when the connection ends: whoever asked is told (a queued one is given back). */
  private dropCommands(): void {
    const left = [...this.commands.values()];
    this.commands.clear();
    for (const c of left) c.onFail?.("disconnected");
  }

  private onData(chunk: Buffer): void {
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    switch (this.state) {
      case "identifying":
        return this.identify(bytes);
      case "lookup":
        return this.hold(bytes);
      case "serving":
        return this.handle(this.deframer!.push(bytes));
      case "unknown":
        return this.handleUnknown(this.deframer!.push(bytes));
    }
  }

  /** A connection that ends before its first frame: what it sent is refused, with the reasons counted. */
  private countHeld(): void {
    if (this.state !== "identifying" || this.heldBytes === 0) return;
    const deframer = new Deframer(this.probeProfile);
    for (const e of [...deframer.push(concat(this.held)), ...deframer.end()]) if (!e.ok) this.host.refuse(e.reason);
    this.held = [];
    this.heldBytes = 0;
  }

  private hold(bytes: Uint8Array): void {
    if (this.heldBytes + bytes.length > QUEUE_MAX) {
      this.host.refuse("probe_overflow");
      return;
    }
    this.held.push(bytes.slice());
    this.heldBytes += bytes.length;
  }

  // ---- identification

  private identify(bytes: Uint8Array): void {
    this.held.push(bytes.slice());
    this.heldBytes += bytes.length;
    let buf = concat(this.held);
    for (const p of PROBES) {
      const first = new Deframer(p).push(buf).find((e) => e.ok);
      if (first?.ok) {
        this.held = [buf];
        this.probeProfile = p;
        this.probeAddress = first.frame.source;
        this.state = "lookup";
        void this.resolve();
        return;
      }
    }
    if (buf.length > PROBE_MAX) {
      this.host.refuse("probe_overflow");
      buf = buf.slice(buf.length - 1066); // keep what may be the start of a frame
    }
    this.held = [buf];
    this.heldBytes = buf.length;
  }

  private async resolve(): Promise<void> {
    let device: GatewayDevice | null = null;
    this.lookupFailed = false;
    try {
      device = await this.host.lookup(this.probeAddress, this.probeProfile);
    } catch (e) {
      this.lookupFailed = true;
      this.host.deps.log?.error({ err: e, address: this.probeAddress }, "gb26875: device lookup failed");
    }
    if (this.state === "closed") return;
    const held = concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    const parsed = device ? storedProfile(device.profile) : null;
    if (parsed && !parsed.ok) {
      this.host.refuse("bad_profile", { address: this.probeAddress, reason: parsed.reason });
    }
    const track = device && parsed?.ok ? this.host.attach(this, device, parsed.profile) : null;
    if ((this.state as State) === "closed") return; // attach refused it
    if (!device || !parsed?.ok || !track) {
      this.state = "unknown";
      this.unknownAt = this.host.deps.clock.now().getTime();
      this.deframer = new Deframer(this.probeProfile);
      this.profile = this.probeProfile;
      this.handleUnknown(this.deframer.push(held));
      return;
    }
    this.track = track;
    this.profile = parsed.profile;
    const p = parsed.profile;
    if (p.addressBytes !== this.probeProfile.addressBytes || p.checksum !== this.probeProfile.checksum) {
      // its frames were found with another framing than its stored profile reads: they will be refused
      this.host.deps.log?.warn(
        { address: device.address, stored: p.name, framing: this.probeProfile.name },
        "gb26875: the device's frames do not match its stored profile",
      );
    }
    this.deframer = new Deframer(parsed.profile);
    const now = this.host.deps.clock.now().getTime();
    this.bucket = new TokenBucket(this.host.opts.framesPerSecond, this.host.opts.frameBurst, now);
    this.state = "serving";
    this.handle(this.deframer.push(held));
    this.syncClock();
  }

  /**
   * A device nobody registered: its frames are denied, and it is looked up again now and then. When the
   * lookup itself failed, frames get no reply at all (they are not wrong; we could not look): the device
   * resends them, and the lookup is tried again sooner.
   */
  private handleUnknown(events: DeframeEvent[]): void {
    const now = this.host.deps.clock.now();
    for (const e of events) {
      if (!e.ok) {
        this.refusal(e);
        continue;
      }
      if (this.lookupFailed) {
        this.host.refuse("lookup_failed");
        continue;
      }
      this.host.refuse("unknown_device", { address: e.frame.source });
      this.deny(e.frame, now);
    }
    const retryMs = this.lookupFailed ? Math.min(5000, this.host.opts.unknownRetryMs) : this.host.opts.unknownRetryMs;
    if (now.getTime() - this.unknownAt >= retryMs && this.state === "unknown") {
      this.state = "lookup";
      void this.resolve();
    }
  }

  // ---- frames of an identified device

  private handle(events: DeframeEvent[]): void {
    for (const e of events) {
      if (this.state !== "serving") return;
      if (e.ok) this.onFrame(e.frame, e.raw);
      else this.refusal(e);
    }
  }

  private refusal(e: Extract<DeframeEvent, { ok: false }>): void {
    this.host.refuse(e.reason);
    const reply = planErrorReply(e, {
      profile: this.profile,
      localAddress: this.local(e.header?.destination),
      now: this.host.deps.clock.now(),
      peerAddress: this.track?.device.address,
    });
    if (reply.bytes) this.write(reply.bytes);
  }

  private onFrame(frame: Frame, raw: Uint8Array): void {
    const track = this.track!;
    const now = this.host.deps.clock.now();
    if (frame.source !== track.device.address) {
      this.host.refuse("address_mismatch", { address: frame.source });
      this.deny(frame, now);
      return;
    }
    if (track.heard(now.getTime())) this.host.deps.online?.(track.device.deviceId);
    this.centre ??= frame.destination;
    this.version = frame.version;
    const { kind } = commandKind(frame.command, this.profile);
    if (kind === "confirm" || kind === "deny") return this.settleCommand(frame.serial, kind);
    if (kind === "response") {
      this.settleCommand(frame.serial, "confirm");
      const data = decodeAppData(frame.data, this.profile);
      if (data.ok && data.data) this.store(frame, raw, data.data, null);
      else if (!data.ok) this.host.refuse("bad_app_data");
      return;
    }
    const plan = planReply(frame, { profile: this.profile, localAddress: frame.destination, now });
    if (plan.action === "deny") {
      this.host.refuse(plan.reason as GatewayReason);
      this.write(plan.bytes!);
    } else if (plan.action === "confirm" && plan.data.ok) {
      this.store(frame, raw, plan.data.data, plan.bytes);
    }
  }

  /** Stores a frame; confirms it (`confirm`, null for a response) once stored. */
  private store(frame: Frame, raw: Uint8Array, data: AppData | null, confirm: Uint8Array | null): void {
    const track = this.track!;
    const { opts, deps } = this.host;
    const receivedAt = deps.clock.now();
    const now = receivedAt.getTime();
    const started = performance.now();
    const fire = carriesFire(data);
    if (!fire && !this.bucket!.take(now)) return this.host.refuse("throttled");
    if (this.inFlight >= (fire ? 4 * opts.maxInFlight : opts.maxInFlight)) return this.host.refuse("busy");
    const hash = contentHash(track.device.address, frame);
    const earlier = track.recall(frame.serial, hash, now, opts.dedupeWindowMs);
    if (earlier) {
      // Sent again before or after our confirm: no second effect. Confirm once the first is stored; if
      // storing it failed, this copy is stored instead. Copies waiting are bounded like frames in flight.
      if (this.waitingCopies >= opts.maxInFlight) return this.host.refuse("busy");
      this.waitingCopies++;
      void earlier.done.then((ok) => {
        this.waitingCopies--;
        if (!ok) return this.store(frame, raw, data, confirm);
        deps.metrics?.confirmed("duplicate", (performance.now() - started) / 1000);
        if (confirm) this.write(confirm);
      });
      return;
    }
    let settle!: (ok: boolean) => void;
    track.remember(frame.serial, { hash, at: now, done: new Promise((r) => (settle = r)) }, opts.dedupeMax);
    const gf: GatewayFrame = {
      device: track.device,
      profile: this.profile,
      frame,
      data,
      raw,
      frameId: frameId(frame, hash),
      receivedAt,
      fire,
      response: confirm === null,
    };
    this.inFlight++;
    let stored: Promise<StoreOutcome>;
    try {
      stored = deps.store(gf);
    } catch (e) {
      stored = Promise.reject(e);
    }
    stored.then(
      (o) => {
        this.inFlight--;
        if (o.outcome === "refused") {
          track.forget(frame.serial, hash);
          this.host.refuse("store_refused", { address: track.device.address, reason: o.reason });
          if (confirm) this.deny(frame, deps.clock.now());
          return settle(false);
        }
        deps.metrics?.confirmed(o.outcome, (performance.now() - started) / 1000);
        if (confirm) this.write(confirm);
        settle(true);
      },
      (e: unknown) => {
        this.inFlight--;
        track.forget(frame.serial, hash);
        this.host.refuse("store_failed");
        deps.log?.error(
          { err: e, address: track.device.address, serial: frame.serial },
          "gb26875: storing a frame failed",
        );
        settle(false); // no confirm: the device sends it again (clause 6.5)
      },
    );
  }

  private deny(frame: Frame, now: Date): void {
    this.write(
      encodeFrame(
        {
          serial: frame.serial,
          version: frame.version,
          time: timeLabelFromDate(now, this.profile.utcOffsetMinutes),
          source: frame.destination,
          destination: frame.source,
          command: replyCommand("deny", frame.command, this.profile),
          data: EMPTY,
        },
        this.profile,
      ),
    );
  }

  /** Our address in frames we start: the configured one, else what the device writes to, else zeros. */
  private local(fallback?: string): string {
    const digits = this.profile.addressBytes * 2;
    for (const a of [this.centre, fallback]) if (a && a.length === digits && /^[0-9a-f]+$/i.test(a)) return a;
    return "0".repeat(digits);
  }

  private write(bytes: Uint8Array): void {
    if (this.state === "closed" || this.socket.destroyed) return;
    if (this.socket.writableLength > this.host.opts.maxWriteBuffer) {
      this.host.refuse("write_backlog");
      this.close("write_backlog");
      return;
    }
    this.socket.write(bytes);
  }

  // ---- commands the gateway starts: clock sync (type 90), patrol reads (type 81)

  /** Clause 8.3.2.10: sets the device's clock to ours, in its local time. */
  syncClock(): void {
    if (this.state !== "serving") return;
    const now = this.host.deps.clock.now();
    const time = timeLabelFromDate(now, this.profile.utcOffsetMinutes);
    const track = this.track!;
    track.lastClockSyncAt = now.getTime(); // tried; a failure is retried at the next daily round
    this.command(Command.Control, { type: DataType.SyncDeviceClock, objects: [{ time }] }, () => {
      const at = this.host.deps.clock.now();
      void Promise.resolve(this.host.deps.clockSynced?.(track.device.deviceId, at)).catch((e: unknown) =>
        this.host.deps.log?.warn({ err: e }, "gb26875: recording a clock sync failed"),
      );
    });
  }

  /** Type 91 (查岗): the device asks its duty operator to answer (查岗应答) within the minutes given. */
  dutyCheck(timeoutMinutes: number, outcome?: CommandOutcomeHooks): boolean {
    if (this.state !== "serving") return false;
    this.command(
      Command.Control,
      { type: DataType.DutyCheck, objects: [{ timeoutMinutes }] },
      outcome && (() => outcome.confirmed()),
      outcome && ((why) => outcome.failed(why)),
    );
    return true;
  }

  /**
   * The device's settings changed (profile, patrol interval): the live session reads it under them from
   * the next byte on; a frame begun under the old framing is read under the new one. A profile that does not
   * parse leaves the session as it was. Returns what was done.
   */
  reconfigure(device: GatewayDevice): "applied" | "not_serving" | "bad_profile" {
    if (this.state !== "serving" || !this.track) return "not_serving";
    const parsed = storedProfile(device.profile);
    if (!parsed.ok) {
      this.host.refuse("bad_profile", { address: device.address, reason: parsed.reason });
      return "bad_profile";
    }
    this.track.device = device;
    this.track.profile = parsed.profile;
    this.profile = parsed.profile;
    const rest = this.deframer!.takeBuffered();
    this.deframer = new Deframer(parsed.profile);
    this.handle(this.deframer.push(rest));
    return "applied";
  }

  /** The profile the session reads the device's frames with now. */
  get profileName(): string {
    return this.profile.name;
  }

  /** Asks a quiet device for its state (type 81): its answer is as good as a heartbeat. */
  probe(): void {
    if (this.state !== "serving") return;
    this.track!.lastProbeAt = this.host.deps.clock.now().getTime();
    this.command(Command.Request, { type: DataType.ReadDeviceState, objects: [{ reserved: 0 }] });
  }

  private command(
    command: number,
    data: AppData,
    onConfirm?: () => void,
    onFail?: (why: "no_confirm" | "disconnected") => void,
  ): void {
    const serial = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    const now = this.host.deps.clock.now();
    const bytes = encodeFrame(
      {
        serial,
        version: this.version,
        time: timeLabelFromDate(now, this.profile.utcOffsetMinutes),
        source: this.local(),
        destination: this.track!.device.address,
        command,
        data: encodeAppData(data, this.profile),
      },
      this.profile,
    );
    this.commands.set(serial, {
      bytes,
      attempts: 1,
      nextAt: now.getTime() + this.host.opts.commandTimeoutMs,
      ...(onConfirm ? { onConfirm } : {}),
      ...(onFail ? { onFail } : {}),
    });
    this.write(bytes);
  }

  private settleCommand(serial: number, kind: "confirm" | "deny"): void {
    const c = this.commands.get(serial);
    if (!c) return;
    if (kind === "deny") {
      c.nextAt = 0; // clause 6.5: a deny means send it again
      return;
    }
    this.commands.delete(serial);
    c.onConfirm?.();
  }

  /** Resends overdue commands; gives up after the standard's three resends. */
  sweep(now: number): void {
    for (const [serial, c] of this.commands) {
      if (c.nextAt > now) continue;
      if (c.attempts >= this.host.opts.commandAttempts) {
        this.commands.delete(serial);
        c.onFail?.("no_confirm");
        continue;
      }
      c.attempts++;
      c.nextAt = now + this.host.opts.commandTimeoutMs;
      this.write(c.bytes);
    }
  }
}
