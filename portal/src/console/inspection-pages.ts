// The console's inspection screens (issue 18), mounted on the operations router: /console/hazards (the
// list, overdue first), /console/hazards/:id (one hazard and its timeline), /console/patrols (completion
// per unit). They are screens of the React app (app/screens/Hazards.tsx, Hazard.tsx, Patrols.tsx): these
// routes decide who may open them; the API decides what each sees (another unit's hazard is its 404).
// The printable rectification notice (/console/hazards/:id/notice) stays server-rendered: notice-page.ts.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Principal } from "@anxin/api";
import type { ConsolePage, Viewer } from "./shell.ts";
import { spaPage } from "./spa.ts";

export function addInspectionPages(
  r: Router,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/hazards", async (ctx) => {
    if (await staff(ctx, "hazards")) page(ctx, spaPage("隐患整改"));
  });
  r.get("/hazards/:id", async (ctx) => {
    if (await staff(ctx, "hazards")) page(ctx, spaPage("隐患"));
  });
  r.get("/patrols", async (ctx) => {
    if (await staff(ctx, "patrols")) page(ctx, spaPage("巡查完成情况"));
  });
}
