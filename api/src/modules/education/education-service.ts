// Fire-safety education: the public reads published articles, videos and quizzes; fire-brigade editors
// write them and move them through draft -> in review -> published (workflow.ts says who may do what).
import { randomBytes } from "node:crypto";
import type { ContentKind, ContentStatus } from "../../db/client.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContentData, ContentRow, EducationRepository, MediaRow, QuestionData } from "./education-repository.ts";
import type {
  ContentCreateInput,
  ContentDetail,
  ContentEventView,
  ContentSummary,
  ContentUpdateInput,
  MediaView,
  QuestionView,
  QuizResult,
  WarningInput,
  WarningView,
} from "../../contract/education.ts";
import { MediaStore } from "./media-store.ts";
import { scoreQuiz } from "./quiz-scoring.ts";
import { seasonalAdvice, type SeasonalAdvice } from "./seasonal-advice.ts";
import { TOPICS, type TopicKey } from "./topics.ts";
import { decideMove, isEditable, isEditor, MOVE_REFUSALS, type Editor, type WorkflowAction } from "./workflow.ts";

export const MEDIA_URL_PREFIX = "/media/";
const KIND_NAME: Record<ContentKind, string> = { ARTICLE: "文章", VIDEO: "视频", QUIZ: "测验" };

export interface Page {
  offset: number;
  limit: number;
}

export interface TransitionResult {
  item: ContentDetail;
  from: ContentStatus;
  to: ContentStatus;
  /** true when this call published the item: callers may refresh caches or notify subscribers */
  published: boolean;
}

export class EducationService {
  constructor(
    private readonly repo: EducationRepository,
    private readonly store: MediaStore,
    private readonly clock: Clock,
  ) {}

  // ---- public ----

  topics() {
    return TOPICS;
  }

  seasonalAdvice(): SeasonalAdvice {
    return seasonalAdvice(this.clock.now());
  }

  async listPublished(
    kind: ContentKind,
    filter: { topic?: TopicKey | undefined } & Page,
  ): Promise<{ total: number; items: ContentSummary[] }> {
    const where = { kind, status: "PUBLISHED" as const, ...(filter.topic ? { topic: filter.topic } : {}) };
    const [total, rows] = await Promise.all([this.repo.count(where), this.repo.list(where, filter)]);
    return { total, items: rows.map(toSummary) };
  }

  /** A published item by its URL slug; drafts and withdrawn items are "not found" to the public. */
  async published(kind: ContentKind, slug: string): Promise<ContentDetail> {
    const row = await this.repo.bySlug(slug);
    if (!row || row.kind !== kind || row.status !== "PUBLISHED") throw notFound(KIND_NAME[kind]);
    return toDetail(row);
  }

  async answerQuiz(
    slug: string,
    answers: readonly (number | null | undefined)[],
  ): Promise<QuizResult & { quiz: ContentSummary }> {
    const quiz = await this.published("QUIZ", slug);
    return { ...scoreQuiz(quiz.questions, answers), quiz };
  }

  async activeWarnings(): Promise<WarningView[]> {
    const rows = await this.repo.activeWarnings(this.clock.now());
    const rank = { SEVERE: 0, WARNING: 1, NOTICE: 2 } as const;
    return rows.sort((a, b) => rank[a.level] - rank[b.level]).map(toWarning);
  }

  sitemap() {
    return this.repo.published();
  }

  locateMedia(name: string) {
    return this.store.locate(name);
  }

  /** Sizes of the images a body shows (by URL), so pages can reserve their space before they load. */
  async imagesIn(
    body: string,
  ): Promise<Map<string, { width: number | null; height: number | null; smallUrl: string | null }>> {
    const files = [...body.matchAll(/\(\/media\/([a-z0-9-]+\.jpg)\)/g)].map((m) => m[1]!);
    const rows = await this.repo.mediaByFiles([...new Set(files)]);
    return new Map(
      rows.map((m) => [
        mediaUrl(m.file),
        { width: m.width, height: m.height, smallUrl: m.smallFile ? mediaUrl(m.smallFile) : null },
      ]),
    );
  }

  // ---- editors ----

  async list(
    who: Principal,
    filter: { kind?: ContentKind | undefined; status?: ContentStatus | undefined } & Page,
  ): Promise<{ total: number; items: ContentSummary[] }> {
    editorOf(who);
    const where = {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    const [total, rows] = await Promise.all([this.repo.count(where), this.repo.list(where, filter)]);
    return { total, items: rows.map(toSummary) };
  }

  async detail(who: Principal, id: string): Promise<ContentDetail & { events: ContentEventView[] }> {
    editorOf(who);
    const row = await this.repo.byId(id);
    if (!row) throw notFound("内容");
    const events = await this.repo.events(id);
    return {
      ...toDetail(row),
      events: events.map((e) => ({
        action: e.action,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actorId: e.actorId,
        note: e.note,
        at: e.createdAt.toISOString(),
      })),
    };
  }

  async create(who: Principal, input: ContentCreateInput): Promise<ContentDetail> {
    const editor = editorOf(who);
    const slug = input.slug ?? `${input.kind.toLowerCase()}-${randomBytes(4).toString("hex")}`;
    if (await this.repo.slugTaken(slug)) throw new AppError("CONFLICT", `网址“${slug}”已被使用，请换一个`);
    await this.checkMedia(input.coverId, "IMAGE");
    await this.checkMedia(input.videoId, "VIDEO");
    const data: ContentData = {
      slug,
      topic: input.topic,
      title: input.title,
      summary: input.summary,
      body: input.body,
      coverId: input.coverId ?? null,
      videoUrl: input.kind === "VIDEO" ? (input.videoUrl ?? null) : null,
      videoId: input.kind === "VIDEO" ? (input.videoId ?? null) : null,
    };
    const questions = input.kind === "QUIZ" ? (input.questions ?? []) : [];
    const id = await this.repo.create(input.kind, editor.id, data, questions, {
      action: "create",
      fromStatus: null,
      toStatus: "DRAFT",
      actorId: editor.id,
    });
    return toDetail((await this.repo.byId(id))!);
  }

  async update(who: Principal, id: string, input: ContentUpdateInput): Promise<ContentDetail> {
    const editor = editorOf(who);
    const row = await this.repo.byId(id);
    if (!row) throw notFound("内容");
    if (!isEditable(row.status))
      throw new AppError(
        "CONFLICT",
        row.status === "IN_REVIEW" ? "内容正在审核，请先退回再修改" : "已发布的内容请先下线再修改",
      );
    if (input.slug && (await this.repo.slugTaken(input.slug, id)))
      throw new AppError("CONFLICT", `网址“${input.slug}”已被使用，请换一个`);
    await this.checkMedia(input.coverId, "IMAGE");
    await this.checkMedia(input.videoId, "VIDEO");
    const data: Partial<ContentData> = {};
    for (const k of ["slug", "topic", "title", "summary", "body", "coverId", "videoUrl", "videoId"] as const) {
      if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
    }
    const questions: QuestionData[] | undefined = row.kind === "QUIZ" ? input.questions : undefined;
    const ok = await this.repo.update(id, row.revision, data, questions, {
      action: "edit",
      fromStatus: row.status,
      toStatus: row.status,
      actorId: editor.id,
    });
    if (!ok) throw new AppError("CONFLICT", "内容刚被其他编辑修改过，请刷新后再改");
    return toDetail((await this.repo.byId(id))!);
  }

  async transition(who: Principal, id: string, action: WorkflowAction, note?: string): Promise<TransitionResult> {
    const editor = editorOf(who);
    const row = await this.repo.byId(id);
    if (!row) throw notFound("内容");
    const verdict = decideMove(editor, action, row, note);
    if (!verdict.ok)
      throw new AppError(
        verdict.reason === "own_submission" || verdict.reason === "not_editor"
          ? "FORBIDDEN"
          : verdict.reason === "note_required"
            ? "VALIDATION_FAILED"
            : "CONFLICT",
        MOVE_REFUSALS[verdict.reason],
      );
    if (action === "submit" || action === "publish") assertComplete(row);
    const now = this.clock.now();
    const data =
      action === "submit"
        ? { status: verdict.to, submittedBy: editor.id, reviewNote: null }
        : action === "publish"
          ? { status: verdict.to, publishedAt: now, publishedBy: editor.id, reviewNote: null }
          : action === "reject"
            ? { status: verdict.to, reviewNote: note?.trim() ?? null }
            : { status: verdict.to };
    const moved = await this.repo.move(id, row.status, data, {
      action,
      fromStatus: row.status,
      toStatus: verdict.to,
      actorId: editor.id,
      note: note?.trim() || null,
    });
    if (!moved) throw new AppError("CONFLICT", "内容状态刚被其他编辑改变，请刷新后再试");
    return {
      item: toDetail((await this.repo.byId(id))!),
      from: row.status,
      to: verdict.to,
      published: verdict.to === "PUBLISHED",
    };
  }

  async uploadImage(who: Principal, data: Buffer, alt: string): Promise<MediaView> {
    const editor = editorOf(who);
    const cleanAlt = requireAlt(alt);
    const stored = await this.store.saveImage(data);
    const { kind, mime, file, smallFile, width, height, bytes } = stored;
    return toMedia(
      await this.repo.createMedia({
        kind,
        mime,
        file,
        smallFile,
        width,
        height,
        bytes,
        alt: cleanAlt,
        uploadedBy: editor.id,
      }),
    );
  }

  async uploadVideo(who: Principal, data: Buffer, mime: string, alt: string): Promise<MediaView> {
    const editor = editorOf(who);
    const cleanAlt = requireAlt(alt);
    const stored = await this.store.saveVideo(data, mime);
    return toMedia(
      await this.repo.createMedia({
        kind: "VIDEO",
        mime: stored.mime,
        file: stored.file,
        smallFile: null,
        width: null,
        height: null,
        bytes: stored.bytes,
        alt: cleanAlt,
        uploadedBy: editor.id,
      }),
    );
  }

  async warnings(who: Principal): Promise<WarningView[]> {
    editorOf(who);
    return (await this.repo.warnings(this.clock.now())).map(toWarning);
  }

  async createWarning(who: Principal, input: WarningInput): Promise<WarningView> {
    const editor = editorOf(who);
    return toWarning(await this.repo.createWarning({ ...input, createdBy: editor.id }));
  }

  async deleteWarning(who: Principal, id: string): Promise<void> {
    editorOf(who);
    if (!(await this.repo.deleteWarning(id))) throw notFound("警示");
  }

  private async checkMedia(id: string | null | undefined, kind: "IMAGE" | "VIDEO"): Promise<void> {
    if (!id) return;
    const m = await this.repo.media(id);
    if (!m || m.kind !== kind)
      throw new AppError(
        "VALIDATION_FAILED",
        kind === "IMAGE" ? "封面图片不存在，请重新上传" : "视频文件不存在，请重新上传",
      );
  }
}

function editorOf(who: Principal): Editor {
  if (who.kind !== "staff" || !isEditor(who.role)) throw new AppError("FORBIDDEN", MOVE_REFUSALS.not_editor);
  return { id: who.id, role: who.role };
}

function requireAlt(alt: string): string {
  const a = alt.trim();
  if (a.length < 2 || a.length > 200)
    throw new AppError("VALIDATION_FAILED", "请用一句话描述图片或视频的内容（2-200 字），供读屏软件朗读");
  return a;
}

/** What must be there before anyone reviews it: readers see exactly this. */
function assertComplete(row: ContentRow): void {
  if (row.kind === "ARTICLE" && row.body.trim().length < 50)
    throw new AppError("VALIDATION_FAILED", "文章正文太短（至少 50 字）");
  if (row.kind === "VIDEO" && !row.videoUrl && !row.videoId)
    throw new AppError("VALIDATION_FAILED", "视频需要上传文件或填写链接");
  if (row.kind === "QUIZ" && row.questions.length < 1) throw new AppError("VALIDATION_FAILED", "测验至少需要一道题");
}

export function mediaUrl(file: string): string {
  return `${MEDIA_URL_PREFIX}${file}`;
}

function toMedia(m: MediaRow): MediaView {
  return {
    id: m.id,
    kind: m.kind,
    url: mediaUrl(m.file),
    smallUrl: m.smallFile ? mediaUrl(m.smallFile) : null,
    width: m.width,
    height: m.height,
    mime: m.mime,
    bytes: m.bytes,
    alt: m.alt,
  };
}

function toSummary(r: ContentRow): ContentSummary {
  return {
    id: r.id,
    kind: r.kind,
    slug: r.slug,
    topic: r.topic as TopicKey,
    title: r.title,
    summary: r.summary,
    status: r.status,
    cover: r.cover ? toMedia(r.cover) : null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    revision: r.revision,
  };
}

function toDetail(r: ContentRow): ContentDetail {
  return {
    ...toSummary(r),
    body: r.body,
    videoUrl: r.videoUrl,
    video: r.video ? toMedia(r.video) : null,
    questions: r.questions.map(toQuestion),
    authorId: r.authorId,
    submittedBy: r.submittedBy,
    reviewNote: r.reviewNote,
    publishedBy: r.publishedBy,
  };
}

function toQuestion(q: { prompt: string; choices: string; answer: number; explanation: string }): QuestionView {
  return { prompt: q.prompt, choices: JSON.parse(q.choices) as string[], answer: q.answer, explanation: q.explanation };
}

function toWarning(w: {
  id: string;
  level: WarningView["level"];
  title: string;
  body: string;
  startsAt: Date;
  endsAt: Date;
}): WarningView {
  return {
    id: w.id,
    level: w.level,
    title: w.title,
    body: w.body,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
  };
}
