// Shared by the notification and escalation suites: an API with the SMS and voice contract stubs, a manual
// clock, no background polling (each step runs when the test settles the loops), and helpers to put a new
// smoke alarm in Zhang San's home and raise a fire on it.
import { ManualClock } from "../../api/src/shared/clock.ts";
import { SmsStub, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } from "../../api/stand-ins/sms-stub.ts";
import { VoiceStub } from "../../api/stand-ins/voice-stub.ts";
import { startTestApi, type TestApi, type TestApiOptions } from "../support/test-api.ts";

export interface Providers {
  sms: SmsStub;
  voice: VoiceStub;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startProviders(): Promise<Providers> {
  const sms = new SmsStub();
  const voice = new VoiceStub();
  const env = {
    SMS_API_BASE: await sms.start(),
    VOICE_API_BASE: await voice.start(),
    SMS_ACCESS_KEY_ID: DEMO_ACCESS_KEY_ID,
    SMS_ACCESS_KEY_SECRET: DEMO_ACCESS_KEY_SECRET,
    NOTIFY_POLL_MS: "3600000", // no background polling: the test settles the loops itself
    RECEIPT_TOKEN: RECEIPT_TOKEN,
    WECHAT_PUSH_TOKEN: WECHAT_PUSH_TOKEN,
    ACCESS_TOKEN_TTL_SEC: String(30 * 24 * 3600), // the manual clock moves hours; sign-ins should not expire
  };
  return { sms, voice, env, stop: async () => void (await Promise.all([sms.stop(), voice.stop()])) };
}

/** The secrets of the receipt URLs (Alibaba Cloud) and of WeChat's message push, for these tests only. */
export const RECEIPT_TOKEN = "test-receipt-token-0123456789";
export const WECHAT_PUSH_TOKEN = "anxinPushToken2026";

/** Points the stubs' receipt pushes at this API (with the right secrets). */
export function wireReceipts(t: TestApi, p: Providers): void {
  p.sms.receiptUrl = `${t.url}/api/receipts/aliyun/sms?token=${RECEIPT_TOKEN}`;
  p.voice.receiptUrl = `${t.url}/api/receipts/aliyun/voice?token=${RECEIPT_TOKEN}`;
  t.wechat.pushUrl = `${t.url}/api/receipts/wechat`;
  t.wechat.pushToken = WECHAT_PUSH_TOKEN;
}

/** A weekday at 10:00 in Shanghai: outside quiet hours. */
export const DAYTIME = Date.UTC(2026, 10, 26, 2, 0, 0);

export function startNotifyApi(p: Providers, clock: ManualClock, opts: TestApiOptions = {}): Promise<TestApi> {
  return startTestApi({ clock, ...opts, env: { ...p.env, ...opts.env } });
}

let serial = 0;

/** Registers a device (manager_a) and binds it to Zhang San's home (zhangsan); returns its id. */
export async function newDevice(t: TestApi, room = "客厅"): Promise<string> {
  const manager = await t.loginStaff("manager_a");
  const home = t.demo.residents[0]!.households[0]!;
  const community = await t.api.db.prisma.household.findUniqueOrThrow({
    where: { id: home.id },
    select: { unit: { select: { building: { select: { communityId: true } } } } },
  });
  const reg = await t.request<{ id: string; bindQr: string }>("POST", "/api/devices", {
    token: manager,
    body: {
      serial: `NT${process.pid}${++serial}${Date.now() % 100000}`.slice(0, 32),
      modelId: "AX-SA100",
      communityId: community.unit.building.communityId,
    },
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const bind = await t.request("POST", "/api/devices/bind", {
    token: await t.loginResident("zhangsan"),
    body: { qr: reg.body.bindQr, householdId: home.id, room },
  });
  if (bind.status !== 200) throw new Error(`bind: ${bind.status} ${JSON.stringify(bind.body)}`);
  return reg.body.id;
}

let msg = 0;

/** A device message through the ingest pipeline (as if published over MQTT), applied, then the loops settled. */
export async function deviceSays(
  t: TestApi,
  clock: ManualClock,
  deviceId: string,
  type: string,
  id = `m${++msg}`,
): Promise<string> {
  await t.api.services.ingest.submit(deviceId, JSON.stringify({ id, ts: clock.now().getTime(), type }), "test");
  await t.api.services.ingest.drain();
  await t.api.services.notifications.settle();
  return id;
}

export async function openAlarm(t: TestApi, deviceId: string, kind = "FIRE") {
  return t.api.db.prisma.alarm.findFirstOrThrow({
    where: { deviceId, kind: kind as never, openSlot: "OPEN" },
  });
}

export async function rowsOf(t: TestApi, alarmId: string) {
  return t.api.db.prisma.notification.findMany({ where: { alarmId }, orderBy: { createdAt: "asc" } });
}

/** Moves the clock and runs whatever became due. */
export async function advance(t: TestApi, clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await t.api.services.notifications.settle();
}
