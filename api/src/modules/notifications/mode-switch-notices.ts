// The monitoring centre told when a networked unit's people take one of their unit's devices out of normal use, and
// when they put it back. A device in 安装模式 or 维护模式 stores its events and raises no fire alarm (a detector, a
// call point, a gas detector: devices/device-service-mode.ts), so a unit's responsible person, manager or safety
// officer (ROLE_SETS.unitDeviceKeepers) switching one on 消防设施 leaves the centre a blind spot it would not know of.
// Each such switch, once committed (devices/device-binding.ts, through the port the composition root wires: the
// devices module never imports this one), is one notice to each of the centre's operators on their screen, naming
// the unit, the device, who, the new mode, the reason and what it means, with a link to 消防设施 at the unit: the
// first switch each way in a unit's hour (modeSwitchScope), the rest of that hour's on 消防设施, so a maintenance
// day is not a text per detector. A second instance or a retry queues nothing twice (the outbox's key); a PATCH
// repeated after it is no switch, and tells nothing.
import type { Prisma } from "../../db/client.ts";
import {
  DEVICE_KIND_LABEL,
  DEVICE_MODE_LABEL,
  MODE_SILENCES_FIRE_KINDS,
  STAFF_ROLE_LABEL,
} from "../../contract/labels.ts";
import type { ModeSwitch } from "../devices/device-deps.ts";
import type { Notice } from "./notices.ts";
import { staffRecipient } from "./recipients.ts";

/** the centre's operators told, at most (the centre has a handful; the outbox's rows stay bounded) */
const MAX_OPERATORS = 50;

/** What being out of normal use means for a device of `kind`, and what putting it back in use does, in words. */
export function switchEffect(kind: string): { out: string; back: string } {
  if (kind === "UITD")
    return {
      out: "不报火警：它所接的火灾报警控制器报出的火警都不会送到监控中心，离线也不报警",
      back: "它所接的火灾报警控制器报出的火警会再次送到监控中心",
    };
  if (MODE_SILENCES_FIRE_KINDS.has(kind))
    return { out: "不报火警：它的火警不会送到监控中心，离线也不报警", back: "它的火警会再次送到监控中心" };
  return { out: "离线不报警：它的其他报警照常发出", back: "它离线时会再次报警" };
}

/** How a device is named: its kind, serial and where it is ("独立式感烟火灾探测报警器 SNR2026110001（值班室）"). */
function deviceWords(d: ModeSwitch["device"]): string {
  const kind = (DEVICE_KIND_LABEL as Record<string, string>)[d.kind] ?? "设备";
  const where = d.name ?? d.placeName ?? d.room;
  return `${kind} ${d.serial}${where ? `（${where}）` : ""}`;
}

/** A switch's notice scope: one per unit, way (out of normal use, or back) and hour (UTC+8 keeps hours whole). */
export const modeSwitchScope = (unitId: string, back: boolean, at: Date) =>
  `notice:device-mode:${unitId}:${back ? "back" : "out"}:${Math.floor(at.getTime() / 3600_000)}`;

export interface ModeSwitchNoticeDeps {
  prisma: Prisma;
  notices: { send(n: Notice): Promise<number> };
  /** where the console is, for the link in the notice */
  baseUrl: string;
}

export class ModeSwitchNotices {
  constructor(private readonly d: ModeSwitchNoticeDeps) {}

  /**
   * The port (devices/device-deps.ts ModeSwitchTold): a unit keeper's switch told to the centre's operators. Throws
   * what fails (the caller logs it and keeps the switch).
   */
  readonly told = async (s: ModeSwitch): Promise<void> => {
    const [unit, who, operators] = await Promise.all([
      this.d.prisma.networkedUnit.findUnique({ where: { id: s.unitId }, select: { name: true } }),
      this.d.prisma.staffUser.findUnique({ where: { id: s.by.staffId }, select: { name: true } }),
      // The centre's operators (CENTRE_OPERATOR: of ROLE_SETS.monitoringCentre, those who watch the county's units
      // on shift; the administrator is the one who switches what the units may not), on their screen (PUSH), not by
      // SMS: a switch is for the watch to know and to weigh against what the board shows, not to wake anybody. The
      // outbox hands one with no screen open to SMS (notification.ts fallbackOf), so an operator away from the board
      // still learns of it; hence one notice per unit, way and hour (scope below), not one per detector.
      this.d.prisma.staffUser.findMany({
        where: { role: "CENTRE_OPERATOR", active: true },
        select: { id: true, name: true, phone: true },
        orderBy: { createdAt: "asc" },
        take: MAX_OPERATORS,
      }),
    ]);
    if (!operators.length) return;
    const unitName = unit?.name ?? "联网单位";
    const role = (STAFF_ROLE_LABEL as Record<string, string>)[s.by.role] ?? "单位人员";
    const by = `${role}${who?.name ? ` ${who.name}` : ""}`;
    const device = deviceWords(s.device);
    const effect = switchEffect(s.device.kind);
    const reason = s.reason ? `，原因：${s.reason}` : "";
    const back = s.to === "NORMAL";
    const more = `本小时内该单位再有设备${back ? "恢复" : "停用"}不再逐条通知，`;
    const link = `${more}请在消防设施查看：${this.d.baseUrl}/console/facilities?place=unit:${encodeURIComponent(s.unitId)}`;
    const note = back
      ? `${unitName}的${by}已将 ${device} 从${DEVICE_MODE_LABEL[s.from]}恢复正常使用${reason}，${effect.back}。${link}`
      : `${unitName}的${by}已将 ${device} 转为${DEVICE_MODE_LABEL[s.to]}${reason}。在恢复正常使用前它${effect.out}。${link}`;
    await this.d.notices.send({
      // the first switch each way in a unit's clock hour is told, the rest that hour are on 消防设施: a unit's
      // maintenance day switching 30 detectors is two notices an hour, not 30 texts to every operator; a second
      // instance or a retry of the same switch queues nothing twice (the outbox's key)
      scope: modeSwitchScope(s.unitId, back, s.at),
      kind: back ? "device_mode_restored" : "device_mode_out",
      kindLabel: back ? "设备恢复" : "设备停用",
      address: unitName,
      note,
      to: [{ people: operators.map(staffRecipient), channels: ["PUSH"] }],
    });
  };
}
