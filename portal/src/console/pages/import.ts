// The xlsx/CSV import page: template, upload, every bad row with its reason (the client script shows them).
import { html, type Html } from "../../server/render/html.ts";
import { filePick } from "./file-pick.ts";
import { SHEET_TEMPLATE_HEADERS } from "../../../../api/src/modules/devices/device-import.ts";

/** The county setup sheets (townships ... units, staff): one form, a template per kind. */
export function countySheetsBody(kinds: { key: string; title: string; description: string; maxRows: number }[]): Html {
  return html`<section aria-labelledby="county-import-title" id="county-import">
<h2 id="county-import-title">全县基础数据与联网单位</h2>
<p>按顺序导入：乡镇/街道、物业公司、小区、楼栋、住户、维保和安装单位、联网单位、人员账号。每张表先逐行检查，<strong>只要有一行有误，就一行都不写入</strong>，并列出每个错误的行号、列名和原因。</p>
<table id="county-sheets"><thead><tr><th scope="col">表格</th><th scope="col">内容</th><th scope="col" class="num">最多行数</th><th scope="col">模板</th></tr></thead>
<tbody>${kinds.map((k) => html`<tr><td>${k.title}</td><td>${k.description}</td><td class="num">${k.maxRows}</td><td><a class="btn" href="/api/setup/imports/${k.key}/template.xlsx">下载“${k.title}”模板</a></td></tr>`)}</tbody></table>
<form id="county-import-form" class="filters">
  <label>表格类别 <select name="kind">${kinds.map((k) => html`<option value="${k.key}">${k.title}</option>`)}</select></label>
  ${filePick({ id: "county-file", name: "file", label: "文件（xlsx）", accept: ".xlsx" })}
  <label><input type="checkbox" name="dryRun" value="1" /> 只检查，不写入</label>
  <button type="submit" class="btn primary">上传并导入</button>
</form>
<div id="county-import-result" aria-live="polite"></div>
</section>`;
}

export function importBody(): Html {
  return html`<p>
      按模板填写设备清单（列：${SHEET_TEMPLATE_HEADERS.join("、")}），上传后逐行检查：<strong>只要有一行有误，就一台都不导入</strong>，改正后重新上传即可。
    </p>
    <p><a class="btn" id="template" href="/console/import/template.xlsx">下载模板（xlsx）</a></p>
    <form id="import-form" class="filters">
      ${filePick({ id: "device-file", name: "file", label: "设备清单（xlsx 或 csv）", accept: ".xlsx,.csv" })}
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
