// Invitation codes for new staff accounts: 16 characters from 31 that cannot be mistaken for each other
// when read aloud or typed from a printout (no 0/O, 1/I/L), about 79 random bits, shown once in groups of
// four.
// Only the SHA-256 of the code (after normalising what people type) is stored.
import { createHash, randomInt } from "node:crypto";

const SYMBOLS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITE_CODE_LENGTH = 16;
/** anything longer is not a code of ours; refused before it is hashed */
export const MAX_TYPED_CODE = 40;

export function newInviteCode(): string {
  let s = "";
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) s += SYMBOLS[randomInt(SYMBOLS.length)];
  return s.match(/.{4}/g)!.join("-");
}

/** Upper case, without the dashes and spaces of its printed form. */
export function normalizeInviteCode(typed: string): string {
  return typed
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]/g, "")
    .toUpperCase();
}

export function hashInviteCode(code: string): string {
  return createHash("sha256").update(normalizeInviteCode(code)).digest("hex");
}
