// What the talk and commendation forms share: the subject picker and the API's refusals under its name.
import type { MonthlyDispatch } from "@anxin/contract/dispatch.schemas";
import { fieldErrors, type Action } from "../../lib/hooks.ts";

/** The subjects a talk or commendation may name: laggard units, communities covered, townships. */
export function SubjectSelect(props: { d: MonthlyDispatch; id: string }) {
  const { d } = props;
  const units = [...new Map(d.laggards.units.map((u) => [u.id, u.name]))];
  return (
    <select id={props.id} name="subject" required>
      <optgroup label="单位">
        {units.map(([id, name]) => (
          <option key={id} value={`UNIT:${id}`}>
            {name}
          </option>
        ))}
      </optgroup>
      <optgroup label="小区">
        {d.coverage.communities.map((x) => (
          <option key={x.id} value={`COMMUNITY:${x.id}`}>
            {x.name}
          </option>
        ))}
      </optgroup>
      <optgroup label="乡镇/街道">
        {d.byTownship.map((x) => (
          <option key={x.id} value={`TOWNSHIP:${x.id}`}>
            {x.name}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

export const subjectOf = (v: string) => {
  const [subject = "", subjectId = ""] = v.split(":");
  return { subject, subjectId };
};

/** A field's refusal, under subjectId too (the API names the subject's two parts). */
export const formErrors = (a: Action) => {
  const e = fieldErrors(a.error);
  if (e.subjectId && !e.subject) e.subject = e.subjectId;
  return e;
};
