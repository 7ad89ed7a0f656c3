import type { Attendee, BookingStatus, BookingView, GroupType, SessionTopic, SessionView } from "@anxin/contract";
import { countyClockTime, countyDate } from "@anxin/contract/county-time";

export const BOOKING_ROUTES = {
  centres: "/packages/booking/pages/list/index",
  centre: "/packages/booking/pages/centre/index",
  book: "/packages/booking/pages/book/index",
  mine: "/packages/booking/pages/mine/index",
  detail: "/packages/booking/pages/detail/index",
  staff: "/packages/booking/pages/staff/index",
  today: "/packages/booking/pages/today/index",
  checkin: "/packages/booking/pages/checkin/index",
  attendance: "/packages/booking/pages/attendance/index",
  groups: "/packages/booking/pages/groups/index",
  groupNew: "/packages/booking/pages/group-new/index",
  group: "/packages/booking/pages/group/index",
} as const;

export const STATUS: Record<BookingStatus, { text: string; tone: "ok" | "warn" | "danger" | "muted" }> = {
  CONFIRMED: { text: "预约成功", tone: "ok" },
  WAITLISTED: { text: "排队候补中", tone: "warn" },
  OFFERED: { text: "有空位了，请确认", tone: "danger" },
  CHECKED_IN: { text: "已签到", tone: "ok" },
  NO_SHOW: { text: "未到场", tone: "muted" },
  CANCELLED: { text: "已取消", tone: "muted" },
  EXPIRED: { text: "已失效", tone: "muted" },
  SESSION_CANCELLED: { text: "场次已取消", tone: "muted" },
};

export function statusLabel(s: string): { text: string; tone: "ok" | "warn" | "danger" | "muted" } {
  return STATUS[s as BookingStatus] ?? { text: s, tone: "muted" };
}

export const TOPIC: Record<SessionTopic, string> = {
  SMOKE_ESCAPE: "烟雾逃生",
  EXTINGUISHER_USE: "灭火器使用",
  HOME_HAZARDS: "家庭隐患排查",
  EBIKE_SAFETY: "电动车安全",
  GAS_SAFETY: "燃气安全",
  COMPREHENSIVE: "综合体验",
};

export const GROUP_TYPE: Record<GroupType, string> = {
  TOWNSHIP: "乡镇街道",
  SCHOOL: "学校",
  COMMUNITY: "社区",
  COMPANY: "单位",
};

export const LEVEL: Record<string, string> = { COUNTY: "县级体验馆", TOWNSHIP: "乡镇体验站", COMMUNITY: "社区体验室" };

const WEEK = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/** The county's calendar day now (Asia/Shanghai, UTC+8, no daylight saving). */
export function countyToday(now: number = Date.now()): string {
  return countyDate(now);
}

/** "11月29日 周六", with 今天/明天 for those days. */
export function dayLabel(date: string, now: number = Date.now()): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  const week = WEEK[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  const today = countyToday(now);
  const tomorrow = countyToday(now + 86_400_000);
  const prefix = date === today ? "今天 " : date === tomorrow ? "明天 " : "";
  return `${prefix}${m}月${d}日 ${week}`;
}

/** "11月29日 周六 09:30-10:30" */
export function sessionWhen(s: Pick<SessionView, "date" | "startTime" | "endTime">, now?: number): string {
  return `${dayLabel(s.date, now)} ${s.startTime}-${s.endTime}`;
}

export function ages(s: Pick<SessionView, "minAge" | "maxAge">): string {
  if (s.minAge != null && s.maxAge != null) return `适合 ${s.minAge}-${s.maxAge} 岁`;
  if (s.minAge != null) return `适合 ${s.minAge} 岁以上`;
  if (s.maxAge != null) return `适合 ${s.maxAge} 岁以下`;
  return "老少皆宜";
}

/** What a session offers now: bookable seats, the waitlist, or why it cannot be booked. */
export function seatsText(s: SessionView, now: number = Date.now()): { text: string; bookable: boolean } {
  if (s.status === "CANCELLED")
    return { text: `已取消${s.cancelReason ? `：${s.cancelReason}` : ""}`, bookable: false };
  if (s.status === "CLOSED" || new Date(s.startsAt).getTime() <= now)
    return { text: "已开始或已结束", bookable: false };
  if (s.seatsLeft > 0) return { text: `还剩 ${s.seatsLeft} 个名额`, bookable: true };
  if (s.waitlistSeatsLeft > 0) return { text: "已约满，可以排队候补", bookable: true };
  return { text: "已约满，候补也已满", bookable: false };
}

/** "1.2 公里" / "800 米" */
export function distanceLabel(km: number | null): string {
  if (km === null || km === undefined) return "";
  return km < 1 ? `${Math.round(km * 1000)} 米` : `${km.toFixed(1)} 公里`;
}

/** A clock time in county time for an ISO instant: "11月29日 14:05". */
export function countyTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "";
  const [, m, d] = countyDate(t).split("-").map(Number);
  return `${m}月${d}日 ${countyClockTime(t)}`;
}

/** Sort centres by name (Chinese order) when no distance is known. */
export function byName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/** Sessions grouped by day, in date and time order. */
export function byDay(items: SessionView[]): { date: string; sessions: SessionView[] }[] {
  const sorted = [...items].sort((a, b) => (a.date + a.startTime).localeCompare(b.date + b.startTime));
  const out: { date: string; sessions: SessionView[] }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.date === s.date) last.sessions.push(s);
    else out.push({ date: s.date, sessions: [s] });
  }
  return out;
}

/** One line under the status: the waitlist position, the offer's expiry, when it was used. */
export function statusDetail(b: BookingView): string {
  if (b.status === "WAITLISTED")
    return `候补第 ${b.waitlistPosition ?? "?"} 位${b.waitReason ? `（${b.waitReason}）` : ""}`;
  if (b.status === "OFFERED") return `名额为您保留到 ${countyTime(b.offerExpiresAt)}，请尽快确认`;
  if (b.status === "CHECKED_IN") return `${countyTime(b.checkedInAt)} 已签到`;
  if (b.status === "SESSION_CANCELLED") return b.cancelReason ? `原因：${b.cancelReason}` : "";
  if (b.status === "CONFIRMED") return "点开出示电子票";
  return "";
}

/** A family books at most 6 seats (the API's MAX_FAMILY_SEATS). */
export const MAX_SEATS = 6;

/** "张三 10" per line → { name: 张三, age: 10 }; blank lines dropped. */
export function parseAttendees(text: string): Attendee[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?)[\s,，]+(\d{1,3})岁?$/.exec(l);
      return m ? { name: m[1].trim(), age: Number(m[2]) } : { name: l };
    });
}

export function formatAttendees(list: Attendee[] | null): string {
  return (list ?? []).map((a) => (a.age !== undefined && a.age !== null ? `${a.name} ${a.age}` : a.name)).join("\n");
}
