// 我的乡镇 (issue 14), mounted on the operations router: /console/township, a township coordinator's first
// page, now a screen of the React app (app/screens/Township.tsx). This route still decides who may open
// it; the township shown is the caller's, decided by the API (GET /api/reports/township): another
// township's id is a 404 there, and the screen says so.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Principal } from "@anxin/api";
import type { ConsolePage, Viewer } from "./shell.ts";
import { spaPage } from "./spa.ts";

export function addTownshipPages(
  r: Router,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/township", async (ctx) => {
    if (!(await staff(ctx, "township"))) return;
    page(ctx, spaPage("我的乡镇"));
  });
}
