// Delivery receipts: what the providers push back after a message was accepted (SENT). Alibaba Cloud's SMS
// status report (SmsReport) and voice call report (VoiceReport), HTTP batch push, JSON arrays; WeChat's
// subscribe_msg_sent_event to the mini-program's message server (JSON data format). Each moves its row to
// DELIVERED (deliveredAt) or FAILED with the provider's code and message; a failure queues the same fallback
// as a send that failed for good (an unanswered fire call becomes an SMS, a blocked WeChat message an SMS).
// A receipt never moves a row backwards, so a repeated push changes nothing; one for an id we do not know is
// acknowledged (the provider stops retrying) and counted. Forged pushes are refused before anything is read:
// Alibaba Cloud's by the secret token in the receipt URL we configure there, WeChat's by its signature.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import { shanghaiTime } from "../../channels/sms-channel.ts";
import type { NotificationChannel } from "./notification.ts";
import type { OutboxRepository } from "./outbox-repository.ts";
import type { OutboxWorker } from "./outbox-worker.ts";

// The providers' push bodies are part of the contract (contract/receipts.ts): the route checks them there.
export type { SmsReport, VoiceReport, WechatEvent } from "../../contract/receipts.ts";
import type { SmsReport, VoiceReport, WechatEvent } from "../../contract/receipts.ts";

/**
 * Call results that mean someone picked up: 200000 heard the whole message, 200001 hung up before the end.
 * Everything else (busy 200002, not answered 200003, unreachable 200005/200007, switched off 200010, ...) is a
 * call that reached nobody.
 */
export const ANSWERED = new Set(["200000", "200001"]);

export interface ReceiptTally {
  applied: number;
  duplicate: number;
  unknown: number;
}

interface Receipt {
  channel: NotificationChannel;
  outId: string | null;
  providerId: string | null;
  delivered: boolean;
  at: Date;
  response: Record<string, unknown>;
}

const sha1 = (s: string) => createHash("sha1").update(s, "utf8").digest("hex");
const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Equal strings, compared in constant time (both hashed first, so lengths leak nothing either). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** WeChat's message-push signature: sha1 of token, timestamp and nonce sorted and joined. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return sha1([token, timestamp, nonce].sort().join(""));
}

export interface ReceiptSecrets {
  /** the token in the receipt URLs configured in Alibaba Cloud's console (RECEIPT_TOKEN) */
  receiptToken: string | undefined;
  /** the Token set for the mini-program's message push (WECHAT_PUSH_TOKEN) */
  wechatPushToken: string | undefined;
}

export class ReceiptService {
  /** since start: receipts applied, repeated (no effect), for ids we do not know, and forged pushes refused */
  readonly counts = { applied: 0, duplicate: 0, unknown: 0, refused: 0 };

  constructor(
    private readonly repo: OutboxRepository,
    private readonly worker: OutboxWorker,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly secrets: ReceiptSecrets,
  ) {}

  /** Refuses an Alibaba Cloud push without our token; nothing is read before this passes. */
  checkToken(given: string | undefined, source: string): void {
    const expected = this.secrets.receiptToken;
    if (!expected) return this.refuse(source, "未配置回执令牌（RECEIPT_TOKEN），不接收回执");
    if (!given || !sameSecret(given, expected)) this.refuse(source, "回执令牌不正确，已拒绝");
  }

  /** Refuses a WeChat push whose signature does not match our token. */
  checkWechatSignature(q: {
    signature?: string | undefined;
    timestamp?: string | undefined;
    nonce?: string | undefined;
  }): void {
    const token = this.secrets.wechatPushToken;
    if (!token) return this.refuse("wechat", "未配置微信消息推送令牌（WECHAT_PUSH_TOKEN），不接收推送");
    if (
      !q.signature ||
      !q.timestamp ||
      !q.nonce ||
      !sameSecret(q.signature.toLowerCase(), wechatSignature(token, q.timestamp, q.nonce))
    ) {
      this.refuse("wechat", "微信消息推送签名不正确，已拒绝");
    }
  }

  private refuse(source: string, message: string): never {
    this.counts.refused++;
    this.log.warn({ source, refused: this.counts.refused }, "delivery receipt refused");
    throw new AppError("FORBIDDEN", message);
  }

  async sms(reports: SmsReport[]): Promise<ReceiptTally> {
    return this.applyAll(
      "SmsReport",
      reports.map((r) => ({
        channel: "SMS",
        outId: r.out_id || null,
        providerId: r.biz_id || null,
        delivered: r.success,
        at: (r.report_time && shanghaiTime(r.report_time)) || this.clock.now(),
        response: {
          receipt: "SmsReport",
          err_code: r.err_code ?? null,
          err_msg: r.err_msg ?? null,
          report_time: r.report_time ?? null,
        },
      })),
    );
  }

  async voice(reports: VoiceReport[]): Promise<ReceiptTally> {
    return this.applyAll(
      "VoiceReport",
      reports.map((r) => {
        const answered = r.status_code ? ANSWERED.has(r.status_code) : !!r.start_time && Number(r.duration ?? 0) > 0;
        return {
          channel: "VOICE",
          outId: r.out_id || null,
          providerId: r.call_id || null,
          delivered: answered,
          at:
            (answered && r.start_time && shanghaiTime(r.start_time)) ||
            (r.end_time && shanghaiTime(r.end_time)) ||
            this.clock.now(),
          response: {
            receipt: "VoiceReport",
            status_code: r.status_code ?? null,
            status_msg: r.status_msg ?? null,
            duration: r.duration ?? null,
          },
        };
      }),
    );
  }

  /** subscribe_msg_sent_event: the outcome of each message by its MsgID; other events are acknowledged and left. */
  async wechat(e: WechatEvent): Promise<ReceiptTally> {
    if (e.Event !== "subscribe_msg_sent_event" || !e.List) return { applied: 0, duplicate: 0, unknown: 0 };
    const at = e.CreateTime && /^\d+$/.test(e.CreateTime) ? new Date(Number(e.CreateTime) * 1000) : this.clock.now();
    const items = Array.isArray(e.List) ? e.List : [e.List];
    return this.applyAll(
      "subscribe_msg_sent_event",
      items.map((i) => ({
        channel: "WECHAT",
        outId: null,
        providerId: i.MsgID,
        delivered: i.ErrorStatus === "success",
        at,
        response: { receipt: "subscribe_msg_sent_event", ErrorCode: i.ErrorCode ?? null, ErrorStatus: i.ErrorStatus },
      })),
    );
  }

  private async applyAll(kind: string, receipts: Receipt[]): Promise<ReceiptTally> {
    const tally: ReceiptTally = { applied: 0, duplicate: 0, unknown: 0 };
    for (const r of receipts) tally[await this.apply(r)]++;
    if (tally.unknown)
      this.log.warn(
        { receipt: kind, ...tally, unknownSinceStart: this.counts.unknown },
        "delivery receipts for messages we do not know",
      );
    return tally;
  }

  private async apply(r: Receipt): Promise<keyof ReceiptTally> {
    const row = await this.repo.findForReceipt(r.channel, { outId: r.outId, providerId: r.providerId });
    if (!row) {
      this.counts.unknown++;
      this.log.warn(
        { channel: r.channel, outId: r.outId, providerId: r.providerId },
        "delivery receipt for an unknown message; acknowledged",
      );
      return "unknown";
    }
    if (
      !(await this.repo.applyReceipt(row.id, {
        delivered: r.delivered,
        at: r.at,
        response: JSON.stringify(r.response),
        providerId: row.providerId ?? r.providerId,
      }))
    ) {
      this.counts.duplicate++;
      return "duplicate";
    }
    this.counts.applied++;
    const log = {
      notificationId: row.id,
      alarmId: row.alarmId,
      channel: row.channel,
      to: r.channel === "WECHAT" ? undefined : maskPhone(row.target),
      ...r.response,
    };
    this.worker.outcome(row.channel, r.delivered ? "delivered" : "undelivered", r.delivered ? "" : "UNDELIVERED");
    if (r.delivered) {
      this.log.info(log, "notification delivered");
      return "applied";
    }
    const fallback = await this.worker.undelivered(row, this.clock.now());
    this.log.warn({ ...log, fallback }, "notification not delivered");
    return "applied";
  }
}
