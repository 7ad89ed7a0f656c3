// Linkage on the real path (issue 15): the alarm service's listener that, when a fire-class alarm is raised,
// switches on the building's sound-and-light alarms as device commands (stored, then sent down, answered by
// command_ack), and, when one is resolved, switches off those no other open fire-class alarm still needs.
// A resolved facility alarm also resets its point's limit state, so a value still past the limit raises again.
// Each alarm's timeline says what linkage did.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { AlarmChange, AlarmRecord } from "../alarms/alarm-service.ts";
import type { DownlinkPort } from "../devices/device-commands.ts";
import type { LinkageService } from "./linkage-service.ts";
import type { SensorService } from "./sensor-service.ts";
import { isFireClass } from "./alarm-classes.ts";

export class LinkageSender {
  constructor(
    private readonly prisma: Prisma,
    private readonly linkage: LinkageService,
    private readonly sensors: SensorService,
    /** the device transport's downlink, set once the transport started */
    private readonly downlink: () => DownlinkPort | null,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The AlarmService listener. Never throws: linkage failing must not hold up the alarm's notifications. */
  readonly onAlarmChange = async (change: AlarmChange & { alarm: AlarmRecord }): Promise<void> => {
    const a = change.alarm;
    try {
      if (change.outcome === "resolved") {
        const row = await this.prisma.alarm.findUnique({ where: { id: a.id }, select: { point: true } });
        if (row?.point) await this.sensors.alarmResolved({ deviceId: a.deviceId, point: row.point });
      }
      if (change.outcome !== "created" && change.outcome !== "resolved") return;
      // only fire-class alarms sound the building: the others are not read again to find that out (the
      // alarm engine waits for its listeners, and a panel's next signal with it)
      if (!isFireClass(a.kind)) return;
      const phase = change.outcome === "created" ? "raised" : "resolved";
      const plan = await this.linkage.commandsFor(a.id, phase);
      if (!plan?.commands.length) return;
      let sent = 0;
      for (const c of plan.commands) {
        const cmd = await this.prisma.deviceCommand.create({
          data: {
            deviceId: c.deviceId,
            type: c.type,
            params: JSON.stringify(c.params),
            requestedBy: `system:linkage:${a.id}`,
          },
        });
        const port = this.downlink();
        if (!port) continue;
        try {
          await port.send(c.deviceId, { id: cmd.id, ts: this.clock.now().getTime(), type: c.type, ...c.params });
          await this.prisma.deviceCommand.update({ where: { id: cmd.id }, data: { status: "SENT" } });
          sent++;
        } catch (e) {
          this.log.warn({ err: e as Error, deviceId: c.deviceId, alarmId: a.id }, "linkage command not sent");
        }
      }
      const what = phase === "raised" ? "开启" : "关闭";
      await this.prisma.alarmAction
        .create({
          data: {
            alarmId: a.id,
            action: "linkage",
            actor: "system",
            note: `联动声光报警器${what}：${plan.commands.length} 台（已下发 ${sent} 台）`,
            eventKey: `linkage:${phase}`,
            at: this.clock.now(),
          },
        })
        .catch(() => undefined); // recorded once; a repeat is the same line
    } catch (e) {
      this.log.error({ err: e as Error, alarmId: a.id }, "linkage failed");
    }
  };
}
