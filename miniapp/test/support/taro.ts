/**
 * `@tarojs/taro` for the unit tests: Taro's real H5 APIs (request over fetch, storage over
 * localStorage, ...), with the named exports copied onto the default export (Taro's H5 build does
 * that with a Babel plugin). The page lifecycle hooks need a running Taro app, which jsdom does not
 * have, so they are replaced by small stand-ins driven by the test: useDidShow/useLoad run on mount,
 * `showPage()` / `hidePage()` fire them again, `setRouterParams()` sets what useRouter returns.
 */
import { useEffect, useRef } from "react";
import * as h5 from "@tarojs/plugin-platform-h5/dist/runtime/apis";

type Cb = (...args: unknown[]) => unknown;

const showHandlers = new Set<{ current: Cb }>();
const hideHandlers = new Set<{ current: Cb }>();
let routerParams: Record<string, string> = {};

export function setRouterParams(params: Record<string, string>): void {
  routerParams = params;
}
export function showPage(): void {
  showHandlers.forEach((h) => h.current());
}
export function hidePage(): void {
  hideHandlers.forEach((h) => h.current());
}

function useRegistered(set: Set<{ current: Cb }>, cb: Cb, runOnMount: boolean) {
  const ref = useRef(cb);
  // the latest callback, as Taro's hooks call it (set after each render, before the page can be shown)
  useEffect(() => {
    ref.current = cb;
  });
  useEffect(() => {
    const entry = ref;
    set.add(entry);
    if (runOnMount) entry.current();
    return () => {
      set.delete(entry);
    };
  }, [set, runOnMount]);
}

export function useDidShow(cb: Cb): void {
  useRegistered(showHandlers, cb, true);
}
export function useDidHide(cb: Cb): void {
  useRegistered(hideHandlers, cb, false);
}
export function useLoad(cb: Cb): void {
  const ref = useRef(cb);
  useEffect(() => {
    ref.current({ ...routerParams });
  }, []);
}
export function useLaunch(cb: Cb): void {
  useLoad(cb);
}
export function usePullDownRefresh(_cb: Cb): void {}
export function useRouter() {
  return { params: routerParams, path: "" };
}

// Taro's H5 selector query needs a mounted Taro page and throws from a timer without one (after the test
// that caused it has ended); jsdom has no layout to measure either. Every measurement answers null here.
function createSelectorQuery() {
  const q = {
    select: () => q,
    selectAll: () => q,
    selectViewport: () => q,
    boundingClientRect: () => q,
    scrollOffset: () => q,
    fields: () => q,
    exec: (cb?: (res: unknown[]) => void) => cb?.([null, null]),
  };
  return q;
}

const Taro = (h5 as unknown as { default: Record<string, unknown> }).default;
for (const [k, v] of Object.entries(h5)) {
  if (k !== "default" && !(k in Taro)) Taro[k] = v;
}
Object.assign(Taro, {
  useDidShow,
  useDidHide,
  useLoad,
  useLaunch,
  usePullDownRefresh,
  useRouter,
  createSelectorQuery,
});

export * from "@tarojs/plugin-platform-h5/dist/runtime/apis";
export default Taro;
