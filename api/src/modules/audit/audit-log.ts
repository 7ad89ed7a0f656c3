// The record of changes to a home's fire protection (AuditEvent): who, when, what it was before and after.
// Written in the same breath as the change; read by people answering "who switched this off?".
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";

export interface AuditEntry {
  /** "staff:<id>", "resident:<id>" or "system" */
  actor: string;
  /** escalation_policy.changed, household.owner_invited, household.owner_changed */
  action: string;
  /** "community:<id>", "household:<id>" */
  subject: string;
  before?: unknown;
  after?: unknown;
  note?: string | null;
}

export interface AuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  note: string | null;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

export class AuditLog {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  /** Records one change; returns its id (notices about it are keyed by it). */
  async record(e: AuditEntry): Promise<string> {
    const row = await this.prisma.auditEvent.create({
      data: {
        at: this.clock.now(),
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        before: json(e.before),
        after: json(e.after),
        note: e.note ?? null,
      },
      select: { id: true },
    });
    return row.id;
  }

  /** The newest changes of one subject first, at most `limit`. */
  async of(subject: string, limit = 50): Promise<AuditView[]> {
    const rows = await this.prisma.auditEvent.findMany({
      where: { subject },
      orderBy: { at: "desc" },
      take: Math.min(Math.max(1, limit), 200),
    });
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      before: parse(r.before),
      after: parse(r.after),
      note: r.note,
    }));
  }
}
