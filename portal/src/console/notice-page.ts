// The printable 责令改正通知书 (issue 18 item 5), mounted on the operations router: /console/hazards/:id/notice
// shows the notice that hazard was issued in, to whoever sees the hazard (the unit, the supervisor).
import type Router from "@koa/router";
import type Koa from "koa";
import { type PortalServices, type Principal, AppError } from "@anxin/api";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { noticeBody } from "./pages/notice.ts";

export function addNoticePage(
  r: Router,
  services: PortalServices,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/hazards/:id/notice", async (ctx) => {
    const me = await staff(ctx, "hazards");
    if (!me) return;
    const id = ctx.params.id ?? "";
    if (id.length > 64) throw new AppError("NOT_FOUND", "找不到该隐患");
    const n = await services.inspection.notices.get(me.who, id);
    const back = `/console/hazards/${encodeURIComponent(id)}`;
    page(
      ctx,
      shell({ title: `责令改正通知书 ${n.no}`, page: "hazards", viewer: me.viewer, body: noticeBody(n, back) }),
    );
  });
}
