// The monthly report as an xlsx workbook (exceljs): the same figures as the JSON, one sheet per breakdown.
import type { MonthlyReport } from "../../contract/reports.ts";

type Figures = MonthlyReport["companies"][number] & { trainedPeople?: number | null };

export const MONTHLY_COLUMNS = [
  "名称",
  "老旧高层户数",
  "已覆盖户数",
  "覆盖率",
  "报警数",
  "火警数",
  "火警已确认",
  "确认用时中位数(秒)",
  "九成火警确认用时(秒)",
  "火警已处置",
  "处置用时中位数(秒)",
  "九成火警处置用时(秒)",
  "未关闭问题",
  "培训人数",
] as const;

export function monthlyRow(f: Figures): (string | number | null)[] {
  const r = f.responseTimes;
  return [
    f.name,
    f.coverage.households,
    f.coverage.covered,
    f.coverage.rate,
    f.alarms.all,
    f.alarms.fire,
    r.acknowledged,
    r.ackMedianSec,
    r.ackP90Sec,
    r.resolved,
    r.resolveMedianSec,
    r.resolveP90Sec,
    f.openProblems,
    f.trainedPeople ?? null,
  ];
}

export async function monthlyWorkbook(report: MonthlyReport): Promise<Buffer> {
  // loaded on first use, as in device-import.ts: exceljs is large and most requests never need it
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "安心消防";
  wb.created = new Date(report.generatedAt);
  const sheet = (name: string, rows: Figures[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([...MONTHLY_COLUMNS]).font = { bold: true };
    for (const f of rows) ws.addRow(monthlyRow(f));
    ws.getColumn(1).width = 16;
    ws.getColumn(4).numFmt = "0.0%";
    ws.views = [{ state: "frozen", ySplit: 1 }];
  };
  sheet("按乡镇", report.townships);
  sheet("按物业公司", report.companies);
  const sum = wb.addWorksheet("汇总");
  sum.addRows([
    ["月份", report.month],
    ["范围", report.scope === "county" ? "全县" : report.scope],
    ["生成时间", report.generatedAt],
    ["覆盖率目标", report.coverageTarget],
    ["体验馆场次", report.total.sessionsHeld],
    ["培训人数", report.total.trainedPeople],
  ]);
  sum.addRow([]);
  sum.addRow([...MONTHLY_COLUMNS]).font = { bold: true };
  sum.addRow(monthlyRow(report.total));
  sum.getColumn(1).width = 16;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
