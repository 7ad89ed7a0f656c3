// The commands Anxin sends to carrier devices (docs/device-protocol.md section 3) and what a platform's
// command API answered. How a command looks on the wire is product data: profile.commands.
import type { CommandSpec } from "./profile-schema.ts";

export type CarrierCommand =
  { type: "mute" } | { type: "self_test" } | { type: "set_heartbeat_interval"; seconds: number };

/**
 * How long a platform is asked to keep a command for a sleeping NB-IoT device (CTWing `ttl`, OneNET
 * `expired_time`) unless a client is told otherwise. A command relayed through a platform is awaited a little longer
 * than this before it is given up as 超时未确认 (ANSWER_WITHIN_MS.platform, modules/devices/device-commands.ts).
 */
export const PLATFORM_KEEPS_COMMAND_SEC = 86_400;

/** 1 minute .. 1 week, as for MQTT devices. */
export const HEARTBEAT_SECONDS = { min: 60, max: 604_800 } as const;

export type CommandOutcome =
  /** the platform took the command; platformCommandId comes back in its result pushes */
  | { ok: true; platformCommandId: string; raw: string }
  /** refused or not delivered; `transient` says whether a later retry may help */
  | { ok: false; code: string; transient: boolean; raw: string };

export const commandFailure = (code: string, raw = "", transient = false): CommandOutcome => ({
  ok: false,
  code,
  transient,
  raw: raw.slice(0, 500),
});

/** The interval, when the command carries a valid one. */
export function intervalOf(command: CarrierCommand): number | undefined | "bad" {
  if (command.type !== "set_heartbeat_interval") return undefined;
  const s = command.seconds;
  return Number.isInteger(s) && s >= HEARTBEAT_SECONDS.min && s <= HEARTBEAT_SECONDS.max ? s : "bad";
}

/** CTWing's command `content`: thing-model {serviceIdentifier, params} or transparent {payload, dataType}. */
export function ctwingContent(spec: CommandSpec, seconds: number | undefined): Record<string, unknown> | null {
  if ("serviceIdentifier" in spec) {
    const params: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(spec.params)) params[k] = v === "{seconds}" ? (seconds ?? 0) : v;
    return { serviceIdentifier: spec.serviceIdentifier, params };
  }
  if ("payloadHex" in spec) {
    const hex = spec.payloadHex.replace(/\{seconds:u(16|32)\}/g, (_, bits: string) =>
      (seconds ?? 0)
        .toString(16)
        .toUpperCase()
        .padStart(bits === "16" ? 4 : 8, "0")
        .slice(bits === "16" ? -4 : -8),
    );
    // dataType 2: the payload is a hex string (CTWing's transparent command content).
    return { payload: hex, dataType: 2 };
  }
  return null;
}

/** OneNET's execute argument. */
export function onenetArgs(spec: CommandSpec, seconds: number | undefined): string | null {
  if (!("objId" in spec)) return null;
  return spec.args.replace(/\{seconds\}/g, String(seconds ?? ""));
}

/** A platform's JSON answer, or null when it is not JSON (a gateway's error page). */
export function jsonAnswer(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
