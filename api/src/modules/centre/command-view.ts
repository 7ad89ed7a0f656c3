// What the centre's wall display (the command view, issue 17 item 4) reads: every unit the caller sees on
// the map, coloured by state (fire, fault, offline, normal), and for one alarm its unit's file, facilities,
// water, cameras and the alarm's timeline (history entries and every message, 119 hand-offs included).
import type { AlarmKind, Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { UNIT_KIND_LABEL as KIND_LABEL } from "../alarms/alarm.ts";
import { FACILITY_LABELS } from "../units/catalogue.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import { UNIT_FIRE_KINDS, type IncidentFacts } from "./incident-facts.ts";
import { VERDICT_LABEL } from "./centre-service.ts";

export type UnitState = "FIRE" | "FAULT" | "OFFLINE" | "NORMAL";
export const UNIT_STATE_LABEL: Record<UnitState, string> = {
  FIRE: "火警",
  FAULT: "故障",
  OFFLINE: "离线",
  NORMAL: "正常",
};

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

const CHANNEL_LABEL: Record<string, string> = {
  PUSH: "值班屏",
  SMS: "短信",
  VOICE: "电话",
  WECHAT: "微信",
  CONSOLE: "控制台",
  HANDOFF_119: "推送 119",
};
const STATUS_LABEL: Record<string, string> = {
  QUEUED: "待发送",
  SENDING: "发送中",
  SENT: "已发送",
  DELIVERED: "已送达",
  FAILED: "失败",
  CANCELLED: "已取消",
};

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
    const open = await this.prisma.alarm.findMany({
      where: { status: { not: "RESOLVED" }, unitId: { in: units.map((u) => u.id) } },
      select: { unitId: true, kind: true, verdict: true },
      take: MAX_OPEN,
    });
    return units.map((u) => {
      const mine = open.filter((a) => a.unitId === u.id);
      const state: UnitState = mine.some((a) => UNIT_FIRE_KINDS.has(a.kind))
        ? "FIRE"
        : mine.some((a) => a.kind !== "OFFLINE")
          ? "FAULT"
          : mine.length
            ? "OFFLINE"
            : "NORMAL";
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
        select: { channel: true, recipient: true, status: true, createdAt: true, sentAt: true, providerResponse: true },
        take: TIMELINE_MAX,
      }),
    ]);
    if (!facts) throw new AppError("NOT_FOUND", "找不到该报警");
    const names = new Map(
      (
        await this.prisma.staffUser.findMany({
          where: {
            id: {
              in: [...actions.map((x) => x.actor), ...messages.map((x) => x.recipient)]
                .filter((k) => k.startsWith("staff:"))
                .map((k) => k.slice(6)),
            },
          },
          select: { id: true, name: true },
        })
      ).map((s) => [`staff:${s.id}`, s.name]),
    );
    const who = (k: string) => (k === "system" ? "系统" : k === "system:119" ? "119 指挥中心" : (names.get(k) ?? k));
    const timeline: TimelineEntry[] = [
      ...actions.map((x) => ({
        at: x.at.toISOString(),
        what: ACTION_LABEL[x.action] ?? x.action,
        detail: x.note ?? "",
        who: who(x.actor),
      })),
      ...messages.map((n) => ({
        at: (n.sentAt ?? n.createdAt).toISOString(),
        what: CHANNEL_LABEL[n.channel] ?? n.channel,
        detail: `${STATUS_LABEL[n.status] ?? n.status}${n.channel === "HANDOFF_119" && n.providerResponse ? `：${n.providerResponse.slice(0, 80)}` : ""}`,
        who: who(n.recipient),
      })),
    ].sort((x, y) => x.at.localeCompare(y.at));
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

const ACTION_LABEL: Record<string, string> = {
  raised: "报警",
  repeated: "再次报警",
  notified: "通知控制室",
  confirmed: "确认火警",
  resolved: "确认结果",
  confirm_timeout: "超时未确认",
  handoff_119: "119 已接收",
  handoff_119_failed: "推送 119 失败",
  handoff_fallback: "电话通知值班",
  handoff_stopped: "停止推送 119",
};
