// GB/T 26875.3-2011 codec: frames, the streaming deframer, every application data type, vendor profiles,
// the reply rules, and a simulated transmission device. No I/O. See docs/gb26875.md.
export * from "./app-data/index.ts";
export { commandKind, replyCommand, type CommandKind, type CommandMeaning } from "./commands.ts";
export { planErrorReply, planReply, type ReplyAction, type ReplyContext, type ReplyPlan } from "./centre-replies.ts";
export { Deframer, type DeframeEvent } from "./deframer.ts";
export {
  TransmissionDeviceModel,
  type DeviceEvent,
  type DeviceModelOptions,
  type ModelComponent,
} from "./device-model.ts";
export * from "./flags.ts";
export {
  addressBytes,
  checksum,
  decodeFrame,
  encodeFrame,
  type Frame,
  type FrameHeader,
  type FrameResult,
  type ProtocolVersion,
} from "./frame.ts";
export { decodeGb18030, encodeGb18030, fitText } from "./gb18030.ts";
export * from "./profile.ts";
export * from "./reasons.ts";
export * from "./tables.ts";
export * from "./time-label.ts";
