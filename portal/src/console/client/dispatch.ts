// The monthly dispatch page: the figures are in the page (server-rendered); this draws the coverage curve,
// the townships' progress and the unit scores (ECharts), and sends the talk and commendation forms to the
// JSON API with the session cookie. The print button opens the browser's print (save as PDF).
import { api, ApiError } from "./api.ts";
import { withCountyOffset } from "../../../../api/src/contract/county-time.ts";

interface EChart {
  setOption(o: unknown): void;
  resize(): void;
}
declare const echarts: { init(el: HTMLElement): EChart };

interface Data {
  byTownship: { name: string; target: number; done: number; accepted: number; behind: number }[];
  history: { name: string; days: { day: string; rate: number }[] } | null;
  scores: { name: string; score: number }[];
  target: number | null;
}

const data = JSON.parse(document.getElementById("dispatch-data")?.textContent ?? "{}") as Data;
const base = parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;
const fontSize = Math.round(base * 0.8);
const axisText = { axisLabel: { fontSize } };
const charts: EChart[] = [];

function chart(id: string, option: object): void {
  const host = document.getElementById(id);
  if (!host || typeof echarts === "undefined") return;
  const c = echarts.init(host);
  c.setOption({
    animation: false,
    textStyle: { fontFamily: "sans-serif", fontSize },
    grid: { left: base * 3.5, right: base * 2, top: base * 3, bottom: base * 2.5 },
    tooltip: { trigger: "axis" },
    ...option,
  });
  charts.push(c);
}

if (data.history)
  chart("chart-coverage-history", {
    title: { text: `${data.history.name}老旧高层覆盖率（%，每日）`, textStyle: { fontSize: Math.round(base * 0.95) } },
    xAxis: { type: "category", data: data.history.days.map((d) => d.day), ...axisText },
    yAxis: { type: "value", max: 100, ...axisText },
    series: [
      {
        type: "line",
        showSymbol: false,
        data: data.history.days.map((d) => Math.round(d.rate * 1000) / 10),
        ...(data.target !== null
          ? {
              markLine: {
                symbol: "none",
                data: [{ yAxis: data.target }],
                lineStyle: { color: "#ef6c00", type: "dashed" },
                label: { formatter: "目标 {c}%" },
              },
            }
          : {}),
      },
    ],
  });

chart("chart-townships", {
  title: { text: "应接入单位进度（按乡镇）", textStyle: { fontSize: Math.round(base * 0.95) } },
  legend: { bottom: 0 },
  grid: { left: base * 3.5, right: base * 2, top: base * 3, bottom: base * 4.5 },
  xAxis: { type: "category", data: data.byTownship.map((t) => t.name), ...axisText },
  yAxis: { type: "value", minInterval: 1, ...axisText },
  series: [
    { name: "目标", type: "bar", data: data.byTownship.map((t) => t.target), itemStyle: { color: "#90a4ae" } },
    { name: "已安装", type: "bar", data: data.byTownship.map((t) => t.done), itemStyle: { color: "#1565c0" } },
    { name: "已验收", type: "bar", data: data.byTownship.map((t) => t.accepted), itemStyle: { color: "#2e7d32" } },
    { name: "滞后", type: "bar", data: data.byTownship.map((t) => t.behind), itemStyle: { color: "#c62828" } },
  ],
});

chart("chart-scores", {
  title: { text: "单位评分（前 30 名）", textStyle: { fontSize: Math.round(base * 0.95) } },
  grid: { left: base * 12, right: base * 2, top: base * 3, bottom: base * 2 },
  xAxis: { type: "value", max: 100, ...axisText },
  yAxis: { type: "category", inverse: true, data: data.scores.map((s) => s.name), ...axisText },
  series: [{ type: "bar", data: data.scores.map((s) => s.score), label: { show: true, position: "right" } }],
});

addEventListener("resize", () => charts.forEach((c) => c.resize()));
document.getElementById("print")?.addEventListener("click", () => print());

const say = (id: string, text: string) => {
  const e = document.getElementById(id);
  if (e) e.textContent = text;
};
const subjectOf = (v: string) => {
  const [subject, subjectId] = v.split(":") as [string, string];
  return { subject, subjectId };
};

document.getElementById("talk-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target as HTMLFormElement);
  const held = String(f.get("heldAt") ?? "");
  const followUpOn = String(f.get("followUpOn") ?? "");
  api("post", "/api/dispatch/talks", {
    ...subjectOf(String(f.get("subject"))),
    heldAt: withCountyOffset(held),
    attendees: f.get("attendees"),
    reason: f.get("reason"),
    promises: f.get("promises"),
    followUpOn: followUpOn || null,
  })
    .then(() => {
      say("talk-status", "已保存");
      location.reload();
    })
    .catch((e: unknown) => say("talk-status", e instanceof ApiError ? e.message : "保存失败，请重试"));
});

document.getElementById("commend-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const f = new FormData(form);
  api("post", "/api/dispatch/commendations", {
    ...subjectOf(String(f.get("subject"))),
    month: form.dataset.month,
    reason: f.get("reason"),
  })
    .then(() => {
      say("commend-status", "已保存");
      location.reload();
    })
    .catch((e: unknown) => say("commend-status", e instanceof ApiError ? e.message : "保存失败，请重试"));
});

for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-follow]"))
  b.addEventListener("click", () => {
    b.disabled = true;
    api("patch", `/api/dispatch/talks/${b.dataset.follow}`, { followUpDone: true })
      .then(() => location.reload())
      .catch(() => (b.disabled = false));
  });

document.body.dataset.ready = "1";
