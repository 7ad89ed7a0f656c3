// Old high-rise homes covered, township by township, against the target.
import type { CountyReport } from "@anxin/contract/reports";
import { CardTable, Cell, headCells, Row } from "../../components/DataTable.tsx";
import { pct } from "../../lib/format.ts";

export function Townships(props: { d: CountyReport }) {
  const { d } = props;
  const target = `目标 ${pct(d.coverageTarget)}`;
  return (
    <>
      <h2 id="coverage-table-title">老旧高层住户覆盖率（按乡镇）</h2>
      <CardTable
        id="coverage-table"
        aria-labelledby="coverage-table-title"
        head={headCells(["乡镇/街道", "户数", "已覆盖", "覆盖率", target], ["户数", "已覆盖", "覆盖率"])}
      >
        {d.coverageByTownship.map((t) => (
          <Row key={t.id}>
            <Cell label="乡镇/街道">{t.name}</Cell>
            <Cell label="户数" num>
              {t.households}
            </Cell>
            <Cell label="已覆盖" num>
              {t.covered}
            </Cell>
            <Cell label="覆盖率" num>
              {pct(t.rate)}
            </Cell>
            <Cell label={target} className={t.meetsTarget ? "ok" : "bad"}>
              {t.meetsTarget ? "达标" : "未达标"}
            </Cell>
          </Row>
        ))}
      </CardTable>
    </>
  );
}
