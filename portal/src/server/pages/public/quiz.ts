// Quizzes as plain forms: radio buttons in fieldsets, POSTed back to the same URL, scored on the server and
// answered with every question's right answer and explanation. No JavaScript needed.
import type { PortalServices } from "@anxin/api";
import type { ContentDetail, QuizResult } from "@anxin/contract/education";
import { html, raw } from "../../render/html.ts";
import { layout } from "../../render/layout.ts";
import { renderMarkdown } from "../../render/markdown.ts";
import { cards, crumbs } from "./parts.ts";

const LETTERS = ["A", "B", "C", "D", "E", "F"];

export async function quizzesPage(services: PortalServices, origin: string): Promise<string> {
  const { items } = await services.education.listPublished("QUIZ", { offset: 0, limit: 100 });
  const body = html`${crumbs([{ label: "知识测验" }])}<h1>消防知识测验</h1><p class="lead">每套几道题，答完马上看到得分和每道题的讲解。</p>${cards(items, { headingLevel: 2, showTopic: true })}`;
  return layout(
    origin,
    {
      title: "消防知识测验",
      description: "消防安全知识测验：家庭防火、电动自行车安全、火场逃生与烟感报警，答完看讲解。",
      path: "/quizzes",
      nav: "quizzes",
    },
    body,
  );
}

export function quizPage(origin: string, q: ContentDetail): string {
  const body = html`${crumbs([{ href: "/quizzes", label: "知识测验" }, { label: q.title }])}
<h1>${q.title}</h1>
<p class="lead">${q.summary}</p>
${raw(renderMarkdown(q.body))}
<form method="post" action="/quizzes/${q.slug}">
${q.questions.map(
  (question, i) => html`<fieldset><legend>第 ${i + 1} 题：${question.prompt}</legend>
${question.choices.map((c, j) => html`<label class="choice"><input type="radio" name="q${i}" value="${j}"> <span>${LETTERS[j]}. ${c}</span></label>`)}
</fieldset>`,
)}
<button type="submit">提交答案</button>
</form>`;
  return layout(origin, { title: q.title, description: q.summary, path: `/quizzes/${q.slug}`, nav: "quizzes" }, body);
}

export function quizResultPage(origin: string, q: ContentDetail, r: QuizResult): string {
  const verdict =
    r.score === r.total
      ? "全部答对，真棒！"
      : r.score >= Math.ceil(r.total * 0.6)
        ? "答得不错，看看错题的讲解。"
        : "再看看下面的讲解，下次一定能答对。";
  const body = html`${crumbs([{ href: "/quizzes", label: "知识测验" }, { href: `/quizzes/${q.slug}`, label: q.title }, { label: "得分" }])}
<h1>${q.title}：测验结果</h1>
<p class="score" role="status">得分：${r.score} / ${r.total}</p>
<p>${verdict}</p>
<ol>${r.results.map(
    (x) => html`<li class="result"><p><strong>${x.prompt}</strong></p>
<p>${x.correct ? html`<span class="right">✔ 答对了</span>` : html`<span class="wrong">✘ ${x.chosen === null ? "没有作答" : "答错了"}</span>`}${x.chosen !== null && !x.correct ? html`，您选的是：${LETTERS[x.chosen]}. ${x.choices[x.chosen]}` : ""}</p>
<p>正确答案：${LETTERS[x.answer]}. ${x.choices[x.answer]}</p>
<p>讲解：${x.explanation}</p></li>`,
  )}</ol>
<p class="actions"><a class="button" href="/quizzes/${q.slug}">再做一次</a> <a href="/quizzes">其他测验 ›</a></p>`;
  return layout(
    origin,
    {
      title: `${q.title}：测验结果`,
      description: q.summary,
      path: `/quizzes/${q.slug}`,
      nav: "quizzes",
      noindex: true,
    },
    body,
  );
}
