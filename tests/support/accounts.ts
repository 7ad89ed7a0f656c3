// Shared by the 账号管理 suites (tests/api/accounts-*.test.ts): the suite on both engines, one API an engine
// started once a file, and what their tests ask it (a caller's list of accounts, a page or all of it, an
// account's id, a sign-in with a password). The list's shapes are the contract's (`@anxin/contract/staff`).
import { afterAll, beforeAll, beforeEach, describe, expect } from "vitest";
import type { AccountListed, AccountPage } from "@anxin/contract/staff";
import { providers } from "./databases.ts";
import { startTestApi, type JsonResponse, type TestApi } from "./test-api.ts";

/** One account of GET /api/setup/staff. */
export type Listed = AccountListed;
export type ErrorBody = { error: { code: string; message: string } };

export interface Accounts {
  /** this engine's API: the same object before and after it starts (filled in by beforeAll), so a test may take it at once */
  t: TestApi;
  /** one page of the caller's list (`query` as the URL's, "?..."), or its refusal */
  list(username: string, query?: string): Promise<JsonResponse<AccountPage & ErrorBody>>;
  /** every account the caller's list holds, page after page */
  all(username: string): Promise<Listed[]>;
  idOf(username: string): Promise<string>;
  /** a staff sign-in, by default with the demo account's password */
  login(username: string, pw?: string): Promise<JsonResponse<{ accessToken: string } & ErrorBody>>;
}

/** "账号管理 on $provider" for each engine (PostgreSQL's skipped with the reason where it is not reachable). */
export async function describeAccounts(body: (a: Accounts) => void): Promise<void> {
  describe.each(await providers())("账号管理 on $provider", ({ provider, skip }) => {
    const t = {} as TestApi;
    let started: TestApi | undefined;

    beforeAll(async () => {
      if (skip) return;
      started = await startTestApi({ provider });
      Object.assign(t, started);
    }, 120_000);
    afterAll(() => started?.close());
    beforeEach((ctx) => {
      if (skip) ctx.skip();
    });

    const list = async (username: string, query = "") => {
      const r = await t.request<AccountPage & ErrorBody>("GET", `/api/setup/staff${query}`, {
        token: await t.loginStaff(username),
      });
      return r;
    };
    const all = async (username: string): Promise<Listed[]> => {
      const out: Listed[] = [];
      for (let page = 1; page <= 20; page++) {
        const r = await list(username, `?limit=50&page=${page}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        out.push(...r.body.items);
        if (out.length >= r.body.total) break;
      }
      return out;
    };
    const idOf = async (username: string) =>
      (await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username } })).id;
    const password = (username: string) => t.demo.staff.find((x) => x.username === username)!.password;
    const login = (username: string, pw = password(username)) =>
      t.request<{ accessToken: string } & ErrorBody>("POST", "/api/auth/staff/login", {
        body: { username, password: pw },
      });

    body({ t, list, all, idOf, login });
  });
}
