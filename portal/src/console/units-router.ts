// The console's networked-unit pages (issue 14), added to the operations router. The register, one unit's
// file, the unit team's invitations and the county's accounts (账号管理) are screens of the React app
// (app/screens/Units.tsx, Unit.tsx, Invites.tsx, Accounts.tsx): these routes still decide who may open them; what each shows comes from the JSON API with
// the caller's scope (another unit is the API's 404, said on the screen).
//
// The page where an invited person sets their password stays server-rendered: that person has no session
// yet, and the app's frame starts by asking /console/session.json who is signed in (a signed-out visitor is
// sent to the sign-in page).
import type Router from "@koa/router";
import type Koa from "koa";
import type { Principal } from "@anxin/api";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { spaPage } from "./spa.ts";
import { acceptInviteBody } from "./pages/accept-invite.ts";

interface Deps {
  staff(ctx: Koa.Context, key: ConsolePage): Promise<{ who: Principal; viewer: Viewer } | null>;
  page(ctx: Koa.Context, body: string, status?: number): void;
}

export function unitsConsole(r: Router, deps: Deps): void {
  const { staff, page } = deps;

  r.get("/units", async (ctx) => {
    if (!(await staff(ctx, "units"))) return;
    page(ctx, spaPage("联网单位"));
  });

  r.get("/units/:id", async (ctx) => {
    if (!(await staff(ctx, "units"))) return;
    page(ctx, spaPage("单位档案"));
  });

  r.get("/invites", async (ctx) => {
    if (!(await staff(ctx, "invites"))) return;
    page(ctx, spaPage("单位人员与邀请"));
  });

  // 账号管理 (app/screens/Accounts.tsx): every account the admin or the programme office manages
  r.get("/accounts", async (ctx) => {
    if (!(await staff(ctx, "accounts"))) return;
    page(ctx, spaPage("账号管理"));
  });

  // public: the invited person has no password yet
  r.get("/accept-invite", (ctx) => {
    page(
      ctx,
      shell({
        title: "设置密码",
        page: "accept-invite",
        viewer: null,
        body: acceptInviteBody(),
        scripts: ["/console/assets/app/accept.js"],
      }),
    );
  });
}
