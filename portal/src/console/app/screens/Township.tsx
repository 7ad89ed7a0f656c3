// 我的乡镇 (issue 14): a township coordinator's first screen. Its communities with households, devices online
// and coverage (the one rule, stated on the page), the open alarms of its homes and networked units, its
// experience centres with the sessions ahead, and its group bookings; all from GET /api/reports/township,
// scoped on the server (another township is a 404 there, said here in words).
import type { TownshipReport } from "@anxin/contract/reports";
import { BOOKING_STATUS_LABEL } from "@anxin/contract/labels";
import { fmtTime } from "../../client/api.ts";
import { pct } from "../lib/format.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { Link, useLocation } from "../lib/router.tsx";

const ALARM_STATUS: Record<string, string> = { ACTIVE: "未处理", ACKNOWLEDGED: "处理中", RESOLVED: "已处置" };
const CENTRE_LEVEL: Record<string, string> = { COUNTY: "县级体验馆", TOWNSHIP: "乡镇体验站", COMMUNITY: "社区体验室" };
/** the report gives a booking's status as text: the contract's word for it, or the text itself */
const bookingWord = (s: string) => (BOOKING_STATUS_LABEL as Record<string, string | undefined>)[s] ?? s;
const GROUP_BOOKINGS_PATH = "/console/group-bookings";

export default function Township() {
  const township = useLocation().searchParams.get("township");
  const r = useResource<TownshipReport>(
    `/api/reports/township${township ? `?township=${encodeURIComponent(township.slice(0, 64))}` : ""}`,
  );
  if (r.error || !r.data) return <Pending title={"我的乡镇"} error={r.error} />;
  const d = r.data;
  const t = d.totals;
  const target = pct(d.coverageTarget);
  return (
    <Page title={`我的乡镇：${d.township.name}`}>
      <p id="township-name" className="lead">
        {d.township.name} · 共 {t.communities} 个小区
      </p>
      <div className="cards">
        <div className="card">
          <div className="n" id="total-households">
            {t.households}
          </div>
          <div className="l">住户（户）</div>
        </div>
        <div className="card">
          <div className="n" id="total-online">
            {t.devices.online}/{t.devices.total}
          </div>
          <div className="l">设备在线 / 已登记</div>
        </div>
        <div className="card">
          <div
            className={t.coverage.households && t.coverage.rate < d.coverageTarget ? "n bad" : "n"}
            id="total-coverage"
          >
            {pct(t.coverage.rate)}
          </div>
          <div className="l">
            老旧高层覆盖率：{t.coverage.covered}/{t.coverage.households} 户（目标 {target}）
          </div>
        </div>
        <div className="card">
          <div className={t.openAlarms ? "n bad" : "n"} id="total-open-alarms">
            {t.openAlarms}
          </div>
          <div className="l">未处置报警</div>
        </div>
      </div>
      <p>
        <Link className="btn" href="/console/units">
          本乡镇联网单位
        </Link>{" "}
        <Link className="btn" href="/console/dispatch">
          每月调度
        </Link>{" "}
        <a className="btn" href={GROUP_BOOKINGS_PATH}>
          团体预约
        </a>
      </p>

      <DataTable
        id="communities"
        title="各小区住户、设备与覆盖"
        rows={d.communities}
        rowKey={(c) => c.id}
        rowData={(c) => ({ "data-community": c.id })}
        empty="本乡镇尚无小区"
        columns={[
          { header: "小区", cell: (c) => c.name },
          { header: "物业公司", cell: (c) => c.company ?? "—" },
          { header: "住户", num: true, cell: (c) => c.households },
          { header: "设备在线/已登记", num: true, cell: (c) => `${c.devices.online}/${c.devices.total}` },
          { header: "老旧高层住户", num: true, cell: (c) => c.coverage.households },
          { header: "已覆盖", num: true, cell: (c) => c.coverage.covered },
          {
            header: "覆盖率",
            num: true,
            className: (c) => (c.coverage.households && !c.meetsTarget ? "bad" : c.meetsTarget ? "ok" : undefined),
            cell: (c) =>
              c.coverage.households ? `${pct(c.coverage.rate)}（${c.meetsTarget ? "达标" : "未达标"}）` : "无老旧高层",
          },
          {
            header: "未处置报警",
            num: true,
            className: (c) => (c.openAlarms ? "bad" : undefined),
            cell: (c) => c.openAlarms,
          },
        ]}
      />
      <details id="coverage-rule">
        <summary>覆盖率怎么算</summary>
        <p>
          {d.coverageRule} 目标：老旧高层住户覆盖率不低于 {target}。
        </p>
      </details>

      <DataTable
        id="open-alarms"
        title={`未处置报警（${d.openAlarms.total}）`}
        rows={d.openAlarms.items}
        rowKey={(a) => a.id}
        rowData={(a) => ({ "data-alarm": a.id })}
        empty="本乡镇当前没有未处置的报警"
        columns={[
          {
            header: "类型",
            className: (a) => (a.severity === "CRITICAL" ? "bad" : undefined),
            cell: (a) => a.kindLabel,
          },
          { header: "状态", cell: (a) => ALARM_STATUS[a.status] ?? a.status },
          { header: "地点", cell: (a) => a.place || "—" },
          { header: "小区", cell: (a) => a.community ?? "联网单位" },
          { header: "开始时间", cell: (a) => fmtTime(a.startedAt) },
        ]}
      />
      {d.openAlarms.total > d.openAlarms.items.length ? <p>仅列出最紧急的 {d.openAlarms.items.length} 条。</p> : null}

      <DataTable
        id="centres"
        title={`消防体验馆（未来 ${d.centres.days} 天）`}
        rows={d.centres.items}
        rowKey={(c) => c.id}
        rowData={(c) => ({ "data-centre": c.id })}
        empty="本乡镇尚无体验馆"
        columns={[
          { header: "体验馆", cell: (c) => c.name },
          { header: "级别", cell: (c) => CENTRE_LEVEL[c.level] ?? c.level },
          { header: "地址", cell: (c) => c.address },
          { header: "电话", cell: (c) => c.phone ?? "—" },
          { header: "开放时间", cell: (c) => c.openingHours },
          { header: "场次", num: true, cell: (c) => c.sessionsAhead },
          { header: "已约/座位", num: true, cell: (c) => `${c.seatsBooked}/${c.seatsAhead}` },
        ]}
      />

      <DataTable
        id="group-bookings"
        title="本乡镇团体预约"
        rows={d.groupBookings}
        rowKey={(b) => b.id}
        rowData={(b) => ({ "data-booking": b.id })}
        empty="暂无待参加的团体预约"
        columns={[
          {
            header: "日期",
            cell: (b) => (
              <a href={`${GROUP_BOOKINGS_PATH}/${b.id}`}>
                {b.date} {b.startTime}
              </a>
            ),
          },
          { header: "体验馆", cell: (b) => b.centre },
          { header: "场次", cell: (b) => b.title },
          { header: "团体", cell: (b) => b.groupName ?? "—" },
          { header: "人数", num: true, cell: (b) => b.seats },
          { header: "状态", cell: (b) => bookingWord(b.status) },
        ]}
      />
    </Page>
  );
}
