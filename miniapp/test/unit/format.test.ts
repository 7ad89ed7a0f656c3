import { describe, expect, it } from "vitest";
import {
  batteryLabel,
  formatTime,
  kindLabel,
  maskPhone,
  signalLabel,
  stateLabel,
  timeAgo,
  timeLeft,
} from "@/services/format";
import { daysUntilNextTest } from "@/services/safety";

describe("labels shown to residents", () => {
  it("names every device state in Chinese with a tone", () => {
    expect(stateLabel("normal")).toEqual({ text: "正常", tone: "ok" });
    expect(stateLabel("alarm")).toEqual({ text: "报警中", tone: "danger" });
    expect(stateLabel("offline").text).toBe("离线");
    expect(stateLabel("low_battery").text).toBe("电量低");
    expect(stateLabel("tamper").text).toBe("被拆动");
    expect(stateLabel("fault").text).toBe("故障");
    expect(stateLabel("never_connected").text).toBe("未联网");
    expect(stateLabel("something_new").text).toBe("未知");
    expect(kindLabel("FIRE")).toBe("火警：烟雾报警");
  });

  it("formats times, countdowns, battery, signal and phone numbers", () => {
    const now = new Date(2026, 10, 28, 15, 0, 0);
    expect(formatTime(new Date(2026, 10, 28, 14, 3).toISOString(), now)).toBe("今天 14:03");
    expect(formatTime(new Date(2026, 10, 27, 9, 5).toISOString(), now)).toBe("昨天 09:05");
    expect(formatTime(new Date(2026, 10, 3, 8, 0).toISOString(), now)).toBe("11月3日 08:00");
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
    const now = new Date(2026, 10, 28).getTime();
    expect(daysUntilNextTest(null, now)).toBeNull();
    expect(daysUntilNextTest(new Date(2026, 10, 20).toISOString(), now)).toBe(22);
    expect(daysUntilNextTest(new Date(2026, 9, 1).toISOString(), now)).toBeLessThan(0);
  });
});
