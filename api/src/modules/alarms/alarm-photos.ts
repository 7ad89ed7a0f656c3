// Photos of an alarm's scene, added by staff in scope or by the household's residents. An upload is judged
// by its content (sharp reads it; the name and Content-Type are not trusted), turned upright, scaled down and
// re-encoded as JPEG in a full and a thumbnail size. Re-encoding drops every metadata block (EXIF with GPS
// position, XMP, ICC comments): sharp writes none unless asked to. Files are named by random ids and served
// only through the API to callers who can see the alarm, never as a public URL.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import type { AlarmService } from "./alarm-service.ts";

// sharp (libvips) is loaded on the first upload, not in every API process at start
const loadSharp = async () => (await import("sharp")).default;

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
export const MAX_PHOTOS_PER_ALARM = 30;
const FULL_WIDTH = 1600; // readable on an office screen, ~200-400 KB as JPEG
const THUMB_WIDTH = 320;
const MAX_INPUT_PIXELS = 40_000_000; // refuse decompression bombs before decoding
const FORMATS = new Set(["jpeg", "png", "webp"]);
const STORED = /^[a-f0-9]{24}$/;

export interface PhotoView {
  id: string;
  width: number;
  height: number;
  bytes: number;
  caption: string | null;
  uploadedBy: string;
  at: string;
  url: string;
  thumbUrl: string;
}

export function photoView(
  alarmId: string,
  r: { id: string; width: number; height: number; bytes: number; caption: string | null; uploadedBy: string; at: Date },
): PhotoView {
  const url = `/api/alarms/${alarmId}/photos/${r.id}`;
  return {
    id: r.id,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
    caption: r.caption,
    uploadedBy: r.uploadedBy.split(":")[0] === "resident" ? "住户" : "工作人员",
    at: r.at.toISOString(),
    url,
    thumbUrl: `${url}?size=thumb`,
  };
}

export class AlarmPhotoService {
  constructor(
    private readonly prisma: Prisma,
    private readonly alarms: AlarmService,
    readonly dir: string,
    private readonly clock: Clock,
  ) {}

  /** Checks the caller may see the alarm before anything is read from the request. */
  assertVisible(p: Principal, alarmId: string): Promise<unknown> {
    return this.alarms.visible(p, alarmId);
  }

  async add(p: Principal, alarmId: string, data: Buffer, caption: string | null): Promise<PhotoView> {
    await this.alarms.visible(p, alarmId);
    if (data.length === 0) throw new AppError("VALIDATION_FAILED", "没有收到图片内容");
    if (data.length > MAX_PHOTO_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
    if ((await this.prisma.alarmPhoto.count({ where: { alarmId } })) >= MAX_PHOTOS_PER_ALARM)
      throw new AppError("CONFLICT", `每条报警最多 ${MAX_PHOTOS_PER_ALARM} 张照片`);
    const sharp = await loadSharp();
    let format: string | undefined;
    try {
      format = (await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
    } catch {
      throw new AppError("VALIDATION_FAILED", "无法识别的图片，请上传 JPEG、PNG 或 WebP 照片");
    }
    if (!format || !FORMATS.has(format)) throw new AppError("VALIDATION_FAILED", "请上传 JPEG、PNG 或 WebP 照片");
    const encode = (width: number) =>
      sharp(data, { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate() // EXIF orientation applied to the pixels, since the EXIF itself is dropped
        .resize({ width, withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
    let full, thumb;
    try {
      full = await encode(FULL_WIDTH);
      thumb = await encode(THUMB_WIDTH);
    } catch {
      throw new AppError("VALIDATION_FAILED", "图片已损坏，无法读取");
    }
    const key = randomBytes(12).toString("hex");
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.file(key), full.data);
    await writeFile(this.file(key, true), thumb.data);
    try {
      const row = await this.prisma.alarmPhoto.create({
        data: {
          alarmId,
          path: key,
          contentType: "image/jpeg",
          width: full.info.width,
          height: full.info.height,
          bytes: full.data.length,
          caption,
          uploadedBy: `${p.kind}:${p.id}`,
          at: this.clock.now(),
        },
      });
      await this.alarms.recordPhoto(p, alarmId, caption);
      return photoView(alarmId, row);
    } catch (e) {
      await Promise.all([rm(this.file(key), { force: true }), rm(this.file(key, true), { force: true })]);
      throw e;
    }
  }

  async list(p: Principal, alarmId: string): Promise<PhotoView[]> {
    await this.alarms.visible(p, alarmId);
    const rows = await this.prisma.alarmPhoto.findMany({ where: { alarmId }, orderBy: { at: "asc" } });
    return rows.map((r) => photoView(alarmId, r));
  }

  /** The JPEG bytes of one photo, for a caller who can see its alarm. */
  async read(p: Principal, alarmId: string, photoId: string, thumb: boolean): Promise<{ data: Buffer; at: Date }> {
    await this.alarms.visible(p, alarmId);
    const row = await this.prisma.alarmPhoto.findFirst({ where: { id: photoId, alarmId } });
    if (!row || !STORED.test(row.path)) throw new AppError("NOT_FOUND", "找不到该照片");
    try {
      return { data: await readFile(this.file(row.path, thumb)), at: row.at };
    } catch {
      throw new AppError("NOT_FOUND", "找不到该照片");
    }
  }

  private file(key: string, thumb = false): string {
    return path.join(this.dir, `${key}${thumb ? "-s" : ""}.jpg`);
  }
}
