// Notices about changes to a home's fire protection (issue 12): the owner is told when someone starts to
// replace them or has replaced them; a community's company managers and the fire supervisors are told when
// its escalation chain changes. Each notice goes through the outbox like every other message: rows stored
// first, keyed per event, recipient and channel (so a repeat of the event queues nothing new), then sent.
import type { Clock } from "../../shared/clock.ts";
import type { NotificationChannel } from "../../db/client.ts";
import { dedupeKey, type MessageContent } from "./notification.ts";
import type { NewNotification, OutboxRepository } from "./outbox-repository.ts";
import type { Recipient, RecipientDirectory } from "./recipients.ts";
import { targetFor } from "./notification.ts";
import type { HouseholdChange } from "../households/household-service.ts";

export interface Notice {
  /** unique per event (the audit event's id): the outbox key's scope */
  scope: string;
  kind: string;
  /** at most 5 characters: WeChat's phrase field */
  kindLabel: string;
  address: string;
  /** what to do, read by the person told: the SMS advice and WeChat's last field */
  note: string;
  to: { people: Recipient[]; channels: NotificationChannel[] }[];
}

export class NoticeService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly recipients: RecipientDirectory,
    private readonly clock: Clock,
    private readonly reminderTemplate: string,
    private readonly kick: () => void,
  ) {}

  /** Queues the notice's rows (WeChat only to residents who accepted the reminder template); returns how many. */
  async send(n: Notice): Promise<number> {
    const now = this.clock.now();
    const content: MessageContent = {
      template: "NOTICE",
      alarmId: null,
      kind: n.kind,
      kindLabel: n.kindLabel,
      address: n.address,
      room: null,
      at: now.toISOString(),
      note: n.note,
    };
    const residents = n.to.flatMap((t) => t.people.flatMap((p) => (p.residentId ? [p.residentId] : [])));
    const consents = await this.recipients.wechatConsents(residents, this.reminderTemplate);
    const rows = new Map<string, NewNotification>();
    for (const { people, channels } of n.to) {
      for (const p of people) {
        for (const channel of channels) {
          if (channel === "WECHAT" && !(p.residentId && consents.has(p.residentId))) continue; // SMS covers them
          const target = targetFor(channel, p);
          if (!target) continue;
          const key = dedupeKey(n.scope, p.key, channel);
          if (channel === "WECHAT" && p.residentId && !consents.get(p.residentId)?.longTerm) {
            if (await this.outbox.exists(key)) continue;
            if (!(await this.recipients.useOneTime(p.residentId, this.reminderTemplate))) continue;
          }
          rows.set(key, {
            alarmId: null,
            channel,
            recipient: p.key,
            target,
            template: "NOTICE",
            payload: {
              content,
              contact: { name: p.name, phone: p.phone, openid: p.openid, staffId: p.staffId },
              cancelUnless: null,
            },
            dedupeKey: key,
            dueAt: now,
          });
        }
      }
    }
    const created = await this.outbox.enqueue([...rows.values()]);
    if (created) this.kick();
    return created;
  }

  /** The HouseholdService listener: the owner hears about a transfer started by an admin and any change made. */
  readonly onHouseholdChange = async (e: HouseholdChange): Promise<void> => {
    const owner = await this.recipients.residents([e.ownerResidentId]);
    if (!owner.length) return;
    const note =
      e.kind === "owner_transfer_started"
        ? `管理员已发起户主变更（原因：${e.reason ?? "未填写"}），如有异议请立即联系物业`
        : e.kind === "owner_changed"
          ? "您已不再是户主，如非本人同意请立即联系物业"
          : "";
    await this.send({
      scope: `notice:${e.auditId}`,
      kind: e.kind,
      kindLabel: "户主变更",
      address: e.address,
      note,
      to: [{ people: owner, channels: ["WECHAT", "SMS"] }],
    });
  };
}
