import { useEffect, useRef } from "react";

/**
 * Run `fn` now and then every `everyMs` while `active` (a page in front); stop when it goes to the back or
 * the page closes. A new `fn` (another alarm, another list) starts again at once.
 */
export function usePolling(fn: () => unknown, everyMs: number, active: boolean): void {
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => {
    if (!active) return undefined;
    void latest.current();
    const t = setInterval(() => void latest.current(), everyMs);
    return () => clearInterval(t);
  }, [fn, everyMs, active]);
}
