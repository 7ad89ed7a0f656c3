// Sending a property company's staff member to an alarm: who can be sent (the company that manages the
// alarm's community, on-duty people first), the dispatch itself (AlarmService.dispatch: fields, timeline,
// acknowledgement, live event) and telling the person sent, through the notifications outbox: a PUSH to
// their open screens (console, mini-program staff pages) and an SMS to their phone. Both rows are stored
// before sending, keyed per dispatch, so a retry or the PUSH's SMS fallback never texts them twice.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Principal } from "../auth/principal.ts";
import type { Notifications } from "../notifications/index.ts";
import { OutboxRepository, type NewNotification } from "../notifications/outbox-repository.ts";
import { alarmMessage, dedupeKey } from "../notifications/notification.ts";
import type { AlarmChange, AlarmService } from "./alarm-service.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

const SENDABLE_ROLES = ROLE_SETS.propertyCompany;

export interface DispatchableStaff {
  id: string;
  name: string;
  role: (typeof SENDABLE_ROLES)[number];
  phone: string;
  onDuty: boolean;
  /** the end of the shift they are on now */
  onDutyUntil: string | null;
}

type NotifyPort = Pick<Notifications, "outbox" | "owner">;

export class DispatchService {
  private readonly outboxRepo: OutboxRepository;

  constructor(
    private readonly prisma: Prisma,
    private readonly alarms: AlarmService,
    private readonly notify: NotifyPort,
    private readonly clock: Clock,
  ) {
    this.outboxRepo = new OutboxRepository(prisma);
  }

  /** The company managing the alarm's community, after the caller's scope check. */
  private async companyOf(p: Principal, alarmId: string) {
    const alarm = await this.alarms.visible(p, alarmId);
    const community = alarm.communityId
      ? await this.prisma.community.findUnique({
          where: { id: alarm.communityId },
          select: { propertyCompanyId: true },
        })
      : null;
    return { alarm, companyId: community?.propertyCompanyId ?? null };
  }

  /** Staff who may be sent: on duty now first, then managers, then by name. */
  async dispatchable(p: Principal, alarmId: string): Promise<DispatchableStaff[]> {
    const { companyId } = await this.companyOf(p, alarmId);
    if (!companyId) return [];
    const now = this.clock.now();
    const people = await this.prisma.staffUser.findMany({
      where: { propertyCompanyId: companyId, active: true, role: { in: [...SENDABLE_ROLES] } },
      select: {
        id: true,
        name: true,
        role: true,
        phone: true,
        dutyShifts: {
          where: { startsAt: { lte: now }, endsAt: { gt: now } },
          select: { endsAt: true },
          orderBy: { endsAt: "desc" },
          take: 1,
        },
      },
    });
    return people
      .map((s) => ({
        id: s.id,
        name: s.name,
        role: s.role as DispatchableStaff["role"],
        phone: maskPhone(s.phone),
        onDuty: s.dutyShifts.length > 0,
        onDutyUntil: s.dutyShifts[0]?.endsAt.toISOString() ?? null,
      }))
      .sort(
        (a, b) =>
          Number(b.onDuty) - Number(a.onDuty) ||
          (a.role === b.role ? 0 : a.role === "PROPERTY_STAFF" ? -1 : 1) ||
          a.name.localeCompare(b.name, "zh-CN"),
      );
  }

  async dispatch(p: Principal, alarmId: string, staffUserId: string, note: string | null): Promise<AlarmChange> {
    const { alarm, companyId } = await this.companyOf(p, alarmId);
    if (alarm.status === "RESOLVED") throw new AppError("CONFLICT", "该报警已处置完毕，不能再派遣");
    if (!companyId) throw new AppError("CONFLICT", "该报警所在小区没有物业公司，无法派遣");
    const staff = await this.prisma.staffUser.findUnique({
      where: { id: staffUserId },
      select: { id: true, name: true, phone: true, role: true, active: true, propertyCompanyId: true },
    });
    if (
      !staff ||
      staff.propertyCompanyId !== companyId ||
      !staff.active ||
      !(SENDABLE_ROLES as readonly string[]).includes(staff.role)
    ) {
      throw new AppError("VALIDATION_FAILED", "只能派遣管理该小区的物业公司的在职人员");
    }
    const change = await this.alarms.dispatch(p, alarmId, staff, note);
    await this.tell(p, alarmId, staff, note);
    return change;
  }

  /** PUSH and SMS to the person sent; the outbox sends them now and keeps them for retries. */
  private async tell(
    p: Principal,
    alarmId: string,
    staff: { id: string; name: string; phone: string | null },
    note: string | null,
  ): Promise<void> {
    const a = await this.prisma.alarm.findUniqueOrThrow({
      where: { id: alarmId },
      include: {
        device: { select: { room: true } },
        household: { include: { unit: { include: { building: { include: { community: true } } } } } },
        community: { select: { name: true, propertyCompany: { select: { contactPhone: true } } } },
      },
    });
    const by =
      p.kind === "staff"
        ? ((await this.prisma.staffUser.findUnique({ where: { id: p.id }, select: { name: true } }))?.name ?? "物业")
        : "物业";
    // the SMS templates on file: the alarm template for a fire, the reminder template for device problems
    const template = a.kind === "FIRE" ? "FIRE_ESCALATION" : "DEVICE_REMINDER";
    const content = alarmMessage(a, template, by === staff.name ? "您已接单，请尽快到场" : `${by}派您到场处置`, note);
    const now = this.clock.now();
    const scope = `alarm:${a.id}:dispatch:${a.dispatchedAt?.getTime() ?? now.getTime()}`;
    const contact = { name: staff.name, phone: staff.phone, openid: null, staffId: staff.id };
    const recipient = `staff:${staff.id}`;
    const rows: NewNotification[] = [
      {
        alarmId: a.id,
        channel: "PUSH",
        recipient,
        target: staff.id,
        template: content.template,
        payload: { content, contact, cancelUnless: null },
        dedupeKey: dedupeKey(scope, recipient, "PUSH"),
        dueAt: now,
      },
    ];
    if (staff.phone)
      rows.push({
        alarmId: a.id,
        channel: "SMS",
        recipient,
        target: staff.phone,
        template: content.template,
        payload: { content, contact, cancelUnless: null },
        dedupeKey: dedupeKey(scope, recipient, "SMS"),
        dueAt: now,
      });
    const lockedUntil = new Date(now.getTime() + this.notify.outbox.lockMs);
    await this.outboxRepo.enqueueClaimed(rows, this.notify.owner, lockedUntil, (row) =>
      this.notify.outbox.dispatch([row], a.status),
    );
  }
}
