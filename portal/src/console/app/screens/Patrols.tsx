// 巡查完成情况 (issue 18): patrol rounds per unit over county dates (the last seven days unless chosen, at
// most 92), lowest completion first, from GET /api/inspections. The dates stay in the address.
import { useState, type FormEvent } from "react";
import { addDays, countyDate, countyInstant } from "@anxin/contract/county-time";
import type { Completion } from "@anxin/contract/inspection";
import { DataTable } from "../components/DataTable.tsx";
import { LoadError } from "../components/Page.tsx";
import { Page } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { navigate, useLocation } from "../lib/router.tsx";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The asked range if it is a real one of at most 92 days, else the last seven days to today. */
function range(from: string | null, to: string | null): { from: string; to: string } {
  const today = countyDate(new Date());
  const fallback = { from: addDays(today, -6), to: today };
  if (!from || !to || !DATE.test(from) || !DATE.test(to)) return fallback;
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`))) return fallback;
  if (to < from || addDays(from, 92) < to) return fallback;
  return { from, to };
}

export default function Patrols() {
  const q = useLocation().searchParams;
  const r = range(q.get("from"), q.get("to"));
  const [form, setForm] = useState(r);
  const start = countyInstant(r.from).toISOString();
  const end = countyInstant(addDays(r.to, 1)).toISOString();
  const rows = useResource<Completion>(
    `/api/inspections?from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/console/patrols?from=${form.from}&to=${form.to}`);
  };
  return (
    <Page title="巡查完成情况">
      <form className="filters" aria-label="统计时段" onSubmit={submit}>
        <label>
          开始日期{" "}
          <input
            type="date"
            lang="zh-CN"
            name="from"
            required
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label>
          结束日期{" "}
          <input
            type="date"
            lang="zh-CN"
            name="to"
            required
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </label>
        <button type="submit" className="btn primary">
          查看
        </button>
      </form>
      {rows.error ? <LoadError error={rows.error} /> : null}
      {rows.data ? (
        <DataTable
          id="patrol-table"
          title={`各单位巡查完成情况（${r.from} 至 ${r.to}，完成率低的在前）`}
          rows={rows.data.items}
          rowKey={(x) => x.unitId}
          empty="暂无巡查计划。"
          columns={[
            { header: "单位", cell: (x) => x.unitName },
            { header: "应巡查", num: true, cell: (x) => x.due },
            { header: "按时完成", num: true, cell: (x) => x.onTime },
            { header: "超时完成/超时中", num: true, cell: (x) => x.late },
            { header: "漏巡", num: true, className: (x) => (x.missed ? "bad" : undefined), cell: (x) => x.missed },
            { header: "进行中", num: true, cell: (x) => x.open },
            { header: "完成率", num: true, cell: (x) => (x.rate === null ? "—" : `${x.rate}%`) },
          ]}
        />
      ) : null}
    </Page>
  );
}
