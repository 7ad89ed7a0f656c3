// A device's service mode switched by staff, on both engines: out of normal use only with a reason (refused in
// words without one), every switch in the audit log as device.mode_changed with who, when, from, to and why;
// residents may not switch, staff outside the device's communities do not find it; 设备健康's list filters to the
// devices out of normal use and says since when (the first switch out, not a later one between the two resting
// modes); an installation put in service by its acceptance is audited as the system's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putInService } from "../../api/src/modules/devices/device-service-mode.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Refusal = { error: { code: string; message: string; details?: { path: string; message: string }[] } };
type ListItem = { id: string; mode: string; modeSince?: string | null };
const HOUR = 3600_000;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`switching a device's mode on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(Date.UTC(2026, 10, 20, 1, 0));
    /** devices of 幸福小区 (安居物业: manager_a, staff_a), one each test, and one of 和平花园 (祥和物业) */
    let ours: string[];
    let theirs: string;

    const audits = (deviceId: string) =>
      t.api.db.prisma.auditEvent.findMany({
        where: { subject: `device:${deviceId}`, action: "device.mode_changed" },
        orderBy: { at: "asc" },
      });
    const modeOf = async (id: string) => (await t.api.db.prisma.device.findUniqueOrThrow({ where: { id } })).mode;
    const staffId = async (username: string) =>
      (await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username } })).id;
    const patch = async (username: string, id: string, body: Record<string, unknown>) =>
      t.request<Refusal & { mode: string }>("PATCH", `/api/devices/${id}`, {
        token: await t.loginStaff(username),
        body,
      });

    beforeAll(async () => {
      t = await startTestApi({ provider, clock });
      const of = (community: string) =>
        t.api.db.prisma.device.findMany({
          where: { community: { name: community }, householdId: { not: null }, mode: "NORMAL" },
          orderBy: { id: "asc" },
          take: 6,
        });
      ours = (await of("幸福小区")).map((d) => d.id);
      theirs = (await of("和平花园"))[0]!.id;
      expect(ours.length).toBe(6);
    });
    afterAll(() => t?.close());

    it("refuses to take a device out of normal use without a reason, in words, and changes nothing", async () => {
      const id = ours[0]!;
      for (const body of [{ mode: "MAINTENANCE" }, { mode: "MAINTENANCE", reason: "   " }, { mode: "INSTALLATION" }]) {
        const r = await patch("manager_a", id, body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body.error.code).toBe("VALIDATION_FAILED");
        expect(r.body.error.message).toMatch(/^转为(维护|安装)模式须填写原因/);
        expect(r.body.error.details).toEqual([{ path: "reason", message: "请填写原因" }]);
      }
      // a reason has a bound, said in Chinese
      const long = await patch("manager_a", id, { mode: "MAINTENANCE", reason: "换".repeat(201) });
      expect(long.status).toBe(400);
      expect(long.body.error.message).toContain("原因最多 200 个字");
      expect(await modeOf(id)).toBe("NORMAL");
      expect(await audits(id)).toEqual([]);
    });

    it("switches with a reason and back, each switch audited with who, when, from, to and why", async () => {
      const id = ours[1]!;
      const out = await patch("staff_a", id, { mode: "MAINTENANCE", reason: "  更换电池  " });
      expect(out.status).toBe(200);
      expect(out.body.mode).toBe("MAINTENANCE");
      expect(await modeOf(id)).toBe("MAINTENANCE");
      const leftAt = clock.now().toISOString();
      clock.advance(2 * HOUR);
      t.clearTokens(); // the clock moved past the access tokens' lifetime
      // back in use: a reason is welcome, not required
      const back = await patch("manager_a", id, { mode: "NORMAL" });
      expect(back.status).toBe(200);
      expect(await modeOf(id)).toBe("NORMAL");
      const rows = await audits(id);
      expect(
        rows.map((r) => ({
          at: r.at.toISOString(),
          actor: r.actor,
          before: JSON.parse(r.before!) as unknown,
          after: JSON.parse(r.after!) as unknown,
          note: r.note,
        })),
      ).toEqual([
        {
          at: leftAt,
          actor: `staff:${await staffId("staff_a")}`,
          before: { mode: "NORMAL" },
          after: { mode: "MAINTENANCE" },
          note: "更换电池",
        },
        {
          at: clock.now().toISOString(),
          actor: `staff:${await staffId("manager_a")}`,
          before: { mode: "MAINTENANCE" },
          after: { mode: "NORMAL" },
          note: null,
        },
      ]);
      // the same mode again, or a rename, is no switch: nothing more in the log
      expect((await patch("manager_a", id, { mode: "NORMAL", name: "客厅烟感（新）" })).status).toBe(200);
      expect(await audits(id)).toHaveLength(2);
    });

    it("still forbids residents to switch, even with a reason, and writes nothing", async () => {
      const home = t.demo.residents[0]!.households[0]!.id;
      const mine = await t.api.db.prisma.device.findFirstOrThrow({ where: { householdId: home, mode: "NORMAL" } });
      const r = await t.request<Refusal>("PATCH", `/api/devices/${mine.id}`, {
        token: await t.loginResident("zhangsan"),
        body: { mode: "MAINTENANCE", reason: "我想关掉它" },
      });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("FORBIDDEN");
      expect(await modeOf(mine.id)).toBe("NORMAL");
      expect(await audits(mine.id)).toEqual([]);
    });

    it("does not let staff of another company find, let alone switch, a device outside their communities", async () => {
      const r = await patch("manager_a", theirs, { mode: "MAINTENANCE", reason: "检修" });
      expect(r.status).toBe(404);
      expect(await modeOf(theirs)).toBe("NORMAL");
      expect(await audits(theirs)).toEqual([]);
      const back = await patch("manager_b", ours[2]!, { mode: "MAINTENANCE", reason: "检修" });
      expect(back.status).toBe(404);
      expect(await modeOf(ours[2]!)).toBe("NORMAL");
    });

    it("lists the devices out of normal use, each with since when (the first switch out of use)", async () => {
      const [a, b] = [ours[3]!, ours[4]!];
      expect((await patch("manager_a", a, { mode: "INSTALLATION", reason: "更换底座后重新调试" })).status).toBe(200);
      const outAt = clock.now().toISOString();
      clock.advance(30 * HOUR);
      t.clearTokens();
      // from installation to maintenance: still out of use since the first switch
      expect((await patch("manager_a", a, { mode: "MAINTENANCE", reason: "调试发现故障，送修" })).status).toBe(200);
      expect((await patch("manager_a", b, { mode: "MAINTENANCE", reason: "清洁探测腔" })).status).toBe(200);
      const bAt = clock.now().toISOString();
      const list = await t.request<{ total: number; items: ListItem[] }>(
        "GET",
        "/api/devices?outOfService=true&limit=200",
        { token: await t.loginStaff("manager_a") },
      );
      expect(list.status).toBe(200);
      expect(list.body.items.every((d) => d.mode !== "NORMAL")).toBe(true);
      expect(list.body.total).toBe(list.body.items.length);
      const since = new Map(list.body.items.map((d) => [d.id, d.modeSince]));
      expect(since.get(a)).toBe(outAt);
      expect(since.get(b)).toBe(bAt);
      expect(since.has(ours[1]!)).toBe(false); // back in use
      // the whole list says null for those in normal use
      const all = await t.request<{ items: ListItem[] }>("GET", "/api/devices?limit=200", {
        token: await t.loginStaff("manager_a"),
      });
      for (const d of all.body.items) expect(d.modeSince === null).toBe(d.mode === "NORMAL");
      // another company's list has none of them
      const other = await t.request<{ items: ListItem[] }>("GET", "/api/devices?outOfService=true&limit=200", {
        token: await t.loginStaff("manager_b"),
      });
      expect(other.body.items.map((d) => d.id)).not.toContain(a);
    });

    it("audits an installation put in service by its acceptance as the system's", async () => {
      const id = ours[5]!;
      await t.api.db.prisma.device.update({ where: { id }, data: { mode: "INSTALLATION" } });
      expect(await putInService(t.api.db.prisma, null, [id, theirs], clock)).toBe(1);
      expect(await modeOf(id)).toBe("NORMAL");
      const [row, ...rest] = await audits(id);
      expect(rest).toEqual([]);
      expect(row).toMatchObject({ actor: "system", at: clock.now(), before: '{"mode":"INSTALLATION"}' });
      expect(row!.after).toBe('{"mode":"NORMAL"}');
      expect(row!.note).toContain("验收");
      expect(await audits(theirs)).toEqual([]); // it was in normal use: nothing to move
    });
  });
}
