// Builders of neutral frames for this module's tests (the transport's adaptor makes real ones).
import type {
  ComponentFlags,
  DeviceFlags,
  OperationFlags,
  PanelFrame,
  PanelUpload,
  SystemFlags,
  SystemKey,
} from "./panel-frame.ts";
import type { MappedComponent, PanelMapping } from "./panel-mapping.ts";
import { componentPoint, systemPoint } from "./panel-labels.ts";

export const FIRE_SYSTEM: SystemKey = { type: 1, address: 1, typeName: "火灾报警系统" };
export const SMOKE = 40;
export const SMOKE_NAME = "感烟火灾探测器";
/** loop 1, point 23 */
export const ADDRESS_1_23 = 0x00170001;

const text = (flags: Record<string, unknown>) =>
  Object.entries(flags)
    .filter(([k, v]) => v === true && k !== "normalMode")
    .map(([k]) => k);

export function componentFlags(set: Partial<Omit<ComponentFlags, "bits" | "text">> = {}): ComponentFlags {
  const f = {
    normalMode: true,
    fire: false,
    fault: false,
    shielded: false,
    supervision: false,
    started: false,
    feedback: false,
    delay: false,
    powerFault: false,
    ...set,
  };
  return { ...f, bits: 0, text: text(f) };
}

export function systemFlags(set: Partial<Omit<SystemFlags, "bits" | "text">> = {}): SystemFlags {
  const f = {
    normalMode: true,
    fire: false,
    fault: false,
    shielded: false,
    supervision: false,
    started: false,
    feedback: false,
    delay: false,
    mainPowerFault: false,
    backupPowerFault: false,
    busFault: false,
    manual: false,
    configChanged: false,
    reset: false,
    ...set,
  };
  return { ...f, bits: 0, text: text(f) };
}

export function deviceFlags(set: Partial<Omit<DeviceFlags, "bits" | "text">> = {}): DeviceFlags {
  const f = {
    normalMode: true,
    fire: false,
    fault: false,
    mainPowerFault: false,
    backupPowerFault: false,
    channelFault: false,
    lineFault: false,
    ...set,
  };
  return { ...f, bits: 0, text: text(f) };
}

export function operation(set: Partial<Omit<OperationFlags, "bits" | "text">> = {}): OperationFlags {
  const f = {
    reset: false,
    mute: false,
    manualAlarm: false,
    alarmCleared: false,
    selfCheck: false,
    acknowledge: false,
    dutyReply: false,
    test: false,
    ...set,
  };
  return { ...f, bits: 0, text: text(f) };
}

export const RECEIVED = new Date(Date.UTC(2026, 10, 28, 3, 0, 0));
export const PANEL_TIME = new Date(RECEIVED.getTime() - 2000);

export function frame(upload: PanelUpload | null, over: Partial<PanelFrame> = {}): PanelFrame {
  return {
    deviceId: "uitd-1",
    address: "000000000379",
    frameId: "f1",
    receivedAt: RECEIVED,
    sentAt: new Date(RECEIVED.getTime() - 1000),
    raw: "4040",
    upload,
    ...over,
  };
}

export function smokeAt(address: number, flags: ComponentFlags, system: SystemKey = FIRE_SYSTEM): PanelUpload {
  return {
    kind: "component_state",
    items: [
      {
        system,
        component: { type: SMOKE, address, typeName: SMOKE_NAME },
        flags,
        description: "",
        at: PANEL_TIME,
      },
    ],
  };
}

export function mapping(components: Record<string, Partial<MappedComponent>> = {}): PanelMapping {
  return {
    transmissionDeviceId: "td-1",
    unitId: "unit-1",
    systems: new Map([[systemPoint(FIRE_SYSTEM), { id: "sys-1", name: null, typeName: "火灾报警系统" }]]),
    components: new Map(
      Object.entries(components).map(([point, c]) => [
        point,
        { id: "c", name: null, typeName: SMOKE_NAME, location: null, keyPartId: null, keyPartName: null, ...c },
      ]),
    ),
  };
}

export const POINT_1_23 = componentPoint(FIRE_SYSTEM, ADDRESS_1_23);
