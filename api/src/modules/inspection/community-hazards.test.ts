// Hazards residents report in their community's shared places (issue 18), on SQLite and PostgreSQL: the
// report reaches the community's property company (its manager named at once), only that company's people,
// the fire supervisor and admins see it (another company and a unit's people are told "not found"), the
// loop (fix with a photo, sign-off by a property manager who is not the fixer), what the resident is told,
// and the overdue chain climbing to the fire supervisor.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma, StaffRole } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import {
  errorCode,
  fixtures,
  inspectionService,
  JPEG,
  recipientsOf,
  type StaffOptions,
} from "../../../../tests/support/rollout-fixtures.ts";
import { countyInstant } from "../../shared/county-time.ts";
import type { Inspection } from "./index.ts";

const H = 3600_000;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`community hazards on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: Prisma;
    let dir: string;
    const clock = new ManualClock(countyInstant("2026-11-30", "10:00"));
    let a: Inspection;
    const staff: Record<string, string> = {};
    const as = (name: string) => ({ kind: "staff" as const, id: staff[name]! });
    let community = "";
    let otherCommunity = "";
    let household = "";
    let otherHousehold = "";
    let resident = "";
    let hazardId = "";

    const recipients = (prefix: string) => recipientsOf(prisma, prefix);

    beforeAll(async () => {
      m = await openModuleDb(provider);
      prisma = m.db.prisma;
      dir = mkdtempSync(path.join(tmpdir(), "anxin-community-hazards-"));
      const f = fixtures(prisma, { phones: "1390000" });
      const t = await f.county();
      const p1 = await prisma.propertyCompany.create({ data: { name: "安居物业" } });
      const p2 = await prisma.propertyCompany.create({ data: { name: "乐家物业" } });
      const home = async (name: string, propertyCompanyId: string) => {
        const c = await f.community(name, { townshipId: t, propertyCompanyId });
        const b = await f.building(c, "1号楼");
        return { community: c, household: await b.home("301") };
      };
      const x = await home("幸福小区", p1.id);
      const y = await home("和平小区", p2.id);
      community = x.community;
      household = x.household;
      otherCommunity = y.community;
      otherHousehold = y.household;
      resident = (await prisma.resident.create({ data: { openid: "openid-zhang" } })).id;
      await prisma.householdMember.create({ data: { householdId: household, residentId: resident, role: "OWNER" } });
      const unit = await f.unit("县人民医院", {
        townshipId: t,
        creditCode: "12340000000000001A",
        address: "医院路1号",
      });
      const add = async (name: string, role: StaffRole, o: StaffOptions = {}) => {
        staff[name] = await f.staff(name, role, o);
      };
      await add("安居经理", "PROPERTY_MANAGER", { propertyCompanyId: p1.id });
      await add("安居副经理", "PROPERTY_MANAGER", { propertyCompanyId: p1.id });
      await add("安居保安", "PROPERTY_STAFF", { propertyCompanyId: p1.id });
      await add("乐家经理", "PROPERTY_MANAGER", { propertyCompanyId: p2.id });
      await add("乐家保安", "PROPERTY_STAFF", { propertyCompanyId: p2.id });
      await add("保卫科长", "UNIT_MANAGER", { unitId: unit });
      await add("监督员", "FIRE_SUPERVISOR");
      a = inspectionService(prisma, clock, { photoDir: dir, owner: "instance-a" });
    }, 120_000);

    afterAll(async () => {
      await a?.close();
      await m?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("a resident's report goes to their community's property manager, with the photo", async () => {
      // only a household the resident belongs to names the community
      expect(await errorCode(a.hazards.residentCommunity(resident, otherHousehold))).toBe("NOT_FOUND");
      const cid = await a.hazards.residentCommunity(resident, household);
      expect(cid).toBe(community);
      const pic = await a.photos.addForCommunity({ kind: "resident", id: resident }, cid, JPEG);
      const h = await a.hazards.reportByResident(resident, {
        communityId: cid,
        place: "2号楼楼道",
        description: "电动车在楼道里充电",
        photoIds: [pic.id],
      });
      hazardId = h.id;
      const seen = await a.hazards.get(as("安居经理"), h.id);
      expect(seen).toMatchObject({
        unit: null,
        community: { id: community, name: "幸福小区" },
        source: "RESIDENT",
        status: "ASSIGNED",
        assignee: { id: staff["安居经理"], name: "安居经理" },
      });
      expect(seen.photos).toEqual([`/api/inspection/photos/${pic.id}`]);
      expect(await recipients(`hazard:${h.id}:assigned`)).toEqual([`staff:${staff["安居经理"]}`]);
      // the resident reads their own photo; another company does not
      expect(await errorCode(a.photos.read({ kind: "resident", id: resident }, pic.id))).toBe("ok");
      expect(await errorCode(a.photos.read(as("乐家经理"), pic.id))).toBe("NOT_FOUND");
      expect(await a.hazards.residentReports(resident)).toMatchObject([
        { id: h.id, community: "幸福小区", place: "2号楼楼道", status: "已受理" },
      ]);
    });

    it("only the community's property company, the fire supervisor and admins see it", async () => {
      const ids = async (who: string) =>
        (await a.hazards.list(as(who), { view: "all", offset: 0, limit: 50 })).items.map((h) => h.id);
      expect(await ids("安居经理")).toEqual([hazardId]);
      expect(await ids("安居保安")).toEqual([hazardId]);
      expect(await ids("监督员")).toContain(hazardId);
      expect(await ids("乐家经理")).toEqual([]);
      expect(await ids("乐家保安")).toEqual([]);
      expect(await ids("保卫科长")).toEqual([]);
      for (const who of ["乐家经理", "乐家保安", "保卫科长"])
        expect(await errorCode(a.hazards.get(as(who), hazardId))).toBe("NOT_FOUND");
      expect(await errorCode(a.hazards.assign(as("乐家经理"), hazardId, { assigneeId: staff["乐家保安"]! }))).toBe(
        "NOT_FOUND",
      );
      // a company's photo upload for another company's community is "not found"
      expect(await errorCode(a.photos.addForCommunity(as("乐家保安"), community, JPEG))).toBe("NOT_FOUND");
      // fixers are the company's people only
      const people = (await a.hazards.assignees(as("安居经理"), hazardId)).map((p) => p.name).sort();
      expect(people).toEqual(["安居保安", "安居副经理", "安居经理"].sort());
      expect(await errorCode(a.hazards.assign(as("安居经理"), hazardId, { assigneeId: staff["乐家保安"]! }))).toBe(
        "VALIDATION_FAILED",
      );
    });

    it("the loop: the property staff fixes with a photo, a manager who did not fix it signs off", async () => {
      await a.hazards.assign(as("安居经理"), hazardId, { assigneeId: staff["安居保安"]! });
      await a.hazards.start(as("安居保安"), hazardId);
      expect((await a.hazards.residentReports(resident))[0]!.status).toBe("整改中");
      const ev = await a.photos.addForCommunity(as("安居保安"), community, JPEG);
      // the staff cannot sign off; a manager who fixed it cannot either
      await a.hazards.fix(as("安居经理"), hazardId, { evidenceIds: [ev.id], note: "电动车已移走" });
      expect(await errorCode(a.hazards.verify(as("安居经理"), hazardId, {}))).toBe("FORBIDDEN");
      expect(await errorCode(a.hazards.verify(as("安居保安"), hazardId, {}))).toBe("FORBIDDEN");
      await a.hazards.verify(as("安居副经理"), hazardId, { note: "已复查" });
      const done = await a.hazards.get(as("监督员"), hazardId);
      expect(done).toMatchObject({ status: "VERIFIED", fixedBy: "安居经理", verifiedBy: "安居副经理" });
      expect((await a.hazards.residentReports(resident))[0]!.status).toBe("已整改");
    });

    it("an anonymous report is nobody's to follow; overdue, it climbs to the fire supervisor", async () => {
      const start = clock.now().getTime();
      const h = await a.hazards.reportByResident(null, {
        communityId: community,
        place: "东门消防通道",
        description: "私家车长期占用消防通道",
      });
      expect(await a.hazards.residentReports(resident)).toHaveLength(1); // anonymous is nobody's
      await a.hazards.assign(as("安居经理"), h.id, {
        assigneeId: staff["安居保安"]!,
        deadline: new Date(start + 48 * H),
      });
      for (const [at, level] of [
        [start + 48 * H + 1, 1],
        [start + 72 * H + 1, 2],
        [start + 120 * H + 1, 3],
      ] as const) {
        clock.set(new Date(at));
        await a.hazards.runDue();
        await a.settle();
        expect((await a.hazards.get(as("安居经理"), h.id)).escalationLevel).toBe(level);
      }
      expect(await recipients(`hazard:${h.id}:step:1`)).toEqual(
        [`staff:${staff["安居保安"]}`, `staff:${staff["安居经理"]}`, `staff:${staff["安居副经理"]}`].sort(),
      );
      expect(await recipients(`hazard:${h.id}:step:3`)).toContain(`staff:${staff["监督员"]}`);
      expect(await recipients(`hazard:${h.id}:step:3`)).not.toContain(`staff:${staff["乐家经理"]}`);
      expect((await a.hazards.get(as("监督员"), h.id)).status).toBe("ESCALATED");
    });

    it("an unknown community is refused", async () => {
      expect(
        await errorCode(
          a.hazards.reportByResident(null, { communityId: otherCommunity + "x", place: "楼道", description: "杂物" }),
        ),
      ).toBe("NOT_FOUND");
    });
  });
}
