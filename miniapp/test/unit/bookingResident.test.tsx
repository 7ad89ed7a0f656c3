import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import CentresPage from "@/packages/booking/pages/list/index";
import CentrePage from "@/packages/booking/pages/centre/index";
import BookPage from "@/packages/booking/pages/book/index";
import MyBookingsPage from "@/packages/booking/pages/mine/index";
import BookingDetailPage from "@/packages/booking/pages/detail/index";
import { resetState } from "@/services/store";
import { fail, installFakeApi, ok } from "../support/fakeApi";
import { setRouterParams } from "../support/taro";
import { signInResident, tap } from "../support/ui";
import { booking, centre, session } from "./bookingFixtures";

beforeEach(() => {
  signInResident();
  resetState();
  setRouterParams({});
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("centres near me", () => {
  it("asks the API for the nearest first when the phone gives its location", async () => {
    vi.spyOn(Taro, "getLocation").mockResolvedValue({ latitude: 28.74, longitude: 115.91 } as never);
    const fake = installFakeApi({
      "GET /api/centres": () =>
        ok({
          items: [
            centre({ id: "near", name: "青石镇消防安全体验站", distanceKm: 0.8 }),
            centre({ id: "far", distanceKm: 6.3 }),
          ],
        }),
    });
    const nav = vi.spyOn(Taro, "navigateTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<CentresPage />);
    await waitFor(() => expect(screen.getByTestId("centre-near").textContent).toContain("距您 800 米"));
    expect(screen.getByTestId("centre-far").textContent).toContain("距您 6.3 公里");
    const order = screen.getAllByTestId(/^centre-/).map((e) => e.getAttribute("data-testid"));
    expect(order).toEqual(["centre-near", "centre-far"]);
    expect(screen.getByText("离您近的排在前面。")).toBeTruthy();
    const q = fake.callsTo("GET", "/api/centres")[0].query;
    expect([q.get("lat"), q.get("lng")]).toEqual(["28.74", "115.91"]);
    fireEvent.click(screen.getByTestId("centre-far"));
    expect(nav).toHaveBeenCalledWith({ url: "/packages/booking/pages/centre/index?id=far" });
  });

  it("sorts by name when the location is refused", async () => {
    vi.spyOn(Taro, "getLocation").mockRejectedValue(new Error("getLocation:fail auth deny"));
    const fake = installFakeApi({
      "GET /api/centres": () =>
        ok({
          items: [
            centre({ id: "x", name: "幸福小区微型消防体验室" }),
            centre({ id: "y", name: "青石镇消防安全体验站" }),
            centre({ id: "z", name: "关闭的馆", active: false }),
          ],
        }),
    });
    render(<CentresPage />);
    await waitFor(() => expect(screen.getByText("没有取得您的位置，按名称排列。")).toBeTruthy());
    expect(screen.getAllByTestId(/^centre-/).map((e) => e.getAttribute("data-testid"))).toEqual([
      "centre-y",
      "centre-x",
    ]);
    expect(fake.callsTo("GET", "/api/centres")[0].query.get("lat")).toBeNull();
  });
});

describe("sessions calendar", () => {
  it("groups a centre's sessions by day with the seats left and opens booking for bookable ones", async () => {
    setRouterParams({ id: "c1" });
    installFakeApi({
      "GET /api/centres/:id": () =>
        ok({
          ...centre(),
          upcomingClosures: [{ id: "cl", startDate: "2026-12-07", endDate: "2026-12-08", reason: "设备检修" }],
        }),
      "GET /api/sessions": (c) =>
        c.query.get("centreId") === "c1"
          ? ok({
              items: [
                session({ id: "s2", seatsLeft: 0 }),
                session({ id: "s3", seatsLeft: 0, waitlistSeatsLeft: 0 }),
                session(),
              ],
            })
          : fail(400, "VALIDATION_FAILED"),
    });
    const nav = vi.spyOn(Taro, "navigateTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<CentrePage />);
    await waitFor(() => expect(screen.getByTestId("session-s1").textContent).toContain("还剩 12 个名额"));
    expect(screen.getByText("2026-12-07 至 2026-12-08 闭馆：设备检修")).toBeTruthy();
    expect(screen.getByTestId("session-s2").textContent).toContain("已约满，可以排队候补");
    expect(screen.getByTestId("session-s3").textContent).toContain("候补也已满");
    fireEvent.click(screen.getByTestId("session-s3"));
    expect(nav).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("session-s1"));
    expect(nav).toHaveBeenCalledWith({ url: "/packages/booking/pages/book/index?sessionId=s1" });
  });
});

describe("book seats for the family", () => {
  it("books the number of people chosen and opens the booking", async () => {
    setRouterParams({ sessionId: "s1" });
    const fake = installFakeApi({
      "GET /api/sessions/:id": () => ok(session()),
      "POST /api/sessions/:id/bookings": () => ({ status: 201, body: booking({ id: "b9" }) }),
    });
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<BookPage />);
    await waitFor(() => expect(screen.getByText("预约 1 人")).toBeTruthy());
    // at one person 减一人 is visibly a disabled button, and the line under it says why
    const minus = screen.getByTestId("seats-minus");
    expect(minus.className).toContain("btn-disabled");
    expect(minus.hasAttribute("disabled")).toBe(true);
    expect(minus.textContent).toBe("减一人");
    expect(screen.getByTestId("seats-hint").textContent).toBe("至少 1 人，一家最多 6 人。");
    fireEvent.click(screen.getByTestId("seats-plus"));
    expect(screen.getByTestId("seats-minus").className).not.toContain("btn-disabled");
    fireEvent.click(screen.getByTestId("seats-plus"));
    expect(screen.getByTestId("seats").textContent).toBe("3 人");
    tap("预约 3 人");
    await waitFor(() =>
      expect(redirect).toHaveBeenCalledWith({ url: "/packages/booking/pages/detail/index?id=b9&fresh=1" }),
    );
    expect(fake.callsTo("POST", "/api/sessions/s1/bookings")[0].body).toEqual({ seats: 3 });
  });

  it("says it will wait in line when the seats are not enough, and shows a refusal as the API words it", async () => {
    setRouterParams({ sessionId: "s1" });
    installFakeApi({
      "GET /api/sessions/:id": () => ok(session({ seatsLeft: 1 })),
      "POST /api/sessions/:id/bookings": () => fail(409, "ALREADY_BOOKED", "您已经预约了这一场"),
    });
    render(<BookPage />);
    await waitFor(() => expect(screen.getByText("预约 1 人")).toBeTruthy());
    fireEvent.click(screen.getByTestId("seats-plus"));
    expect(screen.getByText("名额不够，预约后会排队候补，有空位时通知您。")).toBeTruthy();
    tap("排队候补 2 人");
    await waitFor(() => expect(screen.getByTestId("book-error").textContent).toBe("您已经预约了这一场"));
  });

  it("asks for a phone number when the API has none confirmed", async () => {
    setRouterParams({ sessionId: "s1" });
    const fake = installFakeApi({
      "GET /api/sessions/:id": () => ok(session()),
      "POST /api/sessions/:id/bookings": (c) =>
        (c.body as { contactPhone?: string }).contactPhone
          ? { status: 201, body: booking() }
          : fail(400, "VALIDATION_FAILED", "请填写联系电话"),
    });
    vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<BookPage />);
    await waitFor(() => expect(screen.getByText("预约 1 人")).toBeTruthy());
    tap("预约 1 人");
    await waitFor(() => expect(screen.getByText("请填写联系电话")).toBeTruthy());
    const host = screen.getByTestId("input-phone");
    await waitFor(() => expect(host.querySelector("input")).toBeTruthy());
    fireEvent.input(host.querySelector("input") as HTMLInputElement, { target: { value: "13800138000" } });
    tap("预约 1 人");
    await waitFor(() => expect(fake.callsTo("POST", "/api/sessions/s1/bookings")).toHaveLength(2));
    expect(fake.callsTo("POST", "/api/sessions/s1/bookings")[1].body).toEqual({
      seats: 1,
      contactPhone: "13800138000",
    });
  });
});

describe("my bookings", () => {
  it("shows each status in words: confirmed, waitlisted with position, offered with expiry, cancelled", async () => {
    installFakeApi({
      "GET /api/bookings": () =>
        ok({
          total: 4,
          items: [
            booking({ id: "b1" }),
            booking({ id: "b2", status: "WAITLISTED", waitlistPosition: 3, waitReason: "名额已满" }),
            booking({ id: "b3", status: "OFFERED", offerExpiresAt: "2026-11-30T03:00:00.000Z" }),
            booking({ id: "b4", status: "CANCELLED" }),
          ],
        }),
    });
    render(<MyBookingsPage />);
    await waitFor(() => expect(screen.getByTestId("booking-b1").textContent).toContain("预约成功"));
    expect(screen.getByTestId("booking-b2").textContent).toContain("候补第 3 位（名额已满）");
    expect(screen.getByTestId("booking-b3").textContent).toContain("名额为您保留到 11月30日 11:00");
    expect(screen.getByTestId("booking-b4").textContent).toContain("已取消");
  });
});

describe("booking detail", () => {
  const ticket = {
    bookingId: "b1",
    ticket: "AXT1.eyJiIjoiYjEifQ.sig",
    shortCode: "4821 0937",
    validOn: "2026-11-30",
    qrSvg: "<svg/>",
  };

  it("shows the ticket as a QR image with the 8-digit number under it, not the long signed code", async () => {
    setRouterParams({ id: "b1" });
    installFakeApi({ "GET /api/bookings/:id": () => ok(booking()), "GET /api/bookings/:id/ticket": () => ok(ticket) });
    render(<BookingDetailPage />);
    await waitFor(() => expect(screen.getByTestId("ticket-qr")).toBeTruthy());
    const img = screen.getByTestId("ticket-qr");
    const src = img.getAttribute("src") ?? img.querySelector("img")?.getAttribute("src");
    expect(src).toMatch(/^data:image\/gif;base64,/);
    // the number read out at the desk when the QR cannot be scanned: 8 digits, grouped
    expect(screen.getByTestId("ticket-number").textContent).toBe("4821 0937");
    // the signed ticket is what the QR encodes; the check-in desk takes the number, so it is not printed
    expect(screen.queryByTestId("ticket-text")).toBeNull();
    expect(document.body.textContent).not.toContain(ticket.ticket);
  });

  it("cancels after asking once more", async () => {
    setRouterParams({ id: "b1" });
    const fake = installFakeApi({
      "GET /api/bookings/:id": () => ok(booking()),
      "GET /api/bookings/:id/ticket": () => ok(ticket),
      "POST /api/bookings/:id/cancel": () => ok(booking({ status: "CANCELLED", cancellable: false })),
    });
    render(<BookingDetailPage />);
    await waitFor(() => expect(screen.getByText("取消预约")).toBeTruthy());
    tap("取消预约");
    expect(fake.callsTo("POST", "/api/bookings/b1/cancel")).toHaveLength(0);
    tap("确定取消");
    await waitFor(() => expect(screen.getByTestId("booking-status").textContent).toContain("已取消"));
    expect(screen.queryByTestId("ticket")).toBeNull();
  });

  it("shows the API's refusal when it is too late to cancel", async () => {
    setRouterParams({ id: "b1" });
    installFakeApi({
      "GET /api/bookings/:id": () => ok(booking()),
      "GET /api/bookings/:id/ticket": () => ok(ticket),
      "POST /api/bookings/:id/cancel": () => fail(409, "CANCEL_TOO_LATE", "活动开始前 2 小时内不能取消"),
    });
    render(<BookingDetailPage />);
    await waitFor(() => expect(screen.getByText("取消预约")).toBeTruthy());
    tap("取消预约");
    tap("确定取消");
    // said under the question just answered
    await waitFor(() => expect(screen.getByTestId("msg-cancel").textContent).toBe("活动开始前 2 小时内不能取消"));
  });

  it("says why it cannot be cancelled instead of offering the button", async () => {
    setRouterParams({ id: "b1" });
    installFakeApi({
      "GET /api/bookings/:id": () =>
        ok(booking({ cancellable: false, cancelBlockedReason: "活动开始前 2 小时内不能取消" })),
      "GET /api/bookings/:id/ticket": () => ok(ticket),
    });
    render(<BookingDetailPage />);
    await waitFor(() => expect(screen.getByTestId("cancel-blocked").textContent).toBe("活动开始前 2 小时内不能取消"));
    expect(screen.queryByText("取消预约")).toBeNull();
  });

  it("accepts offered seats, then shows the ticket", async () => {
    setRouterParams({ id: "b1" });
    const fake = installFakeApi({
      "GET /api/bookings/:id": () =>
        ok(booking({ status: "OFFERED", seats: 2, offerExpiresAt: "2026-11-30T03:00:00.000Z" })),
      "POST /api/bookings/:id/accept-offer": () => ok(booking({ seats: 2 })),
      "GET /api/bookings/:id/ticket": () => ok(ticket),
    });
    render(<BookingDetailPage />);
    await waitFor(() =>
      expect(screen.getByTestId("booking-status").textContent).toContain("名额为您保留到 11月30日 11:00"),
    );
    expect(fake.callsTo("GET", "/api/bookings/b1/ticket")).toHaveLength(0);
    tap("接受 2 个名额");
    await waitFor(() => expect(screen.getByTestId("ticket-number").textContent).toBe(ticket.shortCode));
    expect(screen.getByTestId("toast").textContent).toContain("已确认，名额是您的了");
  });
});
