// Commands down to a device (mute, self-test, heartbeat interval): checked against its model and state,
// recorded as a DeviceCommand, and sent through the downlink once a transport has set one.
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { smokeStillHigh } from "../alarms/alarm.ts";
import { visibleDevice, type DeviceDeps } from "./device-deps.ts";
import type { DownlinkCommand } from "./device-protocol.ts";

/** Sends a command to a device; implemented by the MQTT transport. */
export interface DownlinkPort {
  send(deviceId: string, payload: Record<string, unknown>): Promise<void>;
}

export class DeviceCommands {
  constructor(
    private readonly deps: Pick<DeviceDeps, "prisma" | "scopes" | "clock">,
    /** the downlink as it stands (DeviceService.downlink: set once the transport started, else null) */
    private readonly downlink: () => DownlinkPort | null,
  ) {}

  async sendCommand(p: Principal, id: string, type: DownlinkCommand, params: Record<string, unknown> = {}) {
    const d = await visibleDevice(this.deps, p, id);
    if (type === "mute") {
      if (!d.model.supportsMute) throw new AppError("CONFLICT", "该型号不支持远程消音");
      if (smokeStillHigh(d.status)) {
        throw new AppError("SMOKE_STILL_HIGH");
      }
    }
    if (type === "self_test" && !d.model.supportsSelfTest) throw new AppError("CONFLICT", "该型号不支持远程自检");
    if (type === "set_heartbeat_interval") {
      const sec = params.seconds;
      if (typeof sec !== "number" || !Number.isInteger(sec) || sec < 60 || sec > 7 * 24 * 3600)
        throw new AppError("VALIDATION_FAILED", "心跳间隔应为 60 秒到 7 天之间的整数秒");
      if (p.kind === "resident") throw new AppError("FORBIDDEN", "只有物业或管理员可以修改心跳间隔");
    }
    const cmd = await this.deps.prisma.deviceCommand.create({
      data: { deviceId: id, type, params: JSON.stringify(params), requestedBy: `${p.kind}:${p.id}` },
    });
    const downlink = this.downlink();
    if (downlink) {
      await downlink.send(id, { id: cmd.id, ts: this.deps.clock.now().getTime(), type, ...params });
      await this.deps.prisma.deviceCommand.update({ where: { id: cmd.id }, data: { status: "SENT" } });
    }
    return { id: cmd.id, type, status: this.downlink() ? "SENT" : "PENDING" };
  }
}
