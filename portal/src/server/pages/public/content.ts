// Articles and videos: lists by topic and the reading pages.
import { type PortalServices, TOPICS, topicByKey, type Topic } from "@anxin/api";
import type { ContentDetail } from "@anxin/contract/education";
import { html, raw } from "../../render/html.ts";
import { layout } from "../../render/layout.ts";
import { renderMarkdown } from "../../render/markdown.ts";
import { cards, crumbs, dateZh } from "./parts.ts";

export async function articlesPage(services: PortalServices, origin: string): Promise<string> {
  const { items } = await services.education.listPublished("ARTICLE", { offset: 0, limit: 100 });
  const sections = TOPICS.map((t) => ({ t, items: items.filter((a) => a.topic === t.key) })).filter(
    (s) => s.items.length > 0,
  );
  const body = html`${crumbs([{ label: "科普文章" }])}
<h1>科普文章</h1>
<p class="lead">按主题分类的消防安全知识，每篇几分钟就能读完。</p>
${sections.map((s) => html`<section aria-labelledby="t-${s.t.key}"><h2 id="t-${s.t.key}"><a href="/topics/${s.t.key}">${s.t.name}</a></h2>${cards(s.items)}</section>`)}`;
  return layout(
    origin,
    {
      title: "科普文章",
      description:
        "消防安全科普文章：电动自行车充电、家庭用电、厨房用火用气、高层逃生、灭火器、老人儿童防火、烟感报警器。",
      path: "/articles",
      nav: "articles",
    },
    body,
  );
}

export async function topicPage(services: PortalServices, origin: string, topic: Topic): Promise<string> {
  const edu = services.education;
  const [articles, videos, quizzes] = await Promise.all(
    (["ARTICLE", "VIDEO", "QUIZ"] as const).map((k) =>
      edu.listPublished(k, { topic: topic.key, offset: 0, limit: 50 }),
    ),
  );
  const body = html`${crumbs([{ href: "/articles", label: "科普文章" }, { label: topic.name }])}
<h1>${topic.name}</h1>
<p class="lead">${topic.blurb}</p>
${cards(articles!.items, { headingLevel: 2 })}
${videos!.items.length ? html`<h2>相关视频</h2>${cards(videos!.items)}` : ""}
${quizzes!.items.length ? html`<h2>测一测</h2>${cards(quizzes!.items)}` : ""}
<p><a href="/articles">查看其他主题 ›</a></p>`;
  return layout(
    origin,
    {
      title: topic.name,
      description: `${topic.name}：${topic.blurb}。县消防救援大队消防安全科普。`,
      path: `/topics/${topic.key}`,
      nav: "articles",
    },
    body,
  );
}

export async function articlePage(services: PortalServices, origin: string, a: ContentDetail): Promise<string> {
  const topic = topicByKey(a.topic);
  const images = await services.education.imagesIn(a.body);
  const related = (await services.education.listPublished("ARTICLE", { topic: a.topic, offset: 0, limit: 4 })).items
    .filter((x) => x.id !== a.id)
    .slice(0, 3);
  const body = html`${crumbs([{ href: "/articles", label: "科普文章" }, ...(topic ? [{ href: `/topics/${topic.key}`, label: topic.name }] : [])])}
<article>
<h1>${a.title}</h1>
<p class="meta">${topic?.name ?? ""} · <time datetime="${a.publishedAt ?? ""}">${dateZh(a.publishedAt)}</time> · 县消防救援大队</p>
<p class="lead">${a.summary}</p>
${a.cover ? html`<img src="${a.cover.url}" ${a.cover.smallUrl ? raw(`srcset="${a.cover.smallUrl} 480w, ${a.cover.url} 1200w" sizes="(max-width: 720px) 100vw, 680px"`) : ""} alt="${a.cover.alt}" width="${a.cover.width ?? ""}" height="${a.cover.height ?? ""}" fetchpriority="high">` : ""}
${raw(renderMarkdown(a.body, (u) => images.get(u)))}
</article>
<div class="emergency"><p>着火了请拨打 <a href="tel:119">119</a>；发现隐患请拨打 <a href="tel:96119">96119</a>。</p></div>
${related.length ? html`<section aria-labelledby="rel-h"><h2 id="rel-h">相关文章</h2>${cards(related)}</section>` : ""}`;
  return layout(
    origin,
    {
      title: a.title,
      description: a.summary,
      path: `/articles/${a.slug}`,
      image: a.cover?.url,
      type: "article",
      nav: "articles",
    },
    body,
  );
}

export async function videosPage(services: PortalServices, origin: string): Promise<string> {
  const { items } = await services.education.listPublished("VIDEO", { offset: 0, limit: 100 });
  const body = html`${crumbs([{ label: "视频" }])}<h1>科普视频</h1><p class="lead">看视频学消防：逃生、灭火器使用、家庭防火。</p>${cards(items, { headingLevel: 2, showTopic: true })}`;
  return layout(
    origin,
    {
      title: "科普视频",
      description: "消防安全科普视频：火场逃生、灭火器使用、家庭防火。",
      path: "/videos",
      nav: "videos",
    },
    body,
  );
}

export function videoPage(origin: string, v: ContentDetail): string {
  const topic = topicByKey(v.topic);
  const player = v.video
    ? html`<video controls preload="metadata" playsinline ${v.cover ? raw(`poster="${v.cover.url}"`) : ""} aria-describedby="video-desc"><source src="${v.video.url}" type="${v.video.mime}"><p>您的浏览器不能播放视频，<a href="${v.video.url}">点此下载观看</a>。</p></video><p id="video-desc" class="meta">${v.video.alt}</p>`
    : v.videoUrl
      ? html`<p><a class="button" href="${v.videoUrl}" rel="noopener">打开视频观看（外部网站）</a></p>`
      : "";
  const body = html`${crumbs([{ href: "/videos", label: "视频" }, { label: v.title }])}
<article><h1>${v.title}</h1><p class="meta">${topic?.name ?? ""} · <time datetime="${v.publishedAt ?? ""}">${dateZh(v.publishedAt)}</time></p>
<p class="lead">${v.summary}</p>${player}${raw(renderMarkdown(v.body))}</article>`;
  return layout(
    origin,
    {
      title: v.title,
      description: v.summary,
      path: `/videos/${v.slug}`,
      image: v.cover?.url,
      type: "article",
      nav: "videos",
    },
    body,
  );
}
