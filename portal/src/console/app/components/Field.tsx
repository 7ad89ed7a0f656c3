// A labelled form field with its error under it, tied by aria-describedby; errors come from the API's
// refusal (fieldErrors), by the field's name as the contract names it.
import type { ReactElement } from "react";
import { cloneElement } from "react";

export function Field(props: {
  label: string;
  name: string;
  errors: Record<string, string>;
  hint?: string;
  children: ReactElement<{ id?: string; name?: string; "aria-invalid"?: boolean; "aria-describedby"?: string }>;
}) {
  const id = props.children.props.id ?? `f-${props.name}`;
  const err = props.errors[props.name];
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [props.hint ? hintId : "", err ? errId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={err ? "field invalid" : "field"}>
      <label htmlFor={id}>{props.label}</label>
      {cloneElement(props.children, {
        id,
        name: props.children.props.name ?? props.name,
        "aria-invalid": err ? true : undefined,
        "aria-describedby": described,
      })}
      {props.hint ? (
        <small id={hintId} className="muted">
          {props.hint}
        </small>
      ) : null}
      {err ? (
        <small id={errId} className="field-error" role="alert">
          {err}
        </small>
      ) : null}
    </div>
  );
}
