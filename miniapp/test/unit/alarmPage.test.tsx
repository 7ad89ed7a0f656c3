import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import AlarmPage from "@/pages/alarm/index";
import { alarmWatcher } from "@/services/session";
import { resetState, setState } from "@/services/store";
import type { AlarmSummary, DeviceSummary } from "@anxin/contract";
import { fail, installFakeApi, ok } from "../support/fakeApi";
import { ALARM, HOME, signInResident, tap } from "../support/ui";
import { alarmDetail, alarmNotification, deviceSummary } from "../support/fixtures";

const change = (status: string) => ({
  outcome: "changed",
  alarm: { id: ALARM.id, kind: ALARM.kind, status, resolution: null, report119: false },
});

const DEVICE = (over: Partial<DeviceSummary>): DeviceSummary => deviceSummary(over);

function alarmApi(opts: {
  smokeHigh: boolean;
  supportsMute?: boolean;
  refuseResolve?: boolean;
  commandWaits?: boolean;
}) {
  let open: AlarmSummary[] = [ALARM];
  const fake = installFakeApi(
    {
      "GET /api/alarms": () => ok({ total: open.length, items: open }),
      "GET /api/alarms/:id": () => {
        const status = open.find((a) => a.id === ALARM.id)?.status ?? "RESOLVED";
        const at = new Date().toISOString();
        return ok(
          alarmDetail(
            {
              device: {
                ...ALARM.device,
                modelName: "AX-S1",
                supportsMute: opts.supportsMute ?? true,
                smoke: opts.smokeHigh ? 310 : 20,
                smokeAlarm: opts.smokeHigh,
                smokeHigh: opts.smokeHigh,
              },
              actions:
                open[0]?.status === "ACKNOWLEDGED"
                  ? [{ action: "acknowledged", actor: "resident:u2", note: null, at }]
                  : [],
              notifications: [
                alarmNotification({
                  recipientName: "王女士（女儿）",
                  status: "DELIVERED",
                  statusLabel: "已送达",
                  sentAt: at,
                  deliveredAt: at,
                }),
                alarmNotification({
                  channel: "WECHAT",
                  recipient: "resident:u2",
                  recipientName: "张阿姨",
                  status: "SENT",
                  statusLabel: "已发出（未确认送达）",
                  sentAt: at,
                }),
                alarmNotification({ channel: "VOICE", recipient: "staff:s1", recipientName: "刘经理" }),
                // the property company's duty screen: an internal channel residents never see by that name
                alarmNotification({
                  channel: "PUSH",
                  recipient: "staff:s1",
                  recipientName: "刘经理",
                  status: "FAILED",
                  statusLabel: "未送达",
                }),
              ],
              escalation: {
                level: 1,
                nextStep: { label: "电话通知物业值班室", at: new Date(Date.now() + 125000).toISOString() },
              },
            },
            { ...ALARM, status },
          ),
        );
      },
      "POST /api/alarms/:id/ack": () => {
        open = open.map((a) => ({ ...a, status: "ACKNOWLEDGED" }));
        return ok(change("ACKNOWLEDGED"));
      },
      "POST /api/alarms/:id/resolve": () => {
        if (opts.refuseResolve)
          return fail(409, "SMOKE_STILL_HIGH", "报警器还测到很浓的烟，不能按“误报”结束报警。请先离开并确认安全。");
        open = [];
        return ok(change("RESOLVED"));
      },
      "POST /api/devices/:id/commands": () =>
        opts.commandWaits
          ? ok({ id: "c1", type: "mute", status: "PENDING", until: new Date(Date.now() + 120_000).toISOString() })
          : fail(409, "SMOKE_STILL_HIGH", "烟雾浓度仍然很高，不能远程消音，请先确认安全"),
      "GET /api/households": () => ok({ items: [HOME] }),
    },
    { contract: true },
  );
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

  it("shows what, where and when, who was told in plain words and the next escalation step with time left", async () => {
    const fake = alarmApi({ smokeHigh: true });
    render(<AlarmPage />);
    expect(screen.getByTestId("alarm-what").textContent).toBe("火警：烟雾报警");
    expect(screen.getByTestId("alarm-where").textContent).toBe("客厅烟感");
    expect(screen.getByText("幸福小区 3号楼 1单元 1203")).toBeTruthy();
    expect(screen.getByTestId("alarm-when").textContent).toMatch(/^今天 \d\d:\d\d 开始（3分钟前）$/);
    await waitFor(() => expect(screen.getByText("王女士（女儿）：短信，已收到")).toBeTruthy());
    expect(screen.getByText("张阿姨：微信，已发出")).toBeTruthy();
    // the provider's delivery receipt, with its time: only on the line that has one
    expect(screen.getAllByTestId("told-delivered").map((e) => e.textContent)).toEqual([
      expect.stringMatching(/^今天 \d\d:\d\d 送达$/),
    ]);
    expect(screen.getByText("物业：电话，正在通知")).toBeTruthy();
    const told = screen.getByTestId("alarm-notified").textContent ?? "";
    expect(told).not.toContain("值班屏幕");
    expect(told).not.toContain("未送达");
    expect(screen.getByTestId("alarm-next-step").textContent).toMatch(/电话通知物业值班室（还剩 2分0\d秒）/);
    // the names come with the alarm: no second request for the household
    expect(fake.calls.filter((c) => c.path === "/api/households/h1")).toHaveLength(0);
  });

  it("when the chain has no step left, says everyone was told and the alarm stays until someone handles it", async () => {
    installFakeApi(
      {
        "GET /api/alarms": () => ok({ total: 1, items: [ALARM] }),
        "GET /api/alarms/:id": () => ok(alarmDetail({ escalation: { level: 3, nextStep: null } }, ALARM)),
        "GET /api/households": () => ok({ items: [HOME] }),
      },
      { contract: true },
    );
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByTestId("alarm-chain-done")).toBeTruthy());
    const next = screen.getByTestId("alarm-next-step").textContent ?? "";
    expect(next).toContain("该通知的人都已经通知到了，不会再通知更多的人。");
    expect(next).toContain("报警不会自动结束，会一直保留到有人处理。请有人点上面的“我来处理”。");
    expect(next).not.toContain("正在安排");
    expect(screen.getByText("我来处理")).toBeTruthy();
  });

  it("before the alarm's detail comes, says it is being looked up, not that the chain is over", () => {
    installFakeApi({ "GET /api/alarms": () => ok({ total: 1, items: [ALARM] }) });
    render(<AlarmPage />);
    expect(screen.getByTestId("alarm-next-step").textContent).toBe("下一步正在查询…");
    expect(screen.queryByTestId("alarm-chain-done")).toBeNull();
  });

  it("while smoke is heavy: says why it cannot be called a false alarm or a test, and offers no mute", async () => {
    alarmApi({ smokeHigh: true });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByTestId("smoke-still-high")).toBeTruthy());
    expect(screen.getByTestId("smoke-still-high").textContent).toContain("现在不能按“误报”或“测试”结束报警");
    expect(screen.queryByText("误报")).toBeNull();
    expect(screen.queryByText("是测试")).toBeNull();
    expect(screen.getByText("烟雾还很浓，不能远程消音。请先确认安全！")).toBeTruthy();
    expect(screen.queryByText("请求报警器消音")).toBeNull();
    // 119 and "I'm handling it" stay
    expect(screen.getByText("拨打119")).toBeTruthy();
    expect(screen.getByText("我来处理")).toBeTruthy();
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

  it('"我来处理" acknowledges the alarm, says so under the button, and the button goes away', async () => {
    const fake = alarmApi({ smokeHigh: true });
    render(<AlarmPage />);
    tap("我来处理");
    await waitFor(() => expect(fake.callsTo("POST", "/api/alarms/a1/ack")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("msg-ack").textContent).toBe("已通知大家：您正在处理。请注意安全！"));
    await waitFor(() => expect(screen.queryByText("我来处理")).toBeNull());
    expect(screen.getByText("张阿姨正在处理")).toBeTruthy();
  });

  it('"误报" asks to confirm, naming what will happen, resolves as FALSE_ALARM and returns to no alarm', async () => {
    const fake = alarmApi({ smokeHigh: false });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText("误报")).toBeTruthy());
    tap("误报");
    expect(fake.callsTo("POST", "/api/alarms/a1/resolve")).toHaveLength(0);
    const confirm = screen.getByTestId("confirm-resolve").textContent ?? "";
    expect(confirm).toContain("确定是误报吗？");
    expect(confirm).toContain("报警会结束，家人和物业不会再收到通知。");
    expect(confirm).not.toContain("“是测试”");
    tap("是误报，结束报警");
    await waitFor(() => expect(fake.callsTo("POST", "/api/alarms/a1/resolve")).toHaveLength(1));
    expect(fake.callsTo("POST", "/api/alarms/a1/resolve")[0].body).toEqual({ resolution: "FALSE_ALARM" });
    await waitFor(() => expect(screen.getByTestId("no-alarm")).toBeTruthy());
    expect(screen.getByTestId("toast").textContent).toContain("报警已结束（误报）。谢谢您！");
  });

  it('"是测试" resolves as TEST, and "返回，不结束" closes the question without a request', async () => {
    const fake = alarmApi({ smokeHigh: false });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText("是测试")).toBeTruthy());
    tap("是测试");
    expect(screen.getByTestId("confirm-resolve").textContent).toContain("确定是测试吗？");
    tap("返回，不结束");
    expect(screen.queryByTestId("confirm-resolve")).toBeNull();
    tap("是测试");
    tap("是测试，结束报警");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/alarms/a1/resolve")[0]?.body).toEqual({ resolution: "TEST" }),
    );
  });

  it("shows the API's refusal next to the confirmation when the smoke rose meanwhile", async () => {
    alarmApi({ smokeHigh: false, refuseResolve: true });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText("误报")).toBeTruthy());
    tap("误报");
    tap("是误报，结束报警");
    await waitFor(() => expect(screen.getByTestId("msg-resolve").textContent).toContain("还测到很浓的烟"));
    expect(screen.getByTestId("msg-resolve").getAttribute("role")).toBe("alert");
    expect(screen.getByTestId("alarm-screen")).toBeTruthy();
  });

  it("offers mute when the device supports it and smoke is low, and shows the refusal the API gives under it", async () => {
    const fake = alarmApi({ smokeHigh: false });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText("请求报警器消音")).toBeTruthy());
    tap("请求报警器消音");
    await waitFor(() => expect(fake.callsTo("POST", "/api/devices/d1/commands")[0]?.body).toEqual({ type: "mute" }));
    await waitFor(() =>
      expect(screen.getByTestId("msg-mute").textContent).toBe("烟雾浓度仍然很高，不能远程消音，请先确认安全"),
    );
  });

  it("says a mute the system could not pass on yet is kept, sent once it can, and dropped after its time", async () => {
    const fake = alarmApi({ smokeHigh: false, commandWaits: true });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText("请求报警器消音")).toBeTruthy());
    tap("请求报警器消音");
    await waitFor(() => expect(fake.callsTo("POST", "/api/devices/d1/commands")).toHaveLength(1));
    await waitFor(() =>
      expect(screen.getByTestId("msg-mute").textContent).toMatch(
        /^系统暂时联系不上报警器，消音请求已记下，联系上后自动发出；[12]分\d\d秒内发不出就自动取消。如果仍有烟雾，报警器会继续响。$/,
      ),
    );
  });

  it("does not offer mute on a device that cannot be muted", async () => {
    alarmApi({ smokeHigh: false, supportsMute: false });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByText(/王女士/)).toBeTruthy());
    expect(screen.queryByTestId("mute-section")).toBeNull();
  });
});

describe("the 报警 tab with no alarm says what is true about the home", () => {
  beforeEach(() => {
    signInResident();
    resetState({ openAlarms: [], focusAlarmId: null });
  });
  afterEach(() => {
    alarmWatcher.stop();
    vi.unstubAllGlobals();
  });

  function noAlarmWith(devices: DeviceSummary[]) {
    installFakeApi(
      {
        "GET /api/alarms": () => ok({ total: 0, items: [] }),
        "GET /api/households": () => ok({ items: [{ ...HOME, devices }] }),
      },
      { contract: true },
    );
    render(<AlarmPage />);
  }

  it("says protected only when every alarm reaches us", async () => {
    noAlarmWith([DEVICE({}), DEVICE({ id: "d2", name: "厨房烟感", room: "厨房" })]);
    expect(screen.getByText("目前没有报警")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("no-alarm").getAttribute("data-health")).toBe("protected"));
    expect(screen.getByTestId("home-health-title").textContent).toBe("2 个报警器都在守护您");
  });

  it("never says 守护 when the alarms never connected", async () => {
    noAlarmWith([
      DEVICE({ state: "never_connected", online: false, lastSeenAt: null, battery: null, rssi: null }),
      DEVICE({ id: "d2", state: "never_connected", online: false, lastSeenAt: null, battery: null, rssi: null }),
    ]);
    await waitFor(() => expect(screen.getByTestId("no-alarm").getAttribute("data-health")).toBe("unprotected"));
    const card = screen.getByTestId("no-alarm").textContent ?? "";
    expect(card).toContain("2 个报警器现在都不能守护您");
    expect(card).toContain("2 个还没联网");
    expect(card).not.toContain("都在守护");
    expect(screen.getByText("看看是哪个报警器")).toBeTruthy();
  });

  it("counts the ones that protect when some lost contact", async () => {
    noAlarmWith([
      DEVICE({}),
      DEVICE({ id: "d2", state: "offline", online: false, lastSeenAt: new Date(Date.now() - 86400000).toISOString() }),
    ]);
    await waitFor(() => expect(screen.getByTestId("no-alarm").getAttribute("data-health")).toBe("partly"));
    expect(screen.getByTestId("home-health-title").textContent).toBe("2 个报警器中只有 1 个在守护您");
    expect(screen.getByTestId("no-alarm").textContent).toContain("1 个失去联系");
  });

  it("reads the homes again when the alarm ends, so the card is not left saying an alarm is on", async () => {
    let devices = [DEVICE({ state: "alarm" })];
    let open: AlarmSummary[] = [ALARM];
    installFakeApi(
      {
        "GET /api/alarms": () => ok({ total: open.length, items: open }),
        "GET /api/households": () => ok({ items: [{ ...HOME, devices }] }),
      },
      { contract: true },
    );
    resetState({ openAlarms: [ALARM], focusAlarmId: "a1" });
    render(<AlarmPage />);
    await waitFor(() => expect(screen.getByTestId("alarm-screen")).toBeTruthy());
    devices = [DEVICE({})];
    open = [];
    act(() => setState({ openAlarms: [], focusAlarmId: null }));
    await waitFor(() => expect(screen.getByTestId("no-alarm").getAttribute("data-health")).toBe("protected"));
  });

  it("says a device still senses smoke after its alarm ended, instead of claiming an alarm is on", async () => {
    noAlarmWith([DEVICE({ state: "alarm" })]);
    await waitFor(() => expect(screen.getByTestId("home-health-title").textContent).toBe("有报警器还测到烟雾"));
    expect(screen.getByTestId("no-alarm").textContent).not.toContain("请马上查看报警");
  });

  it("promises nothing before the homes have loaded", () => {
    installFakeApi(
      {
        "GET /api/alarms": () => ok({ total: 0, items: [] }),
        "GET /api/households": () => new Promise(() => undefined),
      },
      { contract: true },
    );
    render(<AlarmPage />);
    expect(screen.getByTestId("no-alarm").textContent).not.toContain("守护");
  });
});
