// The units and communities behind the programme's dates, and why.
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";
import { pct } from "../../lib/format.ts";

export function Laggards(props: { d: MonthlyDispatch }) {
  const { d } = props;
  return (
    <>
      <h2 id="laggards">进度滞后名单</h2>
      <p className="rule">{d.behindRule}</p>
      <table id="laggard-units" aria-labelledby="laggards">
        <thead>
          <tr>
            <th scope="col">单位</th>
            <th scope="col">乡镇/街道</th>
            <th scope="col">行业部门</th>
            <th scope="col">当前进度</th>
            <th scope="col">应达到</th>
            <th scope="col">依据</th>
          </tr>
        </thead>
        <tbody>
          {d.laggards.units.length ? (
            d.laggards.units.map((u) => (
              <tr key={u.id}>
                <td>
                  <a href={`/console/units/${encodeURIComponent(u.id)}`}>{u.name}</a>
                </td>
                <td>{u.township}</td>
                <td>{u.sector}</td>
                <td>{u.stage}</td>
                <td className="bad">{u.required}</td>
                <td>{u.reason}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={6}>没有滞后单位</td>
            </tr>
          )}
        </tbody>
      </table>
      <p>
        滞后小区：
        {d.laggards.communities.length
          ? d.laggards.communities.map((x) => `${x.name}（${pct(x.rate)}，应达 ${pct(x.required)}）`).join("；")
          : "无"}
      </p>
    </>
  );
}
