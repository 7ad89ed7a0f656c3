// Why bytes were not a usable frame: one closed set of codes, used as the metrics label and in logs.
// Clause 6.5 of GB/T 26875.3-2011 names the receiver's errors: checksum, unrecognised command byte,
// application data length over the limit, wrong start or end characters.

export const FRAME_ERROR_REASONS = {
  /** bytes outside any frame (no `@@` before them): dropped, counted */
  garbage: "bytes outside any frame",
  /** the length field says more than 1024 bytes of data: not a frame start; the search moves on */
  bad_length: "application data length over 1024",
  /** no `##` where the length field says the frame ends: not a frame start; the search moves on */
  missing_end: "no end characters where the frame should end",
  /** framed correctly but the checksum does not match: dropped, and a deny goes back (clause 6.5) */
  bad_checksum: "checksum mismatch",
  /** a frame began but never finished: another valid frame started first, or the connection ended */
  truncated: "frame cut short",
} as const;

export type FrameErrorReason = keyof typeof FRAME_ERROR_REASONS;

export const REPLY_REASONS = {
  /** the data does not match its type's layout: denied */
  bad_app_data: "application data malformed",
  /** a reserved or user-defined command byte this profile does not know: denied (clause 6.5) */
  unknown_command: "command byte not recognised",
  /** a request nobody here can answer: denied */
  unanswerable: "request cannot be answered",
} as const;

export type ReplyReason = keyof typeof REPLY_REASONS;
