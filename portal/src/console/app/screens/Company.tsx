// 本公司概况: a property company's own figures: each community's coverage and open alarms, device health by
// state (each a link to that list of 设备健康), the open alarms by kind, and coverage per building, sorted
// and paged on the server (the sort and page kept in the address). All from GET /api/reports/company, which
// answers for the caller's company only.
import type { CompanyReport } from "@anxin/contract/reports";
import { DEVICE_STATE_LABEL, KIND_LABEL } from "@anxin/contract/labels";
import { CardTable, Cell, EmptyRow, Row } from "../components/DataTable.tsx";
import { pct } from "../lib/format.ts";
import { Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";

const LIMIT = 20;
const SORTS = ["rate", "households", "covered", "name"] as const;
type Sort = (typeof SORTS)[number];
interface Query {
  sort: Sort;
  order: "asc" | "desc";
  offset: number;
}

const params = (q: Query) => new URLSearchParams({ sort: q.sort, order: q.order, offset: String(q.offset) }).toString();
const address = (q: Query) => `/console/company?${params(q)}`;
const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

export default function Company() {
  const p = useLocation().searchParams;
  const q: Query = {
    sort: (SORTS as readonly string[]).includes(p.get("sort") ?? "") ? (p.get("sort") as Sort) : "rate",
    order: p.get("order") === "desc" ? "desc" : "asc",
    offset: Math.min(100_000, Math.max(0, Number(p.get("offset")) || 0)),
  };
  const r = useResource<CompanyReport>(`/api/reports/company?${params(q)}&limit=${LIMIT}`);
  useReady(Boolean(r.data) && !r.loading);
  if (r.error || !r.data) return <Pending title="本公司概况" error={r.error} />;
  const d = r.data;
  const byKind = Object.entries(d.openAlarms.byKind)
    .map(([k, n]) => `${label(KIND_LABEL, k)} ${n}`)
    .join("，");
  /**
   * a column heading that sorts by it: ascending first, the other way on a second click (a phone shows the heads
   * as a row of sort links above the cards)
   */
  const head = (key: Sort, text: string, num = true) => {
    const on = q.sort === key;
    return (
      <th
        role="columnheader"
        scope="col"
        className={num ? "num" : undefined}
        aria-sort={on ? (q.order === "asc" ? "ascending" : "descending") : undefined}
      >
        <Link href={address({ sort: key, order: on && q.order === "asc" ? "desc" : "asc", offset: 0 })}>
          {text}
          {on ? (q.order === "desc" ? " ▼" : " ▲") : ""}
        </Link>
      </th>
    );
  };
  const total = d.buildings.total;
  return (
    <Page title={`${d.company ?? "本公司"}概况`}>
      <div className="cards">
        {d.communities.map((c) => (
          <div className="card" key={c.id}>
            <div className="n">{pct(c.coverage.rate)}</div>
            <div className="l">
              {c.name}：{c.coverage.covered}/{c.coverage.households} 户有正常工作的烟感；未处置报警 {c.openAlarms}
            </div>
          </div>
        ))}
        <div className="card">
          <div className="n" id="open-alarms">
            {d.openAlarms.total}
          </div>
          <div className="l">未处置报警：{byKind || "无"}</div>
        </div>
      </div>
      <h2>设备健康</h2>
      <p className="filters" id="device-health">
        {Object.entries(d.deviceHealth).map(([s, n]) => (
          <Link key={s} className="btn" href={`/console/devices?state=${s === "normal" ? "" : encodeURIComponent(s)}`}>
            {label(DEVICE_STATE_LABEL, s)} {n}
          </Link>
        ))}
      </p>
      <h2 id="buildings-title">各楼栋覆盖率</h2>
      <CardTable
        id="buildings"
        aria-labelledby="buildings-title"
        head={
          <>
            {head("name", "楼栋", false)}
            <th role="columnheader" scope="col">
              小区
            </th>
            <th role="columnheader" scope="col">
              老旧高层
            </th>
            {head("households", "户数")}
            {head("covered", "有正常烟感")}
            {head("rate", "覆盖率")}
          </>
        }
      >
        {d.buildings.items.length ? (
          d.buildings.items.map((b) => (
            <Row key={b.id}>
              <Cell label="楼栋">{b.name}</Cell>
              <Cell label="小区">{b.community}</Cell>
              <Cell label="老旧高层">{b.oldHighRise ? "是" : "否"}</Cell>
              <Cell label="户数" num>
                {b.households}
              </Cell>
              <Cell label="有正常烟感" num>
                {b.covered}
              </Cell>
              <Cell label="覆盖率" num>
                {pct(b.rate)}
              </Cell>
            </Row>
          ))
        ) : (
          <EmptyRow span={6}>本公司还没有楼栋。</EmptyRow>
        )}
      </CardTable>
      <nav className="pager" aria-label="楼栋分页">
        <button
          type="button"
          disabled={q.offset === 0}
          onClick={() => navigate(address({ ...q, offset: Math.max(0, q.offset - LIMIT) }))}
        >
          上一页
        </button>
        <span>
          第 {Math.floor(q.offset / LIMIT) + 1} / {Math.max(1, Math.ceil(total / LIMIT))} 页，共 {total} 栋
        </span>
        <button
          type="button"
          disabled={q.offset + LIMIT >= total}
          onClick={() => navigate(address({ ...q, offset: q.offset + LIMIT }))}
        >
          下一页
        </button>
      </nav>
    </Page>
  );
}
