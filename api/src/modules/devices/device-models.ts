// The device model catalogue (issue 14: a county set up without the demo seed must be able to register the
// smoke alarms it buys). A model says what kind of device it is and how often it reports: its heartbeat
// interval and how many missed heartbeats mean offline (the offline sweeper and the coverage rule read
// both). Registering a device names its model; the county's administrator keeps the list.
// A model also says how it is powered and how it reaches us (power, network; null: not entered), which the
// residents' advice for a device that does not reach us follows.
import type { DeviceKind, DeviceNetwork, DevicePower, Prisma } from "../../db/client.ts";
import {
  DEVICE_KIND_LABEL,
  DEVICE_NETWORK_LABEL,
  DEVICE_POWER_LABEL,
  SYSTEM_DEVICE_KINDS,
} from "../../contract/labels.ts";

export interface DeviceModelInput {
  kind: DeviceKind;
  vendor: string;
  name: string;
  heartbeatIntervalSec: number;
  missedHeartbeats: number;
  supportsMute: boolean;
  supportsSelfTest: boolean;
  /** null: not entered; undefined (left out): a new model has none, a changed one keeps its own */
  power?: DevicePower | null | undefined;
  network?: DeviceNetwork | null | undefined;
}

export interface DeviceModelView extends DeviceModelInput {
  id: string;
  devices: number;
  power: DevicePower | null;
  network: DeviceNetwork | null;
}

/** Models that other modules own (a camera, a transmission device): listed, never changed here. */
const MANAGED_KINDS: ReadonlySet<DeviceKind> = new Set<DeviceKind>(SYSTEM_DEVICE_KINDS);

export class DeviceModels {
  constructor(private readonly prisma: Prisma) {}

  async list(): Promise<DeviceModelView[]> {
    const rows = await this.prisma.deviceModel.findMany({
      orderBy: [{ kind: "asc" }, { id: "asc" }],
      include: { _count: { select: { devices: true } } },
    });
    return rows.map((m) => ({
      id: m.id,
      kind: m.kind,
      vendor: m.vendor,
      name: m.name,
      heartbeatIntervalSec: m.heartbeatIntervalSec,
      missedHeartbeats: m.missedHeartbeats,
      supportsMute: m.supportsMute,
      supportsSelfTest: m.supportsSelfTest,
      power: m.power,
      network: m.network,
      devices: m._count.devices,
    }));
  }

  /**
   * Adds a model or changes one. A model with devices keeps its kind (its devices' readings and alarms mean
   * what that kind means); the managed kinds belong to their modules.
   */
  async save(id: string, input: DeviceModelInput): Promise<{ problem: string } | { created: boolean }> {
    if (MANAGED_KINDS.has(input.kind)) return { problem: "摄像机和用户信息传输装置的型号由系统维护" };
    const existing = await this.prisma.deviceModel.findUnique({
      where: { id },
      include: { _count: { select: { devices: true } } },
    });
    if (existing && MANAGED_KINDS.has(existing.kind)) return { problem: "摄像机和用户信息传输装置的型号由系统维护" };
    if (existing && existing.kind !== input.kind && existing._count.devices > 0)
      return { problem: `型号“${id}”已有 ${existing._count.devices} 台设备，不能改变设备类型` };
    // undefined is "leave as it is" to Prisma: a client that does not send power or network keeps them
    await this.prisma.deviceModel.upsert({ where: { id }, create: { id, ...input }, update: input });
    return { created: !existing };
  }
}

/** The kinds in Chinese, as the catalogue and the registration forms name them: the public contract's words
 * (api/src/contract/labels.ts), one for each database kind and no more. */
export const DEVICE_KIND_LABELS: Readonly<Record<DeviceKind, string>> = DEVICE_KIND_LABEL;
type SameKinds = [keyof typeof DEVICE_KIND_LABEL] extends [DeviceKind] ? true : never;
const sameKinds: SameKinds = true;
void sameKinds;
/** Power and network in Chinese, one for each database value and no more (checked both ways). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const samePower: Same<keyof typeof DEVICE_POWER_LABEL, DevicePower> = true;
const sameNetwork: Same<keyof typeof DEVICE_NETWORK_LABEL, DeviceNetwork> = true;
void samePower;
void sameNetwork;
