// A community's escalation chain as people edit it (issue 12 item 3): read it with its change history;
// change it only above the floor (escalation-policy.ts POLICY_FLOOR), and every change is recorded (who,
// when, before and after: AuditEvent) and announced through the outbox to the company's managers and the
// fire supervisors, so nobody can quietly weaken a community's fire protection.
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import type { AuditLog, AuditView } from "../audit/audit-log.ts";
import {
  DEFAULT_POLICY,
  POLICY_FLOOR,
  floorProblems,
  policySchema,
  toSteps,
  type EscalationStep,
  type PolicyEntry,
} from "./escalation-policy.ts";
import type { NoticeService } from "./notices.ts";
import type { RecipientDirectory } from "./recipients.ts";

export interface PolicyView {
  communityId: string;
  custom: boolean;
  entries: PolicyEntry[];
  steps: { index: number; afterSec: number; label: string }[];
  floor: typeof POLICY_FLOOR;
  changes: AuditView[];
}

export interface PolicyChange {
  communityId: string;
  outcome: "updated" | "unchanged";
  steps: { index: number; afterSec: number; label: string }[];
}

const stepsView = (steps: EscalationStep[]) =>
  steps.map((s) => ({ index: s.index, afterSec: s.afterSec, label: s.label }));

export class EscalationPolicyService {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
    private readonly audit: AuditLog,
    private readonly notices: NoticeService,
    private readonly recipients: RecipientDirectory,
    /** the escalation service's cache of chains: forgotten after a change through this instance */
    private readonly forget: (communityId: string) => void,
  ) {}

  private async stored(communityId: string): Promise<PolicyEntry[] | null> {
    const row = await this.prisma.escalationPolicy.findUnique({ where: { communityId } });
    if (!row) return null;
    let json: unknown;
    try {
      json = JSON.parse(row.steps);
    } catch {
      return null;
    }
    const parsed = policySchema.safeParse(json);
    return parsed.success && floorProblems(parsed.data).length === 0 ? parsed.data : null;
  }

  async get(p: Principal, communityId: string): Promise<PolicyView> {
    await this.scopes.assertCommunity(p, communityId);
    const stored = await this.stored(communityId);
    const entries = stored ?? DEFAULT_POLICY;
    return {
      communityId,
      custom: stored !== null,
      entries,
      steps: stepsView(toSteps(entries)),
      floor: POLICY_FLOOR,
      changes: await this.audit.of(`community:${communityId}`, 20),
    };
  }

  async set(p: Principal, communityId: string, entries: PolicyEntry[]): Promise<PolicyChange> {
    await this.scopes.assertCommunity(p, communityId);
    const problems = floorProblems(entries);
    if (problems.length)
      throw new AppError("VALIDATION_FAILED", `升级链低于最低要求：${problems.join("；")}`, { problems });
    const before = (await this.stored(communityId)) ?? DEFAULT_POLICY;
    const steps = stepsView(toSteps(entries));
    if (JSON.stringify(before) === JSON.stringify(entries)) return { communityId, outcome: "unchanged", steps };
    const json = JSON.stringify(entries);
    await this.prisma.escalationPolicy.upsert({
      where: { communityId },
      create: { communityId, steps: json },
      update: { steps: json },
    });
    this.forget(communityId);
    const actor = `${p.kind}:${p.id}`;
    const auditId = await this.audit.record({
      actor,
      action: "escalation_policy.changed",
      subject: `community:${communityId}`,
      before,
      after: entries,
    });
    await this.announce(p, communityId, auditId, steps);
    return { communityId, outcome: "updated", steps };
  }

  /** The company's managers and the fire supervisors: on their screens and by SMS. */
  private async announce(
    p: Principal,
    communityId: string,
    auditId: string,
    steps: PolicyChange["steps"],
  ): Promise<void> {
    const [community, who, managers, supervisors] = await Promise.all([
      this.prisma.community.findUnique({ where: { id: communityId }, select: { name: true } }),
      p.kind === "staff"
        ? this.prisma.staffUser.findUnique({ where: { id: p.id }, select: { name: true } })
        : Promise.resolve(null),
      this.recipients.companyManagers(communityId),
      this.recipients.supervisors(),
    ]);
    const chain = steps.map((s) => `${s.afterSec}秒${s.label}`).join("，");
    await this.notices.send({
      scope: `notice:${auditId}`,
      kind: "POLICY_CHANGED",
      kindLabel: "升级链变更",
      address: community?.name ?? communityId,
      note: `${who?.name ?? "有人"}修改了火警升级链，请核对：${chain}`,
      to: [{ people: [...managers, ...supervisors], channels: ["PUSH", "SMS"] }],
    });
  }
}
