import { useCallback, useMemo, useRef, useState } from "react";
import { errorText } from "@/services/errors";

/** What happened, and where to say it. */
export interface Feedback {
  tone: "ok" | "error" | "info";
  text: string;
  /**
   * Which <Message at="..."> shows it: the one next to the control that was used, so the words appear where
   * the eyes are (issue 22, item 6). null: the page's toast, in view wherever the page is scrolled.
   */
  at: string | null;
  /** new on every message, so the same words a second time still come into view */
  seq: number;
}

export interface RunOptions<T> {
  /** the <Message at> next to the control (default: the page's toast) */
  at?: string | null;
  /** what to say when it worked (nothing when left out, or when the function returns undefined) */
  done?: string | ((value: T) => string | undefined);
  /**
   * Words for a failure this page knows better (a refused code, a lost staff session): return a sentence to
   * show it, null to show nothing (the page has handled it), undefined for the usual plain words.
   */
  error?: (err: unknown) => string | null | undefined;
}

export interface Action {
  /** an action is running: its buttons are disabled and a second tap does nothing */
  busy: boolean;
  /** the `at` of the action running now (a busy label on that one button) */
  busyAt: string | null;
  feedback: Feedback | null;
  /** Run `fn` once at a time; say what happened where `at` says. Resolves true when it worked. */
  run<T>(fn: () => Promise<T>, opts?: RunOptions<T>): Promise<boolean>;
  /** Say something without running anything (a form that is not filled in, a load that failed). */
  say(text: string, opts?: { at?: string | null; tone?: Feedback["tone"] }): void;
  /** A failure from outside run() (a page load), in plain words. */
  fail(err: unknown, at?: string | null): void;
  clear(): void;
}

let seq = 0;

/**
 * The busy / done / error wrapper every page needs around a request: one action at a time, the button
 * disabled meanwhile, the outcome in plain Chinese next to the control (rendered by <Message>).
 */
export function useAction(): Action {
  const [busyAt, setBusyAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  // a ref, not state: two taps in the same frame must not both start
  const running = useRef(false);

  const say = useCallback<Action["say"]>((text, opts = {}) => {
    setFeedback({ tone: opts.tone ?? "error", text, at: opts.at ?? null, seq: ++seq });
  }, []);

  const fail = useCallback<Action["fail"]>((err, at = null) => {
    setFeedback({ tone: "error", text: errorText(err), at, seq: ++seq });
  }, []);

  const clear = useCallback(() => setFeedback(null), []);

  const run = useCallback(async function run<T>(fn: () => Promise<T>, opts: RunOptions<T> = {}): Promise<boolean> {
    if (running.current) return false;
    running.current = true;
    const at = opts.at ?? null;
    setBusy(true);
    setBusyAt(at);
    setFeedback(null);
    try {
      const value = await fn();
      const done = typeof opts.done === "function" ? opts.done(value) : opts.done;
      if (done) setFeedback({ tone: "ok", text: done, at, seq: ++seq });
      return true;
    } catch (err) {
      const own = opts.error?.(err);
      if (own !== null) setFeedback({ tone: "error", text: own ?? errorText(err), at, seq: ++seq });
      return false;
    } finally {
      running.current = false;
      setBusy(false);
      setBusyAt(null);
    }
  }, []);

  return useMemo(
    () => ({ busy, busyAt, feedback, run, say, fail, clear }),
    [busy, busyAt, feedback, run, say, fail, clear],
  );
}
