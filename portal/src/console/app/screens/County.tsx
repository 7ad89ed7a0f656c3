// 全县态势 (issue 8): the fire brigade's county view, also on the brigade's wall display (?wall=1: fresh
// figures every minute, nobody there presses F5). Alarms, devices online, coverage and response times as
// cards and tables, charts (ECharts) and the map of communities (Leaflet, the county's tiles if configured),
// and the networked units (联网单位: their states as the command wall shows them, fire signals, hazards);
// all from GET /api/reports/county, whose long lists are sorted and paged on the server (the address keeps
// the sort and page, so a link or a reload shows the same). Names are text: React escapes them.
// Each section is its own file under county/.
import { useEffect, useMemo, useState } from "react";
import type { CountyReport } from "@anxin/contract/reports";
import { Chart } from "../components/Chart.tsx";
import { MapView, type Marker } from "../components/MapView.tsx";
import { Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useConsoleOptions } from "../lib/options.ts";
import { useReady } from "../lib/ready.ts";
import { Link, useLocation } from "../lib/router.tsx";
import { chartOptions, coverageLabel, mapMarkers, RESPONSE_LABEL } from "./county/charts.ts";
import { Communities } from "./county/Communities.tsx";
import { Companies } from "./county/Companies.tsx";
import { FalseAlarms } from "./county/FalseAlarms.tsx";
import { queryOf, search, wallOf } from "./county/query.ts";
import { Summary } from "./county/Summary.tsx";
import { Townships } from "./county/Townships.tsx";
import { Units } from "./county/Units.tsx";
import { useWallMode } from "./county/wall.ts";

const TITLE = "全县消防物联态势";
const WALL_REFRESH_MS = 60_000;

export default function County() {
  const url = useLocation();
  const wall = wallOf(url.searchParams);
  useWallMode(wall);
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
      <Summary d={d} />
      <Units d={d} q={q} wall={wall} />
      <div className="grid2">
        <Chart
          id="chart-coverage"
          className="chart"
          option={charts.coverage}
          label={coverageLabel(d)}
          onReady={() => setDrawn((s) => ({ ...s, coverage: true }))}
        />
        <Chart
          id="chart-response"
          className="chart"
          option={charts.response}
          label={RESPONSE_LABEL}
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
          <Townships d={d} />
          <Companies d={d} />
        </section>
        <section>
          <Communities d={d} q={q} wall={wall} />
        </section>
      </div>
      <FalseAlarms d={d} q={q} wall={wall} />
    </Page>
  );
}
