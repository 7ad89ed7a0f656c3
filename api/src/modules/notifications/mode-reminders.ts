// The daily reminder of devices left out of normal use (安装模式, 维护模式: they store their events and raise no fire
// alarm, device-service-mode.ts). Once a county day, at 09:00, the devices out of NORMAL for more than
// DEVICE_MODE_OVERDUE_HOURS (since when: the audit log's switches, outOfServiceSince) are told to the people
// responsible for them: a community's devices (a home's or a building's shared place) to the managers of its
// property company, a networked unit's to its responsible person, fire safety manager and safety officers. Each
// person gets one notice a day (on their screen and by SMS, through the NoticeService and its outbox, as the other
// staff notices) naming how many and the first few, with where to look: the page where they see each device's mode
// and put it back in use (设备健康 for a property company, 消防设施 for a unit). The day is a durable timer (kind
// "devices.mode-reminder", keyed by the county day, each run planning the next): one instance claims it, and
// the notices are keyed by day and person, so a rerun after a crash or a second instance queues nothing twice.
// Bounded: at most MAX_DEVICES devices read a run, a page at a time; nothing is sent after 21:00 (a day missed
// is skipped, never sent at night).
import type { DeviceMode, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { Loop } from "../../shared/loop.ts";
import { addDays, countyDate, countyInstant } from "../../shared/county-time.ts";
import { DEVICE_MODE_ONGOING, DEVICE_MODE_OVERDUE_HOURS } from "../../contract/labels.ts";
import { ROLE_SETS } from "../../contract/roles.ts";
import type { Notice } from "./notices.ts";
import { staffRecipient } from "./recipients.ts";
import type { TimerRepository, TimerRow } from "./timer-repository.ts";
import { claimAndRun } from "./timer-runner.ts";
import { outOfServiceSince } from "../devices/device-service-mode.ts";

export const MODE_REMINDER_TIMER_KIND = "devices.mode-reminder";
/** the county's wall-clock hours a day's reminder may go out in */
export const MODE_REMINDER_FROM = "09:00";
export const MODE_REMINDER_UNTIL = "21:00";
/** devices read a run, at most, and a page of them */
export const MODE_REMINDER_MAX_DEVICES = 2000;
const PAGE = 200;
/** devices named in a notice; the rest are counted */
const NAMED = 3;
const MAX_PEOPLE = 1000;
const LOCK_MS = 5 * 60_000;
const HOUR_MS = 3600_000;
/** who in a networked unit answers for its devices (not the control room's operators on shift) */
const UNIT_ROLES = ROLE_SETS.unitDeviceKeepers;

const timerKey = (day: string) => `devices:mode-reminder:${day}`;
/** the notices' scope: with the person and the channel, each row's key (notification.ts dedupeKey) */
export const modeReminderScope = (day: string) => `device-mode:${day}`;

export interface ModeReminderDeps {
  prisma: Prisma;
  timers: Pick<TimerRepository, "schedule" | "claimDue" | "done">;
  notices: { send(n: Notice): Promise<number> };
  clock: Clock;
  log: Logger;
  /** this instance's name for claiming timers */
  owner: string;
  /** where the console is, for the link in the notice */
  baseUrl: string;
}

interface Overdue {
  id: string;
  serial: string;
  mode: DeviceMode;
  since: Date;
  communityId: string | null;
  unitId: string | null;
  what: string;
}

interface Person {
  staff: { id: string; name: string; phone: string | null };
  devices: Map<string, Overdue>;
  places: Set<string>;
  /** the units a unit's person is told about (none for a property company's manager) */
  units: Set<string>;
}

/**
 * The console page a notice points to, where each device's mode is shown and switched back: 设备健康 filtered to the
 * devices out of normal use for a property company's manager; for a unit's people (who do not open that page, a
 * property desk's) 消防设施, at their unit, or with several the page, where they choose the unit.
 */
function whereToLook(units: readonly string[]): [string, string] {
  if (!units.length) return ["设备健康（未正常使用）", "/console/devices?outOfService=true"];
  if (units.length === 1) return ["消防设施", `/console/facilities?place=unit:${encodeURIComponent(units[0]!)}`];
  return ["消防设施", "/console/facilities"];
}

export class ModeReminders {
  private loop: Loop | null = null;
  private plannedDay: string | null = null;

  constructor(private readonly d: ModeReminderDeps) {}

  /** The loop's body: plans the day's reminder (once a county day here), runs the due one; how many ran. */
  readonly runDue = async (): Promise<number> => {
    const now = this.d.clock.now();
    if (this.plannedDay !== countyDate(now)) {
      await this.plan(now);
      this.plannedDay = countyDate(now);
    }
    return claimAndRun(
      this.d,
      { kinds: [MODE_REMINDER_TIMER_KIND], limit: 5, lockMs: LOCK_MS, failed: "device mode reminder failed" },
      (t) => this.step(t),
    );
  };

  /** Today's reminder while its hours last, else tomorrow's, unless planned already (keyed by the day). */
  private async plan(now: Date): Promise<void> {
    const today = countyDate(now);
    const day = now < countyInstant(today, MODE_REMINDER_UNTIL) ? today : addDays(today, 1);
    await this.d.timers.schedule(
      timerKey(day),
      MODE_REMINDER_TIMER_KIND,
      { day },
      countyInstant(day, MODE_REMINDER_FROM),
    );
  }

  /**
   * One day's timer: the next day planned first, then the reminder sent if it is still its day and hours (a day
   * the instances missed is skipped; today's was planned by runDue before this ran).
   */
  private async step(t: TimerRow): Promise<void> {
    const { day } = JSON.parse(t.payload) as { day: string };
    const now = this.d.clock.now();
    const next = addDays(countyDate(now), 1);
    await this.d.timers.schedule(
      timerKey(next),
      MODE_REMINDER_TIMER_KIND,
      { day: next },
      countyInstant(next, MODE_REMINDER_FROM),
    );
    if (day !== countyDate(now) || now >= countyInstant(day, MODE_REMINDER_UNTIL)) {
      this.d.log.warn({ day }, "device mode reminder skipped: its day or hours are over");
      return;
    }
    await this.remind(day);
  }

  /** Tells each responsible person of `day` their devices out of normal use past the limit; what it queued. */
  async remind(day: string): Promise<{ devices: number; people: number; queued: number }> {
    const now = this.d.clock.now();
    const devices = await this.overdue(now);
    const people = await this.audience(devices);
    let queued = 0;
    for (const p of people) queued += await this.d.notices.send(this.notice(day, p, now));
    if (devices.length)
      this.d.log.info({ day, devices: devices.length, people: people.length, queued }, "device mode reminders queued");
    return { devices: devices.length, people: people.length, queued };
  }

  /** The devices in a community or a unit out of normal use for more than the limit, a page at a time. */
  private async overdue(now: Date): Promise<Overdue[]> {
    const limit = now.getTime() - DEVICE_MODE_OVERDUE_HOURS * HOUR_MS;
    const out: Overdue[] = [];
    let after = "";
    for (let read = 0; read < MODE_REMINDER_MAX_DEVICES; read += PAGE) {
      const rows = await this.d.prisma.device.findMany({
        where: {
          id: { gt: after },
          mode: { not: "NORMAL" },
          OR: [{ communityId: { not: null } }, { unitId: { not: null } }],
        },
        select: {
          id: true,
          serial: true,
          mode: true,
          registeredAt: true,
          communityId: true,
          unitId: true,
          name: true,
          room: true,
          placeName: true,
          household: {
            select: { roomNo: true, unit: { select: { name: true, building: { select: { name: true } } } } },
          },
        },
        orderBy: { id: "asc" },
        take: Math.min(PAGE, MODE_REMINDER_MAX_DEVICES - read),
      });
      const since = await outOfServiceSince(this.d.prisma, rows);
      for (const r of rows) {
        const s = since.get(r.id);
        if (!s || s.getTime() >= limit) continue;
        const h = r.household;
        const home = h ? `${h.unit.building.name} ${h.unit.name} ${h.roomNo}` : null;
        const what = [home, r.name ?? r.placeName ?? r.room].filter(Boolean).join(" ") || `编号 ${r.serial}`;
        out.push({ ...r, since: s, what });
      }
      if (rows.length < PAGE) return out;
      after = rows[rows.length - 1]!.id;
    }
    this.d.log.warn({ read: MODE_REMINDER_MAX_DEVICES }, "device mode reminder read its most devices; the rest wait");
    return out;
  }

  /** Who answers for each device: its community's property company managers, its unit's people (active only). */
  private async audience(devices: Overdue[]): Promise<Person[]> {
    const people = new Map<string, Person>();
    const add = (s: Person["staff"], d: Overdue, place: string, unitId: string | null) => {
      const p = people.get(s.id) ?? { staff: s, devices: new Map(), places: new Set(), units: new Set() };
      p.devices.set(d.id, d);
      p.places.add(place);
      if (unitId) p.units.add(unitId);
      people.set(s.id, p);
    };
    const sel = { id: true, name: true, phone: true } as const;
    const communityIds = [...new Set(devices.flatMap((d) => (d.communityId ? [d.communityId] : [])))];
    if (communityIds.length) {
      const communities = await this.d.prisma.community.findMany({
        where: { id: { in: communityIds } },
        select: { id: true, name: true, propertyCompanyId: true },
      });
      const companies = [...new Set(communities.flatMap((c) => (c.propertyCompanyId ? [c.propertyCompanyId] : [])))];
      const managers = companies.length
        ? await this.d.prisma.staffUser.findMany({
            where: { role: "PROPERTY_MANAGER", active: true, propertyCompanyId: { in: companies } },
            select: { ...sel, propertyCompanyId: true },
            orderBy: { createdAt: "asc" },
            take: MAX_PEOPLE,
          })
        : [];
      const byId = new Map(communities.map((c) => [c.id, c]));
      for (const d of devices) {
        const c = d.communityId ? byId.get(d.communityId) : undefined;
        if (!c?.propertyCompanyId) continue;
        for (const m of managers) if (m.propertyCompanyId === c.propertyCompanyId) add(m, d, c.name, null);
      }
    }
    const unitIds = [...new Set(devices.flatMap((d) => (d.unitId ? [d.unitId] : [])))];
    if (unitIds.length) {
      const units = await this.d.prisma.networkedUnit.findMany({
        where: { id: { in: unitIds } },
        select: { id: true, name: true },
      });
      const staff = await this.d.prisma.staffUser.findMany({
        where: { role: { in: [...UNIT_ROLES] }, active: true, units: { some: { unitId: { in: unitIds } } } },
        select: { ...sel, units: { where: { unitId: { in: unitIds } }, select: { unitId: true } } },
        orderBy: { createdAt: "asc" },
        take: MAX_PEOPLE,
      });
      const names = new Map(units.map((u) => [u.id, u.name]));
      for (const d of devices) {
        if (!d.unitId) continue;
        for (const s of staff)
          if (s.units.some((u) => u.unitId === d.unitId)) add(s, d, names.get(d.unitId) ?? "", d.unitId);
      }
    }
    return [...people.values()];
  }

  /** One person's notice of the day: how many, the longest out first, and where to look. */
  private notice(day: string, p: Person, now: Date): Notice {
    const list = [...p.devices.values()].sort(
      (a, b) => a.since.getTime() - b.since.getTime() || (a.id < b.id ? -1 : 1),
    );
    const named = list.slice(0, NAMED).map((d) => {
      const days = Math.max(1, Math.floor((now.getTime() - d.since.getTime()) / (24 * HOUR_MS)));
      return `${d.what}（${DEVICE_MODE_ONGOING[d.mode]}已超过 ${days} 天）`;
    });
    const places = [...p.places].filter(Boolean);
    const kind = p.units.size ? "个单位" : "个小区";
    const address = places.length > 1 ? `${places[0]} 等 ${places.length} ${kind}` : (places[0] ?? "");
    const [page, path] = whereToLook([...p.units]);
    const overdue =
      DEVICE_MODE_OVERDUE_HOURS % 24 ? `${DEVICE_MODE_OVERDUE_HOURS} 小时` : `${DEVICE_MODE_OVERDUE_HOURS / 24} 天`;
    const rest = list.length > NAMED ? ` 等 ${list.length} 台` : "";
    return {
      scope: modeReminderScope(day),
      kind: "device_mode_overdue",
      kindLabel: "设备停用",
      address,
      note:
        `${list.length} 台设备未正常使用已超过 ${overdue}，不会发出火警，请尽快恢复：` +
        `${named.join("；")}${rest}。查看${page}：${this.d.baseUrl}${path}`,
      to: [{ people: [staffRecipient(p.staff)], channels: ["PUSH", "SMS"] }],
    };
  }

  /** Runs the reminder's timers on this instance every `pollMs` (a minute: the day's timer is due at 09:00). */
  start(pollMs = 60_000): void {
    if (this.loop) return;
    this.loop = new Loop("device-mode-reminders", this.runDue, this.d.log);
    this.loop.start(pollMs);
  }

  async close(): Promise<void> {
    await this.loop?.stop();
  }
}
