// The public site's routes: every page is server-rendered HTML with cache validators.
import Router from "@koa/router";
import type Koa from "koa";
import { type PortalServices, topicByKey } from "@anxin/api";
import { homePage } from "./pages/public/home.ts";
import { articlePage, articlesPage, topicPage, videoPage, videosPage } from "./pages/public/content.ts";
import { quizPage, quizResultPage, quizzesPage } from "./pages/public/quiz.ts";
import { centresPage, faqPage, notFoundPage } from "./pages/public/info.ts";
import { CACHE_PRIVATE, CACHE_PUBLIC, send, sendHtml } from "./http/respond.ts";
import { readForm } from "./http/forms.ts";
import { faviconPng, ogImage, robotsTxt, sitemapXml } from "./http/seo.ts";
import { serveMedia } from "./http/media.ts";
import { addHazardReport } from "./hazard-report-routes.ts";

export type OriginOf = (ctx: Koa.Context) => string;

export function publicRouter(services: PortalServices, originOf: OriginOf): Router {
  const r = new Router();
  const edu = services.education;
  const notFound = (ctx: Koa.Context) =>
    sendHtml(ctx, notFoundPage(originOf(ctx), ctx.path), { status: 404, cache: CACHE_PRIVATE });

  r.get("/", async (ctx) => sendHtml(ctx, await homePage(services, originOf(ctx))));
  r.get("/articles", async (ctx) => sendHtml(ctx, await articlesPage(services, originOf(ctx))));
  r.get("/articles/:slug", async (ctx) =>
    sendHtml(ctx, await articlePage(services, originOf(ctx), await edu.published("ARTICLE", ctx.params.slug!))),
  );
  r.get("/topics/:key", async (ctx) => {
    const topic = topicByKey(ctx.params.key!);
    if (!topic) return notFound(ctx);
    sendHtml(ctx, await topicPage(services, originOf(ctx), topic));
  });
  r.get("/videos", async (ctx) => sendHtml(ctx, await videosPage(services, originOf(ctx))));
  r.get("/videos/:slug", async (ctx) =>
    sendHtml(ctx, videoPage(originOf(ctx), await edu.published("VIDEO", ctx.params.slug!))),
  );
  r.get("/quizzes", async (ctx) => sendHtml(ctx, await quizzesPage(services, originOf(ctx))));
  r.get("/quizzes/:slug", async (ctx) =>
    sendHtml(ctx, quizPage(originOf(ctx), await edu.published("QUIZ", ctx.params.slug!))),
  );
  r.post("/quizzes/:slug", async (ctx) => {
    const form = await readForm(ctx);
    const quiz = await edu.published("QUIZ", ctx.params.slug!);
    const answers = quiz.questions.map((_q, i) => {
      const v = form.get(`q${i}`);
      return v !== undefined && /^\d$/.test(v) ? Number(v) : null;
    });
    const result = await edu.answerQuiz(quiz.slug, answers);
    sendHtml(ctx, quizResultPage(originOf(ctx), quiz, result), { cache: CACHE_PRIVATE });
  });
  r.get("/centres", async (ctx) => sendHtml(ctx, await centresPage(services, originOf(ctx))));
  addHazardReport(r, services, originOf); // GET and POST /report: the page with its online form
  r.get("/faq", (ctx) => sendHtml(ctx, faqPage(originOf(ctx))));

  r.get("/sitemap.xml", async (ctx) =>
    send(ctx, await sitemapXml(services, originOf(ctx)), "application/xml; charset=utf-8", CACHE_PUBLIC),
  );
  r.get("/robots.txt", (ctx) => send(ctx, robotsTxt(originOf(ctx)), "text/plain; charset=utf-8", CACHE_PUBLIC));
  r.get("/og.png", async (ctx) => send(ctx, await ogImage(), "image/png", "public, max-age=86400"));
  r.get(["/favicon.png", "/favicon.ico"], async (ctx) =>
    send(ctx, await faviconPng(), "image/png", "public, max-age=86400"),
  );
  r.get("/media/:file", async (ctx) => {
    if (!(await serveMedia(ctx, services, ctx.params.file!))) notFound(ctx);
  });
  return r;
}
