// The daily reminder of devices out of normal use as the running API wires it (app-context.ts), on both engines:
// started with the notifications slice, at 09:00 in the county the demo's nursing home (青石镇敬老院, two smoke
// alarms in installation mode since 11-18) is told through the outbox, once a person: its responsible person,
// manager and safety officer, not its control room's operators on shift; the next day's reminder is planned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modeReminderScope } from "../../api/src/modules/notifications/mode-reminders.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { until } from "../support/until.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the device mode reminder in the running API on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(Date.UTC(2026, 10, 20, 1, 0)); // 09:00 in the county
    beforeAll(async () => {
      t = await startTestApi({ provider, clock });
    });
    afterAll(() => t?.close());

    const toldToday = async () => {
      const rows = await t.api.db.prisma.notification.findMany({
        where: { dedupeKey: { startsWith: `${modeReminderScope("2026-11-20")}:` } },
      });
      const staff = await t.api.db.prisma.staffUser.findMany({
        where: { id: { in: rows.map((r) => r.recipient.slice("staff:".length)) } },
        select: { id: true, username: true },
      });
      const name = new Map(staff.map((s) => [`staff:${s.id}`, s.username]));
      return rows.map((r) => ({
        who: name.get(r.recipient) ?? r.recipient,
        channel: r.channel,
        note: (JSON.parse(r.payload) as { content: { note: string } }).content.note,
      }));
    };

    it("tells the nursing home's people of its two silent smoke alarms, once each, and not its operators", async () => {
      const mine = (rows: Awaited<ReturnType<typeof toldToday>>) => rows.filter((r) => r.who.startsWith("jly_"));
      const rows = await until("the nursing home's people told", async () => {
        const r = mine(await toldToday());
        return new Set(r.map((x) => x.who)).size >= 3 && r;
      });
      expect([...new Set(rows.map((r) => r.who))].sort()).toEqual(["jly_anquan", "jly_guanli", "jly_zeren"]);
      for (const who of ["jly_anquan", "jly_guanli", "jly_zeren"]) {
        const push = rows.filter((r) => r.who === who && r.channel === "PUSH");
        expect(push).toHaveLength(1);
        expect(push[0]!.note).toMatch(/^2 台设备未正常使用已超过 1 天，不会发出火警/);
        expect(push[0]!.note).toContain("一层值班室感烟报警器（安装中已超过 1 天）");
      }

      // the next day's is planned, for 09:00 in the county
      const next = await t.api.db.prisma.timer.findUnique({ where: { key: "devices:mode-reminder:2026-11-21" } });
      expect(next).toMatchObject({ kind: "devices.mode-reminder", dueAt: new Date(Date.UTC(2026, 10, 21, 1, 0)) });
    });
  });
}
