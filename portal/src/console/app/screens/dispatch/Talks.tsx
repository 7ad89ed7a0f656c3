// Talks with laggards (约谈): the record, marking a follow-up done, and the form for those who may write.
import type { FormEvent } from "react";
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";
import { DISPATCH_SUBJECT_LABEL as SUBJECT_LABELS } from "@anxin/contract/dispatch";
import { api, fmtTime } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { ActionNotice } from "../../components/Notice.tsx";
import { useAction } from "../../lib/hooks.ts";
import { formErrors, subjectOf, SubjectSelect } from "./subjects.tsx";

export function Talks(props: { d: MonthlyDispatch; canWrite: boolean; reload: () => void }) {
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
