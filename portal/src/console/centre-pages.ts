// 体验馆 (issue 14 item 3), mounted on the operations router: /console/centres for the roles the bookings API
// lets run a centre (CENTRE_STAFF of that centre, ADMIN). The centres listed and the one shown are decided by
// the bookings services with the caller's principal: another centre's id is a 404, as the API answers.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import type { CentreView } from "../../../api/src/modules/bookings/bookings.schemas.ts";
import { addDays, countyDate } from "../../../api/src/shared/county-time.ts";
import { AppError } from "../../../api/src/shared/errors.ts";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { centresBody } from "./pages/centres.ts";

/** How many days of sessions the page lists (and the generate form offers by default). */
export const CENTRE_DAYS = 28;

/** The centres this caller may run: all active ones for an admin, their own for centre staff. */
async function managed(services: Services, who: Principal): Promise<{ centres: CentreView[]; notice?: string }> {
  if (who.role === "ADMIN") return { centres: await services.bookings.centres.list({}) };
  try {
    return { centres: [(await services.bookings.centres.staffToday(who)).centre] };
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return { centres: [], notice: e.message };
    throw e;
  }
}

export function addCentrePages(
  r: Router,
  services: Services,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/centres", async (ctx) => {
    const me = await staff(ctx, "centres");
    if (!me) return;
    const { centres, notice } = await managed(services, me.who);
    const asked = typeof ctx.query.centre === "string" ? ctx.query.centre.slice(0, 64) : undefined;
    const pick = asked ? centres.find((c) => c.id === asked) : centres[0];
    if (asked && !pick) throw new AppError("NOT_FOUND", "找不到该体验馆"); // not the caller's: as if it did not exist
    const today = countyDate(services.clock.now());
    const until = addDays(today, CENTRE_DAYS - 1);
    const [current, templates, sessions] = pick
      ? await Promise.all([
          services.bookings.centres.get(pick.id),
          services.bookings.centres.templates(me.who, pick.id), // checks the caller runs this centre
          services.bookings.centres.sessions({ centreId: pick.id, from: today, to: until }),
        ])
      : [null, [], []];
    page(
      ctx,
      shell({
        title: "体验馆管理",
        page: "centres",
        viewer: me.viewer,
        body: centresBody({
          centres,
          current,
          templates,
          sessions,
          today,
          until,
          ...(notice ? { notice } : {}),
        }),
        scripts: ["/console/assets/app/centres.js"],
      }),
    );
  });
}
