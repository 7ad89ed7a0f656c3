// Carrier platforms (China Telecom CTWing, China Mobile OneNET): the protocol-level core of issue 20.
// Pure functions from push bodies to neutral events, product profiles as data, and command clients. The
// HTTP receivers, storage and database wiring plug into this later (issue 13's neutral way in).
export {
  CARRIER_UPLINK_TYPES,
  isCarrierUplinkType,
  fireFirst,
  type CarrierDeviceEvent,
  type CarrierEventFields,
  type CarrierPlatform,
  type CarrierSignal,
  type CarrierUplinkType,
  type PlatformDevice,
} from "./event.ts";
export { REFUSAL_REASONS, type PushOutcome, type Refusal, type RefusalReason } from "./refusal.ts";
export { LIMITS } from "./limits.ts";
export {
  checkCtwingAccess,
  parseAllowList,
  MIN_TOKEN_CHARS,
  type AddressAllowList,
  type CtwingAccess,
} from "./ctwing-access.ts";
export { parseCtwingPush, type CtwingPushOptions } from "./ctwing-push.ts";
export { onenetSignature, verifyOnenetUrl } from "./onenet-signature.ts";
export { onenetAesKey, type OnenetAesKey } from "./onenet-crypto.ts";
export { parseOnenetPush, type OnenetPushOptions } from "./onenet-push.ts";
export { profileSchema, FIELD_ROLES, type ProductProfile } from "./profile-schema.ts";
export {
  BUILT_IN_PROFILES_DIR,
  loadProfiles,
  parseProfile,
  ProfileError,
  ProfileRegistry,
  type ProfileResolver,
} from "./profile-loader.ts";
export { HEARTBEAT_SECONDS, type CarrierCommand, type CommandOutcome } from "./carrier-command.ts";
export { CtwingCommandClient, type CtwingCommandOptions } from "./ctwing-command-client.ts";
export { ctwingSignature } from "./ctwing-signature.ts";
export { OnenetCommandClient, type OnenetCommandOptions } from "./onenet-command-client.ts";
