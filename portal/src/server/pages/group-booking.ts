// Group booking pages for township coordinators (issue 7 "experience centres and their sessions with group
// booking", on top of issue 6's bookings module): the booking form, the result with the QR ticket, "my group
// bookings" with cancel, and a coordinator-worded sign-in that sets the console's sign-in cookies.
// Server-rendered forms that work without JavaScript; every rule is the bookings service's.
import type { BookingView, SessionView } from "@anxin/contract/bookings";
import { html, type Html } from "../render/html.ts";
import { layout } from "../render/layout.ts";
import { crumbs } from "./public/parts.ts";
import { countyLocaleString } from "@anxin/contract/county-time";
import { BOOKING_STATUS_LABEL, STAFF_ROLE_LABEL } from "@anxin/contract/labels";

export const GROUP_BOOKINGS_PATH = "/console/group-bookings";
export const formPath = (sessionId: string) => `${GROUP_BOOKINGS_PATH}/new?session=${encodeURIComponent(sessionId)}`;

export const GROUP_TYPES = [
  { value: "TOWNSHIP", label: "乡镇（街道）" },
  { value: "SCHOOL", label: "学校" },
  { value: "COMMUNITY", label: "社区" },
  { value: "COMPANY", label: "单位（企业）" },
] as const;
const GROUP_TYPE_LABEL: Record<string, string> = Object.fromEntries(GROUP_TYPES.map((g) => [g.value, g.label]));

export const TOPIC_LABEL: Record<SessionView["topic"], string> = {
  SMOKE_ESCAPE: "烟雾逃生",
  EXTINGUISHER_USE: "灭火器使用",
  HOME_HAZARDS: "家庭火灾隐患",
  EBIKE_SAFETY: "电动自行车安全",
  GAS_SAFETY: "燃气安全",
  COMPREHENSIVE: "综合体验",
};

export const STATUS_LABEL: Record<BookingView["status"], string> = BOOKING_STATUS_LABEL;

const ROLE_LABEL: Record<string, string> = STAFF_ROLE_LABEL;

export interface Coordinator {
  name: string;
  role: string;
}

export interface GroupFormValues {
  groupName: string;
  groupType: string;
  headCount: string;
  contactName: string;
  contactPhone: string;
}
export type FieldErrors = Partial<Record<keyof GroupFormValues, string>>;

/** "2026-11-29" → "11月29日（周日）" */
export function dayZh(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = "日一二三四五六"[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${m}月${d}日（周${weekday}）`;
}

function page(origin: string, title: string, path: string, body: Html): string {
  return layout(
    origin,
    {
      title,
      description: "乡镇（街道）协调员为学校、社区、单位预约消防体验馆团体场次。",
      path,
      noindex: true,
      nav: "centres",
    },
    body,
  );
}

function flash(msg: { error?: string | undefined; notice?: string | undefined }): Html {
  return html`${msg.error ? html`<div class="error" role="alert"><p>${msg.error}</p></div>` : ""}${msg.notice ? html`<div class="notice" role="status"><p>${msg.notice}</p></div>` : ""}`;
}

function userBar(who: Coordinator): Html {
  return html`<div class="actions meta"><span>已登录：${who.name}（${ROLE_LABEL[who.role] ?? who.role}）</span><a href="${GROUP_BOOKINGS_PATH}">我的团体预约</a><form method="post" action="/console/logout"><button class="secondary" type="submit">退出登录</button></form></div>`;
}

function seatsText(s: SessionView): string {
  if (s.status !== "OPEN")
    return s.status === "CANCELLED" ? `已取消${s.cancelReason ? `：${s.cancelReason}` : ""}` : "已结束";
  if (s.seatsLeft > 0) return `余 ${s.seatsLeft} 位（共 ${s.capacity} 位）`;
  return s.waitlistSeatsLeft > 0 ? `已满，可排队候补（候补还可排 ${s.waitlistSeatsLeft} 人）` : "已满";
}

export function sessionFacts(s: SessionView): Html {
  const ages =
    s.minAge !== null && s.maxAge !== null
      ? `${s.minAge}-${s.maxAge} 岁`
      : s.minAge !== null
        ? `${s.minAge} 岁以上`
        : s.maxAge !== null
          ? `${s.maxAge} 岁以下`
          : "不限";
  return html`<dl class="card">
<dt><strong>体验馆</strong></dt><dd style="margin:0 0 .3em">${s.centreName}</dd>
<dt><strong>场次</strong></dt><dd style="margin:0 0 .3em">${s.title}（${TOPIC_LABEL[s.topic]}）</dd>
<dt><strong>时间</strong></dt><dd style="margin:0 0 .3em">${dayZh(s.date)} ${s.startTime}-${s.endTime}</dd>
<dt><strong>适合年龄</strong></dt><dd style="margin:0 0 .3em">${ages}</dd>
<dt><strong>名额</strong></dt><dd style="margin:0 0 .3em">${seatsText(s)}</dd>
</dl>`;
}

function field(
  name: keyof GroupFormValues,
  label: string,
  value: string,
  errors: FieldErrors,
  attrs: { inputmode?: string; autocomplete?: string; hint?: string } = {},
): Html {
  const err = errors[name];
  const described = [attrs.hint ? `${name}-hint` : "", err ? `${name}-error` : ""].filter(Boolean).join(" ");
  return html`<label class="field" for="${name}">${label}</label>${attrs.hint ? html`<p class="meta" id="${name}-hint">${attrs.hint}</p>` : ""}${err ? html`<p class="wrong" id="${name}-error">${err}</p>` : ""}<input id="${name}" name="${name}" type="text" required value="${value}"${attrs.inputmode ? html` inputmode="${attrs.inputmode}"` : ""}${attrs.autocomplete ? html` autocomplete="${attrs.autocomplete}"` : ""}${described ? html` aria-describedby="${described}"` : ""}${err ? html` aria-invalid="true"` : ""}>`;
}

export interface FormPageOpts {
  session: SessionView;
  /** null: not signed in */
  who: Coordinator | null;
  /** signed in but not a township coordinator (or admin) */
  notAllowed?: boolean;
  values: GroupFormValues;
  errors?: FieldErrors;
  /** why the bookings service refused, in its own words */
  refused?: string | undefined;
  error?: string | undefined;
}

export function groupFormPage(origin: string, o: FormPageOpts): string {
  const s = o.session;
  const errors = o.errors ?? {};
  const here = formPath(s.id);
  const signIn = html`<div class="notice" role="status"><h2>请先登录</h2><p>团体预约由乡镇（街道）协调员提交。请先用工作账号登录，登录后会回到这张表。</p><p><a class="button" href="${GROUP_BOOKINGS_PATH}/login?next=${encodeURIComponent(here)}">协调员登录</a></p></div>`;
  const notAllowed = html`<div class="error" role="alert"><h2>当前账号不能团体预约</h2><p>团体预约只能由乡镇（街道）协调员提交。家庭预约请在微信“安心消防”小程序中进行。</p></div>`;
  const bookable =
    s.status === "OPEN" && Date.parse(s.startsAt) > Date.now() && (s.seatsLeft > 0 || s.waitlistSeatsLeft > 0);
  const body = html`${crumbs([{ href: "/centres", label: "体验馆" }, { label: "团体预约" }])}
${o.who ? userBar(o.who) : ""}
<h1>团体预约</h1>
<p class="lead">为学校、社区、单位或乡镇（街道）的团体预约这一场体验。</p>
${sessionFacts(s)}
${o.refused ? html`<div class="error" role="alert"><h2>未能预约</h2><p>${o.refused}</p><p>可以减少人数后重试，或<a href="/centres">选择其他场次</a>。</p></div>` : ""}
${flash({ error: o.error })}
${!o.who ? signIn : o.notAllowed ? notAllowed : ""}
${bookable ? "" : html`<div class="notice" role="status"><p>这一场已不能预约，请<a href="/centres">选择其他场次</a>。</p></div>`}
${s.seatsLeft === 0 && bookable ? html`<div class="notice" role="status"><p>这一场的名额已满，提交后将进入候补名单，有人取消时按先后顺序通知。</p></div>` : ""}
<h2 id="form-h">填写团体信息</h2>
<form method="post" action="${GROUP_BOOKINGS_PATH}/new" aria-labelledby="form-h" novalidate>
<input type="hidden" name="session" value="${s.id}">
${field("groupName", "团体名称", o.values.groupName, errors, { hint: "例如：城关第一小学五年级二班" })}
<label class="field" for="groupType">团体类型</label>${errors.groupType ? html`<p class="wrong" id="groupType-error">${errors.groupType}</p>` : ""}
<select id="groupType" name="groupType" required${errors.groupType ? html` aria-describedby="groupType-error" aria-invalid="true"` : ""}>${GROUP_TYPES.map(
    (g) => html`<option value="${g.value}"${g.value === o.values.groupType ? html` selected` : ""}>${g.label}</option>`,
  )}</select>
${field("headCount", "人数（含带队老师）", o.values.headCount, errors, { inputmode: "numeric", hint: `本场次最多 ${s.capacity} 人` })}
${field("contactName", "联系人", o.values.contactName, errors, { autocomplete: "name" })}
${field("contactPhone", "联系电话", o.values.contactPhone, errors, { inputmode: "tel", autocomplete: "tel", hint: "手机号，或带区号的固定电话" })}
<p class="actions" style="margin-top:1rem"><button type="submit">提交团体预约</button><a href="/centres">返回体验馆</a></p>
</form>`;
  return page(origin, "团体预约", here, body);
}

export function coordinatorLoginPage(origin: string, o: { next: string; username?: string; error?: string }): string {
  const body = html`${crumbs([{ href: "/centres", label: "体验馆" }, { label: "协调员登录" }])}
<h1>协调员登录</h1>
<p>乡镇（街道）协调员用工作账号登录后，可以为学校、社区和单位预约体验馆团体场次。</p>
${flash({ error: o.error })}
<form method="post" action="${GROUP_BOOKINGS_PATH}/login">
<input type="hidden" name="next" value="${o.next}">
<label class="field" for="username">用户名或手机号</label><input id="username" name="username" type="text" autocomplete="username" required value="${o.username ?? ""}">
<label class="field" for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p style="margin-top:1rem"><button type="submit">登录</button></p>
</form>`;
  return page(origin, "协调员登录", `${GROUP_BOOKINGS_PATH}/login`, body);
}

function bookingFacts(b: BookingView): Html {
  return html`<dl class="card">
<dt><strong>预约编号</strong></dt><dd style="margin:0 0 .3em"><strong class="ref" data-testid="booking-number">${b.shortCode}</strong></dd>
<dt><strong>状态</strong></dt><dd style="margin:0 0 .3em"><span class="status">${STATUS_LABEL[b.status]}</span></dd>
<dt><strong>团体</strong></dt><dd style="margin:0 0 .3em">${b.groupName ?? ""}（${GROUP_TYPE_LABEL[b.groupType ?? ""] ?? ""}），${b.seats} 人</dd>
<dt><strong>联系人</strong></dt><dd style="margin:0 0 .3em">${b.contactName} ${b.contactPhone}</dd>
<dt><strong>体验馆</strong></dt><dd style="margin:0 0 .3em">${b.session.centreName}</dd>
<dt><strong>场次</strong></dt><dd style="margin:0 0 .3em">${b.session.title}，${dayZh(b.session.date)} ${b.session.startTime}-${b.session.endTime}</dd>
</dl>`;
}

function outcome(b: BookingView, ticket: { ticket: string; shortCode: string; qrSvg: string } | null): Html {
  switch (b.status) {
    case "CONFIRMED":
      return html`<div class="notice" role="status"><h2>预约成功</h2><p>已为 ${b.seats} 人确认名额。活动当天请带队到场，向工作人员出示下面的入场二维码。</p></div>
${ticket ? html`<h2>入场二维码</h2><img src="data:image/svg+xml;base64,${Buffer.from(ticket.qrSvg).toString("base64")}" width="240" height="240" alt="入场二维码，预约编号 ${b.shortCode}"><p class="meta">仅在 ${dayZh(b.session.date)} 当天有效。扫不出时，请把票号念给工作人员：</p><p class="ticket-number" data-testid="ticket-number">${ticket.shortCode}</p>` : ""}`;
    case "WAITLISTED":
      return html`<div class="notice" role="status"><h2>已进入候补</h2><p>${b.waitReason ?? "本场名额已满。"}</p><p>您排在第 ${b.waitlistPosition ?? "?"} 位。有名额空出时，会按先后顺序通知您确认。</p></div>`;
    case "OFFERED":
      return html`<div class="notice" role="status"><h2>有名额为您保留</h2><p>请在${b.offerExpiresAt ? ` ${countyLocaleString(b.offerExpiresAt)} ` : ""}之前确认，过期后名额会让给下一位。</p>
<form method="post" action="${GROUP_BOOKINGS_PATH}/${b.id}/accept"><button type="submit">确认保留的名额</button></form></div>`;
    case "CHECKED_IN":
      return html`<div class="notice" role="status"><h2>已签到</h2><p>实到 ${b.attendedCount ?? b.seats} 人。</p></div>`;
    default:
      return html`<div class="notice" role="status"><h2>${STATUS_LABEL[b.status]}</h2>${b.cancelReason ? html`<p>原因：${b.cancelReason}</p>` : ""}</div>`;
  }
}

function cancelForm(b: BookingView): Html {
  if (b.cancellable) {
    const label = b.status === "WAITLISTED" ? "退出候补" : "取消预约";
    return html`<form method="post" action="${GROUP_BOOKINGS_PATH}/${b.id}/cancel" style="margin-top:.6rem"><button class="secondary" type="submit" aria-label="${label}：${b.groupName ?? ""} ${dayZh(b.session.date)} ${b.session.startTime}">${label}</button></form>`;
  }
  return b.cancelBlockedReason ? html`<p class="meta">${b.cancelBlockedReason}</p>` : html``;
}

export function bookingResultPage(
  origin: string,
  who: Coordinator,
  b: BookingView,
  ticket: { ticket: string; shortCode: string; qrSvg: string } | null,
  msg: { error?: string | undefined; notice?: string | undefined } = {},
): string {
  const body = html`${crumbs([{ href: "/centres", label: "体验馆" }, { href: GROUP_BOOKINGS_PATH, label: "我的团体预约" }, { label: "预约详情" }])}
${userBar(who)}
<h1>团体预约详情</h1>
${flash(msg)}
${outcome(b, ticket)}
<h2>预约信息</h2>
${bookingFacts(b)}
${cancelForm(b)}
<p><a href="${GROUP_BOOKINGS_PATH}">查看我的团体预约</a> · <a href="/centres">预约其他场次</a></p>`;
  return page(origin, "团体预约详情", `${GROUP_BOOKINGS_PATH}/${b.id}`, body);
}

export function myGroupBookingsPage(
  origin: string,
  who: Coordinator,
  items: readonly BookingView[],
  msg: { error?: string | undefined; notice?: string | undefined } = {},
): string {
  const list = items.length
    ? html`<ul class="cards">${items.map(
        (
          b,
        ) => html`<li class="card"><h2><a href="${GROUP_BOOKINGS_PATH}/${b.id}">${b.groupName ?? "团体"}：${b.session.title}</a></h2>
<p>${dayZh(b.session.date)} ${b.session.startTime}-${b.session.endTime}，${b.session.centreName}</p>
<p>${b.seats} 人 · <span class="status">${STATUS_LABEL[b.status]}</span>${b.status === "WAITLISTED" && b.waitlistPosition ? `（候补第 ${b.waitlistPosition} 位）` : ""} · 预约编号 ${b.shortCode}</p>
${cancelForm(b)}</li>`,
      )}</ul>`
    : html`<p>还没有团体预约。到<a href="/centres">体验馆</a>页面选择场次，点“团体预约”。</p>`;
  const body = html`${crumbs([{ href: "/centres", label: "体验馆" }, { label: "我的团体预约" }])}
${userBar(who)}
<h1>我的团体预约</h1>
${flash(msg)}
<p class="meta">本乡镇（街道）提交的团体预约，最新的在前。开场前 2 小时内不能取消。</p>
${list}
<p><a class="button" href="/centres">预约新的场次</a></p>`;
  return page(origin, "我的团体预约", GROUP_BOOKINGS_PATH, body);
}

export function notAllowedPage(origin: string, who: Coordinator): string {
  const body = html`${crumbs([{ href: "/centres", label: "体验馆" }, { label: "团体预约" }])}
${userBar(who)}
<h1>没有权限</h1><p>团体预约只能由乡镇（街道）协调员提交和管理。家庭预约请在微信“安心消防”小程序中进行。</p>`;
  return page(origin, "没有权限", GROUP_BOOKINGS_PATH, body);
}
