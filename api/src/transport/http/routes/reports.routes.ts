// Reports for the staff console (issue 8): the county view for the fire brigade, a property company's own
// figures, the monthly progress report as JSON and xlsx. Thin: parse, call, return.
import { route } from "../route.ts";
import * as s from "../../../contract/reports.ts";
import { monthlyWorkbook } from "../../../modules/reports/monthly-xlsx.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

export const reportRoutes = [
  route({
    method: "get",
    path: "/api/reports/county",
    summary:
      "County view: alarms today/week/month, response times by community and company, devices online, old high-rise coverage by township, false alarms (paged, sorted); networked units in the caller's unit scope (states by category, the period's fire signals, open hazards and facility faults)",
    tag: "reports",
    access: ROLE_SETS.county,
    query: s.countyQuery,
    response: s.countyReport,
    handler: ({ services, principal, query }) => services.reports.county(principal, query),
  }),
  route({
    method: "get",
    path: "/api/reports/company",
    summary:
      "A property company's communities: coverage per building (paged, sorted), device health counts, open alarms",
    tag: "reports",
    access: ROLE_SETS.propertyCompany,
    query: s.companyQuery,
    response: s.companyReport,
    handler: ({ services, principal, query }) => services.reports.company(principal, query),
  }),
  route({
    method: "get",
    path: "/api/reports/township",
    summary:
      "A township's page: its communities (households, devices online, coverage by the one rule), open alarms of its homes and units, experience centres and group bookings; a coordinator's own township only (another id: 404)",
    tag: "reports",
    access: ROLE_SETS.countyAndTownship,
    query: s.townshipQuery,
    response: s.townshipReport,
    handler: ({ services, principal, query }) => services.reports.township(principal, query),
  }),
  route({
    method: "get",
    path: "/api/reports/monthly",
    summary:
      "Monthly report (month=YYYY-MM) per township and property company; the county for the brigade, their own company for a manager",
    tag: "reports",
    access: ROLE_SETS.countyAndPropertyManager,
    query: s.monthlyQuery,
    response: s.monthlyReport,
    handler: ({ services, principal, query }) => services.reports.monthly(principal, query.month),
  }),
  route({
    method: "get",
    path: "/api/reports/monthly.xlsx",
    summary: "The monthly report as an xlsx workbook, the same figures as /api/reports/monthly",
    tag: "reports",
    access: ROLE_SETS.countyAndPropertyManager,
    query: s.monthlyQuery,
    handler: async ({ services, principal, query, ctx }) => {
      const report = await services.reports.monthly(principal, query.month);
      ctx.type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      ctx.attachment(`anxin-monthly-${query.month}.xlsx`);
      ctx.set("Cache-Control", "no-store");
      ctx.body = await monthlyWorkbook(report);
    },
  }),
];
