// Fire-safety education: public reads for the portal and the mini-program, and the editors' workflow.
import type Koa from "koa";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import * as c from "../../../contract/education.ts";
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_VIDEO_BYTES, VIDEO_TYPES } from "../../../modules/education/media-store.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const TAG = "education";

function publicList(kind: "ARTICLE" | "VIDEO" | "QUIZ", path: string, summary: string) {
  return route({
    method: "get",
    path,
    summary,
    tag: TAG,
    access: "public",
    query: c.publicListQuery,
    response: c.contentList,
    handler: ({ services, query }) => services.education.listPublished(kind, query),
  });
}

/** Reads a raw upload (image/* or video/*) up to `limit` bytes; the JSON body parser leaves these alone. */
async function readUpload(ctx: Koa.Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get("content-length") || 0);
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AppError("PAYLOAD_TOO_LARGE");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const educationRoutes = [
  route({
    method: "get",
    path: "/api/education/topics",
    summary: "The portal's topics",
    tag: TAG,
    access: "public",
    response: c.topicList,
    handler: async ({ services }) => ({ items: [...services.education.topics()] }),
  }),
  publicList("ARTICLE", "/api/education/articles", "Published articles, newest first"),
  publicList("VIDEO", "/api/education/videos", "Published videos, newest first"),
  publicList("QUIZ", "/api/education/quizzes", "Published quizzes, newest first"),
  route({
    method: "get",
    path: "/api/education/articles/:slug",
    summary: "A published article",
    tag: TAG,
    access: "public",
    params: c.slugParams,
    response: c.publicContent,
    handler: ({ services, params }) => services.education.published("ARTICLE", params.slug),
  }),
  route({
    method: "get",
    path: "/api/education/videos/:slug",
    summary: "A published video",
    tag: TAG,
    access: "public",
    params: c.slugParams,
    response: c.publicContent,
    handler: ({ services, params }) => services.education.published("VIDEO", params.slug),
  }),
  route({
    method: "get",
    path: "/api/education/quizzes/:slug",
    summary: "A published quiz, without its answers",
    tag: TAG,
    access: "public",
    params: c.slugParams,
    response: c.publicQuiz,
    handler: async ({ services, params }) => {
      const q = await services.education.published("QUIZ", params.slug);
      return { ...q, questions: q.questions.map(({ prompt, choices }) => ({ prompt, choices })) };
    },
  }),
  route({
    method: "post",
    path: "/api/education/quizzes/:slug/answers",
    summary: "Score a reader's answers (index per question, null when skipped) and explain each",
    tag: TAG,
    access: "public",
    params: c.slugParams,
    body: c.quizAnswersInput,
    response: c.quizResult,
    handler: async ({ services, params, body }) => {
      const { score, total, results } = await services.education.answerQuiz(params.slug, body.answers);
      return { score, total, results };
    },
  }),
  route({
    method: "get",
    path: "/api/education/warnings",
    summary: "Fire-risk warnings in force now, most severe first",
    tag: TAG,
    access: "public",
    response: c.warningList,
    handler: async ({ services }) => ({ items: await services.education.activeWarnings() }),
  }),

  // ---- editors ----
  route({
    method: "get",
    path: "/api/education/staff/contents",
    summary: "All content in every state, for editors",
    tag: TAG,
    access: ROLE_SETS.county,
    query: c.staffContentQuery,
    response: c.contentList,
    handler: ({ services, principal, query }) => services.education.list(principal, query),
  }),
  route({
    method: "post",
    path: "/api/education/staff/contents",
    summary: "Create an article, video or quiz as a draft",
    tag: TAG,
    access: ROLE_SETS.county,
    body: c.contentCreateInput,
    status: 201,
    response: c.contentDetail,
    handler: ({ services, principal, body }) => services.education.create(principal, body),
  }),
  route({
    method: "get",
    path: "/api/education/staff/contents/:id",
    summary: "One item with its editorial trail",
    tag: TAG,
    access: ROLE_SETS.county,
    params: c.contentIdParams,
    response: c.contentWithEvents,
    handler: ({ services, principal, params }) => services.education.detail(principal, params.id),
  }),
  route({
    method: "patch",
    path: "/api/education/staff/contents/:id",
    summary: "Edit a draft or withdrawn item (not while in review or published)",
    tag: TAG,
    access: ROLE_SETS.county,
    params: c.contentIdParams,
    body: c.contentUpdateInput,
    response: c.contentDetail,
    handler: ({ services, principal, params, body }) => services.education.update(principal, params.id, body),
  }),
  route({
    method: "post",
    path: "/api/education/staff/contents/:id/transitions",
    summary: "Submit for review, publish, send back (with a note) or withdraw",
    tag: TAG,
    access: ROLE_SETS.county,
    params: c.contentIdParams,
    body: c.transitionInput,
    response: c.transitionResult,
    handler: ({ services, principal, params, body }) =>
      services.education.transition(principal, params.id, body.action, body.note),
  }),
  route({
    method: "post",
    path: "/api/education/staff/media",
    summary: "Upload an image (resized) or a video: raw body with its Content-Type, ?alt= describes it",
    tag: TAG,
    access: ROLE_SETS.county,
    query: c.mediaQuery,
    status: 201,
    response: c.mediaView,
    handler: async ({ services, principal, query, ctx }) => {
      const type = (ctx.get("content-type").split(";")[0] ?? "").trim().toLowerCase();
      if ((IMAGE_TYPES as readonly string[]).includes(type))
        return services.education.uploadImage(principal, await readUpload(ctx, MAX_IMAGE_BYTES), query.alt);
      if ((VIDEO_TYPES as readonly string[]).includes(type))
        return services.education.uploadVideo(principal, await readUpload(ctx, MAX_VIDEO_BYTES), type, query.alt);
      throw new AppError("VALIDATION_FAILED", `请以 ${[...IMAGE_TYPES, ...VIDEO_TYPES].join("、")} 之一上传文件`);
    },
  }),
  route({
    method: "get",
    path: "/api/education/staff/warnings",
    summary: "Warnings in force or scheduled",
    tag: TAG,
    access: ROLE_SETS.county,
    response: c.warningList,
    handler: async ({ services, principal }) => ({ items: await services.education.warnings(principal) }),
  }),
  route({
    method: "post",
    path: "/api/education/staff/warnings",
    summary: "Post a warning on the portal's home page for a period",
    tag: TAG,
    access: ROLE_SETS.county,
    body: c.warningInput,
    status: 201,
    response: c.warningView,
    handler: ({ services, principal, body }) => services.education.createWarning(principal, body),
  }),
  route({
    method: "delete",
    path: "/api/education/staff/warnings/:id",
    summary: "Remove a warning",
    tag: TAG,
    access: ROLE_SETS.county,
    params: c.contentIdParams,
    status: 204,
    handler: ({ services, principal, params }) => services.education.deleteWarning(principal, params.id),
  }),
];
