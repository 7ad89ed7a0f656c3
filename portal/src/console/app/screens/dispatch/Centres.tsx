// Experience centres built and in use: one in every township and every community.
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";

export function ExperienceCentres(props: { d: MonthlyDispatch }) {
  const { d } = props;
  return (
    <>
      <h2 id="centres-title">体验馆建设（每个乡镇、每个社区各一处并投入使用）</h2>
      <p id="centres-met">
        乡镇达标 <strong>{d.centres.townshipsMet}</strong> / {d.centres.townships.length}；社区达标{" "}
        <strong>{d.centres.communitiesMet}</strong> / {d.centres.communities.length}（近 30 天有开放场次视为在用）。
      </p>
      <table id="centres" aria-labelledby="centres-title">
        <thead>
          <tr>
            <th scope="col">层级</th>
            <th scope="col">名称</th>
            <th scope="col" className="num">
              体验馆
            </th>
            <th scope="col" className="num">
              在用
            </th>
            <th scope="col">达标</th>
          </tr>
        </thead>
        <tbody>
          {[
            ...d.centres.townships.map((x) => ({ level: "乡镇", x })),
            ...d.centres.communities.map((x) => ({ level: "社区", x })),
          ].map(({ level, x }) => (
            <tr key={`${level}-${x.id}`}>
              <td>{level}</td>
              <td>{x.name}</td>
              <td className="num">{x.centres}</td>
              <td className="num">{x.inUse}</td>
              <td className={x.meets ? "ok" : "bad"}>{x.meets ? "达标" : "未达标"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
