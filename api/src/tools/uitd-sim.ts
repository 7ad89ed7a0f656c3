// Simulated user information transmission devices over TCP, for `npm run simulate:uitd` and the bench.
// Each plays the codec's device model (api/src/transport/gb26875/device-model.ts): it numbers its
// frames, keeps each until the centre confirms it, resends after 10 s (clause 6.5) and answers the
// centre's commands (clock sync, reads, duty checks). This file moves the bytes and keeps the tally.
import net from "node:net";
import { systemClock, type Clock } from "../shared/clock.ts";
import {
  fitText,
  STANDARD_PROFILE,
  TransmissionDeviceModel,
  type ModelComponent,
  type Profile,
} from "../transport/gb26875/index.ts";

export interface SimTally {
  sent: number;
  confirmed: number;
  denied: number;
  gaveUp: number;
  /** frames from the centre the device could not read */
  refused: number;
  clockSyncs: number;
  dutyChecks: number;
  /** send to confirm, ms, one per confirmed frame (bounded: the first `maxLatencies`) */
  latencies: number[];
}

export const newTally = (): SimTally => ({
  sent: 0,
  confirmed: 0,
  denied: 0,
  gaveUp: 0,
  refused: 0,
  clockSyncs: 0,
  dutyChecks: 0,
  latencies: [],
});

/** Component types a panel usually has: mostly smoke detectors, some heat detectors, call points, modules. */
const MIX: readonly [type: number, name: string][] = [
  [40, "感烟"],
  [40, "感烟"],
  [40, "感烟"],
  [30, "感温"],
  [23, "手报"],
  [40, "感烟"],
  [85, "输入模块"],
  [24, "消火栓按钮"],
];

/**
 * `n` components on loops of 64 points: address = point << 16 | loop (the standard's "2号10区" layout,
 * loop in the low 16 bits). Keys are "c1".."cN"; c1 is a smoke detector.
 */
export function panelComponents(n: number, system = { systemType: 1, systemAddress: 1 }): ModelComponent[] {
  return Array.from({ length: n }, (_, i) => {
    const loop = 1 + Math.floor(i / 64);
    const point = 1 + (i % 64);
    const [componentType, name] = MIX[i % MIX.length]!;
    return {
      key: `c${i + 1}`,
      ...system,
      componentType,
      componentAddress: point * 0x10000 + loop,
      description: fitText(`${loop}号回路${point}号${name}`, 31),
    };
  });
}

export interface SimDeviceOptions {
  address: string;
  profile?: Profile;
  components: readonly ModelComponent[];
  host: string;
  port: number;
  clock?: Clock;
  tally: SimTally;
  maxLatencies?: number;
  system?: { systemType: number; systemAddress: number };
}

export class SimulatedUitd {
  readonly model: TransmissionDeviceModel;
  private socket: net.Socket | null = null;
  private readonly sentAt = new Map<number, number>();

  constructor(private readonly o: SimDeviceOptions) {
    const profile = o.profile ?? STANDARD_PROFILE;
    this.model = new TransmissionDeviceModel({
      address: o.address,
      centreAddress: "0".repeat(profile.addressBytes * 2),
      profile,
      clock: o.clock ?? systemClock,
      components: o.components,
      system: o.system,
    });
  }

  get connected(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  connect(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: this.o.host, port: this.o.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`connecting to ${this.o.host}:${this.o.port} timed out`));
      }, timeoutMs);
      s.once("connect", () => {
        clearTimeout(timer);
        s.setNoDelay(true);
        this.socket = s;
        resolve();
      });
      s.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      s.on("data", (chunk) => this.receive(chunk));
      s.on("error", () => undefined);
    });
  }

  heartbeat(): void {
    this.send(this.model.heartbeat());
  }

  fire(key: string): void {
    this.send(this.model.fire(key));
  }

  fault(key: string): void {
    this.send(this.model.fault(key));
  }

  restore(key: string): void {
    this.send(this.model.restore(key));
  }

  mute(operator = 1): void {
    this.send(this.model.mute(operator));
  }

  reset(operator = 1): void {
    this.send(this.model.reset(operator));
    this.send(this.model.systemState()); // panels report their state after a reset, the reset bit set
  }

  /** Resends overdue frames (every second or so). */
  tick(): void {
    const { resend, events } = this.model.due();
    this.count(events);
    for (const b of resend) this.write(b);
  }

  close(): void {
    this.socket?.destroy();
  }

  private send(bytes: Uint8Array): void {
    this.o.tally.sent++;
    this.sentAt.set(bytes[2]! | (bytes[3]! << 8), performance.now());
    this.write(bytes);
  }

  private write(bytes: Uint8Array): void {
    if (this.connected) this.socket!.write(bytes);
  }

  private receive(chunk: Buffer): void {
    const { replies, events } = this.model.receive(new Uint8Array(chunk));
    this.count(events);
    for (const r of replies) this.write(r);
  }

  private count(events: ReturnType<TransmissionDeviceModel["receive"]>["events"]): void {
    const t = this.o.tally;
    for (const e of events) {
      if (e.kind === "confirmed") {
        t.confirmed++;
        const at = this.sentAt.get(e.serial);
        this.sentAt.delete(e.serial);
        if (at !== undefined && t.latencies.length < (this.o.maxLatencies ?? 1_000_000)) {
          t.latencies.push(performance.now() - at);
        }
      } else if (e.kind === "denied") t.denied++;
      else if (e.kind === "gave_up") {
        t.gaveUp++;
        this.sentAt.delete(e.serial);
      } else if (e.kind === "refused") t.refused++;
      else if (e.kind === "clock_synced") t.clockSyncs++;
      else if (e.kind === "duty_check") {
        t.dutyChecks++;
        this.send(this.model.dutyReply());
      }
    }
  }
}

/** The p-th percentile (0-100) of values, or NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
