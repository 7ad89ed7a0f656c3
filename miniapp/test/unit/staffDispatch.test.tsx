import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Taro from "@tarojs/taro";
import StaffAlarmsPage from "@/packages/staff/pages/alarms/index";
import { staffClient } from "@/services/client";
import type { AlarmPhoto, AlarmSummary, DispatchableStaff, StaffUser } from "@anxin/contract";
import { fail, holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();
import { alarmChange, alarmPhoto, dispatchResult, staffUser } from "../support/fixtures";
import { ALARM, tap, typeInto } from "../support/ui";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const ME = staffUser({ id: "s1", name: "赵师傅", role: "PROPERTY_STAFF", propertyCompanyId: "pc1" });
const PEOPLE: DispatchableStaff[] = [
  {
    id: "s2",
    name: "王师傅",
    role: "PROPERTY_STAFF",
    phone: "138****0003",
    onDuty: true,
    onDutyUntil: new Date(Date.now() + 3 * 3600_000).toISOString(),
  },
  { id: "s1", name: "赵师傅", role: "PROPERTY_STAFF", phone: "138****0004", onDuty: false, onDutyUntil: null },
  { id: "m1", name: "钱经理", role: "PROPERTY_MANAGER", phone: "138****0005", onDuty: false, onDutyUntil: null },
];

/** An in-memory alarms API that remembers dispatches, as the real one does (a dispatch acknowledges). */
function staffApiFake(opts: { refuseDispatch?: boolean; me?: StaffUser } = {}) {
  let alarms: AlarmSummary[] = [{ ...ALARM, dispatchedTo: null, dispatchedAt: null }];
  return installFakeApi({
    "GET /api/me": () => ok(opts.me ?? ME),
    "GET /api/alarms": (c) => {
      const mine = c.query.get("dispatchedTo") === "me";
      return ok({ total: alarms.length, items: mine ? alarms.filter((a) => a.dispatchedTo?.id === "s1") : alarms });
    },
    "GET /api/alarms/:id/dispatchable": () => ok({ items: PEOPLE }),
    "POST /api/alarms/:id/dispatch": (c, p) => {
      if (opts.refuseDispatch) return fail(409, "CONFLICT", "该报警已处置完毕，不能再派遣");
      const who = PEOPLE.find((s) => s.id === (c.body as { staffUserId: string }).staffUserId)!;
      const at = new Date().toISOString();
      alarms = alarms.map((a) =>
        a.id === p.id
          ? {
              ...a,
              status: "ACKNOWLEDGED" as const,
              dispatchedTo: { id: who.id, name: who.name, phone: who.phone },
              dispatchedAt: at,
            }
          : a,
      );
      return ok(dispatchResult({ dispatchedTo: { id: who.id, name: who.name, phone: who.phone }, dispatchedAt: at }));
    },
    "POST /api/alarms/:id/resolve": (_c, p) => {
      alarms = alarms.filter((a) => a.id !== p.id);
      return ok(alarmChange({ outcome: "resolved" }));
    },
  });
}

describe("staff: dispatch", () => {
  beforeEach(() => {
    staffClient.saveTokens({ accessToken: "S", refreshToken: "SR", expiresIn: 900 });
  });

  it('"我去处理" sends the signed-in staff member, and the card then says who was sent', async () => {
    const fake = staffApiFake();
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByText("我去处理")).toBeTruthy());
    tap("我去处理");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/alarms/a1/dispatch")[0]?.body).toEqual({ staffUserId: "s1" }),
    );
    expect(fake.callsTo("POST", "/api/alarms/a1/dispatch")[0]?.headers.authorization).toBe("Bearer S");
    await waitFor(() => expect(screen.getByTestId("dispatched-a1").textContent).toMatch(/^已派：我，/));
    expect(screen.getByText("已接单：您去处理，到场后请结束报警。")).toBeTruthy();
    // already mine: no second "我去处理"; a colleague can still take over
    expect(screen.queryByText("我去处理")).toBeNull();
    expect(screen.getByText("改派别人")).toBeTruthy();
  });

  it("sends a colleague chosen from the list (on duty first), after a confirmation with a word for them", async () => {
    const fake = staffApiFake();
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByText("派同事去")).toBeTruthy());
    tap("派同事去");
    await waitFor(() => expect(screen.getByTestId("pick-staff-s2")).toBeTruthy());
    const picks = Array.from(document.querySelectorAll('[data-testid^="pick-staff-"]')).map((e) => e.textContent);
    expect(picks[0]).toMatch(/^王师傅 · 在班，到 /);
    expect(picks[1]).toBe("赵师傅（我） · 不在班");
    fireEvent.click(screen.getByTestId("pick-staff-s2"));
    expect(screen.getByTestId("dispatch-confirm").textContent).toContain("派 王师傅 去处理？");
    expect(fake.callsTo("POST", "/api/alarms/a1/dispatch")).toHaveLength(0);
    await typeInto("dispatch-note", "带上灭火器");
    tap("确定派遣");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/alarms/a1/dispatch")[0]?.body).toEqual({
        staffUserId: "s2",
        note: "带上灭火器",
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("dispatched-a1").textContent).toMatch(/^已派：王师傅（138\*{4}0003），/),
    );
    expect(screen.getByText("已派 王师傅 去处理")).toBeTruthy();
  });

  it('"派给我的" lists only alarms sent to me; resolving one there takes it off', async () => {
    const fake = staffApiFake();
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByText("我去处理")).toBeTruthy());
    tap("派给我的");
    await waitFor(() => expect(screen.getByText("现在没有派给您的报警")).toBeTruthy());
    const mineCall = fake.calls.find((c) => c.path === "/api/alarms" && c.query.get("dispatchedTo") === "me")!;
    expect(mineCall.query.get("status")).toBe("open");
    tap("全部未处理");
    await waitFor(() => expect(screen.getByText("我去处理")).toBeTruthy());
    tap("我去处理");
    await waitFor(() => expect(screen.getByTestId("dispatched-a1")).toBeTruthy());
    tap("派给我的");
    await waitFor(() =>
      expect(screen.getByTestId("staff-alarm-a1").textContent).toContain("幸福小区 3号楼 1单元 1203"),
    );
    tap("结束报警");
    tap("误报");
    await waitFor(() =>
      expect(fake.callsTo("POST", "/api/alarms/a1/resolve")[0]?.body).toEqual({ resolution: "FALSE_ALARM" }),
    );
    await waitFor(() => expect(screen.getByText("现在没有派给您的报警")).toBeTruthy());
  });

  it("explains a refused dispatch", async () => {
    staffApiFake({ refuseDispatch: true });
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByText("我去处理")).toBeTruthy());
    tap("我去处理");
    await waitFor(() => expect(screen.getByText("该报警已处置完毕，不能再派遣")).toBeTruthy());
  });

  it("offers no dispatch to a role that cannot send anyone", async () => {
    staffApiFake({ me: { ...ME, role: "FIRE_SUPERVISOR" } });
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByTestId("staff-alarm-a1")).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId("staff-me").textContent).toBe("赵师傅，已登录"));
    expect(screen.getByText("结束报警")).toBeTruthy();
    expect(screen.queryByText("我去处理")).toBeNull();
    expect(screen.queryByText("派同事去")).toBeNull();
  });
});

describe("staff: a photo from the site", () => {
  beforeEach(() => {
    staffClient.saveTokens({ accessToken: "S", refreshToken: "SR", expiresIn: 900 });
  });

  function photoApi() {
    const stored: AlarmPhoto[] = [];
    return installFakeApi({
      "GET /api/me": () => ok(ME),
      "GET /api/alarms": () => ok({ total: 1, items: [ALARM] }),
      // what Taro's H5 chooseMedia hands over: a blob: URL of the chosen file
      "GET http://h5.local/photo-1": () => ({ status: 200, body: "JPEG-BYTES" }),
      "POST /api/alarms/:id/photos": () => {
        const photo = alarmPhoto({ id: `p${stored.length + 1}` });
        stored.push(photo);
        return { status: 201, body: photo };
      },
      "GET /api/alarms/:id/photos": () => ok({ items: stored }),
    });
  }

  it("sends the chosen picture as the raw body with its image type, and says how many the alarm has", async () => {
    const fake = photoApi();
    vi.spyOn(Taro, "chooseMedia").mockResolvedValue({
      type: "image",
      tempFiles: [{ tempFilePath: "blob:http://h5.local/photo-1", size: 12, fileType: "image" }],
    } as never);
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByText("拍照上传现场")).toBeTruthy());
    tap("拍照上传现场");
    await waitFor(() => expect(screen.getByText("照片已上传，这条报警共有 1 张照片")).toBeTruthy());
    const [, init] = fake.fetchMock.mock.calls.find(
      ([u, i]) => String(u).endsWith("/api/alarms/a1/photos") && i?.method === "POST",
    )!;
    const headers = init!.headers as Record<string, string>;
    expect(headers["Content-Type"]).toBe("image/jpeg");
    expect(headers.Authorization).toBe("Bearer S");
    expect(new TextDecoder().decode(init!.body as ArrayBuffer)).toBe('"JPEG-BYTES"'); // the fake serves its body as JSON
  });

  it("does nothing when the camera is cancelled, and refuses a photo over 8 MB before sending it", async () => {
    const fake = photoApi();
    const choose = vi.spyOn(Taro, "chooseMedia").mockRejectedValueOnce({ errMsg: "chooseMedia:fail cancel" });
    render(<StaffAlarmsPage />);
    await waitFor(() => expect(screen.getByText("拍照上传现场")).toBeTruthy());
    tap("拍照上传现场");
    await waitFor(() => expect(choose).toHaveBeenCalledTimes(1));
    expect(screen.queryByText(/没有成功/)).toBeNull();
    choose.mockResolvedValueOnce({
      type: "image",
      tempFiles: [{ tempFilePath: "blob:http://h5.local/photo-1", size: 9 * 1024 * 1024, fileType: "image" }],
    } as never);
    tap("拍照上传现场");
    await waitFor(() => expect(screen.getByText("照片太大了（不能超过 8 MB），请重新拍一张")).toBeTruthy());
    expect(fake.callsTo("POST", "/api/alarms/a1/photos")).toHaveLength(0);
    expect(screen.queryByText(/照片已上传/)).toBeNull();
  });
});
