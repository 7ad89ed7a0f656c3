// Device health lists by state (offline, low battery, tamper, fault, never connected), paged, with CSV export.
import { html, type Html } from "../../server/render/html.ts";
import { DEVICE_STATE_LABELS, type DeviceState } from "../../../../api/src/modules/devices/device-state.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

export const HEALTH_STATES = ["offline", "low_battery", "tamper", "fault", "never_connected", "alarm"] as const;

export interface DeviceItem {
  id: string;
  serial: string;
  name: string | null;
  room: string | null;
  mode: string;
  modelName: string;
  householdId: string | null;
  communityId: string | null;
  state: string;
  battery: number | null;
  lastSeenAt: string | null;
}

const MODE: Record<string, string> = { NORMAL: "正常", INSTALLATION: "安装中", MAINTENANCE: "维护中" };
const when = (iso: string | null) => (iso ? countyLocaleString(iso, { hour12: false }) : "—");

export function devicesBody(
  state: string,
  page: { total: number; items: DeviceItem[]; offset: number; limit: number },
  communities: Map<string, string>,
): Html {
  const link = (o: { state?: string; offset?: number }) =>
    `/console/devices?state=${o.state ?? state}&offset=${o.offset ?? 0}`;
  return html`<nav class="filters"><a class="btn${state === "" ? " primary" : ""}" href="${link({ state: "" })}">全部</a>
${HEALTH_STATES.map((s) => html`<a class="btn${state === s ? " primary" : ""}" href="${link({ state: s })}">${DEVICE_STATE_LABELS[s]}</a>`)}
<a class="btn" id="csv" href="/console/devices.csv?state=${state}">导出 CSV</a></nav>
<table id="device-table"><thead><tr><th>设备编号</th><th>序列号</th><th>型号</th><th>小区</th><th>位置</th><th>状态</th><th class="num">电量</th><th>最后上报</th><th>模式</th></tr></thead>
<tbody>${page.items.map((d) => html`<tr><td>${d.id}</td><td>${d.serial}</td><td>${d.modelName}</td><td>${communities.get(d.communityId ?? "") ?? "—"}</td><td>${d.name ?? d.room ?? (d.householdId ? "" : "未绑定")}</td><td class="${d.state === "normal" ? "ok" : "bad"}">${DEVICE_STATE_LABELS[d.state as DeviceState] ?? d.state}</td><td class="num">${d.battery ?? "—"}</td><td>${when(d.lastSeenAt)}</td><td>${MODE[d.mode] ?? d.mode}</td></tr>`)}</tbody></table>
<div class="pager">共 ${page.total} 台 ${page.offset > 0 ? html`<a href="${link({ offset: Math.max(0, page.offset - page.limit) })}">上一页</a>` : ""} ${page.offset + page.limit < page.total ? html`<a href="${link({ offset: page.offset + page.limit })}">下一页</a>` : ""}</div>`;
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  // a leading = + - @ would be a formula in a spreadsheet program (CSV injection)
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function devicesCsv(items: DeviceItem[], communities: Map<string, string>): string {
  const head = ["设备编号", "序列号", "型号", "小区", "位置", "状态", "电量", "最后上报", "模式"];
  const rows = items.map((d) => [
    d.id,
    d.serial,
    d.modelName,
    communities.get(d.communityId ?? "") ?? "",
    d.name ?? d.room ?? "",
    DEVICE_STATE_LABELS[d.state as DeviceState] ?? d.state,
    d.battery,
    d.lastSeenAt,
    MODE[d.mode] ?? d.mode,
  ]);
  // BOM: Excel opens UTF-8 CSV as the local code page without it
  return `\uFEFF${[head, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
