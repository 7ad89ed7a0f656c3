// Data and actions for the screens: useResource loads one API path (again when the path changes or on
// reload()), useAction wraps a button's work with busy, notice and error (the 16 hand-written copies of
// the old pages, once).
import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError } from "../../client/api.ts";

export interface Resource<T> {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  reload: () => void;
}

export function useResource<T>(path: string | null): Resource<T> {
  const [round, setRound] = useState(0);
  const key = path === null ? null : `${round} ${path}`;
  const [state, setState] = useState<{ key: string | null; data: T | null; error: ApiError | Error | null }>({
    key: null,
    data: null,
    error: null,
  });
  useEffect(() => {
    if (key === null || path === null) return;
    let live = true;
    api<T>("GET", path).then(
      (data) => live && setState({ key, data, error: null }),
      (error: unknown) =>
        live && setState({ key, data: null, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [key, path]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const loading = key !== null && state.key !== key;
  // while reloading, the last answer stays on screen
  return { data: state.data, error: loading ? null : state.error, loading, reload };
}

export interface Action {
  busy: boolean;
  notice: string | null;
  error: ApiError | Error | null;
  /** runs work once at a time; on success shows done (a string or made from the result) */
  run<R>(work: () => Promise<R>, done?: string | ((r: R) => string)): Promise<R | undefined>;
  clear(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const running = useRef(false);
  const run = useCallback(async <R>(work: () => Promise<R>, done?: string | ((r: R) => string)) => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setNotice(null);
    setError(null);
    try {
      const r = await work();
      if (done) setNotice(typeof done === "string" ? done : done(r));
      return r;
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setNotice(null);
    setError(null);
  }, []);
  return { busy, notice, error, run, clear };
}

/** The refused fields of a request (the API's error details), by field name. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError) for (const d of error.details) out[d.path.split(".")[0] ?? d.path] ??= d.message;
  return out;
}
