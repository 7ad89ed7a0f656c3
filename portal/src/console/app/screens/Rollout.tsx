// 推进计划 (issue 19 part A): the county's phases with their dates and targets and where the county stands
// today, units and old high-rise buildings by stage (the household coverage against the full roll-out's
// target, by the monthly dispatch's one rule), the pilots and their demonstration meetings, and every unit
// and building in the caller's scope with its stage, flagged in red words where its devices contradict it
// (已验收，但设备全部离线; 设备已上线多日，阶段仍为安装中), counted, and a filter to list only those (kept in the
// address: ?mismatch=1); the programme's editors adjust the phases' dates and targets.
// GET /api/rollout/overview[?mismatch=true] (the API's scope and rule), PUT /api/rollout/phases.
import { useState, type FormEvent } from "react";
import type { RolloutOverview, SetPhasesBody, StageMismatch } from "@anxin/contract/rollout";
import { ROLLOUT_PHASE_LABEL, ROLLOUT_STAGE_ORDER } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api } from "../../client/api.ts";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { Page, Pending } from "../components/Page.tsx";
import { useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { dayOf, PHASE_STATUS, pathErrors, stageName, when } from "./rollout-words.ts";

const TITLE = "推进计划";

/** The stage against the devices: red words where they disagree, a dash where they agree. */
function MismatchCell(props: { mismatch: StageMismatch }) {
  return (
    <td data-mismatch={props.mismatch?.kind ?? ""}>
      {props.mismatch ? <strong className="bad">{props.mismatch.text}</strong> : "—"}
    </td>
  );
}

export default function Rollout() {
  const session = useSession();
  const only = useLocation().searchParams.get("mismatch") === "1";
  const r = useResource<RolloutOverview>(`/api/rollout/overview${only ? "?mismatch=true" : ""}`);
  useReady(Boolean(r.data) && !r.loading);
  if (!r.data) return <Pending title={TITLE} error={r.error} />;
  const o = r.data;
  const mismatched = o.units.mismatched + o.buildings.mismatched;
  const b = o.buildings;
  // a sector regulator's scope holds units, not homes: no coverage of nothing, and no target missed
  const noHomes = b.households === 0;
  const behind = !noHomes && b.targetPct !== null && b.pct < b.targetPct;
  const byStage = (counts: Record<string, number>, s: string) => counts[s] ?? 0;
  return (
    <Page title={TITLE}>
      <p id="current-phase" className="notice">
        {o.current ? (
          <>
            今天是 {o.today}，当前阶段：<strong>{o.current.name}</strong>（{o.current.startsOn} 至 {o.current.endsOn}
            ）。
            {o.current.target ?? ""}
          </>
        ) : (
          `今天是 ${o.today}，当前不在任何阶段内。`
        )}
      </p>
      <section aria-labelledby="phases-title">
        <h2 id="phases-title">阶段与目标</h2>
        <table id="phase-table">
          <thead>
            <tr>
              <th scope="col">阶段</th>
              <th scope="col">开始</th>
              <th scope="col">截止</th>
              <th scope="col">目标</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {o.phases.map((p) => (
              <tr key={p.code} data-code={p.code} className={p.status === "CURRENT" ? "current" : undefined}>
                <td>{p.name}</td>
                <td>{p.startsOn}</td>
                <td>{p.endsOn}</td>
                <td>
                  {p.target ?? "—"}
                  {p.targetPct !== null ? `（目标 ${p.targetPct}%）` : ""}
                </td>
                <td>
                  <span className="tag">{PHASE_STATUS[p.status]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {inRoleSet(ROLE_SETS.programmeEditors, session.role) ? <PhaseForm overview={o} done={r.reload} /> : null}
      </section>
      <section aria-labelledby="stages-title">
        <h2 id="stages-title">推进情况</h2>
        <div className="cards" id="rollout-cards">
          <div className="card">
            <span className="n">
              {byStage(o.units.byStage, "ACCEPTED")}/{o.units.total}
            </span>
            <span className="l">联网单位已验收</span>
          </div>
          <div className="card">
            <span className="n">{byStage(o.units.byStage, "INSTALLED") + byStage(o.units.byStage, "ACCEPTED")}</span>
            <span className="l">联网单位已安装</span>
          </div>
          <div className="card" id="homes-covered">
            <span className="n">{noHomes ? "—" : `${b.pct}%`}</span>
            <span className="l">
              {noHomes
                ? "老旧高层住户覆盖：本范围没有老旧高层住户"
                : `老旧高层住户已覆盖（烟感在线可用）${b.targetPct !== null ? `（目标 ${b.targetPct}%）` : ""}`}
            </span>
          </div>
          <div className="card">
            <span className="n">{o.pilots.length}</span>
            <span className="l">试点单位</span>
          </div>
          <div className={mismatched ? "card bad" : "card"} id="mismatch-card">
            <span className="n">{mismatched}</span>
            <span className="l">
              推进状态与设备不符（联网单位 {o.units.mismatched}，老旧高层住宅楼 {o.buildings.mismatched}）
            </span>
          </div>
        </div>
        {mismatched ? (
          <p className="notice error" id="mismatch-notice">
            有 {o.units.mismatched} 家联网单位、{o.buildings.mismatched}{" "}
            栋老旧高层住宅楼的推进状态与设备实际情况不符，请核实后更新推进状态或督促安装单位整改。
            {only ? null : <Link href="/console/rollout?mismatch=1">只看这些</Link>}
          </p>
        ) : null}
        {behind ? (
          <p className="notice error" id="target-behind">
            老旧高层住户覆盖率 {b.pct}%，低于全面推开阶段目标 {b.targetPct}%（已覆盖 {b.householdsDone} 户，共{" "}
            {b.households} 户；覆盖按每月调度页写明的规则计算）。
          </p>
        ) : null}
        <table id="stage-table">
          <caption>按推进状态统计</caption>
          <thead>
            <tr>
              <th scope="col">推进状态</th>
              <th scope="col" className="num">
                联网单位
              </th>
              <th scope="col" className="num">
                老旧高层住宅楼
              </th>
            </tr>
          </thead>
          <tbody>
            {ROLLOUT_STAGE_ORDER.map((s) => (
              <tr key={s} data-stage={s}>
                <td>{stageName(s)}</td>
                <td className="num">{byStage(o.units.byStage, s)}</td>
                <td className="num">{byStage(b.byStage, s)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">合计</th>
              <td className="num">{o.units.total}</td>
              <td className="num">{b.total}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section aria-labelledby="pilots-title" id="pilots">
        <h2 id="pilots-title">试点单位与现场观摩会</h2>
        {o.pilots.length ? (
          <ul className="plain">
            {o.pilots.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong>（{p.township}，{stageName(p.stage)}）
                {p.demonstrations.length ? (
                  <ul>
                    {p.demonstrations.map((d) => (
                      <li key={d.id}>
                        {when(d.heldAt)} 现场观摩会，地点：{d.place}，参加 {d.attendees} 人
                        {d.notes ? `。${d.notes}` : ""}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>尚未召开现场观摩会。</p>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>还没有确定试点单位。</p>
        )}
      </section>
      <nav className="filters" aria-label="筛选名单" id="mismatch-filter">
        <Link className={only ? "btn" : "btn primary"} aria-current={only ? undefined : "page"} href="/console/rollout">
          全部
        </Link>
        <Link
          className={only ? "btn primary" : "btn"}
          aria-current={only ? "page" : undefined}
          href="/console/rollout?mismatch=1"
        >
          只看推进状态与设备不符的（{mismatched}）
        </Link>
      </nav>
      <p className="hint" id="mismatch-rule">
        {o.mismatchRule}
      </p>
      <section aria-labelledby="units-title">
        <h2 id="units-title">
          {only ? "推进状态与设备不符的联网单位" : "联网单位"}（{o.unitList.length}）
        </h2>
        {only && !o.unitList.length ? (
          <p>没有推进状态与设备不符的联网单位。</p>
        ) : (
          <table id="rollout-units">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">乡镇/街道</th>
                <th scope="col">推进状态</th>
                <th scope="col">与设备核对</th>
                <th scope="col">更新日期</th>
              </tr>
            </thead>
            <tbody>
              {o.unitList.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link href={`/console/rollout/UNIT/${encodeURIComponent(u.id)}`}>{u.name}</Link>
                    {u.pilot ? (
                      <>
                        {" "}
                        <span className="tag">试点</span>
                      </>
                    ) : null}
                  </td>
                  <td>{u.township}</td>
                  <td data-stage={u.stage}>{stageName(u.stage)}</td>
                  <MismatchCell mismatch={u.mismatch} />
                  <td>{dayOf(u.stageAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="buildings-title">
        <h2 id="buildings-title">
          {only ? "推进状态与设备不符的老旧高层住宅楼" : "老旧高层住宅楼"}（{o.buildingList.length}）
        </h2>
        {only && !o.buildingList.length ? (
          <p>没有推进状态与设备不符的老旧高层住宅楼。</p>
        ) : (
          <table id="rollout-buildings">
            <thead>
              <tr>
                <th scope="col">楼栋</th>
                <th scope="col" className="num">
                  住户
                </th>
                <th scope="col">推进状态</th>
                <th scope="col">与设备核对</th>
                <th scope="col">更新日期</th>
              </tr>
            </thead>
            <tbody>
              {o.buildingList.map((x) => (
                <tr key={x.id}>
                  <td>
                    <Link href={`/console/rollout/BUILDING/${encodeURIComponent(x.id)}`}>
                      {x.community} {x.name}
                    </Link>
                  </td>
                  <td className="num">{x.households}</td>
                  <td data-stage={x.stage}>{stageName(x.stage)}</td>
                  <MismatchCell mismatch={x.mismatch} />
                  <td>{dayOf(x.stageAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}

type PhaseField = "name" | "startsOn" | "endsOn" | "target" | "targetPct";

/** The programme's editors set each phase's name, dates and target (a phase without both dates is left out). */
function PhaseForm(props: { overview: RolloutOverview; done: () => void }) {
  const a = useAction();
  const codes = Object.keys(ROLLOUT_PHASE_LABEL) as (keyof typeof ROLLOUT_PHASE_LABEL)[];
  // the refused fields, by "<code>.<field>" (the request names rows by their place in the list sent)
  const [sentCodes, setSentCodes] = useState<string[]>([]);
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(pathErrors(a.error))) {
    const m = /^phases\.(\d+)\.(\w+)/.exec(path);
    const code = m ? sentCodes[Number(m[1])] : undefined;
    if (code && m) errors[`${code}.${m[2]}`] = message;
  }
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const phases: SetPhasesBody["phases"] = [];
    for (const code of codes) {
      const v = (n: string) =>
        (form.querySelector<HTMLInputElement>(`fieldset[data-code=${code}] [name=${n}]`)?.value ?? "").trim();
      if (!v("startsOn") || !v("endsOn")) continue;
      const pct = v("targetPct");
      phases.push({
        code,
        name: v("name"),
        startsOn: v("startsOn"),
        endsOn: v("endsOn"),
        target: v("target") || null,
        targetPct: pct === "" ? null : Number(pct),
      });
    }
    setSentCodes(phases.map((p) => p.code));
    void a.run(() => api("PUT", "/api/rollout/phases", { phases }), "推进计划已保存。").then((r) => r && props.done());
  };
  return (
    <details className="noprint" open={a.error ? true : undefined}>
      <summary>调整阶段日期和目标</summary>
      <form id="phase-form" className="form-grid" onSubmit={submit} noValidate>
        {codes.map((code) => {
          const p = props.overview.phases.find((x) => x.code === code);
          const id = (f: string) => `phase-${code}-${f}`;
          const field = (f: PhaseField) => `${code}.${f}`;
          return (
            <fieldset key={code} data-code={code}>
              <legend>{ROLLOUT_PHASE_LABEL[code]}</legend>
              <Field label="名称" name={field("name")} errors={errors}>
                <input id={id("name")} name="name" maxLength={40} defaultValue={p?.name ?? ROLLOUT_PHASE_LABEL[code]} />
              </Field>
              <Field label="开始日期" name={field("startsOn")} errors={errors}>
                <input id={id("startsOn")} name="startsOn" type="date" defaultValue={p?.startsOn ?? ""} />
              </Field>
              <Field label="截止日期" name={field("endsOn")} errors={errors}>
                <input id={id("endsOn")} name="endsOn" type="date" defaultValue={p?.endsOn ?? ""} />
              </Field>
              <Field label="目标" name={field("target")} errors={errors}>
                <input id={id("target")} name="target" maxLength={200} defaultValue={p?.target ?? ""} />
              </Field>
              <Field label="目标比例（%）" name={field("targetPct")} errors={errors}>
                <input
                  id={id("targetPct")}
                  name="targetPct"
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  defaultValue={p?.targetPct ?? ""}
                />
              </Field>
            </fieldset>
          );
        })}
        <button type="submit" className="btn primary" disabled={a.busy}>
          保存推进计划
        </button>
        <div className="form-result">
          <ActionNotice action={a} id="phase-result" />
        </div>
      </form>
    </details>
  );
}
