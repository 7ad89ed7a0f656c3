// The console's camera pages (issue 23), mounted on the operations router: /console/cameras (the register,
// snapshot and live buttons, the add form) and /console/cameras/:id (one camera, its live view and form;
// ?live=1 starts the live view at once, as the 119 hand-off's and the command view's links ask). They are
// screens of the React app (app/screens/Cameras.tsx, Camera.tsx): these routes decide who may open them;
// the API decides what each sees (another unit's camera is its 404). The command view's live panel keeps
// its small script (client/cameras.ts).
import type Router from "@koa/router";
import type Koa from "koa";
import type { PortalServices, Principal } from "@anxin/api";
import type { ConsolePage, Viewer } from "./shell.ts";
import { spaPage } from "./spa.ts";

export function addCameraPages(
  r: Router,
  _services: PortalServices,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string, status?: number) => void,
): void {
  r.get("/cameras", async (ctx) => {
    if (await staff(ctx, "cameras")) page(ctx, spaPage("摄像头"));
  });
  r.get("/cameras/:id", async (ctx) => {
    if (await staff(ctx, "cameras")) page(ctx, spaPage("摄像头"));
  });
}
