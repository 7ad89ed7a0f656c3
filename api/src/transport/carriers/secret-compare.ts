// Secrets are compared in constant time: both sides are hashed first so that neither the content nor the
// length of the expected value leaks through timing.
import { createHash, timingSafeEqual } from "node:crypto";

export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}
