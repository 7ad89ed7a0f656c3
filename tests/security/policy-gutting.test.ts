// Issue 12 item 3, as the attack: one PUT by a property manager left a community's fire chain at "WeChat to
// the members at 0 s" and nothing else (no SMS, no voice, no duty staff, no supervisor), and nobody was told.
// Now every chain keeps a floor, and every change is recorded and announced. Runs on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Err = { error: { code: string; message: string } };
const GUTTED = [{ afterSec: 0, targets: ["members"], channels: ["WECHAT"] }];
const ABOVE_FLOOR = [
  { afterSec: 0, targets: ["members"], channels: ["WECHAT", "SMS"], label: "通知家庭成员" },
  { afterSec: 30, targets: ["members", "emergency_contacts"], channels: ["VOICE"], label: "电话通知" },
  { afterSec: 90, targets: ["duty_staff"], channels: ["PUSH", "VOICE"] },
  { afterSec: 240, targets: ["supervisors"], channels: ["PUSH", "SMS"], label: "通知消防监督员" },
];

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip)(`escalation policy floor on ${provider} (issue 12 item 3)`, () => {
    let t: TestApi;
    let community: string;
    beforeAll(async () => {
      t = await startTestApi({ provider });
      const list = await t.request<{ items: { id: string }[] }>("GET", "/api/communities", {
        token: await t.loginStaff("manager_a"),
      });
      community = list.body.items[0]!.id;
    });
    afterAll(() => t?.close());

    const put = async (username: string, entries: unknown) =>
      t.request<Err & { outcome: string }>("PUT", `/api/escalation-policies/${community}`, {
        token: await t.loginStaff(username),
        body: { entries },
      });

    it("the attack: WeChat to the members at 0 s and nothing else is refused, saying what the floor is", async () => {
      const r = await put("manager_a", GUTTED);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/至少 2 种方式/);
      expect(r.body.error.message).toMatch(/物业值班人员/);
      expect(r.body.error.message).toMatch(/消防监督员/);
      const now = await t.request<{ custom: boolean }>("GET", `/api/escalation-policies/${community}`, {
        token: await t.loginStaff("manager_a"),
      });
      expect(now.body.custom).toBe(false);
      // the chain a fire gets is the full default one
      const steps = await t.api.services.notifications.escalation.stepsFor(community);
      expect(steps.flatMap((s) => s.notify.flatMap((n) => n.targets))).toEqual(
        expect.arrayContaining(["members", "duty_staff", "supervisors"]),
      );
    });

    it("each way below the floor is refused on its own", async () => {
      const cases = [
        ABOVE_FLOOR.map((e, i) => (i === 0 ? { ...e, channels: ["WECHAT", "CONSOLE"] } : e)), // console is no channel
        ABOVE_FLOOR.filter((e) => !e.targets.includes("duty_staff")),
        ABOVE_FLOOR.map((e) => (e.targets.includes("duty_staff") ? { ...e, afterSec: 600 } : e)),
        ABOVE_FLOOR.filter((e) => !e.targets.includes("supervisors")),
        ABOVE_FLOOR.map((e) => (e.targets.includes("supervisors") ? { ...e, afterSec: 3600 } : e)),
      ];
      for (const entries of cases) expect((await put("manager_a", entries)).status).toBe(400);
    });

    it("a chain above the floor but padded with repeated targets or channels is refused, saying why", async () => {
      // 17 entries of 700 "emergency_contacts" each: every step of every fire in the community ran 11,900
      // lookups (2.3 s) before its first message
      const padded = ABOVE_FLOOR.map((e, i) =>
        i === 1 ? { ...e, targets: [...e.targets, ...Array<string>(700).fill("emergency_contacts")] } : e,
      );
      const r = await put("manager_a", padded);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/targets/);
      const twice = ABOVE_FLOOR.map((e, i) => (i === 0 ? { ...e, channels: ["SMS", "WECHAT", "SMS"] } : e));
      const c = await put("manager_a", twice);
      expect(c.status).toBe(400);
      expect(c.body.error.message).toMatch(/每种通知方式只能写一次/);
    });

    it("a change above the floor is recorded (who, when, before, after) and announced to the managers and supervisors", async () => {
      const r = await put("manager_a", ABOVE_FLOOR);
      expect(r.status).toBe(200);
      expect(r.body.outcome).toBe("updated");
      const view = await t.request<{
        custom: boolean;
        changes: { actor: string; action: string; before: unknown; after: unknown; at: string }[];
      }>("GET", `/api/escalation-policies/${community}`, { token: await t.loginStaff("supervisor") });
      expect(view.body.custom).toBe(true);
      const [change] = view.body.changes;
      const manager = await t.request<{ id: string }>("GET", "/api/me", { token: await t.loginStaff("manager_a") });
      expect(change).toMatchObject({ action: "escalation_policy.changed", actor: `staff:${manager.body.id}` });
      expect(change!.after).toEqual(ABOVE_FLOOR);
      expect((change!.before as { afterSec: number }[])[0]!.afterSec).toBe(0);

      const prisma = t.api.db.prisma;
      // this change's notices only (keyed by its audit row): a run between 09:00 and 21:00 county time also finds
      // the morning reminder of devices left out of normal use (mode-reminders.ts), another NOTICE with no alarm
      const audit = await prisma.auditEvent.findFirstOrThrow({
        where: { action: "escalation_policy.changed" },
        orderBy: [{ at: "desc" }, { id: "desc" }],
      });
      const ofChange = { template: "NOTICE", alarmId: null, dedupeKey: { startsWith: `notice:${audit.id}:` } };
      const notices = await prisma.notification.findMany({ where: ofChange });
      const told = new Set(notices.map((n) => n.recipient));
      const supervisors = await prisma.staffUser.findMany({ where: { role: "FIRE_SUPERVISOR" } });
      const managers = await prisma.staffUser.findMany({
        where: { role: "PROPERTY_MANAGER", propertyCompany: { communities: { some: { id: community } } } },
      });
      for (const s of [...supervisors, ...managers]) expect(told.has(`staff:${s.id}`), s.username).toBe(true);
      expect(JSON.parse(notices[0]!.payload).content.note).toMatch(/修改了火警升级链/);

      // the same chain again changes nothing and tells nobody twice
      const again = await put("manager_a", ABOVE_FLOOR);
      expect(again.body.outcome).toBe("unchanged");
      expect(await prisma.notification.count({ where: ofChange })).toBe(notices.length);
    });

    it("a chain stored below the floor (before this rule, or by hand in the database) is not used", async () => {
      await t.api.db.prisma.escalationPolicy.update({
        where: { communityId: community },
        data: { steps: JSON.stringify(GUTTED) },
      });
      t.api.services.notifications.escalation.forgetPolicy(community);
      const steps = await t.api.services.notifications.escalation.stepsFor(community);
      expect(steps[0]!.notify.flatMap((n) => n.channels)).toEqual(expect.arrayContaining(["WECHAT", "SMS"]));
      expect(steps.some((s) => s.notify.some((n) => n.targets.includes("supervisors")))).toBe(true);
    });
  });
}
