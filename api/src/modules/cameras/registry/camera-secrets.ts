// Camera passwords are kept sealed (AES-256-GCM) with a key from CAMERA_SECRET_KEY: the database alone does
// not give them away, and no answer ever carries one back (issue 23). Outside production an embedded
// development key stands in when the setting is unset; production without a key refuses passwords.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/** The development key: printed in the source, so it protects nothing and is never used in production. */
export const DEV_CAMERA_SECRET_KEY = "anxin-development-camera-key-not-for-production-use";

const VERSION = "v1";

export class CameraSecrets {
  private readonly key: Buffer | null;

  constructor(secret: string | null) {
    this.key = secret ? createHash("sha256").update(`anxin-camera:${secret}`).digest() : null;
  }

  get available(): boolean {
    return this.key !== null;
  }

  seal(plain: string): string {
    if (!this.key) throw new Error("CAMERA_SECRET_KEY is not set");
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
    return `${VERSION}:${Buffer.concat([iv, c.getAuthTag(), body]).toString("base64url")}`;
  }

  /** The password, or null when it cannot be opened (another key, tampered). */
  open(sealed: string): string | null {
    if (!this.key || !sealed.startsWith(`${VERSION}:`)) return null;
    try {
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), "base64url");
      const d = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8");
    } catch {
      return null;
    }
  }
}
