// Fire-safety education: public reads for the portal and the mini-program, and the editors' workflow.
import { z } from "zod";
import type Koa from "koa";
import { route } from "../route.ts";
import * as bounded from "../../../shared/bounded.ts";
import { AppError } from "../../../shared/errors.ts";
import {
  contentCreateInput,
  contentDetail,
  contentEventView,
  contentKind,
  contentStatus,
  contentSummary,
  contentUpdateInput,
  mediaView,
  publicQuiz,
  quizAnswersInput,
  quizResult,
  slug,
  topicKey,
  transitionInput,
  warningInput,
  warningView,
} from "../../../modules/education/education.schemas.ts";
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_VIDEO_BYTES, VIDEO_TYPES } from "../../../modules/education/media-store.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z.string().min(1).max(64);
const page = bounded.page(20, 100);
const list = z.object({ total: z.number(), items: z.array(contentSummary) });
const TAG = "education";

function publicList(kind: "ARTICLE" | "VIDEO" | "QUIZ", path: string, summary: string) {
  return route({
    method: "get",
    path,
    summary,
    tag: TAG,
    access: "public",
    query: z.object({ topic: topicKey.optional(), ...page }),
    response: list,
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
    response: z.object({ items: z.array(z.object({ key: topicKey, name: z.string(), blurb: z.string() })) }),
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
    params: z.object({ slug }),
    response: contentDetail.omit({ questions: true }),
    handler: ({ services, params }) => services.education.published("ARTICLE", params.slug),
  }),
  route({
    method: "get",
    path: "/api/education/videos/:slug",
    summary: "A published video",
    tag: TAG,
    access: "public",
    params: z.object({ slug }),
    response: contentDetail.omit({ questions: true }),
    handler: ({ services, params }) => services.education.published("VIDEO", params.slug),
  }),
  route({
    method: "get",
    path: "/api/education/quizzes/:slug",
    summary: "A published quiz, without its answers",
    tag: TAG,
    access: "public",
    params: z.object({ slug }),
    response: publicQuiz,
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
    params: z.object({ slug }),
    body: quizAnswersInput,
    response: quizResult,
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
    response: z.object({ items: z.array(warningView) }),
    handler: async ({ services }) => ({ items: await services.education.activeWarnings() }),
  }),

  // ---- editors ----
  route({
    method: "get",
    path: "/api/education/staff/contents",
    summary: "All content in every state, for editors",
    tag: TAG,
    access: ROLE_SETS.county,
    query: z.object({ kind: contentKind.optional(), status: contentStatus.optional(), ...page }),
    response: list,
    handler: ({ services, principal, query }) => services.education.list(principal, query),
  }),
  route({
    method: "post",
    path: "/api/education/staff/contents",
    summary: "Create an article, video or quiz as a draft",
    tag: TAG,
    access: ROLE_SETS.county,
    body: contentCreateInput,
    status: 201,
    response: contentDetail,
    handler: ({ services, principal, body }) => services.education.create(principal, body),
  }),
  route({
    method: "get",
    path: "/api/education/staff/contents/:id",
    summary: "One item with its editorial trail",
    tag: TAG,
    access: ROLE_SETS.county,
    params: z.object({ id }),
    response: contentDetail.extend({ events: z.array(contentEventView) }),
    handler: ({ services, principal, params }) => services.education.detail(principal, params.id),
  }),
  route({
    method: "patch",
    path: "/api/education/staff/contents/:id",
    summary: "Edit a draft or withdrawn item (not while in review or published)",
    tag: TAG,
    access: ROLE_SETS.county,
    params: z.object({ id }),
    body: contentUpdateInput,
    response: contentDetail,
    handler: ({ services, principal, params, body }) => services.education.update(principal, params.id, body),
  }),
  route({
    method: "post",
    path: "/api/education/staff/contents/:id/transitions",
    summary: "Submit for review, publish, send back (with a note) or withdraw",
    tag: TAG,
    access: ROLE_SETS.county,
    params: z.object({ id }),
    body: transitionInput,
    response: z.object({ item: contentDetail, from: contentStatus, to: contentStatus, published: z.boolean() }),
    handler: ({ services, principal, params, body }) =>
      services.education.transition(principal, params.id, body.action, body.note),
  }),
  route({
    method: "post",
    path: "/api/education/staff/media",
    summary: "Upload an image (resized) or a video: raw body with its Content-Type, ?alt= describes it",
    tag: TAG,
    access: ROLE_SETS.county,
    query: z.object({ alt: z.string().max(200).default("") }),
    status: 201,
    response: mediaView,
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
    response: z.object({ items: z.array(warningView) }),
    handler: async ({ services, principal }) => ({ items: await services.education.warnings(principal) }),
  }),
  route({
    method: "post",
    path: "/api/education/staff/warnings",
    summary: "Post a warning on the portal's home page for a period",
    tag: TAG,
    access: ROLE_SETS.county,
    body: warningInput,
    status: 201,
    response: warningView,
    handler: ({ services, principal, body }) => services.education.createWarning(principal, body),
  }),
  route({
    method: "delete",
    path: "/api/education/staff/warnings/:id",
    summary: "Remove a warning",
    tag: TAG,
    access: ROLE_SETS.county,
    params: z.object({ id }),
    status: 204,
    handler: ({ services, principal, params }) => services.education.deleteWarning(principal, params.id),
  }),
];
