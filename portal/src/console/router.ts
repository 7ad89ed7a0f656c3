// The staff console's operations pages (issue 8) under /console: live alarm board, places, device health,
// import, company and county figures, monthly report. Sign-in is the content console's (/console/login,
// HttpOnly cookie); every figure comes from the API's services with the signed-in staff member's scope.
import Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import { AppError } from "../../../api/src/shared/errors.ts";
import { companyQuery, monthlyQuery } from "../../../api/src/contract/reports.ts";
import { monthlyWorkbook } from "../../../api/src/modules/reports/monthly-xlsx.ts";
import { countyDate } from "../../../api/src/shared/county-time.ts";
import { CACHE_PRIVATE, redirect, send } from "../server/http/respond.ts";
import { sessionPrincipal } from "../server/http/session.ts";
import { SESSION_COOKIE } from "../../../api/src/transport/http/staff-session.ts";
import { html } from "../server/render/html.ts";
import { serveAsset } from "./assets.ts";
import { homeOf, mayOpen, navOf, ROLE_LABEL, shell, type ConsolePage, type Viewer } from "./shell.ts";
import { serveSpaAsset, spaPage } from "./spa.ts";
import { monthlyBody } from "./pages/monthly.ts";
import { companyBody } from "./pages/company.ts";
import { placesBody } from "./pages/places.ts";
import { devicesBody, devicesCsv, HEALTH_STATES, type DeviceItem } from "./pages/devices.ts";
import { countySheetsBody, importBody, importTemplate } from "./pages/import.ts";
import { unitsConsole } from "./units-router.ts";

// the device sheet is a property company's (and an admin's); the county's sheets the setup roles' (issue 14)
const DEVICE_IMPORTERS: readonly string[] = ["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"];
const COUNTY_IMPORTERS: readonly string[] = ["PROGRAMME_OFFICE", "ADMIN"];
import { COMMAND_REFRESH_SEC, commandBody } from "./pages/command.ts";
import { deviceModelsBody } from "./pages/device-models.ts";
import { addInspectionPages } from "./inspection-pages.ts";
import { addRolloutPages } from "./rollout-pages.ts";
import { addCameraPages } from "./camera-pages.ts";
import { addNoticePage } from "./notice-page.ts";
import { addDispatchPages } from "./dispatch-pages.ts";
import { addTownshipPages } from "./township-pages.ts";
import { addCentrePages } from "./centre-pages.ts";
import { facilitiesBody, type FacilityPlace } from "./pages/facilities.ts";

export interface ConsoleOptions {
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

export function consoleOpsRouter(
  services: Services,
  opts: ConsoleOptions = { tileUrl: process.env.CONSOLE_TILE_URL },
): Router {
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
          body: html`<p class="notice error">当前账号（角色 ${who.role}）不能查看此页面。</p>`,
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
  // session cookie (api/src/transport/http/staff-session.ts). Asking here also renews an expired access
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
      };
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
    ctx.body = { tileUrl: opts.tileUrl || null };
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
        }),
        ...(str(ctx, "refresh") === "0" ? {} : { refreshSec: COMMAND_REFRESH_SEC }), // ?refresh=0: holds still
        scripts: ["/console/assets/app/cameras.js"], // 现场视频: 实时画面 (issue 23)
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

  r.get("/company", async (ctx) => {
    const me = await staff(ctx, "company");
    if (!me) return;
    const q = companyQuery.parse(ctx.query);
    const report = await services.reports.company(me.who, q);
    page(
      ctx,
      shell({
        title: `${report.company ?? "本公司"}概况`,
        page: "company",
        viewer: me.viewer,
        body: companyBody(report, q),
      }),
      tileOrigin,
    );
  });

  r.get("/monthly", async (ctx) => {
    const me = await staff(ctx, "monthly");
    if (!me) return;
    const month = monthlyQuery.parse({
      month: str(ctx, "month") ?? countyDate(services.clock.now()).slice(0, 7),
    }).month;
    const report = await services.reports.monthly(me.who, month);
    page(
      ctx,
      shell({ title: `${month} 月度消防物联进展报告`, page: "monthly", viewer: me.viewer, body: monthlyBody(report) }),
      tileOrigin,
    );
  });
  r.get("/monthly.xlsx", async (ctx) => {
    const me = await staff(ctx, "monthly");
    if (!me) return;
    const { month } = monthlyQuery.parse(ctx.query);
    const body = await monthlyWorkbook(await services.reports.monthly(me.who, month));
    ctx.attachment(`anxin-monthly-${month}.xlsx`);
    send(ctx, body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", CACHE_PRIVATE);
  });

  r.get("/places", async (ctx) => {
    const me = await staff(ctx, "places");
    if (!me) return;
    const communities = await services.places.communities(me.who);
    const id = str(ctx, "community") ?? communities[0]?.id;
    const current = id ? (communities.find((c) => c.id === id) ?? null) : null;
    if (id && !current) throw new AppError("NOT_FOUND", "找不到该小区"); // another company's community: as if it did not exist
    const offset = Math.max(0, Number(str(ctx, "offset") ?? 0) || 0);
    const limit = 200;
    const homes = current
      ? await services.households.listForCommunity(me.who, current.id, { offset, limit })
      : { total: 0, items: [] };
    page(
      ctx,
      shell({
        title: "小区住户与设备",
        page: "places",
        viewer: me.viewer,
        body: placesBody(communities, current, { ...homes, offset, limit }),
      }),
      tileOrigin,
    );
  });

  const devicePage = async (who: Principal, state: string, offset: number, limit: number) => {
    const s = (HEALTH_STATES as readonly string[]).includes(state)
      ? (state as (typeof HEALTH_STATES)[number])
      : undefined;
    return (await services.devices.listForStaff(who, { state: s, offset, limit })) as {
      total: number;
      items: DeviceItem[];
    };
  };
  const communityNames = async (who: Principal) =>
    new Map((await services.places.communities(who)).map((c) => [c.id, c.name]));

  r.get("/devices", async (ctx) => {
    const me = await staff(ctx, "devices");
    if (!me) return;
    const state = str(ctx, "state") ?? "";
    const offset = Math.max(0, Number(str(ctx, "offset") ?? 0) || 0);
    const list = await devicePage(me.who, state, offset, 50);
    page(
      ctx,
      shell({
        title: "设备健康",
        page: "devices",
        viewer: me.viewer,
        body: devicesBody(state, { ...list, offset, limit: 50 }, await communityNames(me.who)),
      }),
      tileOrigin,
    );
  });
  r.get("/devices.csv", async (ctx) => {
    const me = await staff(ctx, "devices");
    if (!me) return;
    const state = str(ctx, "state") ?? "";
    const items: DeviceItem[] = [];
    for (let offset = 0; ; offset += 200) {
      const p = await devicePage(me.who, state, offset, 200);
      items.push(...p.items);
      if (offset + 200 >= p.total) break;
    }
    ctx.attachment(`devices-${state || "all"}.csv`);
    send(ctx, devicesCsv(items, await communityNames(me.who)), "text/csv; charset=utf-8", CACHE_PRIVATE);
  });

  // 用户信息传输装置 per unit (issue 16): a screen of the React app (app/screens/Panels.tsx); the unit scope is
  // the API's (GET /api/transmission-devices)
  r.get("/panels", async (ctx) => {
    if (!(await staff(ctx, "panels"))) return;
    page(ctx, spaPage("用户信息传输装置"), tileOrigin);
  });

  r.get("/import", async (ctx) => {
    const me = await staff(ctx, "import");
    if (!me) return;
    page(
      ctx,
      shell({
        title: "批量导入",
        page: "import",
        viewer: me.viewer,
        body: html`${
          me.who.role === "ADMIN" ? deviceModelsBody(await services.devices.models.list()) : ""
        }${DEVICE_IMPORTERS.includes(me.who.role) ? html`<h2>设备</h2>${importBody()}` : ""}${
          COUNTY_IMPORTERS.includes(me.who.role) ? countySheetsBody(services.countySetup.imports.kinds()) : ""
        }`,
        scripts: ["/console/assets/app/import.js"],
      }),
      tileOrigin,
    );
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

  unitsConsole(r, services, { staff, page: (ctx, body, status) => page(ctx, body, tileOrigin, status) });
  addInspectionPages(r, staff, (ctx, body) => page(ctx, body, tileOrigin));
  addRolloutPages(r, services, staff, (ctx, body) => page(ctx, body, tileOrigin)); // issue 19 part A
  addCameraPages(r, services, staff, (ctx, body, status) => page(ctx, body, tileOrigin, status));
  addNoticePage(r, services, staff, (ctx, body) => page(ctx, body, tileOrigin));
  addDispatchPages(r, services, staff, (ctx, body) => page(ctx, body, tileOrigin));
  addTownshipPages(r, staff, (ctx, body) => page(ctx, body, tileOrigin)); // 我的乡镇 (issue 14)
  addCentrePages(r, staff, (ctx, body) => page(ctx, body, tileOrigin)); // 体验馆 (issue 14)
  // 消防设施 (issue 15): a community's or unit's facilities, their charts and the hydrant map
  r.get("/facilities", async (ctx) => {
    const me = await staff(ctx, "facilities");
    if (!me) return;
    const places: FacilityPlace[] = await services.sensors.places(me.who);
    const asked = str(ctx, "place");
    const current = asked ? (places.find((p) => `${p.kind}:${p.id}` === asked) ?? null) : (places[0] ?? null);
    if (asked && !current) throw new AppError("NOT_FOUND", "找不到该场所"); // out of scope: as if it did not exist
    const of = current?.kind === "unit" ? { unitId: current.id } : { communityId: current?.id ?? "" };
    const devices = current ? await services.sensors.queries.facilities(me.who, of) : [];
    page(
      ctx,
      shell({
        title: "消防设施",
        page: "facilities",
        viewer: me.viewer,
        body: facilitiesBody(places, current, devices, opts.tileUrl),
        styles: ["/console/assets/leaflet.css"],
        scripts: ["/console/assets/echarts.min.js", "/console/assets/leaflet.js", "/console/assets/app/facilities.js"],
      }),
      tileOrigin,
    );
  });

  return r;
}
