// A screen's heading and document title, and its loading and error states in words.
import { useEffect, type ReactNode } from "react";
import { ApiError } from "../../client/api.ts";

export function Page(props: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${props.title} · 安心消防管理台`;
  }, [props.title]);
  return (
    <>
      <h1>{props.title}</h1>
      {props.children}
    </>
  );
}

/** What went wrong loading a screen's data, said for people: not found, not allowed, or the server's words. */
export function LoadError(props: { error: Error }) {
  const e = props.error;
  const text =
    e instanceof ApiError && e.status === 404
      ? "找不到该页面的内容，或您无权查看。"
      : e instanceof ApiError && e.status === 403
        ? "当前账号不能查看此内容。"
        : `加载失败：${e.message}`;
  return (
    <p className="notice error" role="alert" id="load-error">
      {text}
    </p>
  );
}

export function Loading() {
  return (
    <p className="muted" aria-live="polite">
      正在加载…
    </p>
  );
}

/** A screen whose data is not there: why (the load failed) or that it is coming. */
export function Pending(props: { title: string; error: Error | null }) {
  return <Page title={props.title}>{props.error ? <LoadError error={props.error} /> : <Loading />}</Page>;
}
