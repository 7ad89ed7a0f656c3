// The console's browser side calls the same JSON API as the mini-program. It never holds a token: the
// sign-in is an HttpOnly session cookie the API accepts from this site's pages, with the X-Anxin-CSRF header
// on every request (the API's staff-session transport). /console/session.json says who is signed in
// and renews an expired session cookie.
import type { ApiErrorBody, FieldIssue } from "@anxin/contract/auth";
import type { ConsoleSession } from "@anxin/contract/console";
import { countyLocaleString } from "@anxin/contract/county-time";

/** who is signed in and the pages of their role (the contract's ConsoleSession) */
export type Session = ConsoleSession;

let session: Promise<Session> | null = null;

export function currentSession(renew = false): Promise<Session> {
  if (!session || renew) {
    session = fetch("/console/session.json", { credentials: "same-origin", cache: "no-store" }).then(async (r) => {
      if (r.status === 401) {
        location.href = `/console/login?next=${encodeURIComponent(location.pathname + location.search)}`;
        throw new Error("signed out");
      }
      if (!r.ok) throw new Error(`session ${r.status}`);
      return (await r.json()) as Session;
    });
    session.catch(() => (session = null));
  }
  return session;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** a refused request body's fields, as the API names them ("weekdays", "capacity"), with why */
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** A request with the session cookie; an expired session is renewed once and the request sent again. */
async function authorized(path: string, init: RequestInit = {}): Promise<Response> {
  for (let renew = false; ; renew = true) {
    if (renew) await currentSession(true);
    const res = await fetch(path, {
      ...init,
      credentials: "same-origin",
      headers: { ...(init.headers as Record<string, string> | undefined), "x-anxin-csrf": "1" },
    });
    if (res.status !== 401 || renew) return res;
  }
}

/** what a refusal's body says (the contract's errorBody; anything else, e.g. a proxy's page, says nothing) */
const refusal = (data: unknown) => (data as Partial<ApiErrorBody> | null)?.error;
const errorMessage = (data: unknown, fallback: string) => refusal(data)?.message ?? fallback;

/** A JSON API call; an expired session is renewed once. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await authorized(path, {
    method,
    ...(body !== undefined ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, errorMessage(data, `请求失败（${res.status}）`), errorDetails(data));
  return data as T;
}

const errorDetails = (data: unknown): FieldIssue[] => {
  const d = refusal(data)?.details;
  return Array.isArray(d)
    ? d.filter((x): x is FieldIssue => typeof x?.path === "string" && typeof x?.message === "string")
    : [];
};

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

export const fmtTime = (iso: string | null): string => (iso ? countyLocaleString(iso, { hour12: false }) : "—");

/** Sends a file as the raw request body (the photo upload API judges it by content). */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  const res = await authorized(path, {
    method: "POST",
    headers: { "content-type": file.type || "application/octet-stream" },
    body: file,
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, errorMessage(data, `上传失败（${res.status}）`));
  return data as T;
}

/** An image the API serves only to the signed-in, as a blob: URL an <img> can show. */
export async function imageUrl(path: string): Promise<string> {
  const res = await authorized(path);
  if (!res.ok) throw new ApiError(res.status, `图片无法加载（${res.status}）`);
  return URL.createObjectURL(await res.blob());
}
