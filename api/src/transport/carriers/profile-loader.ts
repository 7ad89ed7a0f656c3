// Product profiles are JSON files in profiles/ (or a folder the deployment names). Each is validated when
// loaded; a bad one stops start-up with one line naming the file and the field, like a bad setting does.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CarrierPlatform, PlatformDevice } from "./event.ts";
import { LIMITS } from "./limits.ts";
import { profileSchema, type ProductProfile } from "./profile-schema.ts";

export const BUILT_IN_PROFILES_DIR = fileURLToPath(new URL("./profiles/", import.meta.url));
const MAX_FILES = 200;

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileError";
  }
}

/** Validates one profile; the error names the file and the first field at fault. */
export function parseProfile(json: unknown, file: string): ProductProfile {
  const r = profileSchema.safeParse(json);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  const where = first.path.length > 0 ? first.path.join(".") : "(top level)";
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : "";
  throw new ProfileError(`product profile ${file}: ${where}: ${first.message}${more}`);
}

export function readProfileFile(path: string, file: string): ProductProfile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ProfileError(`product profile ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (Buffer.byteLength(text) > LIMITS.bodyBytes) throw new ProfileError(`product profile ${file}: larger than 64 KiB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`product profile ${file}: not JSON (${(e as Error).message.slice(0, 80)})`);
  }
  return parseProfile(json, file);
}

/** Every *.json in the folder, validated, as a registry. */
export function loadProfiles(dir: string = BUILT_IN_PROFILES_DIR): ProfileRegistry {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  if (files.length > MAX_FILES) throw new ProfileError(`product profiles in ${dir}: more than ${MAX_FILES} files`);
  return new ProfileRegistry(files.map((f) => ({ file: f, profile: readProfileFile(join(dir, f), f) })));
}

export type ProfileResolver = (device: PlatformDevice) => ProductProfile | undefined;

/** Profiles by id and by the platform's product id; one product id belongs to one profile. */
export class ProfileRegistry {
  private readonly byId = new Map<string, ProductProfile>();
  private readonly byProduct = new Map<string, ProductProfile>();

  constructor(entries: readonly { file: string; profile: ProductProfile }[]) {
    for (const { file, profile } of entries) {
      if (this.byId.has(profile.id)) throw new ProfileError(`product profile ${file}: id: ${profile.id} is used twice`);
      this.byId.set(profile.id, profile);
      for (const pid of profile.productIds) {
        const key = productKey(profile.platform, pid);
        const other = this.byProduct.get(key);
        if (other) throw new ProfileError(`product profile ${file}: productIds: ${pid} is already read by ${other.id}`);
        this.byProduct.set(key, profile);
      }
    }
  }

  get(id: string): ProductProfile | undefined {
    return this.byId.get(id);
  }

  forProduct(platform: CarrierPlatform, productId: string | undefined): ProductProfile | undefined {
    return productId === undefined ? undefined : this.byProduct.get(productKey(platform, productId));
  }

  all(): ProductProfile[] {
    return [...this.byId.values()];
  }

  /**
   * A resolver by product id. OneNET's data pushes carry no product id, only dev_id: until devices are
   * registered with their profile (the wiring step), `byDevice` maps a platform device id to a profile id.
   */
  resolver(byDevice: Readonly<Record<string, string>> = {}): ProfileResolver {
    return (d) => {
      const pinned = byDevice[`${d.platform}:${d.deviceId}`];
      return pinned !== undefined ? this.byId.get(pinned) : this.forProduct(d.platform, d.productId);
    };
  }
}

const productKey = (platform: CarrierPlatform, productId: string) => `${platform}:${productId}`;
