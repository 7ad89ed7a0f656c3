// A user information transmission device with its panel and components, as pure state: it builds the
// frames a real device sends (heartbeats, a detector's fire, a fault, a reset, an operator's mute, duty
// replies), numbers them (clause 8.1: the sender's serial number, from 0, plus one per new exchange),
// keeps each until the centre confirms it and resends it on timeout (clause 6.5: at most 10 s, 3 resends),
// and answers the centre's requests and control commands. No I/O: the simulator moves the bytes.
import type { Clock } from "../../shared/clock.ts";
import {
  encodeAppData,
  type AppData,
  type ComponentStateObject,
  type DeviceOperationObject,
  type SystemOperationObject,
  type SystemRef,
  type VersionObject,
} from "./app-data/index.ts";
import { planReply } from "./centre-replies.ts";
import { commandKind } from "./commands.ts";
import { Deframer } from "./deframer.ts";
import {
  componentStatus,
  deviceOperation,
  deviceStatus,
  systemOperation,
  systemStatus,
  type ComponentStatus,
} from "./flags.ts";
import { encodeFrame, type Frame } from "./frame.ts";
import { STANDARD_PROFILE, type Profile } from "./profile.ts";
import { answerRequest } from "./device-answers.ts";
import type { DeviceModelState, ModelComponent } from "./model-state.ts";
import { Command, DataType } from "./tables.ts";
import { timeLabelFromDate, timeLabelToDate, type TimeLabel } from "./time-label.ts";

export interface DeviceModelOptions {
  /** this device's address (hex digits, see Frame.source) */
  address: string;
  centreAddress: string;
  profile?: Profile;
  clock: Clock;
  /** the panel; 火灾报警系统 at address 1 unless told */
  system?: SystemRef;
  components: readonly ModelComponent[];
  version?: VersionObject;
  panelVersion?: VersionObject;
  config?: string;
  panelConfig?: string;
  /** clause 6.5: the timeout should not exceed 10 s */
  resendAfterMs?: number;
  /** first send plus clause 6.5's 3 resends */
  maxAttempts?: number;
  /** unconfirmed frames kept at once; the oldest is given up beyond this */
  maxPending?: number;
}

export type DeviceEvent =
  | { kind: "confirmed"; serial: number }
  | { kind: "denied"; serial: number }
  | { kind: "gave_up"; serial: number }
  | { kind: "initialised" }
  | { kind: "clock_synced"; time: TimeLabel }
  | { kind: "duty_check"; timeoutMinutes: number }
  | { kind: "answered"; type: number }
  | { kind: "refused"; reason: string };

interface Pending {
  serial: number;
  bytes: Uint8Array;
  attempts: number;
  nextAt: number;
}

export type { DeviceModelState, ModelComponent } from "./model-state.ts";

const OPERATION_LOG = 102; // clause 8.3.2.4: at most 102 records are read at once

export class TransmissionDeviceModel {
  readonly profile: Profile;
  private readonly deframer: Deframer;
  private readonly components = new Map<string, ModelComponent>();
  private readonly statuses = new Map<string, ComponentStatus>();
  private readonly pendingFrames = new Map<number, Pending>();
  private readonly queued: DeviceEvent[] = [];
  private panelOperations: SystemOperationObject[] = [];
  private deviceOperations: DeviceOperationObject[] = [];
  private serial = 0;
  private clockOffsetMs = 0;
  private resetSinceState = false;
  private readonly system: SystemRef;

  constructor(private readonly opts: DeviceModelOptions) {
    this.profile = opts.profile ?? STANDARD_PROFILE;
    this.deframer = new Deframer(this.profile);
    this.system = opts.system ?? { systemType: 1, systemAddress: 1 };
    for (const c of opts.components) {
      this.components.set(c.key, c);
      this.statuses.set(c.key, componentStatus.decode(1));
    }
  }

  /** Unconfirmed frames. */
  get pending(): number {
    return this.pendingFrames.size;
  }

  status(key: string): ComponentStatus {
    return { ...this.statusOf(key) };
  }

  /** A heartbeat: send data with no application data, confirmed like any other. */
  heartbeat(): Uint8Array {
    return this.send(null);
  }

  fire(key: string): Uint8Array {
    return this.changeComponent(key, { fire: true });
  }

  fault(key: string): Uint8Array {
    return this.changeComponent(key, { fault: true });
  }

  /** The component is back to normal (its fire or fault cleared at the panel). */
  restore(key: string): Uint8Array {
    return this.changeComponent(key, { fire: false, fault: false, supervision: false, shielded: false });
  }

  /** An operator resets the panel: every component's alarm clears; the record goes up as type 4. */
  reset(operator = 1): Uint8Array {
    for (const key of this.statuses.keys()) this.statuses.set(key, componentStatus.decode(1));
    this.resetSinceState = true;
    return this.panelOperation({ reset: true }, operator);
  }

  /** An operator silences the panel's sounders (消音); alarms stay. */
  mute(operator = 1): Uint8Array {
    return this.panelOperation({ mute: true }, operator);
  }

  /** The panel's state as type 1 (the reset bit set once after a reset). */
  systemState(): Uint8Array {
    const any = (f: keyof ComponentStatus) => [...this.statuses.values()].some((s) => s[f] === true);
    const status = systemStatus.decode(
      systemStatus.encode({ normalMode: true, fire: any("fire"), fault: any("fault"), reset: this.resetSinceState }),
    );
    this.resetSinceState = false;
    return this.send({ type: DataType.SystemState, objects: [{ ...this.system, status, time: this.now() }] });
  }

  /** The device's own state as type 21. */
  deviceState(): Uint8Array {
    return this.send({ type: DataType.DeviceState, objects: [{ status: this.ownStatus(), time: this.now() }] });
  }

  /** The duty operator answers a 查岗 (type 24, 查岗应答). */
  dutyReply(operator = 1): Uint8Array {
    const record = {
      operation: deviceOperation.decode(deviceOperation.encode({ dutyReply: true })),
      operator,
      time: this.now(),
    };
    this.deviceOperations = [...this.deviceOperations, record].slice(-OPERATION_LOG);
    return this.send({ type: DataType.DeviceOperation, objects: [record] });
  }

  /** An analogue reading of a component (type 3), `value` in counts of the type's unit. */
  analogue(key: string, analogueType: number, value: number): Uint8Array {
    const c = this.componentOf(key);
    const { systemType, systemAddress, componentType, componentAddress } = c;
    const o = { systemType, systemAddress, componentType, componentAddress, analogueType, value, time: this.now() };
    return this.send({ type: DataType.ComponentAnalogue, objects: [o] });
  }

  /** Bytes from the centre: replies to send, and what happened. */
  receive(chunk: Uint8Array): { replies: Uint8Array[]; events: DeviceEvent[] } {
    const replies: Uint8Array[] = [];
    const events = this.drain();
    for (const e of this.deframer.push(chunk)) {
      if (!e.ok) events.push({ kind: "refused", reason: e.reason });
      else this.handle(e.frame, replies, events);
    }
    return { replies, events };
  }

  /** Frames whose confirm is overdue, to send again now; gives up after maxAttempts. */
  due(): { resend: Uint8Array[]; events: DeviceEvent[] } {
    const now = this.opts.clock.now().getTime();
    const resend: Uint8Array[] = [];
    const events = this.drain();
    for (const p of [...this.pendingFrames.values()]) {
      if (p.nextAt > now) continue;
      if (p.attempts >= (this.opts.maxAttempts ?? 4)) {
        this.pendingFrames.delete(p.serial);
        events.push({ kind: "gave_up", serial: p.serial });
        continue;
      }
      p.attempts++;
      p.nextAt = now + (this.opts.resendAfterMs ?? 10_000);
      resend.push(p.bytes);
    }
    return { resend, events };
  }

  private handle(frame: Frame, replies: Uint8Array[], events: DeviceEvent[]): void {
    const { kind } = commandKind(frame.command, this.profile);
    if (kind === "confirm" || kind === "deny") {
      const p = this.pendingFrames.get(frame.serial);
      if (!p) return;
      if (kind === "confirm") this.pendingFrames.delete(frame.serial);
      else p.nextAt = 0; // clause 6.5: a deny starts the resend at once
      events.push({ kind: kind === "confirm" ? "confirmed" : "denied", serial: frame.serial });
      return;
    }
    const plan = planReply(frame, {
      profile: this.profile,
      localAddress: this.opts.address,
      now: this.nowDate(),
      answer: (request) => answerRequest(request, this.state()),
    });
    if (plan.bytes) replies.push(plan.bytes);
    if (plan.action === "deny") events.push({ kind: "refused", reason: plan.reason ?? "deny" });
    if (plan.action === "respond" && plan.data.ok && plan.data.data) {
      events.push({
        kind: "answered",
        type: plan.data.data.type === "unknown" ? plan.data.data.code : plan.data.data.type,
      });
    }
    if (plan.action === "confirm" && kind === "control" && plan.data.ok && plan.data.data)
      this.control(plan.data.data, events);
  }

  private control(data: AppData, events: DeviceEvent[]): void {
    if (data.type === DataType.InitialiseDevice) {
      for (const key of this.statuses.keys()) this.statuses.set(key, componentStatus.decode(1));
      this.panelOperations = [];
      this.deviceOperations = [];
      events.push({ kind: "initialised" });
    } else if (data.type === DataType.SyncDeviceClock && data.objects[0]) {
      const time = data.objects[0].time;
      const target = timeLabelToDate(time, this.profile.utcOffsetMinutes);
      if (target) this.clockOffsetMs = target.getTime() - this.opts.clock.now().getTime();
      events.push({ kind: "clock_synced", time });
    } else if (data.type === DataType.DutyCheck && data.objects[0]) {
      events.push({ kind: "duty_check", timeoutMinutes: data.objects[0].timeoutMinutes });
    }
  }

  private changeComponent(key: string, change: Partial<ComponentStatus>): Uint8Array {
    const c = this.componentOf(key);
    const status = componentStatus.decode(componentStatus.encode({ ...this.statusOf(key), ...change }));
    this.statuses.set(key, status);
    const { systemType, systemAddress, componentType, componentAddress, description } = c;
    const o: ComponentStateObject = {
      systemType,
      systemAddress,
      componentType,
      componentAddress,
      status,
      description,
      time: this.now(),
    };
    return this.send({ type: DataType.ComponentState, objects: [o] });
  }

  private panelOperation(op: { reset?: boolean; mute?: boolean }, operator: number): Uint8Array {
    const record: SystemOperationObject = {
      ...this.system,
      operation: systemOperation.decode(systemOperation.encode(op)),
      operator,
      time: this.now(),
    };
    this.panelOperations = [...this.panelOperations, record].slice(-OPERATION_LOG);
    return this.send({ type: DataType.SystemOperation, objects: [record] });
  }

  private send(data: AppData | null): Uint8Array {
    const serial = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    const bytes = encodeFrame(
      {
        serial,
        version: { major: 1, minor: 1 },
        time: this.now(),
        source: this.opts.address,
        destination: this.opts.centreAddress,
        command: Command.SendData,
        data: data ? encodeAppData(data, this.profile) : new Uint8Array(0),
      },
      this.profile,
    );
    const at = this.opts.clock.now().getTime();
    this.pendingFrames.set(serial, { serial, bytes, attempts: 1, nextAt: at + (this.opts.resendAfterMs ?? 10_000) });
    this.boundPending();
    return bytes;
  }

  private boundPending(): void {
    const max = this.opts.maxPending ?? 64;
    for (const serial of this.pendingFrames.keys()) {
      if (this.pendingFrames.size <= max) break;
      this.pendingFrames.delete(serial);
      this.queued.push({ kind: "gave_up", serial });
    }
  }

  private drain(): DeviceEvent[] {
    return this.queued.splice(0, this.queued.length);
  }

  private ownStatus() {
    const any = (f: "fire" | "fault") => [...this.statuses.values()].some((s) => s[f]);
    return deviceStatus.decode(deviceStatus.encode({ normalMode: true, fire: any("fire"), fault: any("fault") }));
  }

  private state(): DeviceModelState {
    return {
      system: this.system,
      components: this.components,
      statuses: this.statuses,
      panelOperations: this.panelOperations,
      deviceOperations: this.deviceOperations,
      version: this.opts.version ?? { major: 1, minor: 0 },
      panelVersion: this.opts.panelVersion ?? { major: 1, minor: 0 },
      config: this.opts.config ?? "模拟用户信息传输装置",
      panelConfig: this.opts.panelConfig ?? "模拟火灾报警控制器",
      time: this.now(),
      utcOffsetMinutes: this.profile.utcOffsetMinutes,
    };
  }

  private componentOf(key: string): ModelComponent {
    const c = this.components.get(key);
    if (!c) throw new Error(`no component ${key}`);
    return c;
  }

  private statusOf(key: string): ComponentStatus {
    this.componentOf(key);
    return this.statuses.get(key) ?? componentStatus.decode(1);
  }

  private nowDate(): Date {
    return new Date(this.opts.clock.now().getTime() + this.clockOffsetMs);
  }

  private now(): TimeLabel {
    return timeLabelFromDate(this.nowDate(), this.profile.utcOffsetMinutes);
  }
}
