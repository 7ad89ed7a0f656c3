// What counts as online when the roll-out's checks judge an acceptance, on SQLite and PostgreSQL: the
// programme's rule, never the `online` flag alone. A unit's devices by the command wall's (a lastSeenAt,
// cameras aside; one a person put under maintenance is named, not put back); a building's homes by the
// coverage rule, with one home at least covered. Passed, the programme does not flag the subject either.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { fixtures } from "../../../../tests/support/rollout-fixtures.ts";
import { countyInstant } from "../../shared/county-time.ts";
import { UnitScopes } from "../units/unit-scope.ts";
import { putInService } from "../devices/device-service-mode.ts";
import { createRollout, type Rollout } from "./index.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the acceptance checks' online rule on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: Prisma;
    let f: ReturnType<typeof fixtures>;
    let dir: string;
    let r: Rollout;
    let township = "";
    let installer = "";
    let community = "";
    const clock = new ManualClock(countyInstant("2026-11-20", "09:00"));
    const ids: Record<string, string> = {};
    const as = (name: string) => ({ kind: "staff" as const, id: ids[name]! });

    beforeAll(async () => {
      m = await openModuleDb(provider);
      prisma = m.db.prisma;
      dir = mkdtempSync(path.join(tmpdir(), "anxin-rollout-"));
      f = fixtures(prisma);
      township = await f.county();
      installer = (await prisma.serviceCompany.create({ data: { name: "智联安装", kind: "INSTALLER" } })).id;
      community = await f.community("幸福小区", { townshipId: township, address: "人民路 1 号" });
      ids["周安装"] = await f.staff("周安装", "INSTALLER", { serviceCompanyId: installer });
      ids["孙队长"] = await f.staff("孙队长", "FIRE_SUPERVISOR");
      await f.deviceModels([
        ["SA", "SMOKE_ALARM", 1800],
        ["CAM", "CAMERA", 60],
        ["MCP", "MANUAL_CALL_POINT", 1800],
      ]);
      r = createRollout({
        prisma,
        clock,
        unitScopes: new UnitScopes(prisma),
        photoDir: dir,
        putInService: (ids) => putInService(prisma, null, ids),
      });
    }, 120_000);

    afterAll(async () => {
      await m?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** A device of the test county heard now: a heartbeat status and its test alarm. */
    let tests = 0;
    const heard = async (deviceId: string, status: { online: boolean; lastSeenAt: Date | null }) => {
      await prisma.deviceStatus.upsert({ where: { deviceId }, create: { deviceId, ...status }, update: status });
      const now = clock.now();
      await prisma.deviceEvent.create({
        data: {
          deviceId,
          msgId: `t-${deviceId}-${++tests}`,
          type: "test_alarm",
          ts: now,
          receivedAt: now,
          payload: "{}",
        },
      });
    };

    it("a unit's device counts online by the command wall's rule: with a lastSeenAt, cameras aside", async () => {
      const clinic = await f.unit("卫生院", {
        townshipId: township,
        creditCode: "12340000000000003C",
        installerCompanyId: installer,
        rolloutStage: "PLANNED",
      });
      await f.device({ unitId: clinic }, { id: "U1", name: "门诊感烟" });
      await f.device({ unitId: clinic }, { id: "U2", name: "大门摄像机", model: "CAM" });
      await r.programme.setStage(as("孙队长"), "UNIT", clinic, "INSTALLING");
      clock.advance(60_000);
      // marked online, but never heard: the wall calls it offline, and so do the checks; the camera is not checked
      await heard("U1", { online: true, lastSeenAt: null });
      const input = {
        subject: "UNIT" as const,
        subjectId: clinic,
        installed: [{ kind: "SMOKE_ALARM", count: 1 }],
        photos: [],
      };
      const failed = await r.acceptance.submit(as("周安装"), input);
      expect(failed.status).toBe("CHECKS_FAILED");
      expect(failed.checks.problems).toEqual(["门诊感烟（编号 SN-U1）不在线"]);
      expect(failed.checks.devices.map((d) => [d.deviceId, d.online, d.testAlarmSeen])).toEqual([["U1", false, true]]);
      await heard("U1", { online: true, lastSeenAt: clock.now() });
      // under maintenance a person took it out of service: the checks say so, and do not put it back themselves
      await prisma.device.update({ where: { id: "U1" }, data: { mode: "MAINTENANCE" } });
      const resting = await r.acceptance.submit(as("周安装"), input);
      expect([resting.status, resting.checks.problems]).toEqual([
        "CHECKS_FAILED",
        ["门诊感烟（编号 SN-U1）处于维护模式，不会发出火警：维护完成后请切换为正常使用，再提交验收"],
      ]);
      expect((await prisma.device.findUniqueOrThrow({ where: { id: "U1" } })).mode).toBe("MAINTENANCE");
      await prisma.device.update({ where: { id: "U1" }, data: { mode: "NORMAL" } });
      const passed = await r.acceptance.submit(as("周安装"), input);
      expect([passed.status, passed.checks.problems]).toEqual(["SUBMITTED", []]);
      // installed with its checks passed: the programme does not flag it either
      const o = await r.programme.overview(as("孙队长"));
      const row = o.unitList.find((u) => u.id === clinic);
      expect([row?.stage, row?.mismatch]).toEqual(["INSTALLED", null]);
    });

    it("a building's homes count online by the coverage rule, and one home at least must be covered", async () => {
      const building = await f.building(community, "2号楼", { floors: 18, oldHighRise: true, rolloutStage: "PLANNED" });
      // fitted and tested in installation mode, as an installer does
      await f.device(
        { householdId: await building.home("301") },
        { id: "H2", name: "301 客厅烟感", mode: "INSTALLATION" },
      );
      await f.device({ buildingId: building.id }, { id: "B1", name: "一层手报", model: "MCP" });
      await r.programme.setStage(as("孙队长"), "BUILDING", building.id, "INSTALLING");
      clock.advance(60_000);
      // the home's alarm online by its flag but silent past its window (1800 s x 2); the shared call point online
      await heard("H2", { online: true, lastSeenAt: new Date(clock.now().getTime() - 3 * 3600_000) });
      await heard("B1", { online: true, lastSeenAt: clock.now() });
      const input = {
        subject: "BUILDING" as const,
        subjectId: building.id,
        installed: [{ kind: "SMOKE_ALARM", count: 1 }],
        photos: [],
      };
      const failed = await r.acceptance.submit(as("周安装"), input);
      expect(failed.status).toBe("CHECKS_FAILED");
      expect(failed.checks.problems).toEqual([
        "301 客厅烟感（编号 SN-H2）不在线：须正常使用、在线、无故障、未拆离底座，且在心跳周期内有上报",
        "没有一户烟感在线可用：须至少有一户的独立式感烟火灾探测报警器按住户覆盖规则在线",
      ]);
      await heard("H2", { online: true, lastSeenAt: clock.now() });
      const passed = await r.acceptance.submit(as("周安装"), input);
      expect([passed.status, passed.checks.problems]).toEqual(["SUBMITTED", []]);
      // in service now, so the homes' coverage (which counts only alarms in normal use) counts it
      expect((await prisma.device.findUniqueOrThrow({ where: { id: "H2" } })).mode).toBe("NORMAL");
      const o = await r.programme.overview(as("孙队长"));
      const row = o.buildingList.find((b) => b.id === building.id);
      expect([row?.stage, row?.mismatch]).toEqual(["INSTALLED", null]);
    });
  });
}
