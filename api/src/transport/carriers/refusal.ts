// Why a push, or a piece of one, was not turned into events. Each reason is stable: it goes to the log and,
// once the receivers exist, to a counter on /metrics (docs/carriers.md lists them for installers).
import type { CarrierDeviceEvent } from "./event.ts";

export const REFUSAL_REASONS = [
  "oversized", // the body, an item list or an embedded payload is larger than allowed
  "malformed_json", // not JSON
  "not_an_object", // JSON, but not the object the platform sends
  "bad_token", // CTWing: the URL token is missing or wrong
  "address_not_allowed", // CTWing: the sender is not on the address allow list
  "not_configured", // the receiver has no token (or key) to check with
  "bad_signature", // OneNET: msg_signature / signature does not match token + nonce + msg
  "no_aes_key", // OneNET: an encrypted push arrived and no AES key is configured
  "decrypt_failed", // OneNET: the encrypted message does not decrypt to a message
  "unknown_message_type", // a messageType (CTWing) or type (OneNET) we do not handle
  "missing_field", // a field the message needs is missing (deviceId, ds_id, cmd_id...)
  "bad_field", // a field is out of range or of the wrong kind; the rest of the message is used
  "no_profile", // no product profile for this device, so its data cannot be read
  "unknown_code", // a status code the profile's code table does not list; the rest is used
  "bad_payload", // a transparent payload too short or not matching the profile's frame
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
  reason: RefusalReason;
  /** short, for logs: never a secret, never the whole body */
  detail: string;
}

/**
 * What a push became. A refusal covers the whole push (bad token, bad signature, not JSON). Problems with
 * one item of a push (an unknown code, a data point without ds_id) are in `skipped`, and the other items
 * still give events: one bad data point must not cost the smoke alarm beside it.
 */
export type PushOutcome =
  { ok: true; events: CarrierDeviceEvent[]; skipped: Refusal[] } | { ok: false; refusal: Refusal };

export const refuse = (reason: RefusalReason, detail: string): { ok: false; refusal: Refusal } => ({
  ok: false,
  refusal: { reason, detail: detail.slice(0, 200) },
});
