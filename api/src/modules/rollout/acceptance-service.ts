// Three-party acceptance (验收, issue 19 part A): "the installer installs, the unit supervises, the government
// accepts". The installer submits what was installed and photos; the SYSTEM then checks the subject's
// devices (every one online, and a test alarm from each seen by the centre since the install began), from
// the device, event and alarm tables, never typed by anyone. Failed checks list each failing device and
// wait for a resubmission; passed, the unit (or the building's property company) confirms and the fire
// supervisor accepts or returns it with reasons. Accepting sets the subject's stage to ACCEPTED. The
// record keeps the three signatures (names and times) for the printable page.
// Online is the programme's rule (stage-devices.ts), so an accepted subject is never flagged there for its devices:
// a unit's devices are the command wall's (cameras aside, WATCHED_DEVICE), online by ONLINE_DEVICE (online, with
// a lastSeenAt); a building's home smoke alarms by the homes' coverage rule (dispatch/coverage.ts), its other
// devices by the wall's, and at least one home covered.
import type { AcceptanceStatus, PrismaNs, Prisma, RolloutStage } from "../../db/client.ts";
import { ONLINE_DEVICE, WATCHED_DEVICE } from "../centre/command-view.ts";
import { coveringDeviceWhere, heartbeatModels } from "../dispatch/coverage.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller } from "../units/unit-scope.ts";
import {
  ACCEPTANCE_STATUS_LABELS,
  ACCEPTOR_ROLES,
  CONFIRMER_ROLES,
  PLAN_KIND_LABELS,
  SUBJECT_LABELS,
  SUBMITTER_ROLES,
  TEST_ALARM_KINDS,
  TEST_EVENT_TYPES,
  type StageSubject,
} from "./catalogue.ts";
import { MAX_ACCEPTANCE_PHOTOS, type RolloutPhotos } from "./photos.ts";
import type { ProgrammeService } from "./programme-service.ts";
import type { RolloutScopes } from "./rollout-scope.ts";

export interface InstalledItem {
  kind: string;
  count: number;
  note?: string | undefined;
}

export interface DeviceCheck {
  deviceId: string;
  name: string;
  online: boolean;
  testAlarmSeen: boolean;
  problems: string[];
}

export interface AcceptanceChecks {
  /** when the install began: test alarms count from here */
  since: string;
  devices: DeviceCheck[];
  /** every failing check in words, one line each */
  problems: string[];
}

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

const has = (list: readonly string[], v: string) => list.includes(v);
const OPEN: readonly AcceptanceStatus[] = ["SUBMITTED", "CHECKS_FAILED", "UNIT_CONFIRMED", "RETURNED"];

function parse<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

export class AcceptanceService {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: RolloutScopes,
    private readonly programme: ProgrammeService,
    readonly photos: RolloutPhotos,
    private readonly clock: Clock,
    /** devices in installation mode put in service when the checks pass (index.ts says who passes it) */
    private readonly putInService: (deviceIds: readonly string[]) => Promise<number>,
  ) {}

  private async me(c: Caller): Promise<{ role: string; name: string; serviceCompanyId: string | null }> {
    const s = await this.prisma.staffUser.findUnique({
      where: { id: c.id },
      select: { role: true, name: true, active: true, serviceCompanyId: true },
    });
    if (c.kind !== "staff" || !s?.active) throw new AppError("FORBIDDEN");
    return s;
  }

  /** The subject's devices the checks hold to (cameras aside: video shows a place, it connects nothing). */
  private devicesWhere(subject: StageSubject, id: string): PrismaNs.DeviceWhereInput {
    return subject === "UNIT"
      ? { unitId: id, ...WATCHED_DEVICE }
      : { ...WATCHED_DEVICE, OR: [{ buildingId: id }, { household: { is: { unit: { is: { buildingId: id } } } } }] };
  }

  /**
   * Which of the subject's devices are online by the programme's rule: the wall's (ONLINE_DEVICE), and for a
   * building's home smoke alarms the coverage rule (the same filters the programme counts with); for a building,
   * also which homes are covered.
   */
  private async onlineOf(
    subject: StageSubject,
    id: string,
  ): Promise<{ online: Set<string>; homeAlarms: Set<string>; homesCovered: number }> {
    const where = this.devicesWhere(subject, id);
    const ids = async (w: PrismaNs.DeviceWhereInput) =>
      (await this.prisma.device.findMany({ where: { AND: [where, w] }, select: { id: true }, take: 5000 })).map(
        (d) => d.id,
      );
    const homeAlarm: PrismaNs.DeviceWhereInput = { householdId: { not: null }, model: { kind: "SMOKE_ALARM" } };
    if (subject === "UNIT")
      return { online: new Set(await ids(ONLINE_DEVICE)), homeAlarms: new Set(), homesCovered: 0 };
    // a home's smoke alarm still in installation mode is checked as the rule would take it in service: passing the
    // checks puts it in service (submit), so the programme's coverage then counts it
    const covering: PrismaNs.DeviceWhereInput = {
      ...coveringDeviceWhere(await heartbeatModels(this.prisma), this.clock.now()),
      mode: { in: ["NORMAL", "INSTALLATION"] },
    };
    const [wall, alarms, covered, homes] = await Promise.all([
      ids({ AND: [ONLINE_DEVICE, { NOT: homeAlarm }] }),
      ids(homeAlarm),
      ids({ AND: [homeAlarm, covering] }),
      this.prisma.household.count({ where: { unit: { is: { buildingId: id } }, devices: { some: covering } } }),
    ]);
    return { online: new Set([...wall, ...covered]), homeAlarms: new Set(alarms), homesCovered: homes };
  }

  /** When the install began: the last move into INSTALLING, else when the current stage was set. */
  private async installBegan(subject: StageSubject, id: string): Promise<Date | null> {
    const change = await this.prisma.rolloutStageChange.findFirst({
      where: { subject, subjectId: id, stage: "INSTALLING" },
      orderBy: { at: "desc" },
      select: { at: true },
    });
    if (change) return change.at;
    const row =
      subject === "UNIT"
        ? await this.prisma.networkedUnit.findUnique({ where: { id }, select: { rolloutStageAt: true } })
        : await this.prisma.building.findUnique({ where: { id }, select: { rolloutStageAt: true } });
    return row?.rolloutStageAt ?? null;
  }

  /**
   * The system's checks of a subject now: every device online (the programme's rule: onlineOf), a building with
   * at least one home covered, a test alarm from each device since the install began.
   */
  async runChecks(subject: StageSubject, id: string): Promise<AcceptanceChecks> {
    const [began, onlineNow] = await Promise.all([this.installBegan(subject, id), this.onlineOf(subject, id)]);
    const devices = await this.prisma.device.findMany({
      where: this.devicesWhere(subject, id),
      orderBy: { id: "asc" },
      take: 5000,
      select: {
        id: true,
        serial: true,
        name: true,
        placeName: true,
        room: true,
        registeredAt: true,
        mode: true,
        model: { select: { name: true } },
      },
    });
    // the latest test alarm heard from each device, in two queries per few hundred devices (a building's
    // homes can hold many), then compared with when each device's install began
    const sinceOf = (d: { registeredAt: Date }) => began ?? d.registeredAt;
    const heard = new Map<string, Date>();
    const note = (deviceId: string, at: Date) => {
      const seen = heard.get(deviceId);
      if (!seen || seen < at) heard.set(deviceId, at);
    };
    for (let i = 0; i < devices.length; i += 400) {
      const chunk = devices.slice(i, i + 400);
      const ids = chunk.map((d) => d.id);
      const from = new Date(Math.min(...chunk.map((d) => sinceOf(d).getTime())));
      const [events, alarms] = await Promise.all([
        this.prisma.deviceEvent.findMany({
          where: { deviceId: { in: ids }, type: { in: [...TEST_EVENT_TYPES] }, receivedAt: { gte: from } },
          orderBy: { receivedAt: "desc" },
          distinct: ["deviceId"],
          select: { deviceId: true, receivedAt: true },
        }),
        this.prisma.alarm.findMany({
          where: {
            deviceId: { in: ids },
            startedAt: { gte: from },
            OR: [{ resolution: "TEST" }, { kind: { in: [...TEST_ALARM_KINDS] } }],
          },
          orderBy: { startedAt: "desc" },
          distinct: ["deviceId"],
          select: { deviceId: true, startedAt: true },
        }),
      ]);
      for (const e of events) note(e.deviceId, e.receivedAt);
      for (const a of alarms) note(a.deviceId, a.startedAt);
    }
    const out: DeviceCheck[] = [];
    for (const d of devices) {
      const last = heard.get(d.id);
      const testAlarmSeen = !!last && last >= sinceOf(d);
      const online = onlineNow.online.has(d.id);
      const name = `${d.name ?? d.placeName ?? d.room ?? d.model.name}（编号 ${d.serial}）`;
      const problems: string[] = [];
      // under maintenance: a person took it out of service, and only a person puts it back
      const resting = d.mode === "MAINTENANCE";
      if (!online && !(resting && onlineNow.homeAlarms.has(d.id)))
        problems.push(
          onlineNow.homeAlarms.has(d.id)
            ? `${name}不在线：须正常使用、在线、无故障、未拆离底座，且在心跳周期内有上报`
            : `${name}不在线`,
        );
      if (!testAlarmSeen) problems.push(`${name}自安装开始以来，监控中心没有收到它的测试报警`);
      if (resting) problems.push(`${name}处于维护模式，不会发出火警：维护完成后请切换为正常使用，再提交验收`);
      out.push({ deviceId: d.id, name, online, testAlarmSeen, problems });
    }
    const problems = out.flatMap((d) => d.problems);
    if (!out.length) problems.push("没有登记任何设备（摄像机不计）：请先在平台登记安装的设备");
    else if (subject === "BUILDING" && !onlineNow.homesCovered)
      problems.push("没有一户烟感在线可用：须至少有一户的独立式感烟火灾探测报警器按住户覆盖规则在线");
    return { since: (began ?? this.clock.now()).toISOString(), devices: out, problems };
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
    return this.view(row.id);
  }

  /** The unit's responsible person or manager (a building: its property company's manager) confirms. */
  async confirm(c: Caller, id: string): Promise<AcceptanceView> {
    const me = await this.me(c);
    if (!has(CONFIRMER_ROLES, me.role))
      throw new AppError("FORBIDDEN", "只有单位消防安全责任人、管理人或物业经理可以确认");
    const a = await this.visible(c, id);
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
    return this.view(id);
  }

  /** The fire supervisor accepts: the record is closed and the subject's stage is ACCEPTED. */
  async accept(c: Caller, id: string): Promise<AcceptanceView> {
    const me = await this.me(c);
    if (!has(ACCEPTOR_ROLES, me.role)) throw new AppError("FORBIDDEN", "只有消防监督可以验收");
    const a = await this.visible(c, id);
    if (a.status !== "UNIT_CONFIRMED")
      throw new AppError("CONFLICT", `当前状态为“${ACCEPTANCE_STATUS_LABELS[a.status]}”，须单位确认后才能验收`);
    const n = await this.prisma.acceptance.updateMany({
      where: { id, status: "UNIT_CONFIRMED" },
      data: { status: "ACCEPTED", acceptedByUserId: c.id, acceptedByName: me.name, acceptedAt: this.clock.now() },
    });
    if (n.count !== 1) throw new AppError("CONFLICT", "状态已变化，请刷新");
    await this.programme.recordStage(a.subject as StageSubject, a.subjectId, "ACCEPTED", c.id, "消防验收通过");
    return this.view(id);
  }

  /** The fire supervisor sends it back with reasons; the installer fixes and submits again. */
  async returnIt(c: Caller, id: string, reason: string): Promise<AcceptanceView> {
    const me = await this.me(c);
    if (!has(ACCEPTOR_ROLES, me.role)) throw new AppError("FORBIDDEN", "只有消防监督可以退回");
    if (!reason.trim()) throw new AppError("VALIDATION_FAILED", "退回时请写明原因");
    const a = await this.visible(c, id);
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
    return this.view(id);
  }

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
  private async visible(c: Caller, id: string) {
    const a = id.length <= 64 ? await this.prisma.acceptance.findUnique({ where: { id } }) : null;
    if (!a || !(await this.scopes.sees(c, a.subject as StageSubject, a.subjectId)))
      throw new AppError("NOT_FOUND", "找不到该验收");
    return a;
  }

  private async stageOf(subject: StageSubject, id: string): Promise<RolloutStage> {
    const row =
      subject === "UNIT"
        ? await this.prisma.networkedUnit.findUnique({ where: { id }, select: { rolloutStage: true } })
        : await this.prisma.building.findUnique({ where: { id }, select: { rolloutStage: true } });
    if (!row) throw new AppError("NOT_FOUND", "找不到该对象");
    return row.rolloutStage;
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

  private async view(id: string): Promise<AcceptanceView> {
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
