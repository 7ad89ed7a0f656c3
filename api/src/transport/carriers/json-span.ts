// The exact text of one top-level member of a JSON object, as it was sent. OneNET signs msg as it wrote
// it, so the signature is checked over those bytes rather than over our re-serialisation of them.
// Only called on text that JSON.parse accepted, so the scan can trust its structure; it is O(n) in the text.

/** [start, end) of the value of `key` in the top-level object, or null. */
export function topLevelValueSpan(text: string, key: string): [number, number] | null {
  let i = skipWs(text, 0);
  if (text[i] !== "{") return null;
  i++;
  while (i < text.length) {
    i = skipWs(text, i);
    if (text[i] === "}") return null;
    if (text[i] === ",") i = skipWs(text, i + 1);
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(text, i);
    let name: unknown;
    try {
      name = JSON.parse(text.slice(i, keyEnd));
    } catch {
      return null;
    }
    i = skipWs(text, keyEnd);
    if (text[i] !== ":") return null;
    const start = skipWs(text, i + 1);
    const end = valueEnd(text, start);
    if (name === key) return [start, end];
    i = end;
  }
  return null;
}

function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === " " || t[i] === "\n" || t[i] === "\r" || t[i] === "\t")) i++;
  return i;
}

/** Index just past the string that starts at i (a quote). */
function stringEnd(t: string, i: number): number {
  i++;
  while (i < t.length && t[i] !== '"') i += t[i] === "\\" ? 2 : 1;
  return i + 1;
}

/** Index just past the value that starts at i. */
function valueEnd(t: string, i: number): number {
  if (t[i] === '"') return stringEnd(t, i);
  if (t[i] !== "{" && t[i] !== "[") {
    while (i < t.length && !",}] \n\r\t".includes(t[i]!)) i++;
    return i;
  }
  let depth = 0;
  while (i < t.length) {
    const c = t[i]!;
    if (c === '"') {
      i = stringEnd(t, i);
      continue;
    }
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    i++;
    if (depth === 0) return i;
  }
  return i;
}
