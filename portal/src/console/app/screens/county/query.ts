// The county view's address: the report query it asks for (each value bounded) and the links that change it.
import type { CountyQuery } from "@anxin/contract/reports";

/** The API's defaults (reports.schemas.ts countyQuery): what the tables show when the address says nothing. */
const BASE: CountyQuery = {
  by: "device",
  sort: "falseAlarms",
  order: "desc",
  offset: 0,
  limit: 20,
  cOffset: 0,
  cLimit: 20,
  cSort: "ackMedianSec",
  cOrder: "desc",
  uPeriod: "month",
};
const ENUMS = {
  by: ["device", "household"],
  sort: ["falseAlarms", "rate", "maxPerDay", "fireAlarms", "name"],
  order: ["asc", "desc"],
  cSort: ["alarms", "ackMedianSec", "ackP90Sec", "resolveMedianSec", "resolveP90Sec", "name"],
  cOrder: ["asc", "desc"],
  uPeriod: ["today", "week", "month"],
} as const;

/** Rows a table shows on the wall display unless the address says: the page fits one screen (wall.ts). */
const WALL_ROWS = 8;

/** The query the address asks for, each value bounded (anything else: the default; fewer rows on the wall). */
/** Whether the address asks for the wall display (?wall=1). */
export const wallOf = (params: URLSearchParams): boolean => params.get("wall") === "1";

export function queryOf(params: URLSearchParams): CountyQuery {
  const wall = wallOf(params);
  const defaults: CountyQuery = wall ? { ...BASE, limit: WALL_ROWS, cLimit: WALL_ROWS } : BASE;
  const q: CountyQuery = { ...defaults };
  const pick = <K extends keyof typeof ENUMS>(k: K) => {
    const v = params.get(k);
    return v !== null && (ENUMS[k] as readonly string[]).includes(v) ? (v as CountyQuery[K]) : defaults[k];
  };
  const int = (k: "offset" | "limit" | "cOffset" | "cLimit", max: number, min: number) => {
    const n = Number(params.get(k) ?? defaults[k]);
    return Number.isInteger(n) && n >= min && n <= max ? n : defaults[k];
  };
  q.by = pick("by");
  q.sort = pick("sort");
  q.order = pick("order");
  q.cSort = pick("cSort");
  q.cOrder = pick("cOrder");
  q.uPeriod = pick("uPeriod");
  q.offset = int("offset", 1_000_000, 0);
  q.limit = int("limit", 200, 1);
  q.cOffset = int("cOffset", 1_000_000, 0);
  q.cLimit = int("cLimit", 200, 1);
  return q;
}

export const search = (q: CountyQuery, wall: boolean) =>
  new URLSearchParams([
    ...Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]),
    ...(wall ? [["wall", "1"] as [string, string]] : []),
  ]).toString();

/** A link to the same view with some of the query changed, scrolled to a table. */
export const linkTo = (q: CountyQuery, wall: boolean, o: Partial<CountyQuery>, anchor: string) =>
  `/console/county?${search({ ...q, ...o }, wall)}#${anchor}`;
