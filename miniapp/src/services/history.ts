/**
 * A device's history as the resident reads it: what happened, newest first, with the routine check-ins
 * (heartbeats, sent every few hours) folded into one line per run (issue 22 item 9: the history drowned in
 * "定时联系" rows and hid the alarm that mattered).
 */
import { formatTime } from "./format";
import type { DeviceEvent } from "@anxin/contract";

const EVENT_TEXT: Record<string, string> = {
  smoke: "烟雾报警",
  alarm: "报警",
  alarm_cleared: "报警解除",
  heartbeat: "定时联系",
  low_battery: "电量低",
  tamper: "被拆动",
  fault: "故障",
  offline: "离线",
  online: "恢复在线",
  self_test: "自检",
  mute: "消音",
  bound: "绑定",
  clear: "报警解除",
  status: "定时联系",
  test: "测试",
  muted: "消音",
  handover: "移交",
  unbind: "解绑",
  // the device protocol's own types (docs/device-protocol.md)
  smoke_alarm: "烟雾报警",
  smoke_clear: "烟雾消散",
  test_alarm: "测试报警",
  battery_ok: "已换电池",
  tamper_restored: "已装回",
  fault_cleared: "故障已消除",
  command_ack: "执行了远程指令",
};

/** Messages that only say "I am still here". */
const ROUTINE = new Set(["heartbeat", "status"]);

export function eventText(e: DeviceEvent): string {
  const what = EVENT_TEXT[e.type.toLowerCase()] ?? e.type;
  return e.note ? `${what}：${e.note}` : what;
}

export interface HistoryRow {
  key: string;
  text: string;
  /** "今天 10:03", or "今天 08:00 到 今天 10:03" for a run of check-ins */
  when: string;
  routine: boolean;
}

/** Rows for the history, newest first as the API sends them; consecutive check-ins become one row. */
export function historyRows(events: DeviceEvent[], now: Date = new Date()): HistoryRow[] {
  const rows: HistoryRow[] = [];
  let i = 0;
  while (i < events.length) {
    const e = events[i];
    if (!ROUTINE.has(e.type.toLowerCase())) {
      rows.push({ key: String(e.id), text: eventText(e), when: formatTime(e.ts, now), routine: false });
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < events.length && ROUTINE.has(events[j + 1].type.toLowerCase())) j++;
    const count = j - i + 1;
    const newest = formatTime(events[i].ts, now);
    const oldest = formatTime(events[j].ts, now);
    rows.push({
      key: `routine-${events[i].id}`,
      text: count === 1 ? "定时联系" : `定时联系 ${count} 次，一切正常`,
      when: count === 1 || newest === oldest ? newest : `${oldest} 到 ${newest}`,
      routine: true,
    });
    i = j + 1;
  }
  return rows;
}
