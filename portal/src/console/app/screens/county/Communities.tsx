// Response times to this month's fires, community by community: sorted and paged by the server.
import type { CountyQuery, CountyReport } from "@anxin/contract/reports";
import { CardTable, Cell, EmptyRow, Row } from "../../components/DataTable.tsx";
import { RESPONSE_HEADS, ResponseCells } from "./Companies.tsx";
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
      <CardTable
        id="response-community"
        aria-labelledby="response-community-title"
        head={
          <>
            {cHead("name", "小区", false)}
            <th role="columnheader" scope="col">
              物业
            </th>
            {cHead("alarms", "火警")}
            {cHead("ackMedianSec", RESPONSE_HEADS[0])}
            {cHead("ackP90Sec", RESPONSE_HEADS[1])}
            {cHead("resolveMedianSec", RESPONSE_HEADS[2])}
            {cHead("resolveP90Sec", RESPONSE_HEADS[3])}
          </>
        }
      >
        {rc.items.length ? (
          rc.items.map((c) => (
            <Row key={c.id}>
              <Cell label="小区">{c.name}</Cell>
              <Cell label="物业">{c.company ?? "—"}</Cell>
              <Cell label="火警" num>
                {c.alarms}
              </Cell>
              <ResponseCells r={c} />
            </Row>
          ))
        ) : (
          <EmptyRow span={7}>本月没有火警</EmptyRow>
        )}
      </CardTable>
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
