// Pieces the monthly dispatch's sections share: a figure card and a progress table with its change since
// last month.
import type { Progress } from "@anxin/contract/dispatch.schemas";

export const delta = (n: number | undefined) => (n === undefined ? "—" : n > 0 ? `+${n}` : n < 0 ? `${n}` : "0");

export function Card(props: { id: string; n: string | number; label: string; bad?: boolean }) {
  return (
    <div className="card">
      <div className={props.bad ? "n bad" : "n"} id={props.id}>
        {props.n}
      </div>
      <div className="l">{props.label}</div>
    </div>
  );
}

export function ProgressTable(props: {
  id: string;
  title: string;
  first: string;
  rows: readonly Progress[];
  total?: Progress;
}) {
  const line = (p: Progress, total = false) => (
    <tr key={total ? "total" : p.id} className={total ? "total" : undefined}>
      <td>{p.name}</td>
      <td className="num">{p.target}</td>
      <td className="num">{p.done}</td>
      <td className="num">{p.accepted}</td>
      <td className={p.behind ? "num bad" : "num"}>{p.behind}</td>
      <td className="num">{delta(p.change?.done)}</td>
      <td className="num">{delta(p.change?.accepted)}</td>
      <td className="num">{delta(p.change?.behind)}</td>
    </tr>
  );
  const titleId = `${props.id}-title`;
  return (
    <>
      <h2 id={titleId}>{props.title}</h2>
      <table id={props.id} aria-labelledby={titleId}>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            {["目标（家）", "已安装", "已验收", "滞后", "安装较上月", "验收较上月", "滞后较上月"].map((h) => (
              <th scope="col" className="num" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length ? (
            props.rows.map((p) => line(p))
          ) : (
            <tr>
              <td colSpan={8}>暂无</td>
            </tr>
          )}
          {props.total ? line(props.total, true) : null}
        </tbody>
      </table>
    </>
  );
}
