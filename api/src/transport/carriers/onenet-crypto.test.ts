// OneNET's encrypted push. The key is the push's EncodingAESKey; tests make a fresh one from the
// environment's randomness (none is kept in the repository), encrypt by hand with node:crypto following the
// documented layout, and also decrypt one encrypted push that OneNET's push receiver sample publishes.
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptOnenetMessage, onenetAesKey } from "./onenet-crypto.ts";
import { parseOnenetPush } from "./onenet-push.ts";
import { loadProfiles } from "./profile-loader.ts";

const TOKEN = "anxin-onenet-token";
const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);

/** A random EncodingAESKey: 43 Base64 characters for 32 bytes. */
const newKey = () => randomBytes(32).toString("base64").slice(0, 43);

/** AES-256-CBC, IV = first 16 key bytes, plaintext = 16 random bytes + length (4, big-endian) + msg, PKCS#7. */
function encrypt(msg: string, encodingAesKey: string): string {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  const body = Buffer.from(msg, "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  return Buffer.concat([c.update(Buffer.concat([randomBytes(16), len, body])), c.final()]).toString("base64");
}

const md5b64 = (s: string) => createHash("md5").update(s).digest("base64");
const encryptedPush = (msg: string, k: string, token = TOKEN, nonce = "Zx9_k2Lm") => {
  const enc = encrypt(msg, k);
  return `{"msg_signature":"${md5b64(token + nonce + enc)}","enc_msg":"${enc}","nonce":"${nonce}"}`;
};

describe("OneNET encrypted pushes", () => {
  const profiles = loadProfiles();
  const resolveProfile = profiles.resolver({ "onenet:2016617": "onenet-nb-smoke-datastreams" });
  const msg = `{"at":1795834800456,"type":1,"ds_id":"Alarm_Status","value":1,"dev_id":2016617}`;

  it("decrypts enc_msg with the configured key and reads the message", () => {
    const k = newKey();
    const r = parseOnenetPush(encryptedPush(msg, k), {
      token: TOKEN,
      aesKey: onenetAesKey(k),
      now: NOW,
      resolveProfile,
    });
    expect(r).toMatchObject({ ok: true, events: [{ type: "smoke_alarm", platformDevice: { deviceId: "2016617" } }] });
  });

  it("refuses it without a key, with another key, or with a signature that does not cover enc_msg", () => {
    const k = newKey();
    const body = encryptedPush(msg, k);
    expect(parseOnenetPush(body, { token: TOKEN, now: NOW, resolveProfile })).toMatchObject({
      refusal: { reason: "no_aes_key" },
    });
    expect(
      parseOnenetPush(body, { token: TOKEN, aesKey: onenetAesKey(newKey()), now: NOW, resolveProfile }),
    ).toMatchObject({
      refusal: { reason: "decrypt_failed" },
    });
    expect(
      parseOnenetPush(encryptedPush(msg, k, "other-token"), {
        token: TOKEN,
        aesKey: onenetAesKey(k),
        now: NOW,
        resolveProfile,
      }),
    ).toMatchObject({ refusal: { reason: "bad_signature" } });
  });

  it("decrypts the encrypted push published with OneNET's receiver sample", () => {
    const enc =
      "EOuuvSFSH/pgMeZ/EQK8Gy/N6G9wWmDBBiiBRpNUjuFOMda2As5wWrOmhpn03pxyle9ynPFigdLdo63TkLXa0c76/JD4355ImVIOafrkya5349rbaTORQEW7YV+LuQqxgDtlsgN8XB8ZWaj3E3EvsQ==";
    const text = decryptOnenetMessage(enc, onenetAesKey("5xmTBxxZb7sUKsOEX6t3mFRmzpTwn6SHs4Bt2cLmPRS"));
    expect(JSON.parse(text!)).toEqual({ at: 1493263052000, type: 1, ds_id: "是否重复", value: 2, dev_id: 5582580 });
  });

  it("returns null for what is not a message, and refuses a malformed key at configuration", () => {
    const k = onenetAesKey(newKey());
    for (const bad of ["", "AAAA", "!!!!", randomBytes(48).toString("base64"), "A".repeat(100_000)])
      expect(decryptOnenetMessage(bad, k)).toBeNull();
    expect(() => onenetAesKey("short")).toThrow("43 characters");
  });
});
