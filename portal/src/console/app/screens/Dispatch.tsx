// 每月调度 (issue 19, part B): the monthly dispatch for the supervisor, the leading group office, coordinators
// (their township) and sector regulators (their sector): every figure as a table (print CSS lays the page out
// on A4 landscape and hides the controls), the coverage curve, townships' progress and unit scores as charts,
// and the talk and commendation forms for those who may write them. All from the JSON API
// (/api/dispatch/monthly, /scores, /coverage-history); the scope is the API's, decided on the server.
// Each section is its own file under dispatch/.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { CoverageHistory, MonthlyDispatch, UnitScores } from "@anxin/contract/dispatch.schemas";
import { DISPATCH_WRITERS } from "@anxin/contract/dispatch";
import { SECTOR_LABEL } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { fmtTime } from "../../client/api.ts";
import { Chart } from "../components/Chart.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { navigate, useLocation } from "../lib/router.tsx";
import { loadSession, type AppSession } from "../session.ts";
import { ExperienceCentres } from "./dispatch/Centres.tsx";
import { chartOptions } from "./dispatch/charts.ts";
import { Commendations } from "./dispatch/Commendations.tsx";
import { Coverage } from "./dispatch/Coverage.tsx";
import { Laggards } from "./dispatch/Laggards.tsx";
import { Overview } from "./dispatch/Overview.tsx";
import { ProgressTable } from "./dispatch/parts.tsx";
import { Scores } from "./dispatch/Scores.tsx";
import { Talks } from "./dispatch/Talks.tsx";

const TITLE = "每月调度";

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

/**
 * Whether the caller has an old high-rise coverage curve (dispatch-service.ts history): the county's people
 * and a coordinator (the API answers with their township's) do; a sector regulator only for housing (住建),
 * the one sector with homes, whose dispatch's scope is the sector's name.
 */
function hasCoverageCurve(role: string, scope: string): boolean {
  if (!inRoleSet(ROLE_SETS.dispatchViewers, role)) return false;
  return role !== "SECTOR_REGULATOR" || scope === SECTOR_LABEL.HOUSING;
}

export default function Dispatch() {
  const asked = useLocation().searchParams.get("month");
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : null;
  const r = useResource<MonthlyDispatch>(`/api/dispatch/monthly${month ? `?month=${month}` : ""}`);
  const scores = useResource<UnitScores>("/api/dispatch/scores");
  const session = useSession();
  const d = r.data;
  // the curve is asked for only once it is known the caller has one: a sector regulator other than housing's
  // has no homes to cover, and the API answers its county curve with a 404 (a failed request on every visit)
  const curve = session && d ? hasCoverageCurve(session.role, d.scope) : null;
  const history = useResource<CoverageHistory>(curve ? "/api/dispatch/coverage-history?scope=COUNTY" : null);
  const canWrite = session !== null && (DISPATCH_WRITERS as readonly string[]).includes(session.role);
  const [drawn, setDrawn] = useState({ history: false, townships: false, scores: false });

  const s = scores.data;
  const h = curve && !history.error ? history.data : null;
  const historySettled = curve === false || Boolean(history.data || history.error);
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
      <Overview d={d} />
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
      <Coverage d={d} />
      <Laggards d={d} />

      <Talks d={d} canWrite={canWrite} reload={r.reload} />
      <Commendations d={d} canWrite={canWrite} reload={r.reload} />
      <ExperienceCentres d={d} />
      <Scores s={s} option={charts.scores} onReady={() => setDrawn((x) => ({ ...x, scores: true }))} />
    </Page>
  );
}
