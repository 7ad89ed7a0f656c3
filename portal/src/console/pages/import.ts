// The xlsx/CSV import page: template, upload, every bad row with its reason (the client script shows them).
import { html, type Html } from "../../server/render/html.ts";
import { SHEET_TEMPLATE_HEADERS } from "../../../../api/src/modules/devices/device-import.ts";

export function importBody(): Html {
  return html`<p>
      按模板填写设备清单（列：${SHEET_TEMPLATE_HEADERS.join("、")}），上传后逐行检查：<strong>只要有一行有误，就一台都不导入</strong>，改正后重新上传即可。
    </p>
    <p><a class="btn" id="template" href="/console/import/template.xlsx">下载模板（xlsx）</a></p>
    <form id="import-form" class="filters">
      <label>设备清单 <input type="file" name="file" accept=".xlsx,.csv" required /></label>
      <button type="submit" class="btn primary">上传并导入</button>
    </form>
    <div id="import-result" aria-live="polite"></div>`;
}

/** The template: headers and one example row the installer overwrites. */
export async function importTemplate(example: string[]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("设备");
  ws.addRow([...SHEET_TEMPLATE_HEADERS]).font = { bold: true };
  ws.addRow(example);
  ws.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
