// CTWing pushes carry no signature: the URL token and the sender's address are all there is to check.
import { describe, expect, it } from "vitest";
import { checkCtwingAccess, parseAllowList } from "./ctwing-access.ts";

const TOKEN = "ctwing-push-token-for-tests-0123";

describe("checkCtwingAccess", () => {
  it("accepts the configured token and refuses a wrong, missing or over-long one", () => {
    expect(checkCtwingAccess({ token: TOKEN, remoteAddress: "127.0.0.1" }, { token: TOKEN })).toEqual({ ok: true });
    for (const token of [TOKEN.slice(0, -1), `${TOKEN}x`, "", undefined, ["a"], TOKEN.toUpperCase(), "x".repeat(300)])
      expect(checkCtwingAccess({ token, remoteAddress: "127.0.0.1" }, { token: TOKEN })).toMatchObject({
        ok: false,
        refusal: { reason: "bad_token" },
      });
  });

  it("refuses everything while no token of at least 16 characters is configured", () => {
    expect(checkCtwingAccess({ token: "", remoteAddress: "127.0.0.1" }, { token: "" })).toMatchObject({
      refusal: { reason: "not_configured" },
    });
    expect(checkCtwingAccess({ token: "short", remoteAddress: "127.0.0.1" }, { token: "short" })).toMatchObject({
      refusal: { reason: "not_configured" },
    });
  });

  it("checks the sender against the allow list, IPv4 peers on a dual-stack socket included", () => {
    const allowList = parseAllowList(["180.101.147.0/24", "121.40.1.2", "2001:db8::/32"]);
    const check = (remoteAddress: string | undefined) =>
      checkCtwingAccess({ token: TOKEN, remoteAddress }, { token: TOKEN, allowList });
    expect(check("180.101.147.35")).toEqual({ ok: true });
    expect(check("::ffff:180.101.147.35")).toEqual({ ok: true });
    expect(check("121.40.1.2")).toEqual({ ok: true });
    expect(check("2001:db8::7")).toEqual({ ok: true });
    for (const a of ["180.101.148.1", "121.40.1.3", "::1", "", undefined])
      expect(check(a)).toMatchObject({ ok: false, refusal: { reason: "address_not_allowed" } });
  });

  it("names a bad allow-list entry", () => {
    for (const bad of ["180.101.147.0/33", "not-an-ip", "1.2.3.4/8/1", "::/129"])
      expect(() => parseAllowList([bad])).toThrow(bad);
  });
});
