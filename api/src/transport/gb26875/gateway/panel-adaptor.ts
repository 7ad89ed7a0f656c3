// The adaptor between the wire and the panels module: a decoded frame becomes a neutral PanelFrame
// (modules/panels/panel-frame.ts), with the standard's names, the set bits in words and the moments the
// time labels name under the device's profile. The only place that knows both.
import type {
  ComponentFlags,
  ComponentKey,
  DeviceFlags,
  OperationFlags,
  PanelFrame,
  PanelUpload,
  SystemFlags,
  SystemKey,
} from "../../../modules/panels/index.ts";
import type { AppData, ComponentRef, SystemRef } from "../app-data/index.ts";
import {
  componentStatus,
  deviceOperation,
  deviceStatus,
  systemOperation,
  systemStatus,
  type ComponentStatus,
  type DeviceOperation,
  type DeviceStatus,
  type SystemOperation,
  type SystemStatus,
} from "../flags.ts";
import type { Profile } from "../profile.ts";
import { analogueReading, componentTypeName, dataTypeName, systemTypeName } from "../tables.ts";
import { timeLabelToDate, type TimeLabel } from "../time-label.ts";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += HEX[b];
  return s;
}

/** Everything the adaptor needs of a stored frame. */
export interface AdaptInput {
  deviceId: string;
  address: string;
  frameId: string;
  receivedAt: Date;
  sentAt: TimeLabel;
  raw: Uint8Array;
  data: AppData | null;
  profile: Profile;
}

const system = (s: SystemRef, profile: Profile): SystemKey => ({
  type: s.systemType,
  address: s.systemAddress,
  typeName: systemTypeName(s.systemType, profile),
});

const component = (c: ComponentRef): ComponentKey => ({
  type: c.componentType,
  address: c.componentAddress,
  typeName: componentTypeName(c.componentType),
});

/** The named bits; the word as sent (reserved bits included) goes in `bits`. */
function named<T extends { reservedBits: number }>(flags: T): Omit<T, "reservedBits"> {
  const { reservedBits: _reserved, ...rest } = flags;
  return rest;
}

const systemFlags = (s: SystemStatus): SystemFlags => ({
  ...named(s),
  bits: systemStatus.encode(s),
  text: systemStatus.describe(s),
});
const componentFlags = (s: ComponentStatus): ComponentFlags => ({
  ...named(s),
  bits: componentStatus.encode(s),
  text: componentStatus.describe(s),
});
const deviceFlags = (s: DeviceStatus): DeviceFlags => ({
  ...named(s),
  bits: deviceStatus.encode(s),
  text: deviceStatus.describe(s),
});
const systemOp = (o: SystemOperation): OperationFlags => ({
  ...named(o),
  dutyReply: false,
  bits: systemOperation.encode(o),
  text: systemOperation.describe(o),
});
const deviceOp = (o: DeviceOperation): OperationFlags => ({
  ...named(o),
  acknowledge: false,
  bits: deviceOperation.encode(o),
  text: deviceOperation.describe(o),
});

/** The application data in neutral terms; null for a heartbeat. */
export function toUpload(data: AppData | null, profile: Profile): PanelUpload | null {
  if (!data) return null;
  const at = (t: TimeLabel) => timeLabelToDate(t, profile.utcOffsetMinutes);
  const sys = (s: SystemRef) => system(s, profile);
  switch (data.type) {
    case 1:
      return {
        kind: "system_state",
        items: data.objects.map((o) => ({ system: sys(o), flags: systemFlags(o.status), at: at(o.time) })),
      };
    case 2:
      return {
        kind: "component_state",
        items: data.objects.map((o) => ({
          system: sys(o),
          component: component(o),
          flags: componentFlags(o.status),
          description: o.description.replace(/\0/g, "").trim(),
          at: at(o.time),
        })),
      };
    case 3:
      return {
        kind: "analogue",
        items: data.objects.map((o) => {
          const r = analogueReading(o.analogueType, o.value);
          return {
            system: sys(o),
            component: component(o),
            analogueType: o.analogueType,
            name: r?.name ?? `模拟量类型 ${o.analogueType}`,
            value: r?.value ?? o.value,
            unit: r?.unit ?? "",
            at: at(o.time),
          };
        }),
      };
    case 4:
      return {
        kind: "system_operation",
        items: data.objects.map((o) => ({
          system: sys(o),
          operation: systemOp(o.operation),
          operator: o.operator,
          at: at(o.time),
        })),
      };
    case 5:
      return {
        kind: "system_version",
        items: data.objects.map((o) => ({ system: sys(o), major: o.major, minor: o.minor })),
      };
    case 6:
      return { kind: "system_config", items: data.objects.map((o) => ({ system: sys(o), text: o.text })) };
    case 7:
      return {
        kind: "component_config",
        items: data.objects.map((o) => ({
          system: sys(o),
          component: component(o),
          description: o.description.replace(/\0/g, "").trim(),
        })),
      };
    case 8:
      return { kind: "system_time", items: data.objects.map((o) => ({ system: sys(o), time: at(o.time) })) };
    case 21:
      return {
        kind: "device_state",
        items: data.objects.map((o) => ({ flags: deviceFlags(o.status), at: at(o.time) })),
      };
    case 24:
      return {
        kind: "device_operation",
        items: data.objects.map((o) => ({ operation: deviceOp(o.operation), operator: o.operator, at: at(o.time) })),
      };
    case 25:
      return { kind: "device_version", items: data.objects.map((o) => ({ major: o.major, minor: o.minor })) };
    case 26:
      return { kind: "device_config", items: data.objects.map((o) => ({ text: o.text })) };
    case 28:
      return { kind: "device_time", items: data.objects.map((o) => ({ time: at(o.time) })) };
    case "unknown":
      return { kind: "other", code: data.code, name: dataTypeName(data.code), count: data.count };
    default:
      return { kind: "other", code: data.type, name: dataTypeName(data.type), count: data.objects.length };
  }
}

export function toPanelFrame(input: AdaptInput): PanelFrame {
  return {
    deviceId: input.deviceId,
    address: input.address,
    frameId: input.frameId,
    receivedAt: input.receivedAt,
    sentAt: timeLabelToDate(input.sentAt, input.profile.utcOffsetMinutes),
    raw: toHex(input.raw),
    upload: toUpload(input.data, input.profile),
  };
}

/** Whether a frame's data carries a fire-class signal (a fire bit, a manual alarm): never throttled. */
export function carriesFire(data: AppData | null): boolean {
  if (!data) return false;
  switch (data.type) {
    case 1:
    case 2:
    case 21:
      return data.objects.some((o) => o.status.fire);
    case 4:
    case 24:
      return data.objects.some((o) => o.operation.manualAlarm);
    default:
      return false;
  }
}
