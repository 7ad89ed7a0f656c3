// What the hand-off (handoff.ts) and the withdrawal notice (withdrawal.ts) share for each signed POST to 119:
// what both are built with, the run of their keyed timers, the attempt's Notification row (channel HANDOFF_119,
// created SENDING, or taken again when the attempt is re-run after a crash), the POST itself and its outcome
// written on the row, whether an attempt of a kind was acknowledged, the back-off and the retry after an
// unacknowledged attempt, the head of their messages, and who is called, and how, when 119 does not answer in
// time. One place, so the two cannot drift; each file keeps what it says and when.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { ProviderFetch } from "../../shared/provider-http.ts";
import type { MessageContent } from "../notifications/notification.ts";
import type { TimerRepository, TimerRow } from "../notifications/timer-repository.ts";
import { claimAndRun, runTimer } from "../notifications/timer-runner.ts";
import type { Person } from "./facts-types.ts";
import { SIGNATURE_HEADER, signHandoff, TIMESTAMP_HEADER } from "./handoff-signature.ts";
import type { IncidentFacts } from "./incident-facts.ts";

/** What the hand-off and the withdrawal notice are built with (index.ts gives both the same). */
export interface Attempt119Deps {
  prisma: Prisma;
  timers: TimerRepository;
  clock: Clock;
  log: Logger;
  owner: string;
  facts: (alarmId: string) => Promise<IncidentFacts | null>;
  /** the centre's keyed outbox writer (CentreService.queue) */
  queue: (
    alarmId: string,
    scope: string,
    content: MessageContent,
    groups: { people: Person[]; channels: ("PUSH" | "VOICE" | "SMS")[] }[],
  ) => Promise<number>;
  /** the centre's keyed history writer (CentreService.action) */
  action: (alarmId: string, action: string, note: string, eventKey: string) => Promise<void>;
  fetch?: ProviderFetch;
}

/** how long a timer of the hand-off or the withdrawal is held by the instance running it */
export const TIMER_LOCK_MS = 30_000;

/** The log's words when a step of the hand-off or the withdrawal throws (`what`: whose) */
const failedWords = (what: string) => `${what} step failed; claimed again when its lock expires`;

/**
 * Runs one claimed timer's step (`what`: whose, for the log), then marks it done; a step that throws is logged
 * and its timer claimed again when its lock expires (notifications/timer-runner.ts).
 */
export function runStep(
  d: Pick<Attempt119Deps, "timers" | "clock" | "log" | "owner">,
  t: TimerRow,
  what: string,
  step: (t: TimerRow) => Promise<void>,
): Promise<void> {
  return runTimer(d, t, failedWords(what), step);
}

/** Claims the due timers of `kinds` (20 at most) for this instance and runs each (runStep); how many ran. */
export function runDueSteps(
  d: Pick<Attempt119Deps, "timers" | "clock" | "log" | "owner">,
  kinds: readonly string[],
  what: string,
  step: (t: TimerRow) => Promise<void>,
): Promise<number> {
  return claimAndRun(d, { kinds, limit: 20, lockMs: TIMER_LOCK_MS, failed: failedWords(what) }, step);
}

/** how long an attempt's row is held by the instance sending it */
export const ATTEMPT_LOCK_MS = 30_000;
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

/** The wait after attempt `attempt` (0-based): doubling from the base, at most the maximum. */
export const backoffMs = (o: { backoffBaseMs: number; backoffMaxMs: number }, attempt: number): number =>
  Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** attempt);

/**
 * After attempt `attempt` (0-based) went unacknowledged at `at`: whether it was the last (the bound reached, or
 * nowhere configured to send), and when the next is due, with the timeline's words for that wait.
 */
export function retryAfter(
  o: { backoffBaseMs: number; backoffMaxMs: number; maxAttempts: number },
  attempt: number,
  configured: boolean,
  at: Date,
): { last: boolean; retryAt: Date; inWords: string } {
  const retryAt = new Date(at.getTime() + backoffMs(o, attempt));
  return {
    last: attempt + 1 >= o.maxAttempts || !configured,
    retryAt,
    inWords: `${Math.round((retryAt.getTime() - at.getTime()) / 1000)} 秒后重试`,
  };
}

/** Whether 119 acknowledged an attempt of this kind (its template: the hand-off's or the withdrawal's). */
export async function acknowledgedBy119(prisma: Prisma, alarmId: string, template: string): Promise<boolean> {
  return (
    (await prisma.notification.count({ where: { alarmId, channel: "HANDOFF_119", template, status: "DELIVERED" } })) > 0
  );
}

/**
 * The attempt's Notification row, created SENDING; when this attempt ran before and its instance died before the
 * answer was recorded, the same row taken again and sent again (the receiver deduplicates by its idempotency key,
 * docs/alert-119.md).
 */
export async function attemptRow(
  { prisma, owner }: Pick<Attempt119Deps, "prisma" | "owner">,
  /**
   * scope: the attempt's timer key (the row's key is the outbox's: that scope with its recipient and channel);
   * target: where it is sent (null: not configured)
   */
  a: { alarmId: string; scope: string; target: string | null; template: string; content: MessageContent; body: string },
  now: Date,
): Promise<{ id: string }> {
  const lockedUntil = new Date(now.getTime() + ATTEMPT_LOCK_MS);
  const dedupeKey = `${a.scope}:system:119:HANDOFF_119`;
  try {
    return await prisma.notification.create({
      data: {
        alarmId: a.alarmId,
        channel: "HANDOFF_119",
        recipient: "system:119",
        target: a.target ?? "(not configured)",
        template: a.template,
        payload: JSON.stringify({
          content: a.content,
          contact: { name: "119", phone: null, openid: null, staffId: null },
          cancelUnless: null,
          body: JSON.parse(a.body) as unknown,
        }),
        dedupeKey,
        nextAttemptAt: now,
        status: "SENDING",
        lockedBy: owner,
        lockedUntil,
        attempts: 1,
      },
      select: { id: true },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return prisma.notification.update({
      where: { dedupeKey },
      data: { status: "SENDING", lockedBy: owner, lockedUntil, attempts: { increment: 1 } },
      select: { id: true },
    });
  }
}

/**
 * What the messages of a 119 attempt and of its fallback say first: the alarm, its kind, the unit and where in
 * it; each adds its template and step.
 */
export function incidentHead(
  alarmId: string,
  unit: { name: string; address: string },
  trigger: { kind: string; kindLabel: string; startedAt: string },
  room: string | null,
): Pick<MessageContent, "alarmId" | "kind" | "kindLabel" | "address" | "room" | "at"> {
  return {
    alarmId,
    kind: trigger.kind,
    kindLabel: trigger.kindLabel,
    address: `${unit.name}（${unit.address}）`,
    room,
    at: trigger.startedAt,
  };
}

/** The answer recorded when no URL or secret is configured (nothing is sent; the console reads it on the row). */
export const NOT_CONFIGURED = "ALERT_119_URL / ALERT_119_SECRET not configured";

/** One attempt's POST (postTo119) to `url`, or, with no URL or secret configured, the answer that none was sent. */
export function send119(
  fetch: ProviderFetch,
  to: { url: string | null; secret: string | null },
  r: { body: string; deliveryId: string; idempotencyKey: string; now: Date; timeoutMs: number },
): Promise<PostOutcome> {
  if (!to.url || !to.secret) return Promise.resolve({ ack: false, response: NOT_CONFIGURED, incidentId: null });
  return postTo119(fetch, { ...r, url: to.url, secret: to.secret });
}

export interface PostOutcome {
  ack: boolean;
  response: string;
  incidentId: string | null;
}

/** The attempt's answer on its row: DELIVERED with 119's incident number, or FAILED with what came back. */
export async function recordAttempt(
  prisma: Prisma,
  rowId: string,
  outcome: { ack: boolean; response: string },
  incidentId: string | null,
  at: Date,
): Promise<void> {
  await prisma.notification.updateMany({
    where: { id: rowId, status: "SENDING" },
    data: {
      status: outcome.ack ? "DELIVERED" : "FAILED",
      providerResponse: outcome.response.slice(0, 2000),
      lockedBy: null,
      lockedUntil: null,
      ...(outcome.ack ? { sentAt: at, deliveredAt: at, providerId: incidentId } : {}),
    },
  });
}

/**
 * No acknowledgement in time: the centre's operators and 119's duty desk (fallbackPeople) get a voice call and an
 * SMS saying `content`, and the timeline says so, both keyed by the kind of attempt (once however often it runs):
 * "119 在 N 秒内未确认<unanswered>：已电话和短信通知值班人员 …<next>".
 */
export async function callFallback(
  d: Pick<Attempt119Deps, "prisma" | "queue" | "action">,
  o: { dutyPhone: string | null; ackWithinMs: number },
  f: { alarmId: string; kind: "handoff" | "withdraw"; content: MessageContent; unanswered: string; next: string },
): Promise<void> {
  const people = await fallbackPeople(d.prisma, o.dutyPhone);
  const n = await d.queue(f.alarmId, `centre:${f.alarmId}:${f.kind}-fallback`, f.content, [
    { people, channels: ["VOICE", "SMS"] },
  ]);
  await d.action(
    f.alarmId,
    `${f.kind}_fallback`,
    `119 在 ${o.ackWithinMs / 1000} 秒内未确认${f.unanswered}：已电话和短信通知值班人员 ${people.length} 人（${n} 条通知）${f.next}`,
    `centre:${f.kind}:fallback`,
  );
}

/** Who is called when 119 does not answer in time: the centre's operators with a phone, and 119's duty desk. */
async function fallbackPeople(prisma: Prisma, dutyPhone: string | null): Promise<Person[]> {
  const officers = await prisma.staffUser.findMany({
    where: { active: true, role: "CENTRE_OPERATOR", phone: { not: null } },
    select: { id: true, name: true, phone: true },
    orderBy: { id: "asc" },
    take: 20,
  });
  const people: Person[] = officers.map((o) => ({ key: `staff:${o.id}`, name: o.name, phone: o.phone, staffId: o.id }));
  if (dutyPhone) people.push({ key: "contact:119-duty", name: "119 值班", phone: dutyPhone, staffId: null });
  return people;
}

/**
 * One signed POST to the 119 centre (docs/alert-119.md): the hand-off and the withdrawal notice alike. Only a
 * 2xx answer whose JSON has "ack": true acknowledges; its incidentId (at most 100 characters) is kept.
 */
export async function postTo119(
  fetch: ProviderFetch,
  r: {
    url: string;
    secret: string;
    body: string;
    deliveryId: string;
    idempotencyKey: string;
    now: Date;
    timeoutMs: number;
  },
): Promise<PostOutcome> {
  const ts = Math.floor(r.now.getTime() / 1000);
  try {
    const res = await fetch(r.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        [TIMESTAMP_HEADER]: String(ts),
        [SIGNATURE_HEADER]: signHandoff(r.secret, ts, r.body),
        "x-anxin-delivery": r.deliveryId,
        "idempotency-key": r.idempotencyKey,
      },
      body: r.body,
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    const text = (await res.text()).slice(0, 2000);
    let ack = false;
    let incidentId: string | null = null;
    try {
      const j = JSON.parse(text) as { ack?: unknown; incidentId?: unknown };
      ack = res.ok && j.ack === true;
      if (typeof j.incidentId === "string") incidentId = j.incidentId.slice(0, 100);
    } catch {
      ack = false;
    }
    return { ack, response: `HTTP ${res.status} ${text}`, incidentId };
  } catch (e) {
    return { ack: false, response: `NETWORK ${(e as Error).message}`, incidentId: null };
  }
}

/**
 * Why an attempt got no acknowledgement, in words for the timeline (the provider's raw answer stays on the
 * attempt's Notification row, providerResponse, for whoever diagnoses it).
 */
export function failReason(response: string): string {
  if (response.startsWith("ALERT_119_URL")) return "未配置 119 推送地址";
  if (response.startsWith("NETWORK")) return "网络不通或对方无应答";
  const code = /^HTTP (\d{3})/.exec(response)?.[1];
  if (!code) return "对方未确认接收";
  return code.startsWith("2") ? "对方收到但未确认接收" : `对方返回错误（HTTP ${code}）`;
}
