// County view: the figures are in the page (server-rendered); this draws the charts (ECharts) and the map of
// communities (Leaflet). Without a tile address the map is community markers on a plain background.
import type { CountyReport } from "../../../../api/src/modules/reports/reports.schemas.ts";

interface EChart {
  setOption(o: unknown): void;
  resize(): void;
}
interface LeafletMap {
  fitBounds(b: [number, number][], o?: unknown): LeafletMap;
  setView(c: [number, number], z: number): LeafletMap;
}
interface LeafletLayer {
  addTo(m: LeafletMap): LeafletLayer;
  bindTooltip(t: string, o?: unknown): LeafletLayer;
}
declare const echarts: { init(el: HTMLElement): EChart };
declare const L: {
  map(el: HTMLElement, o?: unknown): LeafletMap;
  tileLayer(url: string, o?: unknown): LeafletLayer;
  circleMarker(at: [number, number], o?: unknown): LeafletLayer;
};

const report = JSON.parse(document.getElementById("report-data")!.textContent ?? "{}") as CountyReport;
const pct = (x: number) => Math.round(x * 1000) / 10;
const charts: EChart[] = [];
// chart text follows the page's type size, which grows on a wall display (console.css)
const base = parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;
const axisText = { axisLabel: { fontSize: Math.round(base * 0.8) } };

function chart(id: string, option: unknown): void {
  const host = document.getElementById(id);
  if (!host || typeof echarts === "undefined") return;
  const c = echarts.init(host);
  c.setOption({
    animation: false,
    textStyle: { fontFamily: "sans-serif", fontSize: Math.round(base * 0.8) },
    grid: { left: base * 3.5, right: base * 1.5, top: base * 3, bottom: base * 2.5 },
    tooltip: { trigger: "axis" },
    ...(option as object),
  });
  charts.push(c);
}

chart("chart-coverage", {
  grid: { left: base * 3.5, right: base * 5, top: base * 3, bottom: base * 2.5 }, // room for the target line's label
  title: { text: "老旧高层覆盖率（%）", textStyle: { fontSize: Math.round(base * 0.95) } },
  xAxis: { type: "category", data: report.coverageByTownship.map((t) => t.name), ...axisText },
  yAxis: { type: "value", max: 100, ...axisText },
  series: [
    {
      type: "bar",
      data: report.coverageByTownship.map((t) => ({
        value: pct(t.rate),
        itemStyle: { color: t.meetsTarget ? "#2e7d32" : "#c62828" },
      })),
      label: { show: true, position: "top" },
      markLine: {
        symbol: "none",
        data: [{ yAxis: pct(report.coverageTarget), name: "目标" }],
        lineStyle: { color: "#ef6c00", type: "dashed" },
        label: { formatter: "目标 {c}%" },
      },
    },
  ],
});

chart("chart-response", {
  title: { text: "火警响应用时（秒，本月，本页小区）", textStyle: { fontSize: Math.round(base * 0.95) } },
  legend: { bottom: 0 },
  grid: { left: base * 3.5, right: base * 1.5, top: base * 3, bottom: base * 4.5 },
  xAxis: { type: "category", data: report.responseByCommunity.items.map((c) => c.name), ...axisText },
  yAxis: { type: "value", ...axisText },
  series: [
    { name: "确认中位数", type: "bar", data: report.responseByCommunity.items.map((c) => c.ackMedianSec) },
    { name: "九成火警确认用时", type: "bar", data: report.responseByCommunity.items.map((c) => c.ackP90Sec) },
    { name: "处置中位数", type: "bar", data: report.responseByCommunity.items.map((c) => c.resolveMedianSec) },
  ],
});

function drawMap(): void {
  const host = document.getElementById("map");
  if (!host || typeof L === "undefined") return;
  const placed = report.communities.filter((c) => c.latitude !== null && c.longitude !== null);
  const map = L.map(host, { attributionControl: false, zoomSnap: 0.5 });
  const tiles = host.dataset.tiles;
  if (tiles) L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
  // labels alternate left and right from west to east, so neighbouring communities do not cover each other
  [...placed]
    .sort((a, b) => a.longitude! - b.longitude!)
    .forEach((c, i) => {
      const color = c.openAlarms > 0 ? "#c62828" : c.coverage.rate >= report.coverageTarget ? "#2e7d32" : "#ef6c00";
      L.circleMarker([c.latitude!, c.longitude!], { radius: 10, color, fillColor: color, fillOpacity: 0.8 })
        .addTo(map)
        .bindTooltip(`${c.name} 覆盖 ${pct(c.coverage.rate)}%${c.openAlarms ? `，报警 ${c.openAlarms}` : ""}`, {
          permanent: true,
          direction: i % 2 ? "right" : "left",
          offset: [i % 2 ? 8 : -8, 0],
        });
    });
  if (placed.length > 1)
    map.fitBounds(
      placed.map((c) => [c.latitude!, c.longitude!] as [number, number]),
      { padding: [80, 80] },
    );
  else if (placed[0]) map.setView([placed[0].latitude!, placed[0].longitude!], 14);
}

drawMap();
addEventListener("resize", () => charts.forEach((c) => c.resize()));
// a wall display (?wall=1) has nobody to press F5: fresh figures every minute
if (new URLSearchParams(location.search).get("wall") === "1") setTimeout(() => location.reload(), 60_000);
document.body.dataset.ready = "1";
