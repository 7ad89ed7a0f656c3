// Unit scores over the last days: the rule, the best ones as a bar chart, every unit ranked.
import type { EChartsOption } from "echarts";
import type { UnitScores } from "@anxin/contract/dispatch.schemas";
import { Chart } from "../../components/Chart.tsx";
import { SCORE_CHART } from "./charts.ts";

const SCORE_ROWS = 200;

export function Scores(props: { s: UnitScores; option: EChartsOption; onReady: () => void }) {
  const { s } = props;
  return (
    <>
      <h2 id="scores">单位评分（近 {s.days} 天）</h2>
      <table id="score-rule">
        <caption>评分规则（满分 100）</caption>
        <thead>
          <tr>
            <th scope="col">项目</th>
            <th scope="col" className="num">
              分值
            </th>
            <th scope="col">计算方法</th>
          </tr>
        </thead>
        <tbody>
          {s.rule.map((x) => (
            <tr key={x.key}>
              <td>{x.label}</td>
              <td className="num">{x.max}</td>
              <td>{x.rule}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Chart
        id="chart-scores"
        className="chart noprint"
        option={props.option}
        label={`单位评分排名（前 ${SCORE_CHART} 名）条形图；数字见下表`}
        onReady={props.onReady}
      />
      <table id="score-table" aria-labelledby="scores">
        <thead>
          <tr>
            <th scope="col" className="num">
              名次
            </th>
            <th scope="col">单位</th>
            <th scope="col">乡镇/街道</th>
            <th scope="col">行业部门</th>
            <th scope="col" className="num">
              得分
            </th>
            {s.rule.map((x) => (
              <th scope="col" className="num" key={x.key}>
                {x.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {s.units.slice(0, SCORE_ROWS).map((u) => (
            <tr key={u.id}>
              <td className="num">{u.rank}</td>
              <td>
                <a href={`/console/units/${encodeURIComponent(u.id)}`}>{u.name}</a>
              </td>
              <td>{u.township}</td>
              <td>{u.sector}</td>
              <td className="num">
                <strong>{u.score}</strong>
              </td>
              {u.parts.map((p) => (
                <td className="num" key={p.key}>
                  {p.points}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
