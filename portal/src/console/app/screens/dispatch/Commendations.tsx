// The month's commendations, and the form for those who may write one.
import type { FormEvent } from "react";
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";
import { DISPATCH_SUBJECT_LABEL as SUBJECT_LABELS } from "@anxin/contract/dispatch";
import { api } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { ActionNotice } from "../../components/Notice.tsx";
import { useAction } from "../../lib/hooks.ts";
import { formErrors, subjectOf, SubjectSelect } from "./subjects.tsx";

export function Commendations(props: { d: MonthlyDispatch; canWrite: boolean; reload: () => void }) {
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
