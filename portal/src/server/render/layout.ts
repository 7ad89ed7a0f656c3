// The page shell: head with the SEO and WeChat-preview tags, the header with the 119 call button, the main
// navigation, and the footer. One shell for the public site; the console uses it with `robots: noindex`.
import { html, raw, type Html } from "./html.ts";
import { CSS } from "./styles.ts";

export const SITE_NAME = "安心消防";
export const SITE_TAGLINE = "县消防救援大队 · 消防安全科普";

export interface PageMeta {
  title: string;
  description: string;
  /** path of this page, for the canonical URL and og:url */
  path: string;
  /** absolute or site-relative; defaults to the site mark */
  image?: string | undefined;
  type?: "website" | "article";
  noindex?: boolean;
  nav?: NavKey | undefined;
}

export type NavKey = "home" | "articles" | "videos" | "quizzes" | "centres" | "report" | "faq" | "console";

const NAV: { key: NavKey; href: string; label: string }[] = [
  { key: "home", href: "/", label: "首页" },
  { key: "articles", href: "/articles", label: "科普文章" },
  { key: "videos", href: "/videos", label: "视频" },
  { key: "quizzes", href: "/quizzes", label: "知识测验" },
  { key: "centres", href: "/centres", label: "体验馆" },
  { key: "report", href: "/report", label: "隐患举报" },
  { key: "faq", href: "/faq", label: "常见问题" },
];

export function absolute(origin: string, p: string): string {
  return /^https?:\/\//.test(p) ? p : `${origin}${p}`;
}

export function layout(origin: string, meta: PageMeta, body: Html): string {
  const title = meta.path === "/" ? `${SITE_NAME}｜${SITE_TAGLINE}` : `${meta.title}｜${SITE_NAME}`;
  const canonical = absolute(origin, meta.path);
  const image = absolute(origin, meta.image ?? "/og.png");
  return `<!doctype html>${
    html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${meta.description}">
${meta.noindex ? raw('<meta name="robots" content="noindex, nofollow">') : html`<link rel="canonical" href="${canonical}">`}
<meta property="og:site_name" content="${SITE_NAME}">
<meta property="og:type" content="${meta.type ?? "website"}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:url" content="${canonical}">
<meta property="og:image" content="${image}">
<meta property="og:locale" content="zh_CN">
<meta name="twitter:card" content="summary_large_image">
<meta name="theme-color" content="#a4161a">
<link rel="icon" type="image/png" href="/favicon.png">
<style>${raw(CSS)}</style>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site"><div class="bar"><a class="brand" href="/">${SITE_NAME}</a><a class="call" href="tel:119">着火拨 119</a></div></header>
<nav class="main" aria-label="主导航"><ul>${NAV.map((n) => html`<li><a href="${n.href}"${n.key === meta.nav ? raw(' aria-current="page"') : ""}>${n.label}</a></li>`)}</ul></nav>
<main id="main">
${body}
</main>
<footer class="site"><div>
<p><strong>着火了，请拨打 119。</strong>发现火灾隐患，可拨打 96119 或 12345 举报。</p>
<p>${SITE_NAME} · ${SITE_TAGLINE} · <a href="/console/home">工作人员登录</a></p>
</div></footer>
</body>
</html>`.value
  }`;
}
