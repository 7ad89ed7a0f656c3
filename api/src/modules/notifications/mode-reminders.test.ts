// The daily reminder of devices left out of normal use (mode-reminders.ts), on both engines with a ManualClock:
// devices out of NORMAL for more than a day are told once a county day, one notice per responsible person (on
// screen and by SMS) with their count and where to look; a device back in use or out for 2 hours is not; two
// instances, or the same day run again, queue nothing twice; the property company's other staff, a disabled
// manager, another company's manager, a unit's control room and another unit's people are not told; a day whose
// hours are over is skipped, the next one sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import type { StaffRole } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { createLogger } from "../../shared/logger.ts";
import { NoticeService } from "./notices.ts";
import { OutboxRepository } from "./outbox-repository.ts";
import { RecipientDirectory } from "./recipients.ts";
import { TimerRepository } from "./timer-repository.ts";
import { modeChangeRow } from "../devices/device-service-mode.ts";
import { ModeReminders, modeReminderScope } from "./mode-reminders.ts";

const HOUR = 3600_000;
const log = createLogger("silent");

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the reminder of devices out of normal use on ${provider}`, () => {
    let m: ModuleDb;
    // 09:00 in the county on 2026-11-20
    const clock = new ManualClock(Date.UTC(2026, 10, 20, 1, 0));
    const ago = (h: number) => new Date(clock.now().getTime() - h * HOUR);
    const staff: Record<string, string> = {};
    let unitOne = "";

    const instance = (owner: string) => {
      const p = m.db.prisma;
      const outbox = new OutboxRepository(p, m.db.driver);
      const notices = new NoticeService(outbox, new RecipientDirectory(p), clock, "tmpl-reminder", () => undefined);
      const timers = new TimerRepository(p, m.db.driver);
      return new ModeReminders({ prisma: p, timers, notices, clock, log, owner, baseUrl: "https://anxin.example" });
    };
    /** the day's rows by person: their channels and the note they read */
    const told = async (day: string) => {
      const rows = await m.db.prisma.notification.findMany({
        where: { dedupeKey: { startsWith: `${modeReminderScope(day)}:` } },
        orderBy: { dedupeKey: "asc" },
      });
      const by = new Map<string, { channels: string[]; note: string; address: string }>();
      const name = new Map(Object.entries(staff).map(([k, id]) => [`staff:${id}`, k]));
      for (const r of rows) {
        const who = name.get(r.recipient) ?? r.recipient;
        const content = (JSON.parse(r.payload) as { content: { note: string; address: string } }).content;
        const e = by.get(who) ?? { channels: [], note: content.note, address: content.address };
        e.channels.push(r.channel);
        expect(e.note).toBe(content.note); // one notice, the same on each channel
        by.set(who, e);
      }
      return by;
    };

    beforeAll(async () => {
      m = await openModuleDb(provider);
      const p = m.db.prisma;
      const county = await p.county.create({ data: { code: "360199", name: "示范县" } });
      const town = await p.township.create({ data: { countyId: county.id, name: "城关镇", kind: "TOWN" } });
      const company = async (name: string) => (await p.propertyCompany.create({ data: { name } })).id;
      const [anju, xianghe] = [await company("安居物业"), await company("祥和物业")];
      const community = async (name: string, propertyCompanyId: string | null) =>
        (
          await p.community.create({
            data: { townshipId: town.id, name, address: `${name}路 1 号`, propertyCompanyId },
          })
        ).id;
      const [xingfu, heping, lone] = [
        await community("幸福小区", anju),
        await community("和平花园", xianghe),
        await community("无物业小区", null),
      ];
      const building = await p.building.create({ data: { communityId: xingfu, name: "1号楼", floors: 18 } });
      const stair = await p.unit.create({ data: { buildingId: building.id, name: "1单元" } });
      const home = async (roomNo: string) =>
        (await p.household.create({ data: { unitId: stair.id, roomNo, floor: Number(roomNo.slice(0, -2)) } })).id;
      const networked = async (name: string, code: string) =>
        (
          await p.networkedUnit.create({
            data: {
              townshipId: town.id,
              name,
              creditCode: `12360199MB${code}`.padEnd(18, "0"),
              category: "NURSING_HOME",
              sector: "CIVIL_AFFAIRS",
              address: `${name}路 8 号`,
            },
          })
        ).id;
      unitOne = await networked("青石镇敬老院", "1");
      const unitTwo = await networked("城关商场", "2");
      const person = async (
        key: string,
        role: StaffRole,
        at: { company?: string; unit?: string; active?: boolean; phone?: boolean },
      ) => {
        const s = await p.staffUser.create({
          data: {
            username: key,
            name: key,
            role,
            phone: at.phone === false ? null : `139${String(Object.keys(staff).length).padStart(8, "0")}`,
            propertyCompanyId: at.company ?? null,
            active: at.active ?? true,
            ...(at.unit ? { units: { create: { unitId: at.unit } } } : {}),
          },
        });
        staff[key] = s.id;
      };
      await person("manager_a", "PROPERTY_MANAGER", { company: anju });
      await person("manager_a2", "PROPERTY_MANAGER", { company: anju, phone: false });
      await person("staff_a", "PROPERTY_STAFF", { company: anju });
      await person("manager_a_left", "PROPERTY_MANAGER", { company: anju, active: false });
      await person("manager_b", "PROPERTY_MANAGER", { company: xianghe });
      await person("u1_zeren", "UNIT_RESPONSIBLE", { unit: unitOne });
      await person("u1_guanli", "UNIT_MANAGER", { unit: unitOne });
      await person("u1_anquan", "UNIT_SAFETY_OFFICER", { unit: unitOne });
      await person("u1_zhiban", "CONTROL_ROOM_OPERATOR", { unit: unitOne });
      await person("u2_anquan", "UNIT_SAFETY_OFFICER", { unit: unitTwo });
      await person("supervisor", "FIRE_SUPERVISOR", {});

      await p.deviceModel.create({
        data: { id: "AX-MR1", kind: "SMOKE_ALARM", vendor: "安心", name: "测试烟感", heartbeatIntervalSec: 3600 },
      });
      const device = async (
        id: string,
        place: { communityId?: string; householdId?: string; unitId?: string; name?: string; room?: string },
        mode: "NORMAL" | "INSTALLATION" | "MAINTENANCE",
        registeredHoursAgo: number,
        switches: [number, "NORMAL" | "INSTALLATION" | "MAINTENANCE", "NORMAL" | "INSTALLATION" | "MAINTENANCE"][] = [],
      ) => {
        await p.device.create({
          data: {
            id,
            serial: `SN-${id}`,
            modelId: "AX-MR1",
            secretHash: "x",
            mode,
            registeredAt: ago(registeredHoursAgo),
            ...place,
          },
        });
        for (const [h, from, to] of switches)
          await p.auditEvent.create({
            data: modeChangeRow({ actor: `staff:${staff.manager_a}`, deviceId: id, from, to, reason: "检修" }, ago(h)),
          });
      };
      // 幸福小区 (安居物业): out 25 h, registered out 30 h ago, out 26 h (installation, then maintenance 3 h ago)
      await device(
        "mr-a1",
        { communityId: xingfu, householdId: await home("1203"), room: "厨房" },
        "MAINTENANCE",
        900,
        [[25, "NORMAL", "MAINTENANCE"]],
      );
      await device("mr-a2", { communityId: xingfu, householdId: await home("502"), room: "客厅" }, "INSTALLATION", 30);
      await device("mr-a5", { communityId: xingfu, name: "1号楼楼梯间" }, "MAINTENANCE", 900, [
        [26, "NORMAL", "INSTALLATION"],
        [3, "INSTALLATION", "MAINTENANCE"],
      ]);
      // out only 2 hours; back in normal use after 30 hours out; in use all along
      await device("mr-a3", { communityId: xingfu, householdId: await home("801") }, "MAINTENANCE", 900, [
        [2, "NORMAL", "MAINTENANCE"],
      ]);
      await device("mr-a4", { communityId: xingfu, householdId: await home("901") }, "NORMAL", 900, [
        [30, "NORMAL", "MAINTENANCE"],
        [1, "MAINTENANCE", "NORMAL"],
      ]);
      await device("mr-a6", { communityId: xingfu, householdId: await home("1001") }, "NORMAL", 900);
      // 和平花园 (祥和物业) and 城关商场: out only 2 hours
      await device("mr-b1", { communityId: heping }, "MAINTENANCE", 900, [[2, "NORMAL", "MAINTENANCE"]]);
      await device("mr-u2", { unitId: unitTwo }, "MAINTENANCE", 900, [[2, "NORMAL", "MAINTENANCE"]]);
      // the nursing home: installing for 26 hours
      await device("mr-u1", { unitId: unitOne, name: "二层老人居室感烟报警器" }, "INSTALLATION", 26);
      // nobody answers for these: a community without a property company, a device in stock
      await device("mr-x1", { communityId: lone }, "INSTALLATION", 30);
      await device("mr-s1", {}, "INSTALLATION", 40);
    });
    afterAll(() => m?.close());

    it("tells each responsible person once with their count, and nobody out of scope", async () => {
      const one = instance("one");
      expect(await one.runDue()).toBe(1); // the day's timer
      const day = await told("2026-11-20");
      expect([...day.keys()].sort()).toEqual(["manager_a", "manager_a2", "u1_anquan", "u1_guanli", "u1_zeren"]);
      // on screen and by SMS; without a phone, on screen only
      expect(day.get("manager_a")!.channels.sort()).toEqual(["PUSH", "SMS"]);
      expect(day.get("manager_a2")!.channels).toEqual(["PUSH"]);
      for (const who of ["manager_a", "manager_a2"]) {
        const n = day.get(who)!;
        expect(n.address).toBe("幸福小区");
        expect(n.note).toMatch(/^3 台设备未正常使用已超过 1 天，不会发出火警，请尽快恢复：/);
        // the longest out first, where each is, its mode; the console's list of them
        expect(n.note).toContain("1号楼 1单元 502 客厅（安装中已超过 1 天）；1号楼楼梯间（维护中已超过 1 天）；");
        expect(n.note).toContain("1号楼 1单元 1203 厨房（维护中已超过 1 天）");
        expect(n.note).toContain("https://anxin.example/console/devices?outOfService=true");
        expect(n.note).not.toMatch(/801|901|1001/);
      }
      for (const who of ["u1_zeren", "u1_guanli", "u1_anquan"]) {
        const n = day.get(who)!;
        expect(n.address).toBe("青石镇敬老院");
        expect(n.note).toMatch(/^1 台设备未正常使用已超过 1 天.*二层老人居室感烟报警器（安装中已超过 1 天）/);
        expect(n.note).toContain(`查看消防设施：https://anxin.example/console/facilities?place=unit:${unitOne}`);
      }
    });

    it("queues nothing more for the same day: run again, on another instance, or two at once", async () => {
      const before = await m.db.prisma.notification.count();
      const [one, two] = [instance("one"), instance("two")];
      expect(await two.runDue()).toBe(0); // the day's timer is done; tomorrow's is not due
      const again = await Promise.all([one.remind("2026-11-20"), two.remind("2026-11-20")]);
      expect(again.map((r) => [r.devices, r.people, r.queued])).toEqual([
        [5, 5, 0],
        [5, 5, 0],
      ]);
      expect(await m.db.prisma.notification.count()).toBe(before);
    });

    it("the next day, two instances at once: one notice each, counting the devices now out past a day", async () => {
      clock.advance(24 * HOUR);
      const [one, two] = [instance("one"), instance("two")];
      const ran = await Promise.all([one.runDue(), two.runDue()]);
      expect(ran.sort()).toEqual([0, 1]);
      const day = await told("2026-11-21");
      expect([...day.keys()].sort()).toEqual([
        "manager_a",
        "manager_a2",
        "manager_b",
        "u1_anquan",
        "u1_guanli",
        "u1_zeren",
        "u2_anquan",
      ]);
      expect(day.get("manager_a")!.channels.sort()).toEqual(["PUSH", "SMS"]);
      expect(day.get("manager_a")!.note).toMatch(/^4 台设备/);
      expect(day.get("manager_a")!.note).toContain("（维护中已超过 2 天）");
      expect(day.get("manager_a")!.note).toContain(" 等 4 台。");
      expect(day.get("manager_b")!.note).toMatch(/^1 台设备/);
      expect(day.get("u2_anquan")!.note).toMatch(/^1 台设备/);
    });

    it("skips a day whose hours are over (nothing at night) and sends the next day's at 09:00", async () => {
      clock.set(new Date(Date.UTC(2026, 10, 22, 13, 30))); // 21:30 in the county: 11-22's timer is late
      expect(await instance("three").runDue()).toBe(1);
      expect((await told("2026-11-22")).size).toBe(0);
      clock.set(new Date(Date.UTC(2026, 10, 23, 1, 0)));
      expect(await instance("three").runDue()).toBe(1);
      expect((await told("2026-11-23")).size).toBe(7);
    });
  });
}
