// The standard's names and the profile rules, for the panels module (modules/panels/panel-ports.ts) and the
// gateway. A device's profile is stored as text: a preset name, or JSON options (docs/gb26875.md).
import type { PanelCatalog, ProfileCheck } from "../../../modules/panels/index.ts";
import { parseProfile, PROFILE_PRESETS, type Profile, type ProfileResult } from "../profile.ts";
import { componentTypeName, systemTypeName } from "../tables.ts";

/** Private system types every preset knows (0x81 独立式感烟火灾探测报警器), for names without a profile. */
const PRIVATE_TYPES = new Map(
  Object.values(PROFILE_PRESETS).flatMap((p) => p.privateSystemTypes.map((t) => [t.code, t.name] as const)),
);

/** Reads a stored profile: "bcd-time", or '{"base":"wide-address","checksum":"xor"}'. Never throws. */
export function storedProfile(text: string | null | undefined): ProfileResult {
  const t = (text ?? "").trim();
  if (t === "") return parseProfile(undefined);
  if (!t.startsWith("{")) return parseProfile(t);
  if (t.length > 2000) return { ok: false, reason: "profile text too long" };
  try {
    return parseProfile(JSON.parse(t));
  } catch {
    return { ok: false, reason: "profile is not valid JSON" };
  }
}

export const gb26875Catalog: PanelCatalog = {
  systemTypeName: (code: number) => PRIVATE_TYPES.get(code) ?? systemTypeName(code),
  componentTypeName,
  checkProfile(value: string): ProfileCheck {
    const p = storedProfile(value);
    return p.ok
      ? { ok: true, addressDigits: (p.profile.addressBytes * 2) as 12 | 24 }
      : { ok: false, reason: p.reason };
  },
};

export type { Profile };
