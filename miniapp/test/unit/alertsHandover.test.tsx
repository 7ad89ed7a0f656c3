import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import AlertsPage from "@/pages/alerts/index";
import DevicePage from "@/pages/device/index";
import { resetState } from "@/services/store";
import type { DeviceDetail, MembershipFlags } from "@anxin/contract";
import { deviceEvent, deviceStatus, member } from "../support/fixtures";
import { fail, holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";
import { setRouterParams } from "../support/taro";
import { HOME, signInResident, tap } from "../support/ui";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setRouterParams({});
});

const DEFAULTS: MembershipFlags = {
  neighbourAlerts: false,
  notifyLowBattery: true,
  notifyOffline: true,
  notifyTamper: true,
  notifyFault: true,
};
const SECOND_HOME = { ...HOME, id: "h2", address: "和平花园 2号楼 1单元 502", role: "FAMILY" as const, devices: [] };

/** Taro's H5 <Switch> renders a checkbox inside its host element. */
async function switchIn(home: string, key: string): Promise<HTMLInputElement> {
  const host = within(await screen.findByTestId(`alerts-home-${home}`)).getByTestId(`alert-${key}`);
  await waitFor(() => expect(host.querySelector("input")).toBeTruthy());
  return host.querySelector("input") as HTMLInputElement;
}
const stateIn = (home: string, key: string) =>
  within(screen.getByTestId(`alerts-home-${home}`)).getByTestId(`alert-${key}-state`).textContent;

describe("提醒设置: which problems to hear about, per home", () => {
  beforeEach(() => {
    signInResident();
    resetState();
  });

  function alertsApi(opts: { refuse?: boolean } = {}) {
    const mine: Record<string, MembershipFlags> = { h1: { ...DEFAULTS }, h2: { ...DEFAULTS, notifyOffline: false } };
    return installFakeApi({
      "GET /api/households": () => ok({ items: [HOME, SECOND_HOME] }),
      "GET /api/households/:id": (_c, p) =>
        ok({
          ...(p.id === "h1" ? HOME : SECOND_HOME),
          role: p.id === "h1" ? "OWNER" : "FAMILY",
          members: [
            {
              id: `m-${p.id}`,
              residentId: "u1",
              nickname: "张阿姨",
              phone: "138****0009",
              role: "OWNER",
              isMe: true,
              ...mine[p.id],
            },
            // another member's switches are theirs: the page must not take them for mine
            {
              id: "m9",
              residentId: "u9",
              nickname: "小张",
              phone: "138****0008",
              role: "FAMILY",
              isMe: false,
              ...DEFAULTS,
              notifyLowBattery: false,
            },
          ],
          emergencyContacts: [],
        }),
      "PATCH /api/households/:id/membership": (c, p) => {
        if (opts.refuse) return fail(500, "INTERNAL");
        mine[p.id] = { ...mine[p.id]!, ...(c.body as Partial<MembershipFlags>) };
        return ok({ householdId: p.id, role: "OWNER", ...mine[p.id] });
      },
    });
  }

  it("shows every home with my own switches, and says fire alarms cannot be switched off", async () => {
    alertsApi();
    render(<AlertsPage />);
    await waitFor(() => expect(screen.getByTestId("alerts-home-h2")).toBeTruthy());
    expect(screen.getByTestId("fire-always").textContent).toContain("不能关闭");
    expect(screen.getByText("幸福小区 3号楼 1单元 1203")).toBeTruthy();
    expect(screen.getByText("和平花园 2号楼 1单元 502")).toBeTruthy();
    expect((await switchIn("h1", "notifyLowBattery")).checked).toBe(true);
    expect((await switchIn("h1", "neighbourAlerts")).checked).toBe(false);
    expect((await switchIn("h2", "notifyOffline")).checked).toBe(false);
    expect(stateIn("h2", "notifyOffline")).toBe("现在：不提醒");
    expect(stateIn("h1", "notifyOffline")).toBe("现在：会提醒");
  });

  it("saves a switch as soon as it moves, for that home only, and says so", async () => {
    const fake = alertsApi();
    render(<AlertsPage />);
    fireEvent.click(await switchIn("h1", "notifyLowBattery"));
    await waitFor(() =>
      expect(fake.callsTo("PATCH", "/api/households/h1/membership")[0]?.body).toEqual({ notifyLowBattery: false }),
    );
    await waitFor(() => expect(screen.getByTestId("alerts-notice").textContent).toBe("已保存：“电池快没电”不再提醒您"));
    expect(stateIn("h1", "notifyLowBattery")).toBe("现在：不提醒");
    expect(stateIn("h2", "notifyLowBattery")).toBe("现在：会提醒");
    expect(fake.callsTo("PATCH", "/api/households/h2/membership")).toHaveLength(0);
    fireEvent.click(await switchIn("h2", "notifyOffline"));
    await waitFor(() =>
      expect(fake.callsTo("PATCH", "/api/households/h2/membership")[0]?.body).toEqual({ notifyOffline: true }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("alerts-notice").textContent).toBe("已保存：“报警器失去联系”会提醒您"),
    );
  });

  it("puts the switch back and explains when saving fails", async () => {
    const fake = alertsApi({ refuse: true });
    render(<AlertsPage />);
    fireEvent.click(await switchIn("h1", "notifyTamper"));
    await waitFor(() => expect(screen.getByText("没有保存：操作没有成功，请稍后再试")).toBeTruthy());
    expect(fake.callsTo("PATCH", "/api/households/h1/membership")).toHaveLength(1);
    expect(stateIn("h1", "notifyTamper")).toBe("现在：会提醒");
    expect((await switchIn("h1", "notifyTamper")).checked).toBe(true);
  });
});

describe("device page: hand over to a family member", () => {
  beforeEach(() => {
    signInResident();
    resetState();
    setRouterParams({ id: "d2" });
  });

  const device: DeviceDetail = {
    id: "d2",
    serial: "AX2024000124",
    name: "厨房烟感",
    room: "厨房",
    mode: "NORMAL",
    householdId: "h1",
    communityId: "c1",
    model: {
      id: "m1",
      name: "AX-S1",
      kind: "SMOKE",
      heartbeatIntervalSec: 3600,
      supportsMute: true,
      supportsSelfTest: false,
      power: null,
      network: null,
    },
    state: "normal",
    status: deviceStatus(),
    responsible: { residentId: "u1", name: "张阿姨" },
    events: [deviceEvent()],
  };

  function handoverApi(me: { role: "OWNER" | "FAMILY"; residentId: string }, start: DeviceDetail = device) {
    let current = start;
    return installFakeApi({
      "GET /api/devices/:id": () => ok(current),
      "GET /api/households/:id": () =>
        ok({
          ...HOME,
          role: me.role,
          members: [
            {
              id: "m1",
              residentId: "u1",
              nickname: "张阿姨",
              phone: "138****0009",
              role: "OWNER" as const,
              isMe: me.residentId === "u1",
            },
            {
              id: "m2",
              residentId: "u2",
              nickname: "小张",
              phone: "138****0008",
              role: "FAMILY" as const,
              isMe: me.residentId === "u2",
            },
            {
              id: "m3",
              residentId: "u3",
              nickname: null,
              phone: "139****0007",
              role: "TENANT" as const,
              isMe: me.residentId === "u3",
            },
          ].map((m) => member(m)),
          emergencyContacts: [],
        }),
      "POST /api/devices/:id/handover": (c) => {
        const to = (c.body as { residentId: string }).residentId;
        if (to === "u3") return fail(400, "VALIDATION_FAILED", "只能移交给这户的家庭成员，请先邀请对方加入家庭");
        current = {
          ...current,
          responsible: { residentId: to, name: "小张" },
          events: [deviceEvent({ id: 2, type: "handover", note: "张阿姨 移交给 小张" }), ...current.events],
        };
        return ok(current);
      },
    });
  }

  it("the responsible owner chooses a member, confirms, and sees the new responsible person and the history line", async () => {
    const fake = handoverApi({ role: "OWNER", residentId: "u1" });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByTestId("responsible").textContent).toBe("张阿姨（您）"));
    await waitFor(() => expect(screen.getByText("移交给家人")).toBeTruthy());
    tap("移交给家人");
    // the current responsible person is not offered
    expect(screen.queryByText(/^张阿姨（户主/)).toBeNull();
    expect(screen.getByText("139****0007（租户）")).toBeTruthy();
    tap("小张（家人）");
    expect(screen.getByTestId("handover-confirm").textContent).toContain("把“厨房烟感”移交给 小张 吗？");
    expect(fake.callsTo("POST", "/api/devices/d2/handover")).toHaveLength(0);
    tap("确定移交");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/devices/d2/handover")[0]?.body).toEqual({ residentId: "u2" }),
    );
    await waitFor(() => expect(screen.getByText("已移交给 小张，以后由 小张 负责这个报警器。")).toBeTruthy());
    expect(screen.getByTestId("responsible").textContent).toBe("小张");
    expect(screen.getByText("移交：张阿姨 移交给 小张")).toBeTruthy();
  });

  it('"不移交" goes back without a request, and a refused target is explained', async () => {
    const fake = handoverApi({ role: "OWNER", residentId: "u1" });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByText("移交给家人")).toBeTruthy());
    tap("移交给家人");
    tap("小张（家人）");
    tap("不移交");
    expect(screen.queryByTestId("handover-confirm")).toBeNull();
    tap("139****0007（租户）");
    tap("确定移交");
    await waitFor(() => expect(screen.getByText("只能移交给这户的家庭成员，请先邀请对方加入家庭")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/devices/d2/handover")).toHaveLength(1);
    expect(screen.getByTestId("responsible").textContent).toBe("张阿姨（您）");
  });

  it("a family member who is not responsible for it is told who can, and gets no button", async () => {
    handoverApi({ role: "FAMILY", residentId: "u2" });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByText("只有户主或负责人可以把报警器移交给家人。")).toBeTruthy());
    expect(screen.queryByText("移交给家人")).toBeNull();
    expect(screen.getByTestId("responsible").textContent).toBe("张阿姨");
  });

  it("an owner with no responsible person yet can take it on themselves", async () => {
    const fake = handoverApi({ role: "OWNER", residentId: "u1" }, { ...device, responsible: null });
    render(<DevicePage />);
    await waitFor(() => expect(screen.getByTestId("responsible").textContent).toBe("还没有指定负责人"));
    await waitFor(() => expect(screen.getByText("移交给家人")).toBeTruthy());
    tap("移交给家人");
    tap("张阿姨（户主，您自己）");
    tap("确定移交");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/devices/d2/handover")[0]?.body).toEqual({ residentId: "u1" }),
    );
  });
});
