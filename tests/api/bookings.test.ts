// Experience centre bookings end to end over HTTP, on SQLite and on PostgreSQL (issue 6): the calendar,
// family and group bookings, the first-in-first-out waitlist with offers that expire, cancellation rules,
// reminders the day before, signed tickets and the three check-in outcomes, no-shows, closures, statistics
// and who sees what. Time comes from a ManualClock; the jobs run when a test calls runDue().
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { addDays, countyInstant } from "../../api/src/shared/county-time.ts";
import type { BookingView, CentreView, CheckInResult, SessionView } from "../../api/src/contract/bookings.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const TODAY = "2026-11-28"; // a Saturday; the clock starts at 10:00 county time
const T0 = countyInstant(TODAY, "10:00");
const MIN = 60_000;
const HOUR = 60 * MIN;
const PHONE = "13900000001";

interface ErrorBody {
  error: { code: string; message: string };
}

const suites = await providers();

for (const { provider, skip } of suites) {
  if (skip) console.warn(`[skipped] bookings suite on ${provider}: ${skip}`);

  describe.skipIf(skip !== null)(`bookings on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(T0);
    const centres: Record<"county" | "township" | "community", CentreView> = {} as never;
    let admin: string;
    let seq = 0;

    beforeAll(async () => {
      // access tokens that outlive the days the clock is moved forward
      t = await startTestApi({
        provider,
        clock,
        env: { ACCESS_TOKEN_TTL_SEC: String(90 * 24 * 3600), MQTT_PORT: "0" },
      });
      admin = await t.loginStaff("admin");
      const list = await t.request<{ items: CentreView[] }>("GET", "/api/centres");
      for (const c of list.body.items)
        centres[c.level === "COUNTY" ? "county" : c.level === "TOWNSHIP" ? "township" : "community"] = c;
    });
    afterAll(() => t?.close());
    beforeEach(() => clock.set(T0));

    const prisma = () => t.api.db.prisma;
    const resident = (key: string) => t.loginResident(`${provider}_${key}`.replace(/[^a-z0-9_]/g, "_"));

    async function newSession(o: {
      day: number;
      start?: string;
      end?: string;
      capacity: number;
      waitlist?: number;
      centre?: keyof typeof centres;
    }): Promise<SessionView> {
      const r = await t.request<SessionView>("POST", `/api/centres/${centres[o.centre ?? "county"].id}/sessions`, {
        token: admin,
        body: {
          date: addDays(TODAY, o.day),
          startTime: o.start ?? "10:00",
          endTime: o.end ?? "11:00",
          topic: "SMOKE_ESCAPE",
          title: `测试场次 ${++seq}`,
          capacity: o.capacity,
          ...(o.waitlist !== undefined ? { waitlistCapacity: o.waitlist } : {}),
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    }

    const book = (token: string, sessionId: string, seats = 1) =>
      t.request<BookingView & ErrorBody>("POST", `/api/sessions/${sessionId}/bookings`, {
        token,
        body: { seats, contactPhone: PHONE },
      });
    const get = (token: string, id: string) =>
      t.request<BookingView & ErrorBody>("GET", `/api/bookings/${id}`, { token });
    const session = async (id: string) => (await t.request<SessionView>("GET", `/api/sessions/${id}`)).body;

    describe("centres and the calendar", () => {
      it("lists three centres of three levels, run by the county, a township and a property company", async () => {
        const r = await t.request<{ items: CentreView[] }>("GET", "/api/centres");
        expect(r.status).toBe(200);
        expect(r.body.items.map((c) => [c.level, c.runBy.kind])).toEqual([
          ["COUNTY", "county"],
          ["TOWNSHIP", "township"],
          ["COMMUNITY", "company"],
        ]);
        expect(centres.county.facilities.length).toBeGreaterThan(0);
        expect(centres.township.townshipName).toBe("青石镇");
      });

      it("sorts centres nearest first from where the resident is", async () => {
        const r = await t.request<{ items: CentreView[] }>("GET", "/api/centres?lat=28.7412&lng=115.9133");
        expect(r.body.items[0]!.name).toBe("青石镇消防安全体验站");
        expect(r.body.items[0]!.distanceKm).toBeLessThan(1);
        expect(r.body.items[1]!.distanceKm).toBeGreaterThan(r.body.items[0]!.distanceKm!);
      });

      it("refuses to rename a centre to another centre's name, with why (it was a 500)", async () => {
        const r = await t.request<{ error: { code: string; message: string } }>(
          "PATCH",
          `/api/centres/${centres.township.id}`,
          { token: await t.loginStaff("admin"), body: { name: centres.county.name } },
        );
        expect(r.status).toBe(409);
        expect(r.body.error.message).toBe("已有同名体验馆");
        const same = await t.request("PATCH", `/api/centres/${centres.township.id}`, {
          token: await t.loginStaff("admin"),
          body: { name: centres.township.name },
        });
        expect(same.status).toBe(200);
      });

      it("has demo sessions at every centre over the next 14 days", async () => {
        const r = await t.request<{ items: SessionView[] }>("GET", "/api/sessions");
        const dates = r.body.items.map((s) => s.date);
        expect(dates.every((d) => d >= TODAY && d <= addDays(TODAY, 13))).toBe(true);
        expect(new Set(r.body.items.map((s) => s.centreId))).toEqual(new Set(Object.values(centres).map((c) => c.id)));
        expect(new Set(dates).size).toBeGreaterThanOrEqual(12);
        const one = r.body.items.find((s) => s.topic === "EXTINGUISHER_USE")!;
        expect(one).toMatchObject({
          startTime: "14:30",
          endTime: "15:30",
          capacity: 30,
          seatsLeft: 30,
          status: "OPEN",
        });
      });
    });

    describe("family bookings", () => {
      it("confirms seats, schedules the reminder, refuses a second booking of the same session", async () => {
        const s = await newSession({ day: 3, capacity: 10 });
        const token = await resident("family");
        const r = await book(token, s.id, 3);
        expect(r.status).toBe(201);
        expect(r.body).toMatchObject({ status: "CONFIRMED", seats: 3, waitlistPosition: null, cancellable: true });
        expect((await session(s.id)).seatsLeft).toBe(7);
        const timer = await prisma().timer.findUnique({ where: { key: `booking:${r.body.id}:reminder` } });
        expect(timer?.kind).toBe("booking.reminder");
        expect(timer?.dueAt.toISOString()).toBe(countyInstant(addDays(TODAY, 2), "18:00").toISOString());
        const again = await book(token, s.id, 1);
        expect(again.status).toBe(409);
        expect(again.body.error.code).toBe("ALREADY_BOOKED");
      });

      it("refuses bookings for a session that has started, and more seats than a family may book", async () => {
        const s = await newSession({ day: 0, start: "10:30", end: "11:30", capacity: 10 });
        clock.set(countyInstant(TODAY, "10:31"));
        const late = await book(await resident("late"), s.id);
        expect(late.status).toBe(409);
        expect(late.body.error.code).toBe("BOOKING_CLOSED");
        const big = await book(await resident("late"), s.id, 7);
        expect(big.status).toBe(400);
      });
    });

    describe("the waitlist", () => {
      it("waits in line with a reason, refuses when the line is full too", async () => {
        const s = await newSession({ day: 4, capacity: 2, waitlist: 2 });
        expect((await book(await resident("w1"), s.id, 2)).body.status).toBe("CONFIRMED");
        const w2 = await book(await resident("w2"), s.id, 1);
        expect(w2.status).toBe(201);
        expect(w2.body).toMatchObject({ status: "WAITLISTED", waitlistPosition: 1 });
        expect(w2.body.waitReason).toContain("名额已满");
        expect((await book(await resident("w3"), s.id, 1)).body).toMatchObject({
          status: "WAITLISTED",
          waitlistPosition: 2,
        });
        const full = await book(await resident("w4"), s.id, 1);
        expect(full.status).toBe(409);
        expect(full.body.error.code).toBe("SESSION_FULL");
        expect(full.body.error.message).toContain("候补名单也已排满");
      });

      it("offers freed seats first in, first out; an offer expires after 2 hours and passes on", async () => {
        const s = await newSession({ day: 5, capacity: 2, waitlist: 3 });
        const [a, b, c, d, e] = await Promise.all(["o1", "o2", "o3", "o4", "o5"].map(resident));
        const ba = await book(a!, s.id);
        const bb = await book(b!, s.id);
        const bc = await book(c!, s.id);
        const bd = await book(d!, s.id);
        const be = await book(e!, s.id);
        expect([ba, bb, bc, bd, be].map((x) => x.body.status)).toEqual([
          "CONFIRMED",
          "CONFIRMED",
          "WAITLISTED",
          "WAITLISTED",
          "WAITLISTED",
        ]);

        // a cancels: c (first in line) is offered the seat for 2 hours and told on WeChat
        expect((await t.request("POST", `/api/bookings/${ba.body.id}/cancel`, { token: a, body: {} })).status).toBe(
          200,
        );
        const offered = await get(c!, bc.body.id);
        expect(offered.body.status).toBe("OFFERED");
        expect(offered.body.offerExpiresAt).toBe(new Date(T0.getTime() + 2 * HOUR).toISOString());
        const wechat = await prisma().notification.findUnique({
          where: { dedupeKey: `booking.offer:${bc.body.id}:WECHAT` },
        });
        expect(wechat?.target).toMatch(/\S/);
        expect(JSON.parse(wechat!.payload).message).toContain("有空位了");
        expect((await get(d!, bd.body.id)).body).toMatchObject({ status: "WAITLISTED", waitlistPosition: 1 });
        expect((await session(s.id)).seatsLeft).toBe(0); // held for c

        // nobody answers: after 2 hours the jobs pass the seat to d
        clock.set(new Date(T0.getTime() + 2 * HOUR - MIN));
        await t.api.services.bookings.jobs.runDue();
        expect((await get(c!, bc.body.id)).body.status).toBe("OFFERED");
        clock.set(new Date(T0.getTime() + 2 * HOUR + MIN));
        const ran = await t.api.services.bookings.jobs.runDue();
        expect(ran.offersExpired).toBeGreaterThanOrEqual(1);
        expect((await get(c!, bc.body.id)).body.status).toBe("EXPIRED");
        expect((await get(d!, bd.body.id)).body.status).toBe("OFFERED");
        expect(
          (await t.request<ErrorBody>("POST", `/api/bookings/${bc.body.id}/accept-offer`, { token: c })).status,
        ).toBe(409);
        const accepted = await t.request<BookingView>("POST", `/api/bookings/${bd.body.id}/accept-offer`, { token: d });
        expect(accepted.body.status).toBe("CONFIRMED");
        expect(await prisma().timer.count({ where: { key: `booking:${bd.body.id}:reminder`, doneAt: null } })).toBe(1);

        // b cancels: e is offered; e answers too late (no job ran in between): refused, and the seat is free again
        const offeredAt = clock.now().getTime();
        await t.request("POST", `/api/bookings/${bb.body.id}/cancel`, { token: b, body: {} });
        expect((await get(e!, be.body.id)).body.status).toBe("OFFERED");
        clock.set(new Date(offeredAt + 2 * HOUR + MIN));
        const tooLate = await t.request<ErrorBody>("POST", `/api/bookings/${be.body.id}/accept-offer`, { token: e });
        expect(tooLate.status).toBe(409);
        expect(tooLate.body.error.code).toBe("OFFER_EXPIRED");
        const after = await session(s.id);
        expect(after).toMatchObject({ bookedSeats: 1, seatsLeft: 1, waitlistSeatsLeft: 3 });
      });

      it("offers to the first in line whose party fits the freed seats", async () => {
        const s = await newSession({ day: 5, start: "14:00", end: "15:00", capacity: 3, waitlist: 10 });
        const big = await book(await resident("f1"), s.id, 3);
        const coord = await t.loginStaff("coordinator");
        const group = await t.request<BookingView>("POST", `/api/sessions/${s.id}/group-bookings`, {
          token: coord,
          body: {
            groupType: "SCHOOL",
            groupName: "城关小学四年级",
            headCount: 3,
            contactName: "李老师",
            contactPhone: "13900000002",
          },
        });
        const small = await book(await resident("f2"), s.id, 2);
        expect([group.body.status, small.body.status]).toEqual(["WAITLISTED", "WAITLISTED"]);
        // the family of 3 cancels: the group is first in line and fits, so it is offered the seats, not the family behind it
        await t.request("POST", `/api/bookings/${big.body.id}/cancel`, { token: await resident("f1"), body: {} });
        expect((await get(coord, group.body.id)).body.status).toBe("OFFERED");
        expect((await get(await resident("f2"), small.body.id)).body.status).toBe("WAITLISTED");
        // the group declines (cancels the offer): 3 seats go to the 2-person family, which fits
        await t.request("POST", `/api/bookings/${group.body.id}/cancel`, {
          token: coord,
          body: { reason: "学校改期" },
        });
        expect((await get(await resident("f2"), small.body.id)).body.status).toBe("OFFERED");
      });
    });

    describe("cancellation and changes", () => {
      it("no cancelling in the last 2 hours; centre staff still can; leaving the waitlist always", async () => {
        const s = await newSession({ day: 0, start: "13:00", end: "14:00", capacity: 1, waitlist: 5 });
        const early = await book(await resident("c1"), s.id);
        const waiting = await book(await resident("c2"), s.id);
        clock.set(countyInstant(TODAY, "11:30"));
        const refused = await t.request<ErrorBody>("POST", `/api/bookings/${early.body.id}/cancel`, {
          token: await resident("c1"),
          body: {},
        });
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe("CANCEL_TOO_LATE");
        expect(refused.body.error.message).toContain("2 小时");
        expect((await get(await resident("c1"), early.body.id)).body).toMatchObject({
          cancellable: false,
          status: "CONFIRMED",
        });
        const left = await t.request<BookingView>("POST", `/api/bookings/${waiting.body.id}/cancel`, {
          token: await resident("c2"),
          body: {},
        });
        expect(left.body.status).toBe("CANCELLED");
        const byStaff = await t.request<BookingView>("POST", `/api/bookings/${early.body.id}/cancel`, {
          token: await t.loginStaff("centre"),
          body: { reason: "家属来电" },
        });
        expect(byStaff.status).toBe(200);
        expect(byStaff.body.status).toBe("CANCELLED");
        expect((await session(s.id)).seatsLeft).toBe(1);
      });

      it("a group changes its head count and attendee list until the day before", async () => {
        const s = await newSession({ day: 2, capacity: 20 });
        const coord = await t.loginStaff("coordinator");
        const g = await t.request<BookingView>("POST", `/api/sessions/${s.id}/group-bookings`, {
          token: coord,
          body: {
            groupType: "TOWNSHIP",
            groupName: "城关街道老年协会",
            headCount: 10,
            contactName: "王会长",
            contactPhone: "13900000003",
          },
        });
        expect(g.status).toBe(201);
        expect(g.body).toMatchObject({ kind: "GROUP", groupType: "TOWNSHIP", status: "CONFIRMED", seats: 10 });
        const more = await t.request<BookingView>("PATCH", `/api/bookings/${g.body.id}`, {
          token: coord,
          body: { headCount: 15 },
        });
        expect(more.body.seats).toBe(15);
        expect((await session(s.id)).seatsLeft).toBe(5);
        const tooMany = await t.request<ErrorBody>("PATCH", `/api/bookings/${g.body.id}`, {
          token: coord,
          body: { headCount: 21 },
        });
        expect(tooMany.body.error.code).toBe("NOT_ENOUGH_SEATS");
        const list = await t.request<BookingView>("PUT", `/api/bookings/${g.body.id}/attendees`, {
          token: coord,
          body: { attendees: [{ name: "张大爷", age: 72 }, { name: "李奶奶" }] },
        });
        expect(list.body.attendees).toEqual([{ name: "张大爷", age: 72 }, { name: "李奶奶" }]);
        expect(
          (
            await t.request("PUT", `/api/bookings/${g.body.id}/attendees`, {
              token: coord,
              body: { attendees: Array.from({ length: 16 }, (_, i) => ({ name: `人${i}` })) },
            })
          ).status,
        ).toBe(400);

        clock.set(countyInstant(addDays(TODAY, 1), "23:59"));
        expect(
          (
            await t.request<BookingView>("PATCH", `/api/bookings/${g.body.id}`, {
              token: coord,
              body: { headCount: 12 },
            })
          ).body.seats,
        ).toBe(12);
        clock.set(countyInstant(addDays(TODAY, 2), "00:00"));
        const onTheDay = await t.request<ErrorBody>("PATCH", `/api/bookings/${g.body.id}`, {
          token: coord,
          body: { headCount: 11 },
        });
        expect(onTheDay.status).toBe(409);
        expect(onTheDay.body.error.code).toBe("CHANGE_TOO_LATE");
        expect((await session(s.id)).bookedSeats).toBe(12);
      });
    });

    describe("reminders", () => {
      it("queue WeChat and console outbox rows at 18:00 the day before, once, and not for cancelled bookings", async () => {
        const s = await newSession({ day: 2, capacity: 10 });
        const kept = await book(await resident("r1"), s.id, 2);
        const dropped = await book(await resident("r2"), s.id, 1);
        await t.request("POST", `/api/bookings/${dropped.body.id}/cancel`, { token: await resident("r2"), body: {} });
        const due = countyInstant(addDays(TODAY, 1), "18:00");
        const rows = (id: string) =>
          prisma().notification.findMany({
            where: { template: "booking.reminder", dedupeKey: { startsWith: `booking.reminder:${id}:` } },
          });

        clock.set(new Date(due.getTime() - MIN));
        await t.api.services.bookings.jobs.runDue();
        expect(await rows(kept.body.id)).toHaveLength(0);

        clock.set(due);
        await t.api.services.bookings.jobs.runDue();
        const sent = await rows(kept.body.id);
        expect(sent.map((n) => n.channel).sort()).toEqual(["CONSOLE", "WECHAT"]);
        const wechat = sent.find((n) => n.channel === "WECHAT")!;
        const resident2 = await prisma().resident.findUnique({ where: { openid: wechat.target } });
        expect(wechat.recipient).toBe(`resident:${resident2!.id}`);
        expect(JSON.parse(wechat.payload)).toMatchObject({
          bookingId: kept.body.id,
          seats: 2,
          date: s.date,
          startTime: "10:00",
          centreName: centres.county.name,
        });
        expect(wechat.status).toBe("QUEUED");
        expect(await rows(dropped.body.id)).toHaveLength(0);
        await t.api.services.bookings.jobs.runDue();
        expect(await rows(kept.body.id)).toHaveLength(2);
        expect(
          (await prisma().timer.findUnique({ where: { key: `booking:${kept.body.id}:reminder` } }))?.doneAt,
        ).not.toBeNull();
      });
    });

    describe("tickets and check-in", () => {
      const ticketOf = async (token: string, id: string) =>
        (
          await t.request<{ ticket: string; validOn: string; qrSvg: string }>("GET", `/api/bookings/${id}/ticket`, {
            token,
          })
        ).body;
      const scan = (token: string, ticket: string) =>
        t.request<CheckInResult>("POST", "/api/check-in", { token, body: { ticket } });

      it("checks in once; a second scan says by whom and when; a forged ticket is refused", async () => {
        const s = await newSession({ day: 0, start: "14:00", end: "15:00", capacity: 10 });
        const token = await resident("t1");
        const b = await book(token, s.id, 2);
        const tk = await ticketOf(token, b.body.id);
        expect(tk.validOn).toBe(TODAY);
        expect(tk.qrSvg).toMatch(/^<svg/);
        const staff = await t.loginStaff("centre");
        clock.set(countyInstant(TODAY, "13:50"));
        const first = await scan(staff, tk.ticket);
        expect(first.body).toMatchObject({
          outcome: "CHECKED_IN",
          reason: null,
          checkedInBy: { name: "郑老师" },
          attendedCount: 2,
        });
        clock.set(countyInstant(TODAY, "13:55"));
        const second = await scan(staff, tk.ticket);
        expect(second.body.outcome).toBe("ALREADY_USED");
        expect(second.body.checkedInBy?.name).toBe("郑老师");
        expect(second.body.checkedInAt).toBe(countyInstant(TODAY, "13:50").toISOString());
        expect(second.body.reason).toContain("郑老师");
        const forged = await scan(staff, tk.ticket.slice(0, -2) + (tk.ticket.endsWith("AA") ? "BB" : "AA"));
        expect(forged.body).toMatchObject({ outcome: "REFUSED", booking: null });
        const otherBooking = await scan(staff, tk.ticket.replace(b.body.id, `${b.body.id}x`));
        expect(otherBooking.body.outcome).toBe("REFUSED");
      });

      it("checks in by the 8-digit ticket number read out at the desk; a wrong or another day's number is refused", async () => {
        const s = await newSession({ day: 0, start: "14:30", end: "15:30", capacity: 10 });
        const later = await newSession({ day: 1, start: "14:30", end: "15:30", capacity: 10 });
        const there = await newSession({ day: 0, start: "14:30", end: "15:30", capacity: 10, centre: "township" });
        const token = await resident("t4");
        const b = await book(token, s.id, 2);
        const tk = (
          await t.request<{ ticket: string; shortCode: string }>("GET", `/api/bookings/${b.body.id}/ticket`, { token })
        ).body;
        expect(tk.shortCode).toMatch(/^\d{4} \d{4}$/);
        // the same booking always has the same number
        expect(
          (await t.request<{ shortCode: string }>("GET", `/api/bookings/${b.body.id}/ticket`, { token })).body
            .shortCode,
        ).toBe(tk.shortCode);
        const staff = await t.loginStaff("centre");
        clock.set(countyInstant(TODAY, "14:20"));
        const wrongDigit = tk.shortCode.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
        const wrong = await scan(staff, wrongDigit);
        expect(wrong.body).toMatchObject({ outcome: "REFUSED", booking: null });
        expect(wrong.body.reason).toContain("找不到这个票号");
        // typed with a dash instead of the space
        const first = await scan(staff, tk.shortCode.replace(" ", "-"));
        expect(first.body).toMatchObject({ outcome: "CHECKED_IN", attendedCount: 2, booking: { id: b.body.id } });
        expect((await scan(staff, tk.shortCode.replace(" ", ""))).body.outcome).toBe("ALREADY_USED");
        // tomorrow's booking and another centre's are not found today at this desk
        const tomorrow = await book(token, later.id);
        const tomorrowCode = (
          await t.request<{ shortCode: string }>("GET", `/api/bookings/${tomorrow.body.id}/ticket`, { token })
        ).body.shortCode;
        expect((await scan(staff, tomorrowCode)).body.outcome).toBe("REFUSED");
        const elsewhere = await book(token, there.id);
        const elsewhereCode = (
          await t.request<{ shortCode: string }>("GET", `/api/bookings/${elsewhere.body.id}/ticket`, { token })
        ).body.shortCode;
        expect((await scan(staff, elsewhereCode)).body.reason).toContain("找不到这个票号");
      });

      it("is valid only on the session's day, county time", async () => {
        const s = await newSession({ day: 1, start: "09:00", end: "10:00", capacity: 10 });
        const token = await resident("t2");
        const b = await book(token, s.id);
        const tk = await ticketOf(token, b.body.id);
        const staff = await t.loginStaff("centre");
        clock.set(countyInstant(TODAY, "23:59"));
        const early = await scan(staff, tk.ticket);
        expect(early.body.outcome).toBe("REFUSED");
        expect(early.body.reason).toContain(`${addDays(TODAY, 1)} 当天有效`);
        clock.set(countyInstant(addDays(TODAY, 1), "00:01")); // 16:01 UTC the day before
        expect((await scan(staff, tk.ticket)).body.outcome).toBe("CHECKED_IN");
      });

      it("refuses another centre's ticket and a cancelled booking's, with why", async () => {
        const there = await newSession({ day: 0, start: "15:00", end: "16:00", capacity: 10, centre: "township" });
        const here = await newSession({ day: 0, start: "16:00", end: "17:00", capacity: 10 });
        const token = await resident("t3");
        const b1 = await book(token, there.id);
        const b2 = await book(token, here.id);
        const staff = await t.loginStaff("centre");
        const elsewhere = await scan(staff, (await ticketOf(token, b1.body.id)).ticket);
        expect(elsewhere.body).toMatchObject({ outcome: "REFUSED" });
        expect(elsewhere.body.reason).toContain("不是本馆");
        const tk2 = (await ticketOf(token, b2.body.id)).ticket;
        await t.request("POST", `/api/bookings/${b2.body.id}/cancel`, { token, body: {} });
        const cancelled = await scan(staff, tk2);
        expect(cancelled.body).toMatchObject({ outcome: "REFUSED", reason: "该预约已取消" });
        expect((await t.request("GET", `/api/bookings/${b2.body.id}/ticket`, { token })).status).toBe(409);
      });

      it("records no-shows when the session ends, and the statistics count them", async () => {
        const s = await newSession({ day: 0, start: "16:00", end: "17:00", capacity: 10, centre: "county" });
        const came = await book(await resident("zhangsan-like"), s.id, 3);
        const zhangsan = await t.loginResident("zhangsan"); // lives in 城关街道
        const missed = await book(zhangsan, s.id, 1);
        const staff = await t.loginStaff("centre");
        const tk = await ticketOf(await resident("zhangsan-like"), came.body.id);
        clock.set(countyInstant(TODAY, "15:55"));
        expect(
          (
            await t.request<CheckInResult>("POST", "/api/check-in", {
              token: staff,
              body: { ticket: tk.ticket, attendedCount: 2 },
            })
          ).body.attendedCount,
        ).toBe(2);
        const early = await t.request<ErrorBody>("POST", `/api/sessions/${s.id}/attendance/close`, { token: staff });
        expect(early.status).toBe(409);

        clock.set(countyInstant(TODAY, "17:01"));
        await t.api.services.bookings.jobs.runDue();
        expect((await get(zhangsan, missed.body.id)).body.status).toBe("NO_SHOW");
        expect((await session(s.id)).status).toBe("CLOSED");
        const att = await t.request<{ totals: Record<string, number> }>("GET", `/api/sessions/${s.id}/attendance`, {
          token: staff,
        });
        expect(att.body.totals).toMatchObject({ checkedIn: 1, noShow: 1, peopleCheckedIn: 2 });

        const stats = await t.request<{
          sessionsHeld: number;
          trained: { people: number; byTownshipMonth: { townshipName: string; month: string; people: number }[] };
          noShows: {
            bookings: number;
            noShows: number;
            rate: number;
            byTownship: { townshipName: string; noShows: number }[];
          };
        }>("GET", `/api/bookings/stats?from=${TODAY}&to=${TODAY}`, { token: await t.loginStaff("supervisor") });
        expect(stats.status).toBe(200);
        expect(stats.body.sessionsHeld).toBeGreaterThanOrEqual(1);
        expect(stats.body.trained.people).toBeGreaterThanOrEqual(2);
        expect(stats.body.trained.byTownshipMonth.some((r) => r.month === "2026-11")).toBe(true);
        expect(
          stats.body.noShows.byTownship.find((r) => r.townshipName === "城关街道")?.noShows,
        ).toBeGreaterThanOrEqual(1);
        expect(stats.body.noShows.rate).toBeGreaterThan(0);
        expect(stats.body.noShows.rate).toBeLessThan(1);
        const mine = await t.request<{ scope: string; noShows: { byTownship: { townshipName: string }[] } }>(
          "GET",
          `/api/bookings/stats?from=${TODAY}&to=${TODAY}`,
          { token: await t.loginStaff("coordinator") },
        );
        expect(mine.body.scope).toMatch(/^township:/);
        expect(mine.body.noShows.byTownship.map((r) => r.townshipName)).toEqual(["城关街道"]);
      });
    });

    describe("who sees what", () => {
      it("a resident sees only their own bookings", async () => {
        const s = await newSession({ day: 6, capacity: 10 });
        const mine = await book(await resident("me"), s.id);
        const other = await resident("someone-else");
        expect((await get(other, mine.body.id)).status).toBe(404);
        expect(
          (await t.request("POST", `/api/bookings/${mine.body.id}/cancel`, { token: other, body: {} })).status,
        ).toBe(404);
        expect((await t.request("GET", `/api/bookings/${mine.body.id}/ticket`, { token: other })).status).toBe(404);
        const list = await t.request<{ items: BookingView[] }>("GET", "/api/bookings", { token: other });
        expect(list.body.items.map((b) => b.id)).not.toContain(mine.body.id);
        const own = await t.request<{ items: BookingView[] }>("GET", "/api/bookings", { token: await resident("me") });
        expect(own.body.items.map((b) => b.id)).toEqual([mine.body.id]);
      });

      it("centre staff see only their centre's bookings and sessions; a coordinator only groups", async () => {
        const there = await newSession({ day: 6, capacity: 10, centre: "township" });
        const theirs = await book(await resident("v1"), there.id);
        const staff = await t.loginStaff("centre");
        expect((await get(staff, theirs.body.id)).status).toBe(404);
        expect((await t.request("GET", `/api/sessions/${there.id}/attendance`, { token: staff })).status).toBe(404);
        const closure = await t.request("POST", `/api/centres/${centres.township.id}/closures`, {
          token: staff,
          body: { startDate: TODAY, endDate: TODAY, reason: "x" },
        });
        expect(closure.status).toBe(404);
        const list = await t.request<{ total: number; items: BookingView[] }>("GET", "/api/bookings?limit=200", {
          token: staff,
        });
        expect(list.body.total).toBeGreaterThan(0);
        expect(list.body.items.every((b) => b.session.centreId === centres.county.id)).toBe(true);
        const coord = await t.request<{ items: BookingView[] }>("GET", "/api/bookings?limit=200", {
          token: await t.loginStaff("coordinator"),
        });
        expect(coord.body.items.length).toBeGreaterThan(0);
        expect(coord.body.items.every((b) => b.kind === "GROUP")).toBe(true);
        const today = await t.request<{ centre: CentreView; date: string; sessions: SessionView[] }>(
          "GET",
          "/api/centre-staff/today",
          { token: staff },
        );
        expect(today.body.centre.id).toBe(centres.county.id);
        expect(today.body.date).toBe(TODAY);
        expect(today.body.sessions.every((x) => x.centreId === centres.county.id && x.date === TODAY)).toBe(true);
        // the centres each runs (the console's 体验馆 screen): their own for centre staff, every one for an admin
        type Managed = { items: CentreView[]; today: string; notice: string | null };
        const mine = await t.request<Managed>("GET", "/api/centre-staff/centres", { token: staff });
        expect(mine.body).toEqual({ items: [today.body.centre], today: TODAY, notice: null });
        const all = await t.request<Managed>("GET", "/api/centre-staff/centres", {
          token: await t.loginStaff("admin"),
        });
        expect(all.body.items.map((c) => c.id)).toEqual(
          expect.arrayContaining([centres.county.id, centres.township.id]),
        );
        const supervisor = await get(await t.loginStaff("supervisor"), theirs.body.id);
        expect(supervisor.body.contactPhone).toBe("139****0001");
      });
    });

    describe("closures", () => {
      it("cancel the sessions they cover and tell everyone booked", async () => {
        const s = await newSession({
          day: 8,
          start: "10:00",
          end: "10:45",
          capacity: 1,
          waitlist: 3,
          centre: "community",
        });
        const a = await book(await resident("x1"), s.id);
        const b = await book(await resident("x2"), s.id);
        const before = (
          await t.request<{ items: SessionView[] }>(
            "GET",
            `/api/sessions?centreId=${centres.community.id}&from=${addDays(TODAY, 8)}&to=${addDays(TODAY, 8)}`,
          )
        ).body.items;
        const r = await t.request<{ cancelledSessions: number; notifiedBookings: number }>(
          "POST",
          `/api/centres/${centres.community.id}/closures`,
          {
            token: admin,
            body: { startDate: addDays(TODAY, 8), endDate: addDays(TODAY, 8), reason: "线路检修" },
          },
        );
        expect(r.status).toBe(201);
        expect(r.body.cancelledSessions).toBe(before.length);
        expect(r.body.notifiedBookings).toBeGreaterThanOrEqual(2);
        for (const [key, bk] of [
          ["x1", a],
          ["x2", b],
        ] as const) {
          const now = await get(await resident(key), bk.body.id);
          expect(now.body.status).toBe("SESSION_CANCELLED");
          expect(now.body.cancelReason).toContain("线路检修");
          const n = await prisma().notification.findMany({
            where: { dedupeKey: { startsWith: `booking.session_cancelled:${bk.body.id}:` } },
          });
          expect(n.map((x) => x.channel).sort()).toEqual(["CONSOLE", "WECHAT"]);
        }
        expect((await session(s.id)).status).toBe("CANCELLED");
        const late = await book(await resident("x3"), s.id);
        expect(late.body.error.code).toBe("BOOKING_CLOSED");
        const detail = await t.request<{ upcomingClosures: { reason: string }[] }>(
          "GET",
          `/api/centres/${centres.community.id}`,
        );
        expect(detail.body.upcomingClosures.map((c) => c.reason)).toContain("线路检修");
        expect(await prisma().timer.count({ where: { key: `booking:${a.body.id}:reminder`, doneAt: null } })).toBe(0);
      });
    });
  });
}
