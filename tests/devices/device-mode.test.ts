// A device's service mode switched by staff, on both engines: out of normal use only with a reason (refused in
// words without one), every switch in the audit log as device.mode_changed with who, when, from, to and why;
// residents may not switch, staff outside the device's communities do not find it; 设备健康's list filters to the
// devices out of normal use and says since when (the first switch out, not a later one between the two resting
// modes; a device registered out of normal use, since its registration), each row with its model's kind (a
// community's water tank as such, not a detector), one query a page answered with one row a
// device; an installation put in service by its acceptance is audited as the system's, in one update whatever the
// number of devices, each device once even when two run at once; the console's CSV follows 未正常使用.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Prisma } from "../../api/src/db/client.ts";
import { modeChangeRow, outOfServiceSince, putInService } from "../../api/src/modules/devices/device-service-mode.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Refusal = { error: { code: string; message: string; details?: { path: string; message: string }[] } };
type ListItem = { id: string; mode: string; kind: string; modeSince?: string | null };
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * `prisma` with its statements counted: each call of a model's method (in a transaction too) by model, and the rows
 * they answered with.
 */
function counted(prisma: Prisma) {
  const calls: string[] = [];
  let rows = 0;
  const models = (client: object): object =>
    new Proxy(client, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (key === "$transaction")
          return (fn: (tx: unknown) => Promise<unknown>) =>
            (v as (f: (tx: object) => Promise<unknown>) => Promise<unknown>).call(target, (tx) => fn(models(tx)));
        if (typeof key !== "string" || key.startsWith("$") || typeof v !== "object" || v === null)
          return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        return new Proxy(v, {
          get(model, method) {
            const f = Reflect.get(model, method, model) as unknown;
            if (typeof f !== "function" || typeof method !== "string") return f;
            return async (...args: unknown[]) => {
              calls.push(`${key}.${method}`);
              const r = (await (f as (...a: unknown[]) => Promise<unknown>).apply(model, args)) as unknown;
              rows += Array.isArray(r) ? r.length : 1;
              return r;
            };
          },
        });
      },
    });
  return { prisma: models(prisma) as Prisma, calls, rows: () => rows };
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`switching a device's mode on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(Date.UTC(2026, 10, 20, 1, 0));
    /** devices of 幸福小区 (安居物业: manager_a, staff_a), one each test, and one of 和平花园 (祥和物业) */
    let ours: string[];
    let theirs: string;
    /** more of 和平花园's, for what no person calls (the system's acceptance, the since-when lookup) */
    let spare: string[];

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
      [theirs, ...spare] = (await of("和平花园")).map((d) => d.id) as [string, ...string[]];
      expect(ours.length).toBe(6);
      expect(spare.length).toBe(5);
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

    it("lists each device with its model's kind: a community's water tank and pump, a home's smoke alarm", async () => {
      const db = t.api.db.prisma;
      const token = await t.loginStaff("manager_a");
      const listed: ListItem[] = [];
      for (let offset = 0; offset < 10 * 200; offset += 200) {
        const r = await t.request<{ total: number; items: ListItem[] }>(
          "GET",
          `/api/devices?limit=200&offset=${offset}`,
          { token },
        );
        expect(r.status).toBe(200);
        listed.push(...r.body.items);
        if (listed.length >= r.body.total || r.body.items.length === 0) break;
      }
      const models = await db.device.findMany({
        where: { id: { in: listed.map((d) => d.id) } },
        select: { id: true, model: { select: { kind: true } } },
      });
      const kindOf = new Map(models.map((d) => [d.id, d.model.kind]));
      expect(kindOf.size).toBe(listed.length);
      for (const d of listed) expect(d.kind, d.id).toBe(kindOf.get(d.id));
      // the demo's facilities of 幸福小区 are listed as what they are, beside its homes' detectors
      const kinds = new Set(listed.map((d) => d.kind));
      for (const k of ["WATER_LEVEL", "PUMP", "HYDRANT_PRESSURE", "ELECTRICAL_FIRE", "SMOKE_ALARM"])
        expect(kinds.has(k), k).toBe(true);
      const tank = await db.device.findFirstOrThrow({
        where: { community: { name: "幸福小区" }, model: { kind: "WATER_LEVEL" } },
      });
      expect(listed.find((d) => d.id === tank.id)?.kind).toBe("WATER_LEVEL");
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

    it("says a device registered out of normal use is out of it since its registration, not since a later switch", async () => {
      // registered from a sheet in installation mode: no switch out of NORMAL in the log
      const sheet = "序列号,型号,小区,安装位置,模式\nSNMODE0001,AX-SA100,幸福小区,地下车库,安装\n";
      const imported = await t.request<{ imported: number }>("POST", "/api/devices/import", {
        token: await t.loginStaff("manager_a"),
        body: { filename: "devices.csv", contentBase64: Buffer.from(sheet).toString("base64") },
      });
      expect(imported.status).toBe(200);
      expect(imported.body.imported).toBe(1);
      const id = "SNMODE0001";
      expect(await modeOf(id)).toBe("INSTALLATION");
      // registered at the app's clock (the test's), not the database's own time
      const registeredAt = clock.now();
      expect((await t.api.db.prisma.device.findUniqueOrThrow({ where: { id } })).registeredAt).toEqual(registeredAt);
      // ten days on, from installation to maintenance
      clock.advance(10 * DAY);
      t.clearTokens();
      expect((await patch("manager_a", id, { mode: "MAINTENANCE", reason: "调试发现故障，送修" })).status).toBe(200);
      expect((await audits(id)).map((r) => [r.before, r.after])).toEqual([
        ['{"mode":"INSTALLATION"}', '{"mode":"MAINTENANCE"}'],
      ]);
      const list = await t.request<{ items: ListItem[] }>("GET", "/api/devices?outOfService=true&limit=200", {
        token: await t.loginStaff("manager_a"),
      });
      expect(list.body.items.find((d) => d.id === id)?.modeSince).toBe(registeredAt.toISOString());
    });

    it("finds since when in one query a page, answered with one row a device however long its history", async () => {
      const [long, toggled, none] = spare as [string, string, string];
      const t0 = clock.now().getTime() - 100 * DAY;
      const row = (deviceId: string, from: string, to: string, day: number) =>
        modeChangeRow(
          { actor: "system", deviceId, from: from as never, to: to as never, reason: null },
          new Date(t0 + day * DAY),
        );
      const rows = [
        // out and back, out again (day 2), then between the two resting modes twenty times
        row(long, "NORMAL", "MAINTENANCE", 0),
        row(long, "MAINTENANCE", "NORMAL", 1),
        row(long, "NORMAL", "INSTALLATION", 2),
        ...Array.from({ length: 20 }, (_, i) =>
          i % 2 ? row(long, "MAINTENANCE", "INSTALLATION", 3 + i) : row(long, "INSTALLATION", "MAINTENANCE", 3 + i),
        ),
        // out of use and back nine times, then out again (day 18)
        ...Array.from({ length: 19 }, (_, i) =>
          i % 2 ? row(toggled, "MAINTENANCE", "NORMAL", i) : row(toggled, "NORMAL", "MAINTENANCE", i),
        ),
      ];
      await t.api.db.prisma.auditEvent.createMany({ data: rows });
      const registeredAt = new Date(t0 - 30 * DAY);
      const devices = [
        { id: long, mode: "INSTALLATION" as const, registeredAt },
        { id: toggled, mode: "MAINTENANCE" as const, registeredAt },
        { id: none, mode: "INSTALLATION" as const, registeredAt },
        { id: spare[3]!, mode: "NORMAL" as const, registeredAt },
        // a page of 200 in all
        ...Array.from({ length: 196 }, (_, i) => ({ id: `nosuch${i}`, mode: "MAINTENANCE" as const, registeredAt })),
      ];
      const c = counted(t.api.db.prisma);
      const since = await outOfServiceSince(c.prisma, devices);
      expect(since.get(long)).toEqual(new Date(t0 + 2 * DAY));
      expect(since.get(toggled)).toEqual(new Date(t0 + 18 * DAY));
      expect(since.get(none)).toEqual(registeredAt);
      expect(since.has(spare[3]!)).toBe(false);
      expect(since.get("nosuch0")).toEqual(registeredAt);
      expect(c.calls).toHaveLength(1);
      expect(c.calls[0]).toMatch(/^auditEvent\./);
      // at most one row a device with switches in the log, not their 42 switches
      expect(c.rows()).toBeLessThanOrEqual(2);
    });

    it("puts installations in service with one update and one write of their audit rows, whatever their number", async () => {
      const db = t.api.db.prisma;
      const [a, b, c, maintained, normal] = spare as [string, string, string, string, string];
      await db.device.updateMany({ where: { id: { in: [a, b, c] } }, data: { mode: "INSTALLATION" } });
      await db.device.update({ where: { id: maintained }, data: { mode: "MAINTENANCE" } });
      clock.advance(HOUR);
      const counting = counted(db);
      expect(await putInService(counting.prisma, null, [a, b, c, maintained, normal, a], clock)).toBe(3);
      expect(counting.calls.filter((k) => k.startsWith("device.update"))).toHaveLength(1);
      expect(counting.calls.filter((k) => k.startsWith("auditEvent."))).toHaveLength(1);
      expect(counting.calls.length).toBeLessThanOrEqual(3);
      for (const id of [a, b, c, normal]) expect(await modeOf(id)).toBe("NORMAL");
      expect(await modeOf(maintained)).toBe("MAINTENANCE"); // a person's maintenance stays
      const system = await db.auditEvent.findMany({
        where: { action: "device.mode_changed", actor: "system", at: clock.now() },
      });
      expect(system.map((r) => r.subject).sort()).toEqual([a, b, c].map((id) => `device:${id}`).sort());
    });

    it("audits each device once when two acceptances put the same devices in service at once", async () => {
      const db = t.api.db.prisma;
      const four = spare.slice(0, 4);
      await db.device.updateMany({ where: { id: { in: four } }, data: { mode: "INSTALLATION" } });
      clock.advance(HOUR);
      const [w, x, y, z] = four as [string, string, string, string];
      const moved = await Promise.all([
        putInService(db, null, [w, x, y], clock),
        putInService(db, null, [x, y, z], clock),
        putInService(db, null, [z, w], clock),
        putInService(db, null, [y, z, w, x], clock),
      ]);
      expect(moved.reduce((n, m) => n + m, 0)).toBe(4);
      for (const id of four) expect(await modeOf(id)).toBe("NORMAL");
      const system = await db.auditEvent.findMany({
        where: { action: "device.mode_changed", actor: "system", at: clock.now() },
      });
      expect(system.map((r) => r.subject).sort()).toEqual(four.map((id) => `device:${id}`).sort());
    });

    it("exports as CSV only the devices out of normal use under 未正常使用, without looking up since when", async () => {
      const password = t.demo.staff.find((s) => s.username === "manager_a")!.password;
      const login = await fetch(`${t.url}/console/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "manager_a", password, next: "/console/devices" }).toString(),
      });
      expect(login.status).toBe(303);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(";")[0]!)
        .filter((c) => !c.endsWith("="))
        .join("; ");
      const resting = await t.api.db.prisma.device.findMany({
        where: { community: { propertyCompany: { name: "安居物业" } }, mode: { not: "NORMAL" } },
        select: { id: true },
      });
      expect(resting.map((d) => d.id)).toEqual(expect.arrayContaining([ours[3]!, ours[4]!, "SNMODE0001"]));
      const list = vi.spyOn(t.api.services.devices, "listForStaff");
      try {
        const res = await fetch(`${t.url}/console/devices.csv?outOfService=true`, { headers: { cookie } });
        expect(res.status).toBe(200);
        const [head, ...lines] = (await res.text()).trim().split("\r\n");
        expect(head).toContain("模式");
        expect(lines.map((l) => l.split(",")[0]).sort()).toEqual(resting.map((d) => d.id).sort());
        for (const l of lines) expect(l).toMatch(/(安装模式|维护模式)$/);
        expect(res.headers.get("content-disposition")).toContain("devices-all-out-of-service.csv");
        // the CSV has no column for since when: the list is asked not to look it up
        expect(list).toHaveBeenCalled();
        for (const call of list.mock.calls) expect(call[2]).toEqual({ modeSince: false });
        for (const r of list.mock.results) {
          const page = (await r.value) as { items: ListItem[] };
          for (const d of page.items) expect(d.modeSince).toBeNull();
        }
      } finally {
        list.mockRestore();
      }
    });
  });
}
