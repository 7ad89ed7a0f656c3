// Every time the mini-program shows is the county's (Asia/Shanghai), whatever zone the phone is set to: a
// phone set to UTC once showed "今天 09:22" for an alarm at 17:22. This file runs with the process in UTC
// and in New York, so a local-time getter anywhere in these helpers shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTime } from "@/services/format";
import { lastContact } from "@/services/health";
import { historyRows } from "@/services/history";
import { daysUntilNextTest } from "@/services/safety";
import { deadlineText } from "@/packages/staff/lib/hazards";
import { deviceEvent } from "../support/fixtures";

const zone = process.env.TZ;
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

for (const tz of ["UTC", "America/New_York"]) {
  describe(`with the phone set to ${tz}`, () => {
    beforeAll(() => {
      process.env.TZ = tz;
    });

    // 17:22 county time on 28 November: 09:22 in UTC, 04:22 in New York
    const alarm = "2026-11-28T09:22:00Z";
    const now = new Date("2026-11-28T18:00:00+08:00");

    it("says an alarm's time on the county's clock, today and yesterday by the county's day", () => {
      expect(new Date(alarm).getHours()).not.toBe(17); // the zone took: local time is not the county's
      expect(formatTime(alarm, now)).toBe("今天 17:22");
      // 00:30 county time on the 29th is still the 28th in UTC and New York
      expect(formatTime("2026-11-28T16:30:00Z", new Date("2026-11-29T08:00:00+08:00"))).toBe("今天 00:30");
      expect(formatTime(alarm, new Date("2026-11-29T07:00:00+08:00"))).toBe("昨天 17:22");
      expect(formatTime("2026-11-02T17:00:00Z", now)).toBe("11月3日 01:00");
      expect(formatTime("2025-12-31T16:05:00Z", now)).toBe("1月1日 00:05");
      expect(formatTime("2025-12-30T16:05:00Z", now)).toBe("2025年12月31日 00:05");
      expect(lastContact(alarm, now.getTime())).toBe("今天 17:22（38分钟前）");
    });

    it("says a hazard's deadline and a device's history on the county's clock", () => {
      expect(deadlineText("2026-12-09T09:26:00Z")).toBe("12月9日 17:26");
      expect(deadlineText("2026-11-30T16:00:00Z")).toBe("12月1日 00:00");
      const rows = historyRows([deviceEvent({ id: 1, type: "smoke_alarm", ts: alarm })], now);
      expect(rows[0]?.when).toBe("今天 17:22");
    });

    it("counts the days to the next monthly test on the county's calendar", () => {
      // tested at 00:30 on 1 November (county): due at 00:30 on 1 December
      const last = "2026-10-31T16:30:00Z";
      expect(daysUntilNextTest(last, Date.parse("2026-11-30T12:00:00+08:00"))).toBe(1);
      expect(daysUntilNextTest(last, Date.parse("2026-12-01T00:29:00+08:00"))).toBe(1);
      expect(daysUntilNextTest(last, Date.parse("2026-12-01T00:31:00+08:00"))).toBe(0);
    });
  });
}
