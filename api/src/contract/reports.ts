// Reports (transport/http/routes/reports.routes.ts): a schema per report endpoint; the console reads the
// inferred types with `import type`, so a renamed field breaks the build.
import { z } from "zod";
import { month, page } from "../shared/bounded.ts";
import { ALARM_KINDS, UNIT_STATE_LABEL } from "./labels.ts";
import { unitCategory } from "./units.ts";

const pageBase = {
  ...page(20, 200),
  order: z.enum(["asc", "desc"]).default("desc"),
};

/** The county report: its long list (false alarms by device or household) is paged and sorted on the server. */
export const countyQuery = z.object({
  ...pageBase,
  by: z.enum(["device", "household"]).default("device"),
  sort: z.enum(["falseAlarms", "rate", "maxPerDay", "fireAlarms", "name"]).default("falseAlarms"),
  // the response-times table by community: a county has hundreds of communities
  cOffset: page(20, 200).offset,
  cLimit: page(20, 200).limit,
  cSort: z
    .enum(["alarms", "ackMedianSec", "ackP90Sec", "resolveMedianSec", "resolveP90Sec", "name"])
    .default("ackMedianSec"),
  cOrder: z.enum(["asc", "desc"]).default("desc"),
  // the networked units' fire signals: today, this week or this month (county days)
  uPeriod: z.enum(["today", "week", "month"]).default("month"),
});
export type CountyQuery = z.infer<typeof countyQuery>;

export const companyQuery = z.object({
  ...pageBase,
  sort: z.enum(["rate", "households", "covered", "name"]).default("rate"),
  order: z.enum(["asc", "desc"]).default("asc"),
});
export type CompanyQuery = z.infer<typeof companyQuery>;

export const monthlyQuery = z.object({ month });

const responseTimes = z.object({
  alarms: z.number(),
  acknowledged: z.number(),
  ackMedianSec: z.number().nullable(),
  ackP90Sec: z.number().nullable(),
  resolved: z.number(),
  resolveMedianSec: z.number().nullable(),
  resolveP90Sec: z.number().nullable(),
});
const coverage = z.object({ households: z.number(), covered: z.number(), rate: z.number() });
const counts = z.object({ all: z.number(), fire: z.number() });
const falseAlarmRow = z.object({
  id: z.string(),
  name: z.string(),
  fireAlarms: z.number(),
  falseAlarms: z.number(),
  rate: z.number(),
  maxPerDay: z.number(),
  flagged: z.boolean(),
});

/** Units in each command-view state (centre/command-view.ts unitState, the wall's one rule). */
const unitStates = z.object({
  FIRE: z.number(),
  FAULT: z.number(),
  OFFLINE: z.number(),
  UNCONNECTED: z.number(),
  NORMAL: z.number(),
} satisfies Record<keyof typeof UNIT_STATE_LABEL, z.ZodNumber>);
const severityCounts = z.object({ total: z.number(), major: z.number(), general: z.number() });

/**
 * 全县态势's networked units (联网单位), within the caller's unit scope: the active units by category and
 * command-view state (online: 正常, 故障 or 火警, neither 离线 nor 未接入), the period's fire signals with their
 * verdicts, open hazards and open facility faults.
 */
export const countyUnits = z.object({
  period: z.enum(["today", "week", "month"]),
  window: z.object({ from: z.string(), to: z.string() }),
  total: z.number(),
  online: z.number(),
  states: unitStates,
  byCategory: z.array(z.object({ category: unitCategory, total: z.number(), online: z.number(), states: unitStates })),
  signals: z.object({
    fireSignals: z.number(),
    realFires: z.number(),
    falseAlarms: z.number(),
    tests: z.number(),
    faults: z.number(),
    pending: z.number(),
    handedTo119: z.number(),
    timeouts: z.number(),
    confirmations: z.number(),
    confirmMedianSec: z.number().nullable(),
    falseAlarmRate: z.number().nullable(),
  }),
  hazards: z.object({ open: severityCounts, overdue: severityCounts }),
  facilityFaults: z.object({
    total: z.number(),
    units: z.number(),
    byKind: z.array(z.object({ kind: z.enum(ALARM_KINDS), count: z.number() })),
  }),
});
export type CountyUnits = z.infer<typeof countyUnits>;

export const countyReport = z.object({
  generatedAt: z.string(),
  alarms: z.object({ today: counts, week: counts, month: counts }),
  responseWindow: z.object({ from: z.string(), to: z.string() }),
  responseTimes: responseTimes,
  responseByCommunity: z.object({
    total: z.number(),
    items: z.array(responseTimes.extend({ id: z.string(), name: z.string(), company: z.string().nullable() })),
  }),
  responseByCompany: z.array(responseTimes.extend({ id: z.string(), name: z.string() })),
  devices: z.object({ online: z.number(), total: z.number() }),
  coverageTarget: z.number(),
  coverage: coverage,
  coverageByTownship: z.array(coverage.extend({ id: z.string(), name: z.string(), meetsTarget: z.boolean() })),
  falseAlarms: z.object({
    fireAlarms: z.number(),
    falseAlarms: z.number(),
    rate: z.number(),
    perDayLimit: z.number(),
    flaggedDevices: z.number(),
    flaggedHouseholds: z.number(),
    list: z.object({ by: z.enum(["device", "household"]), total: z.number(), items: z.array(falseAlarmRow) }),
  }),
  communities: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      township: z.string(),
      company: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      openAlarms: z.number(),
      coverage: coverage,
    }),
  ),
  units: countyUnits,
});
export type CountyReport = z.infer<typeof countyReport>;

export const companyReport = z.object({
  generatedAt: z.string(),
  company: z.string().nullable(),
  communities: z.array(z.object({ id: z.string(), name: z.string(), openAlarms: z.number(), coverage: coverage })),
  buildings: z.object({
    total: z.number(),
    items: z.array(
      coverage.extend({ id: z.string(), name: z.string(), community: z.string(), oldHighRise: z.boolean() }),
    ),
  }),
  deviceHealth: z.record(z.string(), z.number()),
  openAlarms: z.object({ total: z.number(), byKind: z.record(z.string(), z.number()) }),
});
export type CompanyReport = z.infer<typeof companyReport>;

const monthlyFigures = z.object({
  id: z.string(),
  name: z.string(),
  coverage: coverage,
  alarms: counts,
  responseTimes: responseTimes,
  openProblems: z.number(),
});
export const monthlyReport = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  scope: z.string(),
  coverageTarget: z.number(),
  townships: z.array(monthlyFigures.extend({ trainedPeople: z.number().nullable() })),
  companies: z.array(monthlyFigures),
  total: monthlyFigures.extend({ sessionsHeld: z.number().nullable(), trainedPeople: z.number().nullable() }),
});
export type MonthlyReport = z.infer<typeof monthlyReport>;

/** A township's own page (issue 14): a coordinator's township; the brigade and admins name one. */
export const townshipQuery = z.object({ township: z.string().min(1).max(64).optional() });
export type TownshipQuery = z.infer<typeof townshipQuery>;

const count = z.number().int().nonnegative();
export const townshipReport = z.object({
  generatedAt: z.string(),
  township: z.object({ id: z.string(), name: z.string() }),
  coverageTarget: z.number(),
  coverageRule: z.string(),
  totals: z.object({
    communities: count,
    households: count,
    devices: z.object({ online: count, total: count }),
    coverage: coverage,
    openAlarms: count,
  }),
  communities: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      company: z.string().nullable(),
      households: count,
      devices: z.object({ online: count, total: count }),
      /** the old high-rise households and those covered (the one rule: modules/dispatch/coverage.ts) */
      coverage: coverage,
      meetsTarget: z.boolean(),
      openAlarms: count,
    }),
  ),
  openAlarms: z.object({
    total: count,
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        kindLabel: z.string(),
        severity: z.string(),
        status: z.enum(["ACTIVE", "ACKNOWLEDGED", "RESOLVED"]),
        startedAt: z.string(),
        community: z.string().nullable(),
        place: z.string(),
      }),
    ),
  }),
  /** sessions and seats from today over the next `days` days */
  centres: z.object({
    days: count,
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        level: z.enum(["COUNTY", "TOWNSHIP", "COMMUNITY"]),
        address: z.string(),
        phone: z.string().nullable(),
        openingHours: z.string(),
        capacity: count,
        sessionsAhead: count,
        seatsAhead: count,
        seatsBooked: count,
      }),
    ),
  }),
  groupBookings: z.array(
    z.object({
      id: z.string(),
      centre: z.string(),
      date: z.string(),
      startTime: z.string(),
      title: z.string(),
      groupName: z.string().nullable(),
      seats: count,
      status: z.string(),
    }),
  ),
});
export type TownshipReport = z.infer<typeof townshipReport>;
