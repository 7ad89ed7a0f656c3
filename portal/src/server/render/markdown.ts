// The small Markdown subset editors write in: "## " and "### " headings, "- " and "1. " lists, "> " a
// highlighted tip, blank-line paragraphs, **bold**, [text](https://link) and ![alt](/media/x.jpg) images.
// Text is escaped first, so an editor cannot inject markup; links accept http(s) and site paths only.
import { escapeHtml } from "./html.ts";

export interface ImageInfo {
  width: number | null;
  height: number | null;
  smallUrl: string | null;
}

function inline(text: string, image: (url: string) => ImageInfo | undefined): string {
  let s = escapeHtml(text);
  s = s.replace(/!\[([^\]]*)\]\((\/media\/[a-z0-9-]+\.jpg)\)/g, (_m, alt: string, url: string) => {
    const info = image(url);
    const size = info?.width && info.height ? ` width="${info.width}" height="${info.height}"` : "";
    const srcset = info?.smallUrl
      ? ` srcset="${info.smallUrl} 480w, ${url} 1200w" sizes="(max-width: 720px) 100vw, 680px"`
      : "";
    return `<img src="${url}"${srcset} alt="${alt}"${size} loading="lazy" decoding="async">`;
  });
  s = s.replace(/\[([^\]]+)\]\(((?:https?:\/\/|\/)[^\s)]+)\)/g, (_m, label: string, url: string) => {
    const external = url.startsWith("http");
    return `<a href="${url}"${external ? ' rel="noopener"' : ""}>${label}</a>`;
  });
  s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  return s;
}

export function renderMarkdown(src: string, image: (url: string) => ImageInfo | undefined = () => undefined): string {
  const out: string[] = [];
  const blocks = src.replace(/\r\n?/g, "\n").split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    const first = lines[0]!;
    if (/^###\s/.test(first))
      out.push(`<h3>${inline(first.replace(/^###\s+/, ""), image)}</h3>`, ...rest(lines, image));
    else if (/^##\s/.test(first))
      out.push(`<h2>${inline(first.replace(/^##\s+/, ""), image)}</h2>`, ...rest(lines, image));
    else if (lines.every((l) => /^\s*-\s/.test(l)))
      out.push(`<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*-\s+/, ""), image)}</li>`).join("")}</ul>`);
    else if (lines.every((l) => /^\s*\d+\.\s/.test(l)))
      out.push(`<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+\.\s+/, ""), image)}</li>`).join("")}</ol>`);
    else if (lines.every((l) => /^>\s?/.test(l)))
      out.push(
        `<aside class="tip"><p>${lines.map((l) => inline(l.replace(/^>\s?/, ""), image)).join("<br>")}</p></aside>`,
      );
    else out.push(`<p>${lines.map((l) => inline(l, image)).join("<br>")}</p>`);
  }
  return out.join("\n");
}

/** A heading followed by more lines in the same block: render the rest as its own block. */
function rest(lines: string[], image: (url: string) => ImageInfo | undefined): string[] {
  return lines.length > 1 ? [renderMarkdown(lines.slice(1).join("\n"), image)] : [];
}

/** Image URLs a body refers to, so the page can look up their sizes. */
export function imageUrls(src: string): string[] {
  return [...src.matchAll(/!\[[^\]]*\]\((\/media\/[a-z0-9-]+\.jpg)\)/g)].map((m) => m[1]!);
}
