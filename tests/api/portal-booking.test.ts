// Group booking on the public portal with JavaScript off: plain HTTP GETs and form POSTs. The form renders
// for everyone and says how to sign in; a POST without the staff sign-in cookie is refused and books
// nothing; a signed-in township coordinator books, sees the QR ticket, lists and cancels. The booking number
// people read (预约编号) is the short ticket number, never the row id, which only the links carry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import type { SessionView } from "../../api/src/contract/bookings.ts";

let t: TestApi;
let session: SessionView;
beforeAll(async () => {
  t = await startTestApi();
  const { body } = await t.request<{ items: SessionView[] }>("GET", "/api/sessions");
  // a session from tomorrow on, so that neither "started" nor the 2-hour cancel cut-off gets in the way
  const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  session = body.items.filter((s) => s.status === "OPEN" && s.date >= tomorrow && s.seatsLeft >= 10)[0]!;
  expect(session).toBeDefined();
});
afterAll(() => t?.close());

const FORM = (id: string) => `/console/group-bookings/new?session=${encodeURIComponent(id)}`;

async function page(path: string, init: RequestInit & { cookie?: string } = {}) {
  const headers: Record<string, string> = { accept: "text/html", ...(init.headers as Record<string, string>) };
  if (init.cookie) headers.cookie = init.cookie;
  const res = await fetch(t.url + path, { redirect: "manual", ...init, headers });
  return { res, html: await res.text() };
}

function post(path: string, fields: Record<string, string>, opts: { cookie?: string; origin?: string } = {}) {
  return page(path, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(opts.origin ? { origin: opts.origin } : {}) },
    ...(opts.cookie ? { cookie: opts.cookie } : {}),
  });
}

/** Signs in through the console's own form and returns the Cookie header the browser would send. */
async function signIn(username: string): Promise<string> {
  const password = t.demo.staff.find((s) => s.username === username)!.password;
  const { res } = await post("/console/login", { username, password, next: "/console/group-bookings" });
  expect(res.status).toBe(303);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

/** what a person reads on the page: its text and the pictures' words, not its address, links and forms */
const shownText = (html: string) =>
  html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, "")
    .replace(/\s(href|action|src|name|value|id|for|data-[\w-]+)="[^"]*"/g, "");

const seatsLeft = async () => (await t.request<SessionView>("GET", `/api/sessions/${session.id}`)).body.seatsLeft;
const groupFields = (over: Record<string, string> = {}) => ({
  session: session.id,
  groupName: "城关第一小学五年级二班",
  groupType: "SCHOOL",
  headCount: "8",
  contactName: "李老师",
  contactPhone: "13800138000",
  ...over,
});

describe("group booking pages without JavaScript", () => {
  it("the centres page offers group booking to coordinators only, folded away from families", async () => {
    const { html } = await page("/centres");
    const folded =
      /<details class="coordinator-only"><summary>乡镇（街道）协调员：[^<]*<\/summary>(.*?)<\/details>/s.exec(html);
    expect(folded).not.toBeNull();
    expect(folded![1]).toContain(`href="${FORM(session.id)}"`);
    expect(folded![1]).toContain("家庭请用微信小程序预约");
    // outside the folded parts (one per centre) nothing links to the group form
    expect(html.replace(/<details class="coordinator-only">.*?<\/details>/gs, "")).not.toContain(
      "/console/group-bookings/new",
    );
  });

  it("the form renders with labelled fields and says to sign in first", async () => {
    const { res, html } = await page(FORM(session.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain("<h1>团体预约</h1>");
    expect(html).toContain(session.centreName);
    for (const [id, label] of [
      ["groupName", "团体名称"],
      ["groupType", "团体类型"],
      ["headCount", "人数"],
      ["contactName", "联系人"],
      ["contactPhone", "联系电话"],
    ]) {
      expect(html).toMatch(new RegExp(`<label class="field" for="${id}">${label}`));
      expect(html).toMatch(new RegExp(`id="${id}" name="${id}"`));
    }
    for (const type of ["TOWNSHIP", "SCHOOL", "COMMUNITY", "COMPANY"])
      expect(html).toContain(`<option value="${type}"`);
    expect(html).toContain("请先登录");
    expect(html).toContain(
      `href="/console/group-bookings/login?next=${encodeURIComponent(FORM(session.id)).replace(/&/g, "&amp;")}"`,
    );
  });

  it("refuses a POST without sign-in and books nothing", async () => {
    const before = await seatsLeft();
    const { res, html } = await post("/console/group-bookings/new", groupFields());
    expect(res.status).toBe(401);
    expect(html).toContain("请先登录");
    expect(html).toContain('value="城关第一小学五年级二班"'); // what was typed is kept
    expect(await seatsLeft()).toBe(before);
  });

  it("refuses a cross-site POST even when signed in", async () => {
    const cookie = await signIn("coordinator");
    const { res } = await post("/console/group-bookings/new", groupFields(), {
      cookie,
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
  });

  it("refuses staff who are not township coordinators", async () => {
    const cookie = await signIn("supervisor");
    const { res, html } = await post("/console/group-bookings/new", groupFields(), { cookie });
    expect(res.status).toBe(403);
    expect(html).toContain("当前账号不能团体预约");
  });

  it("points at the fields to correct", async () => {
    const cookie = await signIn("coordinator");
    const { res, html } = await post(
      "/console/group-bookings/new",
      groupFields({ headCount: "很多", contactPhone: "123" }),
      { cookie },
    );
    expect(res.status).toBe(400);
    expect(html).toContain("人数应为 1 到 2000 之间的整数");
    expect(html).toContain("联系电话应为手机号或带区号的固定电话");
    expect(html).toMatch(/id="headCount" name="headCount"[^>]*aria-invalid="true"/);
  });

  it("a signed-in coordinator books, sees the ticket, finds it in my group bookings and cancels", async () => {
    const cookie = await signIn("coordinator");
    const form = await page(FORM(session.id), { cookie });
    expect(form.html).not.toContain("请先登录");
    expect(form.html).toContain("吴主任");

    const before = await seatsLeft();
    const { res } = await post("/console/group-bookings/new", groupFields(), { cookie });
    expect(res.status).toBe(303);
    const where = res.headers.get("location")!;
    expect(where).toMatch(/^\/console\/group-bookings\/[\w-]+$/);
    const id = where.split("/").at(-1)!;
    expect(await seatsLeft()).toBe(before - 8);

    const result = await page(where, { cookie });
    expect(result.html).toContain("预约成功");
    expect(result.html).toMatch(
      /<img src="data:image\/svg\+xml;base64,[^"]+" width="240" height="240" alt="入场二维码/,
    );
    // the booking number people read out is the short ticket number, not the row id (kept for the links only)
    const number = /data-testid="booking-number">([^<]*)</.exec(result.html)?.[1];
    expect(number).toMatch(/^\d{4} \d{4}$/);
    expect(/data-testid="ticket-number">([^<]*)</.exec(result.html)?.[1]).toBe(number);
    expect(shownText(result.html)).not.toContain(id);
    expect(result.html).toContain(`action="/console/group-bookings/${id}/cancel"`);

    const mine = await page("/console/group-bookings", { cookie });
    expect(mine.html).toContain("<h1>我的团体预约</h1>");
    expect(mine.html).toContain(`href="/console/group-bookings/${id}"`);
    expect(mine.html).toContain(`预约编号 ${number}`);
    expect(shownText(mine.html)).not.toContain(id);
    expect(mine.html).toContain("已确认");

    const cancelled = await post(`/console/group-bookings/${id}/cancel`, {}, { cookie });
    expect(cancelled.res.status).toBe(303);
    const after = await page(cancelled.res.headers.get("location")!, { cookie });
    expect(after.html).toContain("已取消");
    expect(await seatsLeft()).toBe(before);
  });

  it("my group bookings sends a visitor who is not signed in to the sign-in page and back", async () => {
    const { res } = await page("/console/group-bookings");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(
      `/console/group-bookings/login?next=${encodeURIComponent("/console/group-bookings")}`,
    );
    const login = await page(res.headers.get("location")!);
    expect(login.html).toContain("<h1>协调员登录</h1>");
    expect(login.html).toContain('<form method="post" action="/console/group-bookings/login">');
    expect(login.html).toContain('name="next" value="/console/group-bookings"');

    const wrong = await post("/console/group-bookings/login", {
      username: "coordinator",
      password: "not-the-password",
      next: FORM(session.id),
    });
    expect(wrong.res.status).toBe(401);
    expect(wrong.html).toContain("用户名或密码错误");
    expect(wrong.html).toContain('value="coordinator"');

    const password = t.demo.staff.find((s) => s.username === "coordinator")!.password;
    const ok = await post("/console/group-bookings/login", {
      username: "coordinator",
      password,
      next: FORM(session.id),
    });
    expect(ok.res.status).toBe(303);
    expect(ok.res.headers.get("location")).toBe(FORM(session.id));
    const cookies = ok.res.headers.getSetCookie();
    // the access token in an HttpOnly, SameSite=Strict cookie the JSON API also accepts (path "/")
    expect(cookies.some((c) => /^anxin_session=[^;]+; path=\/;.*samesite=strict; httponly/i.test(c))).toBe(true);
    // somewhere else than these pages is not a place to be sent back to
    const away = await post("/console/group-bookings/login", {
      username: "coordinator",
      password,
      next: "https://evil.example/",
    });
    expect(away.res.headers.get("location")).toBe("/console/group-bookings");
  });

  it("a waitlisted group is offered freed seats and takes them from the booking page", async () => {
    const cookie = await signIn("coordinator");
    const { body } = await t.request<{ items: SessionView[] }>("GET", "/api/sessions");
    const small = body.items
      .filter((s) => s.id !== session.id && s.status === "OPEN" && s.seatsLeft === s.capacity && s.date > session.date)
      .at(-1)!;
    const book = async (groupName: string, headCount: number) => {
      const { res } = await post(
        "/console/group-bookings/new",
        groupFields({ session: small.id, groupName, headCount: String(headCount) }),
        { cookie },
      );
      expect(res.status).toBe(303);
      return res.headers.get("location")!;
    };
    const first = await book("第一组", small.capacity);
    const second = await book("第二组", 2);
    const waiting = await page(second, { cookie });
    expect(waiting.html).toContain("已进入候补");
    // a booking without a ticket yet has its number too
    expect(/data-testid="booking-number">([^<]*)</.exec(waiting.html)?.[1]).toMatch(/^\d{4} \d{4}$/);
    expect(shownText(waiting.html)).not.toContain(second.split("/").at(-1)!);
    await post(`${first}/cancel`, {}, { cookie });
    const offered = await page(second, { cookie });
    expect(offered.html).toContain("有名额为您保留");
    const accepted = await post(`${second}/accept`, {}, { cookie });
    expect(accepted.res.status).toBe(303);
    const done = await page(accepted.res.headers.get("location")!, { cookie });
    expect(done.html).toContain("已确认名额");
    expect(done.html).toContain("预约成功");
  });
});
