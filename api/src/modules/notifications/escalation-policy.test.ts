// County time for quiet hours: the formatter kept per time zone gives each zone its own local time, across
// midnight, and quiet hours that span midnight hold a reminder until they end.
import { describe, expect, it } from "vitest";
import { localTime, quietUntil } from "./escalation-policy.ts";

describe("local time for quiet hours", () => {
  const at = new Date("2026-12-02T16:30:00Z"); // 00:30 the next day in Shanghai, 16:30 in London
  it("answers each time zone with its own date and minutes, whichever was asked first", () => {
    expect(localTime(at, "Asia/Shanghai")).toEqual({ date: "2026-12-03", minutes: 30 });
    expect(localTime(at, "Europe/London")).toEqual({ date: "2026-12-02", minutes: 16 * 60 + 30 });
    expect(localTime(at, "Asia/Shanghai")).toEqual({ date: "2026-12-03", minutes: 30 });
    expect(localTime(new Date("2026-12-02T15:59:00Z"), "Asia/Shanghai")).toEqual({
      date: "2026-12-02",
      minutes: 23 * 60 + 59,
    });
  });

  it("holds a reminder inside quiet hours that span midnight until they end, and lets one outside go", () => {
    const q = { start: 22 * 60, end: 7 * 60, timeZone: "Asia/Shanghai" };
    expect(quietUntil(at, q)?.toISOString()).toBe("2026-12-02T23:00:00.000Z"); // 07:00 in Shanghai
    expect(quietUntil(new Date("2026-12-03T02:00:00Z"), q)).toBeNull(); // 10:00
  });
});
