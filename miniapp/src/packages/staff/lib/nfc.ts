// A checkpoint's NFC tag (issue 18 item 1): it carries the same signed code as the QR label
// (AXCP1.<checkpoint>.<unit>.<issue>.<mac>), written as an NDEF record: a Text record, a URI record (a link
// whose text holds the code) or a text/plain MIME record. Reading the tag counts like scanning the label:
// the server checks the code, never the phone. The tag's own id (UID) is no proof of anything (any blank tag
// can be made to show one) and no checkpoint records it: a tag with no code is answered "not written".
//
// Pure: decodes what WeChat's NFCAdapter.onDiscovered hands over (nfcReader.ts talks to the adapter).

/** The longest code the server accepts (api checkpoint-tag.ts MAX_TAG_CHARS). */
export const MAX_CODE_CHARS = 160;
/** Records and bytes looked at per tag: a tag holds a few hundred bytes, never more. */
export const MAX_RECORDS = 16;
export const MAX_PAYLOAD_BYTES = 2048;

const CODE = /AXCP1\.[A-Za-z0-9]{1,40}\.[A-Za-z0-9]{1,40}\.\d{1,6}\.[A-Za-z0-9_-]{10,40}/;

/** An NDEF record as WeChat gives it (tnf may be missing on some base library versions). */
export interface NdefRecordLike {
  tnf?: number;
  type?: ArrayBuffer | Uint8Array;
  payload?: ArrayBuffer | Uint8Array;
}

/** What onDiscovered passes: messages of records (WeChat), or records flat (Taro's typing); the tag's id. */
export interface DiscoveredLike {
  techs?: string[];
  messages?: (NdefRecordLike | { records?: NdefRecordLike[] })[];
  id?: ArrayBuffer | Uint8Array;
}

export type TagRead = { kind: "code"; code: string } | { kind: "blank"; tagId: string | null };

// NFC Forum URI Record Type Definition, table 3: the abbreviations a URI record's first byte stands for
const URI_PREFIXES = [
  "",
  "http://www.",
  "https://www.",
  "http://",
  "https://",
  "tel:",
  "mailto:",
  "ftp://anonymous:anonymous@",
  "ftp://ftp.",
  "ftps://",
  "sftp://",
  "smb://",
  "nfs://",
  "ftp://",
  "dav://",
  "news:",
  "telnet://",
  "imap:",
  "rtsp://",
  "urn:",
];

const bytes = (b: ArrayBuffer | Uint8Array | undefined): Uint8Array =>
  b === undefined ? new Uint8Array(0) : b instanceof Uint8Array ? b : new Uint8Array(b);

/** UTF-8 to text (the WeChat runtime may lack TextDecoder); a malformed sequence becomes U+FFFD. */
export function utf8(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
    if (need < 0 || (need > 0 && i + need >= b.length)) {
      out += "\uFFFD";
      i++;
      continue;
    }
    let cp = need === 0 ? c : c & (0x3f >> need);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (n & 0x3f);
    }
    out += ok ? String.fromCodePoint(cp) : "\uFFFD";
    i += ok ? need + 1 : 1;
  }
  return out;
}

function utf16be(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return out;
}

/** The text an NDEF record carries (Text, URI or text/plain MIME), or null for any other record. */
export function recordText(r: NdefRecordLike): string | null {
  const type = utf8(bytes(r.type));
  const p = bytes(r.payload);
  if (p.length === 0 || p.length > MAX_PAYLOAD_BYTES) return null;
  const wellKnown = r.tnf === undefined || r.tnf === 1;
  if (wellKnown && type === "T") {
    // status byte: bit 7 UTF-16, bits 0-5 the length of the language code that follows
    const langLen = p[0]! & 0x3f;
    if (1 + langLen > p.length) return null;
    const text = p.subarray(1 + langLen);
    return p[0]! & 0x80 ? utf16be(text) : utf8(text);
  }
  if (wellKnown && type === "U") return (URI_PREFIXES[p[0]!] ?? "") + utf8(p.subarray(1));
  if ((r.tnf === undefined || r.tnf === 2) && /^text\/plain(;|$)/i.test(type)) return utf8(p);
  return null;
}

/** The checkpoint code in a piece of text (the whole text, or a link holding it), or null. */
export function codeInText(text: string): string | null {
  const m = CODE.exec(text);
  return m && m[0].length <= MAX_CODE_CHARS ? m[0] : null;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");

/** What a discovered tag says: the checkpoint code of its first record that holds one, or "blank". */
export function readTag(found: DiscoveredLike): TagRead {
  const records: NdefRecordLike[] = [];
  for (const m of found.messages ?? []) {
    if (records.length >= MAX_RECORDS) break;
    if ("records" in m && Array.isArray(m.records)) records.push(...m.records.slice(0, MAX_RECORDS - records.length));
    else records.push(m as NdefRecordLike);
  }
  for (const r of records.slice(0, MAX_RECORDS)) {
    const text = recordText(r);
    const code = text === null ? null : codeInText(text);
    if (code) return { kind: "code", code };
  }
  const id = bytes(found.id);
  return { kind: "blank", tagId: id.length ? hex(id.subarray(0, 16)) : null };
}

/** The NDEF records to write on a tag for a code (for tests and a future label-writing screen). */
export function textRecord(code: string, lang = "zh"): { tnf: number; type: Uint8Array; payload: Uint8Array } {
  const l = Array.from(lang, (c) => c.charCodeAt(0));
  const body = Array.from(code, (c) => c.charCodeAt(0)); // the code is ASCII
  return { tnf: 1, type: new Uint8Array([0x54]), payload: new Uint8Array([l.length, ...l, ...body]) };
}
