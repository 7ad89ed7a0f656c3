// The console's inspection pages (issue 18), mounted on the operations router: /console/hazards (the list,
// overdue first), /console/hazards/:id (one hazard and its timeline), /console/patrols (completion per unit).
import type Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import { addDays, countyDate, countyInstant, isCountyDate } from "../../../api/src/shared/county-time.ts";
import { AppError } from "../../../api/src/shared/errors.ts";
import { HAZARD_MANAGER_ROLES } from "../../../api/src/modules/inspection/index.ts";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { hazardBody, hazardsBody, patrolsBody, type HazardFilters } from "./pages/hazards.ts";

const STATUSES = ["REPORTED", "ASSIGNED", "RECTIFYING", "FIXED", "VERIFIED", "OVERDUE", "ESCALATED"] as const;
const str = (ctx: Koa.Context, k: string) => (typeof ctx.query[k] === "string" ? (ctx.query[k] as string) : undefined);
const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  v && (list as readonly string[]).includes(v) ? (v as T) : undefined;

export function addInspectionPages(
  r: Router,
  services: Services,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/hazards", async (ctx) => {
    const me = await staff(ctx, "hazards");
    if (!me) return;
    const f: HazardFilters = {
      view: oneOf(["open", "overdue", "all"] as const, str(ctx, "view")) ?? "open",
      status: oneOf(STATUSES, str(ctx, "status")),
      severity: oneOf(["GENERAL", "MAJOR"] as const, str(ctx, "severity")),
      offset: Math.min(100_000, Math.max(0, Number(str(ctx, "offset") ?? 0) || 0)),
      limit: 50,
    };
    const list = await services.inspection.hazards.list(me.who, f);
    page(ctx, shell({ title: "隐患整改", page: "hazards", viewer: me.viewer, body: hazardsBody(list, f) }));
  });

  r.get("/hazards/:id", async (ctx) => {
    const me = await staff(ctx, "hazards");
    if (!me) return;
    const id = ctx.params.id ?? "";
    if (id.length > 64) throw new AppError("NOT_FOUND", "找不到该隐患");
    const h = await services.inspection.hazards.get(me.who, id);
    const manages = (HAZARD_MANAGER_ROLES as readonly string[]).includes(me.who.role);
    const manage = manages ? { people: await services.inspection.hazards.assignees(me.who, id) } : null;
    page(
      ctx,
      shell({
        title: `隐患：${h.place}`,
        page: "hazards",
        viewer: me.viewer,
        body: hazardBody(h, manage),
        ...(manage ? { scripts: ["/console/assets/app/hazard.js"] } : {}),
      }),
    );
  });

  r.get("/patrols", async (ctx) => {
    const me = await staff(ctx, "patrols");
    if (!me) return;
    const today = countyDate(services.clock.now());
    let from = str(ctx, "from") ?? addDays(today, -6);
    let to = str(ctx, "to") ?? today;
    if (!isCountyDate(from) || !isCountyDate(to) || to < from || addDays(from, 92) < to) {
      from = addDays(today, -6);
      to = today;
    }
    const rows = await services.inspection.patrols.completion(
      me.who,
      countyInstant(from, "00:00"),
      countyInstant(addDays(to, 1), "00:00"),
    );
    page(ctx, shell({ title: "巡查完成情况", page: "patrols", viewer: me.viewer, body: patrolsBody(rows, from, to) }));
  });
}
