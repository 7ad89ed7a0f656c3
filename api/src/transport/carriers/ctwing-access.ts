// CTWing signs nothing it pushes (FIELD-FACTS section 3): deployments put a secret token in the subscribed
// URL (`/api/ingest/ctwing?token=...`) and may also list the platform's sending addresses.
import { BlockList, isIP } from "node:net";
import type { Refusal } from "./refusal.ts";
import { sameSecret } from "./secret-compare.ts";

/** The shortest token we accept in configuration: 16 characters, like RECEIPT_TOKEN. */
export const MIN_TOKEN_CHARS = 16;
const MAX_ALLOW_ENTRIES = 64;

export interface AddressAllowList {
  allows(address: string): boolean;
}

/**
 * Builds the allow list from addresses and CIDR ranges ("1.2.3.4", "10.0.0.0/8", "2001:db8::/32").
 * A bad entry is a configuration error, named in the message.
 */
export function parseAllowList(entries: readonly string[]): AddressAllowList {
  if (entries.length > MAX_ALLOW_ENTRIES) throw new Error(`address allow list: more than ${MAX_ALLOW_ENTRIES} entries`);
  const list = new BlockList();
  for (const entry of entries) {
    const [addr = "", bits, extra] = entry.trim().split("/");
    const family = isIP(addr);
    const prefix = bits === undefined ? undefined : Number(bits);
    const max = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      extra !== undefined ||
      (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= max))
    )
      throw new Error(`address allow list: ${JSON.stringify(entry.slice(0, 60))} is not an address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, prefix, type);
  }
  return {
    allows(address: string): boolean {
      // Node reports IPv4 peers on a dual-stack socket as ::ffff:a.b.c.d.
      const plain = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 6 ? "ipv6" : "ipv4");
    },
  };
}

export interface CtwingAccess {
  /** the token configured for the subscription URL */
  token: string;
  /** when set, only these senders are accepted */
  allowList?: AddressAllowList;
}

/** Checks a CTWing push's URL token and sender address before anything of its body is read. */
export function checkCtwingAccess(
  given: { token: unknown; remoteAddress: string | undefined },
  access: CtwingAccess,
): { ok: true } | { ok: false; refusal: Refusal } {
  if (access.token.length < MIN_TOKEN_CHARS)
    return { ok: false, refusal: { reason: "not_configured", detail: "no CTWing push token configured" } };
  if (access.allowList && !access.allowList.allows(given.remoteAddress ?? ""))
    return {
      ok: false,
      refusal: { reason: "address_not_allowed", detail: `sender ${String(given.remoteAddress).slice(0, 45)}` },
    };
  const token = typeof given.token === "string" ? given.token : "";
  if (token.length === 0 || token.length > 256 || !sameSecret(token, access.token))
    return { ok: false, refusal: { reason: "bad_token", detail: token.length === 0 ? "no token" : "wrong token" } };
  return { ok: true };
}
