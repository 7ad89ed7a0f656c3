// The monitoring centre told when a networked unit's people take one of their unit's devices out of normal use, and
// when they put it back. A device in 安装模式 or 维护模式 stores its events and raises no fire alarm (a detector, a
// call point, a gas detector: devices/device-service-mode.ts), so a unit's responsible person, manager or safety
// officer (ROLE_SETS.unitDeviceKeepers) switching one on 消防设施 leaves the centre a blind spot it would not know of.
// Each such switch, once committed (devices/device-binding.ts, through the port the composition root wires: the
// devices module never imports this one), is one notice to each of the centre's operators on their screen, naming
// the device, what it silences, who and why, how many of the unit's devices are out of normal use now, with a link to
// 消防设施 at the unit (the unit is the notice's address). Switches the same way in a row, within a clock hour, are
// one notice (a maintenance day is not a text per detector per operator); a switch the other way is told at once, so
// the last word the centre has is never "back in use" while another detector was silenced after it (modeSwitchScope).
// A second instance or a retry of one switch queues nothing twice (the outbox's key); the essentials come first, as
// an SMS carries only the note's first 35 characters (channels/sms-channel.ts).
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

/** What being out of normal use does to a device of `kind`: in a few words, at length, and what coming back does. */
export function switchEffect(kind: string): { short: string; out: string; back: string } {
  if (kind === "UITD")
    return {
      short: "控制器火警不上传",
      out: "它所接的火灾报警控制器报出的火警都不会送到监控中心，离线也不报警",
      back: "它所接的火灾报警控制器报出的火警会再次送到监控中心",
    };
  if (kind === "GAS_DETECTOR")
    return {
      short: "不报燃气泄漏",
      out: "它的燃气泄漏报警不会送到监控中心，离线也不报警",
      back: "它的燃气泄漏报警会再次送到监控中心",
    };
  if (MODE_SILENCES_FIRE_KINDS.has(kind))
    return { short: "不报火警", out: "它的火警不会送到监控中心，离线也不报警", back: "它的火警会再次送到监控中心" };
  return { short: "离线不报警", out: "它的其他报警照常发出，只是离线不报警", back: "它离线时会再次报警" };
}

/** How a device is named first: its serial and where it is ("SNR2026110001（值班室）"). */
function deviceWords(d: ModeSwitch["device"]): string {
  const where = d.name ?? d.placeName ?? d.room;
  return `${d.serial}${where ? `（${where}）` : ""}`;
}

/** The prefix of a unit's switch notices in one clock hour (UTC+8 keeps hours whole). */
const hourPrefix = (unitId: string, at: Date) => `notice:device-mode:${unitId}:${Math.floor(at.getTime() / 3600_000)}:`;
const WAY = { out: "out", back: "back" } as const;

/**
 * A switch's notice scope: `<hour prefix><run>:<way>`, where a run is the switches the same way in a row in that hour.
 * The same way as the hour's last notice: its run (nothing new is queued); the other way, or none yet: a new run.
 * Runs are numbered with four digits, so the greatest key is the last run.
 */
export async function modeSwitchScope(prisma: Prisma, unitId: string, back: boolean, at: Date): Promise<string> {
  const prefix = hourPrefix(unitId, at);
  const way = back ? WAY.back : WAY.out;
  const last = await prisma.notification.findFirst({
    where: { dedupeKey: { startsWith: prefix } },
    orderBy: { dedupeKey: "desc" },
    select: { dedupeKey: true },
  });
  const [run = "", lastWay] = last ? last.dedupeKey.slice(prefix.length).split(":") : [];
  const n = Number.parseInt(run, 10);
  if (!Number.isFinite(n)) return `${prefix}0000:${way}`;
  return `${prefix}${String(lastWay === way ? n : n + 1).padStart(4, "0")}:${way}`;
}

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
    const back = s.to === "NORMAL";
    const [unit, who, operators, outNow, scope] = await Promise.all([
      this.d.prisma.networkedUnit.findUnique({ where: { id: s.unitId }, select: { name: true } }),
      this.d.prisma.staffUser.findUnique({ where: { id: s.by.staffId }, select: { name: true } }),
      // The centre's operators (CENTRE_OPERATOR: of ROLE_SETS.monitoringCentre, those who watch the county's units
      // on shift; the administrator is the one who switches what the units may not), on their screen (PUSH: 火警确认
      // holds the live feed for their own pushes), else by SMS (the outbox's fallback, notification.ts fallbackOf) for
      // one with no screen open: hence switches the same way in a row are one notice an hour (modeSwitchScope), and
      // the note's first 35 characters (all an SMS carries) say what and where.
      this.d.prisma.staffUser.findMany({
        where: { role: "CENTRE_OPERATOR", active: true },
        select: { id: true, name: true, phone: true },
        orderBy: { createdAt: "asc" },
        take: MAX_OPERATORS,
      }),
      this.d.prisma.device.count({ where: { unitId: s.unitId, mode: { not: "NORMAL" } } }),
      modeSwitchScope(this.d.prisma, s.unitId, back, s.at),
    ]);
    if (!operators.length) return;
    const unitName = unit?.name ?? "联网单位";
    const role = (STAFF_ROLE_LABEL as Record<string, string>)[s.by.role] ?? "单位人员";
    const by = `${role}${who?.name ? ` ${who.name}` : ""}${s.reason ? `，原因：${s.reason}` : ""}`;
    const device = deviceWords(s.device);
    const kind = (DEVICE_KIND_LABEL as Record<string, string>)[s.device.kind] ?? "设备";
    const effect = switchEffect(s.device.kind);
    const now = outNow ? `${unitName}目前共有 ${outNow} 台设备未正常使用` : `${unitName}的设备目前都在正常使用`;
    const more = `本小时内该单位再有设备${back ? "恢复" : "停用"}不再逐条通知，`;
    const link = `${more}请在消防设施查看：${this.d.baseUrl}/console/facilities?place=unit:${encodeURIComponent(s.unitId)}`;
    const note = back
      ? `${device}已恢复正常使用（${by}）。${effect.back}。${now}；${link}`
      : `${device}转为${DEVICE_MODE_LABEL[s.to]}，${effect.short}（${by}）。这台${kind}在恢复正常使用前，${effect.out}。${now}；${link}`;
    await this.d.notices.send({
      scope,
      kind: back ? "device_mode_restored" : "device_mode_out",
      kindLabel: back ? "设备恢复" : "设备停用",
      address: unitName,
      note,
      to: [{ people: operators.map(staffRecipient), channels: ["PUSH"] }],
    });
  };
}
