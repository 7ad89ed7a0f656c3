// The console's camera pages (issue 23), mounted on the operations router: /console/cameras (the list,
// snapshot and live buttons, the add form) and /console/cameras/:id (one camera, its live view and form;
// ?live=1 starts the live view at once, as the command view's 实时画面 button asks).
import type Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { cameraBody, camerasBody, type CameraItem, type PlaceOption } from "./pages/cameras.ts";
import { inRoleSet, ROLE_SETS } from "../../../api/src/contract/roles.ts";

const SCRIPTS = ["/console/assets/app/cameras.js"];

/** The units and communities the caller may register a camera in. */
async function placeOptions(services: Services, who: Principal): Promise<PlaceOption[]> {
  const { units, communities } = await services.cameras.service.registerablePlaces(who);
  return [
    ...units.map((u) => ({ value: `unit:${u.id}`, label: `单位：${u.name}` })),
    ...communities.map((c) => ({ value: `community:${c.id}`, label: `小区：${c.name}` })),
  ];
}

export function addCameraPages(
  r: Router,
  services: Services,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string, status?: number) => void,
): void {
  r.get("/cameras", async (ctx) => {
    const me = await staff(ctx, "cameras");
    if (!me) return;
    const [items, places] = await Promise.all([services.cameras.service.list(me.who), placeOptions(services, me.who)]);
    const body = camerasBody(items as CameraItem[], inRoleSet(ROLE_SETS.cameraManagers, me.who.role), places);
    page(ctx, shell({ title: "摄像头", page: "cameras", viewer: me.viewer, body, scripts: SCRIPTS }));
  });

  r.get("/cameras/:id", async (ctx) => {
    const me = await staff(ctx, "cameras");
    if (!me) return;
    const c = await services.cameras.service.get(me.who, String(ctx.params.id ?? "").slice(0, 64));
    const places = await placeOptions(services, me.who);
    const body = cameraBody(c as CameraItem, {
      canManage: inRoleSet(ROLE_SETS.cameraManagers, me.who.role),
      places,
      live: ctx.query.live === "1",
    });
    page(ctx, shell({ title: `摄像头 · ${c.name}`, page: "cameras", viewer: me.viewer, body, scripts: SCRIPTS }));
  });
}
