// What a caller reads of acceptances: the list of those whose subject they see, one record with its three
// signatures (the printable page's), and its photos; an id outside the caller's scope is not found. Apart from
// the sign-off flow (acceptance-service.ts), which checks the same way that a record is visible and answers
// each step with the same view.
import type { AcceptanceStatus, Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller } from "../units/unit-scope.ts";
import { ACCEPTANCE_STATUS_LABELS, PLAN_KIND_LABELS, SUBJECT_LABELS, type StageSubject } from "./catalogue.ts";
import type { AcceptanceChecks } from "./acceptance-checks.ts";
import type { RolloutPhotos } from "./photos.ts";
import type { RolloutScopes } from "./rollout-scope.ts";

export interface Signature {
  name: string;
  at: string;
}

export interface AcceptanceView {
  id: string;
  subject: StageSubject;
  subjectLabel: string;
  subjectId: string;
  subjectName: string;
  address: string;
  status: AcceptanceStatus;
  statusLabel: string;
  attempt: number;
  installerCompany: string | null;
  installed: { kind: string; label: string; count: number; note: string | null }[];
  photos: string[];
  checks: AcceptanceChecks;
  checksPassed: boolean;
  checkedAt: string | null;
  submitted: Signature;
  unitConfirmed: Signature | null;
  accepted: Signature | null;
  returned: (Signature & { reason: string }) | null;
}

export type AcceptanceSummary = Pick<
  AcceptanceView,
  | "id"
  | "subject"
  | "subjectLabel"
  | "subjectId"
  | "subjectName"
  | "status"
  | "statusLabel"
  | "attempt"
  | "checksPassed"
  | "submitted"
> & { problems: number; updatedAt: string };

function parse<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

export class AcceptanceReads {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: RolloutScopes,
    private readonly photos: RolloutPhotos,
  ) {}

  async list(c: Caller, opts: { status?: AcceptanceStatus | undefined } = {}): Promise<AcceptanceSummary[]> {
    const unitIds = await this.scopes.units.visibleIds(c);
    const buildings = await this.prisma.building.findMany({
      where: await this.scopes.buildingWhere(c),
      select: { id: true },
      take: 10_000,
    });
    const rows = await this.prisma.acceptance.findMany({
      where: {
        ...(opts.status ? { status: opts.status } : {}),
        OR: [
          { subject: "UNIT", ...(unitIds === "all" ? {} : { subjectId: { in: unitIds } }) },
          { subject: "BUILDING", subjectId: { in: buildings.map((b) => b.id) } },
        ],
      },
      orderBy: { updatedAt: "desc" },
      take: 200,
    });
    const names = await this.names(rows);
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject as StageSubject,
      subjectLabel: SUBJECT_LABELS[r.subject as StageSubject],
      subjectId: r.subjectId,
      subjectName: names.get(r.subjectId)?.name ?? "—",
      status: r.status,
      statusLabel: ACCEPTANCE_STATUS_LABELS[r.status],
      attempt: r.attempt,
      checksPassed: r.checksPassed,
      submitted: { name: r.submittedByName, at: r.submittedAt.toISOString() },
      problems: parse<AcceptanceChecks>(r.checks, { since: "", devices: [], problems: [] }).problems?.length ?? 0,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async get(c: Caller, id: string): Promise<AcceptanceView> {
    await this.visible(c, id);
    return this.view(id);
  }

  /** One photo of an acceptance the caller sees (by its place in the list). */
  async photo(c: Caller, id: string, n: number): Promise<{ data: Buffer; contentType: string }> {
    const a = await this.visible(c, id);
    const ids = parse<string[]>(a.photos, []);
    const photo = ids[n];
    if (!photo) throw new AppError("NOT_FOUND", "找不到该照片");
    return this.photos.read(photo);
  }

  /** Throws NOT_FOUND unless the acceptance exists and the caller sees its subject. */
  async visible(c: Caller, id: string) {
    const a = id.length <= 64 ? await this.prisma.acceptance.findUnique({ where: { id } }) : null;
    if (!a || !(await this.scopes.sees(c, a.subject as StageSubject, a.subjectId)))
      throw new AppError("NOT_FOUND", "找不到该验收");
    return a;
  }

  private async names(rows: readonly { subject: string; subjectId: string }[]) {
    const unitIds = rows.filter((r) => r.subject === "UNIT").map((r) => r.subjectId);
    const buildingIds = rows.filter((r) => r.subject === "BUILDING").map((r) => r.subjectId);
    const [units, buildings] = await Promise.all([
      this.prisma.networkedUnit.findMany({
        where: { id: { in: unitIds } },
        select: { id: true, name: true, address: true },
      }),
      this.prisma.building.findMany({
        where: { id: { in: buildingIds } },
        select: { id: true, name: true, community: { select: { name: true, address: true } } },
      }),
    ]);
    const out = new Map<string, { name: string; address: string }>();
    for (const u of units) out.set(u.id, { name: u.name, address: u.address });
    for (const b of buildings) out.set(b.id, { name: `${b.community.name} ${b.name}`, address: b.community.address });
    return out;
  }

  /** One acceptance as the API shows it, by id: read without a scope check (the caller has made it). */
  async view(id: string): Promise<AcceptanceView> {
    const r = await this.prisma.acceptance.findUniqueOrThrow({ where: { id } });
    const subject = (await this.names([r])).get(r.subjectId);
    const company = r.installerCompanyId
      ? await this.prisma.serviceCompany.findUnique({ where: { id: r.installerCompanyId }, select: { name: true } })
      : null;
    const installed = parse<{ kind: string; count: number; note: string | null }[]>(r.installed, []);
    const sig = (name: string | null, at: Date | null): Signature | null =>
      name && at ? { name, at: at.toISOString() } : null;
    const checks = parse<AcceptanceChecks>(r.checks, { since: "", devices: [], problems: [] });
    return {
      id: r.id,
      subject: r.subject as StageSubject,
      subjectLabel: SUBJECT_LABELS[r.subject as StageSubject],
      subjectId: r.subjectId,
      subjectName: subject?.name ?? "—",
      address: subject?.address ?? "",
      status: r.status,
      statusLabel: ACCEPTANCE_STATUS_LABELS[r.status],
      attempt: r.attempt,
      installerCompany: company?.name ?? null,
      installed: installed.map((i) => ({
        kind: i.kind,
        label: PLAN_KIND_LABELS[i.kind as keyof typeof PLAN_KIND_LABELS] ?? i.kind,
        count: i.count,
        note: i.note ?? null,
      })),
      photos: parse<string[]>(r.photos, []).map((_, n) => `/api/rollout/acceptances/${r.id}/photos/${n}`),
      checks: { since: checks.since ?? "", devices: checks.devices ?? [], problems: checks.problems ?? [] },
      checksPassed: r.checksPassed,
      checkedAt: r.checkedAt?.toISOString() ?? null,
      submitted: { name: r.submittedByName, at: r.submittedAt.toISOString() },
      unitConfirmed: sig(r.unitConfirmedByName, r.unitConfirmedAt),
      accepted: sig(r.acceptedByName, r.acceptedAt),
      returned: r.returnedReason
        ? { reason: r.returnedReason, ...(sig(r.returnedByName ?? "—", r.returnedAt) ?? { name: "—", at: "" }) }
        : null,
    };
  }
}
