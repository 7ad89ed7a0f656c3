// The county view's charts and the map's markers, from the report.
import type { EChartsOption } from "echarts";
import type { CountyReport } from "@anxin/contract/reports";
import { baseFontSize } from "../../components/Chart.tsx";
import type { Marker } from "../../components/MapView.tsx";

const COLORS = { alarm: "#c62828", met: "#2e7d32", short: "#ef6c00" };

const pctNum = (x: number) => Math.round(x * 1000) / 10;

export function chartOptions(d: CountyReport): { coverage: EChartsOption; response: EChartsOption } {
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
export function mapMarkers(d: CountyReport): Marker[] {
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
