import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import BookingStaffLoginPage from "@/packages/booking/pages/staff/index";
import TodayPage from "@/packages/booking/pages/today/index";
import CheckInPage from "@/packages/booking/pages/checkin/index";
import AttendancePage from "@/packages/booking/pages/attendance/index";
import GroupsPage from "@/packages/booking/pages/groups/index";
import GroupNewPage from "@/packages/booking/pages/group-new/index";
import GroupPage from "@/packages/booking/pages/group/index";
import { staffClient } from "@/services/client";
import type { AttendanceView, CheckInResult, StaffUser } from "@anxin/contract";
import { resetState } from "@/services/store";
import { fail, holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();
import { staffLogin, staffUser } from "../support/fixtures";
import { setRouterParams } from "../support/taro";
import { tap, typeInto } from "../support/ui";
import { booking, centre, session } from "./bookingFixtures";

const signInStaff = () => staffClient.saveTokens({ accessToken: "S", refreshToken: "SR", expiresIn: 900 });
const signInAs = (role: string) => staffLogin({ id: "st1", name: "郑老师", role });

beforeEach(() => {
  resetState();
  setRouterParams({});
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("staff sign-in for the booking subpackage", () => {
  it("sends centre staff to today and coordinators to group bookings", async () => {
    for (const [role, url] of [
      ["CENTRE_STAFF", "/packages/booking/pages/today/index"],
      ["TOWNSHIP_COORDINATOR", "/packages/booking/pages/groups/index"],
    ]) {
      localStorage.clear();
      installFakeApi({ "POST /api/auth/staff/login": () => ok(signInAs(role)) });
      const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
      const view = render(<BookingStaffLoginPage />);
      await typeInto("input-staff-username", "centre");
      await typeInto("input-staff-password", "pw");
      tap("登录");
      await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url }));
      view.unmount();
      vi.restoreAllMocks();
    }
  });

  it("turns away a property staff account with words", async () => {
    installFakeApi({ "POST /api/auth/staff/login": () => ok(signInAs("PROPERTY_STAFF")) });
    render(<BookingStaffLoginPage />);
    await typeInto("input-staff-username", "staff_a");
    await typeInto("input-staff-password", "pw");
    tap("登录");
    await waitFor(() =>
      expect(screen.getByText("这个账号不是体验馆工作人员或乡镇协调员，请换一个账号登录")).toBeTruthy(),
    );
  });
});

describe("centre staff: today's sessions, check-in, attendance", () => {
  beforeEach(signInStaff);

  it("lists today's sessions of their centre with the seats booked", async () => {
    installFakeApi({
      "GET /api/centre-staff/today": () =>
        ok({ centre: centre(), date: "2026-11-30", sessions: [session({ bookedSeats: 21 })] }),
    });
    const nav = vi.spyOn(Taro, "navigateTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<TodayPage />);
    await waitFor(() => expect(screen.getByTestId("today-s1").textContent).toContain("已约 21 / 30 人"));
    tap("到场情况");
    expect(nav).toHaveBeenCalledWith({ url: "/packages/booking/pages/attendance/index?sessionId=s1" });
  });

  it("says so when the account is not tied to a centre", async () => {
    installFakeApi({ "GET /api/centre-staff/today": () => fail(404, "NOT_FOUND", "not tied") });
    render(<TodayPage />);
    await waitFor(() => expect(screen.getByText("这个账号还没有分配到体验馆，请联系管理员")).toBeTruthy());
  });

  it("checks in a typed ticket and shows each of the three outcomes", async () => {
    const b: NonNullable<CheckInResult["booking"]> = {
      id: "b1",
      kind: "FAMILY",
      seats: 3,
      groupName: null,
      contactName: "张阿姨",
      sessionTitle: "烟雾逃生体验",
      date: "2026-11-30",
      startTime: "09:30",
    };
    const replies: CheckInResult[] = [
      {
        outcome: "CHECKED_IN",
        reason: null,
        booking: b,
        checkedInAt: "2026-11-30T01:20:00.000Z",
        checkedInBy: { id: "st1", name: "郑老师" },
        attendedCount: 3,
      },
      {
        outcome: "ALREADY_USED",
        reason: null,
        booking: b,
        checkedInAt: "2026-11-30T01:20:00.000Z",
        checkedInBy: { id: "st1", name: "郑老师" },
        attendedCount: 3,
      },
      {
        outcome: "CHECKED_IN",
        reason: null,
        booking: { ...b, id: "b2" },
        checkedInAt: "2026-11-30T01:22:00.000Z",
        checkedInBy: { id: "st1", name: "郑老师" },
        attendedCount: 2,
      },
      {
        outcome: "REFUSED",
        reason: "这张票不是今天的",
        booking: b,
        checkedInAt: null,
        checkedInBy: null,
        attendedCount: null,
      },
    ];
    const fake = installFakeApi({ "POST /api/check-in": () => ok(replies.shift()) });
    render(<CheckInPage />);
    const result = () => screen.getByTestId("checkin-result");

    await typeInto("input-ticket", "  AXT1.abc.sig ");
    tap("签到");
    await waitFor(() => expect(result().textContent).toContain("签到成功"));
    expect(result().textContent).toContain("张阿姨 · 3 人");
    expect(fake.callsTo("POST", "/api/check-in")[0].body).toEqual({ ticket: "AXT1.abc.sig" });

    await typeInto("input-ticket", "AXT1.abc.sig");
    tap("签到");
    await waitFor(() => expect(result().textContent).toContain("这张票已经用过了"));
    expect(result().textContent).toContain("11月30日 09:20 由 郑老师 签到");

    await typeInto("input-ticket", "AXT1.two.sig");
    await typeInto("input-attended", "2");
    tap("签到");
    await waitFor(() => expect(fake.callsTo("POST", "/api/check-in")).toHaveLength(3));
    expect(fake.callsTo("POST", "/api/check-in")[2].body).toEqual({ ticket: "AXT1.two.sig", attendedCount: 2 });

    await typeInto("input-ticket", "AXT1.old");
    tap("签到");
    await waitFor(() => expect(result().textContent).toContain("不能签到"));
    expect(result().textContent).toContain("这张票不是今天的");
  });

  it("asks for a ticket before sending anything", async () => {
    const fake = installFakeApi({});
    render(<CheckInPage />);
    tap("签到");
    expect(screen.getByText("请先扫码或输入票号")).toBeTruthy();
    expect(fake.calls).toHaveLength(0);
  });

  it("shows the totals and every booking, and records the no-shows after the end", async () => {
    setRouterParams({ sessionId: "s1" });
    const ended = session({ endsAt: new Date(Date.now() - 60_000).toISOString() });
    const attendance: AttendanceView = {
      session: ended,
      totals: { confirmed: 1, checkedIn: 1, noShow: 0, waitlisted: 2, peopleCheckedIn: 3 },
      bookings: [
        {
          id: "b1",
          kind: "FAMILY",
          status: "CHECKED_IN",
          seats: 3,
          groupName: null,
          contactName: "张阿姨",
          contactPhone: "138****8000",
          checkedInAt: "2026-11-30T01:20:00.000Z",
          attendedCount: 3,
        },
        {
          id: "b2",
          kind: "GROUP",
          status: "CONFIRMED",
          seats: 20,
          groupName: "城关一小",
          contactName: "李老师",
          contactPhone: "139****0000",
          checkedInAt: null,
          attendedCount: null,
        },
      ],
    };
    const fake = installFakeApi({
      "GET /api/sessions/:id/attendance": () => ok(attendance),
      "POST /api/sessions/:id/attendance/close": () => ok({ sessionId: "s1", checkedIn: 1, noShows: 1 }),
    });
    render(<AttendancePage />);
    await waitFor(() => expect(screen.getByTestId("attendance-totals").textContent).toContain("已到 3 人"));
    expect(screen.getByTestId("attendance-b1").textContent).toContain("已签到");
    expect(screen.getByTestId("attendance-b2").textContent).toContain("城关一小 · 20 人");
    tap("结束签到，记录未到场");
    await waitFor(() => expect(screen.getByText("已结束签到：到场 1 组，未到 1 组")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/sessions/s1/attendance/close")).toHaveLength(1);
  });

  it("goes to the staff sign-in when not signed in", () => {
    localStorage.clear();
    installFakeApi({});
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<TodayPage />);
    expect(redirect).toHaveBeenCalledWith({ url: "/packages/booking/pages/staff/index" });
  });
});

const COORDINATOR: StaffUser = staffUser({ id: "s9", name: "吴主任", role: "TOWNSHIP_COORDINATOR", townshipId: "t1" });
const meAs = (role: string) => ({ "GET /api/me": () => ok({ ...COORDINATOR, role }) });

describe("township coordinators: group bookings and attendee lists", () => {
  beforeEach(signInStaff);

  it("lists the group bookings of the township", async () => {
    installFakeApi({
      ...meAs("TOWNSHIP_COORDINATOR"),
      "GET /api/bookings": () =>
        ok({
          total: 2,
          items: [
            booking({
              id: "g1",
              kind: "GROUP",
              groupType: "SCHOOL",
              groupName: "城关一小",
              seats: 20,
              attendees: [{ name: "王小明" }],
            }),
            booking({ id: "f1" }),
          ],
        }),
    });
    render(<GroupsPage />);
    await waitFor(() => expect(screen.getByTestId("group-g1").textContent).toContain("学校 · 20 人 · 名单 1 人"));
    expect(screen.queryByTestId("group-f1")).toBeNull();
  });

  it("books a group: choose a session, fill in the group, submit", async () => {
    const fake = installFakeApi({
      ...meAs("TOWNSHIP_COORDINATOR"),
      "GET /api/sessions": () =>
        ok({ items: [session(), session({ id: "full", seatsLeft: 0, waitlistSeatsLeft: 0 })] }),
      "POST /api/sessions/:id/group-bookings": () => ({ status: 201, body: booking({ id: "g2", kind: "GROUP" }) }),
    });
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<GroupNewPage />);
    await waitFor(() => expect(screen.getByTestId("pick-s1")).toBeTruthy());
    expect(screen.queryByTestId("pick-full")).toBeNull();
    fireEvent.click(screen.getByTestId("pick-s1"));
    tap("学校");
    await typeInto("input-group-name", "城关一小五年级");
    await typeInto("input-head-count", "25");
    await typeInto("input-contact-name", "李老师");
    await typeInto("input-contact-phone", "13800138000");
    tap("提交团体预约");
    await waitFor(() =>
      expect(redirect).toHaveBeenCalledWith({ url: "/packages/booking/pages/group/index?id=g2&fresh=1" }),
    );
    expect(fake.callsTo("POST", "/api/sessions/s1/group-bookings")[0].body).toEqual({
      groupType: "SCHOOL",
      groupName: "城关一小五年级",
      headCount: 25,
      contactName: "李老师",
      contactPhone: "13800138000",
    });
  });

  it("saves the attendee list and changes the head count, showing a refusal in words", async () => {
    setRouterParams({ id: "g1" });
    const g = booking({
      id: "g1",
      kind: "GROUP",
      groupType: "SCHOOL",
      groupName: "城关一小",
      seats: 3,
      attendees: [{ name: "王小明", age: 10 }],
    });
    const fake = installFakeApi({
      ...meAs("TOWNSHIP_COORDINATOR"),
      "GET /api/bookings/:id": () => ok(g),
      "PUT /api/bookings/:id/attendees": (c) => ok({ ...g, attendees: (c.body as { attendees: unknown }).attendees }),
      "PATCH /api/bookings/:id": () => fail(409, "CHANGE_TOO_LATE", "活动前一天之后不能改人数"),
    });
    render(<GroupPage />);
    await waitFor(() => expect(screen.getByText("参加人员名单（1 / 3）")).toBeTruthy());
    // the number the coordinator reads out is the short ticket number, not the row id
    expect(screen.getByTestId("booking-number").textContent).toBe(`预约编号 ${g.shortCode}`);
    const area = screen.getByTestId("input-attendees");
    // Taro's H5 <Textarea> renders its inner <textarea> after mounting: type into that
    await waitFor(() => expect(area.querySelector("textarea")).toBeTruthy(), { timeout: 3000 });
    const el = area.querySelector("textarea") as HTMLTextAreaElement;
    fireEvent.input(el, { target: { value: "王小明 10\n李华 11" } });
    await waitFor(() => expect(screen.getByText("参加人员名单（2 / 3）")).toBeTruthy());
    tap("保存名单");
    await waitFor(() => expect(screen.getByTestId("msg-attendees").textContent).toBe("名单已保存"));
    expect(fake.callsTo("PUT", "/api/bookings/g1/attendees")[0].body).toEqual({
      attendees: [
        { name: "王小明", age: 10 },
        { name: "李华", age: 11 },
      ],
    });
    await typeInto("input-new-count", "5");
    tap("修改人数");
    await waitFor(() => expect(screen.getByTestId("msg-count").textContent).toBe("活动前一天之后不能改人数"));
    expect(fake.callsTo("PATCH", "/api/bookings/g1")[0].body).toEqual({ headCount: 5 });
  });

  it("offers group bookings only to township coordinators", async () => {
    for (const [Page, params] of [
      [GroupsPage, {}],
      [GroupNewPage, {}],
      [GroupPage, { id: "g1" }],
    ] as const) {
      setRouterParams(params);
      const fake = installFakeApi({
        ...meAs("CENTRE_STAFF"),
        "GET /api/bookings": () => ok({ total: 0, items: [] }),
        "GET /api/sessions": () => ok({ items: [session()] }),
        "GET /api/bookings/:id": () => ok(booking({ id: "g1", kind: "GROUP" })),
      });
      const view = render(<Page />);
      await waitFor(() => expect(screen.getByTestId("not-coordinator")).toBeTruthy());
      expect(screen.queryByText("新建团体预约")).toBeNull();
      expect(screen.queryByText("提交团体预约")).toBeNull();
      // nothing of the group bookings was asked for
      expect(fake.calls.filter((c) => c.path !== "/api/me")).toHaveLength(0);
      view.unmount();
    }
  });
});
