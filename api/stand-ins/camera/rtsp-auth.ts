// Camera-style access control for the stand-in: RTSP reuses HTTP authentication (RFC 2326 D.1), Basic
// (RFC 7617) or Digest with MD5 and no qop (RFC 2617 3.2.2.1), which is what most cameras ask for.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface Credentials {
  username: string;
  password: string;
}

export type AuthScheme = "basic" | "digest";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses `key="value", key=value` pairs of an Authorization header. */
export function authParams(header: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([a-z]+)=(?:"([^"]*)"|([^,\s]*))/gi;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(header)) && n++ < 20) out.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? "");
  return out;
}

export class RtspAuth {
  readonly realm = "AnxinCamera";
  private readonly nonce = randomBytes(16).toString("hex");

  constructor(
    private readonly scheme: AuthScheme,
    private readonly creds: Credentials,
  ) {}

  /** The WWW-Authenticate header of a 401 answer. */
  challenge(): string {
    return this.scheme === "basic"
      ? `Basic realm="${this.realm}"`
      : `Digest realm="${this.realm}", nonce="${this.nonce}", algorithm="MD5"`;
  }

  /** Whether the request's Authorization header carries the right credentials. */
  verify(method: string, header: string | undefined): boolean {
    if (!header) return false;
    if (this.scheme === "basic") {
      if (!header.startsWith("Basic ")) return false;
      const expected = Buffer.from(`${this.creds.username}:${this.creds.password}`).toString("base64");
      return same(header.slice(6).trim(), expected);
    }
    if (!header.startsWith("Digest ")) return false;
    const p = authParams(header.slice(7));
    if (p.get("username") !== this.creds.username || p.get("nonce") !== this.nonce) return false;
    if (p.get("realm") !== this.realm) return false;
    const ha1 = md5(`${this.creds.username}:${this.realm}:${this.creds.password}`);
    const ha2 = md5(`${method}:${p.get("uri") ?? ""}`);
    return same(p.get("response") ?? "", md5(`${ha1}:${this.nonce}:${ha2}`));
  }
}
