// Words and dates the roll-out and acceptance screens share (issue 19 part A).
import { countyLocaleDateString, countyMinute } from "@anxin/contract/county-time";
import { ROLLOUT_STAGE_LABEL } from "@anxin/contract/labels";
import { ApiError } from "../../client/api.ts";

export const when = countyMinute;
export const dayOf = (iso: string | null) => (iso ? countyLocaleDateString(iso) : "—");
export const stageName = (s: string) => ROLLOUT_STAGE_LABEL[s as keyof typeof ROLLOUT_STAGE_LABEL] ?? s;
export const PHASE_STATUS = { DONE: "已结束", CURRENT: "进行中", UPCOMING: "未开始" } as const;

/** A refusal's fields by their whole path ("phases.0.startsOn"), for forms with rows. */
export function pathErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError) for (const d of error.details) out[d.path] ??= d.message;
  return out;
}
