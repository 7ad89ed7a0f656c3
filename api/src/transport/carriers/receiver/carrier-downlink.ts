// Commands to NB-IoT devices (issue 20) go through their carrier platform's command API, not MQTT: this
// DownlinkPort sends a command for a CTWing or OneNET device with the platform's command client (the product
// profile says how the command looks on the wire) and keeps the platform's command id on the command, so the
// result the platform pushes later (command_ack) finds it. Every other device goes to the MQTT downlink. A
// platform's refusal marks the command FAILED; its outage (transient) leaves it to the resend sweep.
import type { Prisma } from "../../../db/client.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Logger } from "../../../shared/logger.ts";
import type { DownlinkPort } from "../../../modules/devices/device-commands.ts";
import type {
  CarrierCommand,
  CommandOutcome,
  CtwingCommandClient,
  OnenetCommandClient,
  PlatformDevice,
  ProductProfile,
  ProfileRegistry,
} from "../index.ts";

export interface CarrierClients {
  ctwing: CtwingCommandClient | null;
  onenet: OnenetCommandClient | null;
}

function carrierCommand(payload: Record<string, unknown>): CarrierCommand | null {
  switch (payload.type) {
    case "mute":
      return { type: "mute" };
    case "self_test":
      return { type: "self_test" };
    case "set_heartbeat_interval":
      return typeof payload.seconds === "number" ? { type: "set_heartbeat_interval", seconds: payload.seconds } : null;
    default:
      return null;
  }
}

export class CarrierDownlink implements DownlinkPort {
  constructor(
    private readonly prisma: Prisma,
    private readonly profiles: ProfileRegistry,
    private readonly clients: CarrierClients,
    private readonly mqtt: DownlinkPort | null,
    private readonly log: Logger,
  ) {}

  async send(deviceId: string, payload: Record<string, unknown>): Promise<void> {
    const d = await this.prisma.device.findUnique({
      where: { id: deviceId },
      select: { carrierPlatform: true, carrierProductId: true, carrierDeviceId: true, imei: true, profileId: true },
    });
    const platform = d?.carrierPlatform;
    if (!d || (platform !== "ctwing" && platform !== "onenet") || !d.carrierDeviceId) {
      if (!this.mqtt) throw new Error("no MQTT downlink");
      return this.mqtt.send(deviceId, payload);
    }
    const commandId = typeof payload.id === "string" ? payload.id : null;
    const fail = async (code: string) => {
      if (commandId)
        await this.prisma.deviceCommand.updateMany({
          where: { id: commandId },
          data: { status: "FAILED", result: code.slice(0, 32) },
        });
      throw new AppError("CONFLICT", `运营商平台未接受该指令（${code}）`);
    };
    const command = carrierCommand(payload);
    if (!command) return fail("NOT_SUPPORTED");
    const device: PlatformDevice = {
      platform,
      deviceId: d.carrierDeviceId,
      ...(d.carrierProductId ? { productId: d.carrierProductId } : {}),
      ...(d.imei ? { imei: d.imei } : {}),
    };
    const profile: ProductProfile | undefined =
      (d.profileId ? this.profiles.get(d.profileId) : undefined) ??
      this.profiles.forProduct(platform, d.carrierProductId ?? undefined);
    if (!profile) return fail("NO_PROFILE");
    const client = platform === "ctwing" ? this.clients.ctwing : this.clients.onenet;
    if (!client) return fail("NOT_CONFIGURED");
    const outcome: CommandOutcome = await client.send(device, profile, command);
    if (!outcome.ok) {
      this.log.warn(
        { deviceId, platform, code: outcome.code, transient: outcome.transient },
        "carrier command refused",
      );
      // an outage (network, 5xx, 429): the command stays PENDING and the resend sweep tries again in its time
      if (outcome.transient) throw new Error(`${platform} did not take the command (${outcome.code})`);
      return fail(outcome.code);
    }
    if (commandId)
      await this.prisma.deviceCommand.updateMany({
        where: { id: commandId },
        data: { platformCommandId: outcome.platformCommandId },
      });
  }
}
