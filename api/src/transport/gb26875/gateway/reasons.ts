// Why the gateway refused or dropped something: the codec's frame and reply reasons, and the gateway's
// own. One closed set, the `reason` label of the refusal counter on /metrics (docs/gb26875.md).
import { FRAME_ERROR_REASONS, REPLY_REASONS } from "../reasons.ts";

export const GATEWAY_REASONS = {
  ...FRAME_ERROR_REASONS,
  ...REPLY_REASONS,
  /** a device whose address nobody registered: its frames are denied */
  unknown_device: "address not registered",
  /** the device could not be looked up (database down): its frames get no reply, the device resends */
  lookup_failed: "device lookup failed",
  /** a frame whose source is not the session's device */
  address_mismatch: "frame from another address on this connection",
  /** over the session's frames per second (never a fire frame): dropped, the device resends (clause 6.5) */
  throttled: "over the frame rate",
  /** too many frames of this session waiting to be stored (a fire frame has four times the room): dropped,
   *  the device resends it (clause 6.5) */
  busy: "too many frames waiting to be stored",
  /** storing failed (database down): no confirm, the device resends */
  store_failed: "storing failed",
  /** the store refused the frame: denied */
  store_refused: "store refused the frame",
  /** bytes before the first frame of a connection beyond the bound: dropped */
  probe_overflow: "no frame found in the first bytes",
  /** a connection that sent no frame in time: closed */
  identify_timeout: "no frame after connecting",
  /** the peer does not read our replies: closed */
  write_backlog: "replies not read",
  /** a newer connection of the same device took over: the old one is closed */
  replaced: "replaced by a newer connection",
  /** the device's settings changed (its profile): closed, so that it reconnects under the new ones */
  reconfigured: "device settings changed",
  /** the same address connected too often in a minute (two devices with one address?): refused */
  replaced_too_often: "address reconnecting too often",
  /** over the gateway's connection bounds: refused */
  too_many_connections: "too many connections",
  /** a device silent for its patrol interval: reported offline, its connection closed */
  idle_timeout: "silent for the patrol interval",
  /** the device's stored profile cannot be read: its frames are denied until it is fixed */
  bad_profile: "stored profile unusable",
} as const;

export type GatewayReason = keyof typeof GATEWAY_REASONS;
