// Issue 12 items 6 and 7, the HTTP side, as the attacks: there was no rate limit anywhere (a sign-in flood
// slowed the API from 8 ms to 527 ms), and a new resident with no home booked 6 seats in each of 15
// sessions. Now sign-in, codes (invitations, device binding codes), ticket scans and bookings have token
// buckets per account and per address, answered with 429, Retry-After and a Chinese message; and a resident
// holds at most 3 family bookings for sessions not yet started.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Res = { status: number; body: { error?: { code: string; message: string } }; headers: Headers };
let t: TestApi;

beforeAll(async () => {
  t = await startTestApi({ env: { TRUST_PROXY: "true" } });
});
afterAll(() => t?.close());

function expect429(r: Res, what: RegExp): void {
  expect(r.status).toBe(429);
  expect(r.body.error!.code).toBe("RATE_LIMITED");
  expect(r.body.error!.message).toMatch(what);
  expect(r.body.error!.message).toMatch(/请 \d+ (秒|分钟)后再试/);
  expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
}

describe("rate limits and the booking cap (issue 12 items 6 and 7)", () => {
  it("the attack: a new resident with no home books 6 seats in each of 15 sessions; 3 are kept, then 429", async () => {
    const sessions = (
      await t.request<{ items: { id: string; seatsLeft: number; status: string; startsAt: string }[] }>(
        "GET",
        "/api/sessions",
      )
    ).body.items.filter((s) => s.status === "OPEN" && s.seatsLeft >= 6 && Date.parse(s.startsAt) > Date.now());
    expect(sessions.length).toBeGreaterThanOrEqual(15);
    const token = await t.loginResident("hoarder");
    const answers: Res[] = [];
    for (const s of sessions.slice(0, 15))
      answers.push(
        await t.request("POST", `/api/sessions/${s.id}/bookings`, {
          token,
          body: { seats: 6, contactPhone: "13900000001" },
        }),
      );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.slice(3, 10).every((s) => s === 409)).toBe(true);
    expect(answers[3]!.body.error!.message).toMatch(/最多同时保留 3 个/);
    for (const r of answers.slice(10)) expect429(r, /预约过于频繁/);
    const me = await t.request<{ id: string }>("GET", "/api/me", { token });
    const held = await t.api.db.prisma.booking.aggregate({
      where: { residentId: me.body.id, status: { in: ["CONFIRMED", "WAITLISTED", "OFFERED"] } },
      _sum: { seats: true },
    });
    expect(held._sum.seats).toBe(18);
  });

  it("invitation codes cannot be tried at speed: 10, then 429", async () => {
    const token = await t.loginResident("guesser");
    const statuses: Res[] = [];
    for (let i = 0; i < 14; i++)
      statuses.push(await t.request("POST", "/api/households/join", { token, body: { code: `ZZZZ${1000 + i}` } }));
    expect(statuses.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(400));
    for (const r of statuses.slice(10)) expect429(r, /验证过于频繁/);
  });

  it("device binding codes likewise", async () => {
    const token = await t.loginResident("binder");
    const home = await t.request<{ householdId: string }>("POST", "/api/households/join", {
      token,
      body: { code: t.demo.ownerInvites[0]!.code },
    });
    const answers: Res[] = [];
    for (let i = 0; i < 12; i++)
      answers.push(
        await t.request("POST", "/api/devices/bind", {
          token,
          body: { serial: `SN-NOPE-${i}`, bindCode: "000000", householdId: home.body.householdId },
        }),
      );
    // the join above took one of the ten
    expect(answers.slice(0, 9).every((r) => r.status !== 429)).toBe(true);
    for (const r of answers.slice(9)) expect429(r, /验证过于频繁/);
  });

  it("ticket scans: a burst beyond a school group at the door is refused", async () => {
    const token = await t.loginStaff("centre");
    const answers: Res[] = [];
    for (let i = 0; i < 135; i++)
      answers.push(await t.request("POST", "/api/check-in", { token, body: { ticket: `forged-${i}` } }));
    expect(answers.slice(0, 120).every((r) => r.status === 200)).toBe(true);
    // a token comes back every second: a few of the last fifteen may pass
    const limited = answers.slice(120).filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    for (const r of limited) expect429(r, /验票过于频繁/);
  });

  it("sign-ins from one address: 60 at once, then 429 for that address only", async () => {
    const login = (code: string, from: string) =>
      t.request<Res["body"]>("POST", "/api/auth/wechat/login", {
        body: { code },
        headers: { "x-forwarded-for": from },
      });
    const answers: Res[] = [];
    for (let i = 0; i < 70; i++) answers.push(await login(`demo-h5:flood${i}`, "203.0.113.50"));
    expect(answers.slice(0, 60).every((r) => r.status === 200)).toBe(true);
    const limited = answers.slice(60).filter((r) => r.status === 429); // a token back every 2 s
    expect(limited.length).toBeGreaterThanOrEqual(5);
    for (const r of limited) expect429(r, /登录过于频繁/);
    expect((await login("demo-h5:neighbour", "203.0.113.51")).status).toBe(200);
  });
});
