// Inspection and hazards over HTTP (issue 18): a unit's manager sets up a checkpoint and a plan, the safety
// officer uploads a photo and checks the checkpoint with the tag's code (a forged code and another unit's
// are refused), the failed item is a hazard the other unit's people cannot see; the loop runs through the
// routes (evidence required, the fixer cannot sign off); inputs out of bounds are refused before any work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../api/src/modules/auth/passwords.ts";
import { fixtures, JPEG } from "../support/rollout-fixtures.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const PASSWORD = "Inspection-test-1";

describe("inspection routes", () => {
  let t: TestApi;
  const token: Record<string, string> = {};
  const unit = { hospital: "", school: "" };

  const call = <T = Record<string, unknown>>(who: string, method: string, path: string, body?: unknown) =>
    t.request<T>(method, path, { token: token[who], body });

  beforeAll(async () => {
    t = await startTestApi();
    const { prisma } = t.api.db;
    const township = await prisma.township.findFirstOrThrow();
    const f = fixtures(prisma, { phones: null });
    const mk = (
      name: string,
      creditCode: string,
      category: "HOSPITAL" | "BOARDING_SCHOOL",
      sector: "HEALTH" | "EDUCATION",
    ) => f.unit(name, { townshipId: township.id, creditCode, category, sector });
    unit.hospital = await mk("测试医院", "12348888000000001A", "HOSPITAL", "HEALTH");
    unit.school = await mk("测试中学", "12348888000000002B", "BOARDING_SCHOOL", "EDUCATION");
    const passwordHash = await hashPassword(PASSWORD);
    const add = async (
      username: string,
      role: "UNIT_MANAGER" | "UNIT_SAFETY_OFFICER" | "UNIT_RESPONSIBLE",
      unitId: string,
    ) => {
      await f.staff(username, role, { unitId, passwordHash });
      const r = await t.request<{ accessToken: string }>("POST", "/api/auth/staff/login", {
        body: { username, password: PASSWORD },
      });
      expect(r.status).toBe(200);
      token[username] = r.body.accessToken;
    };
    await add("hosp_manager", "UNIT_MANAGER", unit.hospital);
    await add("hosp_officer", "UNIT_SAFETY_OFFICER", unit.hospital);
    await add("hosp_head", "UNIT_RESPONSIBLE", unit.hospital);
    await add("school_manager", "UNIT_MANAGER", unit.school);
  });
  afterAll(() => t?.close());

  it("runs a patrol check and the hazard loop through the routes, in scope and in bounds", async () => {
    const cp = await call<{ id: string; tag: string; checklist: string[] }>(
      "hosp_manager",
      "POST",
      "/api/inspection/checkpoints",
      {
        unitId: unit.hospital,
        name: "配电室",
      },
    );
    expect(cp.status).toBe(201);
    expect(cp.body.tag).toMatch(/^AXCP1\./);
    const other = await call<{ tag: string }>("school_manager", "POST", "/api/inspection/checkpoints", {
      unitId: unit.school,
      name: "宿舍楼",
    });
    expect(
      (await call("school_manager", "POST", "/api/inspection/checkpoints", { unitId: unit.hospital, name: "x" }))
        .status,
    ).toBe(404);
    const plan = await call<{ id: string }>("hosp_manager", "POST", "/api/inspection/plans", {
      unitId: unit.hospital,
      name: "全天巡查",
      frequency: "EVERY_N_HOURS",
      everyHours: 2,
      windowStart: "00:00",
      windowEnd: "24:00",
      checkpointIds: [cp.body.id],
    });
    expect(plan.status).toBe(201);
    // the unit's list answers the plan as its response schema states it: checkpoints as ids, not JSON text
    const unitPlans = await call<{ items: { id: string; checkpointIds: string[]; everyHours: number | null }[] }>(
      "hosp_manager",
      "GET",
      `/api/inspection/plans?unitId=${unit.hospital}`,
    );
    expect(unitPlans.status).toBe(200);
    expect(unitPlans.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: plan.body.id, checkpointIds: [cp.body.id], everyHours: 2 }),
      ]),
    );
    expect(
      (
        await call("hosp_manager", "POST", "/api/inspection/plans", {
          unitId: unit.hospital,
          name: "x",
          frequency: "DAILY",
          windowStart: "25:00",
          checkpointIds: [cp.body.id],
        })
      ).status,
    ).toBe(400);

    // a photo: raw image bytes; a text body is refused, another unit's is not found
    const upload = (who: string, unitId: string, body: Buffer, type = "image/jpeg") =>
      fetch(`${t.url}/api/inspection/photos?unitId=${unitId}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token[who]}`, "content-type": type },
        body,
      });
    expect((await upload("hosp_officer", unit.school, JPEG)).status).toBe(404);
    expect((await upload("hosp_officer", unit.hospital, Buffer.from("hello"), "text/plain")).status).toBe(400);
    expect((await upload("hosp_officer", unit.hospital, Buffer.from("not an image at all"), "image/jpeg")).status).toBe(
      400,
    );
    const up = await upload("hosp_officer", unit.hospital, JPEG);
    expect(up.status).toBe(201);
    const photoId = ((await up.json()) as { id: string }).id;

    const results = cp.body.checklist.map((item, i) => ({ item, ok: i !== 1 }));
    const check = (code: string) =>
      call<{ hazardId: string | null; complete: boolean; error?: { code: string } }>(
        "hosp_officer",
        "POST",
        `/api/inspection/plans/${plan.body.id}/checks`,
        {
          code,
          results,
          photoIds: [photoId],
        },
      );
    expect((await check(other.body.tag)).status).toBe(400);
    expect((await check(`${cp.body.tag.slice(0, -2)}xx`)).status).toBe(400);
    expect((await check("A".repeat(500))).status).toBe(400);
    const done = await check(cp.body.tag);
    expect(done.status).toBe(201);
    expect(done.body.complete).toBe(true);
    const hazardId = done.body.hazardId!;
    // the patrol screen: the round's progress, and no tag code to copy
    const plans = await call<{ items: { id: string; checkpoints: { id: string; done: boolean }[] }[] }>(
      "hosp_officer",
      "GET",
      "/api/inspection/my-plans",
    );
    expect(plans.body.items.map((p) => p.id)).toEqual([plan.body.id]);
    expect(plans.body.items[0]!.checkpoints).toEqual([expect.objectContaining({ id: cp.body.id, done: true })]);
    expect(JSON.stringify(plans.body)).not.toContain("AXCP1");
    expect((await call<{ items: unknown[] }>("school_manager", "GET", "/api/inspection/my-plans")).body.items).toEqual(
      [],
    );

    // scope: the school's manager neither lists nor opens the hospital's hazard
    const mine = await call<{ items: { id: string }[] }>("hosp_manager", "GET", "/api/hazards");
    expect(mine.body.items.map((h) => h.id)).toEqual([hazardId]);
    expect((await call<{ items: unknown[] }>("school_manager", "GET", "/api/hazards")).body.items).toEqual([]);
    expect((await call("school_manager", "GET", `/api/hazards/${hazardId}`)).status).toBe(404);
    expect((await call("hosp_manager", "GET", "/api/hazards?limit=5000")).status).toBe(400);
    expect(
      (
        await call("hosp_officer", "POST", "/api/hazards", {
          unitId: unit.hospital,
          place: "x",
          category: "OTHER",
          description: "长".repeat(501),
        })
      ).status,
    ).toBe(400);
    // the photo is served to the unit, not to the school
    expect(
      (
        await fetch(`${t.url}/api/inspection/photos/${photoId}`, {
          headers: { authorization: `Bearer ${token.hosp_manager}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${t.url}/api/inspection/photos/${photoId}`, {
          headers: { authorization: `Bearer ${token.school_manager}` },
        })
      ).status,
    ).toBe(404);

    const officerId = (await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "hosp_officer" } })).id;
    expect(
      (await call("hosp_officer", "POST", `/api/hazards/${hazardId}/assign`, { assigneeId: officerId })).status,
    ).toBe(403);
    expect(
      (
        await call("hosp_manager", "POST", `/api/hazards/${hazardId}/assign`, {
          assigneeId: officerId,
          deadline: "2020-01-01T00:00:00Z",
        })
      ).status,
    ).toBe(400);
    expect(
      (await call("hosp_manager", "POST", `/api/hazards/${hazardId}/assign`, { assigneeId: officerId })).status,
    ).toBe(200);
    expect((await call("hosp_officer", "POST", `/api/hazards/${hazardId}/start`)).status).toBe(200);
    expect(
      (await call("hosp_officer", "POST", `/api/hazards/${hazardId}/fix`, { evidenceIds: [], note: "已修好" })).status,
    ).toBe(400);
    const ev = await upload("hosp_officer", unit.hospital, JPEG);
    const evidenceId = ((await ev.json()) as { id: string }).id;
    expect(
      (
        await call("hosp_officer", "POST", `/api/hazards/${hazardId}/fix`, {
          evidenceIds: [evidenceId],
          note: "已修好",
        })
      ).status,
    ).toBe(200);
    expect((await call("hosp_manager", "POST", `/api/hazards/${hazardId}/reject`, { note: "插座仍松动" })).status).toBe(
      200,
    );
    // the manager fixes it this time, and so may not sign it off; the responsible person does
    expect(
      (
        await call("hosp_manager", "POST", `/api/hazards/${hazardId}/fix`, {
          evidenceIds: [evidenceId],
          note: "更换插座",
        })
      ).status,
    ).toBe(200);
    expect((await call("hosp_manager", "POST", `/api/hazards/${hazardId}/verify`, {})).status).toBe(403);
    expect((await call("hosp_head", "POST", `/api/hazards/${hazardId}/verify`, { note: "合格" })).status).toBe(200);
    const final = await call<{ status: string; events: { action: string }[]; evidence: string[] }>(
      "hosp_head",
      "GET",
      `/api/hazards/${hazardId}`,
    );
    expect(final.body.status).toBe("VERIFIED");
    expect(final.body.events.map((e) => e.action)).toEqual([
      "reported",
      "assigned",
      "assigned",
      "started",
      "fixed",
      "rejected",
      "fixed",
      "verified",
    ]);
    expect(final.body.evidence).toEqual([`/api/inspection/photos/${evidenceId}`]);

    const now = t.api.services.clock.now();
    const figures = await call<{ items: { unitId: string; onTime: number }[] }>(
      "hosp_head",
      "GET",
      `/api/inspections?from=${new Date(now.getTime() - 3600_000).toISOString()}&to=${new Date(now.getTime() + 3600_000).toISOString()}`,
    );
    expect(figures.status).toBe(200);
    expect(figures.body.items.map((i) => i.unitId)).toEqual([unit.hospital]);
    expect(
      (await call("hosp_head", "GET", "/api/inspections?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z")).status,
    ).toBe(400);
  });
});
