// The staff console's operations pages (issue 8) under /console: live alarm board, places, device health,
// import, company and county figures, monthly report. Sign-in is the content console's (/console/login,
// HttpOnly cookie); every figure comes from the API's services with the signed-in staff member's scope.
import Router from "@koa/router";
import type Koa from "koa";
import { type PortalServices, type Principal, AppError, monthlyWorkbook, SESSION_COOKIE } from "@anxin/api";
import type { ConsoleOptions, ConsoleSession } from "@anxin/contract/console";
import { monthlyQuery } from "@anxin/contract/reports";
import { CACHE_PRIVATE, redirect, send } from "../server/http/respond.ts";
import { sessionPrincipal } from "../server/http/session.ts";
import { html } from "../server/render/html.ts";
import { serveAsset } from "./assets.ts";
import { homeOf, mayOpen, navOf, ROLE_LABEL, shell, type ConsolePage, type Viewer } from "./shell.ts";
import { serveSpaAsset, spaPage } from "./spa.ts";
import { devicesCsv, HEALTH_STATES, importTemplate, type DeviceItem } from "./downloads.ts";
import { unitsConsole } from "./units-router.ts";

import { COMMAND_REFRESH_SEC, commandBody } from "./pages/command.ts";
import { addInspectionPages } from "./inspection-pages.ts";
import { addRolloutPages } from "./rollout-pages.ts";
import { addCameraPages } from "./camera-pages.ts";
import { addNoticePage } from "./notice-page.ts";
import { addDispatchPages } from "./dispatch-pages.ts";
import { addTownshipPages } from "./township-pages.ts";
import { addCentrePages } from "./centre-pages.ts";

export interface OpsRouterOptions {
  /** a tile URL template for the county map ({z}/{x}/{y}); without it the map is markers on a plain background */
  tileUrl?: string | undefined;
}

function page(ctx: Koa.Context, body: string, tileOrigin: string | null, status = 200): void {
  ctx.set("Referrer-Policy", "same-origin");
  ctx.set(
    "Content-Security-Policy",
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:${tileOrigin ? ` ${tileOrigin}` : ""}; connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'`,
  );
  send(ctx, body, "text/html; charset=utf-8", CACHE_PRIVATE, status);
}

const str = (ctx: Koa.Context, k: string) => (typeof ctx.query[k] === "string" ? (ctx.query[k] as string) : undefined);

export function consoleOpsRouter(services: PortalServices, opts: OpsRouterOptions = {}): Router {
  const r = new Router({ prefix: "/console" });
  const tileOrigin = opts.tileUrl ? new URL(opts.tileUrl.replace(/\{[a-z]\}/g, "0")).origin : null;

  /** The signed-in staff member allowed on this page, or null with a redirect or 403 already sent. */
  async function staff(ctx: Koa.Context, key: ConsolePage): Promise<{ who: Principal; viewer: Viewer } | null> {
    const who = await sessionPrincipal(ctx, services);
    if (!who) {
      redirect(ctx, `/console/login?next=${encodeURIComponent(ctx.url)}`);
      return null;
    }
    const me = await services.auth.me(who);
    const viewer: Viewer = { name: me.kind === "staff" ? me.name : "居民", role: who.role };
    if (!mayOpen(key, who.role)) {
      page(
        ctx,
        shell({
          title: "没有权限",
          page: key,
          viewer,
          // the role in words, as the header says it, and the way back to the role's own first page
          body: html`<p class="notice error">当前账号（${ROLE_LABEL[who.role] ?? who.role}）不能查看此页面。</p>
            <p><a class="btn" href="/console/home">返回我的首页</a></p>`,
        }),
        tileOrigin,
        403,
      );
      return null;
    }
    return { who, viewer };
  }

  r.get("/assets/*file", async (ctx) => {
    const file = ctx.params.file as unknown as string | string[]; // path-to-regexp 8 gives a wildcard's segments
    const name = Array.isArray(file) ? file.join("/") : file;
    const found = name.startsWith("spa/") ? await serveSpaAsset(ctx, name.slice(4)) : await serveAsset(ctx, name);
    if (!found) throw new AppError("NOT_FOUND");
  });

  r.get("/home", async (ctx) => {
    const who = await sessionPrincipal(ctx, services);
    if (!who) return redirect(ctx, "/console/login?next=/console/home");
    const home = homeOf(who.role);
    redirect(ctx, home ? `/console/${home}` : "/console/content");
  });

  // Who is signed in, for the page scripts; never the token: the scripts call the JSON API with the HttpOnly
  // session cookie (the API's staff-session transport). Asking here also renews an expired access
  // cookie through the refresh cookie, which only these /console pages receive.
  r.get("/session.json", async (ctx) => {
    ctx.set("Cache-Control", CACHE_PRIVATE);
    const at = ctx.cookies.get(SESSION_COOKIE);
    const who = at ? await services.tokens.verifyAccess(at).catch(() => null) : null;
    if (who && at) {
      const me = await services.auth.me(who);
      ctx.body = {
        role: who.role,
        name: me.kind === "staff" ? me.name : "",
        roleLabel: ROLE_LABEL[who.role] ?? who.role,
        home: homeOf(who.role),
        nav: navOf(who.role),
      } satisfies ConsoleSession;
      return;
    }
    // renew once (sessionPrincipal sets fresh cookies), then let the browser ask again with them
    if (!ctx.query.renewed && (await sessionPrincipal(ctx, services))) {
      ctx.status = 307;
      ctx.redirect("/console/session.json?renewed=1");
      return;
    }
    throw new AppError("UNAUTHENTICATED");
  });

  // What the county configured for the React app's screens (the map's tile address; the page's CSP allows it)
  r.get("/options.json", async (ctx) => {
    ctx.set("Cache-Control", CACHE_PRIVATE);
    if (!(await sessionPrincipal(ctx, services))) throw new AppError("UNAUTHENTICATED");
    ctx.body = { tileUrl: opts.tileUrl || null } satisfies ConsoleOptions;
  });

  // 实时报警: a screen of the React app (app/screens/Board.tsx)
  r.get("/board", async (ctx) => {
    if (!(await staff(ctx, "board"))) return;
    page(ctx, spaPage("实时报警"), tileOrigin);
  });

  // the monitoring centre's wall display (issue 17): ?alarm=<id> selects an alarm, else the newest fire
  r.get("/command", async (ctx) => {
    const me = await staff(ctx, "command");
    if (!me) return;
    const [units, alarms] = await Promise.all([
      services.centre.view.map(me.who),
      services.centre.service.board(me.who),
    ]);
    const asked = str(ctx, "alarm");
    const pick = asked && asked.length <= 64 ? asked : alarms[0]?.id;
    const selected = pick ? await services.centre.view.alarmFile(me.who, pick).catch(() => null) : null;
    // ?refresh=0 holds the page still (a live camera view, a test reading it); 2-300 s, else the default
    const asks = Number(str(ctx, "refresh") ?? NaN);
    const refreshSec =
      asks === 0 ? null : Number.isInteger(asks) && asks >= 2 && asks <= 300 ? asks : COMMAND_REFRESH_SEC;
    page(
      ctx,
      shell({
        title: "监控中心指挥大屏",
        page: "command",
        viewer: me.viewer,
        body: commandBody({
          units,
          alarms,
          selected,
          now: services.clock.now().toISOString(),
          live: str(ctx, "live")?.slice(0, 64) ?? null,
          refreshSec,
        }),
        // 现场视频: 实时画面 (issue 23); the updates in place
        scripts: ["/console/assets/app/cameras.js", ...(refreshSec ? ["/console/assets/app/command.js"] : [])],
      }),
      tileOrigin,
    );
  });

  // 火警确认 (issue 17): a screen of the React app (app/screens/Confirm.tsx); the centre API decides whose
  // fire signals are shown
  r.get("/confirm", async (ctx) => {
    if (!(await staff(ctx, "confirm"))) return;
    page(ctx, spaPage("火警确认"), tileOrigin);
  });

  // 值班表: a screen of the React app (app/screens/Roster.tsx); the roster API decides whose week is shown
  r.get("/roster", async (ctx) => {
    if (!(await staff(ctx, "roster"))) return;
    page(ctx, spaPage("值班表"), tileOrigin);
  });

  // 全县态势: a screen of the React app (app/screens/County.tsx); its map's tiles come from opts.tileUrl
  // (/console/options.json), which this page's CSP allows
  r.get("/county", async (ctx) => {
    if (!(await staff(ctx, "county"))) return;
    page(ctx, spaPage("全县消防物联态势"), tileOrigin);
  });

  // 本公司概况: a screen of the React app (app/screens/Company.tsx); GET /api/reports/company decides whose
  r.get("/company", async (ctx) => {
    if (!(await staff(ctx, "company"))) return;
    page(ctx, spaPage("本公司概况"), tileOrigin);
  });

  // 月度报告: a screen of the React app (app/screens/Monthly.tsx) from GET /api/reports/monthly, which decides
  // the scope (the county, or a manager's own company); the xlsx below has the same figures
  r.get("/monthly", async (ctx) => {
    if (!(await staff(ctx, "monthly"))) return;
    page(ctx, spaPage("月度消防物联进展报告"), tileOrigin);
  });
  r.get("/monthly.xlsx", async (ctx) => {
    const me = await staff(ctx, "monthly");
    if (!me) return;
    const { month } = monthlyQuery.parse(ctx.query);
    const body = await monthlyWorkbook(await services.reports.monthly(me.who, month));
    ctx.attachment(`anxin-monthly-${month}.xlsx`);
    send(ctx, body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", CACHE_PRIVATE);
  });

  // 小区住户: a screen of the React app (app/screens/Places.tsx); another company's community is the API's 404
  // (GET /api/communities/:id/households), said on the screen
  r.get("/places", async (ctx) => {
    if (!(await staff(ctx, "places"))) return;
    page(ctx, spaPage("小区住户与设备"), tileOrigin);
  });

  // a page of the CSV's devices: the screen's filters (state, 未正常使用); the CSV has no column for since when a
  // device is out of normal use, so the list does not look it up
  const devicePage = async (who: Principal, f: { state: string; out: boolean }, offset: number, limit: number) => {
    const s = (HEALTH_STATES as readonly string[]).includes(f.state)
      ? (f.state as (typeof HEALTH_STATES)[number])
      : undefined;
    const q = { state: s, ...(f.out ? { outOfService: "true" } : {}), offset, limit };
    return (await services.devices.listForStaff(who, q, { modeSince: false })) as {
      total: number;
      items: DeviceItem[];
    };
  };
  const communityNames = async (who: Principal) =>
    new Map((await services.places.communities(who)).map((c) => [c.id, c.name]));

  // 设备健康: a screen of the React app (app/screens/Devices.tsx) from GET /api/devices; the CSV below lists
  // the same devices
  r.get("/devices", async (ctx) => {
    if (!(await staff(ctx, "devices"))) return;
    page(ctx, spaPage("设备健康"), tileOrigin);
  });
  r.get("/devices.csv", async (ctx) => {
    const me = await staff(ctx, "devices");
    if (!me) return;
    const state = str(ctx, "state") ?? "";
    const out = str(ctx, "outOfService") === "true";
    const items: DeviceItem[] = [];
    for (let offset = 0; ; offset += 200) {
      const p = await devicePage(me.who, { state, out }, offset, 200);
      items.push(...p.items);
      if (offset + 200 >= p.total) break;
    }
    ctx.attachment(`devices-${state || "all"}${out ? "-out-of-service" : ""}.csv`);
    send(ctx, devicesCsv(items, await communityNames(me.who)), "text/csv; charset=utf-8", CACHE_PRIVATE);
  });

  // 用户信息传输装置 per unit (issue 16): a screen of the React app (app/screens/Panels.tsx); the unit scope is
  // the API's (GET /api/transmission-devices)
  r.get("/panels", async (ctx) => {
    if (!(await staff(ctx, "panels"))) return;
    page(ctx, spaPage("用户信息传输装置"), tileOrigin);
  });

  // 批量导入: a screen of the React app (app/screens/Import.tsx): the device sheet (POST /api/devices/import),
  // the county's setup sheets (/api/setup/imports) and, for the administrator, the device models
  // (/api/device-models); each API decides who may
  r.get("/import", async (ctx) => {
    if (!(await staff(ctx, "import"))) return;
    page(ctx, spaPage("批量导入"), tileOrigin);
  });
  r.get("/import/template.xlsx", async (ctx) => {
    const me = await staff(ctx, "import");
    if (!me) return;
    const c = (await services.places.communities(me.who))[0];
    ctx.attachment("设备导入模板.xlsx");
    send(
      ctx,
      await importTemplate([
        "SN0000000001",
        "AX-SA100",
        c?.name ?? "幸福小区",
        "1号楼",
        "1单元",
        "101",
        "客厅",
        "客厅烟感",
      ]),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      CACHE_PRIVATE,
    );
  });

  unitsConsole(r, { staff, page: (ctx, body, status) => page(ctx, body, tileOrigin, status) });
  addInspectionPages(r, staff, (ctx, body) => page(ctx, body, tileOrigin));
  addRolloutPages(r, services, staff, (ctx, body) => page(ctx, body, tileOrigin)); // issue 19 part A
  addCameraPages(r, services, staff, (ctx, body, status) => page(ctx, body, tileOrigin, status));
  addNoticePage(r, services, staff, (ctx, body) => page(ctx, body, tileOrigin));
  addDispatchPages(r, services, staff, (ctx, body) => page(ctx, body, tileOrigin));
  addTownshipPages(r, staff, (ctx, body) => page(ctx, body, tileOrigin)); // 我的乡镇 (issue 14)
  addCentrePages(r, staff, (ctx, body) => page(ctx, body, tileOrigin)); // 体验馆 (issue 14)
  // 消防设施 (issue 15): a screen of the React app (app/screens/Facilities.tsx); the places, facilities, charts
  // and limits come from /api/sensors, whose scope decides (another company's place: its 404); the hydrant
  // map's tiles come from opts.tileUrl (/console/options.json), which this page's CSP allows
  r.get("/facilities", async (ctx) => {
    if (!(await staff(ctx, "facilities"))) return;
    page(ctx, spaPage("消防设施"), tileOrigin);
  });

  return r;
}
