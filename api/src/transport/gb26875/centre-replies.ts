// What to send back for a received frame (GB/T 26875.3-2011 clauses 6.2-6.5): sent data and control
// commands are confirmed (command 3, same serial number) when they check out and denied (6) when they do
// not; a request (4) gets a response (5) or a deny; confirms, responses and denies get nothing. A frame
// with a bad checksum is denied with the serial number read from it; bytes that were not a frame at all
// (garbage, bad length, missing end, cut short) are dropped without a reply: their header cannot be
// trusted and the sender resends on its timeout. Pure: the caller sends the bytes, after storing.
// Used by the centre, and by the simulated device (device-model.ts) for the centre's commands.
import { decodeAppData, encodeAppData, type AppData, type AppDataResult } from "./app-data/index.ts";
import { commandKind, replyCommand } from "./commands.ts";
import { encodeFrame, type Frame, type FrameHeader, type ProtocolVersion } from "./frame.ts";
import type { Profile } from "./profile.ts";
import type { FrameErrorReason, ReplyReason } from "./reasons.ts";
import { timeLabelFromDate } from "./time-label.ts";

export interface ReplyContext {
  profile: Profile;
  /** this side's address: the reply's source */
  localAddress: string;
  /** this side's clock reading, for the reply's time label */
  now: Date;
  /** protocol version to send; the received frame's version when absent */
  version?: ProtocolVersion;
  /** answers a request (command 4); null when it cannot be answered */
  answer?: (request: AppData) => AppData | null;
}

export type ReplyAction =
  /** send the confirm (3) in `bytes` */
  | "confirm"
  /** send the response (5) in `bytes` */
  | "respond"
  /** send the deny (6) in `bytes`; `reason` says why */
  | "deny"
  /** send nothing */
  | "none";

export interface ReplyPlan {
  action: ReplyAction;
  reason?: ReplyReason | FrameErrorReason;
  bytes: Uint8Array | null;
  /** the received frame's application data, decoded (what the caller stores) */
  data: AppDataResult;
}

function replyFrame(
  to: { serial: number; source: string; version?: ProtocolVersion },
  command: number,
  data: Uint8Array,
  ctx: ReplyContext,
): Uint8Array {
  const frame: Frame = {
    serial: to.serial,
    version: ctx.version ?? to.version ?? { major: 1, minor: 1 },
    time: timeLabelFromDate(ctx.now, ctx.profile.utcOffsetMinutes),
    source: ctx.localAddress,
    destination: to.source,
    command,
    data,
  };
  return encodeFrame(frame, ctx.profile);
}

const EMPTY = new Uint8Array(0);

function deny(frame: Frame, reason: ReplyReason, data: AppDataResult, ctx: ReplyContext): ReplyPlan {
  const bytes = replyFrame(frame, replyCommand("deny", frame.command, ctx.profile), EMPTY, ctx);
  return { action: "deny", reason, bytes, data };
}

/** The reply to a well-framed frame. */
export function planReply(frame: Frame, ctx: ReplyContext): ReplyPlan {
  const data = decodeAppData(frame.data, ctx.profile);
  const { kind } = commandKind(frame.command, ctx.profile);
  switch (kind) {
    case "control":
    case "send": {
      if (!data.ok) return deny(frame, "bad_app_data", data, ctx);
      const bytes = replyFrame(frame, replyCommand("confirm", frame.command, ctx.profile), EMPTY, ctx);
      return { action: "confirm", bytes, data };
    }
    case "request": {
      if (!data.ok) return deny(frame, "bad_app_data", data, ctx);
      const answer = data.data && ctx.answer ? ctx.answer(data.data) : null;
      if (!answer) return deny(frame, "unanswerable", data, ctx);
      const command = replyCommand("response", frame.command, ctx.profile);
      return { action: "respond", bytes: replyFrame(frame, command, encodeAppData(answer, ctx.profile), ctx), data };
    }
    case "unknown":
      return deny(frame, "unknown_command", data, ctx);
    default:
      return { action: "none", bytes: null, data };
  }
}

/**
 * The reply to bytes the deframer refused. Only a bad checksum inside correct framing is denied, to the
 * session's known peer when there is one (the header's source may be the corrupted part).
 */
export function planErrorReply(
  error: { reason: FrameErrorReason; header?: FrameHeader },
  ctx: ReplyContext & { peerAddress?: string },
): { action: "deny" | "none"; reason: FrameErrorReason; bytes: Uint8Array | null } {
  const h = error.header;
  if (error.reason !== "bad_checksum" || !h) return { action: "none", reason: error.reason, bytes: null };
  const to = { serial: h.serial, source: ctx.peerAddress ?? h.source };
  return {
    action: "deny",
    reason: error.reason,
    bytes: replyFrame(to, replyCommand("deny", h.command, ctx.profile), EMPTY, ctx),
  };
}
