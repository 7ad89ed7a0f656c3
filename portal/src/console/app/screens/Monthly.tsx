// 月度报告: the month's progress per township and per property company (coverage of old high-rise homes,
// alarms, how fast fire alarms were confirmed and handled, problems still open), printable on A4 landscape
// (console.css's print rules hide the frame and the form) and as xlsx (/console/monthly.xlsx, the same
// figures). From GET /api/reports/monthly, which decides the scope: the county for the brigade and admins,
// their own company for a property manager.
import { useState, type FormEvent } from "react";
import type { MonthlyReport } from "@anxin/contract/reports";
import { countyDate, countyLocaleString } from "@anxin/contract/county-time";
import { pct } from "../lib/format.ts";
import { Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { navigate, useLocation } from "../lib/router.tsx";
import { monthlyCells, type MonthlyRow as Row } from "./monthly-cells.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const HEADERS = [
  "老旧高层户数",
  "已覆盖",
  "覆盖率",
  "报警",
  "火警",
  "确认中位数",
  "九成火警确认用时",
  "处置中位数",
  "九成火警处置用时",
  "未关闭问题",
];

function Figures(props: { id: string; title: string; first: string; rows: Row[]; total: Row; training: boolean }) {
  const line = (r: Row, total = false) => (
    <tr key={total ? "total" : r.id} className={total ? "total" : undefined}>
      {monthlyCells(r, props.training).map((c, i) => (
        <td key={i} className={i ? "num" : undefined}>
          {c}
        </td>
      ))}
    </tr>
  );
  return (
    <>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <table id={props.id} aria-labelledby={`${props.id}-title`}>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            {[...HEADERS, ...(props.training ? ["培训人数"] : [])].map((h) => (
              <th key={h} scope="col" className="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => line(r))}
          {line(props.total, true)}
        </tbody>
      </table>
    </>
  );
}

export default function Monthly() {
  const asked = useLocation().searchParams.get("month") ?? "";
  const month = MONTH.test(asked) ? asked : countyDate(new Date()).slice(0, 7);
  const r = useResource<MonthlyReport>(`/api/reports/monthly?month=${month}`);
  const [picked, setPicked] = useState(month);
  useReady(Boolean(r.data) && !r.loading);
  const title = `${month} 月度消防物联进展报告`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (MONTH.test(picked)) navigate(`/console/monthly?month=${picked}`);
  };
  const form = (
    <form className="filters noprint" aria-label="选择月份" onSubmit={submit}>
      <label>
        月份{" "}
        <input
          type="month"
          lang="zh-CN"
          name="month"
          value={picked}
          required
          onChange={(e) => setPicked(e.target.value)}
        />
      </label>
      <button className="btn" type="submit">
        查看
      </button>
      <a className="btn" id="xlsx" href={`/console/monthly.xlsx?month=${month}`}>
        下载 Excel
      </a>
      <span className="live">打印：Ctrl+P（已排版为 A4 横向）</span>
    </form>
  );
  if (r.error || !r.data)
    return (
      <>
        <Pending title={title} error={r.error} />
        {form}
      </>
    );
  const d = r.data;
  const county = d.scope === "county";
  return (
    <Page title={title}>
      {form}
      <p>
        {county ? "范围：全县" : `范围：${d.scope}`}；覆盖率目标 {pct(d.coverageTarget)}
        （老旧高层住户）。覆盖率为报告生成时的状态；报警与用时统计本月发生的报警（用时仅计火警）；未关闭问题为月末（本月为当前）仍未处置的报警。
      </p>
      {county ? (
        <div className="cards">
          <div className="card">
            <div className="n" id="sessions-held">
              {d.total.sessionsHeld ?? "—"}
            </div>
            <div className="l">体验馆场次</div>
          </div>
          <div className="card">
            <div className="n" id="trained-people">
              {d.total.trainedPeople ?? "—"}
            </div>
            <div className="l">培训人数</div>
          </div>
        </div>
      ) : null}
      <Figures
        id="monthly-townships"
        title="按乡镇/街道"
        first="乡镇/街道"
        rows={d.townships}
        total={d.total}
        training={county}
      />
      <Figures
        id="monthly-companies"
        title="按物业公司"
        first="物业公司"
        rows={d.companies}
        total={d.total}
        training={false}
      />
      <p className="live">生成时间：{countyLocaleString(d.generatedAt, { hour12: false })}</p>
    </Page>
  );
}
