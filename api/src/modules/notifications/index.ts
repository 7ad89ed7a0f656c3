// The notifications slice, built once in the composition root: channels from the configuration, the outbox
// and its worker, durable timers, the escalation service (an AlarmService listener), the live feed and the
// history queries. start() runs the loops; close() lets in-flight sends finish, so a graceful restart sends
// nothing twice.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Driver, Prisma } from "../../db/client.ts";
import type { Config } from "../../shared/config.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { WechatApi } from "../../integrations/wechat/wechat-api.ts";
import type { ScopeService } from "../places/scope.ts";
import { unavailableChannel, type Channel } from "../../channels/channel.ts";
import { WechatChannel } from "../../channels/wechat-channel.ts";
import { AliyunRpcClient } from "../../channels/aliyun-rpc.ts";
import { SmsChannel } from "../../channels/sms-channel.ts";
import { VoiceChannel } from "../../channels/voice-channel.ts";
import { PushChannel } from "../../channels/push-channel.ts";
import { ConsoleChannel } from "../../channels/console-channel.ts";
import { parseQuietHours } from "./escalation-policy.ts";
import type { UnreachedPort } from "./escalation-deps.ts";
import { EscalationService } from "./escalation-service.ts";
import { ProviderHealth } from "./provider-health.ts";
import type { Metrics } from "../../shared/metrics.ts";
import { LiveFeed } from "./live-feed.ts";
import { Loop, settleAll } from "../../shared/loop.ts";
import { NotificationHistory } from "./notification-history.ts";
import { OutboxRepository } from "./outbox-repository.ts";
import { DEFAULT_OUTBOX, OutboxWorker, type OutboxOptions } from "./outbox-worker.ts";
import { RecipientDirectory } from "./recipients.ts";
import { stepQueries } from "./step-queries.ts";
import { ReceiptService } from "./receipts.ts";
import { TimerRepository } from "./timer-repository.ts";
import { NoticeService } from "./notices.ts";
import { EscalationPolicyService } from "./policy-service.ts";
import type { AuditLog } from "../audit/audit-log.ts";

export interface NotificationDeps {
  prisma: Prisma;
  /** the engine's own driver: a fire step's reads as prepared statements (step-queries.ts); absent: Prisma */
  driver?: Driver;
  scopes: ScopeService;
  config: Config;
  clock: Clock;
  log: Logger;
  wechat: WechatApi | null;
  audit: AuditLog;
  /** the alarm engine's NOTIFY_FAILED alarms, for escalation steps that reach nobody */
  unreached?: UnreachedPort;
  metrics?: Metrics;
  /** where the console channel prints (default: stdout) */
  write?: (line: string) => void;
  outbox?: Partial<Omit<OutboxOptions, "owner">>;
}

export interface Notifications {
  escalation: EscalationService;
  outbox: OutboxWorker;
  live: LiveFeed;
  history: NotificationHistory;
  recipients: RecipientDirectory;
  /** delivery receipts pushed by the providers */
  receipts: ReceiptService;
  /** notices about changes to a home's protection (owner changes, escalation policies) */
  notices: NoticeService;
  /** communities' escalation chains as people read and change them */
  policies: EscalationPolicyService;
  /** how the SMS, voice and WeChat providers have been doing (/ready, /metrics) */
  health: ProviderHealth;
  owner: string;
  templates: { alarm: string; reminder: string };
  start(): Promise<void>;
  /** Keeps a WeChat token ready (start() does it; an HTTP worker process, which starts no loops, calls this) */
  keepTokenReady(): void;
  /** Runs due timers and sends until nothing is due (tests with a ManualClock; the demo's simulator). */
  settle(): Promise<number>;
  close(): Promise<void>;
}

/** Which providers have credentials: without them every send on that channel fails at once. */
function providersConfigured(c: Config) {
  return {
    SMS: !!(c.SMS_ACCESS_KEY_ID && c.SMS_ACCESS_KEY_SECRET),
    VOICE: !!((c.VOICE_ACCESS_KEY_ID ?? c.SMS_ACCESS_KEY_ID) && (c.VOICE_ACCESS_KEY_SECRET ?? c.SMS_ACCESS_KEY_SECRET)),
    WECHAT: !!(c.WECHAT_APP_ID && c.WECHAT_APP_SECRET),
  };
}

function channelsFrom(d: NotificationDeps, live: LiveFeed, consoleChannel: ConsoleChannel | null): Channel[] {
  const c = d.config;
  const channels: Channel[] = [new PushChannel(live)];
  const templates = { alarm: c.WECHAT_TEMPLATE_ALARM, reminder: c.WECHAT_TEMPLATE_REMINDER };
  channels.push(
    d.wechat ? new WechatChannel(d.wechat, templates) : unavailableChannel("WECHAT", "WeChat is not configured"),
  );
  if (c.SMS_ACCESS_KEY_ID && c.SMS_ACCESS_KEY_SECRET && c.SMS_API_BASE) {
    const rpc = new AliyunRpcClient({
      baseUrl: c.SMS_API_BASE,
      accessKeyId: c.SMS_ACCESS_KEY_ID,
      accessKeySecret: c.SMS_ACCESS_KEY_SECRET,
      version: "2017-05-25",
    });
    channels.push(
      new SmsChannel(rpc, {
        signName: c.SMS_SIGN_NAME,
        alarm: c.SMS_TEMPLATE_ALARM,
        reminder: c.SMS_TEMPLATE_REMINDER,
      }),
    );
  } else channels.push(unavailableChannel("SMS", "SMS is not configured (SMS_ACCESS_KEY_ID)"));
  const voiceKey = c.VOICE_ACCESS_KEY_ID ?? c.SMS_ACCESS_KEY_ID;
  const voiceSecret = c.VOICE_ACCESS_KEY_ID ? c.VOICE_ACCESS_KEY_SECRET : c.SMS_ACCESS_KEY_SECRET;
  if (voiceKey && voiceSecret && c.VOICE_API_BASE) {
    const rpc = new AliyunRpcClient({
      baseUrl: c.VOICE_API_BASE,
      accessKeyId: voiceKey,
      accessKeySecret: voiceSecret,
      version: "2017-05-25",
    });
    channels.push(new VoiceChannel(rpc, { showNumber: c.VOICE_SHOW_NUMBER, alarm: c.VOICE_TTS_ALARM }));
  } else channels.push(unavailableChannel("VOICE", "voice calls are not configured (VOICE_ACCESS_KEY_ID)"));
  if (consoleChannel) channels.push(consoleChannel);
  return channels;
}

export function createNotifications(d: NotificationDeps): Notifications {
  const owner = `${d.config.INSTANCE_ID ?? hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const live = new LiveFeed();
  const consoleChannel = d.config.NOTIFY_CONSOLE ? new ConsoleChannel(d.write) : null;
  // on SQLite the fire path's writes (claimed timer and rows) are prepared statements on the bare driver
  const outboxRepo = new OutboxRepository(d.prisma, d.driver);
  const timers = new TimerRepository(d.prisma, d.driver);
  const queries = d.driver ? stepQueries(d.driver) : undefined;
  const recipients = new RecipientDirectory(d.prisma, queries);
  const outbox = new OutboxWorker(outboxRepo, channelsFrom(d, live, consoleChannel), d.clock, d.log, {
    ...DEFAULT_OUTBOX,
    ...d.outbox,
    owner,
  });
  const sendLoop = new Loop("outbox", outbox.runOnce, d.log);
  const templates = { alarm: d.config.WECHAT_TEMPLATE_ALARM, reminder: d.config.WECHAT_TEMPLATE_REMINDER };
  const escalation = new EscalationService({
    prisma: d.prisma,
    timers,
    outbox: outboxRepo,
    recipients,
    live,
    clock: d.clock,
    log: d.log,
    owner,
    wechatTemplates: templates,
    quiet: parseQuietHours(d.config.QUIET_HOURS),
    console: consoleChannel,
    kickOutbox: () => sendLoop.kick(),
    kickTimers: () => timerLoop.kick(), // declared below; only called once running
    dispatch: (rows, status) => outbox.dispatch(rows, status),
    sendLockMs: outbox.lockMs,
    ...(d.unreached ? { unreached: d.unreached } : {}),
    onUnreached: () => d.metrics?.stepsUnreached.inc(),
    ...(queries ? { queries } : {}),
  });
  const health = new ProviderHealth(d.clock, providersConfigured(d.config));
  outbox.onOutcome = (channel, outcome, code) => {
    health.record(channel, outcome, code);
    d.metrics?.notifications.inc({ channel, outcome });
  };
  d.metrics?.watchProviders(() => health.all());
  const timerLoop = new Loop("timers", escalation.runDueTimers, d.log);
  const notices = new NoticeService(outboxRepo, recipients, d.clock, templates.reminder, () => sendLoop.kick());
  outbox.onQueued = () => sendLoop.kick();
  let reconcileTimer: NodeJS.Timeout | null = null;
  let stopToken: (() => Promise<void>) | null = null;
  const reconcile = () =>
    escalation.reconcile().catch((e: Error) => d.log.error({ err: e }, "notification reconcile failed"));

  return {
    escalation,
    outbox,
    live,
    history: new NotificationHistory(d.prisma, d.scopes),
    recipients,
    notices,
    health,
    policies: new EscalationPolicyService(d.prisma, d.scopes, d.audit, notices, recipients, (id) =>
      escalation.forgetPolicy(id),
    ),
    receipts: new ReceiptService(outboxRepo, outbox, d.clock, d.log, {
      receiptToken: d.config.RECEIPT_TOKEN,
      wechatPushToken: d.config.WECHAT_PUSH_TOKEN,
    }),
    owner,
    templates,
    async start() {
      // a token ready before the first alarm, and kept fresh: no send waits for one. Not awaited: a WeChat
      // outage must not hold the start, and a send meanwhile shares the request in flight.
      stopToken ??= keepWechatToken(d);
      const planned = await escalation.reconcile();
      if (planned) d.log.info({ planned }, "planned notifications for open alarms left unplanned by the last run");
      timerLoop.start(d.config.NOTIFY_POLL_MS);
      sendLoop.start(d.config.NOTIFY_POLL_MS);
      reconcileTimer = setInterval(reconcile, 5 * 60_000);
      reconcileTimer.unref();
    },
    settle: () => settleAll([timerLoop, sendLoop], [escalation.inflight, outbox.inflight]),
    keepTokenReady() {
      stopToken ??= keepWechatToken(d);
    },
    async close() {
      if (reconcileTimer) clearInterval(reconcileTimer);
      await stopToken?.();
      await escalation.inflight.idle();
      await timerLoop.stop();
      await outbox.inflight.idle();
      await sendLoop.stop();
      await outbox.inflight.idle();
      live.close();
    },
  };
}

function keepWechatToken(d: { wechat: WechatApi | null; log: Logger }): (() => Promise<void>) | null {
  return (
    d.wechat?.keepTokenReady((e) => d.log.warn({ err: e.message }, "WeChat access token refresh failed")).stop ?? null
  );
}
