// 小区住户: community > building > unit > household, each home with its people and devices, one community
// and 200 homes at a time (paged on the server: a county has tens of thousands of homes; the community and
// page kept in the address). The communities from GET /api/communities, the homes from
// GET /api/communities/:id/households; another company's community is the API's 404, said here in words.
import type { CommunityHouseholdsResponse, CommunityListResponse } from "@anxin/contract/households";
import { DEVICE_STATE_LABEL, HOUSEHOLD_ROLE_LABEL } from "@anxin/contract/labels";
import { CardTable, Cell, headCells, Row } from "../components/DataTable.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";

const LIMIT = 200;
type Home = CommunityHouseholdsResponse["items"][number];

const address = (community: string, offset = 0) =>
  `/console/places?community=${encodeURIComponent(community)}${offset ? `&offset=${offset}` : ""}`;

export default function Places() {
  const p = useLocation().searchParams;
  const list = useResource<CommunityListResponse>("/api/communities");
  const communities = list.data?.items ?? [];
  const id = p.get("community")?.slice(0, 64) || communities[0]?.id || null;
  const offset = Math.min(1_000_000, Math.max(0, Number(p.get("offset")) || 0));
  const homes = useResource<CommunityHouseholdsResponse>(
    list.data && id ? `/api/communities/${encodeURIComponent(id)}/households?offset=${offset}&limit=${LIMIT}` : null,
  );
  const done = Boolean(list.data) && (!id || Boolean(homes.data || homes.error)) && !homes.loading;
  useReady(done);
  const current = communities.find((c) => c.id === id) ?? null;
  return (
    <Page title="小区住户与设备">
      {list.error ? <LoadError error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data ? (
        <nav className="filters" aria-label="选择小区">
          {communities.length ? (
            communities.map((c) => (
              <Link
                key={c.id}
                className={c.id === id ? "btn primary" : "btn"}
                aria-current={c.id === id ? "page" : undefined}
                href={address(c.id)}
              >
                {c.name}（{c.township}，{c.buildings} 栋，{c.devices} 台设备）
              </Link>
            ))
          ) : (
            <span>您的范围内还没有小区。</span>
          )}
        </nav>
      ) : null}
      {homes.error ? <LoadError error={homes.error} /> : null}
      {homes.data && current ? (
        <Tree name={current.name} page={homes.data} offset={offset} onPage={(o) => navigate(address(current.id, o))} />
      ) : list.data && !id ? (
        <p>请选择小区。</p>
      ) : null}
    </Page>
  );
}

function Tree(props: { name: string; page: CommunityHouseholdsResponse; offset: number; onPage: (o: number) => void }) {
  const { page, offset } = props;
  // the address is "小区 楼栋 单元 房号": group on its parts, keeping the server's order
  const tree = new Map<string, Map<string, Home[]>>();
  for (const h of page.items) {
    const [, building = "", unit = ""] = h.address.split(" ");
    const units = tree.get(building) ?? new Map<string, Home[]>();
    units.set(unit, [...(units.get(unit) ?? []), h]);
    tree.set(building, units);
  }
  return (
    <>
      <div className="tree" id="tree">
        <details open>
          <summary>
            <strong>{props.name}</strong>（共 {page.total} 户）
          </summary>
          {[...tree].map(([b, units]) => (
            <details open key={b}>
              <summary>{b}</summary>
              {[...units].map(([u, homes]) => (
                <details key={u}>
                  <summary>
                    {u}（{homes.length} 户，{homes.filter((h) => h.devices.length).length} 户装有设备）
                  </summary>
                  <CardTable
                    aria-label={`${b} ${u} 住户`}
                    head={headCells(["房号", "楼层", "认领", "住户", "设备"], ["楼层"])}
                  >
                    {homes.map((h) => (
                      <HomeRow key={h.id} home={h} />
                    ))}
                  </CardTable>
                </details>
              ))}
            </details>
          ))}
        </details>
      </div>
      {page.total ? (
        <nav className="pager" aria-label="住户分页">
          <button type="button" disabled={offset === 0} onClick={() => props.onPage(Math.max(0, offset - LIMIT))}>
            上一页
          </button>
          <span>
            第 {offset + 1}–{Math.min(page.total, offset + LIMIT)} 户，共 {page.total} 户
          </span>
          <button type="button" disabled={offset + LIMIT >= page.total} onClick={() => props.onPage(offset + LIMIT)}>
            下一页
          </button>
        </nav>
      ) : null}
    </>
  );
}

function HomeRow(props: { home: Home }) {
  const h = props.home;
  return (
    <Row data-household={h.id}>
      <Cell label="房号">{h.address.split(" ")[3] ?? h.address}</Cell>
      <Cell label="楼层" num>
        {h.floor}
      </Cell>
      <Cell label="认领">{h.claimed ? "已认领" : "未认领"}</Cell>
      <Cell label="住户">
        {h.residents.length
          ? h.residents.map((r, i) => (
              <span key={i}>
                {i ? " " : ""}
                {r.name ?? "未留名"}（{HOUSEHOLD_ROLE_LABEL[r.role]}
                {r.phone ? `，${r.phone}` : ""}）
              </span>
            ))
          : "—"}
      </Cell>
      <Cell label="设备">
        {h.devices.length
          ? h.devices.map((d, i) => (
              <span key={d.id} className={d.state === "normal" || d.state === "never_connected" ? undefined : "bad"}>
                {i ? " " : ""}
                {d.name ?? d.id}（{d.room ?? ""}，{DEVICE_STATE_LABEL[d.state]}
                {d.battery !== null ? `，电量 ${d.battery}%` : ""}）
              </span>
            ))
          : "无"}
      </Cell>
    </Row>
  );
}
