// One unit's or old high-rise building's roll-out (issue 19 part A): its stage with the history of every
// change (who, when, why), where that stage and its devices disagree (in red words, as the programme's lists
// flag it: the API's stage-devices rule), its device plan against the devices registered, and for a unit whether it is a
// pilot with its demonstration meetings. Stage editors record the stage (ACCEPTED only comes from an
// acceptance) and the plan; the programme's editors mark pilots and record demonstrations (typed in county
// time). GET /api/rollout/subjects/:subject/:id (another scope's id: the API's 404) and its PUT/POST routes.
import { useState, type FormEvent } from "react";
import type { DemonstrationBody, SetPlanBody, SubjectHistory } from "@anxin/contract/rollout";
import { withCountyOffset } from "@anxin/contract/county-time";
import { PLAN_KIND_LABEL, ROLLOUT_STAGE_ORDER } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api } from "../../client/api.ts";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { fieldErrors, useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { dayOf, stageName, when } from "./rollout-words.ts";

/** "/console/rollout/UNIT/<id>" -> its subject and id ("" when the address names none). */
function subjectOf(pathname: string): { subject: string; id: string } {
  const [, , , subject = "", id = ""] = pathname.split("/");
  try {
    return { subject, id: decodeURIComponent(id).slice(0, 64) };
  } catch {
    return { subject, id: "" };
  }
}

export default function RolloutSubject() {
  const { subject, id } = subjectOf(useLocation().pathname);
  const session = useSession();
  const base = `/api/rollout/subjects/${encodeURIComponent(subject)}/${encodeURIComponent(id)}`;
  const r = useResource<SubjectHistory>(base);
  useReady(Boolean(r.data));
  const back = (
    <p className="filters noprint">
      <Link className="btn" href="/console/rollout">
        返回推进计划
      </Link>
      {subject === "UNIT" ? (
        <a className="btn" href={`/console/units/${encodeURIComponent(id)}`}>
          单位档案
        </a>
      ) : null}
    </p>
  );
  if (!r.data)
    return (
      <Page title="推进情况">
        {back}
        {r.error ? <LoadError error={r.error} /> : <Loading />}
      </Page>
    );
  const h = r.data;
  const canEdit = inRoleSet(ROLE_SETS.stageEditors, session.role);
  return (
    <Page title={`推进情况：${h.name}`}>
      {back}
      <dl className="facts" id="subject-facts">
        <dt>对象</dt>
        <dd>
          {h.name}（{h.subject === "UNIT" ? "联网单位" : "老旧高层住宅楼"}）
        </dd>
        <dt>推进状态</dt>
        <dd id="subject-stage" data-stage={h.stage}>
          <strong>{stageName(h.stage)}</strong>（{dayOf(h.stageAt)}）
        </dd>
        {h.mismatch ? (
          <>
            <dt>设备核对</dt>
            <dd id="subject-mismatch" data-mismatch={h.mismatch.kind}>
              <strong className="bad">{h.mismatch.text}</strong>{" "}
              <Link href="/console/rollout?mismatch=1">推进状态与设备不符的全部对象</Link>
            </dd>
          </>
        ) : null}
        {h.pilot ? (
          <>
            <dt>试点单位</dt>
            <dd id="subject-pilot">{h.pilot.pilot ? "是" : "否"}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="history-title">
        <h2 id="history-title">推进记录</h2>
        {h.changes.length ? (
          <table id="stage-history">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">推进状态</th>
                <th scope="col">记录人</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {h.changes.map((c, i) => (
                <tr key={i}>
                  <td>{when(c.at)}</td>
                  <td>{c.stageLabel}</td>
                  <td>{c.by ?? "—"}</td>
                  <td>{c.note ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>还没有推进记录。</p>
        )}
        {canEdit && h.stage !== "ACCEPTED" ? <StageForm history={h} base={base} done={r.reload} /> : null}
      </section>
      <section aria-labelledby="plan-title">
        <h2 id="plan-title">设备方案</h2>
        {h.plan.length ? (
          <table id="device-plan">
            <thead>
              <tr>
                <th scope="col">设备种类</th>
                <th scope="col" className="num">
                  计划
                </th>
                <th scope="col" className="num">
                  已登记
                </th>
              </tr>
            </thead>
            <tbody>
              {h.plan.map((p) => (
                <tr key={p.deviceKind}>
                  <td>{p.label}</td>
                  <td className="num">{p.planned}</td>
                  <td className="num">{p.installed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>还没有制定设备方案。</p>
        )}
        {canEdit ? <PlanForm history={h} base={base} done={r.reload} /> : null}
      </section>
      {h.pilot ? (
        <Pilot
          unitId={h.id}
          pilot={h.pilot}
          canPilot={inRoleSet(ROLE_SETS.programmeEditors, session.role)}
          done={r.reload}
        />
      ) : null}
    </Page>
  );
}

function StageForm(props: { history: SubjectHistory; base: string; done: () => void }) {
  const h = props.history;
  const a = useAction();
  const errors = fieldErrors(a.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const note = String(f.get("note") ?? "").trim();
    void a
      .run(
        () => api("PUT", `${props.base}/stage`, { stage: String(f.get("stage")), ...(note ? { note } : {}) }),
        "推进状态已记录。",
      )
      .then((r) => r && props.done());
  };
  // keyed by the history: drawn afresh (the new stage chosen, no note) once the new answer is in
  return (
    <>
      <form
        id="stage-form"
        className="filters noprint"
        key={`${h.stage} ${h.changes.length}`}
        onSubmit={submit}
        aria-label="记录推进状态"
      >
        <Field label="新的推进状态" name="stage" errors={errors}>
          <select defaultValue={h.stage}>
            {ROLLOUT_STAGE_ORDER.filter((s) => s !== "ACCEPTED").map((s) => (
              <option key={s} value={s}>
                {stageName(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="说明" name="note" errors={errors}>
          <input maxLength={200} />
        </Field>
        <button type="submit" className="btn primary" disabled={a.busy}>
          记录推进状态
        </button>
      </form>
      <ActionNotice action={a} id="stage-result" />
    </>
  );
}

function PlanForm(props: { history: SubjectHistory; base: string; done: () => void }) {
  const a = useAction();
  const planned = new Map(props.history.plan.map((p) => [p.deviceKind, p.planned]));
  const errors = fieldErrors(a.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const items: SetPlanBody["items"] = [];
    for (const input of e.currentTarget.querySelectorAll<HTMLInputElement>("input[type=number]"))
      if (input.value !== "" && Number(input.value) > 0)
        items.push({
          deviceKind: input.name as SetPlanBody["items"][number]["deviceKind"],
          planned: Number(input.value),
        });
    void a.run(() => api("PUT", `${props.base}/plan`, { items }), "设备方案已保存。").then((r) => r && props.done());
  };
  return (
    <details className="noprint" open={a.error || a.notice ? true : undefined}>
      <summary>制定或修改设备方案</summary>
      <form id="plan-form" className="form-grid" onSubmit={submit}>
        {Object.entries(PLAN_KIND_LABEL).map(([k, v]) => (
          <Field key={k} label={v} name={k} errors={errors}>
            <input id={`plan-${k}`} type="number" min={0} max={100000} defaultValue={planned.get(k) ?? ""} />
          </Field>
        ))}
        <button type="submit" className="btn primary" disabled={a.busy}>
          保存设备方案
        </button>
        {errors.items ? (
          <p className="notice error form-result" role="alert">
            {errors.items}
          </p>
        ) : null}
        <div className="form-result">
          <ActionNotice action={a} id="plan-result" />
        </div>
      </form>
    </details>
  );
}

function Pilot(props: {
  unitId: string;
  pilot: NonNullable<SubjectHistory["pilot"]>;
  canPilot: boolean;
  done: () => void;
}) {
  const { pilot, demonstrations } = props.pilot;
  const toggle = useAction();
  const demo = useAction();
  const [round, setRound] = useState(0);
  const errors = fieldErrors(demo.error);
  const unit = `/api/rollout/units/${encodeURIComponent(props.unitId)}`;
  const addDemo = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const notes = String(f.get("notes") ?? "").trim();
    const heldAt = String(f.get("heldAt") ?? "");
    const body: DemonstrationBody = {
      heldAt: heldAt ? withCountyOffset(heldAt) : "", // typed in county time
      place: String(f.get("place") ?? "").trim(),
      attendees: Number(f.get("attendees")),
      ...(notes ? { notes } : {}),
    };
    void demo
      .run(() => api("POST", `${unit}/demonstrations`, body), "现场观摩会已记录。")
      .then((r) => {
        if (!r) return;
        setRound((n) => n + 1);
        props.done();
      });
  };
  return (
    <section aria-labelledby="pilot-title">
      <h2 id="pilot-title">试点与现场观摩会</h2>
      {demonstrations.length ? (
        <ul id="demonstrations">
          {demonstrations.map((d) => (
            <li key={d.id}>
              {when(d.heldAt)}，{d.place}，参加 {d.attendees} 人{d.notes ? `。${d.notes}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>没有现场观摩会记录。</p>
      )}
      {props.canPilot ? (
        <>
          <p className="noprint">
            <button
              type="button"
              className="btn"
              id="pilot-toggle"
              disabled={toggle.busy}
              onClick={() =>
                void toggle
                  .run(
                    () => api("PUT", `${unit}/pilot`, { pilot: !pilot }),
                    pilot ? "已取消试点。" : "已定为试点单位。",
                  )
                  .then((r) => r && props.done())
              }
            >
              {pilot ? "取消试点" : "定为试点单位"}
            </button>
          </p>
          <ActionNotice action={toggle} id="pilot-result" />
          {pilot ? (
            <>
              <form
                id="demo-form"
                className="form-grid noprint"
                key={round}
                onSubmit={addDemo}
                aria-label="记录现场观摩会"
              >
                <Field label="时间" name="heldAt" errors={errors}>
                  <input type="datetime-local" lang="zh-CN" required />
                </Field>
                <Field label="地点" name="place" errors={errors}>
                  <input maxLength={100} required />
                </Field>
                <Field label="参加人数" name="attendees" errors={errors}>
                  <input type="number" min={1} max={10000} required />
                </Field>
                <Field label="情况" name="notes" errors={errors}>
                  <input maxLength={500} />
                </Field>
                <button type="submit" className="btn primary" disabled={demo.busy}>
                  记录现场观摩会
                </button>
              </form>
              <ActionNotice action={demo} id="demo-result" />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
