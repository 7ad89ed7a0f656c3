// The console's roll-out pages (issue 19 part A), mounted on the operations router: /console/rollout (推进计划),
// /console/rollout/:subject/:id (one unit's or building's roll-out), /console/acceptance (the list and, for
// an installer, the submission) and /console/acceptance/:id (one acceptance with the actions the caller may
// take) are screens of the React app (app/screens/Rollout*.tsx, Acceptance*.tsx): these routes decide who
// may open them; the API decides what each sees (another unit's acceptance is its 404).
// The printable record (/console/acceptance/:id/record) stays server-rendered: it is a document, printed and
// signed on paper, which must come out whole without the app's script (like the 责令改正通知书).
import type Router from "@koa/router";
import type Koa from "koa";
import { type PortalServices, type Principal, AppError } from "@anxin/api";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { spaPage } from "./spa.ts";
import { acceptanceRecordBody } from "./pages/rollout.ts";

export function addRolloutPages(
  r: Router,
  services: PortalServices,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/rollout", async (ctx) => {
    if (await staff(ctx, "rollout")) page(ctx, spaPage("推进计划"));
  });
  r.get("/rollout/:subject/:id", async (ctx) => {
    if (await staff(ctx, "rollout")) page(ctx, spaPage("推进情况"));
  });
  r.get("/acceptance", async (ctx) => {
    if (await staff(ctx, "acceptance")) page(ctx, spaPage("验收"));
  });
  r.get("/acceptance/:id", async (ctx) => {
    if (await staff(ctx, "acceptance")) page(ctx, spaPage("验收"));
  });

  r.get("/acceptance/:id/record", async (ctx) => {
    const me = await staff(ctx, "acceptance");
    if (!me) return;
    const id = String(ctx.params.id ?? "");
    if (id.length > 64) throw new AppError("NOT_FOUND", "找不到该验收");
    const a = await services.rollout.acceptance.get(me.who, id); // out of scope: 404
    page(
      ctx,
      shell({
        title: "消防物联网监测设备安装验收记录",
        page: "acceptance",
        viewer: me.viewer,
        body: acceptanceRecordBody(a),
        scripts: ["/console/assets/app/rollout.js"], // the print button
      }),
    );
  });
}
