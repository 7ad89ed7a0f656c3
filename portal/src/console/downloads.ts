// The console's downloads that stay on the server beside their screens (the screens are the React app's):
// the device list as CSV (/console/devices.csv) and the device sheet's template (/console/import/template.xlsx).
import type { StaffDeviceListResponse } from "@anxin/contract/devices";
import { DEVICE_MODE_LABEL, DEVICE_SHEET_HEADERS, DEVICE_STATE_LABEL } from "@anxin/contract/labels";

/** The states /console/devices filters by (the API's GET /api/devices `state`). */
export const HEALTH_STATES = ["offline", "low_battery", "tamper", "fault", "never_connected", "alarm"] as const;

export type DeviceItem = StaffDeviceListResponse["items"][number];

const label = <T extends Record<string, string>>(labels: T, key: string): string =>
  (labels as Record<string, string>)[key] ?? key;

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
    label(DEVICE_STATE_LABEL, d.state),
    d.battery,
    d.lastSeenAt,
    label(DEVICE_MODE_LABEL, d.mode),
  ]);
  // BOM: Excel opens UTF-8 CSV as the local code page without it
  return `\uFEFF${[head, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** The device sheet's template: headers and one example row the installer overwrites. */
export async function importTemplate(example: string[]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("设备");
  ws.addRow([...DEVICE_SHEET_HEADERS]).font = { bold: true };
  ws.addRow(example);
  ws.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
