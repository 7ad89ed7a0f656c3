// Configuration comes from the environment only, validated once at start. Each wrong value gives one line
// naming the variable and what is wrong, and start-up stops.
import { z } from "zod";
import { DatabaseUrlError, parseDatabaseUrl, type DatabaseTarget } from "../db/url.ts";

const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65535) {
        ctx.addIssue({ code: "custom", message: `must be a port number 0-65535 (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (!/^\d+$/.test(v) || Number(v) <= 0) {
        ctx.addIssue({ code: "custom", message: `must be a positive whole number (got "${v}")` });
        return z.NEVER;
      }
      return Number(v);
    });

/** A whole number from 0 to `max` (`unit`: what it counts, for the message), `fallback` when unset. */
const wholeUpTo = (fallback: number, max: number, unit = "") =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (!/^\d+$/.test(v) || Number(v) > max) {
        ctx.addIssue({ code: "custom", message: `must be 0-${max}${unit} (got "${v}")` });
        return z.NEVER;
      }
      return Number(v);
    });

const httpUrl = (fallback?: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === "" ? fallback : v;
      if (value === undefined) return undefined;
      try {
        const u = new URL(value);
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
      } catch {
        ctx.addIssue({ code: "custom", message: `must be an http(s) URL (got "${value}")` });
        return z.NEVER;
      }
      return value.replace(/\/+$/, "");
    });

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (["1", "true", "yes", "on"].includes(v.toLowerCase())) return true;
      if (["0", "false", "no", "off"].includes(v.toLowerCase())) return false;
      ctx.addIssue({ code: "custom", message: `must be true or false (got "${v}")` });
      return z.NEVER;
    });

/** A free-text setting; empty counts as unset (`VAR=` in a compose file or .env). */
const text = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v));

/** A free-text setting without a default (credentials); empty counts as unset. */
const optionalText = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v));

/** One of a fixed set of words; empty counts as unset. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z
    .string()
    .optional()
    .transform((v, ctx): T[number] => {
      if (v === undefined || v === "") return fallback;
      if ((values as readonly string[]).includes(v)) return v as T[number];
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")} (got "${v}")` });
      return z.NEVER;
    });

const envSchema = z.object({
  NODE_ENV: oneOf(["development", "production", "test"], "development"),
  HOST: text("127.0.0.1"),
  PORT: port(3000),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v, ctx): DatabaseTarget => {
      try {
        return parseDatabaseUrl(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: e instanceof DatabaseUrlError ? e.message : String(e) });
        return z.NEVER;
      }
    }),
  DATA_DIR: text("./data"),
  LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info"),
  JWT_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  // signs booking QR tickets; falls back to JWT_SECRET so one secret is enough for a small install
  TICKET_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  ACCESS_TOKEN_TTL_SEC: positiveInt(900),
  REFRESH_TOKEN_TTL_SEC: positiveInt(30 * 24 * 3600),
  STAFF_MAX_FAILED_LOGINS: positiveInt(5),
  STAFF_LOCKOUT_SEC: positiveInt(15 * 60),
  WECHAT_API_BASE: httpUrl("https://api.weixin.qq.com"),
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  DEMO_STUBS: bool(true),
  // the demo county (accounts with printed passwords, device secrets): never in production (loadConfig)
  SEED_DEMO: z.string().optional(),
  MQTT_PORT: port(1883),
  MQTT_URL: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v === "" || /^(mqtts?|wss?|tcp):\/\//.test(v),
      "must be an mqtt://, mqtts://, ws:// or wss:// URL",
    ),
  MQTT_SHARE_GROUP: text("anxin"),
  MQTT_HOST: text("127.0.0.1"),
  OFFLINE_SWEEP_SEC: positiveInt(60),
  // unset: this machine on PORT (loadConfig), so a demo on another port links to itself
  PUBLIC_BASE_URL: httpUrl(),
  // the public portal's own address for canonical URLs, og:url and the sitemap; unset: the request's own
  PORTAL_PUBLIC_URL: httpUrl(),
  // a map tile address template for the console's maps ({z}/{x}/{y}; its origin is added to the pages' CSP);
  // unset: the maps draw their markers on a plain background
  CONSOLE_TILE_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      try {
        const u = new URL(v.replace(/\{[a-z]\}/g, "0"));
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
      } catch {
        ctx.addIssue({ code: "custom", message: `must be an http(s) tile address like https://host/{z}/{x}/{y}.png` });
        return z.NEVER;
      }
      if (v.length > 500) {
        ctx.addIssue({ code: "custom", message: "must be at most 500 characters" });
        return z.NEVER;
      }
      return v;
    }),
  INSTANCE_ID: z.string().optional(),
  // HTTP served by this many child processes (issue 21: off the event loop fire alarms run on); the main
  // process keeps the broker, ingest, timers and the outbox, accepts connections and hands them over. 0: the
  // main process serves HTTP itself
  HTTP_WORKERS: wholeUpTo(0, 16),
  // Notifications (issue #4). SMS and voice calls through Alibaba Cloud (SendSms, SingleCallByTts); each is
  // on when its access key is set. The voice key defaults to the SMS one.
  SMS_API_BASE: httpUrl("https://dysmsapi.aliyuncs.com"),
  SMS_ACCESS_KEY_ID: optionalText(),
  SMS_ACCESS_KEY_SECRET: optionalText(),
  SMS_SIGN_NAME: text("安心消防"),
  SMS_TEMPLATE_ALARM: text("SMS_ANXIN_ALARM"),
  SMS_TEMPLATE_REMINDER: text("SMS_ANXIN_REMINDER"),
  VOICE_API_BASE: httpUrl("https://dyvmsapi.aliyuncs.com"),
  VOICE_ACCESS_KEY_ID: optionalText(),
  VOICE_ACCESS_KEY_SECRET: optionalText(),
  VOICE_SHOW_NUMBER: text("057100000000"),
  VOICE_TTS_ALARM: text("TTS_ANXIN_ALARM"),
  // subscribe-message template ids from the mini-program's admin console (报警通知, 设备提醒)
  WECHAT_TEMPLATE_ALARM: text("anxin-tpl-alarm"),
  WECHAT_TEMPLATE_REMINDER: text("anxin-tpl-reminder"),
  // delivery receipts: the secret token in the receipt URLs configured in Alibaba Cloud's console
  // (…/api/receipts/aliyun/sms?token=…), and the Token of the mini-program's message push (WeChat signs with it)
  RECEIPT_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  WECHAT_PUSH_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine(
      (v) => v === undefined || /^[A-Za-z0-9]{3,32}$/.test(v),
      "must be 3-32 letters or digits (WeChat's rule for the message-push Token)",
    ),
  // the monitoring centre's hand-off of confirmed fires to the county's 119 dispatch centre (docs/alert-119.md):
  // its endpoint, the shared HMAC secret, and the duty desk's phone called when a hand-off is not acknowledged
  ALERT_119_URL: httpUrl(),
  ALERT_119_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  ALERT_119_DUTY_PHONE: optionalText(),
  // where withdrawal notices go (a handed-off alarm found to be no fire); unset: <ALERT_119_URL>/withdrawals
  ALERT_119_WITHDRAW_URL: httpUrl(),
  // print every notification and escalation step (the demo turns this on)
  NOTIFY_CONSOLE: bool(false),
  // reminders for low battery and offline devices wait until these end (Asia/Shanghai); fire never waits
  QUIET_HOURS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === "" ? "22:00-07:00" : v;
      if (!/^([01]?\d|2[0-3]):[0-5]\d-([01]?\d|2[0-3]):[0-5]\d$/.test(value)) {
        ctx.addIssue({ code: "custom", message: `must look like 22:00-07:00 (got "${value}")` });
        return z.NEVER;
      }
      return value;
    }),
  NOTIFY_POLL_MS: positiveInt(1000),
  // Hardening (issue 12). Behind a TLS-terminating proxy: trust its X-Forwarded-For/-Proto, so rate limits
  // see the client's address and cookies are Secure and HSTS is sent when the client used https.
  TRUST_PROXY: bool(false),
  // /metrics needs "Authorization: Bearer <METRICS_TOKEN>"; without a token it answers only local,
  // unproxied requests (127.0.0.1, ::1)
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  // the event loop watchdog logs an error and counts a stall when a 250 ms timer runs this much late
  EVENT_LOOP_STALL_MS: positiveInt(1000),
  // the county view is computed at most once a second and query, however many supervisors read it (issue
  // 21: its 18 statements a request held the loop fire alarms run on); 0 computes every request afresh
  REPORTS_CACHE_MS: wholeUpTo(1000, 60_000, " milliseconds"),
  // routine HTTP requests are answered in turns of at most this much of the event loop, which reads its
  // sockets (a fire alarm's) between turns (TurnGate, issue 21); 0 answers each request as soon as it is read
  HTTP_TURN_MS: wholeUpTo(4, 1000, " milliseconds"),
  // routine device messages (and panel frames) committed in one turn of the event loop, at most 1,000 (500
  // frames); a fire alarm's read waits for at most one such commit (issue 21); 0 commits the whole queue at
  // once, commit after commit
  INGEST_ROUTINE_PER_TURN: wholeUpTo(1000, 100_000),
  // per-device rate of routine messages (heartbeats, status, device problems); fire-class messages
  // (smoke_alarm, smoke_clear, mute) are never limited
  DEVICE_MSG_PER_MIN: positiveInt(60),
  DEVICE_MSG_BURST: positiveInt(60),
  // the embedded broker: open connections per client address, of which not yet through CONNECT, and the
  // largest packet before and after CONNECT (device messages are at most 2 KB: docs/device-protocol.md)
  MQTT_MAX_CONNECTIONS_PER_ADDRESS: positiveInt(200),
  MQTT_MAX_PENDING_PER_ADDRESS: positiveInt(20),
  MQTT_CONNECT_TIMEOUT_MS: positiveInt(10_000),
  // connections the kernel holds for the embedded broker until the loop accepts them: a reconnect storm after a
  // power cut sends thousands of handshakes at once, and a full queue drops them for up to a minute of SYN
  // retries (Node's default is 511; Linux caps it at net.core.somaxconn)
  MQTT_LISTEN_BACKLOG: wholeUpTo(4096, 65_535, " connections"),
  MQTT_MAX_PACKET_BYTES: positiveInt(8192),
  // the embedded broker on a thread of its own (issue 21): a reconnect storm's sockets, handshakes and packets
  // off the event loop that stores a fire alarm and starts its first step (transport/mqtt/broker-thread.ts)
  MQTT_BROKER_THREAD: bool(true),
  // the embedded broker in this many processes instead (issue 21 item 3): each open connection is an open file,
  // and one process may hold only so many (`ulimit -Hn`); the API's process accepts each connection and hands it
  // to the one holding the fewest (transport/mqtt/broker-shards.ts). 0: one broker (MQTT_BROKER_THREAD)
  MQTT_BROKER_PROCESSES: wholeUpTo(0, 16),
  // The GB/T 26875.3 gateway for user information transmission devices (docs/gb26875.md). Unset port: 9026,
  // or a free one when 9026 is taken (said at start); 0: any free port. Real devices on the network need
  // GB26875_HOST=0.0.0.0 (or the interface's address) and the port opened in the firewall.
  GB26875_ENABLED: bool(true),
  GB26875_PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      if (!/^\d+$/.test(v) || Number(v) > 65535) {
        ctx.addIssue({ code: "custom", message: `must be a port number 0-65535 (got "${v}")` });
        return z.NEVER;
      }
      return Number(v);
    }),
  GB26875_HOST: text("127.0.0.1"),
  GB26875_MAX_CONNECTIONS: positiveInt(10_000),
  // a silent device is offline after its patrol interval, never more than this (GB 50440: 2 h)
  GB26875_MAX_PATROL_SEC: positiveInt(7200),
  // routine frames per device and second, and the burst; fire frames are never limited
  GB26875_FRAMES_PER_SEC: positiveInt(20),
  GB26875_FRAME_BURST: positiveInt(40),
  // how often each gateway reads the shared queue of commands for its devices (queued by another instance)
  GB26875_COMMAND_POLL_MS: positiveInt(1000),
  // the centre's address in frames the gateway starts (clock sync, patrol reads): 12 hex digits
  GB26875_CENTRE_ADDRESS: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v?.toLowerCase()))
    .refine((v) => v === undefined || /^[0-9a-f]{12}([0-9a-f]{12})?$/.test(v), "must be 12 or 24 hex digits"),
  // NB-IoT through the carrier platforms (docs/carriers.md). A receiver without its token refuses every push.
  CTWING_PUSH_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  // comma-separated addresses or CIDR ranges CTWing pushes from; unset: any sender with the token
  CTWING_ALLOWED_ADDRESSES: optionalText(),
  CTWING_API_BASE: httpUrl("https://ag-api.ctwing.cn"),
  CTWING_APP_KEY: optionalText(),
  CTWING_APP_SECRET: optionalText(),
  // productId:MasterKey pairs, comma-separated
  CTWING_MASTER_KEYS: optionalText(),
  ONENET_PUSH_TOKEN: optionalText(),
  // the 43-character EncodingAESKey, for OneNET's encrypted push only
  ONENET_AES_KEY: optionalText(),
  ONENET_API_BASE: httpUrl("https://api.heclouds.com"),
  ONENET_API_KEY: optionalText(),
  // Cameras (docs/cameras.md): the key that seals their passwords (at least 32 characters; outside production
  // an embedded development key is used when unset, in production passwords are refused without it), the
  // health check's period, live views at once, recognition on or off, and how many snapshots an alarm gets
  CAMERA_SECRET_KEY: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  CAMERA_HEALTH_SEC: positiveInt(60),
  CAMERA_MAX_STREAMS: positiveInt(4),
  CAMERA_DETECT: bool(true),
  CAMERA_MAX_ANALYSED: positiveInt(16),
  CAMERA_ALARM_SNAPSHOTS: positiveInt(3),
  // a county's trained model for recognition instead of the classic detector (docs/cameras.md, the ONNX slot)
  CAMERA_MODEL_PATH: optionalText(),
  CAMERA_MODEL_LAYOUT: oneOf(["yolov8", "yolov5"], "yolov8"),
  CAMERA_MODEL_CLASSES: text("flame,smoke"),
});

export type Config = Omit<z.output<typeof envSchema>, "SEED_DEMO" | "PUBLIC_BASE_URL"> & {
  /** links' base (QR codes, notices): PUBLIC_BASE_URL, or this machine on PORT */
  PUBLIC_BASE_URL: string;
  jwtSecretEphemeral: boolean;
  /** seed the demo county into an empty database: on by default, never in production */
  SEED_DEMO: boolean;
};

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((i) => `Configuration error: ${i.path.join(".")} ${i.message}`);
  // Settings that depend on each other, checked on the raw values so they are reported with the rest.
  if (env.NODE_ENV === "production" && !env.JWT_SECRET)
    lines.push("Configuration error: JWT_SECRET must be set in production");
  const seed = (env.SEED_DEMO ?? "").toLowerCase();
  const seedOn = ["1", "true", "yes", "on"].includes(seed);
  if (seed !== "" && !seedOn && !["0", "false", "no", "off"].includes(seed))
    lines.push(`Configuration error: SEED_DEMO must be true or false (got "${env.SEED_DEMO}")`);
  // demo accounts have passwords printed at start and device secrets written to demo.json (issue 12 item 5)
  if (env.NODE_ENV === "production" && seedOn)
    lines.push("Configuration error: SEED_DEMO cannot be on in production (demo accounts and secrets)");
  if (env.WECHAT_APP_ID && !env.WECHAT_APP_SECRET)
    lines.push("Configuration error: WECHAT_APP_SECRET must be set when WECHAT_APP_ID is");
  for (const p of ["SMS", "VOICE"]) {
    if (env[`${p}_ACCESS_KEY_ID`] && !env[`${p}_ACCESS_KEY_SECRET`])
      lines.push(`Configuration error: ${p}_ACCESS_KEY_SECRET must be set when ${p}_ACCESS_KEY_ID is`);
  }
  if (env.CTWING_APP_KEY && !env.CTWING_APP_SECRET)
    lines.push("Configuration error: CTWING_APP_SECRET must be set when CTWING_APP_KEY is");
  if (env.ONENET_AES_KEY && env.ONENET_AES_KEY.length !== 43)
    lines.push("Configuration error: ONENET_AES_KEY must be the 43-character EncodingAESKey");
  for (const pair of (env.CTWING_MASTER_KEYS ?? "").split(",").filter((x) => x.trim()))
    if (!/^[^:\s]+:[^:\s]+$/.test(pair.trim()))
      lines.push("Configuration error: CTWING_MASTER_KEYS must be productId:MasterKey pairs, comma-separated");
  if (!parsed.success || lines.length) throw new ConfigError(lines);
  const cfg = parsed.data;
  return {
    ...cfg,
    PUBLIC_BASE_URL: cfg.PUBLIC_BASE_URL ?? `http://127.0.0.1:${cfg.PORT || 3000}`, // port 0: any free one, none to link
    jwtSecretEphemeral: !cfg.JWT_SECRET,
    SEED_DEMO: cfg.NODE_ENV !== "production" && (seed === "" || seedOn),
  };
}
