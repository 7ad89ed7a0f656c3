// Reports (transport/http/routes/reports.routes.ts): a schema per report endpoint; the console reads the
// inferred types with `import type`, so a renamed field breaks the build.
import { z } from "zod";
import { month, page } from "../shared/bounded.ts";

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
