// OneNET's HTTP push (data push developer guide): the URL check is a GET with msg, nonce and signature, where
// signature = Base64(MD5(token + nonce + msg)) and the answer is msg itself; every data push carries
// msg_signature computed the same way over token + nonce + msg (or + enc_msg in the encrypted form).
import { createHash } from "node:crypto";
import type { Refusal } from "./refusal.ts";
import { sameSecret } from "./secret-compare.ts";

export function onenetSignature(token: string, nonce: string, msg: string): string {
  return createHash("md5")
    .update(token + nonce + msg, "utf8")
    .digest("base64");
}

/**
 * The signature as received may have lost its '+' to a space on the way through a query string (the guide
 * compares against the URL-decoded value); both spellings of the same Base64 are accepted.
 */
export function signatureMatches(given: string, token: string, nonce: string, msg: string): boolean {
  if (given.length === 0 || given.length > 64) return false;
  return sameSecret(given.replace(/ /g, "+"), onenetSignature(token, nonce, msg));
}

const MAX_CHECK_CHARS = 256;

/** The URL check: `{ok, answer}` where answer (msg) is the whole response body, or a refusal. */
export function verifyOnenetUrl(
  query: { msg?: unknown; nonce?: unknown; signature?: unknown },
  token: string,
): { ok: true; answer: string } | { ok: false; refusal: Refusal } {
  if (token.length === 0)
    return { ok: false, refusal: { reason: "not_configured", detail: "no OneNET push token configured" } };
  const { msg, nonce, signature } = query;
  if (typeof msg !== "string" || typeof nonce !== "string" || typeof signature !== "string")
    return { ok: false, refusal: { reason: "missing_field", detail: "URL check needs msg, nonce and signature" } };
  if (msg.length === 0 || msg.length > MAX_CHECK_CHARS || nonce.length === 0 || nonce.length > 64)
    return { ok: false, refusal: { reason: "bad_field", detail: "msg or nonce empty or too long" } };
  if (!signatureMatches(signature, token, nonce, msg))
    return { ok: false, refusal: { reason: "bad_signature", detail: "URL check signature does not match the token" } };
  return { ok: true, answer: msg };
}
