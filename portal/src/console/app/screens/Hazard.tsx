// One hazard (issue 18): where, what, who fixes it by when, the photos and the evidence, and what happened;
// its managers name who fixes it and by when (typed in county time), or review a rectification (sign it
// off, or send it back with the reason). GET /api/hazards/:id; the actions are its POST routes.
import { useState, type FormEvent } from "react";
import { withCountyOffset } from "@anxin/contract/county-time";
import { HAZARD_EVENT_LABEL } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api } from "../../client/api.ts";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useAction, useResource } from "../lib/hooks.ts";
import { Link, pathId, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import type { Assignee, AssigneeList, HazardDetail } from "@anxin/contract/inspection";
import { when } from "./hazard-words.ts";

type Person = Assignee;

const ROLE_NAMES: Record<string, string> = {
  UNIT_RESPONSIBLE: "消防安全责任人",
  UNIT_MANAGER: "消防安全管理人",
  UNIT_SAFETY_OFFICER: "安全员",
  CONTROL_ROOM_OPERATOR: "控制室值班员",
  MAINTENANCE_TECH: "维保技术人员",
  PROPERTY_MANAGER: "物业经理",
  PROPERTY_STAFF: "物业人员",
};
const ASSIGNABLE = ["REPORTED", "ASSIGNED", "RECTIFYING", "OVERDUE", "ESCALATED"];

function Photos(props: { urls: string[]; label: string }) {
  if (!props.urls.length) return <p>无</p>;
  return (
    <ul className="photos">
      {props.urls.map((u, i) => (
        <li key={u}>
          <a href={u}>
            <img src={u} alt={`${props.label}照片 ${i + 1}`} width={160} />
          </a>
        </li>
      ))}
    </ul>
  );
}

export default function Hazard() {
  const id = pathId(useLocation().pathname);
  const session = useSession();
  const h = useResource<HazardDetail>(`/api/hazards/${encodeURIComponent(id)}`);
  // who may assign and review: the routes' own role set (the API decides; this only hides refused controls)
  const manages = inRoleSet(ROLE_SETS.hazardManagers, session.role);
  const people = useResource<AssigneeList>(
    manages && h.data ? `/api/hazards/${encodeURIComponent(id)}/assignees` : null,
  );
  if (h.error)
    return (
      <Page title="隐患">
        <p>
          <Link href="/console/hazards">返回隐患列表</Link>
        </p>
        <LoadError error={h.error} />
      </Page>
    );
  if (!h.data)
    return (
      <Page title="隐患">
        <Loading />
      </Page>
    );
  const d = h.data;
  return (
    <Page title={`隐患：${d.place}`}>
      <p>
        <Link href="/console/hazards">返回隐患列表</Link>
      </p>
      {d.events.some((e) => e.action === "notice") ? (
        <p className="noprint">
          <a href={`/console/hazards/${d.id}/notice`} id="notice-link">
            打印责令改正通知书
          </a>
        </p>
      ) : null}
      {manages ? <Actions hazard={d} people={people.data?.items ?? []} done={h.reload} /> : null}
      <dl className="facts" id="hazard-facts">
        <dt>{d.unit ? "单位" : "小区"}</dt>
        <dd>{d.unit?.name ?? d.community?.name ?? ""}</dd>
        <dt>部位</dt>
        <dd>{d.place}</dd>
        <dt>隐患</dt>
        <dd>{d.description}</dd>
        <dt>等级</dt>
        <dd className={d.severity === "MAJOR" ? "bad" : undefined}>{d.severityLabel}</dd>
        <dt>来源</dt>
        <dd>{d.sourceLabel}</dd>
        <dt>状态</dt>
        <dd id="hazard-status" className={d.overdue ? "bad" : undefined}>
          {d.statusLabel}
          {d.overdue ? "（已逾期）" : ""}
        </dd>
        <dt>整改人</dt>
        <dd>{d.assignee?.name ?? "未派发"}</dd>
        <dt>整改期限</dt>
        <dd>{when(d.deadline)}</dd>
        <dt>临时措施</dt>
        <dd>{d.interimMeasures ?? "—"}</dd>
        <dt>整改人提交</dt>
        <dd>{d.fixedBy ? `${d.fixedBy}（${when(d.fixedAt)}）` : "—"}</dd>
        <dt>验收</dt>
        <dd>{d.verifiedBy ? `${d.verifiedBy}（${when(d.verifiedAt)}）` : "—"}</dd>
      </dl>
      <h2>发现时照片</h2>
      <Photos urls={d.photos} label="发现时" />
      <h2>整改凭证</h2>
      <Photos urls={d.evidence} label="整改后" />
      <h2>处理经过</h2>
      <ol className="timeline" id="hazard-timeline">
        {d.events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{when(e.at)}</time> <strong>{HAZARD_EVENT_LABEL[e.action] ?? e.action}</strong>{" "}
            {e.actor}
            {e.note ? `：${e.note}` : ""}
          </li>
        ))}
      </ol>
    </Page>
  );
}

/** A manager's actions: name who fixes it and by when; review a rectification. */
function Actions(props: { hazard: HazardDetail; people: Person[]; done: () => void }) {
  const d = props.hazard;
  const action = useAction();
  const [assignee, setAssignee] = useState(d.assignee?.id ?? "");
  const [deadline, setDeadline] = useState("");
  const [interim, setInterim] = useState(d.interimMeasures ?? "");
  const [note, setNote] = useState("");
  const chosen = assignee || props.people[0]?.id || "";

  const assign = (e: FormEvent) => {
    e.preventDefault();
    void action
      .run(() =>
        api("POST", `/api/hazards/${d.id}/assign`, {
          assigneeId: chosen,
          ...(deadline ? { deadline: new Date(withCountyOffset(deadline)).toISOString() } : {}),
          ...(interim.trim() ? { interimMeasures: interim.trim() } : {}),
        }),
      )
      .then((r) => r && props.done());
  };
  const review = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const kind = submitter?.dataset.action === "reject" ? "reject" : "verify";
    if (kind === "reject" && !note.trim()) {
      void action.run(() => Promise.reject(new Error("退回整改时请填写原因")));
      return;
    }
    void action
      .run(() => api("POST", `/api/hazards/${d.id}/${kind}`, note.trim() ? { note: note.trim() } : {}))
      .then((r) => {
        if (!r) return;
        setNote("");
        props.done();
      });
  };

  return (
    <>
      {ASSIGNABLE.includes(d.status) ? (
        <form id="assign-form" className="filters" aria-label="派发整改" onSubmit={assign}>
          <label>
            整改责任人{" "}
            <select name="assigneeId" required value={chosen} onChange={(e) => setAssignee(e.target.value)}>
              {props.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}（{ROLE_NAMES[p.role] ?? p.role}）
                </option>
              ))}
            </select>
          </label>
          <label>
            整改期限{" "}
            <input
              type="datetime-local"
              lang="zh-CN"
              name="deadline"
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
            />
          </label>
          <label>
            临时措施{" "}
            <input
              type="text"
              name="interimMeasures"
              maxLength={300}
              value={interim}
              onChange={(e) => setInterim(e.target.value)}
            />
          </label>
          <button type="submit" className="btn primary" disabled={action.busy || !chosen}>
            {d.assignee ? "重新派发" : "派发整改"}
          </button>
        </form>
      ) : null}
      {d.status === "FIXED" ? (
        <form id="review-form" className="filters" aria-label="验收整改" onSubmit={review}>
          <label>
            验收意见{" "}
            <input
              type="text"
              name="note"
              maxLength={300}
              placeholder="退回时必须填写原因"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button type="submit" className="btn primary" data-action="verify" disabled={action.busy}>
            验收通过
          </button>
          <button type="submit" className="btn danger" data-action="reject" disabled={action.busy}>
            退回整改
          </button>
        </form>
      ) : null}
      <p id="action-error" className="notice error" role="alert" hidden={!action.error}>
        {action.error?.message}
      </p>
    </>
  );
}
