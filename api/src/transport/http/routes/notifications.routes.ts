// Notifications over HTTP: the staff live feed (SSE), alarm history and notification logs by household,
// community and county, the resident's WeChat subscriptions, and each community's escalation policy.
import type Koa from "koa";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Services } from "../../../services.ts";
import type { Principal } from "../../../modules/auth/principal.ts";
import type { LiveEvent } from "../../../modules/notifications/live-feed.ts";
import { receiptRoutes } from "./receipts.routes.ts";
import { cookieToken } from "../staff-session.ts";
import * as c from "../../../contract/notifications.ts";
import type { LiveEvents, LiveEventType } from "../../../contract/live.ts";
import { inRoleSet, ROLE_SETS } from "../../../contract/roles.ts";

const HEARTBEAT_MS = 20_000;
/**
 * EventSource cannot send headers: the staff console's session cookie comes with it (same site), other
 * clients may put the token in ?access_token= (never logged: paths only).
 */
async function liveCaller(ctx: Koa.Context, services: Services): Promise<Principal> {
  const header = /^Bearer\s+(\S+)$/i.exec(ctx.get("authorization"))?.[1];
  const token =
    header ?? (typeof ctx.query.access_token === "string" ? ctx.query.access_token : undefined) ?? cookieToken(ctx);
  if (!token) throw new AppError("UNAUTHENTICATED");
  const p = await services.tokens.verifyAccess(token);
  if (!inRoleSet(ROLE_SETS.placeStaff, p.role) && !inRoleSet(ROLE_SETS.centreWatchers, p.role))
    throw new AppError("FORBIDDEN", "实时推送仅供物业、街道、消防人员和火警确认的值班人员使用");
  return p;
}

/**
 * The communities whose alarm changes a screen gets: a place's staff theirs (the county's, all). The monitoring
 * centre's and a unit's people on 火警确认 (ROLE_SETS.centreWatchers, not place staff) get none: only the pushes sent
 * to them by name (a unit's fire signal, a device silenced), which then need no SMS; never a home's alarm.
 */
async function liveScope(services: Services, p: Principal): Promise<ReadonlySet<string> | "all"> {
  if (!inRoleSet(ROLE_SETS.placeStaff, p.role)) return new Set<string>();
  const scope = await services.scopes.of(p);
  return scope.kind === "county" ? "all" : new Set(scope.kind === "communities" ? scope.communityIds : []);
}

/** One SSE message: its `event:` line is the contract's event type, its `data:` line that type's JSON. */
function sse<T extends LiveEventType>(type: T, data: LiveEvents[T], id?: number): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}
const feedMessage = (e: LiveEvent): string => sse(e.type, e, e.id);

export const notificationRoutes = [
  route({
    method: "get",
    path: "/api/live/alarms",
    lane: "fire",
    summary:
      "Staff live feed (text/event-stream): alarm changes, escalation steps and pushes in the caller's communities (for the monitoring centre's and a unit's people on 火警确认, their own pushes only); token in Authorization or ?access_token=",
    tag: "notifications",
    // declared public because EventSource cannot send an Authorization header; liveCaller() checks the token and role
    access: "public",
    handler: async ({ services, ctx }) => {
      const p = await liveCaller(ctx, services);
      const communities = await liveScope(services, p);
      // written straight to the socket (ctx.respond = false): Koa's stream piping would report every
      // closed browser tab as an error
      ctx.respond = false;
      const res = ctx.res;
      ctx.req.socket.setTimeout(0);
      ctx.req.socket.setNoDelay(true);
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
        "X-Request-Id": String(ctx.state.requestId ?? ""),
      });
      res.write(
        `retry: 3000\n${sse("hello", { staffId: p.id, communities: communities === "all" ? "all" : [...communities] })}`,
      );
      const lastId = Number(ctx.get("last-event-id") || Number.NaN);
      const unsubscribe = services.notifications.live.subscribe(
        { staffId: p.id, communities, send: (e) => void res.write(feedMessage(e)) },
        Number.isFinite(lastId) ? lastId : undefined,
      );
      const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      let ended = false;
      let unwatch = (): void => undefined;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        unwatch();
        res.end();
      };
      // checked once above; a sign-out or a stopped account (停用) ends the open stream too, whichever instance
      // it lands on (token-service.ts watch()), and the screen's reconnection is then refused
      if (p.sessionId) unwatch = services.tokens.watch(p.sessionId, end);
      ctx.req.once("close", end);
      res.once("error", end);
    },
  }),
  route({
    method: "get",
    path: "/api/history/alarms",
    summary:
      "Alarm history for a household, a community or everything the caller may see (the county for the fire brigade), newest first",
    tag: "notifications",
    access: ROLE_SETS.residentsAndPlaceStaff,
    query: c.historyQuery,
    response: c.alarmHistory,
    handler: ({ services, principal, query }) => services.notifications.history.alarms(principal, query),
  }),
  route({
    method: "get",
    path: "/api/history/notifications",
    summary:
      "Notification log (who was told, how, and what the provider answered) for an alarm, a household, a community or the county",
    tag: "notifications",
    access: ROLE_SETS.residentsAndPlaceStaff,
    query: c.notificationHistoryQuery,
    response: c.notificationHistory,
    handler: ({ services, principal, query }) => services.notifications.history.notifications(principal, query),
  }),
  route({
    method: "get",
    path: "/api/notifications/templates",
    summary: "The WeChat subscribe-message template ids the mini-program asks residents to accept",
    tag: "notifications",
    access: "any",
    response: c.notificationTemplates,
    handler: async ({ services }) => services.notifications.templates,
  }),
  route({
    method: "post",
    path: "/api/notifications/subscriptions",
    summary: "Record what the resident accepted in wx.requestSubscribeMessage (one-time: one message per acceptance)",
    tag: "notifications",
    access: ROLE_SETS.residents,
    body: c.subscriptionsBody,
    response: c.subscriptionsResult,
    handler: async ({ services, principal, body }) => {
      const known = Object.values(services.notifications.templates);
      const unknown = body.accepted.filter((t) => !known.includes(t));
      if (unknown.length) throw new AppError("VALIDATION_FAILED", `未知的订阅消息模板：${unknown.join("、")}`);
      return {
        items: await services.notifications.recipients.recordConsent(principal.id, body.accepted, body.longTerm),
      };
    },
  }),
  route({
    method: "get",
    path: "/api/escalation-policies/:communityId",
    summary:
      "A community's escalation chain for fire alarms (the defaults when none is set), the floor every chain keeps, and who changed it when",
    tag: "notifications",
    access: ROLE_SETS.placeStaff,
    params: c.communityParams,
    response: c.policyView,
    handler: ({ services, principal, params }) => services.notifications.policies.get(principal, params.communityId),
  }),
  route({
    method: "put",
    path: "/api/escalation-policies/:communityId",
    summary:
      "Set a community's escalation chain: entries {afterSec, targets, channels, label?}; entries with the same afterSec form one step. Refused below the floor (members at once on two channels, duty staff within 120 s, supervisors within 300 s); every change is recorded and announced to the company's managers and the fire supervisors",
    tag: "notifications",
    access: ROLE_SETS.countyAndPropertyManager,
    params: c.communityParams,
    body: c.policyBody,
    response: c.policyResult,
    handler: ({ services, principal, params, body }) =>
      services.notifications.policies.set(principal, params.communityId, body.entries),
  }),
  // delivery receipts from the providers (public: they prove themselves by token or signature)
  ...receiptRoutes,
];
