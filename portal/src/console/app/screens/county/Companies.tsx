// Response times to this month's fires, property company by property company.
import type { CountyReport } from "@anxin/contract/reports";
import { CardTable, Cell, headCells, Row } from "../../components/DataTable.tsx";
import { duration } from "../../lib/format.ts";

/** The four response figures' headers, and a row's four cells under them (as Communities shows them too). */
export const RESPONSE_HEADS = ["确认中位数", "九成火警确认用时", "处置中位数", "九成火警处置用时"] as const;
export function ResponseCells(props: {
  r: {
    ackMedianSec: number | null;
    ackP90Sec: number | null;
    resolveMedianSec: number | null;
    resolveP90Sec: number | null;
  };
}) {
  const { r } = props;
  return [r.ackMedianSec, r.ackP90Sec, r.resolveMedianSec, r.resolveP90Sec].map((sec, i) => (
    <Cell key={RESPONSE_HEADS[i]} label={RESPONSE_HEADS[i]!} num>
      {duration(sec)}
    </Cell>
  ));
}

export function Companies(props: { d: CountyReport }) {
  const { d } = props;
  return (
    <>
      <h2 id="response-company-title">响应用时（按物业公司，本月火警）</h2>
      <CardTable
        id="response-company"
        aria-labelledby="response-company-title"
        head={headCells(["物业公司", "火警", ...RESPONSE_HEADS], ["火警", ...RESPONSE_HEADS])}
      >
        {d.responseByCompany.map((c) => (
          <Row key={c.id}>
            <Cell label="物业公司">{c.name}</Cell>
            <Cell label="火警" num>
              {c.alarms}
            </Cell>
            <ResponseCells r={c} />
          </Row>
        ))}
      </CardTable>
    </>
  );
}
