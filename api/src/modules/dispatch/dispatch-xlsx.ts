// The monthly dispatch as an xlsx workbook (exceljs, loaded on first use as monthly-xlsx.ts does): one sheet
// per breakdown, the same figures as the JSON and the page.
import type { MonthlyDispatch, Progress } from "../../contract/dispatch.schemas.ts";

export const PROGRESS_COLUMNS = ["名称", "目标", "完成", "已验收", "滞后", "完成较上月", "验收较上月", "滞后较上月"];

export function progressRow(p: Progress): (string | number | null)[] {
  return [
    p.name,
    p.target,
    p.done,
    p.accepted,
    p.behind,
    p.change?.done ?? null,
    p.change?.accepted ?? null,
    p.change?.behind ?? null,
  ];
}

export const SHEETS = {
  byPhase: "按阶段",
  byTownship: "按乡镇",
  bySector: "按行业部门",
  byInstaller: "按安装单位",
} as const;

export async function dispatchWorkbook(d: MonthlyDispatch): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "安心消防";
  wb.created = new Date(d.generatedAt);
  const sum = wb.addWorksheet("汇总");
  sum.addRows([
    ["月份", d.month],
    ["范围", d.scope],
    ["生成时间", d.generatedAt],
    ["对比月份", d.previousMonth ?? "无"],
  ]);
  sum.addRow([]);
  sum.addRow([...PROGRESS_COLUMNS]).font = { bold: true };
  sum.addRow(progressRow(d.total));
  sum.getColumn(1).width = 24;
  for (const [key, name] of Object.entries(SHEETS) as [keyof typeof SHEETS, string][]) {
    const ws = wb.addWorksheet(name);
    ws.addRow([...PROGRESS_COLUMNS]).font = { bold: true };
    for (const p of d[key]) ws.addRow(progressRow(p));
    ws.getColumn(1).width = 28;
    ws.views = [{ state: "frozen", ySplit: 1 }];
  }
  const cov = wb.addWorksheet("老旧高层覆盖");
  cov.addRow(["名称", "所属乡镇", "户数", "已覆盖", "覆盖率", "应达到", "滞后"]).font = { bold: true };
  const c = d.coverage.county;
  cov.addRow([c.name, "", c.households, c.covered, c.rate, c.required, c.behind ? "是" : "否"]);
  for (const x of d.coverage.communities)
    cov.addRow([x.name, x.township, x.households, x.covered, x.rate, x.required, x.behind ? "是" : "否"]);
  cov.getColumn(5).numFmt = "0.0%";
  cov.getColumn(6).numFmt = "0.0%";
  cov.getColumn(1).width = 20;
  const lag = wb.addWorksheet("滞后单位");
  lag.addRow(["单位", "乡镇", "行业部门", "当前进度", "应达到", "依据"]).font = { bold: true };
  for (const u of d.laggards.units) lag.addRow([u.name, u.township, u.sector, u.stage, u.required, u.reason]);
  lag.getColumn(1).width = 28;
  const talks = wb.addWorksheet("约谈");
  talks.addRow(["对象", "时间", "参加人员", "原因", "承诺事项", "回访日期", "已回访"]).font = { bold: true };
  for (const t of d.talks)
    talks.addRow([
      t.subjectName,
      t.heldAt,
      t.attendees,
      t.reason,
      t.promises,
      t.followUpOn ?? "",
      t.followUpDone ? "是" : "否",
    ]);
  const com = wb.addWorksheet("表扬");
  com.addRow(["对象", "月份", "事由"]).font = { bold: true };
  for (const x of d.commendations) com.addRow([x.subjectName, x.month, x.reason]);
  const ctr = wb.addWorksheet("体验馆");
  ctr.addRow(["层级", "名称", "所属乡镇", "体验馆数", "在用", "达标"]).font = { bold: true };
  for (const x of d.centres.townships) ctr.addRow(["乡镇", x.name, "", x.centres, x.inUse, x.meets ? "是" : "否"]);
  for (const x of d.centres.communities)
    ctr.addRow(["社区", x.name, x.township ?? "", x.centres, x.inUse, x.meets ? "是" : "否"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
