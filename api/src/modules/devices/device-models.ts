// The device model catalogue (issue 14: a county set up without the demo seed must be able to register the
// smoke alarms it buys). A model says what kind of device it is and how often it reports: its heartbeat
// interval and how many missed heartbeats mean offline (the offline sweeper and the coverage rule read
// both). Registering a device names its model; the county's administrator keeps the list.
import type { DeviceKind, Prisma } from "../../db/client.ts";

export interface DeviceModelInput {
  kind: DeviceKind;
  vendor: string;
  name: string;
  heartbeatIntervalSec: number;
  missedHeartbeats: number;
  supportsMute: boolean;
  supportsSelfTest: boolean;
}

export interface DeviceModelView extends DeviceModelInput {
  id: string;
  devices: number;
}

/** Models that other modules own (a camera, a transmission device): listed, never changed here. */
const MANAGED_KINDS: ReadonlySet<DeviceKind> = new Set<DeviceKind>(["CAMERA", "UITD"]);

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
    await this.prisma.deviceModel.upsert({ where: { id }, create: { id, ...input }, update: input });
    return { created: !existing };
  }
}

/** The kinds in Chinese, as the catalogue page and the registration forms name them. */
export const DEVICE_KIND_LABELS: Readonly<Record<DeviceKind, string>> = {
  SMOKE_ALARM: "独立式感烟火灾探测报警器",
  GAS_DETECTOR: "可燃气体探测器",
  WATER_LEVEL: "消防水箱/水池液位",
  PUMP: "消防水泵监测",
  HYDRANT_PRESSURE: "消火栓水压监测",
  ELECTRICAL_FIRE: "电气火灾监控",
  MANUAL_CALL_POINT: "手动火灾报警按钮",
  SOUND_LIGHT: "声光警报器",
  PIPE_PRESSURE: "喷淋/管网末端压力",
  UITD: "用户信息传输装置",
  CAMERA: "摄像机",
};

/** Kinds the administrator may add models of (the rest are the system's). */
export const EDITABLE_KINDS = (Object.keys(DEVICE_KIND_LABELS) as DeviceKind[]).filter((k) => !MANAGED_KINDS.has(k));
