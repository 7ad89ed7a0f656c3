// Closing the centre for a date range: open sessions in it are cancelled and their bookings told.
import type { ClosureResult } from "@anxin/contract/bookings";
import { api } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { Busy, type FormProps, refuse, required, text, useSubmit } from "./form-kit.tsx";
import { centreUrl } from "./words.ts";

export function ClosureForm(props: FormProps & { today: string }) {
  const { centre: c, today } = props;
  const { a, submit, errors } = useSubmit(
    async (f, form) => {
      required(f, ["startDate", "endDate", "reason"]);
      if (text(f, "endDate") < text(f, "startDate")) throw refuse("endDate", "结束日期应不早于开始日期");
      const r = await api<ClosureResult>("POST", centreUrl(c.id, "/closures"), {
        startDate: text(f, "startDate"),
        endDate: text(f, "endDate"),
        reason: text(f, "reason"),
      });
      form.reset();
      return `已登记闭馆 ${text(f, "startDate")} 至 ${text(f, "endDate")}：取消场次 ${r.cancelledSessions} 场，通知预约 ${r.notifiedBookings} 个`;
    },
    props.onStart,
    props.onSaved,
  );
  return (
    <form id="closure-add" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="开始日期 *" name="startDate" errors={errors}>
        <input id="closure-start" type="date" lang="zh-CN" required min={today} defaultValue={today} />
      </Field>
      <Field label="结束日期 *" name="endDate" errors={errors}>
        <input id="closure-end" type="date" lang="zh-CN" required min={today} defaultValue={today} />
      </Field>
      <Field label="原因 *" name="reason" errors={errors}>
        <input id="closure-reason" required maxLength={200} placeholder="如：设备检修" />
      </Field>
      <button type="submit" className="btn danger" disabled={a.busy}>
        闭馆并通知已预约的人
      </button>
      <Busy action={a} />
    </form>
  );
}
