// The escalation chain for fire alarms, per community (EscalationPolicy.steps, JSON), with the defaults of
// issue #4: at once WeChat + SMS to every household member; unacknowledged after 60 s voice calls to members
// and emergency contacts and the property company's on-duty staff; after 3 minutes the fire supervisor(s)
// and the opted-in neighbours in the same unit. Entries with the same afterSec form one step.
// The floor every chain keeps is here too. Pure functions only: no database, no clock (STYLE habit 12); the
// service that reads, checks, records and announces changes is policy-service.ts.
import type { AlarmKind } from "../../db/client.ts";
import type { NotificationChannel } from "./notification.ts";
import { COUNTY_TIME_ZONE } from "../../shared/county-time.ts";

// The chain's entries are part of the contract (contract/notifications.ts): the route takes them from there.
import { POLICY_CHANNELS, policySchema, type PolicyEntry, type TargetGroup } from "../../contract/notifications.ts";
export { policySchema, TARGET_GROUPS, type PolicyEntry, type TargetGroup } from "../../contract/notifications.ts";
/** the contract's channels are channels this module sends on */
const _policyChannels = POLICY_CHANNELS satisfies readonly NotificationChannel[];

export interface EscalationStep {
  index: number;
  afterSec: number;
  label: string;
  notify: { targets: TargetGroup[]; channels: NotificationChannel[] }[];
}

export const DEFAULT_POLICY: PolicyEntry[] = [
  { afterSec: 0, targets: ["members"], channels: ["WECHAT", "SMS"], label: "通知家庭成员" },
  {
    afterSec: 60,
    targets: ["members", "emergency_contacts"],
    channels: ["VOICE"],
    label: "电话通知家人和紧急联系人，通知物业值班",
  },
  { afterSec: 60, targets: ["duty_staff"], channels: ["PUSH", "VOICE"] },
  { afterSec: 180, targets: ["supervisors"], channels: ["PUSH", "SMS"], label: "通知消防监督员和同单元邻居" },
  { afterSec: 180, targets: ["neighbours"], channels: ["WECHAT", "SMS"] },
];

/**
 * The floor no community's chain may go below (issue 12 item 3: one PUT left WeChat to members at 0 s and
 * nothing else). Every fire reaches the household at once on more than one channel (WeChat may be blocked
 * or unsubscribed, a phone off), and reaches people outside the home: the property company's duty staff
 * and the fire supervisors, within bounded delays. The console channel (a demo printout) counts for nothing.
 */
export const POLICY_FLOOR = {
  /** distinct channels that reach the members at 0 s */
  memberChannelsAtOnce: 2,
  /** the duty staff are told within this many seconds */
  dutyStaffWithinSec: 120,
  /** the fire supervisors are told within this many seconds */
  supervisorsWithinSec: 300,
} as const;

const realChannels = (e: PolicyEntry) => e.channels.filter((c) => c !== "CONSOLE");

/** Why a chain is below the floor, in words for the person editing it; empty when it is not. */
export function floorProblems(entries: readonly PolicyEntry[]): string[] {
  const problems: string[] = [];
  const atOnce = new Set(
    entries.filter((e) => e.afterSec === 0 && e.targets.includes("members")).flatMap((e) => realChannels(e)),
  );
  if (atOnce.size < POLICY_FLOOR.memberChannelsAtOnce)
    problems.push(
      `火警发生时必须立即（afterSec 为 0）用至少 ${POLICY_FLOOR.memberChannelsAtOnce} 种方式通知家庭成员（如微信和短信），现有 ${atOnce.size} 种`,
    );
  const reaches = (group: TargetGroup, withinSec: number) =>
    entries.some((e) => e.targets.includes(group) && e.afterSec <= withinSec && realChannels(e).length > 0);
  if (!reaches("duty_staff", POLICY_FLOOR.dutyStaffWithinSec))
    problems.push(`必须在 ${POLICY_FLOOR.dutyStaffWithinSec} 秒内通知物业值班人员（duty_staff）`);
  if (!reaches("supervisors", POLICY_FLOOR.supervisorsWithinSec))
    problems.push(`必须在 ${POLICY_FLOOR.supervisorsWithinSec} 秒内通知消防监督员（supervisors）`);
  return problems;
}

/**
 * When a fire alarm's step has reached nobody this long after it ran (every send failed, or none could be
 * made), that is itself an alarm (NOTIFY_FAILED) for the people outside the home. Retries go on meanwhile.
 */
export const UNREACHED_CHECK_SEC = 30;

/** The one step of a NOTIFY_FAILED alarm: the duty staff and the supervisors, on every channel at once. */
export const UNREACHED_POLICY: PolicyEntry[] = [
  {
    afterSec: 0,
    targets: ["duty_staff", "supervisors"],
    channels: ["PUSH", "SMS", "VOICE"],
    label: "火警通知未送达：请立即上门或电话确认",
  },
];

/** Who is told at once when someone on site confirms a real fire (resolution REAL_FIRE). */
export const REAL_FIRE_NOTIFY: EscalationStep["notify"] = [
  { targets: ["supervisors"], channels: ["PUSH", "SMS", "VOICE"] },
];

const GROUP_LABEL: Record<TargetGroup, string> = {
  members: "家庭成员",
  emergency_contacts: "紧急联系人",
  duty_staff: "物业值班人员",
  supervisors: "消防监督员",
  neighbours: "同单元邻居",
};

/** Groups entries into steps ordered by time. */
export function toSteps(entries: PolicyEntry[]): EscalationStep[] {
  const byTime = new Map<number, PolicyEntry[]>();
  for (const e of entries) byTime.set(e.afterSec, [...(byTime.get(e.afterSec) ?? []), e]);
  return [...byTime.keys()]
    .sort((a, b) => a - b)
    .map((afterSec, index) => {
      const group = byTime.get(afterSec)!;
      const label =
        group.find((e) => e.label)?.label ??
        `通知${[...new Set(group.flatMap((e) => e.targets))].map((t) => GROUP_LABEL[t]).join("、")}`;
      return { index, afterSec, label, notify: group.map((e) => ({ targets: e.targets, channels: e.channels })) };
    });
}

/** The community's stored policy, or the defaults when there is none or it does not parse (and why). */
export function parsePolicy(stored: string | null | undefined): { steps: EscalationStep[]; problem: string | null } {
  if (!stored) return { steps: toSteps(DEFAULT_POLICY), problem: null };
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return { steps: toSteps(DEFAULT_POLICY), problem: "not JSON" };
  }
  const r = policySchema.safeParse(json);
  if (!r.success)
    return {
      steps: toSteps(DEFAULT_POLICY),
      problem: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    };
  // a chain stored before the floor existed, or written straight into the database, is not used below it
  const below = floorProblems(r.data);
  if (below.length) return { steps: toSteps(DEFAULT_POLICY), problem: `below the floor: ${below.join("; ")}` };
  return { steps: toSteps(r.data), problem: null };
}

// ---- reminders for device problems (issue #4 item 4) ----

/** Alarm kinds that get reminders while unresolved; FIRE has its own chain. */
export const REMINDER_KINDS: ReadonlySet<AlarmKind> = new Set(["LOW_BATTERY", "OFFLINE", "TAMPER", "FAULT"]);
/** Quiet hours hold these back; a removed (possibly stolen or covered) alarm is not held back. */
export const QUIET_KINDS: ReadonlySet<AlarmKind> = new Set(["LOW_BATTERY", "OFFLINE", "FAULT"]);

export const REMINDERS = {
  /** a reminder again after this long while the problem stays */
  intervalSec: 24 * 3600,
  /** reminder rounds per device per local day, whatever the problem */
  perDevicePerDay: 2,
  notify: [
    { targets: ["members"], channels: ["WECHAT"] },
    { targets: ["duty_staff"], channels: ["PUSH"] },
  ] as EscalationStep["notify"],
};

export interface QuietHours {
  /** minutes after local midnight */
  start: number;
  end: number;
  timeZone: string;
}

export function parseQuietHours(spec: string, timeZone = COUNTY_TIME_ZONE): QuietHours {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(spec.trim());
  if (!m) throw new Error(`quiet hours must look like 22:00-07:00 (got "${spec}")`);
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59)
    throw new Error(`quiet hours must look like 22:00-07:00 (got "${spec}")`);
  // read once at start: the zone's formatter is made now (its first use loads the zone's data, 15-20 ms on
  // the event loop here), not inside the first escalation reminder after a start (docs/gb26875.md)
  localTime(new Date(0), timeZone);
  return { start: h1 * 60 + m1, end: h2 * 60 + m2, timeZone };
}

/**
 * One formatter per time zone (a county has one; the map is bounded all the same): making an
 * Intl.DateTimeFormat costs far more than using one, and this runs for every step a fire's escalation plans.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 16;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local date ("2026-11-28") and minutes after midnight in a time zone. */
export function localTime(at: Date, timeZone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** When quiet hours hold a reminder back: the moment they end; null when `at` is outside them. */
export function quietUntil(at: Date, q: QuietHours): Date | null {
  const { minutes } = localTime(at, q.timeZone);
  const inside = q.start <= q.end ? minutes >= q.start && minutes < q.end : minutes >= q.start || minutes < q.end;
  if (!inside) return null;
  const wait = (q.end - minutes + 1440) % 1440;
  const t = new Date(at.getTime() + wait * 60_000);
  t.setUTCSeconds(0, 0);
  return t;
}
