// The outcome of a button's work (useAction): a notice on success, the refusal in words on failure.
import type { Action } from "../lib/hooks.ts";

export function ActionNotice(props: { action: Action; id?: string }) {
  const { notice, error } = props.action;
  if (error)
    return (
      <p className="notice error" role="alert" id={props.id}>
        {error.message}
      </p>
    );
  if (notice)
    return (
      <p className="notice" role="status" id={props.id}>
        {notice}
      </p>
    );
  return null;
}
