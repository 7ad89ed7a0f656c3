// 责令改正通知书 over HTTP (issue 18 item 5): the fire supervisor issues a notice to the demo hospital; each item
// is a hazard from 监督检查 given to the unit's manager with the notice's deadline, and the manager is pushed;
// the notice reads back (to print) from any of its hazards for the unit and the supervisor, not for another
// unit; only a supervisor issues one, with a deadline ahead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`rectification notices on ${provider}`, () => {
    let t: TestApi;
    let supervisor = "";
    let hospitalId = "";
    let notice: { no: string; hazardIds: string[] } = { no: "", hazardIds: [] };
    const deadline = () => new Date(t.api.services.clock.now().getTime() + 7 * 86_400_000).toISOString();

    beforeAll(async () => {
      t = await startTestApi({ provider });
      supervisor = await t.loginStaff("supervisor");
      hospitalId = t.demo.units!.find((u) => u.key === "yy")!.id;
    });
    afterAll(() => t?.close());

    it("issues a notice whose items become hazards given to the unit's manager with its deadline", async () => {
      const due = deadline();
      const res = await t.request<{ no: string; hazardIds: string[] }>("POST", "/api/inspection/notices", {
        token: supervisor,
        body: {
          unitId: hospitalId,
          deadline: due,
          checked: "疏散通道、消防设施、消防控制室",
          interimMeasures: "立即清理通道，专人值守",
          items: [
            { place: "住院部 1 层安全出口", category: "EVACUATION", description: "安全出口上锁", severity: "MAJOR" },
            { place: "门诊楼 3 层", category: "HYDRANT_SYSTEM", description: "灭火器压力不足" },
          ],
        },
      });
      expect(res.status).toBe(201);
      notice = res.body;
      expect(notice.no).toMatch(/^县消责改〔\d{4}〕/);
      expect(notice.hazardIds).toHaveLength(2);
      const { prisma } = t.api.db;
      const manager = await prisma.staffUser.findUniqueOrThrow({ where: { username: "yy_guanli" } });
      const rows = await prisma.hazard.findMany({ where: { id: { in: notice.hazardIds } } });
      for (const h of rows)
        expect(h).toMatchObject({
          unitId: hospitalId,
          source: "SUPERVISOR",
          status: "ASSIGNED",
          assigneeId: manager.id,
          deadline: new Date(due),
          interimMeasures: "立即清理通道，专人值守",
        });
      expect(rows.map((h) => h.severity).sort()).toEqual(["GENERAL", "MAJOR"]);
      const pushed = await prisma.notification.findMany({
        where: { dedupeKey: { startsWith: `hazard:${notice.hazardIds[0]}:assigned:` } },
      });
      expect(pushed.map((n) => n.recipient)).toContain(`staff:${manager.id}`);
    });

    it("reads the notice back from any of its hazards, for the unit and the supervisor only", async () => {
      const manager = await t.loginStaff("yy_guanli");
      const got = await t.request<{ no: string; unit: { name: string }; items: { place: string }[]; checked: string }>(
        "GET",
        `/api/hazards/${notice.hazardIds[1]}/notice`,
        { token: manager },
      );
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        no: notice.no,
        unit: { name: "示范县人民医院" },
        checked: "疏散通道、消防设施、消防控制室",
      });
      expect(got.body.items.map((i) => i.place)).toEqual(["住院部 1 层安全出口", "门诊楼 3 层"]);
      expect((await t.request("GET", `/api/hazards/${notice.hazardIds[0]}/notice`, { token: supervisor })).status).toBe(
        200,
      );
      const other = await t.loginStaff("yz_guanli");
      expect((await t.request("GET", `/api/hazards/${notice.hazardIds[0]}/notice`, { token: other })).status).toBe(404);
    });

    it("prints in the console for the unit's manager: number, items, deadline; another unit gets 404", async () => {
      const signIn = async (username: string) => {
        const res = await fetch(`${t.url}/console/login`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
          body: new URLSearchParams({
            username,
            password: t.demo.staff.find((s) => s.username === username)!.password,
          }).toString(),
        });
        expect(res.status).toBe(303);
        return res.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; ");
      };
      const open = async (cookie: string) => {
        const res = await fetch(`${t.url}/console/hazards/${notice.hazardIds[0]}/notice`, {
          redirect: "manual",
          headers: { accept: "text/html", cookie },
        });
        return { status: res.status, html: await res.text() };
      };
      const mine = await open(await signIn("yy_guanli"));
      expect(mine.status).toBe(200);
      expect(mine.html).toContain("责令改正通知书");
      expect(mine.html).toContain(notice.no);
      expect(mine.html).toContain("住院部 1 层安全出口：安全出口上锁（重大隐患）");
      expect(mine.html).toContain("门诊楼 3 层：灭火器压力不足（一般隐患）");
      expect(mine.html).toMatch(/id="notice-deadline">\d{4}-\d{2}-\d{2} \d{2}:\d{2}</);
      expect((await open(await signIn("yz_guanli"))).status).toBe(404);
      // the hazard's timeline names it (the console's hazard screen links to the notice for a "notice" event)
      const hazard = await fetch(`${t.url}/api/hazards/${notice.hazardIds[1]}`, {
        headers: { cookie: await signIn("yy_guanli"), "x-anxin-csrf": "1" },
      });
      expect(hazard.status).toBe(200);
      const events = ((await hazard.json()) as { events: { action: string; note: string | null }[] }).events;
      const named = events.find((e) => e.action === "notice");
      expect(named?.note).toContain(`责令改正通知书 ${notice.no}：限 `);
    });

    it("is issued only by a supervisor, with a deadline ahead and at least one item", async () => {
      const manager = await t.loginStaff("yy_guanli");
      const item = { place: "厨房", category: "ELECTRICAL", description: "私拉电线" };
      const body = { unitId: hospitalId, deadline: deadline(), items: [item] };
      expect((await t.request("POST", "/api/inspection/notices", { token: manager, body })).status).toBe(403);
      const past = new Date(t.api.services.clock.now().getTime() - 60_000).toISOString();
      expect(
        (await t.request("POST", "/api/inspection/notices", { token: supervisor, body: { ...body, deadline: past } }))
          .status,
      ).toBe(400);
      expect(
        (await t.request("POST", "/api/inspection/notices", { token: supervisor, body: { ...body, items: [] } }))
          .status,
      ).toBe(400);
    });
  });
}
