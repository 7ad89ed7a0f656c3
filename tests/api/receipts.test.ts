// Delivery receipts and no resend after a crash, on SQLite and PostgreSQL, against the contract stubs: the SMS
// status report, the voice call report and WeChat's subscribe_msg_sent_event move rows from SENT to DELIVERED
// or FAILED (with the provider's reason, and the fallback a failure calls for); forged pushes are refused and
// change nothing; a repeated receipt has no second effect; staff see sent vs delivered in the notification
// log. A sender that dies after SendSms accepted a message does not cause a second SMS: the next instance
// finds our OutId with QuerySendDetails and records the row as sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import type { TestApi } from "../support/test-api.ts";
import { pushJson } from "../../api/stand-ins/sms-stub.ts";
import {
  advance,
  DAYTIME,
  deviceSays,
  newDevice,
  openAlarm,
  RECEIPT_TOKEN,
  rowsOf,
  startNotifyApi,
  startProviders,
  wireReceipts,
  type Providers,
} from "./escalation-support.ts";

const ZHANGSAN = "13800000001";
const LISI = "13800000002";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`delivery receipts on ${provider}`, () => {
    let p: Providers;
    let t: TestApi;
    const clock = new ManualClock(DAYTIME);

    beforeAll(async () => {
      p = await startProviders();
      t = await startNotifyApi(p, clock, { provider });
      wireReceipts(t, p);
    });
    afterAll(async () => {
      await t?.close();
      await p?.stop();
    });

    const prisma = () => t.api.db.prisma;
    const row = (id: string) => prisma().notification.findUniqueOrThrow({ where: { id } });

    /** A new fire in Zhang San's home; its first-step rows (WeChat and SMS to Zhang San and Li Si). */
    async function fire() {
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      const rows = await rowsOf(t, alarm.id);
      const sms = (phone: string) => rows.find((r) => r.channel === "SMS" && r.target === phone)!;
      return { alarm, rows, sms, wechat: rows.filter((r) => r.channel === "WECHAT") };
    }

    it("SMS: the BizId is kept; a status report marks the row delivered, shown in the log; a repeated report changes nothing", async () => {
      const { alarm, sms } = await fire();
      const r = sms(ZHANGSAN);
      expect(r.status).toBe("SENT");
      const sent = p.sms.sent.find((s) => s.outId === r.id)!;
      expect(r.providerId).toBe(sent.bizId);

      const ack = await p.sms.report(r.id);
      expect(ack).toEqual({ status: 200, body: { code: 0, msg: "成功" } });
      const delivered = await row(r.id);
      expect(delivered.status).toBe("DELIVERED");
      expect(delivered.deliveredAt).not.toBeNull();
      expect(JSON.parse(delivered.providerResponse!)).toMatchObject({ receipt: "SmsReport", err_code: "DELIVERED" });

      const log = await t.request<{
        items: {
          id: string;
          status: string;
          statusLabel: string;
          deliveredAt: string | null;
          sentAt: string | null;
          providerCode: string;
        }[];
      }>("GET", `/api/history/notifications?alarmId=${alarm.id}`, { token: await t.loginStaff("manager_a") });
      const item = log.body.items.find((i) => i.id === r.id)!;
      expect(item).toMatchObject({
        status: "DELIVERED",
        statusLabel: "已送达",
        deliveredAt: delivered.deliveredAt!.toISOString(),
        providerCode: "DELIVERED",
      });
      expect(log.body.items.find((i) => i.id === sms(LISI).id)).toMatchObject({
        status: "SENT",
        statusLabel: "已发出（未确认送达）",
        deliveredAt: null,
      });

      // the same report again, and then a contrary one: acknowledged, no second effect, never backwards
      const before = p.sms.requests.length;
      const duplicates = t.api.services.notifications.receipts.counts.duplicate;
      expect((await p.sms.report(r.id)).body).toEqual({ code: 0, msg: "成功" });
      expect((await p.sms.report(r.id, { success: false, errCode: "MK:0001" })).body).toEqual({ code: 0, msg: "成功" });
      const again = await row(r.id);
      expect(again.status).toBe("DELIVERED");
      expect(again.deliveredAt).toEqual(delivered.deliveredAt);
      expect(again.providerResponse).toBe(delivered.providerResponse);
      expect(t.api.services.notifications.receipts.counts.duplicate).toBe(duplicates + 2);
      await t.api.services.notifications.settle();
      expect((await rowsOf(t, alarm.id)).filter((x) => x.recipient === r.recipient && x.channel === "VOICE")).toEqual(
        [],
      ); // no fallback from the contrary report
      expect(p.sms.requests.length).toBe(before);
    });

    it("SMS: a failure report marks the row failed with the carrier's reason, and the fire message goes out as a call", async () => {
      const { alarm, sms } = await fire();
      const r = sms(LISI);
      expect((await p.sms.report(r.id, { success: false, errCode: "MK:0001", errMsg: "用户关机" })).status).toBe(200);
      const failed = await row(r.id);
      expect(failed.status).toBe("FAILED");
      expect(failed.deliveredAt).toBeNull();
      expect(JSON.parse(failed.providerResponse!)).toMatchObject({
        receipt: "SmsReport",
        err_code: "MK:0001",
        err_msg: "用户关机",
      });
      await t.api.services.notifications.settle();
      const call = (await rowsOf(t, alarm.id)).find((x) => x.recipient === r.recipient && x.channel === "VOICE");
      expect(call?.status).toBe("SENT");
      expect(p.voice.calls.filter((c) => c.outId === call!.id).map((c) => c.phone)).toEqual([LISI]);
    });

    it("SMS: a record the batch holds that cannot be read is left out; the others in the batch are applied", async () => {
      const { alarm, sms } = await fire();
      const r = sms(LISI);
      const sent = p.sms.sent.find((s) => s.outId === r.id)!;
      const failure = {
        phone_number: LISI,
        success: false,
        err_code: "MK:0001",
        err_msg: "用户关机",
        biz_id: sent.bizId,
        out_id: r.id,
      };
      // "TRUE" and a missing success: each refused the whole batch, the failure report with it
      const res = await pushJson(`${t.url}/api/receipts/aliyun/sms?token=${RECEIPT_TOKEN}`, [
        { ...failure, success: "TRUE" },
        { phone_number: LISI, biz_id: "1^0" },
        failure,
      ]);
      expect(res).toEqual({ status: 200, body: { code: 0, msg: "成功" } });
      expect((await row(r.id)).status).toBe("FAILED");
      await t.api.services.notifications.settle();
      const call = (await rowsOf(t, alarm.id)).find((x) => x.recipient === r.recipient && x.channel === "VOICE");
      expect(call?.status).toBe("SENT");
      // a body that is no batch at all is still refused
      const junk = await pushJson(`${t.url}/api/receipts/aliyun/sms?token=${RECEIPT_TOKEN}`, { success: true });
      expect(junk.status).toBe(400);
    });

    it("voice: the CallId is kept; an answered call is delivered, one nobody answered is failed and becomes an SMS", async () => {
      const { alarm } = await fire();
      await advance(t, clock, 60_000);
      const calls = (await rowsOf(t, alarm.id)).filter(
        (r) => r.channel === "VOICE" && r.dedupeKey.includes(":step:1:"),
      );
      const toZhang = calls.find((c) => c.target === ZHANGSAN)!;
      const toLi = calls.find((c) => c.target === LISI)!;
      expect(toZhang.providerId).toBe(p.voice.calls.find((c) => c.outId === toZhang.id)!.callId);

      expect((await p.voice.report(toZhang.id)).body).toEqual({ code: 0, msg: "成功" });
      expect((await row(toZhang.id)).status).toBe("DELIVERED");
      expect((await row(toZhang.id)).deliveredAt).not.toBeNull();

      const smsBefore = p.sms.sent.filter((s) => s.phone === LISI).length;
      await p.voice.report(toLi.id, { answered: false });
      const missed = await row(toLi.id);
      expect(missed.status).toBe("FAILED");
      expect(JSON.parse(missed.providerResponse!)).toMatchObject({ receipt: "VoiceReport", status_code: "200003" });
      await t.api.services.notifications.settle();
      const fallback = (await rowsOf(t, alarm.id)).find(
        (x) => x.dedupeKey.includes(":step:1:") && x.recipient === toLi.recipient && x.channel === "SMS",
      );
      expect(fallback?.status).toBe("SENT");
      expect(p.sms.sent.filter((s) => s.phone === LISI).length).toBe(smsBefore + 1);
      await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} });
    });

    it("WeChat: subscribe_msg_sent_event by MsgID: success is delivered, a blocked message is failed (its SMS already went)", async () => {
      const { wechat, rows } = await fire();
      const [a, b] = wechat;
      expect(a!.providerId).toMatch(/^\d+$/);
      expect((await t.wechat.reportSent(Number(a!.providerId))).body).toBe("success");
      expect((await row(a!.id)).status).toBe("DELIVERED");
      await t.wechat.reportSent(Number(b!.providerId), { status: "failed:user block" });
      const blocked = await row(b!.id);
      expect(blocked.status).toBe("FAILED");
      expect(JSON.parse(blocked.providerResponse!)).toMatchObject({ ErrorStatus: "failed:user block" });
      await t.api.services.notifications.settle();
      expect((await rowsOf(t, a!.alarmId!)).length).toBe(rows.length); // the SMS of the same step covers them: no second one
    });

    it("forged pushes are refused and change nothing; receipts for unknown ids are acknowledged and counted", async () => {
      const { sms, wechat } = await fire();
      const r = sms(ZHANGSAN);
      const sent = p.sms.sent.find((s) => s.outId === r.id)!;
      const report = [
        {
          phone_number: ZHANGSAN,
          send_time: "2026-11-26 10:00:00",
          report_time: "2026-11-26 10:00:05",
          success: true,
          err_code: "DELIVERED",
          err_msg: "用户接收成功",
          sms_size: "1",
          biz_id: sent.bizId,
          out_id: r.id,
        },
      ];
      for (const url of [
        `${t.url}/api/receipts/aliyun/sms`,
        `${t.url}/api/receipts/aliyun/sms?token=wrong-token-wrong-token`,
        `${t.url}/api/receipts/aliyun/sms?token=${RECEIPT_TOKEN}x`,
      ]) {
        const res = await pushJson(url, report);
        expect(res.status).toBe(403);
        expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({
          code: "FORBIDDEN",
          message: expect.stringContaining("回执令牌"),
        });
      }
      const forgedCall = await pushJson(`${t.url}/api/receipts/aliyun/voice?token=nope`, [
        { call_id: "1^1", status_code: "200003", out_id: r.id },
      ]);
      expect(forgedCall.status).toBe(403);
      const w = wechat[0]!;
      const forgedWechat = await t.wechat.reportSent(Number(w.providerId), {
        status: "failed:user block",
        signWith: "notTheToken",
      });
      expect(forgedWechat.status).toBe(403);
      expect((forgedWechat.body as { error: { message: string } }).error.message).toContain("签名");
      expect((await row(r.id)).status).toBe("SENT");
      expect((await row(w.id)).status).toBe("SENT");
      expect(t.api.services.notifications.receipts.counts.refused).toBeGreaterThanOrEqual(5);

      // WeChat's server check answers echostr only with a good signature
      const { createHash } = await import("node:crypto");
      const sig = createHash("sha1").update(["anxinPushToken2026", "1700000000", "abc"].sort().join("")).digest("hex");
      expect(
        (
          await t.request(
            "GET",
            `/api/receipts/wechat?signature=${sig}&timestamp=1700000000&nonce=abc&echostr=hello123`,
          )
        ).body,
      ).toBe("hello123");
      expect(
        (
          await t.request(
            "GET",
            `/api/receipts/wechat?signature=${sig}&timestamp=1700000001&nonce=abc&echostr=hello123`,
          )
        ).status,
      ).toBe(403);

      const unknown = t.api.services.notifications.receipts.counts.unknown;
      const res = await pushJson(`${t.url}/api/receipts/aliyun/sms?token=${RECEIPT_TOKEN}`, [
        { ...report[0], biz_id: "999^0", out_id: "not-ours" },
      ]);
      expect(res).toEqual({ status: 200, body: { code: 0, msg: "成功" } });
      expect(t.api.services.notifications.receipts.counts.unknown).toBe(unknown + 1);
      expect((await row(r.id)).status).toBe("SENT");
      // and /metrics says the same
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      const counted = (outcome: string) =>
        Number(
          new RegExp(`^anxin_delivery_receipts_total\\{outcome="${outcome}"\\} (\\d+)$`, "m").exec(metrics)?.[1] ?? NaN,
        );
      expect(counted("refused")).toBe(t.api.services.notifications.receipts.counts.refused);
      expect(counted("unknown")).toBe(unknown + 1);
    });

    it("a sender that dies after SendSms accepted the message: after its lock expires the row is recorded as sent, with no second SMS", async () => {
      const { alarm, sms } = await fire();
      const template = sms(ZHANGSAN);
      const outbox = t.api.services.notifications.outbox;
      const now = clock.now();
      // a row claimed by an instance that then called the provider and died before recording the answer
      const crashed = await prisma().notification.create({
        data: {
          alarmId: alarm.id,
          channel: "SMS",
          recipient: template.recipient,
          target: ZHANGSAN,
          template: template.template,
          payload: template.payload,
          dedupeKey: `${template.dedupeKey}:crashed`,
          status: "SENDING",
          attempts: 1,
          nextAttemptAt: now,
          lockedBy: "dead-instance",
          lockedUntil: new Date(now.getTime() + outbox.lockMs),
        },
      });
      const content = JSON.parse(template.payload).content;
      expect(
        (
          await outbox
            .channel("SMS")
            .send({ id: crashed.id, channel: "SMS", recipient: crashed.recipient, target: ZHANGSAN, content })
        ).ok,
      ).toBe(true);
      // and one claimed by an instance that died before it reached the provider
      const unsent = await prisma().notification.create({
        data: {
          alarmId: alarm.id,
          channel: "SMS",
          recipient: template.recipient,
          target: ZHANGSAN,
          template: template.template,
          payload: template.payload,
          dedupeKey: `${template.dedupeKey}:unsent`,
          status: "SENDING",
          attempts: 1,
          nextAttemptAt: now,
          lockedBy: "dead-instance",
          lockedUntil: new Date(now.getTime() + outbox.lockMs),
        },
      });
      const queries = () =>
        p.sms.requests.filter((q) => (q.body as Record<string, string>).Action === "QuerySendDetails").length;
      const queriesBefore = queries();

      await t.api.services.notifications.settle();
      expect((await row(crashed.id)).status).toBe("SENDING"); // still locked by the dead instance

      // the lock expires while the provider is down: the question fails, so nothing is sent; asked again later
      p.sms.outage = { code: "ServiceUnavailable", status: 503 };
      try {
        await advance(t, clock, outbox.lockMs + 1);
        for (const id of [crashed.id, unsent.id]) {
          const waiting = await row(id);
          expect(waiting.status).toBe("SENDING");
          expect(waiting.lockedBy).toBeNull();
          expect(waiting.providerResponse).toContain("ServiceUnavailable");
        }
      } finally {
        p.sms.outage = null;
      }
      expect(p.sms.sent.filter((s) => s.outId === crashed.id || s.outId === unsent.id)).toHaveLength(1);
      await advance(t, clock, 10_001); // the backoff after the second attempt

      const recovered = await row(crashed.id);
      expect(recovered.status).toBe("SENT");
      expect(recovered.lockedBy).toBeNull();
      expect(JSON.parse(recovered.providerResponse!)).toHaveProperty("QuerySendDetails");
      expect(p.sms.sent.filter((s) => s.outId === crashed.id)).toHaveLength(1);
      expect(queries()).toBeGreaterThanOrEqual(queriesBefore + 2);
      // the one the provider never saw is sent, once
      expect((await row(unsent.id)).status).toBe("SENT");
      expect(p.sms.sent.filter((s) => s.outId === unsent.id)).toHaveLength(1);
      // the receipt finds the recovered row by our OutId
      await p.sms.report(crashed.id);
      expect((await row(crashed.id)).status).toBe("DELIVERED");
      await advance(t, clock, 60 * 60_000);
      expect(p.sms.sent.filter((s) => s.outId === crashed.id || s.outId === unsent.id)).toHaveLength(2);
    });

    it("a call whose report arrived while its sender was dead is settled by the report and not placed again", async () => {
      const { alarm } = await fire();
      await advance(t, clock, 60_000);
      const call = (await rowsOf(t, alarm.id)).find(
        (r) => r.channel === "VOICE" && r.target === ZHANGSAN && r.dedupeKey.includes(":step:1:"),
      )!;
      // as if the sender died after SingleCallByTts answered: still SENDING, no CallId recorded
      await prisma().notification.update({
        where: { id: call.id },
        data: {
          status: "SENDING",
          providerId: null,
          sentAt: null,
          lockedBy: "dead-instance",
          lockedUntil: new Date(clock.now().getTime() + 30_000),
        },
      });
      await p.voice.report(call.id);
      const settled = await row(call.id);
      expect(settled.status).toBe("DELIVERED");
      expect(settled.providerId).toBe(p.voice.calls.find((c) => c.outId === call.id)!.callId);
      await advance(t, clock, 31_000);
      expect(p.voice.calls.filter((c) => c.outId === call.id)).toHaveLength(1);
      await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} });
    });
  });
}
