// Three-party acceptance (验收, issue 19 part A): "the installer installs, the unit supervises, the government
// accepts". The installer submits what was installed and photos; the SYSTEM then checks the subject's
// devices (acceptance-checks.ts: every one online, and a test alarm from each seen by the centre since the install
// began). Failed checks list each failing device and wait for a resubmission; passed, the unit (or the building's
// property company) confirms and the fire supervisor accepts or returns it with reasons. Accepting sets the
// subject's stage to ACCEPTED. The record keeps the three signatures (names and times) for the printable page;
// what a caller reads of it (the list, one record, its photos) is acceptance-reads.ts's.
import type { AcceptanceStatus, Prisma, RolloutStage } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller } from "../units/unit-scope.ts";
import {
  ACCEPTANCE_STATUS_LABELS,
  ACCEPTOR_ROLES,
  CONFIRMER_ROLES,
  PLAN_KIND_LABELS,
  SUBMITTER_ROLES,
  type StageSubject,
} from "./catalogue.ts";
import { runChecks, type AcceptanceChecks } from "./acceptance-checks.ts";
import { AcceptanceReads, type AcceptanceSummary, type AcceptanceView } from "./acceptance-reads.ts";
import { MAX_ACCEPTANCE_PHOTOS, type RolloutPhotos } from "./photos.ts";
import type { ProgrammeService } from "./programme-service.ts";
import type { RolloutScopes } from "./rollout-scope.ts";

export type { AcceptanceChecks, DeviceCheck } from "./acceptance-checks.ts";
export type { AcceptanceSummary, AcceptanceView, Signature } from "./acceptance-reads.ts";

export interface InstalledItem {
  kind: string;
  count: number;
  note?: string | undefined;
}

const has = (list: readonly string[], v: string) => list.includes(v);
const OPEN: readonly AcceptanceStatus[] = ["SUBMITTED", "CHECKS_FAILED", "UNIT_CONFIRMED", "RETURNED"];

export class AcceptanceService {
  private readonly reads: AcceptanceReads;

  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: RolloutScopes,
    private readonly programme: ProgrammeService,
    readonly photos: RolloutPhotos,
    private readonly clock: Clock,
    /** devices in installation mode put in service when the checks pass (index.ts says who passes it) */
    private readonly putInService: (deviceIds: readonly string[]) => Promise<number>,
  ) {
    this.reads = new AcceptanceReads(prisma, scopes, photos);
  }

  private async me(c: Caller): Promise<{ role: string; name: string; serviceCompanyId: string | null }> {
    const s = await this.prisma.staffUser.findUnique({
      where: { id: c.id },
      select: { role: true, name: true, active: true, serviceCompanyId: true },
    });
    if (c.kind !== "staff" || !s?.active) throw new AppError("FORBIDDEN");
    return s;
  }

  /** The system's checks of a subject now (acceptance-checks.ts). */
  runChecks(subject: StageSubject, id: string): Promise<AcceptanceChecks> {
    return runChecks(this.prisma, this.clock, subject, id);
  }

  /**
   * The installer submits (or, after failed checks or a return, submits again): what was installed and
   * photos. The system checks at once; passed, the subject is INSTALLED and waits for the unit's confirmation.
   */
  async submit(
    c: Caller,
    input: { subject: StageSubject; subjectId: string; installed: readonly InstalledItem[]; photos: readonly string[] },
  ): Promise<AcceptanceView> {
    const me = await this.me(c);
    if (!has(SUBMITTER_ROLES, me.role)) throw new AppError("FORBIDDEN", "只有安装单位可以提交验收");
    await this.scopes.assertSubject(c, input.subject, input.subjectId);
    if (!input.installed.length) throw new AppError("VALIDATION_FAILED", "请填写安装了哪些设备");
    for (const i of input.installed)
      if (!(i.kind in PLAN_KIND_LABELS)) throw new AppError("VALIDATION_FAILED", `不认识的设备种类：${i.kind}`);
    if (input.photos.length > MAX_ACCEPTANCE_PHOTOS)
      throw new AppError("VALIDATION_FAILED", `照片最多 ${MAX_ACCEPTANCE_PHOTOS} 张`);
    await this.photos.assertExist(input.photos);
    const stage = await this.stageOf(input.subject, input.subjectId);
    if (stage === "ACCEPTED") throw new AppError("CONFLICT", "已经验收，不需要再提交");
    if (!["INSTALLING", "INSTALLED"].includes(stage))
      throw new AppError("CONFLICT", "还没有开始安装：请先把推进状态记为“安装中”");
    const open = await this.prisma.acceptance.findFirst({
      where: { subject: input.subject, subjectId: input.subjectId, status: { in: [...OPEN] } },
      orderBy: { createdAt: "desc" },
    });
    if (open && (open.status === "SUBMITTED" || open.status === "UNIT_CONFIRMED"))
      throw new AppError("CONFLICT", `验收已提交（${ACCEPTANCE_STATUS_LABELS[open.status]}），不能重复提交`);
    const checks = await this.runChecks(input.subject, input.subjectId);
    const passed = checks.problems.length === 0;
    const now = this.clock.now();
    const data = {
      status: (passed ? "SUBMITTED" : "CHECKS_FAILED") as AcceptanceStatus,
      installerCompanyId: me.serviceCompanyId,
      installed: JSON.stringify(input.installed.map((i) => ({ kind: i.kind, count: i.count, note: i.note ?? null }))),
      // a resubmission without new photos keeps the ones already sent
      photos: open && !input.photos.length ? open.photos : JSON.stringify(input.photos),
      checks: JSON.stringify(checks),
      checksPassed: passed,
      checkedAt: now,
      submittedByUserId: c.id,
      submittedByName: me.name,
      submittedAt: now,
      unitConfirmedByUserId: null,
      unitConfirmedByName: null,
      unitConfirmedAt: null,
    };
    const row = open
      ? await this.prisma.acceptance.update({ where: { id: open.id }, data: { ...data, attempt: open.attempt + 1 } })
      : await this.prisma.acceptance.create({ data: { subject: input.subject, subjectId: input.subjectId, ...data } });
    // handed over: what was tested in installation mode (no fire alarm raised) protects people from now on
    const inService = passed ? await this.putInService(checks.devices.map((d) => d.deviceId)) : 0;
    if (passed && stage !== "INSTALLED")
      await this.programme.recordStage(
        input.subject,
        input.subjectId,
        "INSTALLED",
        c.id,
        `系统检测通过，提交验收${inService ? `；${inService} 台设备由安装模式转为正常使用` : ""}`,
      );
    return this.reads.view(row.id);
  }

  /** The unit's responsible person or manager (a building: its property company's manager) confirms. */
  async confirm(c: Caller, id: string): Promise<AcceptanceView> {
    const me = await this.me(c);
    if (!has(CONFIRMER_ROLES, me.role))
      throw new AppError("FORBIDDEN", "只有单位消防安全责任人、管理人或物业经理可以确认");
    const a = await this.reads.visible(c, id);
    if (a.status !== "SUBMITTED")
      throw new AppError("CONFLICT", `当前状态为“${ACCEPTANCE_STATUS_LABELS[a.status]}”，不能确认`);
    const n = await this.prisma.acceptance.updateMany({
      where: { id, status: "SUBMITTED" },
      data: {
        status: "UNIT_CONFIRMED",
        unitConfirmedByUserId: c.id,
        unitConfirmedByName: me.name,
        unitConfirmedAt: this.clock.now(),
      },
    });
    if (n.count !== 1) throw new AppError("CONFLICT", "状态已变化，请刷新");
    return this.reads.view(id);
  }

  /** The fire supervisor accepts: the record is closed and the subject's stage is ACCEPTED. */
  async accept(c: Caller, id: string): Promise<AcceptanceView> {
    const me = await this.me(c);
    if (!has(ACCEPTOR_ROLES, me.role)) throw new AppError("FORBIDDEN", "只有消防监督可以验收");
    const a = await this.reads.visible(c, id);
    if (a.status !== "UNIT_CONFIRMED")
      throw new AppError("CONFLICT", `当前状态为“${ACCEPTANCE_STATUS_LABELS[a.status]}”，须单位确认后才能验收`);
    const n = await this.prisma.acceptance.updateMany({
      where: { id, status: "UNIT_CONFIRMED" },
      data: { status: "ACCEPTED", acceptedByUserId: c.id, acceptedByName: me.name, acceptedAt: this.clock.now() },
    });
    if (n.count !== 1) throw new AppError("CONFLICT", "状态已变化，请刷新");
    await this.programme.recordStage(a.subject as StageSubject, a.subjectId, "ACCEPTED", c.id, "消防验收通过");
    return this.reads.view(id);
  }

  /** The fire supervisor sends it back with reasons; the installer fixes and submits again. */
  async returnIt(c: Caller, id: string, reason: string): Promise<AcceptanceView> {
    const me = await this.me(c);
    if (!has(ACCEPTOR_ROLES, me.role)) throw new AppError("FORBIDDEN", "只有消防监督可以退回");
    if (!reason.trim()) throw new AppError("VALIDATION_FAILED", "退回时请写明原因");
    const a = await this.reads.visible(c, id);
    if (a.status !== "SUBMITTED" && a.status !== "UNIT_CONFIRMED")
      throw new AppError("CONFLICT", `当前状态为“${ACCEPTANCE_STATUS_LABELS[a.status]}”，不能退回`);
    const n = await this.prisma.acceptance.updateMany({
      where: { id, status: a.status },
      data: {
        status: "RETURNED",
        returnedReason: reason.trim(),
        returnedByName: me.name,
        returnedAt: this.clock.now(),
      },
    });
    if (n.count !== 1) throw new AppError("CONFLICT", "状态已变化，请刷新");
    return this.reads.view(id);
  }

  /** The acceptances whose subject the caller sees (acceptance-reads.ts). */
  list(c: Caller, opts: { status?: AcceptanceStatus | undefined } = {}): Promise<AcceptanceSummary[]> {
    return this.reads.list(c, opts);
  }

  get(c: Caller, id: string): Promise<AcceptanceView> {
    return this.reads.get(c, id);
  }

  /** One photo of an acceptance the caller sees (by its place in the list). */
  photo(c: Caller, id: string, n: number): Promise<{ data: Buffer; contentType: string }> {
    return this.reads.photo(c, id, n);
  }

  private async stageOf(subject: StageSubject, id: string): Promise<RolloutStage> {
    const row =
      subject === "UNIT"
        ? await this.prisma.networkedUnit.findUnique({ where: { id }, select: { rolloutStage: true } })
        : await this.prisma.building.findUnique({ where: { id }, select: { rolloutStage: true } });
    if (!row) throw new AppError("NOT_FOUND", "找不到该对象");
    return row.rolloutStage;
  }
}
