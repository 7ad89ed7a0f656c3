// OneNET's encrypted push ("安全模式"): the body carries enc_msg instead of msg. As OneNET's push receiver
// samples decrypt it: the key is Base64-decode(EncodingAESKey + "="), 32 bytes (AES-256); CBC with the first
// 16 key bytes as IV; PKCS#7 padding; the plaintext is 16 random bytes, the message length as a 4-byte
// big-endian integer, then the message (JSON).
import { createDecipheriv } from "node:crypto";
import { LIMITS } from "./limits.ts";

export interface OnenetAesKey {
  key: Buffer;
  iv: Buffer;
}

/** The platform's 43-character EncodingAESKey as an AES key; a wrong one is a configuration error. */
export function onenetAesKey(encodingAesKey: string): OnenetAesKey {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey))
    throw new Error("OneNET AES key: the EncodingAESKey is 43 characters of Base64");
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  if (key.length !== 32) throw new Error("OneNET AES key: does not decode to 32 bytes");
  return { key, iv: key.subarray(0, 16) };
}

/** The message text, or null when enc_msg is not a message under this key. Never throws. */
export function decryptOnenetMessage(encMsg: string, k: OnenetAesKey): string | null {
  if (
    encMsg.length === 0 ||
    encMsg.length > Math.ceil((LIMITS.bodyBytes * 4) / 3) ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(encMsg)
  )
    return null;
  const cipher = Buffer.from(encMsg, "base64");
  if (cipher.length < 32 || cipher.length % 16 !== 0) return null;
  let plain: Buffer;
  try {
    const d = createDecipheriv("aes-256-cbc", k.key, k.iv);
    d.setAutoPadding(false);
    plain = Buffer.concat([d.update(cipher), d.final()]);
  } catch {
    return null;
  }
  // PKCS#7: the last byte says how many bytes of padding there are; WeChat-style senders pad to 32.
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 32 || pad > plain.length) return null;
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) return null;
  const len = body.readUInt32BE(16);
  if (len === 0 || 20 + len > body.length) return null;
  return body.subarray(20, 20 + len).toString("utf8");
}
