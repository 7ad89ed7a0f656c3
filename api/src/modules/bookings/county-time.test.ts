import { describe, expect, it } from "vitest";
import {
  addDays,
  countyClockTime,
  countyDate,
  countyInstant,
  datesBetween,
  isCountyDate,
  isoWeekday,
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
});
