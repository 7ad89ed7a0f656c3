// The only code in the education module that touches Prisma (STYLE habit 5). Returns rows with their
// media and questions; the service turns them into views.
import type { ContentKind, ContentStatus, MediaKind, Prisma, WarningLevel } from "../../db/client.ts";

export interface MediaRow {
  id: string;
  kind: MediaKind;
  mime: string;
  file: string;
  smallFile: string | null;
  width: number | null;
  height: number | null;
  bytes: number;
  alt: string;
}
export interface QuestionRow {
  position: number;
  prompt: string;
  choices: string;
  answer: number;
  explanation: string;
}
export interface ContentRow {
  id: string;
  kind: ContentKind;
  slug: string;
  topic: string;
  title: string;
  summary: string;
  body: string;
  coverId: string | null;
  cover: MediaRow | null;
  videoUrl: string | null;
  videoId: string | null;
  video: MediaRow | null;
  status: ContentStatus;
  authorId: string;
  submittedBy: string | null;
  reviewNote: string | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  revision: number;
  updatedAt: Date;
  questions: QuestionRow[];
}
export interface ContentData {
  slug: string;
  topic: string;
  title: string;
  summary: string;
  body: string;
  coverId: string | null;
  videoUrl: string | null;
  videoId: string | null;
}
export interface QuestionData {
  prompt: string;
  choices: string[];
  answer: number;
  explanation: string;
}
export interface EventData {
  action: string;
  fromStatus: ContentStatus | null;
  toStatus: ContentStatus;
  actorId: string;
  note?: string | null;
}

const withMedia = { cover: true, video: true, questions: { orderBy: { position: "asc" } } } as const;

export class EducationRepository {
  constructor(private readonly prisma: Prisma) {}

  list(
    where: { kind?: ContentKind; status?: ContentStatus; topic?: string },
    page: { offset: number; limit: number },
  ): Promise<ContentRow[]> {
    return this.prisma.educationContent.findMany({
      where,
      include: withMedia,
      orderBy:
        where.status === "PUBLISHED"
          ? [{ publishedAt: "desc" }, { id: "asc" }]
          : [{ updatedAt: "desc" }, { id: "asc" }],
      skip: page.offset,
      take: page.limit,
    });
  }

  count(where: { kind?: ContentKind; status?: ContentStatus; topic?: string } = {}): Promise<number> {
    return this.prisma.educationContent.count({ where });
  }

  byId(id: string): Promise<ContentRow | null> {
    return this.prisma.educationContent.findUnique({ where: { id }, include: withMedia });
  }

  bySlug(slug: string): Promise<ContentRow | null> {
    return this.prisma.educationContent.findUnique({ where: { slug }, include: withMedia });
  }

  async slugTaken(slug: string, exceptId?: string): Promise<boolean> {
    const row = await this.prisma.educationContent.findUnique({ where: { slug }, select: { id: true } });
    return row !== null && row.id !== exceptId;
  }

  async create(
    kind: ContentKind,
    authorId: string,
    data: ContentData,
    questions: QuestionData[],
    event: EventData,
    status: ContentStatus = "DRAFT",
    publishedAt: Date | null = null,
  ): Promise<string> {
    const row = await this.prisma.educationContent.create({
      data: {
        kind,
        authorId,
        status,
        publishedAt,
        ...(status === "PUBLISHED" ? { publishedBy: authorId, submittedBy: authorId } : {}),
        ...data,
        questions: { create: questions.map((q, position) => ({ ...q, position, choices: JSON.stringify(q.choices) })) },
        events: { create: event },
      },
      select: { id: true },
    });
    return row.id;
  }

  /** Applies an edit if the row is still at the revision the caller read; false when someone else won. */
  async update(
    id: string,
    revision: number,
    data: Partial<ContentData>,
    questions: QuestionData[] | undefined,
    event: EventData,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.educationContent.updateMany({
        where: { id, revision },
        data: { ...data, revision: { increment: 1 } },
      });
      if (r.count === 0) return false;
      if (questions) {
        await tx.quizQuestion.deleteMany({ where: { contentId: id } });
        await tx.quizQuestion.createMany({
          data: questions.map((q, position) => ({ ...q, position, choices: JSON.stringify(q.choices), contentId: id })),
        });
      }
      await tx.contentEvent.create({ data: { ...event, contentId: id } });
      return true;
    });
  }

  /** Moves the status if it is still `from`; false when it changed meanwhile (two reviewers at once). */
  async move(
    id: string,
    from: ContentStatus,
    data: {
      status: ContentStatus;
      submittedBy?: string;
      reviewNote?: string | null;
      publishedAt?: Date;
      publishedBy?: string;
    },
    event: EventData,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.educationContent.updateMany({
        where: { id, status: from },
        data: { ...data, revision: { increment: 1 } },
      });
      if (r.count === 0) return false;
      await tx.contentEvent.create({ data: { ...event, contentId: id } });
      return true;
    });
  }

  events(contentId: string) {
    return this.prisma.contentEvent.findMany({ where: { contentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  }

  published(): Promise<{ kind: ContentKind; slug: string; topic: string; updatedAt: Date }[]> {
    return this.prisma.educationContent.findMany({
      where: { status: "PUBLISHED" },
      select: { kind: true, slug: true, topic: true, updatedAt: true },
      orderBy: { publishedAt: "desc" },
    });
  }

  createMedia(data: Omit<MediaRow, "id"> & { uploadedBy: string }): Promise<MediaRow> {
    return this.prisma.educationMedia.create({ data });
  }

  media(id: string): Promise<MediaRow | null> {
    return this.prisma.educationMedia.findUnique({ where: { id } });
  }

  mediaByFiles(files: string[]): Promise<MediaRow[]> {
    return files.length ? this.prisma.educationMedia.findMany({ where: { file: { in: files } } }) : Promise.resolve([]);
  }

  activeWarnings(now: Date) {
    return this.prisma.safetyWarning.findMany({
      where: { startsAt: { lte: now }, endsAt: { gt: now } },
      orderBy: [{ startsAt: "desc" }],
    });
  }

  warnings(from: Date) {
    return this.prisma.safetyWarning.findMany({ where: { endsAt: { gt: from } }, orderBy: [{ startsAt: "desc" }] });
  }

  createWarning(data: {
    level: WarningLevel;
    title: string;
    body: string;
    startsAt: Date;
    endsAt: Date;
    createdBy: string;
  }) {
    return this.prisma.safetyWarning.create({ data });
  }

  async deleteWarning(id: string): Promise<boolean> {
    const r = await this.prisma.safetyWarning.deleteMany({ where: { id } });
    return r.count > 0;
  }
}
