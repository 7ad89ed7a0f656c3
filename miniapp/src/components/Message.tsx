import { useEffect, useId, type ReactNode } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import type { Action } from "@/hooks/useAction";
import { isH5 } from "@/services/platform";

/** How long a toast saying that something worked stays (an error stays until it is tapped or replaced). */
const TOAST_MS = 5000;

/**
 * Scroll the message into view when it is not (a long form, the user at the bottom): in the browser with
 * the element's own scrollIntoView, in WeChat by measuring it against the window and pageScrollTo.
 */
export function bringIntoView(id: string): void {
  try {
    if (isH5) {
      const el = typeof document !== "undefined" ? document.getElementById(id) : null;
      el?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
      return;
    }
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .boundingClientRect()
      .selectViewport()
      .scrollOffset()
      .exec((res: unknown[]) => {
        try {
          const rect = res?.[0] as { top: number; bottom: number } | null;
          const view = res?.[1] as { scrollTop: number } | null;
          if (!rect || !view) return;
          const height = Taro.getWindowInfo().windowHeight;
          if (rect.top >= 0 && rect.bottom <= height) return;
          Taro.pageScrollTo({ scrollTop: Math.max(0, view.scrollTop + rect.top - height / 3), duration: 200 }).catch(
            () => undefined,
          );
        } catch {
          /* an old base library without getWindowInfo: the message is still on the page */
        }
      });
  } catch {
    /* no layout to measure (tests): the message is still on the page */
  }
}

/**
 * The one way the mini-program says what happened (issue 22, item 6). Put `<Message action={a} at="x" />`
 * right under the control that runs `a.run(..., { at: "x" })`: the words appear there and are scrolled
 * into view. Without `at` it is the page's toast, fixed at the top of the screen, for what has no control
 * (a finished load, a list item that went away); a toast saying something worked fades after 5 s.
 */
export function Message(props: { action: Pick<Action, "feedback" | "clear">; at?: string; testId?: string }) {
  const at = props.at ?? null;
  const toast = at === null;
  const f = props.action.feedback && props.action.feedback.at === at ? props.action.feedback : null;
  const id = `msg${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  const seq = f?.seq ?? 0;
  const tone = f?.tone;
  const { clear } = props.action;

  useEffect(() => {
    if (!seq) return undefined;
    if (!toast) bringIntoView(id);
    if (!toast || tone === "error") return undefined;
    const t = setTimeout(clear, TOAST_MS);
    return () => clearTimeout(t);
  }, [seq, toast, tone, id, clear]);

  if (!f) return null;
  return (
    <View
      id={id}
      className={`msg msg-${f.tone}${toast ? " msg-toast" : ""}`}
      role={f.tone === "error" ? "alert" : "status"}
      data-testid={props.testId ?? (toast ? "toast" : `msg-${at}`)}
      data-tone={f.tone}
      onClick={toast ? clear : undefined}
    >
      <Text className="msg-text">{f.text}</Text>
      {toast && f.tone === "error" && <Text className="msg-hint">点一下关闭</Text>}
    </View>
  );
}

/**
 * A part of the page that appears after a tap further up or down (a confirmation, a form): it scrolls
 * itself into view when it appears, so the question is where the eyes are (issue 22: the unbind
 * confirmation appeared below the fold).
 */
export function Reveal(props: { children: ReactNode; className?: string; testId?: string }) {
  const id = `reveal${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  useEffect(() => bringIntoView(id), [id]);
  return (
    <View id={id} className={props.className} data-testid={props.testId}>
      {props.children}
    </View>
  );
}
