// Public education (transport/http/routes/education.routes.ts): one zod schema per input and output, shared
// by the JSON routes and the portal's console forms, so a renamed field breaks the build, not an editor's
// afternoon; and the two closed lists they are built on, the topics and the workflow's actions.
import { z } from "zod";
import { instant, page } from "../shared/bounded.ts";

// The portal's topics. A closed list: each article, video and quiz belongs to one, and the public site has a
// page per topic. Keys are URL segments (/topics/<key>), so they never change once published.
export const TOPICS = [
  { key: "electric-bikes", name: "电动自行车充电", blurb: "不进楼道、不进家，集中充电更安全" },
  { key: "home-electrical", name: "家庭用电安全", blurb: "插线板、电热器、老旧线路的隐患" },
  { key: "kitchen", name: "厨房用火用气", blurb: "油锅起火、燃气泄漏怎么办" },
  { key: "high-rise-escape", name: "高层建筑逃生", blurb: "不乘电梯，低姿捂鼻，关门阻烟" },
  { key: "extinguishers", name: "灭火器与灭火毯", blurb: "家里备什么、怎么用" },
  { key: "elderly-children", name: "老人与儿童", blurb: "独居老人、留守儿童的防火要点" },
  { key: "smoke-alarms", name: "烟感报警器", blurb: "响声代表什么、多久测试一次" },
  { key: "alarm-binding", name: "绑定报警器", blurb: "用安心消防小程序绑定家里的烟感" },
] as const;

export type TopicKey = (typeof TOPICS)[number]["key"];
export type Topic = (typeof TOPICS)[number];

export const TOPIC_KEYS = TOPICS.map((t) => t.key) as [TopicKey, ...TopicKey[]];

export function topicByKey(key: string): Topic | undefined {
  return TOPICS.find((t) => t.key === key);
}

/** The editorial workflow's actions (modules/education/workflow.ts says who may take which). */
export const WORKFLOW_ACTIONS = ["submit", "publish", "reject", "archive"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export const contentKind = z.enum(["ARTICLE", "VIDEO", "QUIZ"]);
export const contentStatus = z.enum(["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"]);
export const topicKey = z.enum(TOPIC_KEYS);
export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "只能用小写字母、数字和连字符")
  .min(3)
  .max(80);

const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), "应为 http(s) 链接");

export const questionInput = z
  .object({
    prompt: z.string().trim().min(4).max(200),
    choices: z.array(z.string().trim().min(1).max(100)).min(2).max(6),
    answer: z.number().int().min(0).max(5),
    explanation: z.string().trim().min(4).max(500),
  })
  .refine((q) => q.answer < q.choices.length, { message: "正确答案的序号超出了选项范围", path: ["answer"] });

const contentFields = {
  slug: slug.optional(),
  topic: topicKey,
  title: z.string().trim().min(2).max(60),
  summary: z.string().trim().min(10).max(200),
  body: z.string().max(20_000).default(""),
  coverId: z.string().min(1).max(64).nullable().optional(),
  videoUrl: httpUrl.nullable().optional(),
  videoId: z.string().min(1).max(64).nullable().optional(),
  questions: z.array(questionInput).max(30).optional(),
};

export const contentCreateInput = z.object({ kind: contentKind, ...contentFields });
export type ContentCreateInput = z.output<typeof contentCreateInput>;

export const contentUpdateInput = z.object({
  slug: contentFields.slug,
  topic: topicKey.optional(),
  title: contentFields.title.optional(),
  summary: contentFields.summary.optional(),
  body: z.string().max(20_000).optional(),
  coverId: contentFields.coverId,
  videoUrl: contentFields.videoUrl,
  videoId: contentFields.videoId,
  questions: contentFields.questions,
});
export type ContentUpdateInput = z.output<typeof contentUpdateInput>;

export const transitionInput = z.object({
  action: z.enum(WORKFLOW_ACTIONS),
  note: z.string().trim().max(500).optional(),
});

export const mediaView = z.object({
  id: z.string(),
  kind: z.enum(["IMAGE", "VIDEO"]),
  url: z.string(),
  smallUrl: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  mime: z.string(),
  bytes: z.number(),
  alt: z.string(),
});
export type MediaView = z.infer<typeof mediaView>;

export const contentSummary = z.object({
  id: z.string(),
  kind: contentKind,
  slug: z.string(),
  topic: topicKey,
  title: z.string(),
  summary: z.string(),
  status: contentStatus,
  cover: mediaView.nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  revision: z.number(),
});
export type ContentSummary = z.infer<typeof contentSummary>;

export const questionView = z.object({
  prompt: z.string(),
  choices: z.array(z.string()),
  answer: z.number(),
  explanation: z.string(),
});
export type QuestionView = z.infer<typeof questionView>;

export const contentDetail = contentSummary.extend({
  body: z.string(),
  videoUrl: z.string().nullable(),
  video: mediaView.nullable(),
  questions: z.array(questionView),
  authorId: z.string(),
  submittedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type ContentDetail = z.infer<typeof contentDetail>;

/** What the public sees of a quiz before answering: no answers, no explanations. */
export const publicQuiz = contentSummary.extend({
  body: z.string(),
  questions: z.array(z.object({ prompt: z.string(), choices: z.array(z.string()) })),
});

export const contentEventView = z.object({
  action: z.string(),
  fromStatus: contentStatus.nullable(),
  toStatus: contentStatus,
  actorId: z.string(),
  note: z.string().nullable(),
  at: z.string(),
});
export type ContentEventView = z.infer<typeof contentEventView>;

export const quizAnswersInput = z.object({ answers: z.array(z.number().int().min(0).max(5).nullable()).max(30) });

export const quizResult = z.object({
  score: z.number(),
  total: z.number(),
  results: z.array(
    z.object({
      prompt: z.string(),
      choices: z.array(z.string()),
      chosen: z.number().nullable(),
      answer: z.number(),
      correct: z.boolean(),
      explanation: z.string(),
    }),
  ),
});
export type QuizResult = z.infer<typeof quizResult>;

export const warningLevel = z.enum(["NOTICE", "WARNING", "SEVERE"]);
export const warningInput = z
  .object({
    level: warningLevel,
    title: z.string().trim().min(2).max(60),
    body: z.string().trim().min(4).max(500),
    startsAt: instant,
    endsAt: instant,
  })
  .refine((w) => w.endsAt > w.startsAt, { message: "结束时间应晚于开始时间", path: ["endsAt"] });
export type WarningInput = z.output<typeof warningInput>;
export const warningView = z.object({
  id: z.string(),
  level: warningLevel,
  title: z.string(),
  body: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type WarningView = z.infer<typeof warningView>;

// ---- what the routes take and answer besides the shapes above ----

const educationId = z.string().min(1).max(64);
const listPage = page(20, 100);
export const contentIdParams = z.object({ id: educationId });
export const slugParams = z.object({ slug });
export const publicListQuery = z.object({ topic: topicKey.optional(), ...listPage });
export const staffContentQuery = z.object({
  kind: contentKind.optional(),
  status: contentStatus.optional(),
  ...listPage,
});
export const contentList = z.object({ total: z.number(), items: z.array(contentSummary) });
export const topicList = z.object({ items: z.array(z.object({ key: topicKey, name: z.string(), blurb: z.string() })) });
export const warningList = z.object({ items: z.array(warningView) });
/** a published article or video as the public reads it */
export const publicContent = contentDetail.omit({ questions: true });
export const contentWithEvents = contentDetail.extend({ events: z.array(contentEventView) });
export const transitionResult = z.object({
  item: contentDetail,
  from: contentStatus,
  to: contentStatus,
  published: z.boolean(),
});
/** an image's alt text, sent with the upload */
export const mediaQuery = z.object({ alt: z.string().max(200).default("") });
