// One three-party acceptance (issue 19 part A): the subject, where it stands, the system's checks (every
// device online, a test alarm from each since the install began; each failing device named), what was
// installed with its photos, the three signatures, and the caller's part: the installer resubmits after a
// fix, the unit (a building: its property company) confirms, the fire supervisor accepts or returns with a
// reason (both asked first: acceptance is final). GET /api/rollout/acceptances/:id (another scope: the API's
// 404) and its POST routes; the printable record (/record) is a server-rendered document.
import { useState } from "react";
import type { AcceptanceView, SubmitAcceptanceBody } from "@anxin/contract/rollout";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api } from "../../client/api.ts";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { Field } from "../components/Field.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { fieldErrors, useAction, useResource, type Action } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, pathId, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { useImage } from "./AlarmCard.tsx";
import { when } from "./rollout-words.ts";

export default function Acceptance() {
  const id = pathId(useLocation().pathname);
  const session = useSession();
  const path = `/api/rollout/acceptances/${encodeURIComponent(id)}`;
  const r = useResource<AcceptanceView>(path);
  useReady(Boolean(r.data));
  const back = (
    <Link className="btn" href="/console/acceptance">
      返回验收列表
    </Link>
  );
  if (!r.data)
    return (
      <Page title="验收">
        <p className="filters noprint">{back}</p>
        {r.error ? <LoadError error={r.error} /> : <Loading />}
      </Page>
    );
  const a = r.data;
  return (
    <Page title={`验收：${a.subjectName}`}>
      <p className="filters noprint">
        {back}
        <a className="btn" id="record-link" href={`/console/acceptance/${encodeURIComponent(a.id)}/record`}>
          打印验收记录
        </a>
      </p>
      <dl className="facts" id="acceptance-facts">
        <dt>验收对象</dt>
        <dd>
          {a.subjectName}（{a.subjectLabel}）
        </dd>
        <dt>地址</dt>
        <dd>{a.address || "—"}</dd>
        <dt>安装单位</dt>
        <dd>{a.installerCompany ?? "—"}</dd>
        <dt>状态</dt>
        <dd id="acceptance-status" data-status={a.status}>
          <strong>{a.statusLabel}</strong>（第 {a.attempt} 次提交）
        </dd>
        <dt>系统检测时间</dt>
        <dd>{when(a.checkedAt)}</dd>
      </dl>
      {a.returned && a.status === "RETURNED" ? (
        <p className="notice error" id="returned-reason">
          {a.returned.name} 于 {when(a.returned.at)} 退回：{a.returned.reason}
        </p>
      ) : null}
      <section aria-labelledby="checks-title">
        <h2 id="checks-title">系统检测</h2>
        {a.checks.problems.length ? (
          <div className="notice error" id="check-problems" role="alert">
            <p>
              <strong>检测未通过，共 {a.checks.problems.length} 项：</strong>
            </p>
            <ul>
              {a.checks.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
            <p>整改后请重新提交。</p>
          </div>
        ) : (
          <p className="notice" id="check-passed">
            检测通过：{a.checks.devices.length} 台设备全部在线，并且都收到过测试报警。
          </p>
        )}
        <table id="check-table">
          <caption>测试报警自 {when(a.checks.since)} 安装开始起计</caption>
          <thead>
            <tr>
              <th scope="col">设备</th>
              <th scope="col">在线</th>
              <th scope="col">测试报警</th>
            </tr>
          </thead>
          <tbody>
            {a.checks.devices.map((d) => (
              <tr key={d.deviceId} data-device={d.deviceId} className={d.problems.length ? "bad" : undefined}>
                <td>{d.name}</td>
                <td>{d.online ? "在线" : "不在线"}</td>
                <td>{d.testAlarmSeen ? "已收到" : "未收到"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="installed-title">
        <h2 id="installed-title">安装内容</h2>
        <table id="installed-table">
          <thead>
            <tr>
              <th scope="col">设备种类</th>
              <th scope="col" className="num">
                数量
              </th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {a.installed.map((i) => (
              <tr key={i.kind}>
                <td>{i.label}</td>
                <td className="num">{i.count}</td>
                <td>{i.note ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {a.photos.length ? (
          <div className="photos" id="acceptance-photos">
            {a.photos.map((p, n) => (
              <Photo key={p} url={p} alt={`安装照片 ${n + 1}`} />
            ))}
          </div>
        ) : (
          <p>未上传照片。</p>
        )}
      </section>
      <Signatures acceptance={a} />
      <Actions acceptance={a} role={session.role} done={r.reload} />
    </Page>
  );
}

/** An acceptance's photo: the API serves it only with the session, so it is fetched and shown as a blob: URL. */
function Photo(props: { url: string; alt: string }) {
  const img = useImage(props.url);
  if (img.failed) return <span className="muted">{props.alt}（无法加载）</span>;
  if (!img.src) return <span className="muted">{props.alt}（正在加载）</span>;
  return <img src={img.src} alt={props.alt} width={180} />;
}

function Signatures(props: { acceptance: AcceptanceView }) {
  const a = props.acceptance;
  const row = (party: string, duty: string, s: { name: string; at: string } | null) => (
    <tr>
      <th scope="row">{party}</th>
      <td>{duty}</td>
      <td>{s?.name ?? "（待签）"}</td>
      <td>{s ? when(s.at) : "—"}</td>
    </tr>
  );
  return (
    <section aria-labelledby="sign-title">
      <h2 id="sign-title">三方签字</h2>
      <table id="signatures">
        <thead>
          <tr>
            <th scope="col">一方</th>
            <th scope="col">职责</th>
            <th scope="col">签字人</th>
            <th scope="col">时间</th>
          </tr>
        </thead>
        <tbody>
          {row("安装单位", "安装并提交验收", a.submitted)}
          {row(a.subject === "UNIT" ? "使用单位" : "物业服务企业", "监督并确认", a.unitConfirmed)}
          {row("消防救援机构", "验收", a.accepted)}
        </tbody>
      </table>
    </section>
  );
}

/** The caller's part: resubmit (the installer), confirm (the unit), accept or return (the fire supervisor). */
function Actions(props: { acceptance: AcceptanceView; role: string; done: () => void }) {
  const a = props.acceptance;
  const act = useAction();
  const base = `/api/rollout/acceptances/${encodeURIComponent(a.id)}`;
  const resubmit =
    inRoleSet(ROLE_SETS.installer, props.role) && (a.status === "CHECKS_FAILED" || a.status === "RETURNED");
  const confirm = inRoleSet(ROLE_SETS.acceptanceConfirmers, props.role) && a.status === "SUBMITTED";
  const decide =
    inRoleSet(ROLE_SETS.fireSupervisor, props.role) && (a.status === "SUBMITTED" || a.status === "UNIT_CONFIRMED");
  const run = (work: () => Promise<unknown>, done: string) => void act.run(work, done).then((r) => r && props.done());
  return (
    <section aria-labelledby="actions-title" className="noprint" id="acceptance-actions">
      <h2 id="actions-title">办理</h2>
      {resubmit ? (
        <p>
          <button
            type="button"
            className="btn primary"
            id="resubmit"
            disabled={act.busy}
            onClick={() => {
              // what was installed, as submitted; the photos already sent are kept
              const body: SubmitAcceptanceBody = {
                subject: a.subject as SubmitAcceptanceBody["subject"],
                subjectId: a.subjectId,
                installed: a.installed.map((i) => ({
                  kind: i.kind as SubmitAcceptanceBody["installed"][number]["kind"],
                  count: i.count,
                  ...(i.note ? { note: i.note } : {}),
                })),
                photos: [],
              };
              run(() => api("POST", "/api/rollout/acceptances", body), "已重新提交，系统已重新检测。");
            }}
          >
            整改完成，重新提交
          </button>
        </p>
      ) : null}
      {confirm ? (
        <p>
          <button
            type="button"
            className="btn primary"
            id="confirm"
            disabled={act.busy}
            onClick={() => run(() => api("POST", `${base}/confirm`), "已确认安装无误，等待消防验收。")}
          >
            确认安装无误
          </button>
        </p>
      ) : null}
      {decide ? <Decide acceptance={a} action={act} base={base} run={run} /> : null}
      {!resubmit && !confirm && !decide ? <p className="muted">当前没有需要您办理的事项。</p> : null}
      <p id="action-notice" className="notice" role="status" hidden={!act.notice}>
        {act.notice}
      </p>
      <p
        id="action-error"
        className="notice error"
        role="alert"
        hidden={!act.error || "reason" in fieldErrors(act.error)}
      >
        {act.error?.message}
      </p>
    </section>
  );
}

/** The fire supervisor's decision, asked first: acceptance is final, a return sends the installer back. */
function Decide(props: {
  acceptance: AcceptanceView;
  action: Action;
  base: string;
  run: (work: () => Promise<unknown>, done: string) => void;
}) {
  const a = props.acceptance;
  const { ask, dialog } = useConfirm();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const errors = { ...fieldErrors(props.action.error), ...(missing ? { reason: "退回时请写明原因" } : {}) };
  const accept = async () => {
    const ok = await ask([`确认“${a.subjectName}”验收通过？`, "通过后推进状态记为“已验收”，不能再改。"], "验收通过");
    if (ok) props.run(() => api("POST", `${props.base}/accept`), "已验收通过。");
  };
  const sendBack = async () => {
    const text = reason.trim();
    setMissing(!text);
    if (!text) return;
    const ok = await ask([`把“${a.subjectName}”的验收退回安装单位？`, `退回原因：${text}`], "退回");
    if (ok) props.run(() => api("POST", `${props.base}/return`, { reason: text }), "已退回安装单位。");
  };
  return (
    <>
      <form id="decide-form" onSubmit={(e) => e.preventDefault()}>
        {a.status === "UNIT_CONFIRMED" ? (
          <p>
            <button
              type="button"
              className="btn primary"
              id="accept"
              disabled={props.action.busy}
              onClick={() => void accept()}
            >
              验收通过
            </button>
          </p>
        ) : (
          <p>单位确认后才能验收通过。</p>
        )}
        <Field label="退回原因" name="reason" errors={errors}>
          <textarea
            maxLength={500}
            rows={2}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setMissing(false);
            }}
          />
        </Field>
        <button
          type="button"
          className="btn danger"
          id="return"
          disabled={props.action.busy}
          onClick={() => void sendBack()}
        >
          退回
        </button>
      </form>
      {dialog}
    </>
  );
}
