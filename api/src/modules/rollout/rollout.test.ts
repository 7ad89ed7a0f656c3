// The roll-out module on SQLite and PostgreSQL: phases as settings with where the county stands, stage
// history in step with the row, and one acceptance from start to end: the installer submits, the system's
// checks fail and list each failing device in words (offline, no test alarm since the install began), a
// resubmission after the fix passes and moves the unit to INSTALLED, the unit confirms, the supervisor
// returns it with a reason, it is submitted and confirmed again, accepted, and the unit is ACCEPTED; an old
// high-rise building likewise, confirmed by its property company. Every party is held to its role and its
// scope. What counts as online in the checks: acceptance-online.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma, StaffRole } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { errorCode, fixtures, JPEG, type StaffOptions } from "../../../../tests/support/rollout-fixtures.ts";
import { countyInstant } from "../../shared/county-time.ts";
import { UnitScopes } from "../units/unit-scope.ts";
import { putInService } from "../devices/device-service-mode.ts";
import { createRollout, type Rollout } from "./index.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`roll-out on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: Prisma;
    let f: ReturnType<typeof fixtures>;
    let dir: string;
    let r: Rollout;
    let township = "";
    /** devices the ingest path's cache was told of (putInService) */
    const forgotten: string[] = [];
    const clock = new ManualClock(countyInstant("2026-11-20", "09:00"));
    const ids: Record<string, string> = {};
    const as = (name: string) => ({ kind: "staff" as const, id: ids[name]! });
    const staff = async (name: string, role: StaffRole, o: StaffOptions = {}) => {
      ids[name] = await f.staff(name, role, o);
    };

    beforeAll(async () => {
      m = await openModuleDb(provider);
      prisma = m.db.prisma;
      dir = mkdtempSync(path.join(tmpdir(), "anxin-rollout-"));
      f = fixtures(prisma);
      township = await f.county();
      const inst = await prisma.serviceCompany.create({ data: { name: "智联安装", kind: "INSTALLER" } });
      const other = await prisma.serviceCompany.create({ data: { name: "别家安装", kind: "INSTALLER" } });
      const planned = { townshipId: township, rolloutStage: "PLANNED" } as const;
      ids.home = await f.unit("敬老院", { ...planned, creditCode: "12340000000000001A", installerCompanyId: inst.id });
      ids.school = await f.unit("中学", { ...planned, creditCode: "12340000000000002B" });
      await staff("周安装", "INSTALLER", { serviceCompanyId: inst.id });
      await staff("别家安装工", "INSTALLER", { serviceCompanyId: other.id });
      await staff("院长", "UNIT_RESPONSIBLE", { unitId: ids.home });
      await staff("校长", "UNIT_RESPONSIBLE", { unitId: ids.school });
      await staff("值班员", "CONTROL_ROOM_OPERATOR", { unitId: ids.home });
      await staff("孙队长", "FIRE_SUPERVISOR");
      await f.deviceModels([["SA", "SMOKE_ALARM", 1800]]);
      await f.device({ unitId: ids.home }, { id: "D1", name: "值班室感烟", mode: "INSTALLATION" });
      await f.device({ unitId: ids.home }, { id: "D2", name: "居室感烟", mode: "INSTALLATION" });
      r = createRollout({
        prisma,
        clock,
        unitScopes: new UnitScopes(prisma),
        photoDir: dir,
        putInService: (ids) => putInService(prisma, { invalidate: (id) => forgotten.push(id) }, ids),
      });
    }, 120_000);

    afterAll(async () => {
      await m?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("keeps the phases as settings and says where the county stands", async () => {
      expect(
        await errorCode(
          r.programme.setPhases(as("周安装"), [
            { code: "PILOT", name: "试点", startsOn: "2026-06-15", endsOn: "2026-07-31" },
          ]),
        ),
      ).toBe("FORBIDDEN");
      expect(
        await errorCode(
          r.programme.setPhases(as("孙队长"), [
            { code: "PILOT", name: "试点", startsOn: "2026-08-01", endsOn: "2026-07-31" },
          ]),
        ),
      ).toBe("VALIDATION_FAILED");
      const phases = await r.programme.setPhases(as("孙队长"), [
        { code: "PILOT", name: "试点", startsOn: "2026-06-15", endsOn: "2026-07-31" },
        { code: "FULL", name: "全面推开", startsOn: "2026-08-01", endsOn: "2026-11-30", targetPct: 50 },
        { code: "ACCEPTANCE", name: "验收", startsOn: "2026-12-01", endsOn: "2026-12-31" },
      ]);
      expect(phases.map((p) => [p.code, p.status])).toEqual([
        ["PILOT", "DONE"],
        ["FULL", "CURRENT"],
        ["ACCEPTANCE", "UPCOMING"],
      ]);
      const o = await r.programme.overview(as("孙队长"));
      expect(o.current?.code).toBe("FULL");
      expect(o.units.byStage.PLANNED).toBe(2);
      // an installer's overview holds only its company's unit; a unit's person only their own
      expect((await r.programme.overview(as("周安装"))).unitList.map((u) => u.id)).toEqual([ids.home]);
      expect((await r.programme.overview(as("校长"))).unitList.map((u) => u.id)).toEqual([ids.school]);
    });

    it("records stages with their history; ACCEPTED only through acceptance; an installer only installs", async () => {
      expect(await errorCode(r.programme.setStage(as("周安装"), "UNIT", ids.home!, "SURVEYED"))).toBe("FORBIDDEN");
      expect(await errorCode(r.programme.setStage(as("孙队长"), "UNIT", ids.home!, "ACCEPTED"))).toBe("CONFLICT");
      expect(await errorCode(r.programme.setStage(as("别家安装工"), "UNIT", ids.home!, "INSTALLING"))).toBe(
        "NOT_FOUND",
      );
      const h = await r.programme.setStage(as("周安装"), "UNIT", ids.home!, "INSTALLING", "进场安装");
      expect(h.stage).toBe("INSTALLING");
      expect(h.changes.map((c) => [c.stage, c.by, c.note])).toEqual([["INSTALLING", "周安装", "进场安装"]]);
      const row = await prisma.networkedUnit.findUniqueOrThrow({ where: { id: ids.home! } });
      expect(row.rolloutStage).toBe("INSTALLING");
      expect(row.rolloutStageAt?.toISOString()).toBe(clock.now().toISOString());
      const plan = await r.programme.setPlan(as("孙队长"), "UNIT", ids.home!, [
        { deviceKind: "SMOKE_ALARM", planned: 2 },
      ]);
      expect(plan.plan).toEqual([
        { deviceKind: "SMOKE_ALARM", label: "独立式感烟火灾探测报警器", planned: 2, installed: 2 },
      ]);
    });

    let acceptanceId = "";
    it("the installer submits; the system's checks fail and name each failing device", async () => {
      // a test alarm from before the install began does not count
      await prisma.deviceEvent.create({
        data: {
          deviceId: "D2",
          msgId: "old",
          type: "test_alarm",
          ts: countyInstant("2026-11-01", "10:00"),
          receivedAt: countyInstant("2026-11-01", "10:00"),
          payload: "{}",
        },
      });
      clock.advance(3600_000);
      const photo = await r.acceptance.photos.add(JPEG);
      expect(await errorCode(r.acceptance.photos.add(Buffer.from("not an image")))).toBe("VALIDATION_FAILED");
      const input = {
        subject: "UNIT" as const,
        subjectId: ids.home!,
        installed: [{ kind: "SMOKE_ALARM", count: 2 }],
        photos: [photo.id],
      };
      expect(await errorCode(r.acceptance.submit(as("别家安装工"), input))).toBe("NOT_FOUND");
      expect(await errorCode(r.acceptance.submit(as("院长"), input))).toBe("FORBIDDEN");
      const a = await r.acceptance.submit(as("周安装"), input);
      acceptanceId = a.id;
      expect(a.status).toBe("CHECKS_FAILED");
      expect(a.checks.problems).toEqual([
        "值班室感烟（编号 SN-D1）不在线",
        "值班室感烟（编号 SN-D1）自安装开始以来，监控中心没有收到它的测试报警",
        "居室感烟（编号 SN-D2）不在线",
        "居室感烟（编号 SN-D2）自安装开始以来，监控中心没有收到它的测试报警",
      ]);
      expect(a.photos).toEqual([`/api/rollout/acceptances/${a.id}/photos/0`]);
      expect((await r.acceptance.photo(as("院长"), a.id, 0)).contentType).toBe("image/jpeg");
      expect(await errorCode(r.acceptance.photo(as("校长"), a.id, 0))).toBe("NOT_FOUND");
      // nobody confirms what failed its checks
      expect(await errorCode(r.acceptance.confirm(as("院长"), a.id))).toBe("CONFLICT");
      expect((await prisma.networkedUnit.findUniqueOrThrow({ where: { id: ids.home! } })).rolloutStage).toBe(
        "INSTALLING",
      );
    });

    it("fixed and resubmitted, the checks pass and the unit is INSTALLED", async () => {
      // D1 comes online and its test alarm reaches the centre; D2 is online but still silent
      const now = clock.now();
      await prisma.deviceStatus.createMany({
        data: [
          { deviceId: "D1", online: true, lastSeenAt: now },
          { deviceId: "D2", online: true, lastSeenAt: now },
        ],
      });
      await prisma.deviceEvent.create({
        data: { deviceId: "D1", msgId: "t1", type: "test_alarm", ts: now, receivedAt: now, payload: "{}" },
      });
      const input = {
        subject: "UNIT" as const,
        subjectId: ids.home!,
        installed: [{ kind: "SMOKE_ALARM", count: 2 }],
        photos: [],
      };
      const again = await r.acceptance.submit(as("周安装"), input);
      expect(again.id).toBe(acceptanceId);
      expect(again.attempt).toBe(2);
      expect(again.status).toBe("CHECKS_FAILED");
      expect(again.checks.problems).toEqual(["居室感烟（编号 SN-D2）自安装开始以来，监控中心没有收到它的测试报警"]);
      // a detector tried with test smoke while in service raised a fire alarm: that counts as well
      await prisma.alarm.create({
        data: {
          deviceId: "D2",
          unitId: ids.home!,
          kind: "FIRE",
          severity: "CRITICAL",
          startedAt: now,
          lastEventAt: now,
        },
      });
      const passed = await r.acceptance.submit(as("周安装"), input);
      expect(passed.status).toBe("SUBMITTED");
      expect(passed.attempt).toBe(3);
      expect(passed.checks.problems).toEqual([]);
      expect(passed.checks.devices.every((d) => d.online && d.testAlarmSeen)).toBe(true);
      expect((await prisma.networkedUnit.findUniqueOrThrow({ where: { id: ids.home! } })).rolloutStage).toBe(
        "INSTALLED",
      );
      // tested in installation mode (no fire alarm raised), handed over in service: both protect the home now, and
      // the ingest path's cache was told
      const modes = await prisma.device.findMany({ where: { id: { in: ["D1", "D2"] } }, select: { mode: true } });
      expect(modes.map((d) => d.mode)).toEqual(["NORMAL", "NORMAL"]);
      expect(forgotten).toEqual(expect.arrayContaining(["D1", "D2"]));
      const history = await prisma.rolloutStageChange.findFirstOrThrow({
        where: { subjectId: ids.home!, stage: "INSTALLED" },
      });
      expect(history.note).toBe("系统检测通过，提交验收；2 台设备由安装模式转为正常使用");
      expect(await errorCode(r.acceptance.submit(as("周安装"), input))).toBe("CONFLICT");
    });

    it("the unit confirms, the supervisor returns with a reason, then accepts the second time", async () => {
      expect(await errorCode(r.acceptance.confirm(as("校长"), acceptanceId))).toBe("NOT_FOUND");
      expect(await errorCode(r.acceptance.confirm(as("值班员"), acceptanceId))).toBe("FORBIDDEN");
      expect(await errorCode(r.acceptance.accept(as("孙队长"), acceptanceId))).toBe("CONFLICT"); // the unit first
      const confirmed = await r.acceptance.confirm(as("院长"), acceptanceId);
      expect(confirmed.status).toBe("UNIT_CONFIRMED");
      expect(confirmed.unitConfirmed?.name).toBe("院长");
      const returned = await r.acceptance.returnIt(as("孙队长"), acceptanceId, "缺少二层居室的安装照片");
      expect(returned.status).toBe("RETURNED");
      expect(returned.returned?.reason).toBe("缺少二层居室的安装照片");
      const photo = await r.acceptance.photos.add(JPEG);
      const resubmitted = await r.acceptance.submit(as("周安装"), {
        subject: "UNIT",
        subjectId: ids.home!,
        installed: [{ kind: "SMOKE_ALARM", count: 2 }],
        photos: [photo.id],
      });
      expect(resubmitted.status).toBe("SUBMITTED");
      expect(resubmitted.unitConfirmed).toBeNull(); // the unit confirms again what it now sees
      await r.acceptance.confirm(as("院长"), acceptanceId);
      clock.advance(3600_000);
      const accepted = await r.acceptance.accept(as("孙队长"), acceptanceId);
      expect(accepted.status).toBe("ACCEPTED");
      expect([accepted.submitted.name, accepted.unitConfirmed?.name, accepted.accepted?.name]).toEqual([
        "周安装",
        "院长",
        "孙队长",
      ]);
      expect(accepted.accepted?.at).toBe(clock.now().toISOString());
      const unit = await prisma.networkedUnit.findUniqueOrThrow({ where: { id: ids.home! } });
      expect(unit.rolloutStage).toBe("ACCEPTED");
      const h = await r.programme.history(as("孙队长"), "UNIT", ids.home!);
      expect(h.changes.map((c) => c.stage)).toEqual(["INSTALLING", "INSTALLED", "ACCEPTED"]);
      expect(await errorCode(r.acceptance.returnIt(as("孙队长"), acceptanceId, "再看看"))).toBe("CONFLICT");
      expect(await errorCode(r.programme.setStage(as("孙队长"), "UNIT", ids.home!, "INSTALLING"))).toBe("CONFLICT");
    });

    it("an old high-rise building: the installer who submits claims it, its property company confirms", async () => {
      const company = await prisma.propertyCompany.create({ data: { name: "安居物业" } });
      const otherCompany = await prisma.propertyCompany.create({ data: { name: "祥和物业" } });
      const community = await f.community("幸福小区", {
        townshipId: township,
        address: "人民路 1 号",
        propertyCompanyId: company.id,
      });
      const building = await f.building(community, "1号楼", { floors: 18, oldHighRise: true, rolloutStage: "PLANNED" });
      await f.device({ householdId: await building.home("301") }, { id: "H1", name: "301 客厅烟感" });
      await staff("刘经理", "PROPERTY_MANAGER", { propertyCompanyId: company.id });
      await staff("周经理", "PROPERTY_MANAGER", { propertyCompanyId: otherCompany.id });
      // planned, not being installed: no installer sees it yet
      expect(await errorCode(r.programme.history(as("周安装"), "BUILDING", building.id))).toBe("NOT_FOUND");
      await r.programme.setStage(as("孙队长"), "BUILDING", building.id, "INSTALLING");
      clock.advance(60_000);
      await prisma.deviceStatus.create({ data: { deviceId: "H1", online: true, lastSeenAt: clock.now() } });
      await prisma.deviceEvent.create({
        data: {
          deviceId: "H1",
          msgId: "t",
          type: "test_alarm",
          ts: clock.now(),
          receivedAt: clock.now(),
          payload: "{}",
        },
      });
      const input = {
        subject: "BUILDING" as const,
        subjectId: building.id,
        installed: [{ kind: "SMOKE_ALARM", count: 1 }],
        photos: [],
      };
      const a = await r.acceptance.submit(as("周安装"), input);
      expect([a.status, a.subjectName, a.checks.devices.length]).toEqual(["SUBMITTED", "幸福小区 1号楼", 1]);
      // claimed: the other installer no longer sees it
      expect(await errorCode(r.acceptance.get(as("别家安装工"), a.id))).toBe("NOT_FOUND");
      expect(await errorCode(r.acceptance.confirm(as("周经理"), a.id))).toBe("NOT_FOUND");
      expect(await errorCode(r.acceptance.confirm(as("院长"), a.id))).toBe("NOT_FOUND");
      const confirmed = await r.acceptance.confirm(as("刘经理"), a.id);
      expect(confirmed.unitConfirmed?.name).toBe("刘经理");
      await r.acceptance.accept(as("孙队长"), a.id);
      expect((await prisma.building.findUniqueOrThrow({ where: { id: building.id } })).rolloutStage).toBe("ACCEPTED");
      const o = await r.programme.overview(as("刘经理"));
      expect([o.buildings.households, o.buildings.householdsDone, o.buildings.pct]).toEqual([1, 1, 100]);
      expect((await r.programme.overview(as("周经理"))).buildingList).toEqual([]);
    });

    it("lists acceptances only within each caller's scope", async () => {
      expect((await r.acceptance.list(as("院长"))).map((a) => a.id)).toEqual([acceptanceId]);
      expect((await r.acceptance.list(as("周安装"))).map((a) => a.subjectName).sort()).toEqual([
        "幸福小区 1号楼",
        "敬老院",
      ]);
      expect((await r.acceptance.list(as("刘经理"))).map((a) => a.subjectName)).toEqual(["幸福小区 1号楼"]);
      expect(await r.acceptance.list(as("校长"))).toEqual([]);
      expect(await r.acceptance.list(as("别家安装工"))).toEqual([]);
      expect(await errorCode(r.acceptance.get(as("校长"), acceptanceId))).toBe("NOT_FOUND");
      expect((await r.acceptance.list(as("孙队长"), { status: "ACCEPTED" })).length).toBe(2);
    });
  });
}
