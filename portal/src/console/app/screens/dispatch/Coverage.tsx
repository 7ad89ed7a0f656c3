// Old high-rise homes covered, community by community, against what the phase requires.
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";
import { pct } from "../../lib/format.ts";

export function Coverage(props: { d: MonthlyDispatch }) {
  const { d } = props;
  return (
    <>
      <h2 id="coverage-communities-title">老旧高层住户覆盖（按小区）</h2>
      <p className="rule">{d.coverageRule}</p>
      <table id="coverage-communities" aria-labelledby="coverage-communities-title">
        <thead>
          <tr>
            <th scope="col">小区</th>
            <th scope="col">乡镇/街道</th>
            <th scope="col" className="num">
              户数
            </th>
            <th scope="col" className="num">
              已覆盖
            </th>
            <th scope="col" className="num">
              覆盖率
            </th>
            <th scope="col" className="num">
              应达到
            </th>
            <th scope="col">进度</th>
          </tr>
        </thead>
        <tbody>
          {d.coverage.communities.length ? (
            d.coverage.communities.map((x) => (
              <tr key={x.id}>
                <td>{x.name}</td>
                <td>{x.township}</td>
                <td className="num">{x.households}</td>
                <td className="num">{x.covered}</td>
                <td className="num">{pct(x.rate)}</td>
                <td className="num">{pct(x.required)}</td>
                <td className={x.behind ? "bad" : "ok"}>{x.behind ? "滞后" : "正常"}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={7}>本范围没有老旧高层小区</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}
