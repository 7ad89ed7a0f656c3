import { describe, expect, it } from "vitest";
import { canCancel, canChangeHeadCount, offerExpiry } from "./booking-policy.ts";

const startsAt = new Date("2026-11-29T06:00:00Z"); // 14:00 county time
const at = (iso: string) => new Date(iso);

describe("booking policy", () => {
  it("a confirmed booking may be cancelled until 2 hours before, not after", () => {
    expect(canCancel("CONFIRMED", startsAt, at("2026-11-29T04:00:00Z")).ok).toBe(true);
    const late = canCancel("CONFIRMED", startsAt, at("2026-11-29T04:00:01Z"));
    expect(late).toEqual({ ok: false, reason: expect.stringContaining("2 小时") });
  });

  it("leaving the waitlist or declining an offer is allowed until the start", () => {
    expect(canCancel("WAITLISTED", startsAt, at("2026-11-29T05:59:00Z")).ok).toBe(true);
    expect(canCancel("OFFERED", startsAt, at("2026-11-29T05:59:00Z")).ok).toBe(true);
    expect(canCancel("WAITLISTED", startsAt, startsAt).ok).toBe(false);
    expect(canCancel("CHECKED_IN", startsAt, at("2026-11-28T00:00:00Z")).ok).toBe(false);
  });

  it("a group's head count changes until the end of the day before, county time", () => {
    expect(canChangeHeadCount("2026-11-29", at("2026-11-28T15:59:59Z")).ok).toBe(true);
    expect(canChangeHeadCount("2026-11-29", at("2026-11-28T16:00:00Z")).ok).toBe(false);
  });

  it("an offer lasts 2 hours but never past the start", () => {
    expect(offerExpiry(at("2026-11-29T01:00:00Z"), startsAt).toISOString()).toBe("2026-11-29T03:00:00.000Z");
    expect(offerExpiry(at("2026-11-29T05:00:00Z"), startsAt).toISOString()).toBe(startsAt.toISOString());
  });
});
