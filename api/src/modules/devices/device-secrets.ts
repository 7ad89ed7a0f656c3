// Device secrets are stored in Mosquitto's own password-file format (PBKDF2-SHA512, "$7$"), so the
// same hash authenticates a device on the embedded broker and, exported, on an external Mosquitto.
import { pbkdf2Sync, randomBytes, timingSafeEqual, createHash } from "node:crypto";

const ITERATIONS = 101; // mosquitto_passwd's default for $7$
const KEY_LEN = 64;

export function newDeviceSecret(): string {
  return randomBytes(18).toString("base64url");
}

export function hashDeviceSecret(secret: string, salt: Buffer = randomBytes(12)): string {
  const hash = pbkdf2Sync(secret, salt, ITERATIONS, KEY_LEN, "sha512");
  return `$7$${ITERATIONS}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export function verifyDeviceSecret(stored: string, secret: string): boolean {
  const parts = stored.split("$");
  // ["", "7", iterations, salt, hash]
  if (parts.length !== 5 || parts[1] !== "7") return false;
  const iterations = Number(parts[2]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 100_000) return false;
  const expected = Buffer.from(parts[4]!, "base64");
  const actual = pbkdf2Sync(secret, Buffer.from(parts[3]!, "base64"), iterations, expected.length || KEY_LEN, "sha512");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** One-time binding tokens are stored as sha256, like refresh tokens. */
export function hashBindToken(token: string): string {
  return createHash("sha256").update(token.trim().toUpperCase()).digest("hex");
}

const BIND_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export function newBindToken(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => BIND_ALPHABET[b % BIND_ALPHABET.length]).join("");
}

/**
 * Secrets a device has already shown, so a reconnect storm does not pay PBKDF2 again for each (about 0.1 ms a
 * handshake: 10,000 devices back at once held the broker's loop for a second). Per device it keeps the stored
 * hash the secret was verified against and the secret's SHA-256: the same secret against the same stored hash
 * is known good; a new stored hash (the secret was changed), another secret or a device not seen yet goes
 * through PBKDF2. A wrong secret is never remembered. Bounded: past `max` devices it starts again.
 */
export class SecretCheck {
  private readonly known = new Map<string, { stored: string; digest: Buffer }>();

  constructor(
    private readonly max = 200_000,
    private readonly slow: (stored: string, secret: string) => boolean = verifyDeviceSecret,
  ) {}

  verify(deviceId: string, stored: string, secret: string): boolean {
    const digest = createHash("sha256").update(secret, "utf8").digest();
    const k = this.known.get(deviceId);
    if (k && k.stored === stored && timingSafeEqual(k.digest, digest)) return true;
    if (!this.slow(stored, secret)) return false;
    if (this.known.size >= this.max) this.known.clear();
    this.known.set(deviceId, { stored, digest });
    return true;
  }
}
