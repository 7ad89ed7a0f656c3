// Residents' hazard reports over HTTP (issue 18): the portal's form with JavaScript off (plain GET and
// form POSTs, anonymous) and the mini-program's API (a signed-in resident, their household's community,
// a photo). Each reaches the community's property company: its manager sees it in /api/hazards, another
// company and a unit's people do not; the resident follows their report's progress.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);

interface HazardList {
  items: { id: string; description: string; unit: unknown; community: { name: string } | null; source: string }[];
}

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

async function page(path: string, init: RequestInit = {}) {
  const res = await fetch(t.url + path, {
    redirect: "manual",
    ...init,
    headers: { accept: "text/html", ...(init.headers as Record<string, string>) },
  });
  return { res, html: await res.text() };
}
const post = (fields: Record<string, string>, origin?: string) =>
  page("/report", {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
  });

const descriptions = async (who: string) =>
  (
    await t.request<HazardList>("GET", "/api/hazards?view=all&limit=200", { token: await t.loginStaff(who) })
  ).body.items.map((h) => h.description);

describe("the portal's hazard report without JavaScript", () => {
  let community = "";

  it("shows a plain form listing the communities, with the hotlines kept", async () => {
    const { res, html } = await page("/report");
    expect(res.status).toBe(200);
    expect(html).toMatch(/<form method="post" action="\/report#online-report"/);
    expect(html).toContain("96119");
    expect(html).not.toMatch(/<script/);
    const m = /<option value="([^"]+)">幸福小区<\/option>/.exec(html);
    expect(m).not.toBeNull();
    community = m![1]!;
  });

  it("refuses a post from another site and an incomplete report, keeping what was typed", async () => {
    const fields = { communityId: community, place: "3号楼楼道", description: "楼道里堆满纸箱（门户测试）" };
    expect((await post(fields, "https://evil.example")).res.status).toBe(403);
    const bad = await post({ communityId: "nowhere", place: "", description: "门户测试：未完成的报告" });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain("请从列表中选择小区");
    expect(bad.html).toContain("请写明在哪里");
    expect(bad.html).toContain("门户测试：未完成的报告");
    const long = await post({ ...fields, description: "长".repeat(501) });
    expect(long.res.status).toBe(400);
    expect(long.html).toContain("不超过 500 个字");
    expect(await descriptions("manager_a")).not.toContain(fields.description);
    expect(await descriptions("supervisor")).not.toContain("门户测试：未完成的报告");
  });

  it("refuses a form of thousands of fields before reading them, and answers the next report as ever", async () => {
    // anyone may post here: 20,000 repeated fields in 60 KB cost the event loop seconds when each field copied
    // the list before it, and multipart let millions through
    const many = await page("/report", {
      method: "POST",
      body: "a=&".repeat(20_000),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(many.res.status).toBe(400);
    expect(many.html).toContain("表单项太多");
    const parts = new FormData();
    for (let i = 0; i < 1000; i++) parts.append("a", "");
    const multipart = await page("/report", { method: "POST", body: parts });
    expect(multipart.res.status).toBe(400);
    expect(multipart.html).toContain("表单项太多");
    // text fields are never more than 64 KB, whatever the photos' limit
    const long = await page("/report", {
      method: "POST",
      body: `description=${"x".repeat(70 * 1024)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(long.res.status, long.html.slice(0, 3000)).toBe(413);
    const fields = { communityId: community, place: "5号楼楼道", description: "电动车在楼道充电（门户测试，表单项）" };
    expect((await post(fields)).res.status).toBe(303);
    expect(await descriptions("manager_a")).toContain(fields.description);
  });

  it("an anonymous report reaches the community's property company, and only it", async () => {
    const fields = { communityId: community, place: "3号楼楼道", description: "楼道里堆满纸箱（门户测试）" };
    const sent = await post(fields);
    expect(sent.res.status).toBe(303);
    expect(sent.res.headers.get("location")).toBe("/report?sent=1#online-report");
    const thanks = await page("/report?sent=1");
    expect(thanks.html).toContain("已收到您的报告");
    expect(await descriptions("manager_a")).toContain(fields.description);
    expect(await descriptions("staff_a")).toContain(fields.description);
    expect(await descriptions("supervisor")).toContain(fields.description);
    expect(await descriptions("manager_b")).not.toContain(fields.description);
    expect(await descriptions("yy_guanli")).not.toContain(fields.description);
    const list = await t.request<HazardList>("GET", "/api/hazards?view=all", {
      token: await t.loginStaff("manager_a"),
    });
    expect(list.body.items.find((h) => h.description === fields.description)).toMatchObject({
      unit: null,
      community: { name: "幸福小区" },
      source: "RESIDENT",
    });
  });
});

describe("the portal's hazard report with photos (multipart, no JavaScript)", () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  const WEBP = Buffer.from("RIFF\x10\x00\x00\x00WEBPVP8 ", "latin1");
  let community = "";
  beforeAll(async () => {
    community = /<option value="([^"]+)">幸福小区<\/option>/.exec((await page("/report")).html)![1]!;
  });
  const send = (fields: Record<string, string>, photos: { name: string; type: string; data: Buffer }[]) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const p of photos) form.append("photos", new Blob([p.data], { type: p.type }), p.name);
    return page("/report", { method: "POST", body: form });
  };

  it("the form posts multipart with a file input for a few photos", async () => {
    const { html } = await page("/report");
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(/<input id="photos" name="photos" type="file" multiple accept="image\/jpeg,image\/png"/);
  });

  it("refuses photos that are not JPEG or PNG by content, too many, or too large, storing nothing", async () => {
    const fields = { communityId: community, place: "5号楼车棚", description: "车棚里给电动车充电（照片测试）" };
    const before = await t.api.db.prisma.inspectionPhoto.count();
    const text = await send(fields, [{ name: "a.jpg", type: "image/jpeg", data: Buffer.from("not a photo") }]);
    expect(text.res.status).toBe(400);
    expect(text.html).toContain("只能上传 JPEG 或 PNG 照片");
    expect(text.html).toContain("车棚里给电动车充电（照片测试）"); // what was typed is kept
    const webp = await send(fields, [{ name: "a.webp", type: "image/webp", data: WEBP }]);
    expect(webp.res.status).toBe(400);
    const four = await send(
      fields,
      [1, 2, 3, 4].map((i) => ({ name: `${i}.jpg`, type: "image/jpeg", data: JPEG })),
    );
    expect(four.res.status).toBe(400);
    expect(four.html).toContain("最多 3 张照片");
    const big = await send(fields, [
      { name: "big.jpg", type: "image/jpeg", data: Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]) },
    ]);
    expect(big.res.status).toBe(400);
    expect(big.html).toContain("每张照片不超过 5 MB");
    const huge = await send(
      fields,
      // a body over the form's whole bound (3 photos of 5 MB and the fields)
      [1, 2, 3, 4].map((i) => ({
        name: `${i}.jpg`,
        type: "image/jpeg",
        data: Buffer.concat([JPEG, Buffer.alloc(4 * 1024 * 1024)]),
      })),
    );
    expect(huge.res.status).toBe(413);
    expect(huge.html).toContain("照片总共不能超过");
    expect(await t.api.db.prisma.inspectionPhoto.count()).toBe(before);
    expect(await descriptions("manager_a")).not.toContain(fields.description);
  });

  it("a report with two photos reaches the property company, who sees the photos; nobody else does", async () => {
    const fields = { communityId: community, place: "2号楼消防通道", description: "消防通道堆放杂物（带照片）" };
    const sent = await send(fields, [
      { name: "1.jpg", type: "application/octet-stream", data: JPEG },
      { name: "2.png", type: "image/png", data: PNG },
    ]);
    expect(sent.res.status).toBe(303);
    const manager = await t.loginStaff("manager_a");
    const list = await t.request<HazardList>("GET", "/api/hazards?view=all&limit=200", { token: manager });
    const id = list.body.items.find((h) => h.description === fields.description)!.id;
    const detail = await t.request<{ photos: string[] }>("GET", `/api/hazards/${id}`, { token: manager });
    expect(detail.body.photos).toHaveLength(2);
    const photo = await fetch(`${t.url}${detail.body.photos[1]}`, { headers: { authorization: `Bearer ${manager}` } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    const other = await fetch(`${t.url}${detail.body.photos[1]}`, {
      headers: { authorization: `Bearer ${await t.loginStaff("manager_b")}` },
    });
    expect(other.status).toBe(404);
    const row = await t.api.db.prisma.inspectionPhoto.findFirstOrThrow({
      where: { id: detail.body.photos[0]!.split("/").pop()! },
    });
    expect(row).toMatchObject({ unitId: `community:${community}`, uploadedBy: "public:portal" });
  });
});

describe("the mini-program's hazard report (a signed-in resident)", () => {
  it("reports in their household's community with a photo and follows the progress", async () => {
    const zhang = t.demo.residents.find((r) => r.key === "zhangsan")!;
    const token = await t.loginResident("zhangsan");
    const householdId = zhang.households[0]!.id;
    // a household the resident does not belong to is "not found"
    const foreign = t.demo.ownerInvites.find((i) => !zhang.households.some((z) => z.id === i.householdId))!;
    expect(foreign).toBeDefined();
    const refused = await t.request("POST", "/api/hazard-reports", {
      token,
      body: { householdId: foreign.householdId, place: "楼道", description: "不应收到" },
    });
    expect(refused.status).toBe(404);

    const up = await fetch(`${t.url}/api/hazard-reports/photos?householdId=${householdId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "image/jpeg" },
      body: JPEG,
    });
    expect(up.status).toBe(201);
    const photo = (await up.json()) as { id: string };
    const made = await t.request<{ id: string }>("POST", "/api/hazard-reports", {
      token,
      body: { householdId, place: "车棚", description: "电动车飞线充电（小程序测试）", photoIds: [photo.id] },
    });
    expect(made.status).toBe(201);
    const mine = await t.request<{ items: { id: string; status: string }[] }>("GET", "/api/hazard-reports", { token });
    expect(mine.body.items[0]).toMatchObject({ id: made.body.id, status: "已受理" });
    // the company of the household's community sees it with the photo; the resident's photo is theirs to see
    const staffToken = await t.loginStaff("manager_a");
    const h = await t.request<{ photos: string[]; assignee: { name: string } | null }>(
      "GET",
      `/api/hazards/${made.body.id}`,
      { token: staffToken },
    );
    expect(h.status).toBe(200);
    expect(h.body.photos).toEqual([`/api/inspection/photos/${photo.id}`]);
    expect(h.body.assignee?.name).toBe("刘经理");
    expect(
      (await t.request("GET", `/api/hazards/${made.body.id}`, { token: await t.loginStaff("manager_b") })).status,
    ).toBe(404);
    const pic = await fetch(`${t.url}/api/inspection/photos/${photo.id}`, {
      headers: { authorization: `Bearer ${await t.loginStaff("manager_b")}` },
    });
    expect(pic.status).toBe(404);
  });
});
