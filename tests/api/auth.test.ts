// Sign-in end to end, on SQLite and on PostgreSQL: residents through the WeChat contract stub (codes,
// WeChat's error codes, the phone-number exchange with an access token that expires), staff with a
// password and the guessing throttle (tests/security/login-abuse.test.ts has the attacks), and the token lifecycle (expiry, rotation, reuse detection, logout). Time comes
// from a ManualClock, so lock-outs and expiries are tested without waiting.
import argon2 from "argon2";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}
interface TokenBody {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { kind: "resident" | "staff"; id: string; phone?: string | null; role?: string };
}

// Not the defaults (5 tries, 15 min, 15 min access tokens): proves the settings are honoured.
const MAX_FAILED = 3;
const LOCKOUT_SEC = 600;
const ACCESS_TTL_SEC = 300;

const suites = await providers();

for (const { provider, skip } of suites) {
  if (skip) console.warn(`[skipped] auth suite on ${provider}: ${skip}`);

  describe.skipIf(skip !== null)(`auth on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock();

    beforeAll(async () => {
      t = await startTestApi({
        provider,
        clock,
        env: {
          STAFF_MAX_FAILED_LOGINS: String(MAX_FAILED),
          STAFF_LOCKOUT_SEC: String(LOCKOUT_SEC),
          ACCESS_TOKEN_TTL_SEC: String(ACCESS_TTL_SEC),
          MQTT_PORT: "0", // the device broker on a free port, not 1883
        },
      });
    });
    afterAll(() => t?.close());

    const wechatLogin = (code: string) =>
      t.request<TokenBody & ErrorBody>("POST", "/api/auth/wechat/login", { body: { code } });
    const staffLogin = (username: string, password: string) =>
      t.request<TokenBody & ErrorBody>("POST", "/api/auth/staff/login", { body: { username, password } });
    const password = (username: string) => {
      const s = t.demo.staff.find((x) => x.username === username);
      if (!s) throw new Error(`no demo staff ${username}`);
      return s.password;
    };
    const me = (token: string) =>
      t.request<{ id: string; kind: string; phone?: string | null } & ErrorBody>("GET", "/api/me", { token });
    const refresh = (refreshToken: string) =>
      t.request<TokenBody & ErrorBody>("POST", "/api/auth/refresh", { body: { refreshToken } });
    const countRequests = (path: string) => t.wechat.requests.filter((r) => r.path === path).length;

    describe("residents: WeChat code exchange", () => {
      it("a minted code signs in once; a second use of the same code is refused (40163)", async () => {
        const code = t.wechat.mintCode("openid_auth_once");
        const first = await wechatLogin(code);
        expect(first.status).toBe(200);
        expect(first.body.user.kind).toBe("resident");
        expect(first.body.accessToken).toEqual(expect.any(String));
        expect(first.body.refreshToken).toEqual(expect.any(String));
        expect(first.body.expiresIn).toBe(ACCESS_TTL_SEC);
        const who = await me(first.body.accessToken);
        expect(who.status).toBe(200);
        expect(who.body.id).toBe(first.body.user.id);

        const again = await wechatLogin(code);
        expect(again.status).toBe(400);
        expect(again.body.error.code).toBe("WECHAT_CODE_INVALID");

        // the same WeChat user signing in again with a new code is the same resident
        const second = await wechatLogin(t.wechat.mintCode("openid_auth_once"));
        expect(second.status).toBe(200);
        expect(second.body.user.id).toBe(first.body.user.id);
      });

      it("an unknown code (40029) is 400 WECHAT_CODE_INVALID", async () => {
        const res = await wechatLogin("code_never_minted");
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("WECHAT_CODE_INVALID");
      });

      it("a high-risk user (40226) is 403 WECHAT_RISKY_USER", async () => {
        const res = await wechatLogin("risky");
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe("WECHAT_RISKY_USER");
      });

      it("WeChat's rate limit (45011) is 429 RATE_LIMITED, and the next try works", async () => {
        const code = t.wechat.mintCode("openid_auth_rate");
        t.wechat.failNext("/sns/jscode2session", 45011);
        const limited = await wechatLogin(code);
        expect(limited.status).toBe(429);
        expect(limited.body.error.code).toBe("RATE_LIMITED");
        const ok = await wechatLogin(code);
        expect(ok.status).toBe(200);
      });

      it("WeChat unreachable is 502 WECHAT_UNAVAILABLE", async () => {
        const port = Number(new URL(t.wechat.baseUrl).port);
        await t.wechat.stop();
        try {
          const res = await wechatLogin("code_while_down");
          expect(res.status).toBe(502);
          expect(res.body.error.code).toBe("WECHAT_UNAVAILABLE");
          expect(res.body.error.requestId).toEqual(expect.any(String));
        } finally {
          await t.wechat.start(port);
        }
        const back = await wechatLogin(t.wechat.mintCode("openid_auth_back"));
        expect(back.status).toBe(200);
      });
    });

    describe("residents: phone number", () => {
      it("a getPhoneNumber code stores the phone; an expired WeChat access token is refreshed once", async () => {
        const login = await wechatLogin(t.wechat.mintCode("openid_auth_phone"));
        expect(login.status).toBe(200);
        const token = login.body.accessToken;
        expect(login.body.user.phone).toBeNull();
        // the access token was fetched at start (notifications keep one ready, not awaited), not by this sign-in
        await vi.waitFor(() => expect(countRequests("/cgi-bin/stable_token")).toBe(1), { timeout: 5000 });

        const first = await t.request<{ phone: string }>("POST", "/api/auth/wechat/phone", {
          token,
          body: { code: t.wechat.mintPhoneCode("13912345678") },
        });
        expect(first.status).toBe(200);
        expect(first.body.phone).toBe("13912345678");
        expect((await me(token)).body.phone).toBe("13912345678");
        expect(countRequests("/cgi-bin/stable_token")).toBe(1); // the phone call used the token kept ready

        t.wechat.expireTokens();
        const phoneCallsBefore = countRequests("/wxa/business/getuserphonenumber");
        const second = await t.request<{ phone: string }>("POST", "/api/auth/wechat/phone", {
          token,
          body: { code: t.wechat.mintPhoneCode("13987654321") },
        });
        expect(second.status).toBe(200);
        expect(second.body.phone).toBe("13987654321");
        expect((await me(token)).body.phone).toBe("13987654321");
        // one refused call (42001), a new token, one retry
        expect(countRequests("/cgi-bin/stable_token")).toBe(2);
        expect(countRequests("/wxa/business/getuserphonenumber")).toBe(phoneCallsBefore + 2);
      });

      it("an unknown phone code is 400 WECHAT_CODE_INVALID and changes nothing", async () => {
        const login = await wechatLogin(t.wechat.mintCode("openid_auth_phone2"));
        const token = login.body.accessToken;
        const res = await t.request<ErrorBody>("POST", "/api/auth/wechat/phone", {
          token,
          body: { code: "phone_never_minted" },
        });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("WECHAT_CODE_INVALID");
        expect((await me(token)).body.phone).toBeNull();
      });
    });

    describe("staff: password sign-in and lock-out", () => {
      it("signs in by username and by phone", async () => {
        const byName = await staffLogin("supervisor", password("supervisor"));
        expect(byName.status).toBe(200);
        expect(byName.body.user.kind).toBe("staff");
        expect(byName.body.user.role).toBe("FIRE_SUPERVISOR");

        const row = await t.api.db.prisma.staffUser.findUnique({ where: { username: "supervisor" } });
        expect(row?.phone).toMatch(/^1\d{10}$/);
        const byPhone = await staffLogin(row!.phone!, password("supervisor"));
        expect(byPhone.status).toBe(200);
        expect(byPhone.body.user.id).toBe(byName.body.user.id);
        expect((await me(byPhone.body.accessToken)).body.id).toBe(row!.id);
      });

      it("a wrong password is 401 INVALID_CREDENTIALS, with the same answer as an unknown user", async () => {
        const wrong = await staffLogin("coordinator", `${password("coordinator")}x`);
        expect(wrong.status).toBe(401);
        expect(wrong.body.error.code).toBe("INVALID_CREDENTIALS");
        expect(wrong.body).not.toHaveProperty("accessToken");

        const unknown = await staffLogin("nobody_here", "whatever-password");
        expect(unknown.status).toBe(401);
        expect(unknown.body.error.code).toBe("INVALID_CREDENTIALS");
        expect(unknown.body.error.message).toBe(wrong.body.error.message);

        const ok = await staffLogin("coordinator", password("coordinator"));
        expect(ok.status).toBe(200);
      });

      it("an unknown user costs a password check too, so timing does not tell which accounts exist", async () => {
        const verify = vi.spyOn(argon2, "verify");
        try {
          const unknown = await staffLogin("nobody_here_either", "whatever-password");
          expect(unknown.status).toBe(401);
          expect(verify).toHaveBeenCalledTimes(1);
          verify.mockClear();
          const wrong = await staffLogin("coordinator", "wrong-password");
          expect(wrong.status).toBe(401);
          expect(verify).toHaveBeenCalledTimes(1);
        } finally {
          verify.mockRestore();
        }
        expect((await staffLogin("coordinator", password("coordinator"))).status).toBe(200);
      });

      it("a successful sign-in resets the count of failures", async () => {
        const user = "manager_b";
        for (let i = 0; i < MAX_FAILED - 1; i++) expect((await staffLogin(user, "wrong-password")).status).toBe(401);
        expect((await staffLogin(user, password(user))).status).toBe(200);
        for (let i = 0; i < MAX_FAILED - 1; i++) expect((await staffLogin(user, "wrong-password")).status).toBe(401);
        expect((await staffLogin(user, password(user))).status).toBe(200);
      });

      it(`after ${MAX_FAILED} wrong passwords from one address, attempts from there wait (429), the right password too, and the wait ends`, async () => {
        const user = "staff_a";
        for (let i = 1; i <= MAX_FAILED; i++) {
          const r = await staffLogin(user, "wrong-password");
          expect(r.status, `attempt ${i}`).toBe(401);
          expect(r.body.error.code).toBe("INVALID_CREDENTIALS");
        }
        const right = await staffLogin(user, password(user));
        expect(right.status).toBe(429);
        expect(right.body.error.code).toBe("RATE_LIMITED");
        expect(right.body).not.toHaveProperty("accessToken");
        const wait = Number(right.headers.get("retry-after"));
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(LOCKOUT_SEC);

        clock.advance(wait * 1000);
        const after = await staffLogin(user, password(user));
        expect(after.status).toBe(200);
        expect(after.body.user.role).toBe("PROPERTY_STAFF");

        // the count starts again from zero: one wrong password is just wrong
        const wrong = await staffLogin(user, "wrong-password");
        expect(wrong.status).toBe(401);
        expect(wrong.body.error.code).toBe("INVALID_CREDENTIALS");
      });
      it("wrong passwords sent all at once are each counted: only the free ones are checked", async () => {
        const user = "admin";
        const burst = await Promise.all(
          Array.from({ length: MAX_FAILED * 2 }, () => staffLogin(user, "wrong-password")),
        );
        expect(burst.filter((r) => r.status === 401)).toHaveLength(MAX_FAILED);
        expect(burst.filter((r) => r.status === 429)).toHaveLength(MAX_FAILED);
        const right = await staffLogin(user, password(user));
        expect(right.status).toBe(429);
        clock.advance((LOCKOUT_SEC + 1) * 1000);
        expect((await staffLogin(user, password(user))).status).toBe(200);
      });
    });

    describe("tokens", () => {
      it(`an access token expires after ACCESS_TOKEN_TTL_SEC; refresh gives a new pair and the old refresh token fails`, async () => {
        const login = await staffLogin("manager_a", password("manager_a"));
        expect(login.status).toBe(200);
        expect(login.body.expiresIn).toBe(ACCESS_TTL_SEC);
        const { accessToken, refreshToken } = login.body;
        expect((await me(accessToken)).status).toBe(200);

        clock.advance((ACCESS_TTL_SEC - 1) * 1000);
        expect((await me(accessToken)).status).toBe(200);
        clock.advance(1000);
        const expired = await me(accessToken);
        expect(expired.status).toBe(401);
        expect(expired.body.error.code).toBe("TOKEN_INVALID");

        const next = await refresh(refreshToken);
        expect(next.status).toBe(200);
        expect(next.body.accessToken).not.toBe(accessToken);
        expect(next.body.refreshToken).not.toBe(refreshToken);
        expect(next.body.user.id).toBe(login.body.user.id);
        expect(next.body.user.role).toBe("PROPERTY_MANAGER");
        const who = await me(next.body.accessToken);
        expect(who.status).toBe(200);
        expect(who.body.id).toBe(login.body.user.id);

        const old = await refresh(refreshToken);
        expect(old.status).toBe(401);
        expect(old.body.error.code).toBe("TOKEN_INVALID");
      });

      it("reusing a rotated refresh token revokes the newer one too, and only that user's", async () => {
        const other = await staffLogin("supervisor", password("supervisor"));
        const login = await staffLogin("manager_a", password("manager_a"));
        const r1 = login.body.refreshToken;
        const second = await refresh(r1);
        expect(second.status).toBe(200);
        const r2 = second.body.refreshToken;
        const third = await refresh(r2);
        expect(third.status).toBe(200);
        const r3 = third.body.refreshToken;

        const reuse = await refresh(r1);
        expect(reuse.status).toBe(401);
        expect(reuse.body.error.code).toBe("TOKEN_INVALID");

        const newest = await refresh(r3);
        expect(newest.status).toBe(401);
        expect(newest.body.error.code).toBe("TOKEN_INVALID");

        // another user's session is untouched
        expect((await refresh(other.body.refreshToken)).status).toBe(200);
      });

      it("a resident's refresh token rotates too", async () => {
        const login = await wechatLogin(t.wechat.mintCode("openid_auth_refresh"));
        const next = await refresh(login.body.refreshToken);
        expect(next.status).toBe(200);
        expect(next.body.user.kind).toBe("resident");
        expect(next.body.user.id).toBe(login.body.user.id);
        expect((await me(next.body.accessToken)).body.id).toBe(login.body.user.id);
      });

      it("logout revokes the refresh token", async () => {
        const login = await staffLogin("centre", password("centre"));
        const out = await t.request("POST", "/api/auth/logout", { body: { refreshToken: login.body.refreshToken } });
        expect(out.status).toBe(204);
        const after = await refresh(login.body.refreshToken);
        expect(after.status).toBe(401);
        expect(after.body.error.code).toBe("TOKEN_INVALID");
      });

      it("logging out on one device does not sign the user out elsewhere, even if the old token is tried again", async () => {
        const phone = await staffLogin("centre", password("centre"));
        const portal = await staffLogin("centre", password("centre"));
        const out = await t.request("POST", "/api/auth/logout", { body: { refreshToken: portal.body.refreshToken } });
        expect(out.status).toBe(204);
        // a second tab still holding the logged-out token tries it
        expect((await refresh(portal.body.refreshToken)).status).toBe(401);
        // that is not a leaked, rotated token: the other session keeps working
        const still = await refresh(phone.body.refreshToken);
        expect(still.status).toBe(200);
      });

      it("an account its administrator stops is signed out everywhere at once, and stays out once started again", async () => {
        const [phone, desk] = [
          await staffLogin("manager_a", password("manager_a")),
          await staffLogin("manager_a", password("manager_a")),
        ];
        const communities = (token: string) => t.request<ErrorBody>("GET", "/api/communities", { token });
        expect((await communities(desk.body.accessToken)).status).toBe(200);
        const id = (await me(desk.body.accessToken)).body.id;
        const admin = await t.loginStaff("admin");
        const stop = await t.request("PATCH", `/api/setup/staff/${id}`, { token: admin, body: { active: false } });
        expect(stop.status).toBe(200);
        // the scope came with the token: without the session check the old token read the company's homes on
        for (const s of [phone, desk]) {
          const r = await communities(s.body.accessToken);
          expect(r.status).toBe(401);
          expect(r.body.error.code).toBe("TOKEN_INVALID");
          expect((await refresh(s.body.refreshToken)).status).toBe(401);
        }
        expect((await staffLogin("manager_a", password("manager_a"))).status).toBe(401);
        const start = await t.request("PATCH", `/api/setup/staff/${id}`, { token: admin, body: { active: true } });
        expect(start.status).toBe(200);
        expect((await communities(desk.body.accessToken)).status).toBe(401);
        const again = await staffLogin("manager_a", password("manager_a"));
        expect(again.status).toBe(200);
        expect((await communities(again.body.accessToken)).status).toBe(200);
        // only that account: the administrator's own session goes on
        expect((await t.request("GET", "/api/communities", { token: admin })).status).toBe(200);
      });

      it("an unknown or forged refresh token is 401", async () => {
        const res = await refresh("not-a-token-we-issued");
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe("TOKEN_INVALID");
      });
    });
  });
}
