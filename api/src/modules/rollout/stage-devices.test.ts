// Where a subject's stage and its devices disagree, on SQLite and PostgreSQL: each kind of disagreement in
// the programme's lists with its words (accepted or installed with no device registered, or none online by
// the command wall's rule for a unit and by the homes' coverage rule for a building; still before 已安装 with
// a device online now that was heard days ago), none where the stage and the devices agree, the counts on the
// summary, the filter, and each caller's scope (a township's coordinator sees and counts only its own); each
// subject's own page says the same, and the monthly dispatch counts the same subjects for its scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma, RolloutStage, StaffRole } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { countyInstant } from "../../shared/county-time.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { fixtures, markHeard } from "../../../../tests/support/rollout-fixtures.ts";
import { DispatchService } from "../dispatch/dispatch-service.ts";
import { UnitScopes } from "../units/unit-scope.ts";
import { putInService } from "../devices/device-service-mode.ts";
import { countStageMismatches, createRollout, type Rollout } from "./index.ts";

const DAY = 86_400_000;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a stage its devices contradict, on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: Prisma;
    let r: Rollout;
    const clock = new ManualClock(countyInstant("2026-11-20", "09:00"));
    const ids: Record<string, string> = {};
    const as = (name: string) => ({ kind: "staff" as const, id: ids[name]! });

    beforeAll(async () => {
      m = await openModuleDb(provider);
      prisma = m.db.prisma;
      const f = fixtures(prisma, { clock });
      const town = await f.county();
      const other = await f.township("青石镇");
      await f.deviceModels([
        ["SA", "SMOKE_ALARM", 1800],
        ["UITD", "UITD", 300],
        ["CAM", "CAMERA", 60],
        ["MCP", "MANUAL_CALL_POINT", 1800],
      ]);
      const device = f.device;
      const unit = async (
        key: string,
        rolloutStage: RolloutStage,
        o: { townshipId?: string; active?: boolean } = {},
      ) => {
        const id = await f.unit(key, { townshipId: town, rolloutStage, ...o });
        ids[key] = id;
        return id;
      };
      const home = await f.community("幸福小区", { townshipId: town, address: "人民路" });
      const away = await f.community("青石新村", { townshipId: other, address: "青石路" });
      const building = async (key: string, rolloutStage: RolloutStage, communityId = home) => {
        const b = await f.building(communityId, key, { floors: 18, oldHighRise: true, rolloutStage });
        ids[key] = b.id;
        return b;
      };

      // units: the wall's rule (cameras aside; online = online with a lastSeenAt)
      await unit("accepted-nothing", "ACCEPTED");
      await device({ unitId: await unit("accepted-camera-only", "ACCEPTED") }, { model: "CAM", seen: 0 });
      const dark = await unit("installed-dark", "INSTALLED");
      await device({ unitId: dark }, { model: "UITD", online: false, seen: 2 * DAY });
      await device({ unitId: dark }, { seen: null }); // registered, never connected
      const fine = await unit("accepted-fine", "ACCEPTED");
      await device({ unitId: fine }, { model: "UITD", seen: 60_000, firstHeard: 30 * DAY });
      await device({ unitId: fine }, { online: false, seen: DAY });
      await device({ unitId: await unit("installing-for-days", "INSTALLING") }, { seen: 60_000, firstHeard: 4 * DAY });
      await device({ unitId: await unit("installing-today", "INSTALLING") }, { seen: 60_000, firstHeard: DAY / 2 });
      // still being installed, as it should be: a detector tested for days in installation mode, and one heard only
      // today whose one old row is the app's own (a handover), not anything it sent
      await device(
        { unitId: await unit("installing-test-mode", "INSTALLING") },
        { seen: 60_000, firstHeard: 4 * DAY, mode: "INSTALLATION" },
      );
      const handed = await device({ unitId: await unit("installing-handed-over", "INSTALLING") }, { seen: 60_000 });
      const handedAt = new Date(clock.now().getTime() - 4 * DAY);
      await prisma.deviceEvent.create({
        data: {
          deviceId: handed,
          msgId: "app-handover",
          type: "handover",
          source: "app",
          ts: handedAt,
          receivedAt: handedAt,
          payload: "{}",
        },
      });
      await device({ unitId: await unit("not-started-live", "NOT_STARTED") }, { seen: 60_000, firstHeard: 10 * DAY });
      await device({ unitId: await unit("planned-gone-quiet", "PLANNED") }, { online: false, seen: 5 * DAY });
      await unit("closed-accepted-nothing", "ACCEPTED", { active: false });
      await unit("elsewhere-accepted-nothing", "ACCEPTED", { townshipId: other });

      // buildings: the homes' coverage rule (a working smoke alarm heard within its model's heartbeat window)
      // accepted with only a camera: no device of its own (cameras aside, as the acceptance checks it)
      await device({ buildingId: (await building("1号楼", "ACCEPTED")).id }, { model: "CAM", seen: 0 });
      const stale = await building("2号楼", "INSTALLED");
      // online by its flag, but silent past its window (1800 s x 2): no home covered; a shared call point online
      await device({ householdId: await stale.home("201") }, { seen: 3 * 3600_000, firstHeard: 20 * DAY });
      await device({ buildingId: stale.id }, { model: "MCP", seen: 60_000 });
      const covered = await building("3号楼", "ACCEPTED");
      await device({ householdId: await covered.home("301") }, { seen: 60_000, firstHeard: 20 * DAY });
      await device({ householdId: await covered.home("302") }, { online: false, seen: 2 * DAY });
      const early = await building("4号楼", "INSTALLING");
      await device({ householdId: await early.home("401") }, { seen: 60_000, firstHeard: 5 * DAY });
      const trying = await building("5号楼", "INSTALLING");
      await device({ householdId: await trying.home("501") }, { seen: 60_000, firstHeard: 2 * DAY });
      await building("6号楼", "ACCEPTED", away);

      const staff = async (name: string, role: StaffRole, o: { townshipId?: string; unitId?: string } = {}) => {
        ids[name] = await f.staff(name, role, o);
      };
      await staff("孙队长", "FIRE_SUPERVISOR");
      await staff("城关协调员", "TOWNSHIP_COORDINATOR", { townshipId: town });
      await staff("院长", "UNIT_RESPONSIBLE", { unitId: dark });
      r = createRollout({
        prisma,
        clock,
        unitScopes: new UnitScopes(prisma),
        photoDir: "/nonexistent",
        putInService: (ids) => putInService(prisma, null, ids),
      });
    }, 120_000);

    afterAll(() => m?.close());

    const flags = (list: { name: string; mismatch: { kind: string; text: string } | null }[]) =>
      Object.fromEntries(list.filter((x) => x.mismatch).map((x) => [x.name, x.mismatch!.text]));

    it("flags each kind of disagreement in words, and nothing where the stage and the devices agree", async () => {
      const o = await r.programme.overview(as("孙队长"));
      expect(flags(o.unitList)).toEqual({
        "accepted-nothing": "已验收，但未接入任何设备",
        "accepted-camera-only": "已验收，但未接入任何设备",
        "installed-dark": "已安装待验收，但设备全部离线",
        "installing-for-days": "设备已上线多日，阶段仍为安装中",
        "not-started-live": "设备已上线多日，阶段仍为未开始",
        "elsewhere-accepted-nothing": "已验收，但未接入任何设备",
      });
      expect(o.unitList.find((u) => u.name === "installed-dark")?.mismatch?.kind).toBe("ALL_OFFLINE");
      expect(o.unitList.find((u) => u.name === "installing-for-days")?.mismatch?.kind).toBe("ONLINE_EARLY");
      for (const agree of [
        "accepted-fine",
        "installing-today",
        "planned-gone-quiet",
        "installing-test-mode",
        "installing-handed-over",
      ])
        expect(o.unitList.find((u) => u.name === agree)?.mismatch, agree).toBeNull();
      expect(flags(o.buildingList)).toEqual({
        "1号楼": "已验收，但未接入任何设备",
        "2号楼": "已安装待验收，但没有一户烟感在线可用",
        "4号楼": "设备已上线多日，阶段仍为安装中",
        "6号楼": "已验收，但未接入任何设备",
      });
      expect(o.buildingList.find((b) => b.name === "2号楼")?.mismatch?.kind).toBe("NONE_COVERED");
      for (const agree of ["3号楼", "5号楼"])
        expect(o.buildingList.find((b) => b.name === agree)?.mismatch, agree).toBeNull();
      // the summary counts them (the closed unit is not in the programme at all)
      expect([o.units.mismatched, o.buildings.mismatched]).toEqual([6, 4]);
    });

    it("lists only the flagged on request; the counts stay the whole scope's", async () => {
      const all = await r.programme.overview(as("孙队长"));
      const o = await r.programme.overview(as("孙队长"), { onlyMismatched: true });
      expect(o.unitList.map((u) => u.name).sort()).toEqual(Object.keys(flags(all.unitList)).sort());
      expect(o.buildingList.map((b) => b.name).sort()).toEqual(["1号楼", "2号楼", "4号楼", "6号楼"]);
      expect(o.unitList.every((u) => u.mismatch)).toBe(true);
      expect([o.units.total, o.units.mismatched, o.buildings.total]).toEqual([
        all.units.total,
        all.units.mismatched,
        all.buildings.total,
      ]);
    });

    it("stays within the caller's scope", async () => {
      const town = await r.programme.overview(as("城关协调员"), { onlyMismatched: true });
      expect(town.unitList.map((u) => u.name)).not.toContain("elsewhere-accepted-nothing");
      expect(town.buildingList.map((b) => b.name).sort()).toEqual(["1号楼", "2号楼", "4号楼"]);
      expect([town.units.mismatched, town.buildings.mismatched]).toEqual([5, 3]);
      // a unit's own person: their unit, and no buildings
      const own = await r.programme.overview(as("院长"));
      expect(flags(own.unitList)).toEqual({ "installed-dark": "已安装待验收，但设备全部离线" });
      expect([own.units.mismatched, own.buildings.mismatched, own.buildingList.length]).toEqual([1, 0, 0]);
    });

    it("says the same on each subject's own page", async () => {
      const o = await r.programme.overview(as("孙队长"));
      for (const u of o.unitList)
        expect((await r.programme.history(as("孙队长"), "UNIT", u.id)).mismatch, u.name).toEqual(u.mismatch);
      for (const b of o.buildingList)
        expect((await r.programme.history(as("孙队长"), "BUILDING", b.id)).mismatch, b.name).toEqual(b.mismatch);
      const dark = await r.programme.history(as("院长"), "UNIT", ids["installed-dark"]!);
      expect(dark.mismatch).toEqual({ kind: "ALL_OFFLINE", text: "已安装待验收，但设备全部离线" });
    });

    it("the monthly dispatch counts the same subjects as 推进计划, in each scope", async () => {
      // as the composition root wires it (app-context.ts)
      const dispatch = new DispatchService(prisma, new UnitScopes(prisma), clock, (scope, now) =>
        countStageMismatches(prisma, scope, now),
      );
      const county = await dispatch.monthly(as("孙队长"));
      expect(county.stageMismatch).toEqual({ units: 6, buildings: 4 });
      expect((await dispatch.monthly(as("城关协调员"))).stageMismatch).toEqual({ units: 5, buildings: 3 });
      // a month archived before the count existed says it has none, rather than 0
      const { stageMismatch: _, ...old } = county;
      await prisma.monthlyDispatchSnapshot.create({
        data: { month: "2026-10", figures: JSON.stringify({ ...old, month: "2026-10" }), generatedAt: clock.now() },
      });
      expect((await dispatch.monthly(as("孙队长"), "2026-10")).stageMismatch).toBeNull();
    });

    it("follows the devices: the stale alarm reports again, the early unit is recorded installed", async () => {
      const stale = await prisma.device.findFirstOrThrow({ where: { household: { is: { roomNo: "201" } } } });
      await markHeard(prisma, stale.id, clock.now());
      await r.programme.setStage(as("孙队长"), "UNIT", ids["installing-for-days"]!, "INSTALLED");
      const o = await r.programme.overview(as("孙队长"));
      expect(o.buildingList.find((b) => b.name === "2号楼")?.mismatch).toBeNull();
      expect(o.unitList.find((u) => u.name === "installing-for-days")?.mismatch).toBeNull();
      expect([o.units.mismatched, o.buildings.mismatched]).toEqual([5, 3]);
    });
  });
}
