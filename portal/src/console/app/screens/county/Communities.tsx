// Response times to this month's fires, community by community: sorted and paged by the server.
import type { CountyQuery, CountyReport } from "@anxin/contract/reports";
import { duration } from "../../lib/format.ts";
import { Pager, SortHead } from "./parts.tsx";
import { linkTo } from "./query.ts";

export function Communities(props: { d: CountyReport; q: CountyQuery; wall: boolean }) {
  const { d, q, wall } = props;
  const rc = d.responseByCommunity;
  const href = (o: Partial<CountyQuery>, anchor: string) => linkTo(q, wall, o, anchor);
  const cHead = (key: CountyQuery["cSort"], label: string, num = true) => (
    <SortHead
      on={q.cSort === key}
      order={q.cOrder}
      num={num}
      href={href(
        { cSort: key, cOrder: q.cSort === key && q.cOrder === "desc" ? "asc" : "desc", cOffset: 0 },
        "response-community-title",
      )}
    >
      {label}
    </SortHead>
  );
  return (
    <>
      <h2 id="response-community-title">响应用时（按小区，本月火警）</h2>
      <table id="response-community" aria-labelledby="response-community-title">
        <thead>
          <tr>
            {cHead("name", "小区", false)}
            <th scope="col">物业</th>
            {cHead("alarms", "火警")}
            {cHead("ackMedianSec", "确认中位数")}
            {cHead("ackP90Sec", "九成火警确认用时")}
            {cHead("resolveMedianSec", "处置中位数")}
            {cHead("resolveP90Sec", "九成火警处置用时")}
          </tr>
        </thead>
        <tbody>
          {rc.items.length ? (
            rc.items.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.company ?? "—"}</td>
                <td className="num">{c.alarms}</td>
                <td className="num">{duration(c.ackMedianSec)}</td>
                <td className="num">{duration(c.ackP90Sec)}</td>
                <td className="num">{duration(c.resolveMedianSec)}</td>
                <td className="num">{duration(c.resolveP90Sec)}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={7}>本月没有火警</td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager
        label="按小区响应用时分页"
        total={rc.total}
        unit="个小区"
        offset={q.cOffset}
        limit={q.cLimit}
        href={(cOffset) => href({ cOffset }, "response-community-title")}
      />
    </>
  );
}
