// Dispatching a property company's staff member to an alarm, on SQLite and PostgreSQL: who can be sent,
// the dispatch itself (fields, timeline, acknowledgement that stops the escalation, live event to every
// board, push and SMS to the person sent), re-dispatch, and the refusals: another company's person, a
// resolved alarm, another company's alarm (404), roles that may not dispatch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import type { LiveEvent } from "../../api/src/modules/notifications/live-feed.ts";
import { providers } from "../support/databases.ts";
import type { TestApi } from "../support/test-api.ts";
import {
  advance,
  DAYTIME,
  deviceSays,
  newDevice,
  openAlarm,
  rowsOf,
  startNotifyApi,
  startProviders,
  type Providers,
} from "./escalation-support.ts";

interface Dispatchable {
  items: { id: string; name: string; role: string; phone: string; onDuty: boolean; onDutyUntil: string | null }[];
}
interface AlarmBody {
  id: string;
  status: string;
  dispatchedTo: { id: string; name: string; phone: string } | null;
  dispatchedAt: string | null;
  actions: { action: string; actor: string; note: string | null }[];
  notifications: { channel: string; recipient: string; recipientName: string | null; statusLabel: string }[];
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`dispatch on ${provider}`, () => {
    let p: Providers;
    let t: TestApi;
    const clock = new ManualClock(DAYTIME);
    const ids: Record<string, { id: string; phone: string }> = {};
    let communityB = "";

    beforeAll(async () => {
      p = await startProviders();
      t = await startNotifyApi(p, clock, { provider });
      const prisma = t.api.services.db.prisma;
      for (const u of ["manager_a", "staff_a", "manager_b", "admin", "supervisor"]) {
        const s = await prisma.staffUser.findUniqueOrThrow({ where: { username: u } });
        ids[u] = { id: s.id, phone: s.phone! };
      }
      communityB = (await prisma.community.findFirstOrThrow({ where: { name: "和平花园" } })).id;
    });
    afterAll(async () => {
      await t?.close();
      await p?.stop();
    });

    const as = (who: string) => (who === "zhangsan" ? t.loginResident(who) : t.loginStaff(who));

    async function fireInZhangsanHome(): Promise<string> {
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      return (await openAlarm(t, device)).id;
    }

    /** A fire alarm in company B's community (a device not bound to a home). */
    async function fireInCompanyB(): Promise<string> {
      const reg = await t.request<{ id: string }>("POST", "/api/devices", {
        token: await as("manager_b"),
        body: {
          serial: `DB${Date.now() % 1e9}${Math.floor(Math.random() * 1000)}`,
          modelId: "AX-SA100",
          communityId: communityB,
        },
      });
      expect(reg.status).toBe(201);
      await deviceSays(t, clock, reg.body.id, "smoke_alarm");
      return (await openAlarm(t, reg.body.id)).id;
    }

    it("lists the managing company's staff, the one on duty first, with phones masked", async () => {
      const alarmId = await fireInZhangsanHome();
      const r = await t.request<Dispatchable>("GET", `/api/alarms/${alarmId}/dispatchable`, {
        token: await as("manager_a"),
      });
      expect(r.status).toBe(200);
      // the demo puts staff_a on duty (a shift around now); manager_a has none
      expect(r.body.items.map((x) => [x.id, x.onDuty])).toEqual([
        [ids.staff_a!.id, true],
        [ids.manager_a!.id, false],
      ]);
      expect(r.body.items[0]!.phone).toBe(`${ids.staff_a!.phone.slice(0, 3)}****${ids.staff_a!.phone.slice(-4)}`);
      expect(r.body.items.map((x) => x.id)).not.toContain(ids.manager_b!.id);
    });

    it("dispatch: sets who/by/when, acknowledges (the escalation stops), records it, updates every board, and tells the person by push and SMS", async () => {
      const alarmId = await fireInZhangsanHome();
      const boardA: LiveEvent[] = [];
      const screenOfStaff: LiveEvent[] = [];
      const live = t.api.services.notifications.live;
      const community = (await openAlarmById(alarmId)).communityId!;
      const offA = live.subscribe({
        staffId: ids.manager_a!.id,
        communities: new Set([community]),
        send: (e) => boardA.push(e),
      });
      const offStaff = live.subscribe({
        staffId: ids.staff_a!.id,
        communities: new Set([community]),
        send: (e) => screenOfStaff.push(e),
      });
      try {
        const r = await t.request<{
          outcome: string;
          alarm: { status: string };
          dispatchedTo: AlarmBody["dispatchedTo"];
          dispatchedAt: string;
        }>("POST", `/api/alarms/${alarmId}/dispatch`, {
          token: await as("manager_a"),
          body: { staffUserId: ids.staff_a!.id, note: "带上灭火器" },
        });
        expect(r.status).toBe(200);
        expect(r.body.outcome).toBe("dispatched");
        expect(r.body.alarm.status).toBe("ACKNOWLEDGED");
        expect(r.body.dispatchedTo).toEqual({
          id: ids.staff_a!.id,
          name: "陈师傅",
          phone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
        });
        expect(r.body.dispatchedAt).toBe(clock.now().toISOString());
        await t.api.services.notifications.settle();

        const row = await openAlarmById(alarmId);
        expect(row).toMatchObject({
          status: "ACKNOWLEDGED",
          dispatchedTo: ids.staff_a!.id,
          dispatchedBy: `staff:${ids.manager_a!.id}`,
          acknowledgedBy: `staff:${ids.manager_a!.id}`,
        });
        expect(row.dispatchedAt?.toISOString()).toBe(clock.now().toISOString());

        // every board of the community saw the change; the person sent got a push on their screen
        expect(boardA.some((e) => e.type === "alarm" && e.alarmId === alarmId && e.data.outcome === "dispatched")).toBe(
          true,
        );
        expect(
          boardA.some((e) => e.type === "alarm" && e.alarmId === alarmId && e.data.outcome === "acknowledged"),
        ).toBe(true);
        const push = screenOfStaff.find((e) => e.type === "push" && e.alarmId === alarmId);
        expect(push?.data).toMatchObject({ step: "刘经理派您到场处置", note: "带上灭火器" });
        expect(boardA.some((e) => e.type === "push")).toBe(false); // a push is for its person only

        const rows = (await rowsOf(t, alarmId)).filter((n) => n.recipient === `staff:${ids.staff_a!.id}`);
        expect(rows.map((n) => [n.channel, n.status]).sort()).toEqual([
          ["PUSH", "SENT"],
          ["SMS", "SENT"],
        ]);
        const smsIds = new Set(rows.filter((n) => n.channel === "SMS").map((n) => n.id));
        expect(p.sms.sent.filter((s) => s.outId && smsIds.has(s.outId)).map((s) => s.phone)).toEqual([
          ids.staff_a!.phone,
        ]);

        // the detail and the lists show it; "sent to me" finds it for staff_a only
        const d = await t.request<AlarmBody>("GET", `/api/alarms/${alarmId}`, { token: await as("manager_a") });
        expect(d.body.dispatchedTo?.name).toBe("陈师傅");
        // the notification log names people, not ids, and says sent apart from delivered
        const toStaff = d.body.notifications.filter((n) => n.recipient === `staff:${ids.staff_a!.id}`);
        expect(toStaff.map((n) => [n.channel, n.recipientName, n.statusLabel]).sort()).toEqual([
          ["PUSH", "陈师傅", "已发出（未确认送达）"],
          ["SMS", "陈师傅", "已发出（未确认送达）"],
        ]);
        const toMembers = d.body.notifications.filter((n) => n.recipient.startsWith("resident:"));
        expect(new Set(toMembers.map((n) => n.recipientName))).toEqual(new Set(["张三", "李四"]));
        const dispatched = d.body.actions.filter((a) => a.action === "dispatched");
        expect(dispatched).toHaveLength(1);
        expect(dispatched[0]).toMatchObject({
          actor: `staff:${ids.manager_a!.id}`,
          note: "派遣 陈师傅 到场：带上灭火器",
        });
        const mine = await t.request<{ items: { id: string; dispatchedTo: { name: string } | null }[] }>(
          "GET",
          "/api/alarms?dispatchedTo=me&status=all",
          { token: await as("staff_a") },
        );
        expect(mine.body.items.find((a) => a.id === alarmId)?.dispatchedTo?.name).toBe("陈师傅");
        const notMine = await t.request<{ items: { id: string }[] }>("GET", "/api/alarms?dispatchedTo=me&status=all", {
          token: await as("manager_a"),
        });
        expect(notMine.body.items.map((a) => a.id)).not.toContain(alarmId);

        // acknowledged by the dispatch: the 60 s step calls nobody
        await advance(t, clock, 61_000);
        expect((await rowsOf(t, alarmId)).filter((n) => n.channel === "VOICE")).toEqual([]);
        expect((await openAlarmById(alarmId)).escalationLevel).toBe(0);
      } finally {
        offA();
        offStaff();
      }
    });

    it("a re-dispatch replaces the person and is recorded; staff may send themselves", async () => {
      const alarmId = await fireInZhangsanHome();
      expect(
        (
          await t.request("POST", `/api/alarms/${alarmId}/dispatch`, {
            token: await as("staff_a"),
            body: { staffUserId: ids.staff_a!.id },
          })
        ).status,
      ).toBe(200);
      clock.advance(5_000);
      const again = await t.request<{ dispatchedTo: { id: string } }>("POST", `/api/alarms/${alarmId}/dispatch`, {
        token: await as("staff_a"),
        body: { staffUserId: ids.manager_a!.id },
      });
      expect(again.status).toBe(200);
      expect(again.body.dispatchedTo.id).toBe(ids.manager_a!.id);
      await t.api.services.notifications.settle();
      const row = await openAlarmById(alarmId);
      expect(row.dispatchedTo).toBe(ids.manager_a!.id);
      expect(row.dispatchedBy).toBe(`staff:${ids.staff_a!.id}`);
      const d = await t.request<AlarmBody>("GET", `/api/alarms/${alarmId}`, { token: await as("manager_a") });
      expect(d.body.actions.filter((a) => a.action === "dispatched").map((a) => a.note)).toEqual([
        "派遣 陈师傅 到场",
        "派遣 刘经理 到场（改派，原派遣 陈师傅）",
      ]);
      // each dispatch told its own person once (the later one did not re-text the first)
      const texts = (await rowsOf(t, alarmId))
        .filter((n) => n.channel === "SMS" && n.recipient.startsWith("staff:"))
        .map((n) => n.recipient)
        .sort();
      expect(texts).toEqual([`staff:${ids.manager_a!.id}`, `staff:${ids.staff_a!.id}`].sort());
    });

    it("refuses a person of another company, an unknown person and a resolved alarm, changing nothing", async () => {
      const alarmId = await fireInZhangsanHome();
      const token = await as("manager_a");
      for (const staffUserId of [ids.manager_b!.id, ids.supervisor!.id, "no-such-person"]) {
        const r = await t.request<{ error: { code: string; message: string } }>(
          "POST",
          `/api/alarms/${alarmId}/dispatch`,
          { token, body: { staffUserId } },
        );
        expect(r.status).toBe(400);
        expect(r.body.error.message).toContain("物业公司");
      }
      expect((await openAlarmById(alarmId)).dispatchedTo).toBeNull();
      expect((await openAlarmById(alarmId)).status).toBe("ACTIVE");

      expect(
        (await t.request("POST", `/api/alarms/${alarmId}/resolve`, { token, body: { resolution: "FALSE_ALARM" } }))
          .status,
      ).toBe(200);
      const late = await t.request<{ error: { code: string } }>("POST", `/api/alarms/${alarmId}/dispatch`, {
        token,
        body: { staffUserId: ids.staff_a!.id },
      });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe("CONFLICT");
      expect((await openAlarmById(alarmId)).dispatchedTo).toBeNull();
    });

    it("company A cannot see or dispatch company B's alarm (404), and B's manager cannot send A's staff", async () => {
      const alarmB = await fireInCompanyB();
      for (const [method, path, body] of [
        ["GET", `/api/alarms/${alarmB}/dispatchable`, undefined],
        ["POST", `/api/alarms/${alarmB}/dispatch`, { staffUserId: ids.staff_a!.id }],
        ["GET", `/api/alarms/${alarmB}`, undefined],
      ] as const) {
        const r = await t.request(method, path, { token: await as("manager_a"), body });
        expect(r.status).toBe(404);
      }
      const wrong = await t.request("POST", `/api/alarms/${alarmB}/dispatch`, {
        token: await as("manager_b"),
        body: { staffUserId: ids.staff_a!.id },
      });
      expect(wrong.status).toBe(400);
      const list = await t.request<Dispatchable>("GET", `/api/alarms/${alarmB}/dispatchable`, {
        token: await as("manager_b"),
      });
      expect(list.body.items.map((x) => x.id)).toEqual([ids.manager_b!.id]);
      // an admin may dispatch anywhere, still only the managing company's people
      const byAdmin = await t.request<{ dispatchedTo: { id: string } }>("POST", `/api/alarms/${alarmB}/dispatch`, {
        token: await as("admin"),
        body: { staffUserId: ids.manager_b!.id },
      });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.dispatchedTo.id).toBe(ids.manager_b!.id);
      // a resident and the fire supervisor may not dispatch
      const alarmA = await fireInZhangsanHome();
      expect(
        (
          await t.request("POST", `/api/alarms/${alarmA}/dispatch`, {
            token: await as("zhangsan"),
            body: { staffUserId: ids.staff_a!.id },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await t.request("POST", `/api/alarms/${alarmA}/dispatch`, {
            token: await as("supervisor"),
            body: { staffUserId: ids.staff_a!.id },
          })
        ).status,
      ).toBe(403);
    });

    function openAlarmById(id: string) {
      return t.api.services.db.prisma.alarm.findUniqueOrThrow({ where: { id } });
    }
  });
}
