// Adding a weekly session template.
import { api } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { WEEKDAY } from "../county-dates.ts";
import { Busy, type FormProps, optionalNumber, refuse, required, text, useSubmit } from "./form-kit.tsx";
import { centreUrl, TOPIC_LABEL } from "./words.ts";

export function TemplateForm(props: FormProps) {
  const c = props.centre;
  const { a, submit, errors } = useSubmit(
    async (f, form) => {
      required(f, ["title", "startTime", "endTime", "capacity"]);
      const weekdays = f.getAll("weekdays").map(Number);
      if (!weekdays.length) throw refuse("weekdays", "请至少选一天");
      if (text(f, "endTime") <= text(f, "startTime")) throw refuse("endTime", "结束时间应晚于开始时间");
      await api("POST", centreUrl(c.id, "/templates"), {
        topic: text(f, "topic"),
        title: text(f, "title"),
        weekdays,
        startTime: text(f, "startTime"),
        endTime: text(f, "endTime"),
        capacity: Number(text(f, "capacity")),
        minAge: optionalNumber(text(f, "minAge")),
        maxAge: optionalNumber(text(f, "maxAge")),
      });
      form.reset();
      return `已添加模板“${text(f, "title")}”；点“按模板生成场次”排出具体场次`;
    },
    props.onStart,
    props.onSaved,
  );
  const weekdayError = errors.weekdays;
  return (
    <form id="template-add" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="主题 *" name="topic" errors={errors}>
        <select id="template-topic" required>
          {Object.entries(TOPIC_LABEL).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </Field>
      <Field label="场次名称 *" name="title" errors={errors}>
        <input id="template-title" required maxLength={64} />
      </Field>
      <fieldset
        className={weekdayError ? "weekdays invalid" : "weekdays"}
        aria-describedby={weekdayError ? "template-weekdays-error" : undefined}
      >
        <legend>每周几 *</legend>
        {[1, 2, 3, 4, 5, 6, 7].map((w) => (
          <label key={w}>
            <input type="checkbox" name="weekdays" value={w} /> {WEEKDAY[w]}
          </label>
        ))}
        {weekdayError ? (
          <small id="template-weekdays-error" className="field-error" role="alert">
            {weekdayError}
          </small>
        ) : null}
      </fieldset>
      <Field label="开始时间 *" name="startTime" errors={errors}>
        <input id="template-start" type="time" lang="zh-CN" required defaultValue="09:30" />
      </Field>
      <Field label="结束时间 *" name="endTime" errors={errors}>
        <input id="template-end" type="time" lang="zh-CN" required defaultValue="10:30" />
      </Field>
      <Field label="每场人数 *" name="capacity" errors={errors}>
        <input
          id="template-capacity"
          type="number"
          required
          min={1}
          max={c.capacity}
          defaultValue={Math.min(30, c.capacity)}
        />
      </Field>
      <Field label="最小年龄" name="minAge" errors={errors}>
        <input id="template-min-age" type="number" min={0} max={120} />
      </Field>
      <Field label="最大年龄" name="maxAge" errors={errors}>
        <input id="template-max-age" type="number" min={0} max={120} />
      </Field>
      <button type="submit" className="btn primary" disabled={a.busy}>
        添加模板
      </button>
      <Busy action={a} />
    </form>
  );
}
