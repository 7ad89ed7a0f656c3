// 我的乡镇 (issue 14), mounted on the operations router: /console/township, a township coordinator's first
// page. The township is the caller's, decided by the API service: ?township=<another township> is a 404.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import { townshipQuery } from "../../../api/src/modules/reports/reports.schemas.ts";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { townshipBody } from "./pages/township.ts";

export function addTownshipPages(
  r: Router,
  services: Services,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  r.get("/township", async (ctx) => {
    const me = await staff(ctx, "township");
    if (!me) return;
    const q = townshipQuery.parse({
      township: typeof ctx.query.township === "string" ? ctx.query.township : undefined,
    });
    const report = await services.reports.township(me.who, q);
    page(
      ctx,
      shell({
        title: `我的乡镇：${report.township.name}`,
        page: "township",
        viewer: me.viewer,
        body: townshipBody(report),
      }),
    );
  });
}
