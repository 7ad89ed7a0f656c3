// A networked unit's devices out of normal use, for the people who answer for them, on both engines: the demo's
// nursing home (青石镇敬老院) has two smoke alarms in installation mode since 11-18. Its responsible person, manager and
// safety officer are told so each morning with a link to 消防设施 at their unit; there they see each of their unit's
// devices (its smoke alarms too) with its mode and since when, and switch it through PATCH /api/devices/:id by the
// same rules as the property desk (a reason to leave normal use, the switch and its audit row in one conditional
// write, 409 to the loser of a race). Only the mode, only of their unit's devices: another unit's device, a
// community's, and a resident meet "not found", a name or a room is refused, unbinding stays the desk's, and never
// a transmission device's (UITD: out of normal use every fire of the unit's panel would go unheard). Only a unit's
// own people and the county see its detectors and transmission devices on 消防设施; a regulator, a township or a
// maintenance company its facilities, as before. A unit of more than 500 devices is listed with those out of
// normal use first, and said to be cut.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FACILITY_DEVICE_KINDS } from "../../api/src/contract/labels.ts";
import { modeReminderScope } from "../../api/src/modules/notifications/mode-reminders.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { until } from "../support/until.ts";

type Refusal = { error: { code: string; message: string; details?: { path: string; message: string }[] } };
type Facility = { id: string; serial: string; kind: string; mode: string; modeSince: string | null };
type FacilityList = { items: Facility[]; truncated: boolean; total: number };

/** the nursing home's two smoke alarms (prisma/seed/rollout-demo.ts) */
const [DUTY_ROOM, BEDROOM] = ["AXR100001", "AXR100002"] as const;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a unit's people and their devices' modes on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(Date.UTC(2026, 10, 20, 1, 0)); // 09:00 in the county: the reminder's hour
    let home: string;
    let hospital: string;

    const modeOf = async (id: string) => (await t.api.db.prisma.device.findUniqueOrThrow({ where: { id } })).mode;
    const audits = (id: string) =>
      t.api.db.prisma.auditEvent.findMany({
        where: { subject: `device:${id}`, action: "device.mode_changed" },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      });
    const staffId = async (username: string) =>
      (await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username } })).id;
    const patch = async (username: string, id: string, body: Record<string, unknown>) =>
      t.request<Refusal & { id: string; mode: string }>("PATCH", `/api/devices/${id}`, {
        token: await t.loginStaff(username),
        body,
      });
    const facilities = async (username: string, unitId: string) =>
      t.request<Refusal & FacilityList>("GET", `/api/sensors/facilities?unitId=${unitId}`, {
        token: await t.loginStaff(username),
      });

    beforeAll(async () => {
      t = await startTestApi({ provider, clock });
      const unit = (name: string) =>
        t.api.db.prisma.networkedUnit.findFirstOrThrow({ where: { name }, select: { id: true } });
      home = (await unit("青石镇敬老院")).id;
      // the hospital: yy_* are its people
      hospital = (
        await t.api.db.prisma.staffUser.findUniqueOrThrow({
          where: { username: "yy_anquan" },
          select: { units: { select: { unitId: true } } },
        })
      ).units[0]!.unitId;
    });
    afterAll(() => t?.close());

    it("links a unit's people's morning reminder to 消防设施 at their unit", async () => {
      const notes = await until("the nursing home's people told", async () => {
        const rows = await t.api.db.prisma.notification.findMany({
          where: { dedupeKey: { startsWith: `${modeReminderScope("2026-11-20")}:` }, channel: "PUSH" },
        });
        const people = await t.api.db.prisma.staffUser.findMany({
          where: { username: { in: ["jly_zeren", "jly_guanli", "jly_anquan"] } },
          select: { id: true },
        });
        const mine = rows.filter((r) => people.some((p) => r.recipient === `staff:${p.id}`));
        return (
          mine.length === 3 && mine.map((r) => (JSON.parse(r.payload) as { content: { note: string } }).content.note)
        );
      });
      for (const note of notes) {
        expect(note).toMatch(/^2 台设备未正常使用已超过 1 天/);
        expect(note).toMatch(new RegExp(`查看消防设施：\\S*/console/facilities\\?place=unit:${home}$`));
        expect(note).not.toContain("/console/units");
      }
    });

    it("shows each of the unit's people their devices' modes and since when, smoke alarms included", async () => {
      const registered = await t.api.db.prisma.device.findUniqueOrThrow({ where: { id: DUTY_ROOM } });
      for (const who of ["jly_zeren", "jly_guanli", "jly_anquan"]) {
        const r = await facilities(who, home);
        expect(r.status, who).toBe(200);
        const alarms = r.body.items.filter((d) => d.id === DUTY_ROOM || d.id === BEDROOM);
        expect(alarms).toEqual([
          expect.objectContaining({
            id: DUTY_ROOM,
            serial: "SNR2026110001",
            kind: "SMOKE_ALARM",
            mode: "INSTALLATION",
            // no switch in the log: out of normal use since its registration, as 设备健康 says it
            modeSince: registered.registeredAt.toISOString(),
          }),
          expect.objectContaining({ id: BEDROOM, mode: "INSTALLATION", modeSince: expect.any(String) }),
        ]);
      }
      // a unit whose devices are all in normal use: no since when; its cameras have their own page
      const theirs = await facilities("yy_anquan", hospital);
      expect(theirs.status).toBe(200);
      for (const d of theirs.body.items) {
        expect(d.modeSince === null).toBe(d.mode === "NORMAL");
        expect(d.kind).not.toBe("CAMERA");
      }
      // another unit's people do not find the nursing home
      expect((await facilities("yy_anquan", home)).status).toBe(404);
    });

    it("lets the safety officer put their unit's device back in use, audited as theirs, by the desk's rules", async () => {
      // out of normal use only with a reason, refused in the same words as the desk is
      const bare = await patch("jly_anquan", DUTY_ROOM, { mode: "MAINTENANCE" });
      expect(bare.status).toBe(400);
      expect(bare.body.error.message).toMatch(/^转为维护模式须填写原因/);
      expect(bare.body.error.details).toEqual([{ path: "reason", message: "请填写原因" }]);
      expect(await audits(DUTY_ROOM)).toEqual([]);

      const back = await patch("jly_anquan", DUTY_ROOM, { mode: "NORMAL" });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ id: DUTY_ROOM, mode: "NORMAL" });
      expect(await modeOf(DUTY_ROOM)).toBe("NORMAL");
      const backAt = clock.now();
      clock.advance(3600_000);
      t.clearTokens(); // the clock moved past the access tokens' lifetime
      const out = await patch("jly_guanli", DUTY_ROOM, { mode: "MAINTENANCE", reason: "  清洁探测腔  " });
      expect(out.status).toBe(200);
      expect(
        (await audits(DUTY_ROOM)).map((r) => ({
          at: r.at,
          actor: r.actor,
          before: r.before,
          after: r.after,
          note: r.note,
        })),
      ).toEqual([
        {
          at: backAt,
          actor: `staff:${await staffId("jly_anquan")}`,
          before: '{"mode":"INSTALLATION"}',
          after: '{"mode":"NORMAL"}',
          note: null,
        },
        {
          at: clock.now(),
          actor: `staff:${await staffId("jly_guanli")}`,
          before: '{"mode":"NORMAL"}',
          after: '{"mode":"MAINTENANCE"}',
          note: "清洁探测腔",
        },
      ]);
      // 消防设施 says it, since the switch
      const listed = (await facilities("jly_zeren", home)).body.items.find((d) => d.id === DUTY_ROOM);
      expect(listed).toMatchObject({ mode: "MAINTENANCE", modeSince: clock.now().toISOString() });
    });

    it("writes one switch and its audit row each, and answers 409 to whoever lost a race", async () => {
      const before = (await audits(DUTY_ROOM)).length;
      const answers = await Promise.all([
        patch("jly_zeren", DUTY_ROOM, { mode: "NORMAL" }),
        patch("jly_anquan", DUTY_ROOM, { mode: "INSTALLATION", reason: "重新调试" }),
        patch("jly_guanli", DUTY_ROOM, { mode: "NORMAL" }),
      ]);
      for (const a of answers) expect([200, 409]).toContain(a.status);
      for (const a of answers.filter((x) => x.status === 409)) {
        expect(a.body.error.code).toBe("CONFLICT");
        expect(a.body.error.message).toContain("刚刚已被他人切换");
      }
      const rows = (await audits(DUTY_ROOM)).slice(before);
      // every switch a 200 made is in the log once, chained from the mode before; none for a 409
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.length).toBeLessThanOrEqual(answers.filter((a) => a.status === 200).length);
      expect(rows[0]!.before).toBe('{"mode":"MAINTENANCE"}');
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.before).toBe(rows[i - 1]!.after);
      expect(JSON.parse(rows[rows.length - 1]!.after!)).toEqual({ mode: await modeOf(DUTY_ROOM) });
    });

    it("refuses another unit's device, a community's, a resident, and any field but the mode", async () => {
      const none = async (id: string) => {
        expect(await modeOf(id)).toBe(id === BEDROOM ? "INSTALLATION" : "NORMAL");
        expect(await audits(id)).toEqual([]);
      };
      // another unit's safety officer, and the property desk (no unit), do not find it
      for (const who of ["yy_anquan", "yy_zeren", "manager_a"]) {
        const r = await patch(who, BEDROOM, { mode: "NORMAL" });
        expect(r.status, who).toBe(404);
        expect(r.body.error.code).toBe("NOT_FOUND");
      }
      const resident = await t.request<Refusal>("PATCH", `/api/devices/${BEDROOM}`, {
        token: await t.loginResident("zhangsan"),
        body: { mode: "NORMAL" },
      });
      expect([403, 404]).toContain(resident.status);
      // the unit's control room's operators answer fires, not for the devices
      expect((await patch("jly_zhiban1", BEDROOM, { mode: "NORMAL" })).status).toBe(403);
      await none(BEDROOM);

      // a home's device in 幸福小区 is not the unit's: not found
      const flat = await t.api.db.prisma.device.findFirstOrThrow({
        where: { community: { name: "幸福小区" }, householdId: { not: null }, mode: "NORMAL" },
        orderBy: { id: "asc" },
      });
      expect((await patch("jly_anquan", flat.id, { mode: "MAINTENANCE", reason: "检修" })).status).toBe(404);
      await none(flat.id);

      // their own device: the mode only, never a name or a room, not even beside a mode; nor unbinding it
      for (const body of [{ name: "值班室烟感" }, { room: "二层" }, { mode: "NORMAL", name: "老人居室烟感" }]) {
        const r = await patch("jly_anquan", BEDROOM, body);
        expect(r.status, JSON.stringify(body)).toBe(403);
        expect(r.body.error.code).toBe("FORBIDDEN");
        expect(r.body.error.message).toContain("只能切换设备的模式");
      }
      const unbind = await t.request<Refusal>("POST", `/api/devices/${BEDROOM}/unbind`, {
        token: await t.loginStaff("jly_zeren"),
      });
      expect(unbind.status).toBe(403);
      const device = await t.api.db.prisma.device.findUniqueOrThrow({ where: { id: BEDROOM } });
      expect(device).toMatchObject({ name: "二层老人居室感烟报警器", unitId: home });
      await none(BEDROOM);
    });

    it("refuses a unit's people their transmission device's mode: the monitoring centre's administrator's", async () => {
      // every fire and call point of the hospital's panel is raised against this one device (panels/panel-ingest.ts)
      const uitd = await t.api.db.prisma.device.findFirstOrThrow({
        where: { unitId: hospital, model: { kind: "UITD" } },
        orderBy: { id: "asc" },
      });
      expect(uitd.mode).toBe("NORMAL");
      for (const [who, body] of [
        ["yy_anquan", { mode: "MAINTENANCE", reason: "控制器检修" }],
        ["yy_guanli", { mode: "INSTALLATION", reason: "重新调试" }],
        ["yy_zeren", { mode: "NORMAL" }],
      ] as const) {
        const r = await patch(who, uitd.id, body);
        expect(r.status, who).toBe(403);
        expect(r.body.error.code).toBe("FORBIDDEN");
        expect(r.body.error.message).toMatch(/^用户信息传输装置的模式只能由监控中心的系统管理员切换/);
      }
      expect(await modeOf(uitd.id)).toBe("NORMAL");
      expect(await audits(uitd.id)).toEqual([]);
      // they still see it on 消防设施, with its mode
      const listed = (await facilities("yy_anquan", hospital)).body.items.find((d) => d.id === uitd.id);
      expect(listed).toMatchObject({ kind: "UITD", mode: "NORMAL", modeSince: null });
      // the administrator may, by the same rules (and puts it back)
      const admin = await patch("admin", uitd.id, { mode: "MAINTENANCE", reason: "更换传输装置" });
      expect(admin.status).toBe(200);
      expect((await patch("admin", uitd.id, { mode: "NORMAL" })).status).toBe(200);
      expect((await audits(uitd.id)).map((r) => r.after)).toEqual(['{"mode":"MAINTENANCE"}', '{"mode":"NORMAL"}']);
    });

    it("shows a unit's detectors and transmission devices to its own people and the county, facilities to others", async () => {
      const kinds = async (who: string, unitId: string) => {
        const r = await facilities(who, unitId);
        expect(r.status, who).toBe(200);
        return new Set(r.body.items.map((d) => d.kind));
      };
      const facilityKinds: readonly string[] = FACILITY_DEVICE_KINDS;
      // the nursing home's sector regulator (civil affairs): its facilities, not its smoke alarms
      const civil = await kinds("reg_civil", home);
      expect(civil.has("SMOKE_ALARM")).toBe(false);
      for (const k of civil) expect(facilityKinds, `reg_civil: ${k}`).toContain(k);
      // the hospital's regulator, its maintenance company's technician, its township's coordinator: no UITD
      for (const who of ["reg_health", "wb_wang", "coordinator"]) {
        const seen = await kinds(who, hospital);
        expect(seen.size, who).toBeGreaterThan(0); // its facilities (the demo's tank, pump, monitor)
        for (const k of seen) expect(facilityKinds, `${who}: ${k}`).toContain(k);
      }
      // its own people (the control room's operators too) and the county see the transmission device
      for (const who of ["yy_anquan", "yy_zhiban1", "centre_op", "admin"])
        expect(await kinds(who, hospital), who).toContain("UITD");
      expect(await kinds("jly_anquan", home)).toContain("SMOKE_ALARM");
      expect(await kinds("centre_op", home)).toContain("SMOKE_ALARM");
    });

    it("lists the devices out of normal use first when a unit has more than 500, and says the list is cut", async () => {
      const db = t.api.db.prisma;
      const unitId = (await db.networkedUnit.findFirstOrThrow({ where: { name: "示范县迎宾馆" } })).id;
      const { modelId } = await db.device.findUniqueOrThrow({ where: { id: DUTY_ROOM } });
      const have = await db.device.count({ where: { unitId, model: { kind: { not: "CAMERA" } } } });
      const add = 501 - have;
      expect(add).toBeGreaterThan(1);
      const id = (i: number) => `zz-many-${String(i).padStart(3, "0")}`;
      await db.device.createMany({
        data: Array.from({ length: add }, (_, i) => ({
          id: id(i),
          serial: `SN-MANY-${String(i).padStart(3, "0")}`,
          modelId,
          secretHash: "x",
          unitId,
          name: `客房烟感 ${i}`,
          // the last by id, past the 500th: left in maintenance
          mode: i === add - 1 ? ("MAINTENANCE" as const) : ("NORMAL" as const),
        })),
      });
      const last = id(add - 1);
      const byId = await db.device.findMany({ where: { unitId }, orderBy: { id: "desc" }, take: 1 });
      expect(byId.map((d) => d.id)).toEqual([last]);

      const r = await facilities("centre_op", unitId);
      expect(r.status).toBe(200);
      expect(r.body.truncated).toBe(true);
      expect(r.body.total).toBe(501);
      expect(r.body.items).toHaveLength(500);
      expect(r.body.items[0]).toMatchObject({ id: last, mode: "MAINTENANCE" });
      // the rest in normal use, by id: the one left out is the last of them
      expect(r.body.items.slice(1).every((d) => d.mode === "NORMAL")).toBe(true);
      expect(r.body.items.some((d) => d.id === id(add - 2))).toBe(false);

      // a unit within the bound is not cut
      const small = await facilities("jly_zeren", home);
      expect(small.body).toMatchObject({ truncated: false, total: small.body.items.length });
    });

    it("tells the centre's operators on their screen when a unit's people take a detector out of normal use, and back", async () => {
      const db = t.api.db.prisma;
      // a second operator on the watch, and one who left (told nothing)
      const [second, gone] = await Promise.all(
        [
          { username: "centre_op_mode2", name: "监控中心 值班员二", active: true },
          { username: "centre_op_mode_gone", name: "监控中心 已离职", active: false },
        ].map((s) => db.staffUser.create({ data: { ...s, role: "CENTRE_OPERATOR" }, select: { id: true } })),
      );
      const operators = (
        await db.staffUser.findMany({ where: { role: "CENTRE_OPERATOR", active: true }, select: { id: true } })
      ).map((o) => `staff:${o.id}`);
      expect(operators).toContain(`staff:${second!.id}`);
      expect(operators).not.toContain(`staff:${gone!.id}`);
      // what the operators have on their screens (the outbox may add an SMS for one with no screen open)
      const pushed = async () =>
        (await db.notification.findMany({ where: { channel: "PUSH", template: "NOTICE" } })).filter(
          (n) =>
            n.recipient.startsWith("staff:") &&
            (operators.includes(n.recipient) || n.recipient === `staff:${gone!.id}`),
        );
      const note = (n: { payload: string }) =>
        (JSON.parse(n.payload) as { content: { note: string; address: string } }).content;
      const lastAudit = async () => (await audits(DUTY_ROOM)).at(-1)!;

      // an hour after the switches above (one notice a unit, way and hour): this test's own hour
      clock.advance(3600_000);
      t.clearTokens(); // the clock moved past the access tokens' lifetime
      // the centre's administrator's own switches (out and back) tell nobody
      const before = (await pushed()).length;
      if ((await modeOf(DUTY_ROOM)) !== "NORMAL")
        expect((await patch("admin", DUTY_ROOM, { mode: "NORMAL" })).status).toBe(200);
      const adminOut = await patch("admin", DUTY_ROOM, { mode: "MAINTENANCE", reason: "中心远程检修" });
      expect(adminOut.status).toBe(200);
      expect(await lastAudit()).toMatchObject({
        actor: `staff:${await staffId("admin")}`,
        after: '{"mode":"MAINTENANCE"}',
      });
      expect((await patch("admin", DUTY_ROOM, { mode: "NORMAL" })).status).toBe(200);
      expect(await pushed()).toHaveLength(before);

      // what each step queued to the operators, on their screens
      let seen = new Set((await pushed()).map((n) => n.id));
      const queued = async () => {
        const rows = (await pushed()).filter((n) => !seen.has(n.id));
        seen = new Set([...seen, ...rows.map((n) => n.id)]);
        return rows;
      };
      const toEach = (rows: { recipient: string }[]) =>
        expect(rows.map((n) => n.recipient).sort()).toEqual([...operators].sort());

      // the safety officer takes the duty room's smoke alarm out: each operator is told once, on screen, the
      // essentials first (an SMS carries the note's first 35 characters)
      const out = await patch("jly_anquan", DUTY_ROOM, { mode: "MAINTENANCE", reason: "更换电池" });
      expect(out.status).toBe(200);
      expect(await lastAudit()).toMatchObject({
        actor: `staff:${await staffId("jly_anquan")}`,
        after: '{"mode":"MAINTENANCE"}',
      });
      const told = await queued();
      toEach(told);
      const outOfUse = () => t.api.db.prisma.device.count({ where: { unitId: home, mode: { not: "NORMAL" } } });
      const outNow = await outOfUse();
      for (const n of told) {
        expect(n.dedupeKey.startsWith(`notice:device-mode:${home}:`)).toBe(true);
        const c = note(n);
        expect(c.address).toBe("青石镇敬老院");
        expect(c.note).toMatch(/^SNR2026110001（.+）转为维护模式，不报火警（单位安全员 .+，原因：更换电池）/);
        expect(c.note).toContain("它的火警不会送到监控中心");
        expect(c.note).toContain(`青石镇敬老院目前共有 ${outNow} 台设备未正常使用`);
        expect(c.note).toContain("本小时内该单位再有设备停用不再逐条通知");
        expect(c.note).toMatch(new RegExp(`/console/facilities\\?place=unit:${home}$`));
      }

      // the same request again (a retry): no switch, nothing more told
      const again = await patch("jly_anquan", DUTY_ROOM, { mode: "MAINTENANCE", reason: "更换电池" });
      expect(again.status).toBe(200);
      expect(await queued()).toEqual([]);

      // half an hour on, the bedroom's alarm out too (a maintenance day): switched and audited, no second notice
      if ((await modeOf(BEDROOM)) !== "NORMAL")
        expect((await patch("admin", BEDROOM, { mode: "NORMAL" })).status).toBe(200);
      clock.advance(30 * 60_000);
      t.clearTokens();
      expect((await patch("jly_anquan", BEDROOM, { mode: "MAINTENANCE", reason: "更换电池" })).status).toBe(200);
      expect(await modeOf(BEDROOM)).toBe("MAINTENANCE");
      expect(await queued()).toEqual([]);

      // the duty room's back in normal use: told at once, the other way, with what is still out
      const back = await patch("jly_anquan", DUTY_ROOM, { mode: "NORMAL" });
      expect(back.status).toBe(200);
      expect((await lastAudit()).after).toBe('{"mode":"NORMAL"}');
      const restored = await queued();
      toEach(restored);
      const stillOut = await outOfUse();
      expect(stillOut).toBeGreaterThan(0); // the bedroom's
      for (const n of restored) {
        expect(note(n).note).toMatch(/^SNR2026110001（.+）已恢复正常使用/);
        expect(note(n).note).toContain(`青石镇敬老院目前共有 ${stillOut} 台设备未正常使用`);
        expect(note(n).note).not.toContain("不报火警");
      }

      // in the same hour, the bedroom's back and out again: after a "back", an "out" is told, never left unsaid
      expect((await patch("jly_anquan", BEDROOM, { mode: "NORMAL" })).status).toBe(200);
      expect(await queued()).toEqual([]); // back again in a row: the last notice already said "back"
      expect((await patch("jly_anquan", BEDROOM, { mode: "MAINTENANCE", reason: "再次检修" })).status).toBe(200);
      const outAgain = await queued();
      toEach(outAgain);
      expect(note(outAgain[0]!).note).toMatch(/^SNR2026110002（.+）转为维护模式，不报火警（.+原因：再次检修）/);

      // an hour on, the next switch out is told again, though the last notice was one out
      clock.advance(3600_000);
      t.clearTokens(); // the clock moved past the access tokens' lifetime
      expect((await patch("jly_anquan", DUTY_ROOM, { mode: "MAINTENANCE", reason: "检修线路" })).status).toBe(200);
      const later = await queued();
      toEach(later);
      expect(note(later[0]!).note).toContain("检修线路");
    });
  });
}
