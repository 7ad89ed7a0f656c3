// The words and addresses the centre screens share.
import type { SessionView } from "@anxin/contract/bookings";

export const LEVEL: Record<string, string> = { COUNTY: "县级体验馆", TOWNSHIP: "乡镇体验站", COMMUNITY: "社区体验室" };

export const SESSION_STATUS: Record<string, string> = { OPEN: "开放预约", CANCELLED: "已取消", CLOSED: "已结束" };

export const TOPIC_LABEL: Record<SessionView["topic"], string> = {
  SMOKE_ESCAPE: "烟雾逃生",
  EXTINGUISHER_USE: "灭火器使用",
  HOME_HAZARDS: "家庭火灾隐患",
  EBIKE_SAFETY: "电动自行车安全",
  GAS_SAFETY: "燃气安全",
  COMPREHENSIVE: "综合体验",
};

export const ages = (min: number | null, max: number | null) =>
  min === null && max === null ? "不限" : `${min ?? 0}–${max ?? "不限"} 岁`;

export const centreUrl = (id: string, rest = "") => `/api/centres/${encodeURIComponent(id)}${rest}`;

export const sessionLabel = (s: SessionView) => `${s.date} ${s.startTime} ${s.title}`;
