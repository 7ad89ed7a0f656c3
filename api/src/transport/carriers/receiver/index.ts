// NB-IoT through the carrier platforms (issue 20, phase 2): the push receivers' intake and the command
// downlink, composed from the settings. Other modules and the composition root import this file only.
import type { Prisma } from "../../../db/client.ts";
import type { Clock } from "../../../shared/clock.ts";
import type { Logger } from "../../../shared/logger.ts";
import type { Metrics } from "../../../shared/metrics.ts";
import type { DownlinkPort } from "../../../modules/devices/device-commands.ts";
import type { IngestPipeline } from "../../../modules/devices/ingest-pipeline.ts";
import { CtwingCommandClient, loadProfiles, OnenetCommandClient, type ProfileRegistry } from "../index.ts";
import { CarrierDownlink } from "./carrier-downlink.ts";
import { CarrierIntake, type CarrierSettings } from "./carrier-intake.ts";

export { CarrierIntake, PushRefused, uplinkOf, type PushReceipt } from "./carrier-intake.ts";
export { CarrierDownlink } from "./carrier-downlink.ts";

export interface CarrierConfig extends CarrierSettings {
  CTWING_API_BASE?: string | undefined;
  CTWING_APP_KEY?: string | undefined;
  CTWING_APP_SECRET?: string | undefined;
  CTWING_MASTER_KEYS?: string | undefined;
  ONENET_API_BASE?: string | undefined;
  ONENET_API_KEY?: string | undefined;
}

export interface Carriers {
  intake: CarrierIntake;
  profiles: ProfileRegistry;
  /** the downlink for every device: carrier devices through their platform, the rest through `mqtt` */
  downlink(mqtt: DownlinkPort | null): DownlinkPort;
}

/** "productId:MasterKey,..." -> map (config.ts has checked the form). */
export function masterKeys(s: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (s ?? "").split(",")) {
    const [pid, key] = pair.trim().split(":");
    if (pid && key) out.set(pid, key);
  }
  return out;
}

export function createCarriers(deps: {
  prisma: Prisma;
  ingest: IngestPipeline;
  config: CarrierConfig;
  metrics: Metrics;
  clock: Clock;
  log: Logger;
}): Carriers {
  const { config } = deps;
  const profiles = loadProfiles(); // a wrong profile stops start-up with the file and field named
  const keys = masterKeys(config.CTWING_MASTER_KEYS);
  const ctwing =
    config.CTWING_APP_KEY && config.CTWING_APP_SECRET && config.CTWING_API_BASE
      ? new CtwingCommandClient({
          baseUrl: config.CTWING_API_BASE,
          appKey: config.CTWING_APP_KEY,
          appSecret: config.CTWING_APP_SECRET,
          masterKeyFor: (pid) => keys.get(pid),
        })
      : null;
  const apiKey = config.ONENET_API_KEY;
  const onenet =
    apiKey && config.ONENET_API_BASE
      ? new OnenetCommandClient({ baseUrl: config.ONENET_API_BASE, apiKeyFor: () => apiKey })
      : null;
  const intake = new CarrierIntake(deps.prisma, deps.ingest, profiles, config, deps.metrics, deps.clock, deps.log);
  return {
    intake,
    profiles,
    downlink: (mqtt) => new CarrierDownlink(deps.prisma, profiles, { ctwing, onenet }, mqtt, deps.log),
  };
}
