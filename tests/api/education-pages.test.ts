// The public portal with JavaScript off: plain HTTP GETs and form POSTs, content found in the HTML,
// plus the things search engines and WeChat link previews read (meta tags, sitemap, robots, ETags).
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";

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

const PAGES: [string, RegExp[]][] = [
  ["/", [/<h1>消防安全，从家里做起<\/h1>/, /当前警示/, /季防火/, /电动自行车充电/, /96119/, /12345/]],
  ["/articles", [/电动自行车为什么不能进楼道、进家充电/, /高层住宅着火，怎么逃生/, /家用灭火器怎么用：拔、握、瞄、扫/]],
  ["/topics/smoke-alarms", [/烟感报警器的响声是什么意思/]],
  ["/articles/high-rise-fire-escape", [/不要乘电梯/, /湿毛巾捂住口鼻/, /随手关上身后的门/]],
  ["/articles/smoke-alarm-beeps", [/三声一组/, /电池电量不足/, /每个月按一次报警器上的测试键/]],
  ["/articles/oil-pan-fire", [/为什么不能泼水/, /盖锅盖/]],
  ["/videos", [/国家消防救援局科普视频/]],
  ["/quizzes", [/家庭防火基础知识测验/, /电动自行车安全测验/, /火场逃生与烟感报警测验/]],
  [
    "/quizzes/ebike-safety-quiz",
    [
      /<form method="post" action="\/quizzes\/ebike-safety-quiz">/,
      /type="radio" name="q0"/,
      /电动自行车应该在哪里充电？/,
    ],
  ],
  ["/centres", [/消防体验馆/, /怎样预约/, /近期场次|暂无开放场次|即将开放/]],
  ["/report", [/96119/, /12345/, /119/]],
  ["/faq", [/常见问题/, /坐电梯/]],
];

describe("public pages without JavaScript", () => {
  for (const [path, wants] of PAGES) {
    it(`${path} is complete HTML with its content`, async () => {
      const { res, html } = await page(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
      expect(html).not.toMatch(/<script/);
      expect(html).toMatch(/<meta name="description" content="[^"]{10,}">/);
      expect(html).toMatch(new RegExp(`<link rel="canonical" href="${t.url}${path === "/" ? "/" : path}">`));
      expect(html).toMatch(/<meta property="og:title" content="[^"]+">/);
      expect(html).toMatch(/<meta property="og:image" content="http[^"]+">/);
      expect(html.match(/<h1[ >]/g)?.length).toBe(1);
      for (const w of wants) expect(html).toMatch(w);
    });
  }

  it("answers with an ETag and a short shared cache, and 304 on revalidation", async () => {
    const first = await page("/articles/gas-leak");
    const etag = first.res.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.res.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    expect(first.res.headers.get("content-encoding")).toBe("gzip");
    expect(first.res.headers.get("vary")).toMatch(/Accept-Encoding/);
    const again = await page("/articles/gas-leak", { headers: { "if-none-match": etag! } });
    expect(again.res.status).toBe(304);
    expect(again.html).toBe("");
  });

  it("scores a quiz posted as a plain form and explains every answer", async () => {
    const { res, html } = await page("/quizzes/escape-and-alarms-quiz", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "q0=1&q1=1&q2=0&q3=1",
    });
    expect(res.status).toBe(200);
    expect(html).toMatch(/得分：3 \/ 5/);
    expect(html).toMatch(/答错了/);
    expect(html).toMatch(/没有作答/);
    expect(html).toMatch(/门把手烫说明火就在门外/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("gives a 404 page for drafts and unknown paths", async () => {
    expect((await page("/articles/not-published-anywhere")).res.status).toBe(404);
    const unknown = await page("/no/such/page");
    expect(unknown.res.status).toBe(404);
    expect(unknown.html).toMatch(/没有找到这个页面/);
    expect(unknown.html).toMatch(/noindex/);
  });

  it("publishes a sitemap with every published article and a robots.txt that points to it", async () => {
    const sitemap = await (await fetch(`${t.url}/sitemap.xml`)).text();
    expect(sitemap).toMatch(/<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    expect(sitemap).toContain(`<loc>${t.url}/articles/ebike-battery-safety</loc>`);
    expect(sitemap).toContain(`<loc>${t.url}/quizzes/home-fire-basics</loc>`);
    expect(sitemap.match(/<loc>[^<]*\/articles\/[^<]+<\/loc>/g)!.length).toBeGreaterThanOrEqual(12);
    const robots = await (await fetch(`${t.url}/robots.txt`)).text();
    expect(robots).toContain(`Sitemap: ${t.url}/sitemap.xml`);
    expect(robots).toContain("Disallow: /console/");
  });

  it("serves the preview image as a 1200x630 PNG", async () => {
    const res = await fetch(`${t.url}/og.png`);
    expect(res.headers.get("content-type")).toBe("image/png");
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.readUInt32BE(16)).toBe(1200);
    expect(buf.readUInt32BE(20)).toBe(630);
  });
});

describe("staff console without JavaScript", () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (path: string, fields: Record<string, string>, cookie = "") =>
    page(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
      body: form(fields),
    });
  const cookiesOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  const password = (u: string) => t.demo.staff.find((s) => s.username === u)!.password;

  it("sends signed-out visitors to the login form and refuses wrong passwords", async () => {
    const r = await page("/console/content");
    expect(r.res.status).toBe(303);
    expect(r.res.headers.get("location")).toMatch(/^\/console\/login/);
    const bad = await post("/console/login", { username: "supervisor", password: "wrong-password" });
    expect(bad.res.status).toBe(401);
    expect(bad.html).toMatch(/用户名或密码错误/);
  });

  it("shows non-editors a 403 page", async () => {
    const login = await post("/console/login", { username: "manager_a", password: password("manager_a") });
    expect(login.res.status).toBe(303);
    // signed in with no page asked for (after signing out, say): their own page, not the editors'
    expect(login.res.headers.get("location")).toBe("/console/home");
    const r = await page("/console/content", { headers: { cookie: cookiesOf(login.res) } });
    expect(r.res.status).toBe(403);
  });

  it("lets an editor write a draft through forms, and refuses cross-site posts", async () => {
    const login = await post("/console/login", { username: "supervisor", password: password("supervisor") });
    const setCookie = login.res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/httponly/i);
    expect(setCookie).toMatch(/samesite=strict/i);
    const cookie = cookiesOf(login.res);
    const created = await post(
      "/console/content/new",
      {
        kind: "QUIZ",
        title: "表单测验",
        summary: "一套从控制台表单创建的测验题目。",
        topic: "kitchen",
        slug: "form-quiz",
        body: "",
        questions: "题目：油锅起火先做什么？\nA. 泼水\nB. 关火盖锅盖\n答案：B\n讲解：泼水会让油飞溅。",
      },
      cookie,
    );
    expect(created.res.status).toBe(303);
    const edit = await page(created.res.headers.get("location")!, { headers: { cookie } });
    expect(edit.html).toMatch(/已保存草稿/);
    expect(edit.html).toMatch(/题目：油锅起火先做什么？/);
    // a cover image through the multipart upload form
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#a4161a" } })
      .png()
      .toBuffer();
    const fd = new FormData();
    fd.set("file", new Blob([png], { type: "image/png" }), "cover.png");
    fd.set("alt", "红色背景的封面图");
    fd.set("use", "cover");
    const itemPath = created.res.headers.get("location")!.split("?")[0]!;
    const upload = await fetch(`${t.url}${itemPath}/upload`, {
      method: "POST",
      headers: { cookie },
      body: fd,
      redirect: "manual",
    });
    expect(upload.status).toBe(303);
    expect(decodeURIComponent(upload.headers.get("location")!)).toContain("已上传");
    const after = await page(itemPath, { headers: { cookie } });
    expect(after.html).toMatch(/<img src="\/media\/[a-f0-9]{20}-s\.jpg" alt="红色背景的封面图"/);
    const evil = await page("/console/content/new", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: form({ kind: "ARTICLE" }),
    });
    expect(evil.res.status).toBe(403);
  });

  it("posts a home-page warning for a range of days and removes it", async () => {
    const login = await post("/console/login", { username: "admin", password: password("admin") });
    const cookie = cookiesOf(login.res);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const posted = await post(
      "/console/warnings",
      {
        level: "SEVERE",
        title: "春节期间烟花爆竹警示",
        body: "燃放烟花爆竹请远离楼道、柴草堆和停车场。",
        from: today,
        to: today,
      },
      cookie,
    );
    expect(posted.res.status).toBe(303);
    expect((await page("/")).html).toMatch(/【严重警示】春节期间烟花爆竹警示/);
    const list = await page("/console/warnings", { headers: { cookie } });
    const id = /\/console\/warnings\/([^/]+)\/delete/.exec(list.html.split("春节期间烟花爆竹警示")[1]!)![1]!;
    expect((await post(`/console/warnings/${id}/delete`, {}, cookie)).res.status).toBe(303);
    expect((await page("/")).html).not.toMatch(/春节期间烟花爆竹警示/);
  });
});

describe("PORTAL_PUBLIC_URL (the configuration schema's setting)", () => {
  let site: TestApi;
  beforeAll(async () => {
    // a second instance on the same database: the setting changes only the addresses written into pages
    site = await startTestApi({ database: t.database, env: { PORTAL_PUBLIC_URL: "https://fire.example.cn/" } });
  });
  afterAll(() => site?.close());

  it("writes the configured public address into canonical links and the sitemap, not the request's", async () => {
    const html = await (await fetch(`${site.url}/articles/ebike-battery-safety`)).text();
    expect(html).toContain('<link rel="canonical" href="https://fire.example.cn/articles/ebike-battery-safety">');
    expect(html).not.toContain(site.url);
    const sitemap = await (await fetch(`${site.url}/sitemap.xml`)).text();
    expect(sitemap).toContain("<loc>https://fire.example.cn/articles/ebike-battery-safety</loc>");
  });
});
