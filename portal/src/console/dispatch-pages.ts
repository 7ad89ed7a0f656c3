// The console's monthly dispatch page (issue 19, part B), mounted on the operations router: /console/dispatch,
// a screen of the React app (app/screens/Dispatch.tsx: figures, charts, laggards, talks, commendations,
// centres, unit scores; printable), and /console/dispatch.xlsx. The scope (county, township, sector) is the
// API service's, decided on the server; this route decides who may open the page.
import type Router from "@koa/router";
import type Koa from "koa";
import { type PortalServices, type Principal, dispatchWorkbook } from "@anxin/api";
import { monthQuery } from "@anxin/contract/dispatch.schemas";
import { CACHE_PRIVATE, send } from "../server/http/respond.ts";
import type { ConsolePage, Viewer } from "./shell.ts";
import { spaPage } from "./spa.ts";

const str = (ctx: Koa.Context, k: string) => (typeof ctx.query[k] === "string" ? (ctx.query[k] as string) : undefined);

export function addDispatchPages(
  r: Router,
  services: PortalServices,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  const svc = () => services.rolloutDispatch.service;

  r.get("/dispatch", async (ctx) => {
    if (!(await staff(ctx, "dispatch"))) return;
    page(ctx, spaPage("每月调度"));
  });

  r.get("/dispatch.xlsx", async (ctx) => {
    const me = await staff(ctx, "dispatch");
    if (!me) return;
    const { month } = monthQuery.parse({ month: str(ctx, "month") || undefined });
    const d = await svc().monthly(me.who, month);
    ctx.attachment(`anxin-dispatch-${d.month}.xlsx`);
    send(
      ctx,
      await dispatchWorkbook(d),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      CACHE_PRIVATE,
    );
  });
}
