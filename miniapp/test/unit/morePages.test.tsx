import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import DevicePage from "@/pages/device/index";
import FamilyPage from "@/pages/family/index";
import SafetyPage from "@/pages/safety/index";
import StaffAlarmsPage from "@/packages/staff/pages/alarms/index";
import StaffInstallPage from "@/packages/staff/pages/install/index";
import { staffClient } from "@/services/client";
import { resetState } from "@/services/store";
import { fail, holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();
import type { DeviceDetail, EmergencyContact } from "@anxin/contract";
import {
  alarmChange,
  commandResult,
  community,
  deviceDetail,
  deviceEvent,
  deviceStatus,
  emergencyContact,
  household,
  householdDetail,
  invite,
  member,
  staffUser,
} from "../support/fixtures";
import { setRouterParams } from "../support/taro";
import { ALARM, HOME, signInResident, tap, typeInto } from "../support/ui";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setRouterParams({});
});

describe("device page", () => {
  beforeEach(() => {
    signInResident();
    resetState();
    setRouterParams({ id: "d2" });
  });

  const detail: DeviceDetail = deviceDetail({
    id: "d2",
    serial: "AX2024000124",
    name: "厨房烟感",
    room: "厨房",
    state: "low_battery",
    status: deviceStatus({ battery: 9, rssi: -104 }),
    events: [
      deviceEvent({ id: 1, type: "low_battery" }),
      deviceEvent({ id: 2, type: "heartbeat", ts: new Date(Date.now() - 3600000).toISOString() }),
    ],
  });

  it("shows battery, signal and the history, and runs a self-test", async () => {
    const fake = installFakeApi({
      "GET /api/devices/:id": () => ok(detail),
      "POST /api/devices/:id/commands": () => ok(commandResult()),
    });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByText("电量：9%")).toBeTruthy());
    expect(screen.getByText("信号：弱")).toBeTruthy();
    expect(screen.getAllByText("电量低")).toHaveLength(2); // the state badge and the event
    expect(screen.getByTestId("device-status").textContent).toContain("它还在守护，但电池快没电了");
    expect(screen.getByText("定时联系")).toBeTruthy();
    tap("让报警器自检");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/devices/d2/commands")[0]?.body).toEqual({ type: "self_test" }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("msg-self-test").textContent).toBe("已发出自检指令。报警器收到后会响几声，请听一听。"),
    );
  });

  it("never promises a self-test from a device that never connected, and says it has had no contact", async () => {
    installFakeApi({
      "GET /api/devices/:id": () => ok({ ...detail, state: "never_connected", status: null, events: [] }),
    });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByTestId("device-status")).toBeTruthy());
    expect(screen.getByTestId("device-health").textContent).toBe("还没联网");
    expect(screen.getByTestId("last-contact").textContent).toBe("上次联系：还没有联系过");
    expect(screen.getByTestId("device-status").textContent).not.toContain("从未");
    expect(screen.queryByText("让报警器自检")).toBeNull();
    expect(screen.getByTestId("self-test-unavailable").textContent).toContain("现在不能远程自检");
    expect(document.body.textContent).not.toContain("它会响几声");
  });

  it("folds the routine check-ins of the history into one line per run", async () => {
    const at = (min: number) => new Date(Date.now() - min * 60000).toISOString();
    const beat = (id: number, min: number) => deviceEvent({ id, type: "heartbeat", ts: at(min), receivedAt: at(min) });
    installFakeApi({
      "GET /api/devices/:id": () =>
        ok({
          ...detail,
          events: [
            beat(9, 1),
            beat(8, 2),
            beat(7, 3),
            deviceEvent({ id: 6, type: "smoke_alarm", ts: at(4), receivedAt: at(4) }),
            beat(5, 5),
            beat(4, 6),
          ],
        }),
    });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByText("定时联系 3 次，一切正常")).toBeTruthy());
    expect(screen.getByText("烟雾报警")).toBeTruthy();
    expect(screen.getByText("定时联系 2 次，一切正常")).toBeTruthy();
    expect(screen.queryByText("定时联系")).toBeNull();
  });

  it("unbinds only after a second, explicit confirmation, and shows the new binding code", async () => {
    const fake = installFakeApi({
      "GET /api/devices/:id": () => ok(detail),
      "GET /api/households/:id": () => ok(householdDetail({ ...HOME, role: "OWNER", members: [] })),
      "POST /api/devices/:id/unbind": () =>
        ok({ id: "d2", bindCode: "K7M2Q9X4PA", bindQr: "http://x/bind?d=d2&t=K7M2Q9X4PA" }),
    });
    const sw = vi.spyOn(Taro, "switchTab").mockResolvedValue({ errMsg: "ok" });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByText("解绑这个报警器")).toBeTruthy());
    tap("解绑这个报警器");
    expect(fake.callsTo("POST", "/api/devices/d2/unbind")).toHaveLength(0);
    tap("确定解绑");
    await waitFor(() => expect(fake.callsTo("POST", "/api/devices/d2/unbind")).toHaveLength(1));
    // the label's old code is spent: the page shows the new one instead of reloading a device it no longer sees
    await waitFor(() => expect(screen.getByTestId("new-bind-code").textContent).toBe("K7M2Q9X4PA"));
    expect(screen.getByTestId("unbound").textContent).toContain("AX2024000124");
    expect(fake.callsTo("GET", "/api/devices/d2")).toHaveLength(1);
    expect(sw).not.toHaveBeenCalled();
    tap("回到首页");
    await waitFor(() => expect(sw).toHaveBeenCalledWith({ url: "/pages/home/index" }));
  });

  it("renames the room and name", async () => {
    const fake = installFakeApi({
      "GET /api/devices/:id": () => ok(detail),
      "PATCH /api/devices/:id": (c) => ok({ ...detail, ...(c.body as object) }),
    });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByText("改房间或名称")).toBeTruthy());
    tap("改房间或名称");
    tap("书房");
    tap("保存");
    await waitFor(() =>
      expect(fake.callsTo("PATCH", "/api/devices/d2")[0]?.body).toEqual({ room: "书房", name: "厨房烟感" }),
    );
    await waitFor(() => expect(screen.getByTestId("msg-settings").textContent).toBe("已保存"));
    expect(screen.getByText("书房 · 厨房烟感")).toBeTruthy();
  });
});

describe("family and emergency contacts", () => {
  beforeEach(() => {
    signInResident();
    resetState();
  });

  function familyApi() {
    const contacts: EmergencyContact[] = [emergencyContact()];
    return installFakeApi({
      "GET /api/households": () => ok({ items: [HOME] }),
      "GET /api/households/:id": () =>
        ok(
          householdDetail({
            ...HOME,
            role: "OWNER",
            members: [
              member({
                id: "m1",
                residentId: "u1",
                nickname: "张阿姨",
                phone: "13800000009",
                role: "OWNER",
                isMe: true,
              }),
              member({
                id: "m2",
                residentId: "u2",
                nickname: "小张",
                phone: "13800000008",
                role: "FAMILY",
                isMe: false,
              }),
            ],
            emergencyContacts: contacts,
          }),
        ),
      "POST /api/households/:id/invites": (c) =>
        (c.body as { role: string }).role === "FAMILY"
          ? { status: 201, body: invite({ code: "482913", role: "FAMILY" }) }
          : fail(400, "VALIDATION_FAILED"),
      "POST /api/households/:id/contacts": (c) => {
        const body = c.body as { name: string; phone: string; relation?: string };
        contacts.push(emergencyContact({ id: "c2", ...body, relation: body.relation ?? null, priority: 1 }));
        return ok(contacts[contacts.length - 1]);
      },
      "DELETE /api/households/:id/members/:mid": () => ({ status: 204 }),
      "PATCH /api/households/:id/membership": (c) => {
        const { neighbourAlerts, notifyLowBattery, notifyOffline, notifyTamper, notifyFault } = member();
        const flags = { neighbourAlerts, notifyLowBattery, notifyOffline, notifyTamper, notifyFault };
        return ok({ householdId: "h1", role: "OWNER", ...flags, ...(c.body as object) });
      },
      "POST /api/households/join": (c) =>
        (c.body as { code: string }).code === "BAD"
          ? fail(400, "INVITE_INVALID")
          : ok({ householdId: "h2", role: "FAMILY" }),
    });
  }

  it("invites a family member with a code", async () => {
    familyApi();
    render(<FamilyPage />);
    await waitFor(() => expect(screen.getByText("邀请家人")).toBeTruthy());
    tap("邀请家人");
    await waitFor(() => expect(screen.getByTestId("invite-code").textContent).toContain("482913"));
  });

  it("asks before opting in to neighbours' unanswered fire alarms", async () => {
    const fake = familyApi();
    render(<FamilyPage />);
    await waitFor(() => expect(screen.getByText("开启邻里互助通知")).toBeTruthy());
    tap("开启邻里互助通知");
    await waitFor(() =>
      expect(fake.callsTo("PATCH", "/api/households/h1/membership")[0]?.body).toEqual({ neighbourAlerts: true }),
    );
  });

  it("lets the owner remove a member but not themselves", async () => {
    const fake = familyApi();
    render(<FamilyPage />);
    await waitFor(() => expect(screen.getByText("小张（家人）")).toBeTruthy());
    expect(screen.getAllByText("移除")).toHaveLength(1);
    tap("移除");
    await waitFor(() => expect(fake.callsTo("DELETE", "/api/households/h1/members/m2")).toHaveLength(1));
  });

  it("adds an emergency contact after checking the phone number", async () => {
    const fake = familyApi();
    render(<FamilyPage />);
    await waitFor(() => expect(screen.getByText("王女士（女儿） 13800000001")).toBeTruthy());
    // what really happens: every contact is called at once
    expect(screen.getByTestId("contacts-how").textContent).toContain("同时");
    expect(screen.getByTestId("contacts-how").textContent).not.toContain("依次");
    await typeInto("input-contact-name", "李先生");
    await typeInto("input-contact-phone", "1380000");
    tap("添加紧急联系人");
    // the refusal is said under the button that was pressed, not at the top of the page
    expect(screen.getByTestId("msg-contact").textContent).toBe("请填写姓名和11位手机号");
    expect(screen.getByTestId("contact-form").contains(screen.getByTestId("msg-contact"))).toBe(true);
    await typeInto("input-contact-phone", "13800000002");
    await typeInto("input-contact-relation", "邻居");
    tap("添加紧急联系人");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/households/h1/contacts")[0]?.body).toEqual({
        name: "李先生",
        phone: "13800000002",
        relation: "邻居",
      }),
    );
    await waitFor(() => expect(screen.getByText("李先生（邻居） 13800000002")).toBeTruthy());
    expect(screen.getByTestId("msg-contact").textContent).toBe("已添加紧急联系人");
  });

  it("gives every text box of the page an accessible name", async () => {
    familyApi();
    const { container } = render(<FamilyPage />);
    await waitFor(() => expect(screen.getByText("添加紧急联系人")).toBeTruthy());
    await waitFor(() => expect(container.querySelectorAll("taro-input-core input").length).toBe(4));
    const names = Array.from(container.querySelectorAll("taro-input-core input")).map((i) =>
      i.getAttribute("aria-label"),
    );
    expect(names).toEqual(["姓名", "手机号", "关系（如 儿子、女儿、邻居）", "邀请码（家人或物业给您的）"]);
  });

  it("explains a bad invitation code", async () => {
    familyApi();
    render(<FamilyPage />);
    await typeInto("input-join", "BAD");
    tap("加入");
    await waitFor(() => expect(screen.getByTestId("msg-join").textContent).toBe("邀请码无效或已过期"));
  });
});

describe("safety checklist", () => {
  it("records the monthly test and keeps ticked items across visits", async () => {
    const first = render(<SafetyPage />);
    expect(screen.getByText("请现在测试一次")).toBeTruthy();
    tap("我已经测试过了");
    await waitFor(() => expect(screen.getByText(/天后再测试$/)).toBeTruthy());
    tap("电动自行车不进楼道、不进家充电");
    expect(screen.getByText("家庭消防安全自查（1/7）")).toBeTruthy();
    first.unmount();
    render(<SafetyPage />);
    expect(screen.getByText("家庭消防安全自查（1/7）")).toBeTruthy();
    expect(screen.getByText(/天后再测试$/)).toBeTruthy();
  });
});

describe("staff: alarms in my communities", () => {
  beforeEach(() => {
    staffClient.saveTokens({ accessToken: "S", refreshToken: "SR", expiresIn: 900 });
  });

  it("acknowledges and resolves with the staff session, not the resident one", async () => {
    let open = [ALARM];
    const fake = installFakeApi({
      // a county supervisor: may acknowledge and resolve, is not one of those sent (so 确认处理, not 我去处理)
      "GET /api/me": () => ok(staffUser({ role: "FIRE_SUPERVISOR" })),
      "GET /api/alarms": () => ok({ total: open.length, items: open }),
      "POST /api/alarms/:id/ack": () => {
        open = open.map((a) => ({ ...a, status: "ACKNOWLEDGED" as const }));
        return ok(alarmChange({ outcome: "acknowledged" }));
      },
      "POST /api/alarms/:id/resolve": () => {
        open = [];
        return ok(alarmChange({ outcome: "resolved" }));
      },
    });
    render(<StaffAlarmsPage />);
    await waitFor(() =>
      expect(screen.getByTestId("staff-alarm-a1").textContent).toContain("幸福小区 3号楼 1单元 1203"),
    );
    tap("确认处理");
    await waitFor(() => expect(fake.callsTo("POST", "/api/alarms/a1/ack")).toHaveLength(1));
    expect(fake.callsTo("POST", "/api/alarms/a1/ack")[0].headers.authorization).toBe("Bearer S");
    tap("结束报警");
    tap("真实火情");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/alarms/a1/resolve")[0]?.body).toEqual({ resolution: "REAL_FIRE" }),
    );
    await waitFor(() => expect(screen.getByText("现在没有未处理的报警")).toBeTruthy());
    expect(screen.getByTestId("toast").textContent).toContain("已结束：真实火情");
  });

  it("sends staff without a session to their sign-in page", async () => {
    staffClient.signOut();
    installFakeApi({});
    const redirect = vi.spyOn(Taro, "redirectTo").mockResolvedValue({ errMsg: "ok" });
    render(<StaffAlarmsPage />);
    expect(redirect).toHaveBeenCalledWith({ url: "/packages/staff/pages/login/index" });
  });
});

describe("staff: install a device (typed in the browser, which cannot scan)", () => {
  beforeEach(() => {
    staffClient.saveTokens({ accessToken: "S", refreshToken: "SR", expiresIn: 900 });
  });

  it("takes the typed serial and code, picks community, household and room, and binds with the staff session", async () => {
    const fake = installFakeApi({
      "GET /api/communities": () =>
        ok({ items: [community(), community({ id: "c2", name: "青石新村", buildings: 2, devices: 20 })] }),
      "GET /api/communities/:id/households": (_c, p) =>
        ok({
          total: 1,
          items:
            p.id === "c2"
              ? [
                  {
                    ...household({ id: "h7", address: "青石新村 2号楼 1单元 301", communityId: "c2", devices: [] }),
                    residents: [],
                  },
                ]
              : [],
        }),
      "POST /api/devices/bind": (c) =>
        ok(
          deviceDetail({ id: "d9", name: (c.body as { name: string }).name, room: (c.body as { room: string }).room }),
        ),
    });
    render(<StaffInstallPage />);
    expect(screen.getByText("网页版不能扫码。请输入设备背面印的设备编号和设备码。")).toBeTruthy();
    expect(screen.queryByText("扫描设备上的二维码")).toBeNull();
    tap("完成安装");
    expect(screen.getByTestId("msg-submit").textContent).toBe("请填写设备编号和设备码，并选择住户和房间");
    await typeInto("install-serial", "SN1");
    await typeInto("install-bindcode", "CODE");
    await waitFor(() => expect(screen.getByText("青石新村")).toBeTruthy());
    tap("青石新村");
    await waitFor(() => expect(screen.getByText("青石新村 2号楼 1单元 301")).toBeTruthy());
    tap("青石新村 2号楼 1单元 301");
    tap("厨房");
    tap("完成安装");
    await waitFor(() => expect(screen.getByText("安装完成：青石新村 2号楼 1单元 301 厨房 · 厨房烟感")).toBeTruthy());
    const bind = fake.callsTo("POST", "/api/devices/bind")[0];
    expect(bind.body).toEqual({ serial: "SN1", bindCode: "CODE", householdId: "h7", room: "厨房", name: "厨房烟感" });
    expect(bind.headers.authorization).toBe("Bearer S");
  });
});

// The booking subpackage's pages are covered by test/unit/booking*.test.tsx.
