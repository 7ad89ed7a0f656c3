// 每月调度 (issue 19, part B): the monthly dispatch for the supervisor, the leading group office, coordinators
// (their township) and sector regulators (their sector): every figure as a table (print CSS lays the page out
// on A4 landscape and hides the controls), the coverage curve, townships' progress and unit scores as charts,
// and the talk and commendation forms for those who may write them. All from the JSON API
// (/api/dispatch/monthly, /scores, /coverage-history); the scope is the API's, decided on the server.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { EChartsOption } from "echarts";
import type {
  CoverageHistory,
  MonthlyDispatch,
  Progress,
  UnitScores,
} from "../../../../../api/src/contract/dispatch.schemas.ts";
import {
  DISPATCH_SUBJECT_LABEL as SUBJECT_LABELS,
  DISPATCH_WRITERS,
} from "../../../../../api/src/contract/dispatch.ts";
import { api, fmtTime } from "../../client/api.ts";
import { pct } from "../../pages/format.ts";
import { baseFontSize, Chart } from "../components/Chart.tsx";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { fieldErrors, useAction, useResource, type Action } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { navigate, useLocation } from "../lib/router.tsx";
import { loadSession, type AppSession } from "../session.ts";

const TITLE = "每月调度";
const PHASE_STATE = { done: "已结束", running: "进行中", upcoming: "未开始" } as const;
const SCORE_ROWS = 200;
const SCORE_CHART = 30;

const delta = (n: number | undefined) => (n === undefined ? "—" : n > 0 ? `+${n}` : n < 0 ? `${n}` : "0");

function useSession(): AppSession | null {
  const [s, setS] = useState<AppSession | null>(null);
  useEffect(() => {
    let live = true;
    loadSession().then(
      (v) => live && setS(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return s;
}

export default function Dispatch() {
  const asked = useLocation().searchParams.get("month");
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : null;
  const r = useResource<MonthlyDispatch>(`/api/dispatch/monthly${month ? `?month=${month}` : ""}`);
  const scores = useResource<UnitScores>("/api/dispatch/scores");
  // a sector other than housing has no homes to cover: its curve is an error, shown as no curve
  const history = useResource<CoverageHistory>("/api/dispatch/coverage-history?scope=COUNTY");
  const session = useSession();
  const canWrite = session !== null && (DISPATCH_WRITERS as readonly string[]).includes(session.role);
  const [drawn, setDrawn] = useState({ history: false, townships: false, scores: false });

  const d = r.data;
  const s = scores.data;
  const h = history.error ? null : history.data;
  const historySettled = Boolean(history.data || history.error);
  const target = d?.phases.find((p) => p.code === "FULL")?.targetPct ?? null;
  const charts = useMemo(() => (d && s ? chartOptions(d, s, h, target) : null), [d, s, h, target]);
  useReady(
    Boolean(charts && session) && historySettled && drawn.townships && drawn.scores && (h === null || drawn.history),
  );

  const error = r.error ?? scores.error;
  if (error)
    return (
      <Page title={TITLE}>
        <LoadError error={error} />
      </Page>
    );
  if (!d || !s || !charts || !historySettled || !session)
    return (
      <Page title={TITLE}>
        <Loading />
      </Page>
    );

  const c = d.coverage.county;
  const pick = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const m = String(new FormData(e.currentTarget).get("month") ?? "");
    if (/^\d{4}-\d{2}$/.test(m)) navigate(`/console/dispatch?month=${m}`);
  };
  return (
    <Page title={`${d.month} ${TITLE}`}>
      <form className="filters noprint" onSubmit={pick}>
        <label>
          月份 <input type="month" name="month" defaultValue={d.month} key={d.month} required />
        </label>
        <button className="btn" type="submit">
          查看
        </button>
        <a className="btn" id="dispatch-xlsx" href={`/console/dispatch.xlsx?month=${d.month}`}>
          下载 Excel
        </a>
        <button className="btn" type="button" id="print" onClick={() => print()}>
          打印 / 存为 PDF
        </button>
        <span className="live">打印：Ctrl+P（已排版为 A4 横向）</span>
      </form>
      <p id="dispatch-scope">
        范围：<strong>{d.scope}</strong>；{d.live ? "当前进度" : "往月存档"}，生成时间 {fmtTime(d.generatedAt)}；
        {d.previousMonth ? `与 ${d.previousMonth} 相比` : "没有上月记录可比"}。{r.loading ? "正在更新…" : ""}
      </p>
      <div className="cards">
        <Card id="total-target" n={d.total.target} label="应接入单位" />
        <Card id="total-done" n={d.total.done} label={`已安装（较上月 ${delta(d.total.change?.done)}）`} />
        <Card id="total-accepted" n={d.total.accepted} label={`已验收（较上月 ${delta(d.total.change?.accepted)}）`} />
        <Card id="total-behind" n={d.total.behind} bad={d.total.behind > 0} label="进度滞后单位" />
        <Card
          id="coverage-rate"
          n={pct(c.rate)}
          label={`老旧高层覆盖（${c.covered} / ${c.households} 户，应达 ${pct(c.required)}）`}
        />
      </div>

      <h2 id="phases-title">推进阶段{d.phasesFromPlan ? "（尚未设置，按实施方案默认日期）" : ""}</h2>
      <table id="phases" aria-labelledby="phases-title">
        <thead>
          <tr>
            <th scope="col">阶段</th>
            <th scope="col">起止</th>
            <th scope="col">目标</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {d.phases.map((p) => (
            <tr key={p.code}>
              <td>{p.name}</td>
              <td>
                {p.startsOn} 至 {p.endsOn}
              </td>
              <td>
                {p.target ?? "—"}
                {p.targetPct !== null ? `（${p.targetPct}%）` : ""}
              </td>
              <td>{PHASE_STATE[p.state]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid2">
        {charts.history && h ? (
          <Chart
            id="chart-coverage-history"
            className="chart"
            option={charts.history}
            label={`${h.name}老旧高层覆盖率每日曲线；当前覆盖率见上方卡片和“老旧高层住户覆盖（按小区）”表`}
            onReady={() => setDrawn((x) => ({ ...x, history: true }))}
          />
        ) : (
          <p className="chart notice" id="chart-coverage-history">
            本范围没有老旧高层住户覆盖曲线。
          </p>
        )}
        <Chart
          id="chart-townships"
          className="chart"
          option={charts.townships}
          label="各乡镇应接入单位安装与验收进度柱状图；数字见“按乡镇/街道”表"
          onReady={() => setDrawn((x) => ({ ...x, townships: true }))}
        />
      </div>

      <ProgressTable id="by-phase" title="按阶段" first="阶段" rows={d.byPhase} />
      <ProgressTable id="by-township" title="按乡镇/街道" first="乡镇/街道" rows={d.byTownship} total={d.total} />
      <ProgressTable id="by-sector" title="按行业主管部门" first="行业部门" rows={d.bySector} total={d.total} />
      <ProgressTable id="by-installer" title="按安装单位" first="安装单位" rows={d.byInstaller} total={d.total} />

      <h2 id="coverage-communities-title">老旧高层住户覆盖（按小区）</h2>
      <p className="rule">{d.coverageRule}</p>
      <table id="coverage-communities" aria-labelledby="coverage-communities-title">
        <thead>
          <tr>
            <th scope="col">小区</th>
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
            <th scope="col" className="num">
              应达到
            </th>
            <th scope="col">进度</th>
          </tr>
        </thead>
        <tbody>
          {d.coverage.communities.length ? (
            d.coverage.communities.map((x) => (
              <tr key={x.id}>
                <td>{x.name}</td>
                <td>{x.township}</td>
                <td className="num">{x.households}</td>
                <td className="num">{x.covered}</td>
                <td className="num">{pct(x.rate)}</td>
                <td className="num">{pct(x.required)}</td>
                <td className={x.behind ? "bad" : "ok"}>{x.behind ? "滞后" : "正常"}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={7}>本范围没有老旧高层小区</td>
            </tr>
          )}
        </tbody>
      </table>

      <h2 id="laggards">进度滞后名单</h2>
      <p className="rule">{d.behindRule}</p>
      <table id="laggard-units" aria-labelledby="laggards">
        <thead>
          <tr>
            <th scope="col">单位</th>
            <th scope="col">乡镇/街道</th>
            <th scope="col">行业部门</th>
            <th scope="col">当前进度</th>
            <th scope="col">应达到</th>
            <th scope="col">依据</th>
          </tr>
        </thead>
        <tbody>
          {d.laggards.units.length ? (
            d.laggards.units.map((u) => (
              <tr key={u.id}>
                <td>
                  <a href={`/console/units/${encodeURIComponent(u.id)}`}>{u.name}</a>
                </td>
                <td>{u.township}</td>
                <td>{u.sector}</td>
                <td>{u.stage}</td>
                <td className="bad">{u.required}</td>
                <td>{u.reason}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={6}>没有滞后单位</td>
            </tr>
          )}
        </tbody>
      </table>
      <p>
        滞后小区：
        {d.laggards.communities.length
          ? d.laggards.communities.map((x) => `${x.name}（${pct(x.rate)}，应达 ${pct(x.required)}）`).join("；")
          : "无"}
      </p>

      <Talks d={d} canWrite={canWrite} reload={r.reload} />
      <Commendations d={d} canWrite={canWrite} reload={r.reload} />

      <h2 id="centres-title">体验馆建设（每个乡镇、每个社区各一处并投入使用）</h2>
      <p id="centres-met">
        乡镇达标 <strong>{d.centres.townshipsMet}</strong> / {d.centres.townships.length}；社区达标{" "}
        <strong>{d.centres.communitiesMet}</strong> / {d.centres.communities.length}（近 30 天有开放场次视为在用）。
      </p>
      <table id="centres" aria-labelledby="centres-title">
        <thead>
          <tr>
            <th scope="col">层级</th>
            <th scope="col">名称</th>
            <th scope="col" className="num">
              体验馆
            </th>
            <th scope="col" className="num">
              在用
            </th>
            <th scope="col">达标</th>
          </tr>
        </thead>
        <tbody>
          {[
            ...d.centres.townships.map((x) => ({ level: "乡镇", x })),
            ...d.centres.communities.map((x) => ({ level: "社区", x })),
          ].map(({ level, x }) => (
            <tr key={`${level}-${x.id}`}>
              <td>{level}</td>
              <td>{x.name}</td>
              <td className="num">{x.centres}</td>
              <td className="num">{x.inUse}</td>
              <td className={x.meets ? "ok" : "bad"}>{x.meets ? "达标" : "未达标"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="scores">单位评分（近 {s.days} 天）</h2>
      <table id="score-rule">
        <caption>评分规则（满分 100）</caption>
        <thead>
          <tr>
            <th scope="col">项目</th>
            <th scope="col" className="num">
              分值
            </th>
            <th scope="col">计算方法</th>
          </tr>
        </thead>
        <tbody>
          {s.rule.map((x) => (
            <tr key={x.key}>
              <td>{x.label}</td>
              <td className="num">{x.max}</td>
              <td>{x.rule}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Chart
        id="chart-scores"
        className="chart noprint"
        option={charts.scores}
        label={`单位评分排名（前 ${SCORE_CHART} 名）条形图；数字见下表`}
        onReady={() => setDrawn((x) => ({ ...x, scores: true }))}
      />
      <table id="score-table" aria-labelledby="scores">
        <thead>
          <tr>
            <th scope="col" className="num">
              名次
            </th>
            <th scope="col">单位</th>
            <th scope="col">乡镇/街道</th>
            <th scope="col">行业部门</th>
            <th scope="col" className="num">
              得分
            </th>
            {s.rule.map((x) => (
              <th scope="col" className="num" key={x.key}>
                {x.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {s.units.slice(0, SCORE_ROWS).map((u) => (
            <tr key={u.id}>
              <td className="num">{u.rank}</td>
              <td>
                <a href={`/console/units/${encodeURIComponent(u.id)}`}>{u.name}</a>
              </td>
              <td>{u.township}</td>
              <td>{u.sector}</td>
              <td className="num">
                <strong>{u.score}</strong>
              </td>
              {u.parts.map((p) => (
                <td className="num" key={p.key}>
                  {p.points}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}

function Card(props: { id: string; n: string | number; label: string; bad?: boolean }) {
  return (
    <div className="card">
      <div className={props.bad ? "n bad" : "n"} id={props.id}>
        {props.n}
      </div>
      <div className="l">{props.label}</div>
    </div>
  );
}

function ProgressTable(props: {
  id: string;
  title: string;
  first: string;
  rows: readonly Progress[];
  total?: Progress;
}) {
  const line = (p: Progress, total = false) => (
    <tr key={total ? "total" : p.id} className={total ? "total" : undefined}>
      <td>{p.name}</td>
      <td className="num">{p.target}</td>
      <td className="num">{p.done}</td>
      <td className="num">{p.accepted}</td>
      <td className={p.behind ? "num bad" : "num"}>{p.behind}</td>
      <td className="num">{delta(p.change?.done)}</td>
      <td className="num">{delta(p.change?.accepted)}</td>
      <td className="num">{delta(p.change?.behind)}</td>
    </tr>
  );
  const titleId = `${props.id}-title`;
  return (
    <>
      <h2 id={titleId}>{props.title}</h2>
      <table id={props.id} aria-labelledby={titleId}>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            {["目标（家）", "已安装", "已验收", "滞后", "安装较上月", "验收较上月", "滞后较上月"].map((h) => (
              <th scope="col" className="num" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length ? (
            props.rows.map((p) => line(p))
          ) : (
            <tr>
              <td colSpan={8}>暂无</td>
            </tr>
          )}
          {props.total ? line(props.total, true) : null}
        </tbody>
      </table>
    </>
  );
}

/** The subjects a talk or commendation may name: laggard units, communities covered, townships. */
function SubjectSelect(props: { d: MonthlyDispatch; id: string }) {
  const { d } = props;
  const units = [...new Map(d.laggards.units.map((u) => [u.id, u.name]))];
  return (
    <select id={props.id} name="subject" required>
      <optgroup label="单位">
        {units.map(([id, name]) => (
          <option key={id} value={`UNIT:${id}`}>
            {name}
          </option>
        ))}
      </optgroup>
      <optgroup label="小区">
        {d.coverage.communities.map((x) => (
          <option key={x.id} value={`COMMUNITY:${x.id}`}>
            {x.name}
          </option>
        ))}
      </optgroup>
      <optgroup label="乡镇/街道">
        {d.byTownship.map((x) => (
          <option key={x.id} value={`TOWNSHIP:${x.id}`}>
            {x.name}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

const subjectOf = (v: string) => {
  const [subject = "", subjectId = ""] = v.split(":");
  return { subject, subjectId };
};

/** A field's refusal, under subjectId too (the API names the subject's two parts). */
const formErrors = (a: Action) => {
  const e = fieldErrors(a.error);
  if (e.subjectId && !e.subject) e.subject = e.subjectId;
  return e;
};

function Talks(props: { d: MonthlyDispatch; canWrite: boolean; reload: () => void }) {
  const { d, canWrite, reload } = props;
  const save = useAction();
  const follow = useAction();
  const errors = formErrors(save);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const held = String(f.get("heldAt") ?? "");
    const followUpOn = String(f.get("followUpOn") ?? "");
    void save
      .run(
        () =>
          api("POST", "/api/dispatch/talks", {
            ...subjectOf(String(f.get("subject") ?? "")),
            heldAt: held ? `${held}:00+08:00` : "",
            attendees: f.get("attendees"),
            reason: f.get("reason"),
            promises: f.get("promises"),
            followUpOn: followUpOn || null,
          }),
        "约谈已保存",
      )
      .then((r) => {
        if (r === undefined) return;
        form.reset();
        reload();
      });
  };
  const done = (id: string) =>
    void follow
      .run(() => api("PATCH", `/api/dispatch/talks/${encodeURIComponent(id)}`, { followUpDone: true }), "已标记回访")
      .then((r) => r !== undefined && reload());
  return (
    <>
      <h2 id="talks-title">约谈记录</h2>
      <ActionNotice action={follow} id="follow-status" />
      <table id="talks" aria-labelledby="talks-title">
        <thead>
          <tr>
            <th scope="col">对象</th>
            <th scope="col">时间</th>
            <th scope="col">参加人员</th>
            <th scope="col">原因</th>
            <th scope="col">承诺事项</th>
            <th scope="col">回访日期</th>
            <th scope="col">回访</th>
          </tr>
        </thead>
        <tbody>
          {d.talks.length ? (
            d.talks.map((t) => (
              <tr key={t.id} data-talk={t.id}>
                <td>
                  {SUBJECT_LABELS[t.subject]}：{t.subjectName}
                </td>
                <td>{fmtTime(t.heldAt)}</td>
                <td>{t.attendees}</td>
                <td>{t.reason}</td>
                <td>{t.promises}</td>
                <td>{t.followUpOn ?? "—"}</td>
                <td>
                  {t.followUpDone ? (
                    "已回访"
                  ) : canWrite ? (
                    <>
                      <button
                        className="btn noprint"
                        type="button"
                        data-follow={t.id}
                        disabled={follow.busy}
                        onClick={() => done(t.id)}
                      >
                        标记已回访
                      </button>
                      <span className="print-only">未回访</span>
                    </>
                  ) : (
                    "未回访"
                  )}
                </td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={7}>暂无约谈</td>
            </tr>
          )}
        </tbody>
      </table>
      {canWrite ? (
        <form id="talk-form" className="noprint stack" onSubmit={submit} aria-labelledby="talk-form-title">
          <h3 id="talk-form-title">登记约谈</h3>
          <Field label="对象" name="subject" errors={errors}>
            <SubjectSelect d={d} id="talk-subject" />
          </Field>
          <Field label="约谈时间" name="heldAt" errors={errors}>
            <input id="talk-heldAt" type="datetime-local" required />
          </Field>
          <Field label="参加人员" name="attendees" errors={errors}>
            <input id="talk-attendees" maxLength={500} required />
          </Field>
          <Field label="约谈原因" name="reason" errors={errors}>
            <input id="talk-reason" maxLength={1000} required />
          </Field>
          <Field label="承诺事项" name="promises" errors={errors}>
            <textarea id="talk-promises" maxLength={2000} required />
          </Field>
          <Field label="回访日期" name="followUpOn" errors={errors} hint="可不填">
            <input id="talk-followUpOn" type="date" />
          </Field>
          <button className="btn primary" type="submit" disabled={save.busy}>
            {save.busy ? "正在保存…" : "保存约谈"}
          </button>
          <ActionNotice action={save} id="talk-status" />
        </form>
      ) : null}
    </>
  );
}

function Commendations(props: { d: MonthlyDispatch; canWrite: boolean; reload: () => void }) {
  const { d, canWrite, reload } = props;
  const save = useAction();
  const errors = formErrors(save);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void save
      .run(
        () =>
          api("POST", "/api/dispatch/commendations", {
            ...subjectOf(String(f.get("subject") ?? "")),
            month: d.month,
            reason: f.get("reason"),
          }),
        "表扬已保存",
      )
      .then((r) => {
        if (r === undefined) return;
        form.reset();
        reload();
      });
  };
  return (
    <>
      <h2 id="commendations-title">表扬（{d.month}）</h2>
      <ul id="commendations" aria-labelledby="commendations-title">
        {d.commendations.length ? (
          d.commendations.map((x) => (
            <li key={x.id}>
              {SUBJECT_LABELS[x.subject]}：<strong>{x.subjectName}</strong>，{x.reason}
            </li>
          ))
        ) : (
          <li>本月暂无</li>
        )}
      </ul>
      {canWrite ? (
        <form
          id="commend-form"
          className="noprint stack"
          data-month={d.month}
          onSubmit={submit}
          aria-labelledby="commend-form-title"
        >
          <h3 id="commend-form-title">登记表扬</h3>
          <Field label="对象" name="subject" errors={errors}>
            <SubjectSelect d={d} id="commend-subject" />
          </Field>
          <Field label="表扬事由" name="reason" errors={errors}>
            <input id="commend-reason" maxLength={1000} required />
          </Field>
          <button className="btn primary" type="submit" disabled={save.busy}>
            {save.busy ? "正在保存…" : "保存表扬"}
          </button>
          <ActionNotice action={save} id="commend-status" />
        </form>
      ) : null}
    </>
  );
}

function chartOptions(
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
