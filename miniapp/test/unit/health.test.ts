import { describe, expect, it } from "vitest";
import { deviceHealth, homeHealth, lastContact } from "@/services/health";
import { historyRows } from "@/services/history";
import { toldText, whoWasTold } from "@/services/told";
import type { AlarmNotification, DeviceEvent } from "@anxin/contract";
import { alarmNotification, deviceEvent } from "../support/fixtures";

const seen = new Date().toISOString();

describe("device and home health: what is true, in one place", () => {
  it("says each device state in words, and which protect the home", () => {
    const cases: [string, string | null, string, boolean][] = [
      ["normal", seen, "在守护", true],
      ["low_battery", seen, "电量低", true],
      ["alarm", seen, "报警中", true],
      ["never_connected", null, "还没联网", false],
      ["offline", seen, "失去联系", false],
      ["tamper", seen, "被拆下", false],
      ["fault", seen, "故障", false],
    ];
    for (const [state, lastSeenAt, label, protects] of cases) {
      const h = deviceHealth({ state, lastSeenAt });
      expect([state, h.label, h.protects]).toEqual([state, label, protects]);
    }
  });

  it("never calls protected a device never heard from, nor one in a state it does not know", () => {
    expect(deviceHealth({ state: "normal", lastSeenAt: null }).key).toBe("never_connected");
    expect(deviceHealth({ state: "something_new", lastSeenAt: seen }).protects).toBe(false);
    // only a device that hears us can take a self-test
    expect(deviceHealth({ state: "never_connected", lastSeenAt: null }).reachable).toBe(false);
    expect(deviceHealth({ state: "offline", lastSeenAt: seen }).reachable).toBe(false);
    expect(deviceHealth({ state: "normal", lastSeenAt: seen }).reachable).toBe(true);
  });

  it("calls a home protected only when every device protects it", () => {
    const ok = { state: "normal", lastSeenAt: seen };
    const never = { state: "never_connected", lastSeenAt: null };
    const lost = { state: "offline", lastSeenAt: seen };
    expect(homeHealth([]).key).toBe("none");
    expect(homeHealth([ok, ok])).toMatchObject({ key: "protected", title: "2 个报警器都在守护您", tone: "ok" });
    expect(homeHealth([ok]).title).toBe("报警器在守护您");
    expect(homeHealth([ok, { state: "low_battery", lastSeenAt: seen }])).toMatchObject({
      key: "protected",
      tone: "warn",
      detail: "1 个电量低，请尽快换电池。",
    });
    const some = homeHealth([ok, never, lost]);
    expect(some).toMatchObject({ key: "partly", title: "3 个报警器中只有 1 个在守护您", protecting: 1, total: 3 });
    expect(some.detail).toContain("1 个还没联网，1 个失去联系");
    const none = homeHealth([never, never]);
    expect(none).toMatchObject({ key: "unprotected", title: "2 个报警器现在都不能守护您", tone: "danger" });
    expect(none.detail).toContain("2 个还没联网");
    expect(homeHealth([ok, { state: "alarm", lastSeenAt: seen }]).key).toBe("alarm");
  });

  it("says the last contact once, never 从未（从未）", () => {
    expect(lastContact(null)).toBe("还没有联系过");
    const now = Date.parse("2026-11-28T15:00:00+08:00"); // the county's clock
    expect(lastContact("2026-11-28T14:57:00+08:00", now)).toBe("今天 14:57（3分钟前）");
  });
});

describe("device history", () => {
  const ev = (id: number, type: string, min: number): DeviceEvent =>
    deviceEvent({ id, type, ts: new Date(Date.UTC(2026, 10, 28, 6, 60 - min)).toISOString() });

  it("folds each run of check-ins into one line and keeps everything else", () => {
    const now = new Date(Date.UTC(2026, 10, 28, 7, 0));
    const rows = historyRows(
      [
        ev(9, "heartbeat", 1),
        ev(8, "heartbeat", 2),
        ev(7, "status", 3),
        ev(6, "smoke_alarm", 4),
        ev(5, "heartbeat", 5),
        ev(4, "handover", 6),
      ],
      now,
    );
    expect(rows.map((r) => r.text)).toEqual(["定时联系 3 次，一切正常", "烟雾报警", "定时联系", "移交"]);
    expect(rows[0].routine).toBe(true);
    expect(rows[0].when).toMatch(/^今天 \d\d:\d\d 到 今天 \d\d:\d\d$/);
    expect(rows[1].routine).toBe(false);
  });

  it("writes a note after what happened", () => {
    expect(historyRows([{ ...ev(1, "handover", 1), note: "张三 移交给 李四" }])[0].text).toBe("移交：张三 移交给 李四");
  });
});

describe("who was told, as a resident reads it", () => {
  const n = (over: Partial<AlarmNotification>): AlarmNotification => alarmNotification(over);

  it("one line per person by the API's names; the property company is 物业 and its duty screen is not named", () => {
    const lines = whoWasTold(
      [
        n({ recipient: "resident:me", recipientName: "张三", channel: "WECHAT", status: "DELIVERED" }),
        n({ recipient: "resident:me", recipientName: "张三", channel: "SMS", status: "SENT" }),
        n({ recipient: "contact:c1", recipientName: "王女士（女儿）", channel: "VOICE", status: "FAILED" }),
        n({ recipient: "staff:s1", recipientName: "刘经理", channel: "PUSH", status: "FAILED" }),
        n({ recipient: "staff:s2", recipientName: "赵师傅", channel: "VOICE", status: "SENT" }),
        n({ recipient: "resident:u2", channel: "SMS", status: "CANCELLED" }),
      ],
      "me",
    );
    expect(lines.map(toldText)).toEqual([
      "您：微信、短信，已收到",
      "王女士（女儿）：电话，没有联系上",
      "物业：电话，已发出",
      "家人：短信，不用再通知了",
    ]);
    expect(lines.map(toldText).join()).not.toMatch(/值班屏幕|未送达/);
  });

  it("does not claim the property company was reached when only its duty screen failed", () => {
    const [line] = whoWasTold([
      n({ recipient: "staff:s1", recipientName: "刘经理", channel: "PUSH", status: "FAILED" }),
    ]);
    expect(toldText(line)).toBe("物业：没有联系上");
  });
});
