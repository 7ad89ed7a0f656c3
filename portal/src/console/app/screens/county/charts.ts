// The county view's charts and the map's markers, from the report.
import type { EChartsOption } from "echarts";
import type { CountyReport } from "@anxin/contract/reports";
import { baseFontSize } from "../../components/Chart.tsx";
import { pct } from "../../lib/format.ts";
import type { Marker } from "../../components/MapView.tsx";
import { isWall, wallFontSize } from "./wall.ts";

const COLORS = { alarm: "#c62828", met: "#2e7d32", short: "#ef6c00" };

const pctNum = (x: number) => Math.round(x * 1000) / 10;

/** The charts in words for a screen reader (County.tsx puts the same on each box before it is drawn). */
export const RESPONSE_LABEL = "本页小区火警响应用时柱状图；数字见“响应用时（按小区）”表";
export const coverageLabel = (d: CountyReport) =>
  `各乡镇老旧高层覆盖率柱状图，目标 ${pct(d.coverageTarget)}；数字见下方“老旧高层住户覆盖率”表`;

/**
 * Why the response chart has no bars, in a sentence, or null when it has some. Its bars are this month's fire
 * alarms of the communities on the table's page (report-service.ts, figures.ts responseTimes): a time is there
 * once a fire alarm was acknowledged or resolved.
 */
export function responseEmpty(d: CountyReport): string | null {
  const items = d.responseByCommunity.items;
  if (items.some((c) => c.ackMedianSec !== null || c.resolveMedianSec !== null)) return null;
  if (!items.length) return "还没有登记小区，暂无火警响应用时。";
  if (d.responseTimes.alarms === 0) return "本月还没有火警，暂无响应用时。";
  if (!items.some((c) => c.alarms > 0))
    return "本页的小区本月没有火警，暂无响应用时；其他小区见下方“响应用时（按小区）”表。";
  return "本月的火警还没有人确认或处置，暂无响应用时。";
}

/** Why the coverage chart has no bars, or null when it has some. */
export function coverageEmpty(d: CountyReport): string | null {
  if (d.coverageByTownship.some((t) => t.households > 0)) return null;
  return d.coverageByTownship.length ? "还没有登记老旧高层住户，暂无覆盖率。" : "还没有登记乡镇和小区，暂无覆盖率。";
}

/** An empty chart: its title, the sentence why in the middle, no axes; a screen reader hears the sentence. */
function emptyChart(title: EChartsOption["title"], text: string, base: number, label: string): EChartsOption {
  return {
    animation: false,
    title,
    aria: { enabled: true, label: { description: `${label}：${text}` } },
    xAxis: { show: false },
    yAxis: { show: false },
    series: [],
    graphic: {
      type: "text",
      left: "center",
      top: "middle",
      style: { text, fontSize: Math.round(base * 1.05), fill: "#3e4c59", width: base * 22, overflow: "break" },
    },
  };
}

export function chartOptions(d: CountyReport): { coverage: EChartsOption; response: EChartsOption } {
  // chart text follows the page's type size, which grows on a wall display (console.css); on 大屏模式 the
  // charts are laid out before the wall's stylesheet rule applies, so its size is taken from the screen
  const base = isWall() ? wallFontSize() : baseFontSize();
  const fontSize = Math.round(base * 0.8);
  const axisText = { axisLabel: { fontSize } };
  const common: EChartsOption = {
    animation: false,
    textStyle: { fontFamily: "sans-serif", fontSize },
    tooltip: { trigger: "axis" },
  };
  const items = d.responseByCommunity.items;
  const titleStyle = { textStyle: { fontSize: Math.round(base * 0.95) } };
  const coverageTitle = { text: "老旧高层覆盖率（%）", ...titleStyle };
  const responseTitle = { text: "火警响应用时（秒，本月，本页小区）", ...titleStyle };
  const noCoverage = coverageEmpty(d);
  const noResponse = responseEmpty(d);
  return {
    coverage: noCoverage
      ? emptyChart(coverageTitle, noCoverage, base, "各乡镇老旧高层覆盖率柱状图")
      : {
          ...common,
          grid: { left: base * 3.5, right: base * 5, top: base * 3, bottom: base * 2.5 }, // room for the target's label
          title: coverageTitle,
          aria: { enabled: true, label: { description: coverageLabel(d) } },
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
    response: noResponse
      ? emptyChart(responseTitle, noResponse, base, RESPONSE_LABEL)
      : {
          ...common,
          title: responseTitle,
          aria: { enabled: true, label: { description: RESPONSE_LABEL } },
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
