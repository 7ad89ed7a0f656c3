// The education JSON API: public reads, and the editorial workflow (draft -> in review -> published) with
// who may take which step. Route-level role checks are in access.test.ts; these test the rules inside.
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { postgresUnavailable } from "../support/databases.ts";

interface Item {
  id: string;
  slug: string;
  status: string;
  title: string;
  reviewNote: string | null;
  cover: { url: string; smallUrl: string; width: number; height: number } | null;
}
type Err = { error: { code: string; message: string } };

// Both databases: PostgreSQL is skipped with the reason where it is not reachable, and required under CI.
const pgMissing = await postgresUnavailable();
if (pgMissing && process.env.CI === "true") throw new Error(pgMissing);

describe.each([
  { provider: "sqlite" as const, skip: null },
  { provider: "postgres" as const, skip: pgMissing },
])("education API on $provider", ({ provider, skip }) => {
  let t: TestApi;
  let supervisor: string;
  let admin: string;

  beforeAll(async () => {
    if (skip) return;
    t = await startTestApi({ provider });
    supervisor = await t.loginStaff("supervisor");
    admin = await t.loginStaff("admin");
  });
  afterAll(() => t?.close());
  beforeEach((ctx) => {
    if (skip) ctx.skip();
  });

  const draft = (over: Record<string, unknown> = {}) => ({
    kind: "ARTICLE",
    topic: "kitchen",
    title: "冬季使用电暖器的注意事项",
    summary: "电暖器功率大，要单独插在墙上的插座，远离窗帘被褥，人走断电。",
    body: "电暖器是冬季家里最常用的取暖电器之一。它功率很大，使用不当容易引起火灾。请把电暖器单独插在墙上的插座里，和窗帘、被褥、衣物保持一米以上的距离，出门和睡觉前关掉。",
    ...over,
  });

  describe("public content", () => {
    it("lists the seeded articles, quizzes and videos", async () => {
      const a = await t.request<{ total: number; items: Item[] }>("GET", "/api/education/articles?limit=100");
      expect(a.status).toBe(200);
      expect(a.body.total).toBeGreaterThanOrEqual(12);
      const q = await t.request<{ total: number }>("GET", "/api/education/quizzes");
      expect(q.body.total).toBeGreaterThanOrEqual(3);
      const byTopic = await t.request<{ items: { slug: string }[] }>(
        "GET",
        "/api/education/articles?topic=electric-bikes",
      );
      expect(byTopic.body.items.map((i) => i.slug)).toContain("ebike-no-charging-indoors");
    });

    it("serves a quiz without its answers and scores answers with explanations", async () => {
      const q = await t.request<{ questions: Record<string, unknown>[] }>(
        "GET",
        "/api/education/quizzes/home-fire-basics",
      );
      expect(q.status).toBe(200);
      expect(q.body.questions[0]).not.toHaveProperty("answer");
      expect(q.body.questions[0]).not.toHaveProperty("explanation");
      const r = await t.request<{ score: number; total: number; results: { correct: boolean; explanation: string }[] }>(
        "POST",
        "/api/education/quizzes/home-fire-basics/answers",
        {
          body: { answers: [1, 0, null] },
        },
      );
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(5);
      expect(r.body.score).toBe(1); // the oil-pan answer is B (index 1); the gas-leak answer is not A
      expect(r.body.results[0]!.correct).toBe(true);
      expect(r.body.results[2]!.correct).toBe(false); // skipped counts as wrong
      expect(r.body.results[2]!.explanation).toMatch(/插座/);
    });

    it("shows the seeded warning", async () => {
      const w = await t.request<{ items: { title: string }[] }>("GET", "/api/education/warnings");
      expect(w.body.items.length).toBeGreaterThan(0);
    });

    it("404s an unknown slug", async () => {
      const r = await t.request<Err>("GET", "/api/education/articles/no-such-article");
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("NOT_FOUND");
    });
  });

  describe("editorial workflow", () => {
    it("takes an article from draft through review to the public, with a second editor's approval", async () => {
      const created = await t.request<Item>("POST", "/api/education/staff/contents", {
        token: supervisor,
        body: draft({ slug: "heater-winter-tips" }),
      });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe("DRAFT");
      const id = created.body.id;

      // drafts are invisible to the public
      expect((await t.request("GET", "/api/education/articles/heater-winter-tips")).status).toBe(404);

      const submitted = await t.request<{ to: string; published: boolean }>(
        "POST",
        `/api/education/staff/contents/${id}/transitions`,
        { token: supervisor, body: { action: "submit" } },
      );
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ to: "IN_REVIEW", published: false });

      // nobody edits what is being reviewed
      const edit = await t.request<Err>("PATCH", `/api/education/staff/contents/${id}`, {
        token: supervisor,
        body: { title: "改一下标题" },
      });
      expect(edit.status).toBe(409);

      // a supervisor cannot approve their own submission
      const own = await t.request<Err>("POST", `/api/education/staff/contents/${id}/transitions`, {
        token: supervisor,
        body: { action: "publish" },
      });
      expect(own.status).toBe(403);
      expect(own.body.error.message).toMatch(/另一位编辑/);

      const published = await t.request<{ to: string; published: boolean; item: Item }>(
        "POST",
        `/api/education/staff/contents/${id}/transitions`,
        { token: admin, body: { action: "publish" } },
      );
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ to: "PUBLISHED", published: true });

      const pub = await t.request<Item>("GET", "/api/education/articles/heater-winter-tips");
      expect(pub.status).toBe(200);
      expect(pub.body.title).toBe("冬季使用电暖器的注意事项");

      // publishing twice is a state conflict, not a second publication
      const again = await t.request<Err>("POST", `/api/education/staff/contents/${id}/transitions`, {
        token: admin,
        body: { action: "publish" },
      });
      expect(again.status).toBe(409);

      // withdrawn: gone from the public site, editable again
      await t.request("POST", `/api/education/staff/contents/${id}/transitions`, {
        token: admin,
        body: { action: "archive" },
      });
      expect((await t.request("GET", "/api/education/articles/heater-winter-tips")).status).toBe(404);
      const trail = await t.request<{ events: { action: string }[] }>("GET", `/api/education/staff/contents/${id}`, {
        token: admin,
      });
      expect(trail.body.events.map((e) => e.action)).toEqual(["create", "submit", "publish", "archive"]);
    });

    it("sends content back only with a note, and the note reaches the author", async () => {
      const c = await t.request<Item>("POST", "/api/education/staff/contents", {
        token: admin,
        body: draft({ title: "退回测试" }),
      });
      await t.request("POST", `/api/education/staff/contents/${c.body.id}/transitions`, {
        token: admin,
        body: { action: "submit" },
      });
      const bare = await t.request<Err>("POST", `/api/education/staff/contents/${c.body.id}/transitions`, {
        token: supervisor,
        body: { action: "reject" },
      });
      expect(bare.status).toBe(400);
      const rejected = await t.request<{ item: Item }>(
        "POST",
        `/api/education/staff/contents/${c.body.id}/transitions`,
        {
          token: supervisor,
          body: { action: "reject", note: "请注明电暖器与可燃物的安全距离来源" },
        },
      );
      expect(rejected.status).toBe(200);
      expect(rejected.body.item.status).toBe("DRAFT");
      expect(rejected.body.item.reviewNote).toMatch(/安全距离/);
    });

    it("refuses incomplete content at submission and duplicate slugs at creation", async () => {
      const short = await t.request<Item>("POST", "/api/education/staff/contents", {
        token: supervisor,
        body: draft({ body: "太短了" }),
      });
      const r = await t.request<Err>("POST", `/api/education/staff/contents/${short.body.id}/transitions`, {
        token: supervisor,
        body: { action: "submit" },
      });
      expect(r.status).toBe(400);
      const video = await t.request<Item>("POST", "/api/education/staff/contents", {
        token: supervisor,
        body: draft({ kind: "VIDEO" }),
      });
      expect(
        (
          await t.request("POST", `/api/education/staff/contents/${video.body.id}/transitions`, {
            token: supervisor,
            body: { action: "submit" },
          })
        ).status,
      ).toBe(400);
      const dup = await t.request<Err>("POST", "/api/education/staff/contents", {
        token: supervisor,
        body: draft({ slug: "oil-pan-fire" }),
      });
      expect(dup.status).toBe(409);
    });

    it("validates quiz questions", async () => {
      const bad = await t.request<Err>("POST", "/api/education/staff/contents", {
        token: supervisor,
        body: draft({
          kind: "QUIZ",
          questions: [{ prompt: "一道题目", choices: ["甲", "乙"], answer: 2, explanation: "讲解内容" }],
        }),
      });
      expect(bad.status).toBe(400);
    });
  });

  describe("media", () => {
    it("resizes an uploaded image into a large and a small JPEG, and serves them for a year", async () => {
      const png = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: "#c00" } })
        .png()
        .toBuffer();
      const res = await fetch(`${t.url}/api/education/staff/media?alt=${encodeURIComponent("红色的示意图")}`, {
        method: "POST",
        headers: { authorization: `Bearer ${supervisor}`, "content-type": "image/png" },
        body: png,
      });
      expect(res.status).toBe(201);
      const m = (await res.json()) as {
        id: string;
        url: string;
        smallUrl: string;
        width: number;
        height: number;
        mime: string;
      };
      expect(m).toMatchObject({ width: 1200, height: 600, mime: "image/jpeg" });
      const file = await fetch(t.url + m.url);
      expect(file.status).toBe(200);
      expect(file.headers.get("cache-control")).toContain("immutable");
      const small = await sharp(Buffer.from(await (await fetch(t.url + m.smallUrl)).arrayBuffer())).metadata();
      expect(small.width).toBe(480);

      const withCover = await t.request<Item>("POST", "/api/education/staff/contents", {
        token: supervisor,
        body: draft({ coverId: m.id }),
      });
      expect(withCover.body.cover?.url).toBe(m.url);
    });

    it("refuses images that are too small, without a description, or not images", async () => {
      const tiny = await sharp({ create: { width: 100, height: 100, channels: 3, background: "#fff" } })
        .png()
        .toBuffer();
      const up = (body: Buffer, type: string, alt = "说明文字") =>
        fetch(`${t.url}/api/education/staff/media?alt=${encodeURIComponent(alt)}`, {
          method: "POST",
          headers: { authorization: `Bearer ${admin}`, "content-type": type },
          body,
        });
      expect((await up(tiny, "image/png")).status).toBe(400);
      const ok = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#fff" } })
        .jpeg()
        .toBuffer();
      expect((await up(ok, "image/jpeg", "")).status).toBe(400);
      expect((await up(Buffer.from("not an image at all"), "image/jpeg")).status).toBe(400);
      expect((await up(Buffer.from("MZ..."), "application/octet-stream")).status).toBe(400);
    });
  });

  describe("warnings", () => {
    it("shows a new warning on the public list while it is in force, most severe first", async () => {
      const now = Date.now();
      const w = await t.request<{ id: string }>("POST", "/api/education/staff/warnings", {
        token: supervisor,
        body: {
          level: "SEVERE",
          title: "森林火险红色预警",
          body: "近期高温少雨，严禁一切野外用火。",
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 86_400_000).toISOString(),
        },
      });
      expect(w.status).toBe(201);
      const list = await t.request<{ items: { id: string; level: string }[] }>("GET", "/api/education/warnings");
      expect(list.body.items[0]).toMatchObject({ id: w.body.id, level: "SEVERE" });
      expect(
        (await t.request("DELETE", `/api/education/staff/warnings/${w.body.id}`, { token: supervisor })).status,
      ).toBe(204);
    });
  });

  describe("videos", () => {
    it("plays an uploaded file in a <video> element, with byte ranges for seeking", async () => {
      // the smallest thing with an MP4 signature: an ftyp box; the player is not run here, only served
      const mp4 = Buffer.concat([
        Buffer.from([0, 0, 0, 24]),
        Buffer.from("ftypisom"),
        Buffer.alloc(12),
        Buffer.alloc(4000, 7),
      ]);
      const up = await fetch(
        `${t.url}/api/education/staff/media?alt=${encodeURIComponent("消防员演示灭火器的使用方法")}`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${supervisor}`, "content-type": "video/mp4" },
          body: mp4,
        },
      );
      expect(up.status).toBe(201);
      const media = (await up.json()) as { id: string; url: string };
      const v = await t.request<Item>("POST", "/api/education/staff/contents", {
        token: supervisor,
        body: draft({
          kind: "VIDEO",
          slug: "extinguisher-demo",
          topic: "extinguishers",
          title: "灭火器使用演示",
          videoId: media.id,
        }),
      });
      await t.request("POST", `/api/education/staff/contents/${v.body.id}/transitions`, {
        token: supervisor,
        body: { action: "submit" },
      });
      expect(
        (
          await t.request("POST", `/api/education/staff/contents/${v.body.id}/transitions`, {
            token: admin,
            body: { action: "publish" },
          })
        ).status,
      ).toBe(200);

      const page = await (await fetch(`${t.url}/videos/extinguisher-demo`)).text();
      expect(page).toContain(`<source src="${media.url}" type="video/mp4">`);
      expect(page).toContain("消防员演示灭火器的使用方法");
      const part = await fetch(t.url + media.url, { headers: { range: "bytes=0-99" } });
      expect(part.status).toBe(206);
      expect(part.headers.get("content-range")).toBe(`bytes 0-99/${mp4.length}`);
      expect((await part.arrayBuffer()).byteLength).toBe(100);
      expect((await fetch(t.url + media.url, { headers: { range: `bytes=${mp4.length + 10}-` } })).status).toBe(416);
    });
  });
});
