// The signature on a 119 hand-off (docs/alert-119.md): HMAC-SHA256 under the secret shared with the county's
// 119 dispatch centre (ALERT_119_SECRET), over "<unix seconds>.<body as sent>". The timestamp travels in its
// own header and is inside what is signed, so an old request replayed later, or a body with its time
// changed, fails verification. Used by the sender and by the stand-in (api/stand-ins/alert119/).
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "x-anxin-timestamp";
export const SIGNATURE_HEADER = "x-anxin-signature";
/** a receiver refuses a request whose timestamp is further than this from its own clock */
export const REPLAY_WINDOW_SEC = 300;

export function signHandoff(secret: string, timestampSec: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestampSec}.${body}`).digest("hex")}`;
}

export type Verification = { ok: true } | { ok: false; why: string };

/** What a receiver checks: the timestamp is fresh, and the signature is the one the secret gives. */
export function verifyHandoff(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSec: number,
): Verification {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, why: "missing or malformed timestamp" };
  if (Math.abs(nowSec - Number(timestamp)) > REPLAY_WINDOW_SEC) return { ok: false, why: "timestamp outside window" };
  if (!signature || !/^sha256=[0-9a-f]{64}$/.test(signature))
    return { ok: false, why: "missing or malformed signature" };
  const want = Buffer.from(signHandoff(secret, Number(timestamp), body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got) ? { ok: true } : { ok: false, why: "bad signature" };
}
