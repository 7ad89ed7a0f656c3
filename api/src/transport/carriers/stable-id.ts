// Message ids for pushes that carry none we can trust. CTWing's upPacketSN is -1 or "" on many products and
// restarts at 0 after a reboot, so it cannot be the dedupe key alone; a hash of the message content is
// stable across retries (the platform resends the same message) and differs between messages.
import { createHash } from "node:crypto";
import type { Json } from "./limits.ts";

/** JSON with object keys sorted, so the same content hashes the same whatever the key order. */
function canonical(v: Json): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k]!)}`).join(",")}}`;
}

/** `prefix-<32 hex>`: at most 64 characters, like the native protocol's ids. */
export function contentId(prefix: string, content: Json): string {
  const hash = createHash("sha256").update(canonical(content)).digest("hex").slice(0, 32);
  return `${prefix.slice(0, 30)}-${hash}`;
}
