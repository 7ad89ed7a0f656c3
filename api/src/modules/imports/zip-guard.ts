// An .xlsx file is a zip archive, and a small upload could expand to gigabytes (a "zip bomb"). This reads
// the archive's central directory (PKWARE APPNOTE.TXT 4.3.12-4.3.16) and inflates each entry with a hard
// output limit before anything parses it, so the real expanded size is bounded, not the size the archive
// claims; the entries the reader needs are handed back already inflated.
import { inflateRawSync } from "node:zlib";

export interface ZipLimits {
  maxEntries: number;
  maxExpandedBytes: number;
}

export type ZipVerdict =
  { ok: true; entries: number; expandedBytes: number; kept: Map<string, Buffer> } | { ok: false; reason: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Checks the archive and inflates every entry (each bounded by what is left of the budget); the entries
 * `keep` names are returned inflated, so nothing is inflated twice.
 */
export function checkZip(buf: Buffer, limits: ZipLimits, keep: (name: string) => boolean = () => false): ZipVerdict {
  const notXlsx = { ok: false, reason: "文件不是有效的 Excel（.xlsx）文件" } as const;
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) return notXlsx;
  // the end-of-central-directory record is in the last 22 bytes plus a comment of at most 65535
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return notXlsx;
  const count = buf.readUInt16LE(eocd + 10);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, reason: "文件过大（ZIP64 格式不支持）" };
  if (count > limits.maxEntries) return { ok: false, reason: "文件内容过多，不像是导入模板" };
  let p = dirOffset;
  let expanded = 0;
  const kept = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return notXlsx;
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const declared = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen).replace(/^\/+/, "");
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) return notXlsx;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) return notXlsx;
    const budget = limits.maxExpandedBytes - expanded;
    if (declared > budget) return { ok: false, reason: "文件解压后过大，请分成几个文件导入" };
    let data: Buffer;
    if (method === 0) data = buf.subarray(start, start + compressed);
    else if (method === 8) {
      try {
        // one byte more than the budget: reaching it proves the entry is too big, whatever it declared
        data = inflateRawSync(buf.subarray(start, start + compressed), { maxOutputLength: budget + 1 });
      } catch (e) {
        if (e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
          return { ok: false, reason: "文件解压后过大，请分成几个文件导入" };
        return { ok: false, reason: "文件已损坏，无法读取" };
      }
    } else return { ok: false, reason: "文件使用了不支持的压缩方式" };
    if (data.length > budget) return { ok: false, reason: "文件解压后过大，请分成几个文件导入" };
    if (data.length !== declared) return { ok: false, reason: "文件已损坏，无法读取" };
    expanded += data.length;
    if (keep(name)) kept.set(name, data);
  }
  return { ok: true, entries: count, expandedBytes: expanded, kept };
}
