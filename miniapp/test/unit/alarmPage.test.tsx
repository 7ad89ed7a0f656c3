import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import AlarmPage from "@/pages/alarm/index";
import { alarmWatcher } from "@/services/session";
import { resetState } from "@/services/store";
import type { AlarmSummary } from "@/services/types";
import { fail, installFakeApi, ok } from "../support/fakeApi";
import { ALARM, signInResident, tap } from "../support/ui";

function alarmApi(opts: { smokeHigh: boolean; supportsMute?: boolean }) {
  let open: AlarmSummary[] = [ALARM];
  const fake = installFakeApi({
    "GET /api/alarms": () => ok({ items: open }),
    "GET /api/alarms/:id": () =>
      ok({
        ...ALARM,
        status: open.find((a) => a.id === ALARM.id)?.status ?? "RESOLVED",
        device: {
          ...ALARM.device,
          modelName: "AX-S1",
          supportsMute: opts.supportsMute ?? true,
          smoke: opts.smokeHigh ? 0.31 : 0.02,
          smokeAlarm: opts.smokeHigh,
        },
        actions:
          open[0]?.status === "ACKNOWLEDGED"
            ? [{ action: "acknowledged", actor: "resident:u2", note: null, at: new Date().toISOString() }]
            : [],
        notifications: [
          {
            channel: "SMS",
            recipient: "contact:c1",
            template: "fire",
            status: "DELIVERED",
            sentAt: new Date().toISOString(),
          },
          {
            channel: "WECHAT",
            recipient: "resident:u2",
            template: "fire",
            status: "SENT",
            sentAt: new Date().toISOString(),
          },
          { channel: "VOICE", recipient: "staff:s1", template: "fire", status: "QUEUED", sentAt: null },
        ],
        escalation: {
          level: 1,
          nextStep: { label: "电话通知物业值班室", at: new Date(Date.now() + 125000).toISOString() },
        },
      }),
    "GET /api/households/:id": () =>
      ok({
        id: "h1",
        address: ALARM.address,
        role: "OWNER",
        devices: [],
        members: [
          { id: "m2", residentId: "u2", nickname: "张阿姨", phone: "13800000003", role: "FAMILY", isMe: false },
        ],
        emergencyContacts: [{ id: "c1", name: "王女士", phone: "13800000001", relation: "女儿", priority: 0 }],
      }),
    "POST /api/alarms/:id/ack": () => {
      open = open.map((a) => ({ ...a, status: "ACKNOWLEDGED" }));
      return ok({});
    },
    "POST /api/alarms/:id/resolve": () => {
      open = [];
      return ok({});
    },
    "POST /api/devices/:id/commands": () =>
      fail(409, "SMOKE_STILL_HIGH", "烟雾浓度仍然很高，不能远程消音，请先确认安全"),
  });
  return fake;
}

describe("alarm screen", () => {
  beforeEach(() => {
    signInResident();
    resetState({ openAlarms: [ALARM], focusAlarmId: "a1" });
  });
  afterEach(() => {
    alarmWatcher.stop();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("shows what, where and when, who was told and the next escalation step with time left", async () => {
    alarmApi({ smokeHigh: true });
    render(<AlarmPage />);
    expect(screen.getByTestId("alarm-what").textContent).toBe("火警：烟雾报警");
    expect(screen.getByTestId("alarm-where").textContent).toBe("客厅 · 客厅烟感");
    expect(screen.getByText("幸福小区 3号楼 1单元 1203")).toBeTruthy();
    expect(screen.getByTestId("alarm-when").textContent).toMatch(/^今天 \d\d:\d\d 开始（3分钟前）$/);
    await waitFor(() => expect(screen.getByText(/王女士（女儿）：短信，已送达/)).toBeTruthy());
    expect(screen.getByText(/张阿姨：微信，已发送/)).toBeTruthy();
    expect(screen.getByText("物业：电话，待发送")).toBeTruthy();
    expect(screen.getByTestId("alarm-next-step").textContent).toMatch(/电话通知物业值班室（还剩 2分0\d秒）/);
    // smoke is still high: no mute button, a clear refusal instead
    await waitFor(() => expect(screen.getByText("烟雾浓度仍然很高，不能消音。请先确认安全！")).toBeTruthy());
    expect(screen.queryByText("请求报警器消音")).toBeNull();
  });

  it("does not mark idle buttons disabled (Taro H5 greys out any button with a disabled attribute)", () => {
    alarmApi({ smokeHigh: true });
    render(<AlarmPage />);
    const ack = screen.getByText("我来处理").closest("taro-button-core") as HTMLElement;
    expect(ack.hasAttribute("disabled")).toBe(false);
  });

  it("calls 119 with the phone dialer", async () => {
    alarmApi({ smokeHigh: true });
    const call = vi.spyOn(Taro, "makePhoneCall").mockResolvedValue({ errMsg: "makePhoneCall:ok" });
    render(<AlarmPage />);
    tap("拨打119");
    expect(call).toHaveBeenCalledWith({ phoneNumber: "119" });
  });

  it('"我来处理" acknowledges the alarm and the button goes away', async () => {
    const fake = alarmApi({ smokeHigh: true });
    render(<AlarmPage />);
    tap("我来处理");
    await waitFor(() => expect(fake.callsTo("POST", "/api/alarms/a1/ack")).toHaveLength(1));
    await waitFor(() => expect(screen.getByText("已通知大家：您正在处理。请注意安全！")).toBeTruthy());
    await waitFor(() => expect(screen.queryByText("我来处理")).toBeNull());
    expect(screen.getByText("张阿姨 正在处理")).toBeTruthy();
  });

  it('"误报" asks to confirm, resolves as FALSE_ALARM and the screen returns to no alarm', async () => {
    const fake = alarmApi({ smokeHigh: false });
    render(<AlarmPage />);
    tap("误报");
    expect(fake.callsTo("POST", "/api/alarms/a1/resolve")).toHaveLength(0);
    expect(screen.getByTestId("confirm-resolve").textContent).toContain("确定是“误报”吗？");
    tap("确定，误报");
    await waitFor(() => expect(fake.callsTo("POST", "/api/alarms/a1/resolve")).toHaveLength(1));
    expect(fake.callsTo("POST", "/api/alarms/a1/resolve")[0].body).toEqual({ resolution: "FALSE_ALARM" });
    await waitFor(() => expect(screen.getByTestId("no-alarm")).toBeTruthy());
    expect(screen.getByText("报警已结束（误报）。谢谢您！")).toBeTruthy();
  });

  it('"是测试" resolves as TEST', async () => {
    const fake = alarmApi({ smokeHigh: false });
    render(<AlarmPage />);
    tap("是测试");
    tap("确定，是测试");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/alarms/a1/resolve")[0]?.body).toEqual({ resolution: "TEST" }),
    );
  });

  it("offers mute when the device supports it and smoke is low, and shows the refusal the API gives", async () => {
    const fake = alarmApi({ smokeHigh: false });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText("请求报警器消音")).toBeTruthy());
    tap("请求报警器消音");
    await waitFor(() => expect(fake.callsTo("POST", "/api/devices/d1/commands")[0]?.body).toEqual({ type: "mute" }));
    await waitFor(() => expect(screen.getByText("烟雾浓度仍然很高，不能消音。请先确认安全！")).toBeTruthy());
  });

  it("does not offer mute on a device that cannot be muted", async () => {
    alarmApi({ smokeHigh: false, supportsMute: false });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText(/王女士/)).toBeTruthy());
    expect(screen.queryByTestId("mute-section")).toBeNull();
  });

  it('shows "no alarm" when nothing is open', async () => {
    installFakeApi({ "GET /api/alarms": () => ok({ items: [] }) });
    resetState({ openAlarms: [], focusAlarmId: null });
    render(<AlarmPage />);
    expect(screen.getByText("目前没有报警")).toBeTruthy();
  });
});
