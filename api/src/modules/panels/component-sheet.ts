// A unit's component list as a sheet (the installer's or the panel vendor's export): a header row, Chinese
// or English, then one component a row. Reading CSV or xlsx into cells is the caller's; this names them.
import type { ComponentImportRow } from "./panel-views.ts";

const HEADERS: Record<string, keyof ComponentImportRow> = {
  系统类型: "systemType",
  systemtype: "systemType",
  系统地址: "systemAddress",
  systemaddress: "systemAddress",
  部件类型: "componentType",
  componenttype: "componentType",
  部件地址: "componentAddress",
  componentaddress: "componentAddress",
  名称: "name",
  部件名称: "name",
  name: "name",
  位置: "location",
  安装位置: "location",
  location: "location",
  重点部位: "keyPart",
  keypart: "keyPart",
};

export const COMPONENT_SHEET_HEADERS = ["系统类型", "系统地址", "部件类型", "部件地址", "名称", "位置", "重点部位"];

const REQUIRED: (keyof ComponentImportRow)[] = ["systemType", "systemAddress", "componentType", "componentAddress"];

/** Rows of a sheet's cells; null with a message when the header lacks a required column. */
export function componentRowsFromTable(
  table: readonly (readonly string[])[],
): { ok: true; rows: ComponentImportRow[] } | { ok: false; message: string } {
  const [header, ...body] = table;
  if (!header) return { ok: false, message: "表格是空的" };
  const columns = header.map((h) => HEADERS[h.trim().toLowerCase().replace(/\s+/g, "")] ?? null);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) return { ok: false, message: `表头需要包含：${COMPONENT_SHEET_HEADERS.slice(0, 4).join("、")}` };
  const rows = body
    .filter((cells) => cells.some((c) => c.trim() !== ""))
    .map((cells) => {
      const row: ComponentImportRow = {};
      columns.forEach((col, j) => {
        if (col && cells[j] !== undefined) row[col] = cells[j]!.slice(0, 200);
      });
      return row;
    });
  return { ok: true, rows };
}
