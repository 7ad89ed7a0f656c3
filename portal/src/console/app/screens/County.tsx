// 全县态势 (issue 8): the fire brigade's county view, also on the brigade's wall display (?wall=1: fresh
// figures every minute, nobody there presses F5). Alarms, devices online, coverage and response times as
// cards and tables, charts (ECharts) and the map of communities (Leaflet, the county's tiles if configured);
// all from GET /api/reports/county, whose long lists are sorted and paged on the server (the address keeps
// the sort and page, so a link or a reload shows the same). Names are text: React escapes them.
import { useEffect, useMemo, useState } from "react";
import type { EChartsOption } from "echarts";
import type { CountyQuery, CountyReport } from "../../../../../api/src/contract/reports.ts";
import { duration, pct } from "../../pages/format.ts";
import { baseFontSize, Chart } from "../components/Chart.tsx";
import { MapView, type Marker } from "../components/MapView.tsx";
import { Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useConsoleOptions } from "../lib/options.ts";
import { useReady } from "../lib/ready.ts";
import { Link, useLocation } from "../lib/router.tsx";

const TITLE = "全县消防物联态势";
const WALL_REFRESH_MS = 60_000;

/** The API's defaults (reports.schemas.ts countyQuery): what the tables show when the address says nothing. */
const DEFAULTS: CountyQuery = {
  by: "device",
  sort: "falseAlarms",
  order: "desc",
  offset: 0,
  limit: 20,
  cOffset: 0,
  cLimit: 20,
  cSort: "ackMedianSec",
  cOrder: "desc",
};
const ENUMS = {
  by: ["device", "household"],
  sort: ["falseAlarms", "rate", "maxPerDay", "fireAlarms", "name"],
  order: ["asc", "desc"],
  cSort: ["alarms", "ackMedianSec", "ackP90Sec", "resolveMedianSec", "resolveP90Sec", "name"],
  cOrder: ["asc", "desc"],
} as const;

/** The query the address asks for, each value bounded (anything else: the default). */
function queryOf(params: URLSearchParams): CountyQuery {
  const q: CountyQuery = { ...DEFAULTS };
  const pick = <K extends keyof typeof ENUMS>(k: K) => {
    const v = params.get(k);
    return v !== null && (ENUMS[k] as readonly string[]).includes(v) ? (v as CountyQuery[K]) : DEFAULTS[k];
  };
  const int = (k: "offset" | "limit" | "cOffset" | "cLimit", max: number, min: number) => {
    const n = Number(params.get(k) ?? DEFAULTS[k]);
    return Number.isInteger(n) && n >= min && n <= max ? n : DEFAULTS[k];
  };
  q.by = pick("by");
  q.sort = pick("sort");
  q.order = pick("order");
  q.cSort = pick("cSort");
  q.cOrder = pick("cOrder");
  q.offset = int("offset", 1_000_000, 0);
  q.limit = int("limit", 200, 1);
  q.cOffset = int("cOffset", 1_000_000, 0);
  q.cLimit = int("cLimit", 200, 1);
  return q;
}

const search = (q: CountyQuery, wall: boolean) =>
  new URLSearchParams([
    ...Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]),
    ...(wall ? [["wall", "1"] as [string, string]] : []),
  ]).toString();

const COLORS = { alarm: "#c62828", met: "#2e7d32", short: "#ef6c00" };

function Card(props: { id: string; n: string | number; label: string }) {
  return (
    <div className="card" id={props.id}>
      <div className="n">{props.n}</div>
      <div className="l">{props.label}</div>
    </div>
  );
}

export default function County() {
  const url = useLocation();
  const wall = url.searchParams.get("wall") === "1";
  const q = queryOf(url.searchParams);
  const r = useResource<CountyReport>(`/api/reports/county?${search(q, false)}`);
  const options = useConsoleOptions();
  const [drawn, setDrawn] = useState({ coverage: false, response: false, map: false });
  const { reload } = r;

  // a wall display has nobody to press F5: fresh figures every minute
  useEffect(() => {
    if (!wall) return;
    const timer = setInterval(reload, WALL_REFRESH_MS);
    return () => clearInterval(timer);
  }, [wall, reload]);

  // a sort or page link names its table (#false-alarms): show it once the figures are in
  const hash = url.hash;
  const generatedAt = r.data?.generatedAt;
  useEffect(() => {
    if (hash && generatedAt) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash, generatedAt]);

  const d = r.data;
  const charts = useMemo(() => (d ? chartOptions(d) : null), [d]);
  const markers = useMemo<Marker[]>(() => (d ? mapMarkers(d) : []), [d]);
  useReady(Boolean(d) && drawn.coverage && drawn.response && drawn.map);

  if (r.error || !d || !charts || !options) return <Pending title={TITLE} error={r.error} />;

  const fa = d.falseAlarms;
  const rc = d.responseByCommunity;
  const href = (o: Partial<CountyQuery>, anchor: string) => `/console/county?${search({ ...q, ...o }, wall)}#${anchor}`;
  const arrow = (on: boolean, order: "asc" | "desc") => (on ? (order === "desc" ? " ▼" : " ▲") : "");
  const sorted = (on: boolean, order: "asc" | "desc") =>
    on ? (order === "desc" ? "descending" : "ascending") : undefined;
  const cHead = (key: CountyQuery["cSort"], label: string, num = true) => (
    <th scope="col" className={num ? "num" : undefined} aria-sort={sorted(q.cSort === key, q.cOrder)}>
      <Link
        href={href(
          { cSort: key, cOrder: q.cSort === key && q.cOrder === "desc" ? "asc" : "desc", cOffset: 0 },
          "response-community-title",
        )}
      >
        {label}
        {arrow(q.cSort === key, q.cOrder)}
      </Link>
    </th>
  );
  const fHead = (key: CountyQuery["sort"], label: string, num = true) => (
    <th scope="col" className={num ? "num" : undefined} aria-sort={sorted(q.sort === key, q.order)}>
      <Link
        href={href(
          { sort: key, order: q.sort === key && q.order === "desc" ? "asc" : "desc", offset: 0 },
          "false-alarms",
        )}
      >
        {label}
        {arrow(q.sort === key, q.order)}
      </Link>
    </th>
  );

  return (
    <Page title={TITLE}>
      <p className="live">
        统计时间：{new Date(d.generatedAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })}
        （县域时间）
        {r.loading ? " · 正在更新…" : ""} ·{" "}
        {wall ? (
          <Link href="/console/county">退出大屏模式</Link>
        ) : (
          <Link href="/console/county?wall=1">大屏模式（每分钟自动刷新）</Link>
        )}
      </p>
      <div className="cards">
        <Card id="alarms-today" n={d.alarms.today.all} label={`今日报警（火警 ${d.alarms.today.fire}）`} />
        <Card id="alarms-week" n={d.alarms.week.all} label={`本周报警（火警 ${d.alarms.week.fire}）`} />
        <Card id="alarms-month" n={d.alarms.month.all} label={`本月报警（火警 ${d.alarms.month.fire}）`} />
        <Card id="devices-online" n={`${d.devices.online} / ${d.devices.total}`} label="设备在线 / 总数" />
        <Card
          id="coverage"
          n={pct(d.coverage.rate)}
          label={`老旧高层覆盖（${d.coverage.covered} / ${d.coverage.households} 户，目标 ${pct(d.coverageTarget)}）`}
        />
        <Card
          id="ack-median"
          n={duration(d.responseTimes.ackMedianSec)}
          label={`火警确认用时中位数${
            d.responseTimes.ackP90Sec === null ? "" : `（九成火警在 ${duration(d.responseTimes.ackP90Sec)} 内确认）`
          }`}
        />
        <Card id="false-rate" n={pct(fa.rate)} label={`本月误报率（${fa.falseAlarms} / ${fa.fireAlarms}）`} />
      </div>
      <div className="grid2">
        <Chart
          id="chart-coverage"
          className="chart"
          option={charts.coverage}
          label={`各乡镇老旧高层覆盖率柱状图，目标 ${pct(d.coverageTarget)}；数字见下方“老旧高层住户覆盖率”表`}
          onReady={() => setDrawn((s) => ({ ...s, coverage: true }))}
        />
        <Chart
          id="chart-response"
          className="chart"
          option={charts.response}
          label="本页小区火警响应用时柱状图；数字见“响应用时（按小区）”表"
          onReady={() => setDrawn((s) => ({ ...s, response: true }))}
        />
      </div>
      <h2>小区分布</h2>
      <MapView
        id="map"
        markers={markers}
        tileUrl={options.tileUrl}
        label="小区分布图：红色有未关闭报警，绿色覆盖达标，橙色未达标"
        onReady={() => setDrawn((s) => (s.map ? s : { ...s, map: true }))}
      />
      <div className="grid2">
        <section>
          <h2 id="coverage-table-title">老旧高层住户覆盖率（按乡镇）</h2>
          <table id="coverage-table" aria-labelledby="coverage-table-title">
            <thead>
              <tr>
                <th scope="col">乡镇/街道</th>
                <th scope="col" className="num">
                  户数
                </th>
                <th scope="col" className="num">
                  已覆盖
                </th>
                <th scope="col" className="num">
                  覆盖率
                </th>
                <th scope="col">目标 {pct(d.coverageTarget)}</th>
              </tr>
            </thead>
            <tbody>
              {d.coverageByTownship.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="num">{t.households}</td>
                  <td className="num">{t.covered}</td>
                  <td className="num">{pct(t.rate)}</td>
                  <td className={t.meetsTarget ? "ok" : "bad"}>{t.meetsTarget ? "达标" : "未达标"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 id="response-company-title">响应用时（按物业公司，本月火警）</h2>
          <table id="response-company" aria-labelledby="response-company-title">
            <thead>
              <tr>
                <th scope="col">物业公司</th>
                <th scope="col" className="num">
                  火警
                </th>
                <th scope="col" className="num">
                  确认中位数
                </th>
                <th scope="col" className="num">
                  九成火警确认用时
                </th>
                <th scope="col" className="num">
                  处置中位数
                </th>
                <th scope="col" className="num">
                  九成火警处置用时
                </th>
              </tr>
            </thead>
            <tbody>
              {d.responseByCompany.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td className="num">{c.alarms}</td>
                  <td className="num">{duration(c.ackMedianSec)}</td>
                  <td className="num">{duration(c.ackP90Sec)}</td>
                  <td className="num">{duration(c.resolveMedianSec)}</td>
                  <td className="num">{duration(c.resolveP90Sec)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
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
        </section>
      </div>
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
      <table id="false-table" aria-labelledby="false-alarms">
        <thead>
          <tr>
            {fHead("name", q.by === "device" ? "设备" : "住户", false)}
            {fHead("fireAlarms", "火警")}
            {fHead("falseAlarms", "误报")}
            {fHead("rate", "误报率")}
            {fHead("maxPerDay", "单日最多")}
          </tr>
        </thead>
        <tbody>
          {fa.list.items.length ? (
            fa.list.items.map((x) => (
              <tr key={x.id} className={x.flagged ? "bad" : undefined}>
                <td>{x.name}</td>
                <td className="num">{x.fireAlarms}</td>
                <td className="num">{x.falseAlarms}</td>
                <td className="num">{pct(x.rate)}</td>
                <td className="num">
                  {x.maxPerDay}
                  {x.flagged ? " ⚠" : ""}
                </td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={5}>本月没有误报</td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager
        label="误报列表分页"
        total={fa.list.total}
        unit="条"
        offset={q.offset}
        limit={q.limit}
        href={(offset) => href({ offset }, "false-alarms")}
      />
    </Page>
  );
}

/** 共 n 条 with the previous and next page as links (the address keeps the page). */
function Pager(props: {
  label: string;
  total: number;
  unit: string;
  offset: number;
  limit: number;
  href: (offset: number) => string;
}) {
  const { total, offset, limit } = props;
  return (
    <nav className="pager" aria-label={props.label}>
      共 {total} {props.unit}
      {total > limit ? ` · 第 ${Math.floor(offset / limit) + 1} / ${Math.ceil(total / limit)} 页` : ""}{" "}
      {offset > 0 ? <Link href={props.href(Math.max(0, offset - limit))}>上一页</Link> : null}{" "}
      {offset + limit < total ? <Link href={props.href(offset + limit)}>下一页</Link> : null}
    </nav>
  );
}

const pctNum = (x: number) => Math.round(x * 1000) / 10;

function chartOptions(d: CountyReport): { coverage: EChartsOption; response: EChartsOption } {
  // chart text follows the page's type size, which grows on a wall display (console.css)
  const base = baseFontSize();
  const fontSize = Math.round(base * 0.8);
  const axisText = { axisLabel: { fontSize } };
  const common: EChartsOption = {
    animation: false,
    textStyle: { fontFamily: "sans-serif", fontSize },
    tooltip: { trigger: "axis" },
  };
  const items = d.responseByCommunity.items;
  return {
    coverage: {
      ...common,
      grid: { left: base * 3.5, right: base * 5, top: base * 3, bottom: base * 2.5 }, // room for the target's label
      title: { text: "老旧高层覆盖率（%）", textStyle: { fontSize: Math.round(base * 0.95) } },
      xAxis: { type: "category", data: d.coverageByTownship.map((t) => t.name), ...axisText },
      yAxis: { type: "value", max: 100, ...axisText },
      series: [
        {
          type: "bar",
          data: d.coverageByTownship.map((t) => ({
            value: pctNum(t.rate),
            itemStyle: { color: t.meetsTarget ? COLORS.met : COLORS.alarm },
          })),
          label: { show: true, position: "top" },
          markLine: {
            symbol: "none",
            data: [{ yAxis: pctNum(d.coverageTarget), name: "目标" }],
            lineStyle: { color: COLORS.short, type: "dashed" },
            label: { formatter: "目标 {c}%" },
          },
        },
      ],
    },
    response: {
      ...common,
      title: { text: "火警响应用时（秒，本月，本页小区）", textStyle: { fontSize: Math.round(base * 0.95) } },
      legend: { bottom: 0 },
      grid: { left: base * 3.5, right: base * 1.5, top: base * 3, bottom: base * 4.5 },
      xAxis: { type: "category", data: items.map((c) => c.name), ...axisText },
      yAxis: { type: "value", ...axisText },
      series: [
        { name: "确认中位数", type: "bar", data: items.map((c) => c.ackMedianSec) },
        { name: "九成火警确认用时", type: "bar", data: items.map((c) => c.ackP90Sec) },
        { name: "处置中位数", type: "bar", data: items.map((c) => c.resolveMedianSec) },
      ],
    },
  };
}

/** Communities with a place: red with an open alarm, green at the target, orange below it; labels alternate
 * left and right from west to east, so neighbouring communities do not cover each other. */
function mapMarkers(d: CountyReport): Marker[] {
  return d.communities
    .flatMap((c) => (c.latitude !== null && c.longitude !== null ? [{ c, lat: c.latitude, lng: c.longitude }] : []))
    .sort((a, b) => a.lng - b.lng)
    .map(({ c, lat, lng }, i) => ({
      id: c.id,
      lat,
      lng,
      label: `${c.name} 覆盖 ${pctNum(c.coverage.rate)}%${c.openAlarms ? `，报警 ${c.openAlarms}` : ""}`,
      color: c.openAlarms > 0 ? COLORS.alarm : c.coverage.rate >= d.coverageTarget ? COLORS.met : COLORS.short,
      pinned: i % 2 ? "right" : "left",
    }));
}
