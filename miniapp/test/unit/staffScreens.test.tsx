// The staff entrance shows each role only the screens the API lets it use (lib/screens.ts takes them from the
// API's role sets): a unit's safety officer is not left on 小区报警 saying "您没有权限进行此操作", property staff
// are not offered 防火巡查 or 火警确认, and a role with no screen here is told where its work is done.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import StaffAlarmsPage from "@/packages/staff/pages/alarms/index";
import StaffConfirmPage from "@/packages/staff/pages/confirm/index";
import StaffLoginPage from "@/packages/staff/pages/login/index";
import StaffPatrolPage from "@/packages/staff/pages/patrol/index";
import type { BoardAlarm } from "@/packages/staff/lib/centre";
import { STAFF_SCREENS, landingOf, screensFor } from "@/packages/staff/lib/screens";
import { staffClient } from "@/services/client";
import { ROLE_SETS, STAFF_ROLES } from "@anxin/contract/roles";
import { fail, holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";
import { staffLogin, staffUser } from "../support/fixtures";
import { ALARM, tap, typeInto } from "../support/ui";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();

const CONFIRM = "/packages/staff/pages/confirm/index";
const PATROL = "/packages/staff/pages/patrol/index";
const ALARMS = "/packages/staff/pages/alarms/index";
const HAZARDS = "/packages/staff/pages/hazards/index";
const CENTRE_TODAY = "/packages/booking/pages/today/index";
const FORBIDDEN = () => fail(403, "FORBIDDEN", "您没有权限进行此操作");

const signInStaff = () => staffClient.saveTokens({ accessToken: "S", refreshToken: "SR", expiresIn: 900 });
const menuTexts = () =>
  Array.from(screen.getByTestId("staff-menu").querySelectorAll("taro-button-core")).map((b) => b.textContent);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("which staff screens a role may use (the API's role sets)", () => {
  it("takes each screen's roles from the sets of the routes it calls", () => {
    const roles = Object.fromEntries(STAFF_SCREENS.map((s) => [s.key, [...s.roles]]));
    expect(roles.alarms).toEqual([...ROLE_SETS.residentsAndPlaceStaff]); // GET /api/alarms
    expect(roles.confirm).toEqual([...ROLE_SETS.centreWatchers]); // GET /api/centre/board
    expect(roles.patrol).toEqual([...ROLE_SETS.patrollers]); // GET /api/inspection/my-plans
    expect(roles.hazards).toEqual([...ROLE_SETS.hazardReaders]); // GET /api/hazards
    // GET /api/communities and POST /api/devices/bind: the roles both let in
    expect(roles.install).toEqual(["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"]);
    // GET /api/units and POST /api/inspection/notices
    expect(roles.supervise).toEqual(["FIRE_SUPERVISOR", "ADMIN"]);
    expect(roles.centreToday).toEqual([...ROLE_SETS.centreStaffOnly]); // GET /api/centre-staff/today
  });

  it("lands each role on the first screen it may use", () => {
    expect(landingOf("PROPERTY_STAFF")).toBe(ALARMS);
    expect(landingOf("FIRE_SUPERVISOR")).toBe(ALARMS);
    expect(landingOf("UNIT_SAFETY_OFFICER")).toBe(CONFIRM);
    expect(landingOf("CONTROL_ROOM_OPERATOR")).toBe(CONFIRM);
    expect(landingOf("MAINTENANCE_TECH")).toBe(PATROL);
    expect(landingOf("SECTOR_REGULATOR")).toBe(HAZARDS);
    expect(landingOf("CENTRE_STAFF")).toBe(CENTRE_TODAY);
    expect(landingOf("INSTALLER")).toBeNull();
    expect(landingOf("RESIDENT")).toBe(ALARMS); // never a staff session; the set is the route's own
    expect(landingOf("NOBODY")).toBeNull();
  });

  it("offers property staff no 防火巡查 and no 火警确认, and a safety officer no 小区报警", () => {
    expect(screensFor("PROPERTY_STAFF").map((s) => s.text)).toEqual(["小区报警", "隐患整改", "扫码安装设备"]);
    expect(screensFor("UNIT_SAFETY_OFFICER").map((s) => s.text)).toEqual(["火警确认", "防火巡查", "隐患整改"]);
  });

  it("leaves only the installers without a screen here", () => {
    expect(STAFF_ROLES.filter((r) => landingOf(r) === null)).toEqual(["INSTALLER"]);
  });
});

describe("staff sign-in", () => {
  it("is titled for all staff, and sends each role straight to its own screen", async () => {
    for (const [role, url] of [
      ["UNIT_SAFETY_OFFICER", CONFIRM],
      ["PROPERTY_STAFF", ALARMS],
      ["MAINTENANCE_TECH", PATROL],
    ]) {
      localStorage.clear();
      installFakeApi({ "POST /api/auth/staff/login": () => ok(staffLogin({ role })) });
      const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
      const view = render(<StaffLoginPage />);
      expect(screen.getByText("工作人员登录")).toBeTruthy();
      expect(screen.queryByText("物业人员登录")).toBeNull();
      await typeInto("staff-username", "yy_anquan");
      await typeInto("staff-password", "pw");
      tap("登录");
      await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url }));
      view.unmount();
      vi.restoreAllMocks();
    }
  });

  it("tells an account with no screen here to use the staff console, and signs it out again", async () => {
    const fake = installFakeApi({
      "POST /api/auth/staff/login": () => ok(staffLogin({ role: "INSTALLER" })),
      "POST /api/auth/logout": () => ok({ ok: true }),
    });
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<StaffLoginPage />);
    await typeInto("staff-username", "az_zhou");
    await typeInto("staff-password", "pw");
    tap("登录");
    await waitFor(() => expect(screen.getByTestId("msg-login").textContent).toContain("安心消防工作台"));
    expect(screen.getByTestId("msg-login").textContent).toContain(`${window.location.origin}/console`);
    expect(redirect).not.toHaveBeenCalled();
    expect(staffClient.isSignedIn()).toBe(false);
    expect(fake.callsTo("POST", "/api/auth/logout")).toHaveLength(1);
  });
});

describe("小区报警 (the staff entrance's first page)", () => {
  beforeEach(signInStaff);

  it("sends a unit's safety officer to 火警确认 without asking for community alarms", async () => {
    const fake = installFakeApi({
      "GET /api/me": () => ok(staffUser({ name: "杨安全", role: "UNIT_SAFETY_OFFICER" })),
      "GET /api/alarms": FORBIDDEN,
    });
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url: CONFIRM }));
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.callsTo("GET", "/api/alarms")).toHaveLength(0);
    expect(screen.queryByText("您没有权限进行此操作")).toBeNull();
    expect(screen.queryByText("小区报警")).toBeNull();
  });

  it("shows property staff only the entries they may use", async () => {
    installFakeApi({
      "GET /api/me": () => ok(staffUser({ role: "PROPERTY_STAFF" })),
      "GET /api/alarms": () => ok({ total: 1, items: [ALARM] }),
    });
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByTestId("staff-alarm-a1")).toBeTruthy());
    expect(menuTexts()).toEqual(["隐患整改", "扫码安装设备"]);
    expect(screen.queryByText("防火巡查")).toBeNull();
    expect(screen.queryByText("火警确认")).toBeNull();
    expect(screen.queryByText("监督检查")).toBeNull();
    expect(screen.getByText("退出登录")).toBeTruthy();
  });

  it("offers a fire supervisor 监督检查 and the unit screens the API lets them see", async () => {
    installFakeApi({
      "GET /api/me": () => ok(staffUser({ role: "FIRE_SUPERVISOR" })),
      "GET /api/alarms": () => ok({ total: 0, items: [] }),
    });
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByTestId("staff-menu")).toBeTruthy());
    expect(menuTexts()).toEqual(["火警确认", "防火巡查", "隐患整改", "监督检查"]);
  });

  it("tells a role with no screen here to use the staff console, and never calls the alarms API", async () => {
    const fake = installFakeApi({
      "GET /api/me": () => ok(staffUser({ role: "INSTALLER" })),
      "GET /api/alarms": FORBIDDEN,
    });
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByTestId("staff-no-screen")).toBeTruthy());
    expect(screen.getByTestId("staff-no-screen").textContent).toContain(`${window.location.origin}/console`);
    expect(screen.getByText("换一个账号登录")).toBeTruthy();
    expect(fake.callsTo("GET", "/api/alarms")).toHaveLength(0);
    expect(redirect).not.toHaveBeenCalled();
    expect(screen.queryByText("您没有权限进行此操作")).toBeNull();
  });
});

describe("火警确认", () => {
  beforeEach(signInStaff);

  const signal: BoardAlarm = {
    id: "f1",
    kind: "FIRE",
    kindLabel: "火警",
    status: "ACTIVE",
    unitId: "u1",
    unitName: "示范县人民医院",
    location: "住院部 3 层走廊",
    floor: 3,
    startedAt: new Date().toISOString(),
    confirmDeadlineAt: new Date(Date.now() + 120_000).toISOString(),
    verdict: null,
    verdictLabel: null,
    report119: false,
  };
  const board = () => ok({ now: new Date().toISOString(), items: [signal] });

  it("offers a safety officer the verdicts, and 防火巡查 and 隐患整改 but not 小区报警", async () => {
    installFakeApi({
      "GET /api/me": () => ok(staffUser({ role: "UNIT_SAFETY_OFFICER" })),
      "GET /api/centre/board": board,
    });
    render(<StaffConfirmPage />);
    await waitFor(() => expect(screen.getByTestId("confirm-f1")).toBeTruthy());
    expect(screen.getByText("真实火警（立即报 119）")).toBeTruthy();
    expect(menuTexts()).toEqual(["防火巡查", "隐患整改"]);
  });

  it("lets a fire supervisor watch the board without verdict buttons the API would refuse", async () => {
    installFakeApi({
      "GET /api/me": () => ok(staffUser({ role: "FIRE_SUPERVISOR" })),
      "GET /api/centre/board": board,
    });
    render(<StaffConfirmPage />);
    await waitFor(() => expect(screen.getByTestId("watch-only-f1")).toBeTruthy());
    expect(screen.queryByText("真实火警（立即报 119）")).toBeNull();
    expect(screen.queryByText("误报")).toBeNull();
  });

  it("lists the verdicts given with the withdrawal notice's state in the server's words", async () => {
    const given = new Date().toISOString();
    const { confirmDeadlineAt: _deadline, verdict: _none, verdictLabel: _noLabel, ...answered } = signal;
    installFakeApi({
      "GET /api/me": () => ok(staffUser({ role: "CONTROL_ROOM_OPERATOR" })),
      "GET /api/centre/board": () => ok({ now: given, items: [] }),
      "GET /api/centre/verdicts": () =>
        ok({
          items: [
            {
              ...answered,
              status: "RESOLVED",
              report119: true,
              verdict: "FALSE_ALARM",
              verdictLabel: "误报",
              verdictCause: "油烟",
              verdictAt: given,
              closed: true,
              withdrawal119: {
                state: "UNANSWERED",
                label: "已向119通报误报，但119未确认收到，请电话告知119",
                incidentId: null,
                at: given,
              },
            },
          ],
        }),
    });
    render(<StaffConfirmPage />);
    await waitFor(() => expect(screen.getByTestId("withdrawal-f1")).toBeTruthy());
    expect(screen.getByTestId("withdrawal-f1").textContent).toBe("已向119通报误报，但119未确认收到，请电话告知119");
    expect(screen.getByTestId("confirm-done").textContent).toContain("误报（油烟）（此前已报 119）");
  });

  it("sends property staff who reach it to their own screen, without asking for the board", async () => {
    const fake = installFakeApi({
      "GET /api/me": () => ok(staffUser({ role: "PROPERTY_STAFF" })),
      "GET /api/centre/board": FORBIDDEN,
    });
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" } as never);
    render(<StaffConfirmPage />);
    await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url: ALARMS }));
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.callsTo("GET", "/api/centre/board")).toHaveLength(0);
  });
});

describe("防火巡查", () => {
  beforeEach(signInStaff);

  it("does not say there is no plan under a refusal", async () => {
    installFakeApi({ "GET /api/inspection/my-plans": FORBIDDEN });
    render(<StaffPatrolPage />);
    await waitFor(() => expect(screen.getByText("您没有权限进行此操作")).toBeTruthy());
    expect(screen.queryByText("暂无需要您巡查的计划。")).toBeNull();
  });

  it("says so when there is no plan", async () => {
    installFakeApi({ "GET /api/inspection/my-plans": () => ok({ items: [] }) });
    render(<StaffPatrolPage />);
    await waitFor(() => expect(screen.getByText("暂无需要您巡查的计划。")).toBeTruthy());
  });
});
