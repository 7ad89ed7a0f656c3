// Photos of an installation for its acceptance: judged by their first bytes (JPEG, PNG or WebP, the same
// sniffing as inspection photos), stored under a random name in the roll-out photo directory, named by
// that name in the acceptance, and served only through an acceptance the caller sees.
import { randomBytes } from "node:crypto";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../shared/errors.ts";
import { MAX_INSPECTION_PHOTO_BYTES, sniffImage } from "../inspection/photos.ts";

export { MAX_ACCEPTANCE_PHOTOS } from "../../contract/rollout.ts";
export const MAX_ACCEPTANCE_PHOTO_BYTES = MAX_INSPECTION_PHOTO_BYTES;
export const PHOTO_ID = /^[a-f0-9]{24}\.(jpg|png|webp)$/;
const TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

export class RolloutPhotos {
  constructor(readonly dir: string) {}

  async add(data: Buffer): Promise<{ id: string }> {
    if (data.length > MAX_ACCEPTANCE_PHOTO_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
    const kind = sniffImage(data);
    if (!kind) throw new AppError("VALIDATION_FAILED", "只能上传 JPEG、PNG 或 WebP 照片");
    const id = `${randomBytes(12).toString("hex")}.${kind.ext}`;
    await mkdir(this.dir, { recursive: true });
    await writeFile(path.join(this.dir, id), data, { mode: 0o600 });
    return { id };
  }

  /** Throws unless every id names a stored photo. */
  async assertExist(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const ok =
        PHOTO_ID.test(id) &&
        (await access(path.join(this.dir, id)).then(
          () => true,
          () => false,
        ));
      if (!ok) throw new AppError("VALIDATION_FAILED", "照片不存在，请重新上传");
    }
  }

  async read(id: string): Promise<{ data: Buffer; contentType: string }> {
    if (!PHOTO_ID.test(id)) throw new AppError("NOT_FOUND", "找不到该照片");
    const data = await readFile(path.join(this.dir, id)).catch(() => null);
    if (!data) throw new AppError("NOT_FOUND", "找不到该照片");
    return { data, contentType: TYPES[id.split(".")[1]!]! };
  }
}
