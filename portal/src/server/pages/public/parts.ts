// Pieces several public pages share: content cards, breadcrumbs, dates.
import type { ContentSummary, WarningView } from "@anxin/contract/education";
import { topicByKey } from "@anxin/api";
import { html, type Html } from "../../render/html.ts";
import { countyDate } from "@anxin/contract/county-time";

export const KIND_PATH = { ARTICLE: "articles", VIDEO: "videos", QUIZ: "quizzes" } as const;
export const KIND_LABEL = { ARTICLE: "文章", VIDEO: "视频", QUIZ: "测验" } as const;

export function hrefOf(c: { kind: ContentSummary["kind"]; slug: string }): string {
  return `/${KIND_PATH[c.kind]}/${c.slug}`;
}

/** 2026年11月28日, in the county's time (UTC+8). */
export function dateZh(iso: string | null): string {
  if (!iso) return "";
  const [y, m, d] = countyDate(iso).split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export function cards(
  items: readonly ContentSummary[],
  opts: { headingLevel?: 2 | 3; showTopic?: boolean } = {},
): Html {
  if (items.length === 0) return html`<p>暂时还没有内容。</p>`;
  const h = (c: ContentSummary) =>
    opts.headingLevel === 2
      ? html`<h2><a href="${hrefOf(c)}">${c.title}</a></h2>`
      : html`<h3><a href="${hrefOf(c)}">${c.title}</a></h3>`;
  return html`<ul class="cards two">${items.map(
    (c) =>
      html`<li class="card">${h(c)}<p>${c.summary}</p>${opts.showTopic ? html`<p class="meta">${KIND_LABEL[c.kind]} · ${topicByKey(c.topic)?.name ?? ""}</p>` : ""}</li>`,
  )}</ul>`;
}

export function crumbs(trail: { href?: string; label: string }[]): Html {
  return html`<nav class="crumbs" aria-label="当前位置"><a href="/">首页</a>${trail.map((t) => (t.href ? html` › <a href="${t.href}">${t.label}</a>` : html` › <span aria-current="page">${t.label}</span>`))}</nav>`;
}

const LEVEL_LABEL = { SEVERE: "严重警示", WARNING: "警示", NOTICE: "提示" } as const;

export function warnings(items: readonly WarningView[]): Html {
  if (items.length === 0) return html``;
  return html`<section aria-labelledby="warn-h"><h2 id="warn-h">当前警示</h2>${items.map(
    (w) =>
      html`<div class="warn ${w.level}" role="note"><h3>【${LEVEL_LABEL[w.level]}】${w.title}</h3><p>${w.body}</p></div>`,
  )}</section>`;
}
