// Issue 12 item 6, staff sign-in, as the attacks: anyone could lock any staff account for 15 minutes;
// 423-vs-401 told real usernames from unknown ones; 40 guesses sent at once were checked 22 times, not 5.
// Now guessing is slowed per name and address (never a lock a stranger can set), answers are the same for
// unknown names, and concurrent guesses are counted one by one. Addresses come from X-Forwarded-For, as
// behind the TLS proxy of a deployment (TRUST_PROXY=true: the last entry, the one the proxy added).
import argon2 from "argon2";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Body = { accessToken?: string; error?: { code: string; message: string; requestId?: string } };
const FREE = 5;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip)(`staff sign-in abuse on ${provider} (issue 12 item 6)`, () => {
    let t: TestApi;
    const clock = new ManualClock();
    beforeAll(async () => {
      t = await startTestApi({
        provider,
        clock,
        env: { TRUST_PROXY: "true", STAFF_MAX_FAILED_LOGINS: String(FREE), STAFF_LOCKOUT_SEC: "900" },
      });
    });
    afterAll(() => t?.close());

    const password = (u: string) => t.demo.staff.find((s) => s.username === u)!.password;
    const login = (username: string, pw: string, from: string) =>
      t.request<Body>("POST", "/api/auth/staff/login", {
        body: { username, password: pw },
        headers: { "x-forwarded-for": `10.9.9.9, ${from}` }, // the first entry is the client's claim: ignored
      });
    const counter = async (outcome: string) => {
      const text = await t.api.services.metrics.registry.getSingleMetricAsString("anxin_staff_login_attempts_total");
      return Number(new RegExp(`outcome="${outcome}"} (\\d+)`).exec(text)?.[1] ?? 0);
    };
    const shape = (r: { status: number; body: Body; headers: Headers }) => ({
      status: r.status,
      code: r.body.error?.code,
      message: r.body.error?.message,
      retryAfter: r.headers.get("retry-after"),
    });

    it("the attack: a stranger's guesses from one address do not lock the real user out", async () => {
      const stranger = "203.0.113.9";
      const answers = [];
      for (let i = 0; i < 20; i++) answers.push(await login("staff_a", `guess-${i}`, stranger));
      expect(answers.slice(0, FREE).map((r) => r.status)).toEqual(Array(FREE).fill(401));
      for (const r of answers.slice(FREE)) {
        expect(r.status).toBe(429);
        expect(r.body.error!.code).toBe("RATE_LIMITED");
        expect(r.body.error!.message).toMatch(/请 \d+ 秒后再试/);
        expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      }
      // the real user, at the office
      const real = await login("staff_a", password("staff_a"), "198.51.100.7");
      expect(real.status).toBe(200);
      expect(real.body.accessToken).toBeTruthy();
    });

    it("40 guesses sent at once: 5 are checked, 35 refused unchecked, and every one is counted", async () => {
      const verify = vi.spyOn(argon2, "verify");
      const before = { wrong: await counter("wrong"), throttled: await counter("throttled") };
      try {
        const burst = await Promise.all(
          Array.from({ length: 40 }, (_, i) => login("manager_b", `x${i}`, "203.0.113.10")),
        );
        const statuses = burst.map((r) => r.status);
        expect(statuses.filter((s) => s === 401)).toHaveLength(FREE);
        expect(statuses.filter((s) => s === 429)).toHaveLength(40 - FREE);
        expect(verify).toHaveBeenCalledTimes(FREE);
      } finally {
        verify.mockRestore();
      }
      expect((await counter("wrong")) - before.wrong).toBe(FREE);
      expect((await counter("throttled")) - before.throttled).toBe(40 - FREE);
      const row = await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "manager_b" } });
      expect(row.failedLogins).toBe(FREE);
    });

    it("an unknown name gets exactly the answers a real one gets, after the same work", async () => {
      const verify = vi.spyOn(argon2, "verify");
      try {
        const seq = async (username: string, from: string) => {
          const out = [];
          for (let i = 0; i < FREE + 2; i++) out.push(shape(await login(username, "wrong-password", from)));
          return out;
        };
        const real = await seq("coordinator", "203.0.113.21");
        const realChecks = verify.mock.calls.length;
        verify.mockClear();
        const unknown = await seq("nobody_by_this_name", "203.0.113.22");
        expect(unknown).toEqual(real);
        expect(verify.mock.calls.length).toBe(realChecks);
        expect(real.map((r) => r.status)).toEqual([...Array(FREE).fill(401), 429, 429]);
      } finally {
        verify.mockRestore();
      }
    });

    it("the waits grow after each further failure and end; then the right password works from there too", async () => {
      const from = "203.0.113.30";
      for (let i = 0; i < FREE; i++) expect((await login("supervisor", "nope", from)).status).toBe(401);
      const first = await login("supervisor", password("supervisor"), from);
      expect(first.status).toBe(429); // even the right password waits its turn here
      const wait1 = Number(first.headers.get("retry-after"));
      clock.advance(wait1 * 1000);
      expect((await login("supervisor", "nope", from)).status).toBe(401);
      const second = await login("supervisor", "nope", from);
      expect(second.status).toBe(429);
      expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(wait1);
      clock.advance(Number(second.headers.get("retry-after")) * 1000);
      expect((await login("supervisor", password("supervisor"), from)).status).toBe(200);
      expect((await login("supervisor", "nope", from)).status).toBe(401); // counting starts again
    });

    it("one address guessing many names is slowed down as a whole", async () => {
      const from = "203.0.113.40";
      const statuses = [];
      for (let i = 0; i < 40; i++) statuses.push((await login(`spray_${i}`, "Password1", from)).status);
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
      expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
      expect((await login("admin", password("admin"), "203.0.113.41")).status).toBe(200);
    });
  });
}
