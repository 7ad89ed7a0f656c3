// A row of the monthly report as the screen's tables show it (Monthly.tsx), in the order of their columns;
// tests/api/reports-console-pages.test.ts checks the words and figures.
import type { MonthlyReport } from "@anxin/contract/reports";
import { duration, pct } from "../lib/format.ts";

export type MonthlyRow = MonthlyReport["companies"][number] & { trainedPeople?: number | null };

/** One row's cells as the table shows them (the xlsx has the same figures). */
export function monthlyCells(r: MonthlyRow, training: boolean): string[] {
  const t = r.responseTimes;
  return [
    r.name,
    String(r.coverage.households),
    String(r.coverage.covered),
    pct(r.coverage.rate),
    String(r.alarms.all),
    String(r.alarms.fire),
    duration(t.ackMedianSec),
    duration(t.ackP90Sec),
    duration(t.resolveMedianSec),
    duration(t.resolveP90Sec),
    String(r.openProblems),
    ...(training ? [String(r.trainedPeople ?? "—")] : []),
  ];
}
