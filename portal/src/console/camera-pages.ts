// The console's camera pages (issue 23), mounted on the operations router: /console/cameras (the list,
// snapshot and live buttons, the add form) and /console/cameras/:id (one camera, its live view and form;
// ?live=1 starts the live view at once, as the command view's 实时画面 button asks).
import type Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { cameraBody, camerasBody, type CameraItem, type PlaceOption } from "./pages/cameras.ts";

const MANAGERS: readonly string[] = [
  "UNIT_RESPONSIBLE",
  "UNIT_MANAGER",
  "PROPERTY_MANAGER",
  "CENTRE_OPERATOR",
  "ADMIN",
];
const SCRIPTS = ["/console/assets/app/cameras.js"];

/** The units and communities the caller may register a camera in. */
async function placeOptions(services: Services, who: Principal): Promise<PlaceOption[]> {
  if (!MANAGERS.includes(who.role)) return [];
  const county = who.role === "CENTRE_OPERATOR" || who.role === "ADMIN";
  const prisma = services.db.prisma;
  const [units, scope] = await Promise.all([
    prisma.networkedUnit.findMany({
      where: county ? {} : await services.units.scopes.where(who),
      select: { id: true, name: true },
      orderBy: { name: "asc" },
      take: 500,
    }),
    services.scopes.of(who),
  ]);
  const communities =
    county || scope.kind === "communities" || scope.kind === "county"
      ? await prisma.community.findMany({
          where: county ? {} : services.scopes.communityWhere(scope),
          select: { id: true, name: true },
          orderBy: { name: "asc" },
          take: 500,
        })
      : [];
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
    const body = camerasBody(items as CameraItem[], MANAGERS.includes(me.who.role), places);
    page(ctx, shell({ title: "摄像头", page: "cameras", viewer: me.viewer, body, scripts: SCRIPTS }));
  });

  r.get("/cameras/:id", async (ctx) => {
    const me = await staff(ctx, "cameras");
    if (!me) return;
    const c = await services.cameras.service.get(me.who, String(ctx.params.id ?? "").slice(0, 64));
    const places = await placeOptions(services, me.who);
    const body = cameraBody(c as CameraItem, {
      canManage: MANAGERS.includes(me.who.role),
      places,
      live: ctx.query.live === "1",
    });
    page(ctx, shell({ title: `摄像头 · ${c.name}`, page: "cameras", viewer: me.viewer, body, scripts: SCRIPTS }));
  });
}
