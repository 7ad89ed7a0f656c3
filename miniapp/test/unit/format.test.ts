import { describe, expect, it } from "vitest";
import {
  RESOLUTION_LABEL,
  batteryLabel,
  commandSaid,
  deviceLabel,
  formatTime,
  kindLabel,
  maskPhone,
  signalLabel,
  timeAgo,
  timeLeft,
} from "@/services/format";
import { daysUntilNextTest } from "@/services/safety";

describe("labels shown to residents", () => {
  it("names a device once: no room said twice, words when nothing was set", () => {
    expect(deviceLabel({ room: "客厅", name: "客厅烟感" })).toBe("客厅烟感");
    expect(deviceLabel({ room: "主卧", name: "奶奶房间" })).toBe("主卧 · 奶奶房间");
    expect(deviceLabel({ room: "厨房", name: null })).toBe("厨房的报警器");
    expect(deviceLabel({ room: null, name: "走廊烟感" })).toBe("走廊烟感");
    expect(deviceLabel({ room: null, name: "" })).toBe("报警器");
    expect(kindLabel("FIRE")).toBe("火警：烟雾报警");
  });

  it("names outcomes as nouns, so a question reads 确定是测试吗", () => {
    expect(`确定是${RESOLUTION_LABEL.TEST}吗？`).toBe("确定是测试吗？");
    expect(`确定是${RESOLUTION_LABEL.FALSE_ALARM}吗？`).toBe("确定是误报吗？");
  });

  it("formats times, countdowns, battery, signal and phone numbers", () => {
    const now = new Date("2026-11-28T15:00:00+08:00"); // the county's clock (Asia/Shanghai)
    expect(formatTime("2026-11-28T14:03:00+08:00", now)).toBe("今天 14:03");
    expect(formatTime("2026-11-27T09:05:00+08:00", now)).toBe("昨天 09:05");
    expect(formatTime("2026-11-03T08:00:00+08:00", now)).toBe("11月3日 08:00");
    expect(formatTime(null, now)).toBe("从未");
    const t = now.getTime();
    expect(timeAgo(new Date(t - 30000).toISOString(), t)).toBe("刚刚");
    expect(timeAgo(new Date(t - 3 * 60000).toISOString(), t)).toBe("3分钟前");
    expect(timeLeft(new Date(t + 125000).toISOString(), t)).toBe("2分05秒");
    expect(timeLeft(new Date(t + 9000).toISOString(), t)).toBe("9秒");
    expect(timeLeft(new Date(t - 1000).toISOString(), t)).toBe("马上");
    expect(batteryLabel(84.6)).toBe("85%");
    expect(batteryLabel(null)).toBe("未知");
    expect(signalLabel(-80)).toBe("强");
    expect(signalLabel(-104)).toBe("弱");
    expect(maskPhone("13812345678")).toBe("138****5678");
  });

  it("counts the days to the next monthly test", () => {
    const now = Date.parse("2026-11-28T00:00:00+08:00");
    expect(daysUntilNextTest(null, now)).toBeNull();
    expect(daysUntilNextTest("2026-11-20T00:00:00+08:00", now)).toBe(22);
    expect(daysUntilNextTest("2026-10-01T00:00:00+08:00", now)).toBeLessThan(0);
  });
});

describe("a command's answer in a resident's words", () => {
  const now = Date.parse("2026-12-05T10:00:00Z");
  it("says it was sent when the system passed it on, and how long it is kept when it could not", () => {
    expect(commandSaid({ status: "SENT" }, "已发出消音请求。", "消音请求", "如果仍有烟雾，报警器会继续响。", now)).toBe(
      "已发出消音请求。如果仍有烟雾，报警器会继续响。",
    );
    expect(
      commandSaid(
        { status: "PENDING", until: "2026-12-05T10:02:00Z" },
        "已发出。",
        "消音请求",
        "如果仍有烟雾，报警器会继续响。",
        now,
      ),
    ).toBe(
      "系统暂时联系不上报警器，消音请求已记下，联系上后自动发出；2分00秒内发不出就自动取消。如果仍有烟雾，报警器会继续响。",
    );
    // past its time (a slow phone's clock), or no time given: no promise of how long
    expect(commandSaid({ status: "PENDING", until: "2026-12-05T09:59:00Z" }, "已发出。", "自检指令", "", now)).toBe(
      "系统暂时联系不上报警器，自检指令已记下，联系上后自动发出。",
    );
  });
});
