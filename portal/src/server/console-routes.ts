// The staff console under /console: sign in with the staff login API, then list, write, upload and move
// content through review. Every rule is the education service's; this file only turns forms into calls.
import Router from "@koa/router";
import type Koa from "koa";
import { ZodError } from "zod";
import {
  type PortalServices,
  type Principal,
  AppError,
  isEditor,
  IMAGE_TYPES,
  MAX_VIDEO_BYTES,
  VIDEO_TYPES,
} from "@anxin/api";
import {
  contentCreateInput,
  contentKind,
  contentUpdateInput,
  transitionInput,
  warningInput,
} from "@anxin/contract/education";
import { CACHE_PRIVATE, redirect, sendHtml } from "./http/respond.ts";
import { readForm, type FormData } from "./http/forms.ts";
import { clearSession, sameOrigin, sessionPrincipal, setSession } from "./http/session.ts";
import {
  editView,
  forbiddenView,
  listView,
  loginView,
  newView,
  warningsView,
  type EditValues,
  type Viewer,
} from "./pages/console/views.ts";
import { parseQuestions, QuizTextError } from "./pages/console/quiz-text.ts";
import type { OriginOf } from "./public-routes.ts";
import { withCountyOffset } from "@anxin/contract/county-time";

const PRIVATE = { cache: CACHE_PRIVATE };

/** A message an editor can act on, from whatever the service or validation threw. */
export function messageOf(e: unknown): string {
  if (e instanceof AppError || e instanceof QuizTextError) return e.message;
  if (e instanceof ZodError) {
    const i = e.issues[0];
    const field: Record<string, string> = {
      title: "标题",
      summary: "摘要",
      body: "正文",
      slug: "网址",
      topic: "主题",
      videoUrl: "视频链接",
      questions: "题目",
      startsAt: "开始日期",
      endsAt: "结束日期",
      level: "级别",
    };
    return i ? `${field[String(i.path[0])] ?? String(i.path[0] ?? "")}：${i.message}` : "填写的内容有误";
  }
  throw e;
}

function valuesFrom(form: FormData, kind: EditValues["kind"]): EditValues {
  const f = (k: string) => form.get(k) ?? "";
  return {
    kind,
    slug: f("slug").trim(),
    topic: f("topic"),
    title: f("title"),
    summary: f("summary"),
    body: f("body"),
    videoUrl: f("videoUrl").trim(),
    questionsText: f("questions"),
  };
}

function inputFrom(v: EditValues) {
  return {
    slug: v.slug || undefined,
    topic: v.topic,
    title: v.title,
    summary: v.summary,
    body: v.body,
    ...(v.kind === "VIDEO" ? { videoUrl: v.videoUrl || null } : {}),
    ...(v.kind === "QUIZ" ? { questions: parseQuestions(v.questionsText) } : {}),
  };
}

export function consoleRouter(services: PortalServices, originOf: OriginOf): Router {
  const r = new Router({ prefix: "/console" });
  const edu = services.education;

  /** The signed-in editor, or a response already sent (login redirect or 403 page). */
  async function editor(ctx: Koa.Context): Promise<{ who: Principal; viewer: Viewer } | null> {
    if (ctx.method === "POST" && !sameOrigin(ctx)) throw new AppError("FORBIDDEN", "请求来源不正确");
    const who = await sessionPrincipal(ctx, services);
    if (!who) {
      redirect(ctx, `/console/login?next=${encodeURIComponent(ctx.method === "GET" ? ctx.url : "/console/content")}`);
      return null;
    }
    const me = await services.auth.me(who);
    const viewer: Viewer = { id: who.id, name: me.kind === "staff" ? me.name : "居民", role: who.role };
    if (!isEditor(who.role)) {
      sendHtml(ctx, forbiddenView(originOf(ctx), viewer), { ...PRIVATE, status: 403 });
      return null;
    }
    return { who, viewer };
  }

  r.get("/", (ctx) => redirect(ctx, "/console/home")); // each role lands on its own page
  r.get("/login", (ctx) => {
    const next =
      typeof ctx.query.next === "string" && ctx.query.next.startsWith("/console/") ? ctx.query.next : undefined;
    sendHtml(ctx, loginView(originOf(ctx), { next }), PRIVATE);
  });
  r.post("/login", async (ctx) => {
    if (!sameOrigin(ctx)) throw new AppError("FORBIDDEN", "请求来源不正确");
    const form = await readForm(ctx);
    const username = (form.get("username") ?? "").trim();
    // no page asked for (the form opened directly, or after signing out): each role's own page, not the editors'
    const next = form.get("next")?.startsWith("/console/") ? form.get("next")! : "/console/home";
    try {
      const session = await services.auth.staffLogin(username, form.get("password") ?? "", ctx.ip);
      setSession(ctx, session);
      redirect(ctx, next);
    } catch (e) {
      sendHtml(ctx, loginView(originOf(ctx), { error: messageOf(e), username, next }), { ...PRIVATE, status: 401 });
    }
  });
  r.post("/logout", async (ctx) => {
    await clearSession(ctx, services);
    redirect(ctx, "/console/login");
  });

  r.get("/content", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const { items } = await edu.list(me.who, { offset: 0, limit: 100 });
    const notice = typeof ctx.query.notice === "string" ? ctx.query.notice : undefined;
    sendHtml(ctx, listView(originOf(ctx), me.viewer, items, notice ? { notice } : {}), PRIVATE);
  });

  r.get("/content/new", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const kind = contentKind.catch("ARTICLE").parse(ctx.query.kind);
    sendHtml(
      ctx,
      newView(originOf(ctx), me.viewer, {
        kind,
        slug: "",
        topic: "electric-bikes",
        title: "",
        summary: "",
        body: "",
        videoUrl: "",
        questionsText: "",
      }),
      PRIVATE,
    );
  });
  r.post("/content/new", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const form = await readForm(ctx);
    const values = valuesFrom(form, contentKind.catch("ARTICLE").parse(form.get("kind")));
    try {
      const created = await edu.create(me.who, contentCreateInput.parse({ kind: values.kind, ...inputFrom(values) }));
      redirect(ctx, `/console/content/${created.id}?notice=${encodeURIComponent("已保存草稿")}`);
    } catch (e) {
      sendHtml(ctx, newView(originOf(ctx), me.viewer, values, messageOf(e)), { ...PRIVATE, status: 400 });
    }
  });

  r.get("/content/:id", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const item = await edu.detail(me.who, ctx.params.id!);
    const q = (k: string) => (typeof ctx.query[k] === "string" ? (ctx.query[k] as string) : undefined);
    sendHtml(ctx, editView(originOf(ctx), me.viewer, item, { notice: q("notice"), error: q("error") }), PRIVATE);
  });
  r.post("/content/:id", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const id = ctx.params.id!;
    const form = await readForm(ctx);
    const current = await edu.detail(me.who, id);
    const values = valuesFrom(form, current.kind);
    try {
      await edu.update(me.who, id, contentUpdateInput.parse(inputFrom(values)));
      redirect(ctx, `/console/content/${id}?notice=${encodeURIComponent("已保存")}`);
    } catch (e) {
      sendHtml(ctx, editView(originOf(ctx), me.viewer, current, { values, error: messageOf(e) }), {
        ...PRIVATE,
        status: 400,
      });
    }
  });
  r.post("/content/:id/transition", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const id = ctx.params.id!;
    const form = await readForm(ctx);
    try {
      const t = transitionInput.parse({ action: form.get("action"), note: form.get("note") || undefined });
      const result = await edu.transition(me.who, id, t.action, t.note);
      const done = {
        submit: "已提交审核",
        publish: "已发布，公众现在可以看到",
        reject: "已退回修改",
        archive: "已下线",
      }[t.action];
      if (result.published)
        ctx.state.log?.info({ contentId: id, slug: result.item.slug }, "education content published");
      redirect(ctx, `/console/content/${id}?notice=${encodeURIComponent(done)}`);
    } catch (e) {
      redirect(ctx, `/console/content/${id}?error=${encodeURIComponent(messageOf(e))}`);
    }
  });
  r.post("/content/:id/upload", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const id = ctx.params.id!;
    try {
      const form = await readForm(ctx, MAX_VIDEO_BYTES + 64 * 1024);
      const file = form.files.get("file");
      if (!file) throw new AppError("VALIDATION_FAILED", "请选择要上传的文件");
      const alt = form.get("alt") ?? "";
      const use = form.get("use") ?? "cover";
      const current = await edu.detail(me.who, id);
      if ((VIDEO_TYPES as readonly string[]).includes(file.type)) {
        if (current.kind !== "VIDEO") throw new AppError("VALIDATION_FAILED", "只有视频内容可以上传视频文件");
        const video = await edu.uploadVideo(me.who, file.data, file.type, alt);
        await edu.update(me.who, id, { videoId: video.id });
      } else if ((IMAGE_TYPES as readonly string[]).includes(file.type)) {
        const image = await edu.uploadImage(me.who, file.data, alt);
        if (use === "body")
          await edu.update(me.who, id, {
            body: `${current.body.trimEnd()}\n\n![${image.alt.replace(/[[\]]/g, "")}](${image.url})\n`,
          });
        else await edu.update(me.who, id, { coverId: image.id });
      } else throw new AppError("VALIDATION_FAILED", "请上传 JPEG、PNG、WebP 图片或 MP4、WebM 视频");
      redirect(ctx, `/console/content/${id}?notice=${encodeURIComponent("已上传")}`);
    } catch (e) {
      redirect(ctx, `/console/content/${id}?error=${encodeURIComponent(messageOf(e))}`);
    }
  });
  r.get("/warnings", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const q = (k: string) => (typeof ctx.query[k] === "string" ? (ctx.query[k] as string) : undefined);
    sendHtml(
      ctx,
      warningsView(originOf(ctx), me.viewer, await edu.warnings(me.who), { notice: q("notice"), error: q("error") }),
      PRIVATE,
    );
  });
  r.post("/warnings", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    const form = await readForm(ctx);
    try {
      // dates are the county's calendar days (UTC+8); the end date is included
      const day = (d: string | undefined, plus = 0) => {
        const t = new Date(withCountyOffset(`${d ?? ""}T00:00`)).getTime() + plus * 86_400_000;
        return Number.isNaN(t) ? "" : new Date(t).toISOString(); // the schema says why "" is refused
      };
      await edu.createWarning(
        me.who,
        warningInput.parse({
          level: form.get("level"),
          title: form.get("title"),
          body: form.get("body"),
          startsAt: day(form.get("from")),
          endsAt: day(form.get("to"), 1),
        }),
      );
      redirect(ctx, `/console/warnings?notice=${encodeURIComponent("已发布警示")}`);
    } catch (e) {
      redirect(ctx, `/console/warnings?error=${encodeURIComponent(messageOf(e))}`);
    }
  });
  r.post("/warnings/:id/delete", async (ctx) => {
    const me = await editor(ctx);
    if (!me) return;
    await edu.deleteWarning(me.who, ctx.params.id!);
    redirect(ctx, `/console/warnings?notice=${encodeURIComponent("已删除警示")}`);
  });
  return r;
}
