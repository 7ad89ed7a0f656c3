// The staff console's sign-in (every role's), and the editors' pages: the content list, and the editor with its workflow buttons.
import type { ContentDetail, ContentEventView, ContentSummary, WarningView } from "@anxin/contract/education";
import { TOPICS, topicByKey } from "@anxin/api";
import { html, raw, type Html } from "../../render/html.ts";
import { layout } from "../../render/layout.ts";
import { hrefOf, KIND_LABEL } from "../public/parts.ts";
import { formatQuestions } from "./quiz-text.ts";
import { renderMarkdown } from "../../render/markdown.ts";
import { countyDate, countyLocaleString } from "@anxin/contract/county-time";

export const STATUS_LABEL = { DRAFT: "草稿", IN_REVIEW: "待审核", PUBLISHED: "已发布", ARCHIVED: "已下线" } as const;
const ACTION_LABEL: Record<string, string> = {
  create: "创建",
  edit: "修改",
  submit: "提交审核",
  publish: "审核发布",
  reject: "退回修改",
  archive: "下线",
};

export interface Viewer {
  id: string;
  name: string;
  role: string;
}

function page(origin: string, title: string, body: Html): string {
  return layout(
    origin,
    { title, description: "安心消防 内容管理", path: "/console/content", noindex: true, nav: "console" },
    body,
  );
}

function flash(msg: { error?: string | undefined; notice?: string | undefined }): Html {
  return html`${msg.error ? html`<p class="error" role="alert">${msg.error}</p>` : ""}${msg.notice ? html`<p class="notice" role="status">${msg.notice}</p>` : ""}`;
}

function userBar(v: Viewer): Html {
  return html`<div class="actions meta"><a href="/console/home">‹ 管理台</a><span>${v.name}（${v.role === "ADMIN" ? "系统管理员" : "消防监督员"}）</span><form method="post" action="/console/logout"><button class="secondary" type="submit">退出登录</button></form></div>`;
}

export function loginView(
  origin: string,
  opts: { error?: string | undefined; username?: string | undefined; next?: string | undefined } = {},
): string {
  return page(
    origin,
    "工作人员登录",
    html`<h1>安心消防管理台登录</h1><p>物业公司、联网单位、乡镇、体验馆、监控中心和消防救援大队的工作人员使用工作账号登录。</p>${flash({ error: opts.error })}
<form method="post" action="/console/login">
<input type="hidden" name="next" value="${opts.next ?? "/console/home"}">
<label class="field" for="username">用户名或手机号</label><input id="username" name="username" type="text" autocomplete="username" required value="${opts.username ?? ""}">
<label class="field" for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">登录</button></p></form>`,
  );
}

export function forbiddenView(origin: string, v: Viewer): string {
  return page(
    origin,
    "没有权限",
    html`${userBar(v)}<h1>没有权限</h1><p>只有消防救援大队编辑（消防监督员）和系统管理员可以管理科普内容。</p>`,
  );
}

export function listView(
  origin: string,
  v: Viewer,
  items: readonly ContentSummary[],
  msg: { error?: string; notice?: string } = {},
): string {
  const row = (c: ContentSummary) =>
    html`<tr><td><a href="/console/content/${c.id}">${c.title}</a></td><td>${KIND_LABEL[c.kind]}</td><td>${topicByKey(c.topic)?.name ?? c.topic}</td><td><span class="status ${c.status}">${STATUS_LABEL[c.status]}</span></td></tr>`;
  const inReview = items.filter((c) => c.status === "IN_REVIEW");
  return page(
    origin,
    "内容管理",
    html`${userBar(v)}<h1>内容管理</h1>${flash(msg)}
<p class="actions"><a class="button" href="/console/content/new?kind=ARTICLE">写文章</a><a class="button" href="/console/content/new?kind=VIDEO">加视频</a><a class="button" href="/console/content/new?kind=QUIZ">出测验</a><a href="/console/warnings">首页警示 ›</a></p>
${inReview.length ? html`<h2>待审核（${inReview.length}）</h2><table><thead><tr><th scope="col">标题</th><th scope="col">类型</th><th scope="col">主题</th><th scope="col">状态</th></tr></thead><tbody>${inReview.map(row)}</tbody></table>` : ""}
<h2>全部内容（${items.length}）</h2>
<table><thead><tr><th scope="col">标题</th><th scope="col">类型</th><th scope="col">主题</th><th scope="col">状态</th></tr></thead><tbody>${items.map(row)}</tbody></table>`,
  );
}

export interface EditValues {
  kind: ContentDetail["kind"];
  slug: string;
  topic: string;
  title: string;
  summary: string;
  body: string;
  videoUrl: string;
  questionsText: string;
}

export function valuesOf(c: ContentDetail): EditValues {
  return {
    kind: c.kind,
    slug: c.slug,
    topic: c.topic,
    title: c.title,
    summary: c.summary,
    body: c.body,
    videoUrl: c.videoUrl ?? "",
    questionsText: formatQuestions(c.questions),
  };
}

function fields(v: EditValues, disabled: boolean): Html {
  const dis = disabled ? raw(" disabled") : "";
  return html`
<label class="field" for="title">标题（2-60 字）</label><input id="title" name="title" type="text" required maxlength="60" value="${v.title}"${dis}>
<label class="field" for="summary">摘要（10-200 字，显示在列表和微信分享卡片上）</label><textarea id="summary" name="summary" required maxlength="200" style="min-height:5em"${dis}>${v.summary}</textarea>
<label class="field" for="topic">主题</label><select id="topic" name="topic"${dis}>${TOPICS.map((t) => html`<option value="${t.key}"${t.key === v.topic ? raw(" selected") : ""}>${t.name}</option>`)}</select>
<label class="field" for="slug">网址（小写字母、数字、连字符；留空自动生成）</label><input id="slug" name="slug" type="text" pattern="[a-z0-9]+(-[a-z0-9]+)*" value="${v.slug}"${dis}>
${v.kind === "VIDEO" ? html`<label class="field" for="videoUrl">视频链接（或在下方上传视频文件）</label><input id="videoUrl" name="videoUrl" type="url" value="${v.videoUrl}"${dis}>` : ""}
<label class="field" for="body">${v.kind === "ARTICLE" ? "正文" : "说明"}（“## ”小标题，“- ”列表，“1. ”步骤，“> ”提示框，**加粗**）</label><textarea id="body" name="body"${dis}>${v.body}</textarea>
${v.kind === "QUIZ" ? html`<label class="field" for="questions">题目（每题之间空一行；格式：题目：… / A. … / 答案：B / 讲解：…）</label><textarea id="questions" name="questions" style="min-height:20em"${dis}>${v.questionsText}</textarea>` : ""}`;
}

export function newView(origin: string, v: Viewer, values: EditValues, error?: string): string {
  return page(
    origin,
    `新建${KIND_LABEL[values.kind]}`,
    html`${userBar(v)}<p><a href="/console/content">‹ 返回内容列表</a></p><h1>新建${KIND_LABEL[values.kind]}</h1>${flash({ error })}
<form method="post" action="/console/content/new"><input type="hidden" name="kind" value="${values.kind}">${fields(values, false)}<p><button type="submit">保存草稿</button></p></form>`,
  );
}

function who(id: string, v: Viewer): string {
  return id === v.id ? "我" : id === "system:seed" ? "初始内容" : `编辑 ${id.slice(-6)}`;
}

export function editView(
  origin: string,
  v: Viewer,
  c: ContentDetail & { events: ContentEventView[] },
  opts: { values?: EditValues; error?: string | undefined; notice?: string | undefined } = {},
): string {
  const editable = c.status === "DRAFT" || c.status === "ARCHIVED";
  const values = opts.values ?? valuesOf(c);
  const action = (name: string, label: string, extra?: Html) =>
    html`<form method="post" action="/console/content/${c.id}/transition"><input type="hidden" name="action" value="${name}">${extra ?? ""}<button type="submit"${name === "archive" ? raw(' class="secondary"') : ""}>${label}</button></form>`;
  const actions: Html[] = [];
  if (editable) actions.push(action("submit", "提交审核"));
  if (c.status === "IN_REVIEW") {
    actions.push(action("publish", "审核通过并发布"));
    actions.push(
      action(
        "reject",
        "退回修改",
        html`<label class="field" for="note">退回原因</label><input id="note" name="note" type="text" maxlength="500">`,
      ),
    );
  }
  if (c.status === "PUBLISHED" || c.status === "IN_REVIEW") actions.push(action("archive", "下线"));
  return page(
    origin,
    `编辑：${c.title}`,
    html`${userBar(v)}<p><a href="/console/content">‹ 返回内容列表</a></p>
<h1>${c.title}</h1>
<p>${KIND_LABEL[c.kind]} · <span class="status ${c.status}">${STATUS_LABEL[c.status]}</span>${c.status === "PUBLISHED" ? html` · <a href="${hrefOf(c)}">查看公开页面</a>` : ""}</p>
${flash({ error: opts.error, notice: opts.notice })}
${c.reviewNote && c.status === "DRAFT" ? html`<p class="notice">退回原因：${c.reviewNote}</p>` : ""}
<h2>审核流程</h2><div class="actions">${actions}</div>
${!editable ? html`<p class="meta">${c.status === "IN_REVIEW" ? "审核中的内容不能修改；需要修改请先退回。" : "已发布的内容不能直接修改；请先下线，修改后重新提交审核。"}</p>` : ""}
${c.kind !== "QUIZ" && c.body.trim() ? html`<details${c.status === "IN_REVIEW" ? raw(" open") : ""}><summary>预览正文（读者看到的样子）</summary><div class="card">${raw(renderMarkdown(c.body))}</div></details>` : ""}
<h2>内容</h2>
<form method="post" action="/console/content/${c.id}">${fields(values, !editable)}${editable ? html`<p><button type="submit">保存</button></p>` : ""}</form>
${editable ? uploads(c) : ""}
<h2>记录</h2><ol>${c.events.map((e) => html`<li>${countyLocaleString(e.at)} ${who(e.actorId, v)} ${ACTION_LABEL[e.action] ?? e.action}（${STATUS_LABEL[e.toStatus]}）${e.note ? `：${e.note}` : ""}</li>`)}</ol>`,
  );
}

function uploads(c: ContentDetail): Html {
  return html`<h2>图片${c.kind === "VIDEO" ? "与视频" : ""}</h2>
${c.cover ? html`<p>当前封面：</p><img src="${c.cover.smallUrl ?? c.cover.url}" alt="${c.cover.alt}" width="240">` : ""}
<form method="post" action="/console/content/${c.id}/upload" enctype="multipart/form-data">
<label class="field" for="file">选择图片（JPEG/PNG/WebP，宽度至少 320 像素，不超过 10 MB；上传后自动缩放）${c.kind === "VIDEO" ? "或视频（MP4/WebM，不超过 200 MB）" : ""}</label>
<span class="file-pick"><input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp${c.kind === "VIDEO" ? ",video/mp4,video/webm" : ""}" required><label class="button file-button" for="file">选择文件…</label><span class="file-state"></span></span>
<label class="field" for="alt">图片说明（必填，供视力不好的读者用读屏软件收听）</label><input id="alt" name="alt" type="text" required maxlength="200">
<fieldset><legend>用途</legend>
<label class="choice"><input type="radio" name="use" value="cover" checked> <span>作为封面</span></label>
<label class="choice"><input type="radio" name="use" value="body"> <span>插入正文末尾</span></label>
${c.kind === "VIDEO" ? html`<label class="choice"><input type="radio" name="use" value="video"> <span>作为视频文件</span></label>` : ""}
</fieldset>
<p><button type="submit">上传</button></p></form>`;
}

const LEVEL_LABEL = { NOTICE: "提示", WARNING: "警示", SEVERE: "严重警示" } as const;

export function warningsView(
  origin: string,
  v: Viewer,
  items: readonly WarningView[],
  msg: { error?: string | undefined; notice?: string | undefined } = {},
): string {
  const day = (iso: string) => countyDate(iso);
  return page(
    origin,
    "首页警示",
    html`${userBar(v)}<p><a href="/console/content">‹ 返回内容列表</a></p><h1>首页警示</h1>${flash(msg)}
<p>警示在设定的日期内显示在公众网站首页，严重警示排在最前。</p>
<h2>生效中和待生效（${items.length}）</h2>
${
  items.length
    ? html`<ul class="cards">${items.map(
        (
          w,
        ) => html`<li class="card"><h3>【${LEVEL_LABEL[w.level]}】${w.title}</h3><p>${w.body}</p><p class="meta">${day(w.startsAt)} 至 ${day(new Date(new Date(w.endsAt).getTime() - 1).toISOString())}</p>
<form method="post" action="/console/warnings/${w.id}/delete"><button class="secondary" type="submit">删除“${w.title}”</button></form></li>`,
      )}</ul>`
    : html`<p>目前没有警示。</p>`
}
<h2>发布新警示</h2>
<form method="post" action="/console/warnings">
<label class="field" for="level">级别</label><select id="level" name="level"><option value="NOTICE">提示</option><option value="WARNING" selected>警示</option><option value="SEVERE">严重警示</option></select>
<label class="field" for="wtitle">标题（2-60 字）</label><input id="wtitle" name="title" type="text" required maxlength="60">
<label class="field" for="wbody">内容（4-500 字）</label><textarea id="wbody" name="body" required maxlength="500" style="min-height:6em"></textarea>
<label class="field" for="from">开始日期</label><input id="from" name="from" type="date" lang="zh-CN" required>
<label class="field" for="to">结束日期（含当天）</label><input id="to" name="to" type="date" lang="zh-CN" required>
<p><button type="submit">发布警示</button></p></form>`,
  );
}
