// What every form of the centre screen shares: refusals in words, the submit with its busy state.
import type { FormEvent } from "react";
import type { CentreDetail } from "@anxin/contract/bookings";
import { ApiError } from "../../../client/api.ts";
import { ActionNotice } from "../../components/Notice.tsx";
import { type Action, fieldErrors, useAction } from "../../lib/hooks.ts";

const CJK = /[\u4e00-\u9fff]/;

/** A problem found before sending, said as the API says a refused field. */
export const refuse = (field: string, message: string) =>
  new ApiError(400, "请检查标红的项", [{ path: field, message }]);

/** The refused fields of an action, in words (the API's English words become "填写有误"). */
export function errorsOf(a: Action): Record<string, string> {
  const out = fieldErrors(a.error);
  for (const k of Object.keys(out)) if (!CJK.test(out[k] ?? "")) out[k] = "填写有误";
  return out;
}

/** Runs a form's request; a refusal naming fields says to look at them. */
export async function send<R>(work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ApiError && e.details.length && !e.message.startsWith("请检查"))
      throw new ApiError(e.status, `请检查标红的项（${e.message}）`, e.details);
    throw e;
  }
}

export const text = (f: FormData, name: string) => String(f.get(name) ?? "").trim();

export const optionalNumber = (v: string) => (v === "" ? null : Number(v));

export function required(f: FormData, names: string[]): void {
  for (const n of names) if (!text(f, n)) throw refuse(n, "请填写");
}

export interface FormProps {
  centre: CentreDetail;
  onStart: () => void;
  onSaved: (message: string) => void;
}

/** A form's submit: runs the request with the action, and on success tells the screen what was done. */
export function useSubmit(
  make: (f: FormData, form: HTMLFormElement) => Promise<string>,
  onStart: () => void,
  onSaved: (m: string) => void,
) {
  const a = useAction();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    onStart();
    void a
      .run(() => send(() => make(data, form)))
      .then((message) => {
        if (message === undefined) return;
        onSaved(message);
      });
  };
  return { a, submit, errors: errorsOf(a) };
}

export function Busy(props: { action: Action }) {
  return props.action.busy ? (
    <p className="form-result muted" role="status">
      正在保存…
    </p>
  ) : (
    <div className="form-result">
      <ActionNotice action={props.action} />
    </div>
  );
}
