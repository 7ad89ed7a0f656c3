// The centre's messages about a unit fire alarm: their content, the people they go to (a unit's staff by
// role, the centre's operators), one outbox row per person and channel (fire first: push, then calls, then
// SMS), and the alarm's timeline entries. Everything keyed: a step run twice adds nothing.
import type { AlarmKind, StaffRole } from "../../db/client.ts";
import { UNIT_KIND_LABEL as KIND_LABEL } from "../alarms/alarm.ts";
import { dedupeKey, type MessageContent, type TemplateName } from "../notifications/notification.ts";
import type { NewNotification } from "../notifications/outbox-repository.ts";
import type { CentreServiceDeps } from "./centre-deps.ts";
import type { StaffFact } from "./facts-reader.ts";
import type { Person } from "./facts-types.ts";
import { factsLine, type IncidentFacts } from "./incident-facts.ts";

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

export type { Person } from "./facts-types.ts";

const person = (r: StaffFact): Person => ({ key: `staff:${r.id}`, name: r.name, phone: r.phone, staffId: r.id });

export class CentreMessages {
  constructor(
    private readonly d: Pick<
      CentreServiceDeps,
      "prisma" | "reader" | "clock" | "outbox" | "owner" | "dispatch" | "sendLockMs" | "kickOutbox"
    >,
  ) {}

  content(
    a: { id: string; kind: AlarmKind; startedAt: Date; location: string | null },
    facts: IncidentFacts | null,
    template: TemplateName,
    step: string,
  ): MessageContent {
    return {
      template,
      alarmId: a.id,
      kind: a.kind,
      kindLabel: KIND_LABEL[a.kind],
      address: facts ? `${facts.unit.name}（${facts.unit.address}）` : "联网单位",
      room: facts?.keyPart?.name ?? a.location,
      at: a.startedAt.toISOString(),
      step,
      contactPhone: facts?.unit.controlRoomPhone ?? null,
      ...(facts ? { note: factsLine(facts) } : {}),
    };
  }

  async people(unitId: string, roles: StaffRole[]): Promise<Person[]> {
    return (await this.d.reader.staff(unitId, roles, 20)).map(person);
  }

  async centrePeople(): Promise<Person[]> {
    return (await this.d.reader.staff(null, ["CENTRE_OPERATOR"], 20)).map(person);
  }

  /** One outbox row per person and channel, keyed; returns how many are new. */
  async queue(
    alarmId: string,
    scope: string,
    content: MessageContent,
    groups: { people: Person[]; channels: ("PUSH" | "VOICE" | "SMS")[]; content?: MessageContent }[],
  ): Promise<number> {
    const now = this.d.clock.now();
    const rows: NewNotification[] = [];
    for (const g of groups)
      for (const p of g.people)
        for (const channel of g.channels) {
          const target = channel === "PUSH" ? p.staffId : p.phone;
          if (!target) continue;
          rows.push({
            alarmId,
            channel,
            recipient: p.key,
            target,
            template: (g.content ?? content).template,
            payload: {
              content: g.content ?? content,
              contact: { name: p.name, phone: p.phone, openid: null, staffId: p.staffId },
              cancelUnless: null,
            },
            dedupeKey: dedupeKey(scope, p.key, channel),
            dueAt: now,
          });
        }
    // fire first: push rows before calls before SMS, so the screens light up before anything else
    const order = { PUSH: 0, VOICE: 1, SMS: 2 } as Record<string, number>;
    rows.sort((x, y) => (order[x.channel] ?? 3) - (order[y.channel] ?? 3));
    const dispatch = this.d.dispatch;
    if (dispatch) {
      const lockedUntil = new Date(now.getTime() + (this.d.sendLockMs ?? 30_000));
      const claimed = await this.d.outbox.enqueueClaimed(rows, this.d.owner, lockedUntil, (row) => dispatch([row]));
      return claimed.length;
    }
    const n = await this.d.outbox.enqueue(rows);
    if (n) this.d.kickOutbox();
    return n;
  }

  async action(alarmId: string, action: string, note: string, eventKey: string, actor = "system"): Promise<void> {
    try {
      await this.d.prisma.alarmAction.create({
        data: { alarmId, action, actor, note, eventKey, at: this.d.clock.now() },
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
}
