// The Timer table is shared: the escalation engine must claim only its own kinds, so a booking reminder
// due at the same moment is left for the booking jobs (it used to be marked done unsent).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

let t: TestApi;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  t = await startTestApi({ clock });
});
afterAll(() => t?.close());

describe("shared timers", () => {
  it("the escalation engine leaves booking reminders alone", async () => {
    const prisma = t.api.db.prisma;
    const timer = await prisma.timer.create({
      data: { key: `booking-reminder-test-${Date.now()}`, kind: "booking.reminder", payload: "{}", dueAt: clock.now() },
    });
    clock.advance(1000);
    await t.api.services.notifications.escalation.runDueTimers();
    const after = await prisma.timer.findUniqueOrThrow({ where: { id: timer.id } });
    expect(after.doneAt).toBeNull();
    expect(after.lockedBy).toBeNull();
  });
});
