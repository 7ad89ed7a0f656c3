import { type PortalServices, TOPICS } from "@anxin/api";
import { html } from "../../render/html.ts";
import { layout } from "../../render/layout.ts";
import { cards, warnings } from "./parts.ts";

export async function homePage(services: PortalServices, origin: string): Promise<string> {
  const edu = services.education;
  const [alerts, latest, quizzes] = await Promise.all([
    edu.activeWarnings(),
    edu.listPublished("ARTICLE", { offset: 0, limit: 4 }),
    edu.listPublished("QUIZ", { offset: 0, limit: 3 }),
  ]);
  const season = edu.seasonalAdvice();
  const body = html`
<h1>消防安全，从家里做起</h1>
<p class="lead">县消防救援大队为居民准备的消防安全知识：电动自行车充电、厨房用火、高层逃生、烟感报警器，一看就懂。</p>
<div class="emergency"><p class="big">着火了？<a href="tel:119">拨打 119</a></p><p>说清楚：小区、楼栋、楼层、房号，什么东西着火，有没有人被困。</p></div>
${warnings(alerts)}
<section class="season" aria-labelledby="season-h"><h2 id="season-h">${season.title}</h2><ul>${season.tips.map((t) => html`<li>${t}</li>`)}</ul></section>
<section aria-labelledby="topics-h"><h2 id="topics-h">按主题查看</h2>
<ul class="topics">${TOPICS.map((t) => html`<li><a href="/topics/${t.key}">${t.name}<span>${t.blurb}</span></a></li>`)}</ul></section>
<section aria-labelledby="latest-h"><h2 id="latest-h">最新文章</h2>${cards(latest.items)}<p><a href="/articles">全部文章 ›</a></p></section>
<section aria-labelledby="quiz-h"><h2 id="quiz-h">测一测</h2>${cards(quizzes.items)}<p><a href="/quizzes">全部测验 ›</a></p></section>
<section aria-labelledby="report-h"><h2 id="report-h">发现火灾隐患</h2><p>楼道堆放杂物、电动自行车进楼充电、消防通道被占用，可以拨打 <a href="tel:96119">96119</a> 火灾隐患举报电话，或 <a href="tel:12345">12345</a> 政务服务便民热线。<a href="/report">怎样举报 ›</a></p></section>`;
  return layout(
    origin,
    {
      title: "安心消防",
      description:
        "县消防救援大队的消防安全科普：电动自行车充电、厨房用火用气、高层逃生、灭火器使用、烟感报警器，以及火灾隐患举报方式。",
      path: "/",
      nav: "home",
    },
    body,
  );
}
