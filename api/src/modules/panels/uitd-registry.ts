// Each transmission device is also a Device of kind UITD (panel-ports.ts): its status, offline alarms and
// history work like every device's. It speaks GB/T 26875.3, never MQTT: its MQTT secret is random and
// never shown, so no one can sign in to the broker as it.
import type { Prisma } from "../../db/client.ts";
import { hashDeviceSecret, newDeviceSecret } from "../devices/device-secrets.ts";
import type { UitdDeviceRegistry } from "./panel-ports.ts";

/** The device model every transmission device is registered under (heartbeat: the longest patrol, 2 h). */
export const UITD_MODEL = {
  id: "GB26875-UITD",
  kind: "UITD",
  vendor: "GB/T 26875.3-2011",
  name: "用户信息传输装置",
  heartbeatIntervalSec: 7200,
  missedHeartbeats: 1,
  supportsMute: false,
  supportsSelfTest: false,
  // GB 26875.1 asks a transmission device for a backup supply; how it reaches us (wired or 4G) varies by site
  power: "MAINS_BATTERY",
} as const;

export const uitdDeviceId = (address: string) => `UITD-${address.toLowerCase()}`;

export function prismaUitdRegistry(prisma: Prisma): UitdDeviceRegistry {
  return {
    async ensure({ address, unitId }) {
      await prisma.deviceModel.upsert({ where: { id: UITD_MODEL.id }, create: { ...UITD_MODEL }, update: {} });
      const id = uitdDeviceId(address);
      await prisma.device.upsert({
        where: { id },
        create: {
          id,
          serial: id,
          modelId: UITD_MODEL.id,
          secretHash: hashDeviceSecret(newDeviceSecret()),
          unitId,
          name: `用户信息传输装置 ${address}`,
          transport: "gb26875",
        },
        update: { unitId },
      });
      return id;
    },
  };
}
