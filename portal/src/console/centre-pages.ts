// 体验馆 (issue 14 item 3), mounted on the operations router: /console/centres for the roles the bookings API
// lets run a centre (CENTRE_STAFF of that centre, ADMIN), now a screen of the React app
// (app/screens/Centres.tsx). This route still decides who may open it; the centres listed and the one shown
// are decided by the bookings API with the caller's principal: another centre's id is a 404 there, and the
// screen says so.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Principal } from "@anxin/api";
import type { ConsolePage, Viewer } from "./shell.ts";
import { spaPage } from "./spa.ts";

export function addCentrePages(
  r: Router,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/centres", async (ctx) => {
    if (!(await staff(ctx, "centres"))) return;
    page(ctx, spaPage("体验馆管理"));
  });
}
