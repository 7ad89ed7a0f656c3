// 火警确认's calls (api: /api/centre, issue 17), on the staff session, and where the unit pages live.
import type { centre } from "@anxin/contract";
import { staffClient } from "@/services/client";

/** The staff subpackage's unit pages (kept here: services/session.ts ROUTES is shared). */
export const UNIT_ROUTES = {
  confirm: "/packages/staff/pages/confirm/index",
  hazards: "/packages/staff/pages/hazards/index",
  hazard: "/packages/staff/pages/hazard/index",
  supervise: "/packages/staff/pages/supervise/index",
} as const;

export interface BoardAlarm {
  id: string;
  kind: string;
  kindLabel: string;
  status: string;
  unitId: string;
  unitName: string;
  location: string | null;
  floor: number | null;
  startedAt: string;
  confirmDeadlineAt: string | null;
  verdict: string | null;
  verdictLabel: string | null;
  report119: boolean;
}

export type Verdict = "REAL_FIRE" | "FALSE_ALARM" | "TEST" | "FAULT";

/**
 * A verdict given lately (GET /api/centre/verdicts, closed alarms included), with the withdrawal notice sent to
 * 119 when the alarm had been reported to it (its state in the server's words, as the console shows them).
 */
export type RecentVerdict = centre.RecentVerdict;

/** The signals a control room confirms (as the console's 火警确认 page). */
export const CONFIRM_KINDS = new Set(["FIRE", "CALL_POINT", "GAS_LEAK", "SUSPECTED_FIRE"]);

export const VERDICTS: { value: Verdict; text: string; what: string }[] = [
  {
    value: "REAL_FIRE",
    text: "真实火警",
    what: "系统将立即把火警报告 119，并通知单位负责人和监控中心。",
  },
  { value: "FALSE_ALARM", text: "误报", what: "请选择误报原因。确认后不再报告 119。" },
  { value: "TEST", text: "测试", what: "确认后不再报告 119。" },
  { value: "FAULT", text: "设备故障", what: "没有火情，确认后不再报告 119，并转为设备维修。" },
];

/** The common causes of a false fire alarm (the console's list). */
export const FALSE_CAUSES = ["油烟", "水汽、粉尘", "吸烟", "施工、焊接", "探测器故障", "误碰手报按钮", "其他"];

const enc = encodeURIComponent;

export const centreApi = {
  board: () => staffClient.request<{ now: string; items: BoardAlarm[] }>("GET", "/api/centre/board"),
  recent: () => staffClient.request<{ items: RecentVerdict[] }>("GET", "/api/centre/verdicts?limit=20"),
  verdict: (id: string, body: { verdict: Verdict; cause?: string }) =>
    staffClient.request<centre.VerdictResult>("POST", `/api/centre/alarms/${enc(id)}/verdict`, body),
};

/** "2 分 05 秒" left, or null when the time is up. */
export function countdown(deadline: string, now: number): string | null {
  const left = Math.ceil((new Date(deadline).getTime() - now) / 1000);
  if (left <= 0) return null;
  const m = Math.floor(left / 60);
  const s = left % 60;
  return m ? `${m} 分 ${String(s).padStart(2, "0")} 秒` : `${s} 秒`;
}
