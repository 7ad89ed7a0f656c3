// The monthly dispatch's three charts: the coverage curve, townships' progress and the unit scores ranked.
import type { EChartsOption } from "echarts";
import type { CoverageHistory, MonthlyDispatch, UnitScores } from "@anxin/contract/dispatch.schemas";
import { baseFontSize } from "../../components/Chart.tsx";

/** how many of the best-scored units the bar chart shows */
export const SCORE_CHART = 30;

export function chartOptions(
  d: MonthlyDispatch,
  s: UnitScores,
  h: CoverageHistory | null,
  target: number | null,
): { history: EChartsOption | null; townships: EChartsOption; scores: EChartsOption } {
  // chart text follows the page's type size (console.css)
  const base = baseFontSize();
  const fontSize = Math.round(base * 0.8);
  const axisText = { axisLabel: { fontSize } };
  const titleText = { fontSize: Math.round(base * 0.95) };
  const common: EChartsOption = {
    animation: false,
    textStyle: { fontFamily: "sans-serif", fontSize },
    tooltip: { trigger: "axis" },
  };
  const grid = { left: base * 3.5, right: base * 2, top: base * 3, bottom: base * 2.5 };
  const top = s.units.slice(0, SCORE_CHART);
  return {
    history: h
      ? {
          ...common,
          grid: { ...grid, right: base * 5 }, // room for the target line's label
          title: { text: `${h.name}老旧高层覆盖率（%，每日）`, textStyle: titleText },
          xAxis: { type: "category", data: h.days.map((x) => x.day), ...axisText },
          yAxis: { type: "value", max: 100, ...axisText },
          series: [
            {
              type: "line",
              showSymbol: false,
              data: h.days.map((x) => Math.round(x.rate * 1000) / 10),
              ...(target !== null
                ? {
                    markLine: {
                      symbol: "none",
                      data: [{ yAxis: target }],
                      lineStyle: { color: "#ef6c00", type: "dashed" },
                      label: { formatter: "目标 {c}%" },
                    },
                  }
                : {}),
            },
          ],
        }
      : null,
    townships: {
      ...common,
      title: { text: "应接入单位进度（按乡镇）", textStyle: titleText },
      legend: { bottom: 0 },
      grid: { ...grid, bottom: base * 4.5 },
      xAxis: { type: "category", data: d.byTownship.map((t) => t.name), ...axisText },
      yAxis: { type: "value", minInterval: 1, ...axisText },
      series: [
        { name: "目标", type: "bar", data: d.byTownship.map((t) => t.target), itemStyle: { color: "#90a4ae" } },
        { name: "已安装", type: "bar", data: d.byTownship.map((t) => t.done), itemStyle: { color: "#1565c0" } },
        { name: "已验收", type: "bar", data: d.byTownship.map((t) => t.accepted), itemStyle: { color: "#2e7d32" } },
        { name: "滞后", type: "bar", data: d.byTownship.map((t) => t.behind), itemStyle: { color: "#c62828" } },
      ],
    },
    scores: {
      ...common,
      title: { text: `单位评分（前 ${SCORE_CHART} 名）`, textStyle: titleText },
      grid: { left: base * 12, right: base * 2, top: base * 3, bottom: base * 2 },
      xAxis: { type: "value", max: 100, ...axisText },
      yAxis: { type: "category", inverse: true, data: top.map((u) => u.name), ...axisText },
      series: [{ type: "bar", data: top.map((u) => u.score), label: { show: true, position: "right" } }],
    },
  };
}
