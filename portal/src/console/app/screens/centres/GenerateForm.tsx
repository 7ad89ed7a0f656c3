// Creating sessions from the templates for a date range.
import type { GeneratedSessions } from "@anxin/contract/bookings";
import { api } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { Busy, type FormProps, refuse, required, text, useSubmit } from "./form-kit.tsx";
import { centreUrl } from "./words.ts";

export function GenerateForm(props: FormProps & { today: string; until: string }) {
  const { centre: c, today, until } = props;
  const { a, submit, errors } = useSubmit(
    async (f) => {
      required(f, ["from", "to"]);
      if (text(f, "to") < text(f, "from")) throw refuse("to", "结束日期应不早于开始日期");
      const r = await api<GeneratedSessions>("POST", centreUrl(c.id, "/sessions/generate"), {
        from: text(f, "from"),
        to: text(f, "to"),
      });
      return r.created ? `已生成 ${r.created} 场` : "没有新场次可生成（已生成过，或没有启用的模板，或在闭馆期内）";
    },
    props.onStart,
    props.onSaved,
  );
  return (
    <form id="sessions-generate" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="从 *" name="from" errors={errors}>
        <input id="generate-from" type="date" lang="zh-CN" required min={today} defaultValue={today} />
      </Field>
      <Field label="到 *" name="to" errors={errors}>
        <input id="generate-to" type="date" lang="zh-CN" required min={today} defaultValue={until} />
      </Field>
      <button type="submit" className="btn primary" disabled={a.busy}>
        按模板生成场次
      </button>
      <Busy action={a} />
    </form>
  );
}
