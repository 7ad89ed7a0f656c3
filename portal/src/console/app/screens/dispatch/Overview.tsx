// The dispatch's headline figures, how many subjects' stages their devices contradict (with the way to 推进计划's
// list of them), and the programme's phases.
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";
import { pct } from "../../lib/format.ts";
import { Link } from "../../lib/router.tsx";
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
      <StageMismatch d={d} />

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

/** The programme's flag counted for the scope (the API's stage-devices rule), in words, with a link to the list. */
function StageMismatch(props: { d: MonthlyDispatch }) {
  const m = props.d.stageMismatch;
  if (!m) return <p id="stage-mismatch">该月的存档没有核对推进状态与设备。</p>;
  const n = m.units + m.buildings;
  if (!n)
    return (
      <p id="stage-mismatch" data-count={0}>
        推进状态与设备核对：全部相符。
      </p>
    );
  return (
    <p id="stage-mismatch" data-count={n} className="notice error">
      <strong>
        推进状态与设备不符：{n} 个对象（联网单位 {m.units} 家，老旧高层住宅楼 {m.buildings} 栋）
      </strong>
      {props.d.live ? "。" : "（存档时）。"}
      <Link href="/console/rollout?mismatch=1">到推进计划查看这些对象</Link>
    </p>
  );
}
