// What a command byte means under a profile, and which byte a reply carries (clause 8.1, command byte; the
// "plus-0x80" deviation writes a confirm or response as the answered command + 0x80).
import type { Profile } from "./profile.ts";
import { Command } from "./tables.ts";

export type CommandKind = "control" | "send" | "confirm" | "request" | "response" | "deny" | "unknown";

export interface CommandMeaning {
  kind: CommandKind;
  /** for a plus-0x80 reply: the command it answers */
  answers?: number;
}

const STANDARD_KINDS: Readonly<Record<number, CommandKind>> = {
  [Command.Control]: "control",
  [Command.SendData]: "send",
  [Command.Confirm]: "confirm",
  [Command.Request]: "request",
  [Command.Response]: "response",
  [Command.Deny]: "deny",
};

export function commandKind(byte: number, profile: Profile): CommandMeaning {
  const kind = STANDARD_KINDS[byte];
  if (kind) return { kind };
  if (profile.replyCommand === "plus-0x80") {
    const answers = byte - 0x80;
    if (answers === Command.Control || answers === Command.SendData) return { kind: "confirm", answers };
    if (answers === Command.Request) return { kind: "response", answers };
  }
  return { kind: "unknown" };
}

/** The command byte of a reply to `answered` under a profile. */
export function replyCommand(reply: "confirm" | "response" | "deny", answered: number, profile: Profile): number {
  if (reply === "deny") return Command.Deny;
  if (profile.replyCommand === "plus-0x80" && answered >= 1 && answered <= 4) return answered + 0x80;
  return reply === "confirm" ? Command.Confirm : Command.Response;
}
