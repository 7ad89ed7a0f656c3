// Device credentials and topic rules for an external Mosquitto: a password file (the stored hashes are
// already in Mosquitto's PBKDF2-SHA512 "$7$" format) and an ACL file. With `use_username_as_clientid true`
// on the listener, the %u patterns pin each device to its own topics, as the embedded broker does.
// EMQX in production uses its HTTP authentication/authorisation hooks instead (docs/device-protocol.md).
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import path from "node:path";
import type { Prisma } from "../../db/client.ts";
import { hashDeviceSecret } from "../../modules/devices/device-secrets.ts";

export interface ServiceAccount {
  username: string;
  password: string;
}

// Each API instance has its own account (with use_username_as_clientid its username is its client id, so
// two instances sharing one account would keep disconnecting each other).
export const MOSQUITTO_ACL = (services: string[]) =>
  [
    "# written by Anxin: each device its own topics; the API instances read every uplink and write downlinks",
    ...services.flatMap((u) => [
      `user ${u}`,
      "topic read devices/+/up",
      "topic read $share/+/devices/+/up",
      "topic write devices/+/down",
      "",
    ]),
    "pattern write devices/%u/up",
    "pattern read devices/%u/down",
    "",
  ].join("\n");

function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Writes <dir>/passwd and <dir>/acl; send Mosquitto SIGHUP to reload them. Returns the device count. */
export async function writeMosquittoAuth(prisma: Prisma, dir: string, services: ServiceAccount[]): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const devices = await prisma.device.findMany({ select: { id: true, secretHash: true }, orderBy: { id: "asc" } });
  const lines = [
    ...services.map((s) => `${s.username}:${hashDeviceSecret(s.password)}`),
    ...devices.map((d) => `${d.id}:${d.secretHash}`),
  ];
  writeAtomic(path.join(dir, "passwd"), `${lines.join("\n")}\n`);
  writeAtomic(path.join(dir, "acl"), MOSQUITTO_ACL(services.map((s) => s.username)));
  return devices.length;
}

/** A Mosquitto configuration for one listener using those files. */
export function mosquittoConfig(opts: { port: number; dir: string; persistence?: boolean; user?: string }): string {
  return [
    // Mosquitto started as root drops to this user, who must be able to read the files above
    ...(opts.user ? [`user ${opts.user}`] : []),
    "per_listener_settings false",
    `listener ${opts.port} 127.0.0.1`,
    "allow_anonymous false",
    `password_file ${path.join(opts.dir, "passwd")}`,
    `acl_file ${path.join(opts.dir, "acl")}`,
    "use_username_as_clientid true",
    // RECIPES trap: the default queue of 1000 silently drops QoS 1 messages for a slow subscriber
    "max_queued_messages 100000",
    "max_inflight_messages 1000",
    ...(opts.persistence ? ["persistence true", `persistence_location ${opts.dir}/`] : ["persistence false"]),
    "log_dest stderr",
    "log_type error",
    "log_type warning",
    "",
  ].join("\n");
}
