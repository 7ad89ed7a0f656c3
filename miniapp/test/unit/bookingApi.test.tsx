import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "@/services/client";
import { createBookingApi } from "@/services/bookingApi";
import { ApiError } from "@/services/errors";
import { createTokenStore } from "@/services/tokens";
import {
  byDay,
  byName,
  countyTime,
  dayLabel,
  parseAttendees,
  formatAttendees,
  seatsText,
  statusDetail,
} from "@/packages/booking/lib/labels";
import { qrDataUrl } from "@/packages/booking/lib/qr";
import { fail, installFakeApi, ok } from "../support/fakeApi";
import { booking, centre, session } from "./bookingFixtures";

function makeApi() {
  const tokens = createTokenStore("booking-test");
  tokens.set({ accessToken: "T", refreshToken: "R", expiresIn: 900 });
  return createBookingApi(new ApiClient({ baseUrl: "", tokens }));
}

describe("booking API client", () => {
  afterEach(() => vi.unstubAllGlobals());
  beforeEach(() => localStorage.clear());

  it("asks for centres near a point without a token, and sessions of one centre", async () => {
    const fake = installFakeApi({
      "GET /api/centres": () => ok({ items: [centre({ distanceKm: 1.2 })] }),
      "GET /api/sessions": () => ok({ items: [session()] }),
    });
    const api = makeApi();
    await api.centres({ lat: 28.7, lng: 115.9 });
    await api.centres();
    await api.sessions({ centreId: "c 1" });
    const [near, all] = fake.callsTo("GET", "/api/centres");
    expect(near.query.get("lat")).toBe("28.7");
    expect(near.query.get("lng")).toBe("115.9");
    expect(near.headers.authorization).toBeUndefined();
    expect(all.query.toString()).toBe("");
    expect(fake.callsTo("GET", "/api/sessions")[0].query.get("centreId")).toBe("c 1");
  });

  it("books seats, lists, cancels, accepts an offer and fetches the ticket with the bearer token", async () => {
    const fake = installFakeApi({
      "POST /api/sessions/:id/bookings": () => ({ status: 201, body: booking() }),
      "GET /api/bookings": () => ok({ total: 1, items: [booking()] }),
      "POST /api/bookings/:id/cancel": () => ok(booking({ status: "CANCELLED" })),
      "POST /api/bookings/:id/accept-offer": () => ok(booking()),
      "GET /api/bookings/:id/ticket": () =>
        ok({ bookingId: "b1", ticket: "AXT1.abc", validOn: "2026-11-30", qrSvg: "<svg/>" }),
    });
    const api = makeApi();
    expect((await api.book("s1", { seats: 3 })).status).toBe("CONFIRMED");
    await api.bookings({ status: "CONFIRMED", limit: 20 });
    await api.cancel("b1");
    await api.acceptOffer("b1");
    expect((await api.ticket("b1")).ticket).toBe("AXT1.abc");
    const post = fake.callsTo("POST", "/api/sessions/s1/bookings")[0];
    expect(post.body).toEqual({ seats: 3 });
    expect(post.headers.authorization).toBe("Bearer T");
    const list = fake.callsTo("GET", "/api/bookings")[0];
    expect(list.query.get("status")).toBe("CONFIRMED");
    expect(list.query.get("limit")).toBe("20");
    expect(fake.callsTo("POST", "/api/bookings/b1/cancel")[0].body).toEqual({});
  });

  it("sends the scanned ticket to check-in, and the group calls with their bodies", async () => {
    const fake = installFakeApi({
      "POST /api/check-in": () =>
        ok({
          outcome: "CHECKED_IN",
          reason: null,
          booking: null,
          checkedInAt: null,
          checkedInBy: null,
          attendedCount: 3,
        }),
      "POST /api/sessions/:id/group-bookings": () => ({ status: 201, body: booking({ kind: "GROUP" }) }),
      "PATCH /api/bookings/:id": () => ok(booking({ seats: 20 })),
      "PUT /api/bookings/:id/attendees": () => ok(booking()),
      "GET /api/centre-staff/today": () => ok({ centre: centre(), date: "2026-11-30", sessions: [] }),
    });
    const api = makeApi();
    await api.checkIn("AXT1.abc");
    await api.checkIn("AXT1.abc", 2);
    await api.bookGroup("s1", {
      groupType: "SCHOOL",
      groupName: "一小",
      headCount: 20,
      contactName: "李老师",
      contactPhone: "13800138000",
    });
    await api.changeHeadCount("b1", 20);
    await api.setAttendees("b1", [{ name: "王小明", age: 10 }]);
    await api.today();
    const checks = fake.callsTo("POST", "/api/check-in");
    expect(checks[0].body).toEqual({ ticket: "AXT1.abc" });
    expect(checks[1].body).toEqual({ ticket: "AXT1.abc", attendedCount: 2 });
    expect(fake.callsTo("PATCH", "/api/bookings/b1")[0].body).toEqual({ headCount: 20 });
    expect(fake.callsTo("PUT", "/api/bookings/b1/attendees")[0].body).toEqual({
      attendees: [{ name: "王小明", age: 10 }],
    });
    expect(fake.callsTo("POST", "/api/sessions/s1/group-bookings")[0].body).toMatchObject({
      groupType: "SCHOOL",
      headCount: 20,
    });
  });

  it("turns a refusal into an ApiError carrying the API code and Chinese message", async () => {
    installFakeApi({ "POST /api/bookings/:id/cancel": () => fail(409, "CANCEL_TOO_LATE", "开始前 2 小时内不能取消") });
    const err = (await makeApi()
      .cancel("b1")
      .catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.code).toBe("CANCEL_TOO_LATE");
    expect(err.message).toBe("开始前 2 小时内不能取消");
  });
});

describe("booking labels and the ticket QR", () => {
  it("words the seats left, the waitlist and sessions that cannot be booked", () => {
    expect(seatsText(session()).text).toBe("还剩 12 个名额");
    expect(seatsText(session({ seatsLeft: 0 }))).toEqual({ text: "已约满，可以排队候补", bookable: true });
    expect(seatsText(session({ seatsLeft: 0, waitlistSeatsLeft: 0 })).bookable).toBe(false);
    expect(seatsText(session({ status: "CANCELLED", cancelReason: "设备检修" })).text).toBe("已取消：设备检修");
    expect(seatsText(session({ startsAt: new Date(Date.now() - 1000).toISOString() })).bookable).toBe(false);
  });

  it("says the waitlist position, the offer expiry in county time and when it was used", () => {
    expect(statusDetail(booking({ status: "WAITLISTED", waitlistPosition: 2, waitReason: "名额已满" }))).toBe(
      "候补第 2 位（名额已满）",
    );
    expect(statusDetail(booking({ status: "OFFERED", offerExpiresAt: "2026-11-29T06:30:00.000Z" }))).toContain(
      "11月29日 14:30",
    );
    expect(countyTime("2026-11-28T16:05:00.000Z")).toBe("11月29日 00:05");
  });

  it("names days with weekday, 今天 and 明天, sorts centres by name and groups sessions by day", () => {
    const now = Date.parse("2026-11-28T04:00:00Z");
    expect(dayLabel("2026-11-28", now)).toBe("今天 11月28日 周六");
    expect(dayLabel("2026-11-29", now)).toBe("明天 11月29日 周日");
    expect(dayLabel("2026-12-01", now)).toBe("12月1日 周二");
    expect(
      byName([centre({ name: "幸福小区微型消防体验室" }), centre({ name: "青石镇消防安全体验站" })]).map(
        (c) => c.name,
      )[0],
    ).toBe("青石镇消防安全体验站");
    const days = byDay([
      session({ id: "b", date: "2026-11-30", startTime: "14:30" }),
      session({ id: "a", date: "2026-11-30", startTime: "09:30" }),
      session({ id: "c", date: "2026-11-29" }),
    ]);
    expect(days.map((d) => [d.date, d.sessions.map((s) => s.id).join("")])).toEqual([
      ["2026-11-29", "c"],
      ["2026-11-30", "ab"],
    ]);
  });

  it("reads an attendee list one per line with optional ages, and writes it back", () => {
    const list = parseAttendees("王小明 10\n\n 李华，11岁\n赵老师\n");
    expect(list).toEqual([{ name: "王小明", age: 10 }, { name: "李华", age: 11 }, { name: "赵老师" }]);
    expect(formatAttendees(list)).toBe("王小明 10\n李华 11\n赵老师");
  });

  it("renders the ticket text as a GIF QR data URL without a canvas (works in WeChat <image> and H5 <img>)", () => {
    const url = qrDataUrl("AXT1.eyJiIjoiYjEifQ.c2lnbmF0dXJl");
    expect(url).toMatch(/^data:image\/gif;base64,R0lGOD/);
    expect(url!.length).toBeGreaterThan(500);
  });
});
