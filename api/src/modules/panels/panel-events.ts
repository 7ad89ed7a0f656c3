// Turns what a transmission device said into neutral device events (issue 16, mapping). Pure: the
// mapping (names, key parts, locations) and the conditions known at each point come in, events and the
// conditions they change go out.
//
// Rules:
// - A fire bit, or a manual alarm operation, raises a fire-class alarm every time it is reported (GB
//   26875.1: fire before everything; the alarm service folds repeats into one alarm). Fault, supervision,
//   shielding and power faults raise when they come on, and clear when they go off (or when we do not
//   know what they were), so a panel that repeats its state in every report does not repeat alarms.
// - A reset (复位, from a system state or an operation) clears the fire, manual alarm, supervision and
//   fault conditions known on the system's points; `panel_reset` carries the point prefix so that alarms
//   whose state was unknown can be closed too. Shielding and power faults outlive a reset.
// - Every object gives at least one event; operations, versions, configuration and clocks are history.
// - Every event carries the frame's bytes; fire-class events come first.
import type {
  ComponentKey,
  ComponentStateItem,
  DeviceOperationItem,
  LabelTime,
  PanelFrame,
  PanelUpload,
  SystemKey,
  SystemStateItem,
  SystemOperationItem,
  DeviceFlags,
} from "./panel-frame.ts";
import {
  FIRE_CLASS,
  isFireClass,
  type Json,
  type PanelAlarmKind,
  type PanelEvent,
  type PanelEventFields,
  type PanelEventType,
} from "./panel-event.ts";
import {
  componentPoint,
  isComponentOf,
  joinLocation,
  subPoint,
  SUB_POINTS,
  systemLabel,
  systemPoint,
  unnamedComponentLabel,
  componentAddressText,
  UITD_POINT,
  type SubPoint,
} from "./panel-labels.ts";
import { conditionOf, type ConditionChange, type ConditionState, type PanelMapping } from "./panel-mapping.ts";

const DAY_MS = 86_400_000;
/** a panel's clock further off than this is not believed (a year back: a battery-backed clock reset) */
const SANE_PAST_MS = 366 * DAY_MS;
const SANE_FUTURE_MS = DAY_MS;

/** The event's moment: the object's label when sane, else the frame's, else when we received it. */
export function eventMoment(at: LabelTime, frame: Pick<PanelFrame, "receivedAt" | "sentAt">): number {
  const now = frame.receivedAt.getTime();
  const sane = (d: LabelTime): d is Date =>
    d !== null && d.getTime() >= now - SANE_PAST_MS && d.getTime() <= now + SANE_FUTURE_MS;
  if (sane(at)) return at.getTime();
  if (sane(frame.sentAt)) return frame.sentAt.getTime();
  return now;
}

/** FNV-1a, 32 bits, as 8 hex digits: tells apart the events of one frame in their msgId. */
function fnv32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

interface Condition {
  kind: PanelAlarmKind;
  raise: PanelEventType;
  clear: PanelEventType;
}

const CONDITION: Record<"fire" | "callPoint" | "fault" | "supervision" | "shielded" | "power", Condition> = {
  fire: { kind: "FIRE", raise: "panel_fire", clear: "panel_fire_clear" },
  callPoint: { kind: "CALL_POINT", raise: "panel_call_point", clear: "panel_call_point_clear" },
  fault: { kind: "PANEL_FAULT", raise: "panel_fault", clear: "panel_fault_clear" },
  supervision: { kind: "PANEL_SUPERVISION", raise: "panel_supervision", clear: "panel_supervision_clear" },
  shielded: { kind: "PANEL_SHIELDED", raise: "panel_shielded", clear: "panel_shielded_clear" },
  power: { kind: "POWER_LOST", raise: "panel_power_fault", clear: "panel_power_restored" },
};

const BY_KIND = new Map<PanelAlarmKind, Condition>(Object.values(CONDITION).map((c) => [c.kind, c]));

/** What a reset clears: alarms latched by the panel. Shielding is a setting and power faults are physical. */
const RESET_KINDS: readonly PanelAlarmKind[] = ["FIRE", "CALL_POINT", "PANEL_SUPERVISION", "PANEL_FAULT"];

const COMPONENT_CONDITIONS: readonly [keyof ComponentStateItem["flags"], Condition][] = [
  ["fire", CONDITION.fire],
  ["fault", CONDITION.fault],
  ["supervision", CONDITION.supervision],
  ["shielded", CONDITION.shielded],
  ["powerFault", CONDITION.power],
];

const SYSTEM_CONDITIONS: readonly [keyof SystemStateItem["flags"], Condition, SubPoint | null][] = [
  ["fault", CONDITION.fault, null],
  ["supervision", CONDITION.supervision, null],
  ["shielded", CONDITION.shielded, null],
  ["mainPowerFault", CONDITION.power, "main_power"],
  ["backupPowerFault", CONDITION.power, "backup_power"],
  ["busFault", CONDITION.fault, "bus"],
];

const DEVICE_CONDITIONS: readonly [keyof DeviceFlags, Condition, SubPoint | null][] = [
  ["fire", CONDITION.fire, null],
  ["fault", CONDITION.fault, null],
  ["mainPowerFault", CONDITION.power, "main_power"],
  ["backupPowerFault", CONDITION.power, "backup_power"],
  ["channelFault", CONDITION.fault, "channel"],
  ["lineFault", CONDITION.fault, "line"],
];

export interface PanelEventsResult {
  /** fire-class first, otherwise in the order the frame said them */
  events: PanelEvent[];
  /** the conditions these events change, to apply once they are stored */
  changes: ConditionChange[];
}

type Fields = Omit<PanelEventFields, "unitId" | "transmissionDeviceId" | "address">;
type Place = Fields & { point: string; location: string };

function systemJson(s: SystemKey, name: string | null | undefined): Json {
  return { type: s.type, address: s.address, typeName: s.typeName, name: name ?? null };
}

function componentJson(c: ComponentKey): Json {
  return { type: c.type, address: c.address, typeName: c.typeName };
}

class EventBuilder {
  private readonly events: PanelEvent[] = [];
  private readonly overlay = new Map<string, Map<PanelAlarmKind, boolean | null>>();

  constructor(
    private readonly frame: PanelFrame,
    private readonly mapping: PanelMapping,
    private readonly state: ConditionState,
  ) {}

  get(point: string, kind: PanelAlarmKind): boolean | null {
    const v = this.overlay.get(point)?.get(kind);
    return v !== undefined ? v : conditionOf(this.state, point, kind);
  }

  set(point: string, kind: PanelAlarmKind, on: boolean): void {
    let kinds = this.overlay.get(point);
    if (!kinds) this.overlay.set(point, (kinds = new Map()));
    kinds.set(kind, on);
  }

  emit(index: number, type: PanelEventType, at: LabelTime, fields: Fields): void {
    const { frame, mapping } = this;
    this.events.push({
      deviceId: frame.deviceId,
      msgId: `${frame.frameId}:${index}:${fnv32(`${type}|${fields.point ?? ""}`)}`,
      ts: eventMoment(at, frame),
      type,
      fields: {
        unitId: mapping.unitId,
        transmissionDeviceId: mapping.transmissionDeviceId,
        address: frame.address,
        ...fields,
      },
      source: "gb26875",
      raw: frame.raw,
    });
  }

  /** One condition reported on or off; returns whether it made an event. */
  condition(index: number, c: Condition, on: boolean, at: LabelTime, fields: Fields & { point: string }): boolean {
    const prev = this.get(fields.point, c.kind);
    this.set(fields.point, c.kind, on);
    if (on) {
      if (!FIRE_CLASS.has(c.kind) && prev === true) return false;
      this.emit(index, c.raise, at, { ...fields, kind: c.kind });
      return true;
    }
    if (prev === false) return false;
    this.emit(index, c.clear, at, { ...fields, kind: c.kind });
    return true;
  }

  /** Clears what a reset clears on every point under `base` ("1/1", or "uitd") that is known to be on. */
  reset(index: number, base: string, at: LabelTime, fields: Fields): void {
    this.emit(index, "panel_reset", at, { ...fields, point: base, pointPrefix: base });
    const points = new Set([...this.state.keys(), ...this.overlay.keys()]);
    for (const point of [...points].sort()) {
      if (point !== base && !point.startsWith(`${base}/`)) continue;
      for (const kind of RESET_KINDS) {
        if (this.get(point, kind) !== true) continue;
        this.set(point, kind, false);
        const c = BY_KIND.get(kind)!;
        this.emit(index, c.clear, at, { ...this.placeOf(point), operator: fields.operator, point, kind });
      }
    }
  }

  /** Where a point is, for a point known only by its text (a reset's clears). */
  placeOf(point: string): Fields {
    if (point === UITD_POINT || point.startsWith(`${UITD_POINT}/`)) return { location: deviceLocation(point) };
    const component = /\/0x([0-9a-f]{8})$/.exec(point);
    if (component) {
      const address = parseInt(component[1]!, 16);
      const m = this.mapping.components.get(point);
      if (!m) return { location: `未命名部件 ${componentAddressText(address)}` };
      const label = m.name?.trim() ? m.name.trim() : unnamedComponentLabel(m.typeName, address);
      return { location: joinLocation(m.location ?? m.keyPartName, label), keyPartId: m.keyPartId, componentId: m.id };
    }
    const [type, address, sub] = point.split("/");
    const s = this.mapping.systems.get(`${type}/${address}`);
    const label = systemLabel(s?.name, { typeName: s?.typeName ?? `系统类型 ${type}`, address: Number(address) });
    return { location: joinLocation(label, sub ? SUB_POINTS[sub as SubPoint] : null) };
  }

  componentPlace(system: SystemKey, component: ComponentKey): Place {
    const point = componentPoint(system, component.address);
    const m = this.mapping.components.get(point);
    const label = m?.name?.trim() ? m.name.trim() : unnamedComponentLabel(component.typeName, component.address);
    return {
      point,
      location: joinLocation(m?.location ?? m?.keyPartName, label),
      keyPartId: m?.keyPartId ?? null,
      componentId: m?.id ?? null,
      system: systemJson(system, this.mapping.systems.get(systemPoint(system))?.name),
      component: componentJson(component),
    };
  }

  systemPlace(system: SystemKey): Place {
    const point = systemPoint(system);
    const name = this.mapping.systems.get(point)?.name;
    return { point, location: systemLabel(name, system), system: systemJson(system, name) };
  }

  anyComponentOn(systemPointText: string, kind: PanelAlarmKind): boolean {
    const points = new Set([...this.state.keys(), ...this.overlay.keys()]);
    for (const p of points) if (isComponentOf(p, systemPointText) && this.get(p, kind) === true) return true;
    return false;
  }

  finish(upload: PanelUpload | null): PanelEventsResult {
    // a data unit with no objects still happened: it is kept as history
    if (this.events.length === 0) this.emit(0, "panel_other", null, { upload: upload?.kind ?? null, count: 0 });
    const changes: ConditionChange[] = [];
    for (const [point, kinds] of this.overlay) for (const [kind, on] of kinds) changes.push({ point, kind, on });
    const fire = this.events.filter((e) => isFireClass(e.type));
    const rest = this.events.filter((e) => !isFireClass(e.type));
    return { events: [...fire, ...rest], changes };
  }
}

function deviceLocation(point: string): string {
  const sub = point.split("/")[1] as SubPoint | undefined;
  return joinLocation("用户信息传输装置", sub ? SUB_POINTS[sub] : null);
}

function componentState(b: EventBuilder, i: number, item: ComponentStateItem): void {
  const fields = {
    ...b.componentPlace(item.system, item.component),
    description: item.description,
    state: item.flags.text,
    testMode: !item.flags.normalMode,
  };
  let emitted = false;
  for (const [flag, c] of COMPONENT_CONDITIONS) {
    emitted = b.condition(i, c, item.flags[flag] === true, item.at, fields) || emitted;
  }
  if (!emitted) b.emit(i, "panel_component_state", item.at, fields);
}

function systemState(b: EventBuilder, i: number, item: SystemStateItem): void {
  const place = b.systemPlace(item.system);
  const fields = { ...place, state: item.flags.text, testMode: !item.flags.normalMode };
  let emitted = false;
  // A system's fire bit with a component of it already in fire is that component's fire, not another one.
  if (!item.flags.fire || !b.anyComponentOn(place.point, "FIRE")) {
    emitted = b.condition(i, CONDITION.fire, item.flags.fire, item.at, fields);
  }
  for (const [flag, c, sub] of SYSTEM_CONDITIONS) {
    const point = sub ? subPoint(place.point, sub) : place.point;
    const location = sub ? joinLocation(place.location, SUB_POINTS[sub]) : place.location;
    emitted = b.condition(i, c, item.flags[flag] === true, item.at, { ...fields, point, location }) || emitted;
  }
  if (item.flags.reset) {
    b.reset(i, place.point, item.at, fields);
    emitted = true;
  }
  if (!emitted) b.emit(i, "panel_state", item.at, fields);
}

function deviceState(b: EventBuilder, i: number, item: { flags: DeviceFlags; at: LabelTime }): void {
  const fields = { state: item.flags.text, testMode: !item.flags.normalMode };
  let emitted = false;
  for (const [flag, c, sub] of DEVICE_CONDITIONS) {
    const point = sub ? subPoint(UITD_POINT, sub) : UITD_POINT;
    emitted =
      b.condition(i, c, item.flags[flag] === true, item.at, { ...fields, point, location: deviceLocation(point) }) ||
      emitted;
  }
  if (!emitted)
    b.emit(i, "uitd_state", item.at, { ...fields, point: UITD_POINT, location: deviceLocation(UITD_POINT) });
}

function operation(b: EventBuilder, i: number, item: SystemOperationItem | DeviceOperationItem, place: Place): void {
  const op = item.operation;
  const fields = { ...place, operator: item.operator, state: op.text };
  const device = !("system" in item);
  let emitted = false;
  if (op.manualAlarm) emitted = b.condition(i, CONDITION.callPoint, true, item.at, fields);
  if (op.reset) {
    b.reset(i, place.point, item.at, fields);
    emitted = true;
  }
  if (op.mute) {
    b.emit(i, "panel_mute", item.at, fields);
    emitted = true;
  }
  if (device && op.dutyReply) {
    b.emit(i, "uitd_duty_reply", item.at, fields);
    emitted = true;
  }
  if (!emitted) b.emit(i, device ? "uitd_operation" : "panel_operation", item.at, fields);
}

function history(
  b: EventBuilder,
  upload: Exclude<
    PanelUpload,
    { kind: "system_state" | "component_state" | "device_state" | "system_operation" | "device_operation" }
  >,
): void {
  switch (upload.kind) {
    case "analogue":
      return upload.items.forEach((x, i) =>
        b.emit(i, "panel_analogue", x.at, {
          ...b.componentPlace(x.system, x.component),
          analogueType: x.analogueType,
          name: x.name,
          value: x.value,
          unit: x.unit,
        }),
      );
    case "system_version":
    case "device_version":
      return upload.items.forEach((x, i) =>
        b.emit(i, upload.kind === "system_version" ? "panel_version" : "uitd_version", null, {
          ...(x.system ? b.systemPlace(x.system) : { point: UITD_POINT }),
          version: `${x.major}.${x.minor}`,
        }),
      );
    case "system_config":
    case "device_config":
      return upload.items.forEach((x, i) =>
        b.emit(i, upload.kind === "system_config" ? "panel_config" : "uitd_config", null, {
          ...(x.system ? b.systemPlace(x.system) : { point: UITD_POINT }),
          text: x.text,
        }),
      );
    case "component_config":
      return upload.items.forEach((x, i) =>
        b.emit(i, "panel_component_config", null, {
          ...b.componentPlace(x.system, x.component),
          description: x.description,
        }),
      );
    case "system_time":
    case "device_time":
      return upload.items.forEach((x, i) =>
        b.emit(i, upload.kind === "system_time" ? "panel_time" : "uitd_time", null, {
          ...(x.system ? b.systemPlace(x.system) : { point: UITD_POINT }),
          time: x.time ? x.time.toISOString() : null,
        }),
      );
    case "other":
      return b.emit(0, "panel_other", null, { code: upload.code, name: upload.name, count: upload.count });
  }
}

export function panelEvents(frame: PanelFrame, mapping: PanelMapping, state: ConditionState): PanelEventsResult {
  const b = new EventBuilder(frame, mapping, state);
  const u = frame.upload;
  if (!u) b.emit(0, "heartbeat", frame.sentAt, {});
  else if (u.kind === "component_state") u.items.forEach((x, i) => componentState(b, i, x));
  else if (u.kind === "system_state") u.items.forEach((x, i) => systemState(b, i, x));
  else if (u.kind === "device_state") u.items.forEach((x, i) => deviceState(b, i, x));
  else if (u.kind === "system_operation") u.items.forEach((x, i) => operation(b, i, x, b.systemPlace(x.system)));
  else if (u.kind === "device_operation") {
    u.items.forEach((x, i) => operation(b, i, x, { point: UITD_POINT, location: deviceLocation(UITD_POINT) }));
  } else history(b, u);
  return b.finish(u);
}
