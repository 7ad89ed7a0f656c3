// The duty roster: who of a property company is on duty when (DutyShift rows). The escalation chain's
// "duty_staff" group (notifications/recipients.ts) reads the same rows, so a shift entered here is who the
// 60-second step calls. Managers (and admins) edit their company's roster; staff may read it.
// Rules: the end after the start, at most 24 hours, the person a working manager or staff member of the
// same company, and no two shifts of one person overlapping.
import type { Prisma, PrismaNs, StaffRole } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Principal } from "../auth/principal.ts";
import { countyDate, countyLocaleString } from "../../shared/county-time.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

export const MAX_SHIFT_MS = 24 * 3600_000;
const MAX_RANGE_MS = 62 * 24 * 3600_000;
const ROSTER_ROLES: readonly StaffRole[] = ROLE_SETS.propertyCompany;
type Tx = PrismaNs.TransactionClient;

export interface ShiftView {
  id: string;
  staffUserId: string;
  staffName: string;
  startsAt: string;
  endsAt: string;
  onDutyNow: boolean;
}

export interface RosterStaff {
  id: string;
  name: string;
  role: string;
  phone: string;
  onDutyNow: boolean;
}

type ShiftRow = { id: string; staffUserId: string; startsAt: Date; endsAt: Date; staffUser: { name: string } };

export class RosterService {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  /** The company whose roster the caller works on: their own, or for an admin the one named. */
  private async company(p: Principal, requested: string | undefined): Promise<string> {
    if (p.kind === "staff" && ROSTER_ROLES.includes(p.role)) {
      if (!p.propertyCompanyId) throw new AppError("NOT_FOUND", "当前账号不属于任何物业公司");
      if (requested && requested !== p.propertyCompanyId) throw new AppError("NOT_FOUND", "找不到该物业公司");
      return p.propertyCompanyId;
    }
    if (p.kind === "staff" && p.role === "ADMIN") {
      if (!requested) throw new AppError("VALIDATION_FAILED", "请指定物业公司（propertyCompanyId）");
      const c = await this.prisma.propertyCompany.findUnique({ where: { id: requested }, select: { id: true } });
      if (!c) throw new AppError("NOT_FOUND", "找不到该物业公司");
      return c.id;
    }
    throw new AppError("FORBIDDEN");
  }

  private view(s: ShiftRow, now: Date): ShiftView {
    return {
      id: s.id,
      staffUserId: s.staffUserId,
      staffName: s.staffUser.name,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      onDutyNow: s.startsAt <= now && s.endsAt > now,
    };
  }

  /** Shifts overlapping [from, to), earliest first. */
  async list(
    p: Principal,
    q: { from: Date; to: Date; propertyCompanyId?: string | undefined },
  ): Promise<{ propertyCompanyId: string; now: string; items: ShiftView[] }> {
    const companyId = await this.company(p, q.propertyCompanyId);
    if (!(q.to > q.from)) throw new AppError("VALIDATION_FAILED", "结束时间必须晚于开始时间");
    if (q.to.getTime() - q.from.getTime() > MAX_RANGE_MS)
      throw new AppError("VALIDATION_FAILED", "一次最多查询 62 天的排班");
    const now = this.clock.now();
    const rows = await this.prisma.dutyShift.findMany({
      where: { propertyCompanyId: companyId, startsAt: { lt: q.to }, endsAt: { gt: q.from } },
      include: { staffUser: { select: { name: true } } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    });
    return { propertyCompanyId: companyId, now: now.toISOString(), items: rows.map((r) => this.view(r, now)) };
  }

  /** What the roster screen starts from: the companies the caller may open, the county's today, and
   *  whether the caller may add and remove shifts (managers and admins). */
  async overview(
    p: Principal,
  ): Promise<{ companies: { id: string; name: string }[]; today: string; canEdit: boolean }> {
    return {
      companies: await this.companies(p),
      today: countyDate(this.clock.now()),
      canEdit: p.kind === "staff" && (p.role === "PROPERTY_MANAGER" || p.role === "ADMIN"),
    };
  }

  /** The companies whose roster the caller may open: their own, or every one for an admin. */
  async companies(p: Principal): Promise<{ id: string; name: string }[]> {
    if (p.kind === "staff" && p.role === "ADMIN")
      return this.prisma.propertyCompany.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
    if (p.kind === "staff" && ROSTER_ROLES.includes(p.role) && p.propertyCompanyId)
      return this.prisma.propertyCompany.findMany({
        where: { id: p.propertyCompanyId },
        select: { id: true, name: true },
      });
    return [];
  }

  /** The company's people who can be put on the roster. */
  async staff(p: Principal, propertyCompanyId?: string): Promise<RosterStaff[]> {
    const companyId = await this.company(p, propertyCompanyId);
    const now = this.clock.now();
    const rows = await this.prisma.staffUser.findMany({
      where: { propertyCompanyId: companyId, active: true, role: { in: ["PROPERTY_MANAGER", "PROPERTY_STAFF"] } },
      select: {
        id: true,
        name: true,
        role: true,
        phone: true,
        dutyShifts: { where: { startsAt: { lte: now }, endsAt: { gt: now } }, select: { id: true }, take: 1 },
      },
      orderBy: { name: "asc" },
    });
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      phone: maskPhone(r.phone),
      onDutyNow: r.dutyShifts.length > 0,
    }));
  }

  async add(
    p: Principal,
    input: { staffUserId: string; startsAt: Date; endsAt: Date; propertyCompanyId?: string | undefined },
  ): Promise<ShiftView> {
    const companyId = await this.company(p, input.propertyCompanyId);
    const row = await this.prisma.$transaction(async (tx) => {
      await this.check(tx, companyId, input.staffUserId, input.startsAt, input.endsAt, null);
      return tx.dutyShift.create({
        data: {
          propertyCompanyId: companyId,
          staffUserId: input.staffUserId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
        },
        include: { staffUser: { select: { name: true } } },
      });
    });
    return this.view(row, this.clock.now());
  }

  async change(
    p: Principal,
    id: string,
    input: { staffUserId?: string | undefined; startsAt?: Date | undefined; endsAt?: Date | undefined },
  ): Promise<ShiftView> {
    const shift = await this.own(p, id);
    const next = {
      staffUserId: input.staffUserId ?? shift.staffUserId,
      startsAt: input.startsAt ?? shift.startsAt,
      endsAt: input.endsAt ?? shift.endsAt,
    };
    const row = await this.prisma.$transaction(async (tx) => {
      await this.check(tx, shift.propertyCompanyId, next.staffUserId, next.startsAt, next.endsAt, id);
      return tx.dutyShift.update({ where: { id }, data: next, include: { staffUser: { select: { name: true } } } });
    });
    return this.view(row, this.clock.now());
  }

  async remove(p: Principal, id: string): Promise<void> {
    await this.own(p, id);
    await this.prisma.dutyShift.delete({ where: { id } });
  }

  /** A shift of the caller's company (an admin's: any); another company's is NOT_FOUND. */
  private async own(p: Principal, id: string) {
    const shift = await this.prisma.dutyShift.findUnique({ where: { id } });
    if (!shift) throw new AppError("NOT_FOUND", "找不到该班次");
    await this.company(p, shift.propertyCompanyId).catch((e: AppError) => {
      throw e.code === "NOT_FOUND" ? new AppError("NOT_FOUND", "找不到该班次") : e;
    });
    return shift;
  }

  /**
   * Checks a shift inside the transaction that writes it. Two managers adding overlapping shifts for one person
   * at the same moment must not both succeed, so the person's row is written first: PostgreSQL then holds its
   * row lock (the second transaction waits, and its overlap query sees the first one's shift), and SQLite its
   * single write lock.
   */
  private async check(
    tx: Tx,
    companyId: string,
    staffUserId: string,
    startsAt: Date,
    endsAt: Date,
    exceptId: string | null,
  ): Promise<void> {
    if (!(endsAt > startsAt)) throw new AppError("VALIDATION_FAILED", "下班时间必须晚于上班时间");
    if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_MS)
      throw new AppError("VALIDATION_FAILED", "一个班次最长 24 小时");
    const locked = await tx.staffUser.updateMany({
      where: { id: staffUserId, propertyCompanyId: companyId, active: true, role: { in: [...ROSTER_ROLES] } },
      data: { active: true },
    });
    if (locked.count !== 1) throw new AppError("VALIDATION_FAILED", "只能安排本物业公司的在职人员值班");
    const clash = await tx.dutyShift.findFirst({
      where: {
        staffUserId,
        startsAt: { lt: endsAt },
        endsAt: { gt: startsAt },
        ...(exceptId ? { id: { not: exceptId } } : {}),
      },
      select: { startsAt: true, endsAt: true },
    });
    if (clash)
      throw new AppError("CONFLICT", `该人员在这段时间已有班次（${fmt(clash.startsAt)} 至 ${fmt(clash.endsAt)}）`);
  }
}

const fmt = (d: Date) =>
  countyLocaleString(d, {
    hour12: false,
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
