import { describe, expect, it } from "vitest";
import {
  addDays,
  countyClockTime,
  countyDate,
  countyDateTime,
  countyDay,
  countyInstant,
  countyLocaleDateString,
  countyLocaleString,
  countyLocaleTimeString,
  countyMinute,
  countyMonth,
  datesBetween,
  isCountyDate,
  isoWeekday,
  withCountyOffset,
} from "./county-time.ts";

describe("county time (Asia/Shanghai, UTC+8 all year)", () => {
  it("puts 16:00 UTC on the next county day", () => {
    expect(countyDate(new Date("2026-11-28T15:59:59Z"))).toBe("2026-11-28");
    expect(countyDate(new Date("2026-11-28T16:00:00Z"))).toBe("2026-11-29");
    expect(countyClockTime(new Date("2026-11-28T16:00:00Z"))).toBe("00:00");
  });

  it("turns a county date and time into the instant", () => {
    expect(countyInstant("2026-11-29", "09:30").toISOString()).toBe("2026-11-29T01:30:00.000Z");
    expect(countyInstant("2026-11-29", "00:00").toISOString()).toBe("2026-11-28T16:00:00.000Z");
  });

  it("counts days across month and year ends and knows the weekday", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(datesBetween("2026-11-29", "2026-12-02")).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
    expect(isoWeekday("2026-11-28")).toBe(6);
    expect(isoWeekday("2026-11-29")).toBe(7);
    expect(isoWeekday("2026-11-30")).toBe(1);
  });

  it("accepts real dates only", () => {
    expect(isCountyDate("2026-02-28")).toBe(true);
    expect(isCountyDate("2026-02-30")).toBe(false);
    expect(isCountyDate("2026-2-3")).toBe(false);
  });

  it("accepts dates of the calendar the system works in only: 2000-01-01 to 2099-12-31", () => {
    expect(isCountyDate("2000-01-01")).toBe(true);
    expect(isCountyDate("2099-12-31")).toBe(true);
    expect(isCountyDate("1999-12-31")).toBe(false);
    expect(isCountyDate("2100-01-01")).toBe(false);
    expect(isCountyDate("9999-12-31")).toBe(false);
    expect(isCountyDate("0000-01-01")).toBe(false);
  });

  // issue 12 item 1: after 9999-12-31 comes "+010000-01-01", which sorts before it, so the string loop never ended
  it("lists days by counting them, and refuses what lies outside the calendar instead of looping", () => {
    expect(datesBetween("2099-12-30", "2099-12-31")).toEqual(["2099-12-30", "2099-12-31"]);
    expect(datesBetween("2026-12-02", "2026-11-29")).toEqual([]);
    expect(() => datesBetween("9999-12-30", "9999-12-31")).toThrow(RangeError);
    expect(() => datesBetween("2000-01-01", "2099-12-31")).toThrow(RangeError);
  });

  it("begins and ends a county day at 16:00 UTC, whatever form the instant comes in", () => {
    const last = "2026-11-29T15:59:59.999Z";
    expect(countyDate(last)).toBe("2026-11-29");
    expect(countyDate(Date.parse(last) + 1)).toBe("2026-11-30");
    expect(countyDay(new Date("2026-11-29T15:59:59Z"))).toEqual({
      day: "2026-11-29",
      start: new Date("2026-11-28T16:00:00Z"),
    });
    expect(countyDay("2026-11-29T16:00:00Z")).toEqual({ day: "2026-11-30", start: new Date("2026-11-29T16:00:00Z") });
    expect(countyDateTime("2026-11-29T15:59:59Z")).toBe("2026-11-29 23:59");
    expect(countyDateTime("2026-11-29T15:59:59Z", true)).toBe("2026-11-29 23:59:59");
  });

  it("turns the month and the year over at county midnight, not UTC midnight", () => {
    // 2026-11-30 16:00 UTC is 1 December 00:00 in the county
    expect(countyMonth(new Date("2026-11-30T15:59:59Z"))).toBe(11);
    expect(countyMonth(new Date("2026-11-30T16:00:00Z"))).toBe(12);
    expect(countyDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    expect(countyMonth(new Date("2026-12-31T16:00:00Z"))).toBe(1);
    // a leap day and the day after
    expect(countyDate(new Date("2028-02-28T16:00:00Z"))).toBe("2028-02-29");
    expect(countyDate(new Date("2028-02-29T16:00:00Z"))).toBe("2028-03-01");
    expect(countyInstant("2027-01-01").toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("adds the county's offset to a wall clock typed in a form", () => {
    const typed = withCountyOffset("2026-11-29T09:30");
    expect(typed).toBe("2026-11-29T09:30:00+08:00");
    expect(new Date(typed).toISOString()).toBe(countyInstant("2026-11-29", "09:30").toISOString());
  });

  it("writes moments for people in county time whatever the machine's zone", () => {
    const at = "2026-11-30T16:05:00Z"; // 1 December 00:05 in the county
    expect(countyLocaleString(at, { hour12: false })).toBe(
      new Date(at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }),
    );
    expect(countyLocaleDateString(at)).toBe("2026/12/1");
    expect(countyLocaleTimeString(at, { hour12: false })).toBe("00:05:00");
    // the zone cannot be overridden by the options
    expect(countyLocaleDateString(at, { timeZone: "UTC" })).toBe("2026/12/1");
  });

  it("says a moment to the minute in county time, and a dash for none", () => {
    expect(countyMinute("2026-12-02T20:30:00Z")).toBe("2026/12/03 04:30");
    expect(countyMinute(null)).toBe("—");
    expect(countyMinute(undefined)).toBe("—");
  });
});
