// A fire's first escalation step reads the alarm with its places, and the household's members with their
// WeChat consents, in one prepared statement each (api/src/modules/notifications/step-queries.ts, issue 21). Each
// read must give what the Prisma way gives: the same message (address, room, call-back number), the same
// people in the same order, the same consents. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepQueries } from "../../api/src/modules/notifications/step-queries.ts";
import { alarmMessage } from "../../api/src/modules/notifications/notification.ts";
import { RecipientDirectory } from "../../api/src/modules/notifications/recipients.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { newDevice } from "./escalation-support.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a fire step's reads as prepared statements on ${provider}`, () => {
    let t: TestApi;

    beforeAll(async () => {
      t = await startTestApi({ provider });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    /** the alarm as the escalation read it through Prisma */
    const prismaLoad = (id: string) =>
      t.api.db.prisma.alarm.findUniqueOrThrow({
        where: { id },
        include: {
          device: { select: { room: true, name: true } },
          household: { include: { unit: { include: { building: { include: { community: true } } } } } },
          community: { select: { name: true, propertyCompany: { select: { contactPhone: true } } } },
          unit: { select: { name: true, controlRoomPhone: true } },
        },
      });
    const state = (a: {
      status: string;
      deviceId: string;
      householdId: string | null;
      communityId: string | null;
    }) => ({
      status: a.status,
      deviceId: a.deviceId,
      householdId: a.householdId,
      communityId: a.communityId,
    });

    it("reads a home's fire alarm, its members and their consents as Prisma does", async () => {
      const prisma = t.api.db.prisma;
      const deviceId = await newDevice(t, "主卧");
      const payload = JSON.stringify({ id: "q1", ts: Date.now(), type: "smoke_alarm" });
      await t.api.services.ingest.submit(deviceId, payload, "test");
      await t.api.services.ingest.drain();
      const { id } = await prisma.alarm.findFirstOrThrow({ where: { deviceId, kind: "FIRE" } });
      const q = stepQueries(t.api.db.driver);

      const fast = await q.alarm(id);
      const slow = await prismaLoad(id);
      expect(fast?.household).not.toBeNull(); // a home's alarm: its address comes from the household
      expect(alarmMessage(fast!, "FIRE_ALARM", "通知家庭成员")).toEqual(
        alarmMessage(slow, "FIRE_ALARM", "通知家庭成员"),
      );
      expect(fast!.startedAt.getTime()).toBe(slow.startedAt.getTime());
      expect({ ...state(fast!), unitId: fast!.unitId }).toEqual({ ...state(slow), unitId: slow.unitId });

      const householdId = slow.householdId!;
      const directory = new RecipientDirectory(prisma);
      const template = `fire-step-test-${provider}`; // a template nobody has consented to yet
      const before = await q.members(householdId, template);
      expect(before.people.length).toBeGreaterThan(1);
      expect(before.people).toEqual(await directory.members(householdId, "FIRE"));
      expect(before.consents).toEqual(new Map());

      // one member with a long-term subscription, one with a one-time one, the rest none
      const ids = before.people.map((m) => m.residentId!);
      await directory.recordConsent(ids[0]!, [template], true);
      await directory.recordConsent(ids[1]!, [template], false);
      await directory.recordConsent(ids[1]!, ["another-template"], true); // not this template's
      const prismaConsents = await directory.wechatConsents([...ids, "nobody"], template);
      const consents = await q.consents([...ids, "nobody"], template);
      expect(consents).toEqual(prismaConsents);
      expect(consents.get(ids[0]!)).toEqual({ longTerm: true });
      expect(consents.get(ids[1]!)).toEqual({ longTerm: false });
      expect(await q.consents([], template)).toEqual(new Map());

      // the members' read brings the same consents along, and the same people
      const after = await q.members(householdId, template);
      expect(after.people).toEqual(before.people);
      expect(after.consents).toEqual(prismaConsents);
    });

    it("reads a fire's members and their consents in one statement, others' consents apart", async () => {
      const prisma = t.api.db.prisma;
      const deviceId = await newDevice(t, "客厅");
      const device = await prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
      const place = { householdId: device.householdId, communityId: device.communityId, kind: "FIRE" as const };
      const q = stepQueries(t.api.db.driver);
      const asked: string[][] = [];
      const counted = { ...q, consents: (ids: string[], tpl: string) => (asked.push(ids), q.consents(ids, tpl)) };
      const fast = new RecipientDirectory(prisma, counted);
      const slow = new RecipientDirectory(prisma);
      const template = `fire-audience-test-${provider}`;
      const members = await slow.members(device.householdId, "FIRE");
      await slow.recordConsent(members[0]!.residentId!, [template], true);
      const at = new Date();

      const own = await fast.audience([["members"], ["members", "emergency_contacts"]], place, at, template);
      expect(asked).toEqual([]); // the members' read brought their consents
      expect(own).toEqual(await slow.audience([["members"], ["members", "emergency_contacts"]], place, at, template));
      expect(own.consents).toEqual(new Map([[members[0]!.residentId!, { longTerm: true }]]));

      // neighbours are read through Prisma: their consents in one query, the members' not asked again
      const home = await prisma.household.findUniqueOrThrow({ where: { id: device.householdId! } });
      const other = await prisma.household.findFirstOrThrow({ where: { unitId: home.unitId, id: { not: home.id } } });
      const r = await prisma.resident.create({ data: { openid: `audience_neighbour_${provider}`, nickname: "邻居" } });
      await prisma.householdMember.create({
        data: { householdId: other.id, residentId: r.id, role: "OWNER", neighbourAlerts: true },
      });
      const neighbour = await slow.neighbours(device.householdId);
      expect(neighbour.map((n) => n.residentId)).toContain(r.id);
      await slow.recordConsent(neighbour[0]!.residentId!, [template], false);
      const wide = await fast.audience([["members", "neighbours"]], place, at, template);
      expect(asked).toEqual([neighbour.map((n) => n.residentId!)]);
      expect(wide).toEqual(await slow.audience([["members", "neighbours"]], place, at, template));
      expect(wide.consents.get(neighbour[0]!.residentId!)).toEqual({ longTerm: false });
      expect(wide.consents.get(members[0]!.residentId!)).toEqual({ longTerm: true });
    });

    it("reads a networked unit's alarm with the unit's name and control room phone", async () => {
      const prisma = t.api.db.prisma;
      const device = await prisma.device.findFirstOrThrow({ where: { transport: "gb26875", unitId: { not: null } } });
      const change = await t.api.services.alarms.raiseAt(
        { id: device.id, mode: "NORMAL", householdId: null, communityId: null, unitId: device.unitId },
        "PANEL_FAULT",
        new Date(),
        `${device.id}/q2`,
        { point: "1/1/0x00090001", source: "gb26875", unitId: device.unitId, location: "配电室" },
      );
      const id = change.alarm!.id;
      const fast = await stepQueries(t.api.db.driver).alarm(id);
      const slow = await prismaLoad(id);
      expect(fast?.unit).not.toBeNull();
      expect(fast!.unit).toEqual(slow.unit);
      expect(alarmMessage(fast!, "DEVICE_REMINDER", "提醒")).toEqual(alarmMessage(slow, "DEVICE_REMINDER", "提醒"));
      expect({ ...state(fast!), unitId: fast!.unitId }).toEqual({ ...state(slow), unitId: slow.unitId });
    });

    it("finds no alarm that does not exist", async () => {
      expect(await stepQueries(t.api.db.driver).alarm("no-such-alarm")).toBeNull();
    });
  });
}
