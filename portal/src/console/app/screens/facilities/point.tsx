// 消防设施: one measurement point of a facility — its 24-hour chart (ECharts) with its limits as lines, and
// its limit in words with the editor that sets the device's own or puts the default back, and its history.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { EChartsOption } from "echarts";
import type { EffectiveLimit, LimitBody, LimitChange, LimitHistoryEntry, SensorSeries } from "@anxin/contract/sensors";
import { countyLocaleString } from "@anxin/contract/county-time";
import { LIMIT_SOURCE_LABEL } from "@anxin/contract/labels";
import { api } from "../../../client/api.ts";
import { baseFontSize, Chart } from "../../components/Chart.tsx";
import { Field } from "../../components/Field.tsx";
import { ActionNotice } from "../../components/Notice.tsx";
import { LoadError, Loading } from "../../components/Page.tsx";
import { fieldErrors, useAction, useResource } from "../../lib/hooks.ts";

const when = (iso: string | null) => (iso ? countyLocaleString(iso, { hour12: false }) : "—");

/** a working facility, and one in alarm (charts' limit lines, the hydrant map) */
export const COLORS = { ok: "#2e7d32", bad: "#c62828" };

/** A point's 24-hour chart with its limits as red lines; says when drawn (or when its readings failed). */
export function SeriesChart(props: { deviceId: string; point: string; name: string; onDone: () => void }) {
  const path = `/api/sensors/devices/${encodeURIComponent(props.deviceId)}/points/${encodeURIComponent(props.point)}/series?range=24h`;
  const s = useResource<SensorSeries>(path);
  const option = useMemo(() => (s.data ? seriesOption(s.data) : null), [s.data]);
  const { onDone } = props;
  const failed = Boolean(s.error);
  useEffect(() => {
    if (failed) onDone();
  }, [failed, onDone]);
  return (
    <div className="chart-box" data-series={path} data-drawn={s.data ? String(s.data.buckets.length) : undefined}>
      {s.error ? (
        <p className="notice error">曲线加载失败：{s.error.message}</p>
      ) : option ? (
        <Chart className="chart" option={option} label={`${props.name} 近 24 小时曲线`} onReady={onDone} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

function seriesOption(s: SensorSeries): EChartsOption {
  const base = baseFontSize();
  const limits = [s.limit?.low, s.limit?.high].filter((v): v is number => typeof v === "number");
  return {
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
        ...(limits.length
          ? {
              markLine: {
                symbol: "none",
                lineStyle: { color: COLORS.bad },
                data: limits.map((v) => ({ yAxis: v })),
              },
            }
          : {}),
      },
    ],
  };
}

const limitText = (l: EffectiveLimit | null, unit: string) =>
  l
    ? `下限 ${l.low ?? "—"}，上限 ${l.high ?? "—"}${unit ? ` ${unit}` : ""}；回差 ${l.hysteresis}，持续 ${l.minDurationSec} 秒（${LIMIT_SOURCE_LABEL[l.source]}）`
    : "不报警";

/** A point's limit in words; a limit editor sets the device's own or puts the default back; the history. */
export function LimitPanel(props: {
  deviceId: string;
  point: string;
  name: string;
  unit: string;
  limit: EffectiveLimit | null;
  edits: boolean;
  ask: (lines: string[], yes: string) => Promise<boolean>;
  onChanged: () => void;
}) {
  const { limit } = props;
  const [open, setOpen] = useState(false);
  const base = `/api/sensors/devices/${encodeURIComponent(props.deviceId)}/limits`;
  const history = useResource<{ items: LimitHistoryEntry[] }>(
    open ? `${base}/history?point=${encodeURIComponent(props.point)}&take=10` : null,
  );
  const a = useAction();
  const { ask } = props;
  const errors = fieldErrors(a.error);
  const idOf = (f: string) => `limit-${props.deviceId}-${props.point}-${f}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const changed = () => {
    history.reload();
    props.onChanged();
  };
  const save = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const num = (k: string) => {
      const v = String(f.get(k) ?? "").trim();
      return v === "" ? null : Number(v);
    };
    const note = String(f.get("note") ?? "").trim();
    const body: LimitBody = {
      low: num("low"),
      high: num("high"),
      hysteresis: num("hysteresis") ?? 0,
      minDurationSec: num("minDurationSec") ?? 0,
      ...(note ? { note } : {}),
    };
    void a
      .run(
        () => api<LimitChange>("PUT", `${base}/${encodeURIComponent(props.point)}`, body),
        (c) => (c.outcome === "ignored" ? "阈值没有变化" : "已保存本设备的阈值"),
      )
      .then((c) => c && changed());
  };
  const reset = async () => {
    const yes = await ask(
      [
        `把 ${props.name} 的阈值恢复为型号默认？`,
        "本设备自定的下限、上限、回差和持续时间将不再使用；这次修改会记录在案。",
      ],
      "恢复默认",
    );
    if (!yes) return;
    void a
      .run(
        () => api<LimitChange>("DELETE", `${base}/${encodeURIComponent(props.point)}`),
        (c) => (c.outcome === "ignored" ? "本来就是默认阈值" : "已恢复默认阈值"),
      )
      .then((c) => c && changed());
  };
  return (
    <details className="limit-panel" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>报警阈值：{limitText(limit, props.unit)}</summary>
      {props.edits && limit ? (
        <form className="form-grid limit-form" aria-label={`${props.name} 阈值`} onSubmit={save}>
          <Field label={`下限（${props.unit || "—"}）`} name="low" errors={errors}>
            <input id={idOf("low")} type="number" step="any" inputMode="decimal" defaultValue={limit.low ?? ""} />
          </Field>
          <Field label={`上限（${props.unit || "—"}）`} name="high" errors={errors}>
            <input id={idOf("high")} type="number" step="any" inputMode="decimal" defaultValue={limit.high ?? ""} />
          </Field>
          <Field label="回差" name="hysteresis" errors={errors}>
            <input id={idOf("hysteresis")} type="number" step="any" min={0} required defaultValue={limit.hysteresis} />
          </Field>
          <Field label="持续时间（秒）" name="minDurationSec" errors={errors}>
            <input
              id={idOf("minDurationSec")}
              type="number"
              step={1}
              min={0}
              max={86400}
              required
              defaultValue={limit.minDurationSec}
            />
          </Field>
          <Field label="修改原因" name="note" errors={errors}>
            <input id={idOf("note")} type="text" maxLength={200} />
          </Field>
          <p>
            <button type="submit" className="btn primary" disabled={a.busy}>
              保存阈值
            </button>{" "}
            {limit.source === "override" ? (
              <button type="button" className="btn danger" disabled={a.busy} onClick={() => void reset()}>
                恢复默认
              </button>
            ) : null}
          </p>
          <ActionNotice action={a} />
        </form>
      ) : null}

      {open ? (
        history.error ? (
          <LoadError error={history.error} />
        ) : !history.data ? (
          <Loading />
        ) : history.data.items.length ? (
          <ol className="limit-history" aria-label={`${props.name} 阈值修改记录`}>
            {history.data.items.map((h, i) => (
              <li key={`${h.at} ${i}`}>
                <time dateTime={h.at}>{when(h.at)}</time> {h.action === "reset" ? "恢复默认" : "修改"}：
                {limitText(h.before, props.unit)} → {limitText(h.after, props.unit)}
                {h.note ? `（${h.note}）` : ""}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">阈值没有修改过。</p>
        )
      ) : null}
    </details>
  );
}
