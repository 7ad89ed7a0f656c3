// Capacity is never oversold under concurrent requests, on SQLite and on PostgreSQL (issue 6): 100
// simultaneous booking requests over HTTP for 30 seats end with exactly 30 confirmed and every other
// request waitlisted or refused with a reason; the seat counters always equal the bookings that hold seats.
// Every burst is bounded in count and time and goes to the in-process API on 127.0.0.1 only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { addDays, countyInstant } from "../../api/src/shared/county-time.ts";
import type { BookingView, CentreView, SessionView } from "../../api/src/contract/bookings.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const TODAY = "2026-11-28";
const REQUESTS = 100;
const SEATS = 30;
const BURST_LIMIT_MS = 60_000;

type Reply = { status: number; body: BookingView & { error?: { code: string; message: string } } };

const suites = await providers();

for (const { provider, skip } of suites) {
  if (skip) console.warn(`[skipped] booking concurrency suite on ${provider}: ${skip}`);

  describe.skipIf(skip !== null)(`concurrent bookings on ${provider}`, () => {
    let t: TestApi;
    let admin: string;
    let centreId: string;
    const tokens: string[] = [];
    let seq = 0;

    beforeAll(async () => {
      t = await startTestApi({
        provider,
        clock: new ManualClock(countyInstant(TODAY, "10:00")),
        env: { MQTT_PORT: "0" },
      });
      admin = await t.loginStaff("admin");
      centreId = (await t.request<{ items: CentreView[] }>("GET", "/api/centres")).body.items.find(
        (c) => c.level === "COUNTY",
      )!.id;
      for (let i = 0; i < REQUESTS; i += 10) {
        tokens.push(
          ...(await Promise.all(Array.from({ length: 10 }, (_, j) => t.loginResident(`load_${provider}_${i + j}`)))),
        );
      }
    }, 120_000);
    afterAll(() => t?.close());

    async function newSession(capacity: number, waitlistCapacity: number): Promise<SessionView> {
      const r = await t.request<SessionView>("POST", `/api/centres/${centreId}/sessions`, {
        token: admin,
        body: {
          date: addDays(TODAY, 3),
          startTime: `${String(8 + ++seq).padStart(2, "0")}:00`,
          endTime: `${String(8 + seq).padStart(2, "0")}:50`,
          topic: "SMOKE_ESCAPE",
          title: `并发场次 ${seq}`,
          capacity,
          waitlistCapacity,
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    }

    async function burst(requests: (() => Promise<Reply>)[]): Promise<Reply[]> {
      const started = Date.now();
      const replies = await Promise.all(requests.map((f) => f()));
      expect(Date.now() - started).toBeLessThan(BURST_LIMIT_MS);
      return replies;
    }

    const book =
      (token: string, sessionId: string, seats = 1) =>
      () =>
        t.request("POST", `/api/sessions/${sessionId}/bookings`, {
          token,
          body: { seats, contactPhone: "13900000009" },
        }) as Promise<Reply>;

    /** The counters on the session row equal what the booking rows hold. */
    async function assertLedger(sessionId: string) {
      const prisma = t.api.db.prisma;
      const s = await prisma.centreSession.findUniqueOrThrow({ where: { id: sessionId } });
      const rows = await prisma.booking.findMany({ where: { sessionId } });
      const sum = (st: string[]) => rows.filter((b) => st.includes(b.status)).reduce((n, b) => n + b.seats, 0);
      expect(s.bookedSeats).toBe(sum(["CONFIRMED", "OFFERED", "CHECKED_IN"]));
      expect(s.waitlistedSeats).toBe(sum(["WAITLISTED"]));
      expect(s.bookedSeats).toBeLessThanOrEqual(s.capacity);
      expect(s.waitlistedSeats).toBeLessThanOrEqual(s.waitlistCapacity);
      return { s, rows };
    }

    it(`${REQUESTS} simultaneous requests for ${SEATS} seats: exactly ${SEATS} confirmed, the rest waitlisted or refused with a reason`, async () => {
      const session = await newSession(SEATS, SEATS);
      const replies = await burst(tokens.map((tk) => book(tk, session.id)));

      const confirmed = replies.filter((r) => r.status === 201 && r.body.status === "CONFIRMED");
      const waitlisted = replies.filter((r) => r.status === 201 && r.body.status === "WAITLISTED");
      const refused = replies.filter((r) => r.status === 409 && r.body.error?.code === "SESSION_FULL");
      expect(confirmed).toHaveLength(SEATS);
      expect(waitlisted).toHaveLength(SEATS); // the line holds as many seats as the session
      expect(refused).toHaveLength(REQUESTS - 2 * SEATS);
      expect(confirmed.length + waitlisted.length + refused.length).toBe(REQUESTS); // nothing else: no 500, no timeout
      for (const w of waitlisted) expect(w.body.waitReason).toContain("名额已满");
      for (const r of refused) expect(r.body.error!.message).toContain("已满");
      expect(waitlisted.map((w) => w.body.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: SEATS }, (_, i) => i + 1),
      );

      const { s } = await assertLedger(session.id);
      expect(s.bookedSeats).toBe(SEATS);
      const view = (await t.request<SessionView>("GET", `/api/sessions/${session.id}`)).body;
      expect(view).toMatchObject({ seatsLeft: 0, waitlistSeatsLeft: 0 });
    });

    it("parties of 1 to 4 at once never oversell; cancellations racing new bookings keep the counters true", async () => {
      const session = await newSession(SEATS, 20);
      const first = await burst(tokens.slice(0, 40).map((tk, i) => book(tk, session.id, 1 + (i % 4))));
      for (const r of first) expect([201, 409]).toContain(r.status);
      const { s } = await assertLedger(session.id);
      expect(s.bookedSeats).toBeGreaterThanOrEqual(SEATS - 3); // at most a party of 4 could not fit in the last seats

      // half of the confirmed cancel while 40 other residents book
      const held = first.filter((r) => r.body.status === "CONFIRMED");
      const cancels = held.slice(0, Math.floor(held.length / 2)).map((r) => {
        const owner = tokens[first.indexOf(r)]!;
        return () =>
          t.request("POST", `/api/bookings/${r.body.id}/cancel`, { token: owner, body: {} }) as Promise<Reply>;
      });
      const newcomers = tokens.slice(40, 80).map((tk) => book(tk, session.id, 2));
      const second = await burst([...cancels, ...newcomers].sort(() => 0.5 - Math.random()));
      for (const r of second) expect([200, 201, 409], JSON.stringify(r.body)).toContain(r.status);
      await assertLedger(session.id);
    });

    it("one resident tapping Book ten times at once gets one booking", async () => {
      const session = await newSession(SEATS, SEATS);
      const replies = await burst(Array.from({ length: 10 }, () => book(tokens[99]!, session.id, 2)));
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      // the others: already booked, or (past the per-account booking rate) told to slow down
      for (const r of replies.filter((x) => x.status !== 201))
        expect(["ALREADY_BOOKED", "RATE_LIMITED"]).toContain(r.body.error!.code);
      const { s } = await assertLedger(session.id);
      expect(s.bookedSeats).toBe(2);
    });
  });
}
