// This month's false alarms by device or household, the ones over the daily limit in red: sorted and paged
// by the server.
import type { CountyQuery, CountyReport } from "@anxin/contract/reports";
import { CardTable, Cell, EmptyRow, Row } from "../../components/DataTable.tsx";
import { pct } from "../../lib/format.ts";
import { Link } from "../../lib/router.tsx";
import { Pager, SortHead } from "./parts.tsx";
import { linkTo } from "./query.ts";

export function FalseAlarms(props: { d: CountyReport; q: CountyQuery; wall: boolean }) {
  const { d, q, wall } = props;
  const fa = d.falseAlarms;
  const who = q.by === "device" ? "设备" : "住户";
  const href = (o: Partial<CountyQuery>, anchor: string) => linkTo(q, wall, o, anchor);
  const fHead = (key: CountyQuery["sort"], label: string, num = true) => (
    <SortHead
      on={q.sort === key}
      order={q.order}
      num={num}
      href={href(
        { sort: key, order: q.sort === key && q.order === "desc" ? "asc" : "desc", offset: 0 },
        "false-alarms",
      )}
    >
      {label}
    </SortHead>
  );
  return (
    <section className="false-alarms">
      <h2 id="false-alarms">误报（本月；单日误报超过 {fa.perDayLimit} 次标红）</h2>
      <p>
        超标设备 <strong className={fa.flaggedDevices ? "bad" : undefined}>{fa.flaggedDevices}</strong> 台，超标住户{" "}
        <strong className={fa.flaggedHouseholds ? "bad" : undefined}>{fa.flaggedHouseholds}</strong> 户。 按{" "}
        <Link
          href={href({ by: "device", offset: 0 }, "false-alarms")}
          aria-current={q.by === "device" ? "true" : undefined}
        >
          设备
        </Link>{" "}
        ·{" "}
        <Link
          href={href({ by: "household", offset: 0 }, "false-alarms")}
          aria-current={q.by === "household" ? "true" : undefined}
        >
          住户
        </Link>
      </p>
      <CardTable
        id="false-table"
        aria-labelledby="false-alarms"
        head={
          <>
            {fHead("name", who, false)}
            {fHead("fireAlarms", "火警")}
            {fHead("falseAlarms", "误报")}
            {fHead("rate", "误报率")}
            {fHead("maxPerDay", "单日最多")}
          </>
        }
      >
        {fa.list.items.length ? (
          fa.list.items.map((x) => (
            <Row key={x.id} className={x.flagged ? "bad" : undefined}>
              <Cell label={who}>{x.name}</Cell>
              <Cell label="火警" num>
                {x.fireAlarms}
              </Cell>
              <Cell label="误报" num>
                {x.falseAlarms}
              </Cell>
              <Cell label="误报率" num>
                {pct(x.rate)}
              </Cell>
              <Cell label="单日最多" num>
                {x.maxPerDay}
                {x.flagged ? " ⚠" : ""}
              </Cell>
            </Row>
          ))
        ) : (
          <EmptyRow span={5}>本月没有误报</EmptyRow>
        )}
      </CardTable>
      <Pager
        label="误报列表分页"
        total={fa.list.total}
        unit="条"
        offset={q.offset}
        limit={q.limit}
        href={(offset) => href({ offset }, "false-alarms")}
      />
    </section>
  );
}
