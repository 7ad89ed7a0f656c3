// Which device problems a resident hears about, per home: PATCH /api/households/:id/membership takes any
// subset of notifyLowBattery / notifyOffline / notifyTamper / notifyFault / neighbourAlerts, changes only
// the caller's own membership and answers with all of them; the household detail shows them. Fire alarms
// have no switch. On SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Flags {
  neighbourAlerts: boolean;
  notifyLowBattery: boolean;
  notifyOffline: boolean;
  notifyTamper: boolean;
  notifyFault: boolean;
}
interface Membership extends Flags {
  householdId: string;
  role: string;
}
interface Detail {
  members: (Flags & { residentId: string; nickname: string | null; isMe: boolean })[];
}
interface ErrorBody {
  error: { code: string; message: string };
}

const DEFAULTS: Flags = {
  neighbourAlerts: false,
  notifyLowBattery: true,
  notifyOffline: true,
  notifyTamper: true,
  notifyFault: true,
};
const FLAG_KEYS = Object.keys(DEFAULTS) as (keyof Flags)[];
const pick = (m: Flags): Flags => Object.fromEntries(FLAG_KEYS.map((k) => [k, m[k]])) as unknown as Flags;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`notification preferences on ${provider}`, () => {
    let t: TestApi;
    beforeAll(async () => {
      t = await startTestApi({ provider });
    });
    afterAll(() => t?.close());

    const home = (key: string) => t.demo.residents.find((r) => r.key === key)!.households[0]!.id;
    const patch = async (key: string, householdId: string, body: unknown) =>
      t.request<Membership & ErrorBody>("PATCH", `/api/households/${householdId}/membership`, {
        token: await t.loginResident(key),
        body,
      });
    const detail = async (key: string, householdId: string) =>
      (await t.request<Detail>("GET", `/api/households/${householdId}`, { token: await t.loginResident(key) })).body;

    it("starts with every problem switched on and neighbours' alarms off", async () => {
      const d = await detail("zhangsan", home("zhangsan"));
      const me = d.members.find((m) => m.isMe)!;
      expect(me.nickname).toBe("张三");
      expect(pick(me)).toEqual(DEFAULTS);
    });

    it("changes only the flags sent, answers with all of them, and the detail shows them", async () => {
      const h = home("zhangsan");
      const first = await patch("zhangsan", h, { notifyLowBattery: false });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ householdId: h, role: "OWNER", ...DEFAULTS, notifyLowBattery: false });

      const second = await patch("zhangsan", h, { notifyOffline: false, notifyFault: false, neighbourAlerts: true });
      expect(second.status).toBe(200);
      const expected = {
        neighbourAlerts: true,
        notifyLowBattery: false,
        notifyOffline: false,
        notifyTamper: true,
        notifyFault: false,
      };
      expect(pick(second.body)).toEqual(expected);

      const d = await detail("zhangsan", h);
      expect(pick(d.members.find((m) => m.isMe)!)).toEqual(expected);
      // Li Si lives in the same home: his own settings did not move
      expect(pick(d.members.find((m) => m.nickname === "李四")!)).toEqual(DEFAULTS);
      // and he sees his own settings as his, from his side
      const his = await detail("lisi", h);
      expect(pick(his.members.find((m) => m.isMe)!)).toEqual(DEFAULTS);

      const back = await patch("zhangsan", h, { notifyLowBattery: true });
      expect(back.body.notifyLowBattery).toBe(true);
      expect(back.body.notifyOffline).toBe(false);
      const row = await t.api.db.prisma.householdMember.findFirstOrThrow({
        where: { householdId: h, resident: { nickname: "张三" } },
      });
      expect(pick(row)).toEqual({ ...expected, notifyLowBattery: true });
    });

    it("has no switch for fire alarms, and refuses an empty or unknown change", async () => {
      const h = home("lisi");
      for (const body of [{ notifyFire: false }, {}, { notifyLowBattery: "no" }]) {
        const r = await patch("lisi", h, body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body.error.code).toBe("VALIDATION_FAILED");
      }
      expect(pick((await detail("lisi", h)).members.find((m) => m.isMe)!)).toEqual(DEFAULTS);
    });

    it("cannot change another home's membership: 404, as for a home that does not exist", async () => {
      const wangwuHome = home("wangwu");
      const other = await patch("zhangsan", wangwuHome, { notifyTamper: false });
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe("NOT_FOUND");
      expect((await patch("zhangsan", "no-such-home", { notifyTamper: false })).status).toBe(404);
      const row = await t.api.db.prisma.householdMember.findFirstOrThrow({
        where: { householdId: wangwuHome },
      });
      expect(pick(row)).toEqual(DEFAULTS);
    });

    it("is a resident's own setting: staff cannot set it", async () => {
      const r = await t.request<ErrorBody>("PATCH", `/api/households/${home("zhangsan")}/membership`, {
        token: await t.loginStaff("manager_a"),
        body: { notifyFault: false },
      });
      expect(r.status).toBe(403);
    });
  });
}
