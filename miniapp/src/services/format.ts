import type { AlarmKind, AlarmResolution } from "@anxin/contract";
// the values the mini-program takes from the contract: its label tables and the county's clock, files with no
// imports (no zod)
import { addDays, countyClockTime, countyDate } from "@anxin/contract/county-time";
import { KIND_LABEL } from "@anxin/contract/labels";

export type Tone = "ok" | "danger" | "warn" | "muted";

/** A home's alarms in a resident's words; every other kind reads as the API names it (contract labels). */
const KIND: Partial<Record<AlarmKind, string>> = {
  FIRE: "火警：烟雾报警",
  TAMPER: "报警器被拆动",
  LOW_BATTERY: "报警器电量低",
  FAULT: "报警器故障",
  OFFLINE: "报警器离线",
  NOTIFY_FAILED: "火警通知未送达",
};

export function kindLabel(kind: AlarmKind | string): string {
  return KIND[kind as AlarmKind] ?? KIND_LABEL[kind as AlarmKind] ?? "设备报警";
}

export const RESOLUTION_LABEL: Record<AlarmResolution, string> = {
  FALSE_ALARM: "误报",
  TEST: "测试",
  REAL_FIRE: "真实火情",
  DEVICE_FAULT: "设备故障",
};

export const ALARM_STATUS_LABEL: Record<string, string> = {
  ACTIVE: "未处理",
  ACKNOWLEDGED: "有人在处理",
  RESOLVED: "已结束",
};

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * "今天 14:03", "昨天 09:10", "11月3日 14:03", "2025年11月3日 14:03": always the county's clock (Asia/Shanghai),
 * whatever zone the phone is set to, as the console and the booking pages show it.
 */
export function formatTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "从未";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "未知";
  const hm = countyClockTime(t);
  const day = countyDate(t);
  const today = countyDate(now);
  if (day === today) return `今天 ${hm}`;
  if (day === addDays(today, -1)) return `昨天 ${hm}`;
  return `${countyDayText(day, day.slice(0, 4) !== today.slice(0, 4))} ${hm}`;
}

/** A county date ("2026-11-03") in words: "11月3日", with the year "2026年11月3日". */
export function countyDayText(day: string, withYear = false): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${withYear ? `${y}年` : ""}${m}月${d}日`;
}

/** "刚刚", "3分钟前", "2小时前", "5天前". */
export function timeAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "从未";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "未知";
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return "刚刚";
  if (s < 3600) return `${Math.floor(s / 60)}分钟前`;
  if (s < 86400) return `${Math.floor(s / 3600)}小时前`;
  return `${Math.floor(s / 86400)}天前`;
}

/** "2分05秒" left until `iso`; "马上" when it is due. */
export function timeLeft(iso: string, now: number = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return "";
  if (ms <= 0) return "马上";
  const s = Math.ceil(ms / 1000);
  const m = Math.floor(s / 60);
  if (m === 0) return `${s}秒`;
  if (m < 60) return `${m}分${pad(s % 60)}秒`;
  return `${Math.floor(m / 60)}小时${m % 60}分`;
}

/**
 * What a resident is told once a command was asked for: `sent` when the system could pass it on; when it could
 * not yet (the answer is PENDING), that it is kept and sent as soon as the alarm can be reached, and when it is
 * dropped if it cannot be; `after` (a safety line) closes both.
 */
export function commandSaid(
  res: { status: string; until?: string | undefined },
  sent: string,
  what: string,
  after = "",
  now: number = Date.now(),
): string {
  if (res.status !== "PENDING") return `${sent}${after}`;
  const left = res.until ? timeLeft(res.until, now) : "";
  const dropped = left && left !== "马上" ? `；${left}内发不出就自动取消` : "";
  return `系统暂时联系不上报警器，${what}已记下，联系上后自动发出${dropped}。${after}`;
}

export function batteryLabel(battery: number | null | undefined): string {
  if (battery === null || battery === undefined) return "未知";
  return `${Math.round(battery)}%`;
}

/** Signal strength in words from RSSI in dBm. */
export function signalLabel(rssi: number | null | undefined): string {
  if (rssi === null || rssi === undefined) return "未知";
  if (rssi >= -85) return "强";
  if (rssi >= -100) return "中";
  if (rssi >= -110) return "弱";
  return "很弱";
}

/** Mask the middle of a mobile number: 138****5678. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "未确认";
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** Rooms offered when binding a device. */
export const ROOMS = ["客厅", "厨房", "主卧", "次卧", "书房", "走廊", "其他"];

/**
 * One name for a device: "客厅烟感" (its name already says the room), "主卧 · 奶奶房间" (room and name),
 * "客厅的报警器" (no name), "报警器" (neither).
 */
export function deviceLabel(d: { room: string | null; name: string | null }): string {
  const room = d.room?.trim() ?? "";
  const name = d.name?.trim() ?? "";
  if (!name) return room ? `${room}的报警器` : "报警器";
  if (!room || name.includes(room)) return name;
  return `${room} · ${name}`;
}
