// What the centre's wall display (the command view, issue 17 item 4) reads: every unit the caller sees on
// the map, coloured by state (fire, fault, offline, not connected, normal: unitState below), and for one
// alarm its unit's file, facilities, water, cameras and the alarm's timeline (history entries and every
// message, 119 hand-offs included).
import type { AlarmKind, Prisma, PrismaNs } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { UNIT_KIND_LABEL as KIND_LABEL } from "../alarms/alarm.ts";
import { FACILITY_LABELS } from "../units/catalogue.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import { UNIT_FIRE_KINDS, type IncidentFacts } from "./incident-facts.ts";
import { VERDICT_LABEL } from "./centre-service.ts";
import { WITHDRAWAL_TEMPLATE } from "./withdrawal.ts";
import {
  ALARM_ACTION_LABEL,
  DEVICE_KIND_LABEL,
  NOTIFICATION_CHANNEL_LABEL,
  NOTIFICATION_STATUS_LABEL,
  UNIT_STATE_LABEL as STATE_LABELS,
  WITHDRAWAL_119_MESSAGE_LABEL,
} from "../../contract/labels.ts";
import { scopeOfKey } from "../notifications/notification.ts";

export type UnitState = "FIRE" | "FAULT" | "OFFLINE" | "UNCONNECTED" | "NORMAL";

/** unitState's devices: a unit's devices, cameras aside (the wall, the county view, the roll-out's check). */
export const WATCHED_DEVICE = { model: { kind: { not: "CAMERA" } } } as const satisfies PrismaNs.DeviceWhereInput;
/** unitState's online ones: online (the offline sweeper clears it when heartbeats are missed), heard at least once. */
export const ONLINE_DEVICE = {
  ...WATCHED_DEVICE,
  status: { is: { online: true, lastSeenAt: { not: null } } },
} as const satisfies PrismaNs.DeviceWhereInput;
/** unitState's two device counts of each unit, by unit id (a unit with none is absent: 0). */
export interface UnitDeviceCounts {
  devices: ReadonlyMap<string, number>;
  online: ReadonlyMap<string, number>;
}

/**
 * unitState's device inputs for the units whose devices `units` selects (e.g. `{ unitId: { in: ids } }` or
 * `{ unit: { is: where } }`): two grouped counts, whatever the number of units. The wall's map, the county
 * view's counts and the roll-out's check read them here, so the three cannot count differently.
 */
export async function unitDeviceCounts(prisma: Prisma, units: PrismaNs.DeviceWhereInput): Promise<UnitDeviceCounts> {
  const [devices, online] = await Promise.all([
    prisma.device.groupBy({ by: ["unitId"], where: { ...units, ...WATCHED_DEVICE }, _count: { _all: true } }),
    prisma.device.groupBy({ by: ["unitId"], where: { ...units, ...ONLINE_DEVICE }, _count: { _all: true } }),
  ]);
  const byUnit = (rows: { unitId: string | null; _count: { _all: number } }[]) =>
    new Map(rows.map((r) => [r.unitId ?? "", r._count._all]));
  return { devices: byUnit(devices), online: byUnit(online) };
}

/** The words live in the public contract (api/src/contract/labels.ts); each state has one, and no more. */
export const UNIT_STATE_LABEL: Record<UnitState, string> = STATE_LABELS;
type SameStates = [keyof typeof STATE_LABELS] extends [UnitState] ? true : never;
const sameStates: SameStates = true;
void sameStates;

/**
 * A unit's state, worst first:
 * - FIRE: an open fire signal (UNIT_FIRE_KINDS); FAULT: any other open alarm but offline; OFFLINE: an open
 *   offline alarm (a device missed its heartbeats: devices/offline-sweeper.ts);
 * - UNCONNECTED (未接入): none of the unit's devices is registered (`devices` 0), so nothing watches it;
 * - OFFLINE (离线) too when it has devices but none of them is online: every one is offline (DeviceStatus
 *   `online` false, set by the sweeper or the gateway) or has never connected (no DeviceStatus row, or no
 *   `lastSeenAt`); a device that never came online raises no offline alarm, so this is the only place it shows;
 * - NORMAL only with at least one device online (`online` true and a `lastSeenAt`) and nothing open.
 * Its devices are the transmission device (UITD) and the sensors registered to it (Device.unitId); cameras
 * are not counted: video shows a place, it does not connect the unit's fire alarm system or facilities.
 */
export function unitState(x: { open: readonly { kind: AlarmKind }[]; devices: number; online: number }): UnitState {
  if (x.open.some((a) => UNIT_FIRE_KINDS.has(a.kind))) return "FIRE";
  if (x.open.some((a) => a.kind !== "OFFLINE")) return "FAULT";
  if (x.open.length) return "OFFLINE";
  if (!x.devices) return "UNCONNECTED";
  if (!x.online) return "OFFLINE";
  return "NORMAL";
}

const MAX_UNITS = 2000;
const MAX_OPEN = 5000;
const TIMELINE_MAX = 200;

export interface MapUnit {
  id: string;
  name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  state: UnitState;
  stateLabel: string;
  openAlarms: number;
}

export interface TimelineEntry {
  at: string;
  what: string;
  detail: string;
  /** who acted, or who a message went to */
  who: string;
}

export interface AlarmFile {
  alarm: {
    id: string;
    kind: AlarmKind;
    kindLabel: string;
    status: string;
    startedAt: string;
    confirmDeadlineAt: string | null;
    verdict: string | null;
    verdictLabel: string | null;
    verdictCause: string | null;
    report119: boolean;
  };
  facts: IncidentFacts;
  facilities: { kind: string; label: string; count: number }[];
  /** the unit's facility devices with an open alarm: the water supply and the rest */
  facilityAlarms: { deviceId: string; kindLabel: string; location: string | null; startedAt: string }[];
  timeline: TimelineEntry[];
}

/** A message's channel and status in the contract's words (labels.ts), as every other screen names them. */
const CHANNEL_LABEL: Record<string, string> = NOTIFICATION_CHANNEL_LABEL;
const STATUS_LABEL: Record<string, string> = NOTIFICATION_STATUS_LABEL;

export class CommandView {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly facts: (alarmId: string) => Promise<IncidentFacts | null>,
  ) {}

  async map(caller: Caller): Promise<MapUnit[]> {
    const visible = await this.scopes.visibleIds(caller);
    if (visible !== "all" && !visible.length) return [];
    const units = await this.prisma.networkedUnit.findMany({
      where: { active: true, ...(visible === "all" ? {} : { id: { in: visible } }) },
      select: { id: true, name: true, address: true, latitude: true, longitude: true },
      orderBy: { name: "asc" },
      take: MAX_UNITS,
    });
    const ids = units.map((u) => u.id);
    // the unit's devices, cameras aside (unitState), and those of them online: two counts a unit
    const [open, counts] = await Promise.all([
      this.prisma.alarm.findMany({
        where: { status: { not: "RESOLVED" }, unitId: { in: ids } },
        select: { unitId: true, kind: true, verdict: true },
        take: MAX_OPEN,
      }),
      unitDeviceCounts(this.prisma, { unitId: { in: ids } }),
    ]);
    return units.map((u) => {
      const mine = open.filter((a) => a.unitId === u.id);
      const devices = counts.devices.get(u.id) ?? 0;
      const state = unitState({ open: mine, devices, online: counts.online.get(u.id) ?? 0 });
      return { ...u, state, stateLabel: UNIT_STATE_LABEL[state], openAlarms: mine.length };
    });
  }

  async alarmFile(caller: Caller, alarmId: string): Promise<AlarmFile> {
    const a = await this.prisma.alarm.findUnique({ where: { id: alarmId } });
    if (!a?.unitId) throw new AppError("NOT_FOUND", "找不到该报警");
    await this.scopes.assertUnit(caller, a.unitId).catch(() => {
      throw new AppError("NOT_FOUND", "找不到该报警");
    });
    const [facts, facilities, facilityAlarms, actions, messages] = await Promise.all([
      this.facts(a.id),
      this.prisma.unitFacility.findMany({ where: { unitId: a.unitId }, orderBy: { kind: "asc" } }),
      this.prisma.alarm.findMany({
        where: { unitId: a.unitId, status: { not: "RESOLVED" }, id: { not: a.id } },
        select: { deviceId: true, kind: true, location: true, startedAt: true },
        orderBy: { startedAt: "desc" },
        take: 50,
      }),
      this.prisma.alarmAction.findMany({ where: { alarmId: a.id }, orderBy: { at: "asc" }, take: TIMELINE_MAX }),
      this.prisma.notification.findMany({
        where: { alarmId: a.id, channel: { not: "CONSOLE" } },
        orderBy: { createdAt: "asc" },
        select: {
          channel: true,
          recipient: true,
          status: true,
          createdAt: true,
          sentAt: true,
          providerId: true,
          dedupeKey: true,
          template: true,
        },
        take: TIMELINE_MAX,
      }),
    ]);
    if (!facts) throw new AppError("NOT_FOUND", "找不到该报警");
    const actors = [...actions.map((x) => x.actor), ...messages.map((x) => x.recipient)];
    const [staff, devices] = await Promise.all([
      this.prisma.staffUser.findMany({
        where: { id: { in: idsOf(actors, "staff:") } },
        select: { id: true, name: true },
      }),
      this.prisma.device.findMany({
        where: { id: { in: idsOf(actors, "device:") } },
        select: { id: true, name: true, placeName: true, model: { select: { kind: true } } },
      }),
    ]);
    const names = new Map<string, string>([
      ...staff.map((s) => [`staff:${s.id}`, s.name] as const),
      ...devices.map((d) => [`device:${d.id}`, deviceLabel(d)] as const),
    ]);
    const who = (k: string) => names.get(k) ?? ACTOR_LABEL[k] ?? actorKindLabel(k);
    const timeline: TimelineEntry[] = collapse([
      ...actions.map((x) => ({
        at: x.at.toISOString(),
        what: ALARM_ACTION_LABEL[x.action] ?? "处置记录",
        detail: x.note ?? "",
        who: who(x.actor),
      })),
      ...messages.map((n) => messageEntry(n, messages, who)),
    ]);
    return {
      alarm: {
        id: a.id,
        kind: a.kind,
        kindLabel: KIND_LABEL[a.kind],
        status: a.status,
        startedAt: a.startedAt.toISOString(),
        confirmDeadlineAt: a.confirmDeadlineAt?.toISOString() ?? null,
        verdict: a.verdict,
        verdictLabel: a.verdict ? VERDICT_LABEL[a.verdict] : null,
        verdictCause: a.verdictCause,
        report119: a.report119,
      },
      facts,
      facilities: facilities.map((f) => ({ kind: f.kind, label: FACILITY_LABELS[f.kind], count: f.count })),
      facilityAlarms: facilityAlarms.map((x) => ({
        deviceId: x.deviceId,
        kindLabel: KIND_LABEL[x.kind],
        location: x.location,
        startedAt: x.startedAt.toISOString(),
      })),
      timeline,
    };
  }
}

/** Actors and recipients that are not a person or a device, in words (never an internal id on the wall). */
const ACTOR_LABEL: Record<string, string> = {
  system: "系统",
  "system:119": "119 指挥中心",
  "contact:119-duty": "119 值班",
};
const actorKindLabel = (k: string): string =>
  k.startsWith("device:")
    ? "报警设备"
    : k.startsWith("staff:")
      ? "工作人员"
      : k.startsWith("resident:")
        ? "居民"
        : k.startsWith("contact:")
          ? "联系人"
          : "系统";
const idsOf = (keys: string[], prefix: string) => [
  ...new Set(keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))),
];

/** A device as the timeline names it: its kind (用户信息传输装置, 手动火灾报警按钮 ...) and its name or place. */
function deviceLabel(d: { name: string | null; placeName: string | null; model: { kind: string } }): string {
  const kind = (DEVICE_KIND_LABEL as Record<string, string>)[d.model.kind] ?? "报警设备";
  const name = d.name ?? d.placeName;
  if (!name) return kind;
  return name.includes(kind) ? name : `${kind}（${name}）`;
}

interface MessageRow {
  channel: string;
  recipient: string;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  providerId: string | null;
  dedupeKey: string;
  template: string;
}

/**
 * One message in words. A staff screen (PUSH) that fails means nobody had the duty screen open: the outbox then
 * sends the same message by SMS (notifications/notification.ts fallbackOf), or the person is already being
 * told by SMS or phone in the same step. A 119 hand-off (and a withdrawal notice, withdrawal.ts) says whether 119
 * received it and its incident number, never the provider's raw answer.
 */
function messageEntry(n: MessageRow, all: MessageRow[], who: (k: string) => string): TimelineEntry {
  const at = (n.sentAt ?? n.createdAt).toISOString();
  if (n.channel === "HANDOFF_119" && n.template === WITHDRAWAL_TEMPLATE) {
    const detail =
      n.status === "DELIVERED"
        ? `119 指挥中心已收到${n.providerId ? `（接警编号 ${n.providerId}）` : ""}`
        : n.status === "FAILED"
          ? "119 指挥中心未确认收到，系统继续重试"
          : `${STATUS_LABEL[n.status] ?? "处理中"}`;
    return { at, what: WITHDRAWAL_119_MESSAGE_LABEL, detail, who: "" };
  }
  if (n.channel === "HANDOFF_119") {
    const detail =
      n.status === "DELIVERED"
        ? `已送达 119 指挥中心${n.providerId ? `（接警编号 ${n.providerId}）` : ""}`
        : n.status === "FAILED"
          ? "119 指挥中心未确认接收，系统继续重试"
          : `${STATUS_LABEL[n.status] ?? "处理中"}`;
    return { at, what: CHANNEL_LABEL.HANDOFF_119!, detail, who: "" };
  }
  if (n.channel === "PUSH" && n.status === "FAILED") {
    const scope = scopeOfKey(n.dedupeKey);
    const other = all
      .filter(
        (m) =>
          m.recipient === n.recipient &&
          (m.channel === "SMS" || m.channel === "VOICE") &&
          scopeOfKey(m.dedupeKey) === scope,
      )
      .map((m) => m.channel);
    const via = ["VOICE", "SMS"]
      .filter((c) => other.includes(c))
      .map((c) => CHANNEL_LABEL[c]!)
      .join("和");
    return {
      at,
      what: CHANNEL_LABEL.PUSH!,
      detail: via ? `值班屏未打开，已改用${via}通知` : "值班屏未打开，且无手机号，未能改用短信",
      who: who(n.recipient),
    };
  }
  return {
    at,
    what: CHANNEL_LABEL[n.channel] ?? "通知",
    detail: STATUS_LABEL[n.status] ?? "处理中",
    who: who(n.recipient),
  };
}

/**
 * In time order; the same entry again (the same message to the same person at each step: the duty screen
 * that nobody had open, three times) is one line, the first, with how many times it happened.
 */
function collapse(entries: TimelineEntry[]): TimelineEntry[] {
  const sorted = entries.sort((x, y) => x.at.localeCompare(y.at));
  const out: (TimelineEntry & { times: number })[] = [];
  const seen = new Map<string, TimelineEntry & { times: number }>();
  for (const e of sorted) {
    const key = `${e.what}\u0000${e.who}\u0000${e.detail}`;
    const first = seen.get(key);
    if (first) {
      first.times++;
      continue;
    }
    const row = { ...e, times: 1 };
    seen.set(key, row);
    out.push(row);
  }
  return out.map(({ times, ...e }) => (times > 1 ? { ...e, detail: `${e.detail}（共 ${times} 次）` } : e));
}
