// Escaping HTML templates: every interpolated value is escaped unless it is already Html (made by this
// tag or by raw()). Pages are strings; there is no client framework to hydrate.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

function part(p: Part): string {
  if (p === null || p === undefined || p === false || p === true) return "";
  if (p instanceof Html) return p.value;
  if (Array.isArray(p)) return p.map(part).join("");
  return escapeHtml(String(p));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += part(v) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/** Trusted markup only: constants of this package, or output of the Markdown renderer (which escapes). */
export function raw(s: string): Html {
  return new Html(s);
}
