// The GB/T 26875.3 gateway (issue 16, item 2): TCP sessions for user information transmission devices,
// storing each frame before confirming it. See docs/gb26875.md.
export { Gb26875Gateway } from "./gateway.ts";
export { gb26875Catalog, storedProfile } from "./catalog.ts";
export { GATEWAY_REASONS, type GatewayReason } from "./reasons.ts";
export { carriesFire, toPanelFrame, toUpload, toHex, type AdaptInput } from "./panel-adaptor.ts";
export { contentHash, frameId } from "./frame-id.ts";
export type {
  GatewayDeps,
  GatewayDevice,
  GatewayFrame,
  GatewayLog,
  GatewayMetrics,
  GatewayOptions,
  StoreOutcome,
} from "./types.ts";

import type { GatewayFrame } from "./types.ts";
import { toPanelFrame } from "./panel-adaptor.ts";
import type { PanelFrame } from "../../../modules/panels/index.ts";

/** A stored frame in the panels module's neutral terms (what phase 2's store hands to the intake). */
export function panelFrameOf(f: GatewayFrame): PanelFrame {
  return toPanelFrame({
    deviceId: f.device.deviceId,
    address: f.device.address,
    frameId: f.frameId,
    receivedAt: f.receivedAt,
    sentAt: f.frame.time,
    raw: f.raw,
    data: f.data,
    profile: f.profile,
  });
}
