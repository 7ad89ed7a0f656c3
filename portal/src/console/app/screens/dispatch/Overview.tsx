// The dispatch's headline figures and the programme's phases.
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";
import { pct } from "../../lib/format.ts";
import { Card, delta } from "./parts.tsx";

const PHASE_STATE = { done: "已结束", running: "进行中", upcoming: "未开始" } as const;

export function Overview(props: { d: MonthlyDispatch }) {
  const { d } = props;
  const c = d.coverage.county;
  return (
    <>
      <div className="cards">
        <Card id="total-target" n={d.total.target} label="应接入单位" />
        <Card id="total-done" n={d.total.done} label={`已安装（较上月 ${delta(d.total.change?.done)}）`} />
        <Card id="total-accepted" n={d.total.accepted} label={`已验收（较上月 ${delta(d.total.change?.accepted)}）`} />
        <Card id="total-behind" n={d.total.behind} bad={d.total.behind > 0} label="进度滞后单位" />
        {c.households > 0 ? (
          <Card
            id="coverage-rate"
            n={pct(c.rate)}
            label={`老旧高层覆盖（${c.covered} / ${c.households} 户，应达 ${pct(c.required)}）`}
          />
        ) : (
          // a sector regulator's scope holds units, not homes: no rate of nothing, and no target missed
          <Card id="coverage-rate" n="—" label="老旧高层覆盖：本范围没有老旧高层住户" />
        )}
      </div>

      <h2 id="phases-title">推进阶段{d.phasesFromPlan ? "（尚未设置，按实施方案默认日期）" : ""}</h2>
      <table id="phases" aria-labelledby="phases-title">
        <thead>
          <tr>
            <th scope="col">阶段</th>
            <th scope="col">起止</th>
            <th scope="col">目标</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {d.phases.map((p) => (
            <tr key={p.code}>
              <td>{p.name}</td>
              <td>
                {p.startsOn} 至 {p.endsOn}
              </td>
              <td>
                {p.target ?? "—"}
                {p.targetPct !== null ? `（${p.targetPct}%）` : ""}
              </td>
              <td>{PHASE_STATE[p.state]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
