// Group bookings on the public site (issue 7 with issue 6's bookings module): a township coordinator books a
// session for a school, community, company or township, sees the result and the QR ticket, and lists and
// cancels the township's group bookings. The pages live under /console/group-bookings because the staff
// sign-in cookie (http/session.ts) is scoped to /console. This file turns forms into the same
// services.bookings calls the JSON routes make (/api/bookings, /api/sessions); every
// booking rule (capacity, waitlist, cancellation cut-off, who sees what) stays in the bookings module.
import Router from "@koa/router";
import type Koa from "koa";
import { type PortalServices, type Principal, AppError } from "@anxin/api";
import { groupBookingBody, type BookingView } from "@anxin/contract/bookings";
import { CACHE_PRIVATE, redirect, sendHtml } from "./http/respond.ts";
import { readForm } from "./http/forms.ts";
import { sameOrigin, sessionPrincipal, setSession } from "./http/session.ts";
import type { OriginOf } from "./public-routes.ts";
import {
  bookingResultPage,
  coordinatorLoginPage,
  GROUP_BOOKINGS_PATH,
  groupFormPage,
  myGroupBookingsPage,
  notAllowedPage,
  type Coordinator,
  type FieldErrors,
  type GroupFormValues,
} from "./pages/group-booking.ts";

const PRIVATE = { cache: CACHE_PRIVATE };
/** The roles the JSON route POST /api/sessions/:id/group-bookings admits (GROUP_BOOKERS there). */
const GROUP_BOOKERS: readonly string[] = ["TOWNSHIP_COORDINATOR", "ADMIN"];

const FIELD_MESSAGE: Record<keyof GroupFormValues, string> = {
  groupName: "请填写团体名称（不超过 64 个字）",
  groupType: "请选择团体类型",
  headCount: "人数应为 1 到 2000 之间的整数",
  contactName: "请填写联系人姓名（不超过 32 个字）",
  contactPhone: "联系电话应为手机号或带区号的固定电话",
};

const q = (ctx: Koa.Context, k: string) => (typeof ctx.query[k] === "string" ? (ctx.query[k] as string) : undefined);

export function groupBookingRouter(services: PortalServices, originOf: OriginOf): Router {
  const r = new Router();
  const P = GROUP_BOOKINGS_PATH;

  async function signedIn(ctx: Koa.Context): Promise<{ who: Principal; viewer: Coordinator; allowed: boolean } | null> {
    const who = await sessionPrincipal(ctx, services);
    if (!who) return null;
    const me = await services.auth.me(who);
    return {
      who,
      viewer: { name: me.kind === "staff" ? me.name : "居民", role: who.role },
      allowed: who.kind === "staff" && GROUP_BOOKERS.includes(who.role),
    };
  }

  /** A signed-in coordinator, or null with the sign-in redirect or the 403 page already sent. */
  async function coordinator(ctx: Koa.Context): Promise<{ who: Principal; viewer: Coordinator } | null> {
    if (ctx.method === "POST" && !sameOrigin(ctx)) throw new AppError("FORBIDDEN", "请求来源不正确");
    const me = await signedIn(ctx);
    if (!me) {
      redirect(ctx, `${P}/login?next=${encodeURIComponent(ctx.method === "GET" ? ctx.url : P)}`);
      return null;
    }
    if (!me.allowed) {
      sendHtml(ctx, notAllowedPage(originOf(ctx), me.viewer), { ...PRIVATE, status: 403 });
      return null;
    }
    return me;
  }

  const nextOf = (v: string | undefined) => (v?.startsWith(P) && !v.startsWith("//") ? v : P);
  r.get(`${P}/login`, (ctx) =>
    sendHtml(ctx, coordinatorLoginPage(originOf(ctx), { next: nextOf(q(ctx, "next")) }), PRIVATE),
  );
  // the console's sign-in (staff login API, the same HttpOnly cookies), worded for coordinators
  r.post(`${P}/login`, async (ctx) => {
    if (!sameOrigin(ctx)) throw new AppError("FORBIDDEN", "请求来源不正确");
    const form = await readForm(ctx);
    const username = (form.get("username") ?? "").trim();
    const next = nextOf(form.get("next"));
    try {
      setSession(ctx, await services.auth.staffLogin(username, form.get("password") ?? "", ctx.ip));
      redirect(ctx, next);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      sendHtml(ctx, coordinatorLoginPage(originOf(ctx), { next, username, error: e.message }), {
        ...PRIVATE,
        status: 401,
      });
    }
  });

  r.get(`${P}/new`, async (ctx) => {
    const sessionId = q(ctx, "session");
    if (!sessionId) return redirect(ctx, "/centres");
    const session = await services.bookings.centres.session(sessionId);
    const me = await signedIn(ctx);
    const values: GroupFormValues = {
      groupName: "",
      groupType: "SCHOOL",
      headCount: "",
      contactName: me?.allowed ? me.viewer.name : "",
      contactPhone: "",
    };
    sendHtml(
      ctx,
      groupFormPage(originOf(ctx), { session, who: me?.viewer ?? null, notAllowed: me ? !me.allowed : false, values }),
      PRIVATE,
    );
  });

  r.post(`${P}/new`, async (ctx) => {
    if (!sameOrigin(ctx)) throw new AppError("FORBIDDEN", "请求来源不正确");
    const form = await readForm(ctx);
    const sessionId = form.get("session") ?? "";
    const session = await services.bookings.centres.session(sessionId);
    const f = (k: keyof GroupFormValues) => (form.get(k) ?? "").trim();
    const values: GroupFormValues = {
      groupName: f("groupName"),
      groupType: f("groupType"),
      headCount: f("headCount"),
      contactName: f("contactName"),
      contactPhone: f("contactPhone"),
    };
    const me = await signedIn(ctx);
    const render = (status: number, extra: { errors?: FieldErrors; refused?: string; error?: string }) =>
      sendHtml(
        ctx,
        groupFormPage(originOf(ctx), {
          session,
          who: me?.viewer ?? null,
          notAllowed: me ? !me.allowed : false,
          values,
          ...extra,
        }),
        { ...PRIVATE, status },
      );
    if (!me) return render(401, { error: "请先登录：团体预约由乡镇（街道）协调员登录后提交。" });
    if (!me.allowed) return render(403, { error: "当前账号不能团体预约。" });

    const parsed = groupBookingBody.safeParse({
      ...values,
      headCount: /^\d{1,6}$/.test(values.headCount) ? Number(values.headCount) : Number.NaN,
    });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const k = String(issue.path[0]) as keyof GroupFormValues;
        if (k in FIELD_MESSAGE) errors[k] ??= FIELD_MESSAGE[k];
      }
      return render(400, { errors, error: "请按提示修改后再提交。" });
    }
    try {
      const booking = await services.bookings.bookings.bookGroup(me.who, session.id, parsed.data);
      ctx.state.log?.info(
        { bookingId: booking.id, sessionId: session.id, status: booking.status, seats: booking.seats },
        "group booking from the portal",
      );
      redirect(ctx, `${P}/${booking.id}`);
    } catch (e) {
      if (!(e instanceof AppError) || e.code === "NOT_FOUND") throw e;
      render(e.status, { refused: e.message });
    }
  });

  r.get(P, async (ctx) => {
    const me = await coordinator(ctx);
    if (!me) return;
    const { items } = await services.bookings.bookings.list(me.who, { offset: 0, limit: 200 });
    const groups = items.filter((b) => b.kind === "GROUP");
    sendHtml(
      ctx,
      myGroupBookingsPage(originOf(ctx), me.viewer, groups, { notice: q(ctx, "notice"), error: q(ctx, "error") }),
      PRIVATE,
    );
  });

  r.get(`${P}/:id`, async (ctx) => {
    const me = await coordinator(ctx);
    if (!me) return;
    const booking = await services.bookings.bookings.get(me.who, ctx.params.id!);
    const ticket = await ticketOf(me.who, booking);
    sendHtml(
      ctx,
      bookingResultPage(originOf(ctx), me.viewer, booking, ticket, {
        notice: q(ctx, "notice"),
        error: q(ctx, "error"),
      }),
      PRIVATE,
    );
  });

  r.post(`${P}/:id/cancel`, async (ctx) => {
    const me = await coordinator(ctx);
    if (!me) return;
    try {
      const b = await services.bookings.changes.cancel(me.who, ctx.params.id!, "协调员在公众网站取消");
      redirect(
        ctx,
        `${P}?notice=${encodeURIComponent(`已取消“${b.groupName ?? ""}”${b.session.date.slice(5).replace("-", "月")}日 ${b.session.startTime} 的团体预约`)}`,
      );
    } catch (e) {
      if (!(e instanceof AppError) || e.code === "NOT_FOUND") throw e;
      redirect(ctx, `${P}?error=${encodeURIComponent(e.message)}`);
    }
  });

  r.post(`${P}/:id/accept`, async (ctx) => {
    const me = await coordinator(ctx);
    if (!me) return;
    const id = ctx.params.id!;
    try {
      await services.bookings.changes.acceptOffer(me.who, id);
      redirect(ctx, `${P}/${id}?notice=${encodeURIComponent("已确认名额")}`);
    } catch (e) {
      if (!(e instanceof AppError) || e.code === "NOT_FOUND") throw e;
      redirect(ctx, `${P}/${id}?error=${encodeURIComponent(e.message)}`);
    }
  });

  async function ticketOf(who: Principal, b: BookingView) {
    if (b.status !== "CONFIRMED" && b.status !== "CHECKED_IN") return null;
    return services.bookings.bookings.ticket(who, b.id).catch((e: unknown) => {
      if (e instanceof AppError) return null; // e.g. another coordinator of the township: no ticket for them
      throw e;
    });
  }

  return r;
}
