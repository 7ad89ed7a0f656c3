// Files behind EducationMedia: images are checked, turned upright, resized and re-encoded as progressive
// JPEG (WeChat's link preview does not show WebP), in a large and a small variant; videos are stored as
// uploaded after a check of their container signature. Names are content hashes, so the portal may
// serve them with an immutable cache header.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Metadata } from "sharp";
import { AppError } from "../../shared/errors.ts";

// sharp (libvips, ~30 MB resident) is loaded on the first upload, not in every API process at start
const loadSharp = async () => (await import("sharp")).default;

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const VIDEO_TYPES = ["video/mp4", "video/webm"] as const;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_VIDEO_BYTES = 200 * 1024 * 1024;

const LARGE_WIDTH = 1200; // the article column at 2x on a phone
const SMALL_WIDTH = 480; // list cards
const MIN_WIDTH = 320; // smaller than this looks broken on a phone
const MAX_INPUT_PIXELS = 40_000_000; // refuse decompression bombs before decoding

export interface StoredImage {
  kind: "IMAGE";
  mime: "image/jpeg";
  file: string;
  smallFile: string;
  width: number;
  height: number;
  bytes: number;
}
export interface StoredVideo {
  kind: "VIDEO";
  mime: string;
  file: string;
  bytes: number;
}

const FILE_NAME = /^[a-f0-9]{20}(?:-s)?\.(?:jpg|mp4|webm)$/;

export class MediaStore {
  constructor(readonly dir: string) {}

  async saveImage(data: Buffer): Promise<StoredImage> {
    if (data.length > MAX_IMAGE_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "图片不能超过 10 MB");
    let meta: Metadata;
    try {
      meta = await (await loadSharp())(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    } catch {
      throw new AppError("VALIDATION_FAILED", "无法识别的图片，请上传 JPEG、PNG 或 WebP");
    }
    if (!meta.format || !["jpeg", "png", "webp"].includes(meta.format))
      throw new AppError("VALIDATION_FAILED", "请上传 JPEG、PNG 或 WebP 图片");
    const upright =
      (meta.orientation ?? 1) >= 5
        ? { w: meta.height ?? 0, h: meta.width ?? 0 }
        : { w: meta.width ?? 0, h: meta.height ?? 0 };
    if (upright.w < MIN_WIDTH)
      throw new AppError("VALIDATION_FAILED", `图片宽度至少 ${MIN_WIDTH} 像素（这张只有 ${upright.w} 像素）`);
    const sharp = await loadSharp();
    const encode = (width: number) =>
      sharp(data, { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: 80, progressive: true, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
    const large = await encode(LARGE_WIDTH);
    const small = await encode(SMALL_WIDTH);
    const hash = createHash("sha256").update(large.data).digest("hex").slice(0, 20);
    const file = `${hash}.jpg`;
    const smallFile = `${hash}-s.jpg`;
    await this.write(file, large.data);
    await this.write(smallFile, small.data);
    return {
      kind: "IMAGE",
      mime: "image/jpeg",
      file,
      smallFile,
      width: large.info.width,
      height: large.info.height,
      bytes: large.data.length,
    };
  }

  async saveVideo(data: Buffer, mime: string): Promise<StoredVideo> {
    if (data.length > MAX_VIDEO_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "视频不能超过 200 MB");
    const ext = sniffVideo(data);
    if (!ext) throw new AppError("VALIDATION_FAILED", "请上传 MP4（H.264）或 WebM 视频");
    const hash = createHash("sha256").update(data).digest("hex").slice(0, 20);
    const file = `${hash}.${ext}`;
    await this.write(file, data);
    return {
      kind: "VIDEO",
      mime: ext === "mp4" ? "video/mp4" : mime === "video/webm" ? mime : "video/webm",
      file,
      bytes: data.length,
    };
  }

  /** The path of a stored file, or null for names this store never makes (no path traversal). */
  async locate(name: string): Promise<{ path: string; bytes: number; mime: string; mtime: Date } | null> {
    if (!FILE_NAME.test(name)) return null;
    const p = path.join(this.dir, name);
    try {
      const s = await stat(p);
      const mime = name.endsWith(".jpg") ? "image/jpeg" : name.endsWith(".mp4") ? "video/mp4" : "video/webm";
      return { path: p, bytes: s.size, mime, mtime: s.mtime };
    } catch {
      return null;
    }
  }

  private async write(name: string, data: Buffer): Promise<void> {
    if (!existsSync(this.dir)) mkdirSync(this.dir, { recursive: true });
    await writeFile(path.join(this.dir, name), data);
  }
}

/** mp4: an "ftyp" box at byte 4 (ISO/IEC 14496-12 §4.3); WebM: the EBML magic 1A 45 DF A3. */
function sniffVideo(data: Buffer): "mp4" | "webm" | null {
  if (data.length >= 12 && data.toString("latin1", 4, 8) === "ftyp") return "mp4";
  if (data.length >= 4 && data.readUInt32BE(0) === 0x1a45dfa3) return "webm";
  return null;
}
