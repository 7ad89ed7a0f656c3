// OneNET's URL check, from its data push developer guide: GET ?msg=&nonce=&signature= with
// signature = Base64(MD5(token + nonce + msg)); the answer is msg. The expected signatures here are computed
// with node:crypto straight from that sentence.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyOnenetUrl } from "./onenet-signature.ts";

const TOKEN = "anxin-onenet-token";
const sig = (token: string, nonce: string, msg: string) =>
  createHash("md5")
    .update(token + nonce + msg)
    .digest("base64");

describe("verifyOnenetUrl", () => {
  it("answers msg when the signature is right", () => {
    const q = { msg: "Ya7kf0wlKx", nonce: "abcdefgh", signature: sig(TOKEN, "abcdefgh", "Ya7kf0wlKx") };
    expect(verifyOnenetUrl(q, TOKEN)).toEqual({ ok: true, answer: "Ya7kf0wlKx" });
  });

  it("accepts a signature whose '+' became a space on the way through the query string", () => {
    // find a msg whose signature has a '+', as about a third of them do
    let msg = "m0";
    for (let i = 0; i < 1000 && !sig(TOKEN, "n1n2n3n4", msg).includes("+"); i++) msg = `m${i}`;
    expect(sig(TOKEN, "n1n2n3n4", msg)).toContain("+");
    const q = { msg, nonce: "n1n2n3n4", signature: sig(TOKEN, "n1n2n3n4", msg).replace(/\+/g, " ") };
    expect(verifyOnenetUrl(q, TOKEN)).toEqual({ ok: true, answer: msg });
  });

  it("refuses a wrong signature, another token's, or a changed msg or nonce", () => {
    const good = sig(TOKEN, "abcdefgh", "hello");
    for (const q of [
      { msg: "hello", nonce: "abcdefgh", signature: sig("other-token", "abcdefgh", "hello") },
      { msg: "hellp", nonce: "abcdefgh", signature: good },
      { msg: "hello", nonce: "abcdefgi", signature: good },
      { msg: "hello", nonce: "abcdefgh", signature: good.slice(1) },
      { msg: "hello", nonce: "abcdefgh", signature: "" },
    ])
      expect(verifyOnenetUrl(q, TOKEN)).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
  });

  it("refuses a check with parts missing or too long, and any check while no token is configured", () => {
    expect(verifyOnenetUrl({ msg: "a", nonce: "b" }, TOKEN)).toMatchObject({ refusal: { reason: "missing_field" } });
    expect(verifyOnenetUrl({ msg: ["a"], nonce: "b", signature: "c" }, TOKEN)).toMatchObject({
      refusal: { reason: "missing_field" },
    });
    const long = "x".repeat(300);
    expect(verifyOnenetUrl({ msg: long, nonce: "b", signature: sig(TOKEN, "b", long) }, TOKEN)).toMatchObject({
      refusal: { reason: "bad_field" },
    });
    expect(verifyOnenetUrl({ msg: "a", nonce: "b", signature: sig("", "b", "a") }, "")).toMatchObject({
      refusal: { reason: "not_configured" },
    });
  });
});
