// The roll-out programme over HTTP on the demo county (issue 19 part A): the seeded plan (four phases,
// the 50 % target a setting), units and buildings in every stage, two pilots with demonstrations, an
// acceptance accepted and one in progress; and every role within its scope: an installer sees only its
// company's units, a unit's people only their unit, a sector regulator only their sector, a property
// company only its buildings. Out of scope is a 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markHeard, markOffline } from "../support/rollout-fixtures.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import type { RolloutOverview, SubjectHistory } from "../../api/src/contract/rollout.ts";

interface Overview {
  phases: { code: string; startsOn: string; endsOn: string; targetPct: number | null }[];
  units: { total: number; byStage: Record<string, number> };
  buildings: {
    total: number;
    byStage: Record<string, number>;
    households: number;
    householdsDone: number;
    pct: number;
    targetPct: number | null;
  };
  pilots: { id: string; name: string; demonstrations: unknown[] }[];
  unitList: { id: string; name: string; stage: string }[];
  buildingList: { id: string; name: string; community: string; stage: string }[];
}
interface Summary {
  id: string;
  subject: string;
  subjectName: string;
  status: string;
}

describe("roll-out programme over HTTP", () => {
  let t: TestApi;
  const unit = (key: string) => t.demo.units!.find((u) => u.key === key)!.id;
  const get = async <T>(who: string, path: string) => {
    const res = await t.request<T>("GET", path, { token: await t.loginStaff(who) });
    return res;
  };

  beforeAll(async () => {
    t = await startTestApi();
  }, 180_000);
  afterAll(() => t?.close());

  it("seeds the plan: phases, every stage, pilots with demonstrations, acceptances", async () => {
    const o = (await get<Overview>("supervisor", "/api/rollout/overview")).body;
    expect(o.phases.map((p) => [p.code, p.endsOn])).toEqual([
      ["TRAINING", "2026-07-10"],
      ["PILOT", "2026-07-31"],
      ["FULL", "2026-11-30"],
      ["ACCEPTANCE", "2026-12-31"],
    ]);
    expect(o.buildings.targetPct).toBe(50);
    for (const stage of ["NOT_STARTED", "SURVEYED", "PLANNED", "INSTALLING", "INSTALLED", "ACCEPTED"])
      expect(o.units.byStage[stage], stage).toBeGreaterThan(0);
    expect(o.units.total).toBe(t.demo.units!.length);
    expect(o.pilots.map((p) => p.name).sort()).toEqual(["示范县人民医院", "示范县第一中学"]);
    for (const p of o.pilots) expect(p.demonstrations.length).toBe(1);
    expect(o.buildings.byStage.ACCEPTED).toBe(1);
    expect(o.buildings.householdsDone).toBeGreaterThan(0);
    expect(o.buildings.pct).toBe(Math.round((o.buildings.householdsDone / o.buildings.households) * 1000) / 10);
    const list = (await get<{ items: Summary[] }>("supervisor", "/api/rollout/acceptances")).body.items;
    expect(list.map((a) => [a.subjectName, a.status]).sort()).toEqual([
      ["幸福小区 1号楼", "ACCEPTED"],
      ["示范县人民医院", "ACCEPTED"],
      ["示范县第一中学", "CHECKS_FAILED"],
    ]);
    // the stage on the row agrees with its last recorded change
    const prisma = t.api.db.prisma;
    for (const u of await prisma.networkedUnit.findMany({ where: { rolloutStage: { not: "NOT_STARTED" } } })) {
      const last = await prisma.rolloutStageChange.findFirst({
        where: { subject: "UNIT", subjectId: u.id },
        orderBy: { at: "desc" },
      });
      expect(last?.stage, u.name).toBe(u.rolloutStage);
    }
  });

  it("an installer sees only its company's units and buildings", async () => {
    const o = (await get<Overview>("az_zhou", "/api/rollout/overview")).body;
    const mine = await t.api.db.prisma.networkedUnit.findMany({
      where: { installerCompanyId: { not: null } },
      select: { id: true },
    });
    expect(o.unitList.map((u) => u.id).sort()).toEqual(mine.map((u) => u.id).sort());
    expect(o.unitList.some((u) => u.id === unit("bg"))).toBe(false);
    expect((await get("az_zhou", `/api/rollout/subjects/UNIT/${unit("bg")}`)).status).toBe(404);
    expect((await get("az_zhou", `/api/rollout/subjects/UNIT/${unit("jly")}`)).status).toBe(200);
    const submit = await t.request("POST", "/api/rollout/acceptances", {
      token: await t.loginStaff("az_zhou"),
      body: { subject: "UNIT", subjectId: unit("bg"), installed: [{ kind: "SMOKE_ALARM", count: 1 }] },
    });
    expect(submit.status).toBe(404);
    const list = (await get<{ items: Summary[] }>("az_zhou", "/api/rollout/acceptances")).body.items;
    expect(list.map((a) => a.subjectName).sort()).toEqual(["幸福小区 1号楼", "示范县人民医院", "示范县第一中学"]);
  });

  it("a unit's people see only their unit; a regulator only their sector; a property company its buildings", async () => {
    const yy = (await get<Overview>("yy_zeren", "/api/rollout/overview")).body;
    expect(yy.unitList.map((u) => u.id)).toEqual([unit("yy")]);
    expect(yy.buildingList).toEqual([]);
    const list = (await get<{ items: Summary[] }>("yy_zeren", "/api/rollout/acceptances")).body.items;
    expect(list.map((a) => a.subjectName)).toEqual(["示范县人民医院"]);
    const school = (await get<{ items: Summary[] }>("supervisor", "/api/rollout/acceptances")).body.items.find(
      (a) => a.subjectName === "示范县第一中学",
    )!;
    expect((await get("yy_zeren", `/api/rollout/acceptances/${school.id}`)).status).toBe(404);
    const confirm = await t.request("POST", `/api/rollout/acceptances/${school.id}/confirm`, {
      token: await t.loginStaff("yy_zeren"),
    });
    expect(confirm.status).toBe(404);
    expect((await get("reg_edu", `/api/rollout/acceptances/${school.id}`)).status).toBe(200);
    expect(
      (await get<{ items: Summary[] }>("reg_edu", "/api/rollout/acceptances")).body.items.map((a) => a.subjectName),
    ).toEqual(["示范县第一中学"]);
    const a = (await get<Overview>("manager_a", "/api/rollout/overview")).body;
    expect(a.unitList).toEqual([]);
    expect(new Set(a.buildingList.map((b) => b.community))).toEqual(new Set(["幸福小区", "青石新村"]));
    expect(
      (await get<{ items: Summary[] }>("manager_a", "/api/rollout/acceptances")).body.items.map((x) => x.subjectName),
    ).toEqual(["幸福小区 1号楼"]);
    expect((await get<{ items: Summary[] }>("manager_b", "/api/rollout/acceptances")).body.items).toEqual([]);
  });

  it("a unit's own answer says whether it is a pilot, with its demonstrations; a building's says null", async () => {
    const o = (await get<RolloutOverview>("supervisor", "/api/rollout/overview")).body;
    const hospital = (await get<SubjectHistory>("supervisor", `/api/rollout/subjects/UNIT/${unit("yy")}`)).body;
    const listed = o.pilots.find((p) => p.id === unit("yy"))!;
    expect(hospital.pilot).toEqual({ pilot: true, demonstrations: listed.demonstrations });
    expect(hospital.pilot!.demonstrations.length).toBe(1);
    const mall = (await get<SubjectHistory>("supervisor", `/api/rollout/subjects/UNIT/${unit("gw")}`)).body;
    expect(mall.pilot).toEqual({ pilot: false, demonstrations: [] });
    const building = o.buildingList[0]!;
    const b = (await get<SubjectHistory>("supervisor", `/api/rollout/subjects/BUILDING/${building.id}`)).body;
    expect([b.name, b.pilot]).toEqual([`${building.community} ${building.name}`, null]);
    // the unit's own people read it; another unit's is a 404, and so is an unknown subject
    expect((await get<SubjectHistory>("yy_zeren", `/api/rollout/subjects/UNIT/${unit("yy")}`)).body.pilot?.pilot).toBe(
      true,
    );
    expect((await get("yy_zeren", `/api/rollout/subjects/UNIT/${unit("gw")}`)).status).toBe(404);
    expect((await get("supervisor", `/api/rollout/subjects/TOWNSHIP/${unit("gw")}`)).status).toBe(400);
  });

  it("the supervisor sets the phases; others may not; ACCEPTED is not a stage one types", async () => {
    const token = await t.loginStaff("supervisor");
    const put = await t.request<{ items: { code: string; targetPct: number | null }[] }>("PUT", "/api/rollout/phases", {
      token,
      body: {
        phases: [{ code: "FULL", name: "全面推开", startsOn: "2026-08-01", endsOn: "2026-11-30", targetPct: 60 }],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.items.find((p) => p.code === "FULL")?.targetPct).toBe(60);
    const refused = await t.request("PUT", "/api/rollout/phases", {
      token: await t.loginStaff("az_zhou"),
      body: { phases: [{ code: "FULL", name: "x", startsOn: "2026-08-01", endsOn: "2026-11-30" }] },
    });
    expect(refused.status).toBe(403);
    const stage = await t.request<{ error: { code: string } }>(
      "PUT",
      `/api/rollout/subjects/UNIT/${unit("gw")}/stage`,
      {
        token,
        body: { stage: "ACCEPTED" },
      },
    );
    expect(stage.status).toBe(409);
    const demo = await t.request("POST", `/api/rollout/units/${unit("gw")}/demonstrations`, {
      token,
      body: { heldAt: "2026-12-01T10:00:00+08:00", place: "购物中心", attendees: 20 },
    });
    expect(demo.status).toBe(409); // not a pilot
  });

  it("flags a stage its devices contradict, counts them, lists only them on request, within the scope", async () => {
    const prisma = t.api.db.prisma;
    const hospital = unit("yy"); // 已验收
    const devices = await prisma.device.findMany({
      where: { unitId: hospital, model: { kind: { not: "CAMERA" } } },
      select: { id: true },
    });
    expect(devices.length).toBeGreaterThan(0);
    // every device of the accepted hospital gone quiet (the offline sweeper's mark)
    for (const d of devices) await markOffline(prisma, d.id, new Date(Date.now() - 86_400_000));
    const overview = async (who: string, query = "") => {
      const res = await get<RolloutOverview>(who, `/api/rollout/overview${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const o = await overview("supervisor");
    const flagged = o.unitList.find((u) => u.id === hospital)!;
    expect(flagged.mismatch).toEqual({ kind: "ALL_OFFLINE", text: "已验收，但设备全部离线" });
    expect(o.units.mismatched).toBe(o.unitList.filter((u) => u.mismatch).length);
    expect(o.buildings.mismatched).toBe(o.buildingList.filter((b) => b.mismatch).length);
    const only = await overview("supervisor", "?mismatch=true");
    expect(only.unitList.map((u) => u.id)).toEqual(o.unitList.filter((u) => u.mismatch).map((u) => u.id));
    expect(only.buildingList.map((b) => b.id)).toEqual(o.buildingList.filter((b) => b.mismatch).map((b) => b.id));
    expect(only.units.total).toBe(o.units.total); // the summary stays the scope's
    expect((await get("supervisor", "/api/rollout/overview?mismatch=maybe")).status).toBe(400);
    // the school's regulator sees and counts only the education sector: not the hospital
    const edu = await overview("reg_edu", "?mismatch=true");
    expect(edu.unitList.map((u) => u.id)).not.toContain(hospital);
    expect(edu.units.mismatched).toBe(edu.unitList.length);
    // the hospital's own people see its flag
    expect((await overview("yy_zeren", "?mismatch=true")).unitList.map((u) => u.id)).toEqual([hospital]);
    // and its own page says the same, to them and to the supervisor
    for (const who of ["yy_zeren", "supervisor"]) {
      const own = await get<SubjectHistory>(who, `/api/rollout/subjects/UNIT/${hospital}`);
      expect([own.status, own.body.mismatch]).toEqual([200, flagged.mismatch]);
    }
    // one device heard again: the stage and the devices agree
    await markHeard(prisma, devices[0]!.id, new Date());
    expect((await overview("supervisor")).unitList.find((u) => u.id === hospital)!.mismatch).toBeNull();
    expect(
      (await get<SubjectHistory>("supervisor", `/api/rollout/subjects/UNIT/${hospital}`)).body.mismatch,
    ).toBeNull();
    expect((await overview("yy_zeren", "?mismatch=true")).unitList).toEqual([]);
  });
});
