// The sessions ahead, and cancelling one with a reason in a dialog.
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { SessionView } from "@anxin/contract/bookings";
import { api } from "../../../client/api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Field } from "../../components/Field.tsx";
import { ActionNotice } from "../../components/Notice.tsx";
import { useAction } from "../../lib/hooks.ts";
import { isoWeekday, WEEKDAY } from "../county-dates.ts";
import { errorsOf, required, send, text } from "./form-kit.tsx";
import { SESSION_STATUS, sessionLabel, TOPIC_LABEL } from "./words.ts";
import { Attendance } from "./Attendance.tsx";

/** The sessions ahead; an open one can be cancelled with a reason those booked will read. */
export function Sessions(props: {
  sessions: SessionView[];
  title: string;
  onStart: () => void;
  onSaved: (m: string) => void;
}) {
  const [cancelling, setCancelling] = useState<SessionView | null>(null);
  // the session whose list is open below the table
  const [listed, setListed] = useState<SessionView | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const a = useAction();
  const { clear } = a;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (cancelling && !d.open) d.showModal();
    if (!cancelling && d.open) d.close();
  }, [cancelling]);
  const close = () => {
    setCancelling(null);
    clear();
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const s = cancelling;
    if (!s) return;
    const f = new FormData(e.currentTarget);
    props.onStart();
    void a
      .run(() =>
        send(() => {
          required(f, ["reason"]);
          return api("POST", `/api/sessions/${encodeURIComponent(s.id)}/cancel`, { reason: text(f, "reason") });
        }),
      )
      .then((r) => {
        if (r === undefined) return;
        setCancelling(null);
        props.onSaved("场次已取消，已预约的人会收到通知");
      });
  };
  const errors = errorsOf(a);
  return (
    <>
      <DataTable
        id="sessions"
        title={props.title}
        rows={props.sessions}
        rowKey={(s) => s.id}
        rowData={(s) => ({ "data-session": s.id, "data-status": s.status })}
        empty="这段时间没有场次；添加模板后点“按模板生成场次”"
        columns={[
          { header: "日期", cell: (s) => `${s.date} ${WEEKDAY[isoWeekday(s.date)]}` },
          { header: "时间", cell: (s) => `${s.startTime}–${s.endTime}` },
          { header: "主题", cell: (s) => TOPIC_LABEL[s.topic] ?? s.topic },
          { header: "名称", cell: (s) => s.title },
          { header: "已约/容量", num: true, cell: (s) => `${s.bookedSeats}/${s.capacity}` },
          {
            header: "名单",
            cell: (s) => (
              <button
                type="button"
                className="btn show-attendance"
                data-id={s.id}
                aria-label={`查看名单 ${sessionLabel(s)}`}
                aria-expanded={listed?.id === s.id}
                onClick={() => setListed(listed?.id === s.id ? null : s)}
              >
                查看名单
              </button>
            ),
          },
          {
            header: "状态",
            className: (s) => (s.status === "CANCELLED" ? "bad" : undefined),
            cell: (s) => `${SESSION_STATUS[s.status] ?? s.status}${s.cancelReason ? `：${s.cancelReason}` : ""}`,
          },
          {
            header: "操作",
            cell: (s) =>
              s.status === "OPEN" ? (
                <button
                  type="button"
                  className="btn danger cancel-session"
                  data-id={s.id}
                  aria-label={`取消场次 ${sessionLabel(s)}`}
                  onClick={() => {
                    clear();
                    setCancelling(s);
                  }}
                >
                  取消场次
                </button>
              ) : (
                "—"
              ),
          },
        ]}
      />
      {listed ? <Attendance key={listed.id} session={listed} onClose={() => setListed(null)} /> : null}
      <dialog id="cancel-dialog" aria-labelledby="cancel-title" ref={dialog} onClose={close}>
        {cancelling ? (
          <form id="cancel-form" method="dialog" noValidate onSubmit={submit} key={cancelling.id}>
            <h2 id="cancel-title">取消场次</h2>
            <p id="cancel-what">取消场次 {sessionLabel(cancelling)}？</p>
            <p>已预约的人会收到取消通知。</p>
            <Field label="取消原因 *" name="reason" errors={errors}>
              <input id="cancel-reason" required maxLength={200} autoFocus />
            </Field>
            <ActionNotice action={a} />
            <p>
              <button type="submit" className="btn danger" disabled={a.busy}>
                确定取消
              </button>{" "}
              <button type="button" className="btn" id="cancel-close" onClick={close}>
                不取消
              </button>
            </p>
          </form>
        ) : null}
      </dialog>
    </>
  );
}
