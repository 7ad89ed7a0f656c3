// 消防设施: draws each measurement's 24-hour chart (ECharts) from the readings API, with its limits as lines,
// and the hydrants on a map (Leaflet): green when working, red when not.
import { api } from "./api.ts";

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
declare const echarts: { init(el: HTMLElement): EChart } | undefined;
declare const L:
  | {
      map(el: HTMLElement, o?: unknown): LeafletMap;
      tileLayer(url: string, o?: unknown): LeafletLayer;
      circleMarker(at: [number, number], o?: unknown): LeafletLayer;
    }
  | undefined;

interface Series {
  unit: string;
  from: string;
  to: string;
  limit: { low: number | null; high: number | null } | null;
  buckets: { t: number; min: number; max: number; mean: number; count: number }[];
}
interface Hydrant {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  working: boolean;
}

const base = parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;
const charts: EChart[] = [];

async function drawChart(host: HTMLElement): Promise<void> {
  if (typeof echarts === "undefined") return;
  const s = await api<Series>("GET", host.dataset.series!);
  const limits = [s.limit?.low, s.limit?.high].filter((v): v is number => typeof v === "number");
  const c = echarts.init(host);
  c.setOption({
    animation: false,
    textStyle: { fontFamily: "sans-serif", fontSize: Math.round(base * 0.8) },
    grid: { left: base * 3.5, right: base * 1.5, top: base * 1.5, bottom: base * 2.5 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "time", min: s.from, max: s.to },
    yAxis: { type: "value", name: s.unit, scale: true },
    series: [
      {
        type: "line",
        showSymbol: s.buckets.length < 30,
        data: s.buckets.map((b) => [b.t, Math.round(b.mean * 1000) / 1000]),
        markLine: limits.length
          ? { symbol: "none", lineStyle: { color: "#c62828" }, data: limits.map((v) => ({ yAxis: v })) }
          : undefined,
      },
    ],
  });
  charts.push(c);
  host.dataset.drawn = String(s.buckets.length);
}

function drawMap(): void {
  const host = document.getElementById("hydrant-map");
  const data = JSON.parse(document.getElementById("hydrant-data")?.textContent ?? "[]") as Hydrant[];
  if (!host || typeof L === "undefined" || !data.length) return;
  const map = L.map(host, { attributionControl: false, zoomSnap: 0.5 });
  if (host.dataset.tiles) L.tileLayer(host.dataset.tiles, { maxZoom: 19 }).addTo(map);
  for (const h of data) {
    const color = h.working ? "#2e7d32" : "#c62828";
    L.circleMarker([h.latitude, h.longitude], { radius: 9, color, fillColor: color, fillOpacity: 0.85 })
      .addTo(map)
      .bindTooltip(`${h.name}${h.working ? "（可用）" : "（不可用）"}`, { permanent: true, direction: "right" });
  }
  if (data.length > 1)
    map.fitBounds(
      data.map((h) => [h.latitude, h.longitude] as [number, number]),
      { padding: [60, 60] },
    );
  else map.setView([data[0]!.latitude, data[0]!.longitude], 16);
}

drawMap();
addEventListener("resize", () => charts.forEach((c) => c.resize()));
void Promise.all(
  [...document.querySelectorAll<HTMLElement>("[data-series]")].map((h) => drawChart(h).catch(() => undefined)),
).then(() => (document.body.dataset.ready = "1"));
