// Photos of checks and hazards (as found, and as fixed: the rectification's evidence). An upload is judged by
// its first bytes (JPEG, PNG or WebP), stored under a random name and served only through the API to
// callers who see the unit. Hazards and checks refer to photos by id; an id of another unit is refused.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import { seesCommunity } from "./community-scope.ts";
import { MAX_PHOTOS } from "../../contract/inspection.ts";
export { MAX_PHOTOS };

const COMMUNITY = "community:";

export const MAX_INSPECTION_PHOTO_BYTES = 8 * 1024 * 1024;
const STORED = /^[a-f0-9]{24}\.(jpg|png|webp)$/;

export function sniffImage(b: Buffer): { type: string; ext: string } | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { type: "image/jpeg", ext: "jpg" };
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { type: "image/png", ext: "png" };
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP")
    return { type: "image/webp", ext: "webp" };
  return null;
}

export class InspectionPhotos {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    readonly dir: string,
    private readonly clock: Clock,
  ) {}

  /** Throws NOT_FOUND unless the caller sees the unit (checked before an upload is read). */
  async assertUnit(c: Caller, unitId: string): Promise<void> {
    await this.scopes.assertUnit(c, unitId);
  }

  /** Throws NOT_FOUND unless the caller sees the community's hazards (its property company, the supervisor). */
  async assertCommunity(c: Caller, communityId: string): Promise<void> {
    if (!(await seesCommunity(this.prisma, this.scopes, c, communityId)))
      throw new AppError("NOT_FOUND", "找不到该小区");
  }

  async add(c: Caller, unitId: string, data: Buffer): Promise<{ id: string; url: string }> {
    await this.scopes.assertUnit(c, unitId);
    return this.store(c, unitId, data);
  }

  /**
   * A photo of a community's hazard, stored under "community:<id>": by its property company's people (scope
   * checked here), or by a resident of the community (checked by the caller, who knows the household).
   */
  async addForCommunity(c: Caller, communityId: string, data: Buffer): Promise<{ id: string; url: string }> {
    if (c.kind !== "resident") await this.assertCommunity(c, communityId);
    return this.store(c, `${COMMUNITY}${communityId}`, data);
  }

  /**
   * A photo sent with an anonymous report from the public portal (no account): kept with the community's
   * photos, uploaded by "public", readable only by those who see the community's hazards.
   */
  async addAnonymous(communityId: string, data: Buffer): Promise<{ id: string; url: string }> {
    return this.store({ kind: "public", id: "portal" }, `${COMMUNITY}${communityId}`, data);
  }

  private async store(
    c: Caller | { kind: "public"; id: string },
    unitId: string,
    data: Buffer,
  ): Promise<{ id: string; url: string }> {
    if (data.length > MAX_INSPECTION_PHOTO_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
    const kind = sniffImage(data);
    if (!kind) throw new AppError("VALIDATION_FAILED", "只能上传 JPEG、PNG 或 WebP 照片");
    const file = `${randomBytes(12).toString("hex")}.${kind.ext}`;
    await mkdir(this.dir, { recursive: true });
    await writeFile(path.join(this.dir, file), data, { mode: 0o600 });
    const row = await this.prisma.inspectionPhoto.create({
      data: {
        unitId,
        path: file,
        contentType: kind.type,
        bytes: data.length,
        uploadedBy: `${c.kind}:${c.id}`,
        at: this.clock.now(),
      },
    });
    return { id: row.id, url: `/api/inspection/photos/${row.id}` };
  }

  async read(c: Caller, id: string): Promise<{ data: Buffer; contentType: string }> {
    const row = await this.prisma.inspectionPhoto.findUnique({ where: { id } });
    if (!row || !STORED.test(row.path)) throw new AppError("NOT_FOUND", "找不到该照片");
    if (row.unitId.startsWith(COMMUNITY)) {
      const own = c.kind === "resident" && row.uploadedBy === `resident:${c.id}`;
      if (!own && !(await seesCommunity(this.prisma, this.scopes, c, row.unitId.slice(COMMUNITY.length))))
        throw new AppError("NOT_FOUND", "找不到该照片");
    } else
      await this.scopes.assertUnit(c, row.unitId).catch(() => {
        throw new AppError("NOT_FOUND", "找不到该照片");
      });
    return { data: await readFile(path.join(this.dir, row.path)), contentType: row.contentType };
  }

  /** Throws unless every id is a photo of this unit (no borrowing another unit's pictures as evidence). */
  async assertOfUnit(unitId: string, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const n = await this.prisma.inspectionPhoto.count({ where: { id: { in: [...ids] }, unitId } });
    if (n !== new Set(ids).size) throw new AppError("VALIDATION_FAILED", "照片不存在或不属于该单位");
  }
}
