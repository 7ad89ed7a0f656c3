// The code printed on a checkpoint's QR label (and written to its NFC tag): which checkpoint, of which unit,
// which issue of the label, and an HMAC over the three. A round is ticked only by reading it on site: a code
// made up, altered, from another unit's checkpoint, or from a label voided by printing a new issue (a copied
// or lost label) is refused. The secret never leaves the server.
import { createHmac, timingSafeEqual } from "node:crypto";
import { MAX_TAG_CHARS } from "../../contract/inspection.ts";
export { MAX_TAG_CHARS };

const PREFIX = "AXCP1";
const MAC_CHARS = 22; // 132 bits of HMAC-SHA256, base64url

export interface TagFacts {
  checkpointId: string;
  unitId: string;
  version: number;
}

export class CheckpointTags {
  private readonly key: Buffer;

  constructor(secret: string) {
    // a key of its own, derived from the installation's secret, so a tag's MAC is no other token's
    this.key = createHmac("sha256", secret).update("anxin:checkpoint-tag:v1").digest();
  }

  private mac(f: TagFacts): string {
    return createHmac("sha256", this.key)
      .update(`${f.checkpointId}|${f.unitId}|${f.version}`)
      .digest("base64url")
      .slice(0, MAC_CHARS);
  }

  /** The text of the QR code: AXCP1.<checkpoint>.<unit>.<version>.<mac> */
  sign(f: TagFacts): string {
    return `${PREFIX}.${f.checkpointId}.${f.unitId}.${f.version}.${this.mac(f)}`;
  }

  /** The facts of a genuine code, or null (wrong shape or a MAC that does not match). */
  read(code: string): TagFacts | null {
    if (code.length > MAX_TAG_CHARS) return null;
    const parts = code.trim().split(".");
    if (parts.length !== 5 || parts[0] !== PREFIX) return null;
    const [, checkpointId, unitId, v, mac] = parts as [string, string, string, string, string];
    if (!/^[a-z0-9]{1,40}$/i.test(checkpointId) || !/^[a-z0-9]{1,40}$/i.test(unitId) || !/^\d{1,6}$/.test(v))
      return null;
    const facts = { checkpointId, unitId, version: Number(v) };
    const want = Buffer.from(this.mac(facts));
    const got = Buffer.from(mac);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    return facts;
  }
}
