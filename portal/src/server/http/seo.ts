// sitemap.xml (sitemaps.org protocol 0.9), robots.txt, and the PNG images for previews and the favicon.
import { type PortalServices, TOPICS } from "@anxin/api";
import { escapeHtml } from "../render/html.ts";
import { markSvg } from "../render/icon.ts";
import { KIND_PATH } from "../pages/public/parts.ts";

const STATIC_PATHS = ["/", "/articles", "/videos", "/quizzes", "/centres", "/report", "/faq"];

export async function sitemapXml(services: PortalServices, origin: string): Promise<string> {
  const items = await services.education.sitemap();
  const urls = [
    ...STATIC_PATHS.map((p) => ({ loc: origin + p, lastmod: null as string | null })),
    ...TOPICS.map((t) => ({ loc: `${origin}/topics/${t.key}`, lastmod: null })),
    ...items.map((c) => ({
      loc: `${origin}/${KIND_PATH[c.kind]}/${c.slug}`,
      lastmod: c.updatedAt.toISOString().slice(0, 10),
    })),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
    .map((u) => `<url><loc>${escapeHtml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ""}</url>`)
    .join("\n")}\n</urlset>\n`;
}

export function robotsTxt(origin: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /console/\nDisallow: /api/\n\nSitemap: ${origin}/sitemap.xml\n`;
}

let ogPng: Promise<Buffer> | null = null;
let favicon: Promise<Buffer> | null = null;

/** 1200x630, the size WeChat and Open Graph consumers crop best. Drawn once per process. */
export function ogImage(): Promise<Buffer> {
  ogPng ??= import("sharp").then(({ default: sharp }) =>
    sharp(Buffer.from(markSvg(630, { wide: true })))
      .png({ compressionLevel: 9, palette: true })
      .toBuffer(),
  );
  return ogPng;
}

export function faviconPng(): Promise<Buffer> {
  favicon ??= import("sharp").then(({ default: sharp }) =>
    sharp(Buffer.from(markSvg(64)))
      .png({ palette: true })
      .toBuffer(),
  ); // sharp loads on first use
  return favicon;
}
