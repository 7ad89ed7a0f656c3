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
