// Old high-rise homes covered, township by township, against the target.
import type { CountyReport } from "@anxin/contract/reports";
import { pct } from "../../lib/format.ts";

export function Townships(props: { d: CountyReport }) {
  const { d } = props;
  return (
    <>
      <h2 id="coverage-table-title">老旧高层住户覆盖率（按乡镇）</h2>
      <table id="coverage-table" aria-labelledby="coverage-table-title">
        <thead>
          <tr>
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
            <th scope="col">目标 {pct(d.coverageTarget)}</th>
          </tr>
        </thead>
        <tbody>
          {d.coverageByTownship.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td className="num">{t.households}</td>
              <td className="num">{t.covered}</td>
              <td className="num">{pct(t.rate)}</td>
              <td className={t.meetsTarget ? "ok" : "bad"}>{t.meetsTarget ? "达标" : "未达标"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
