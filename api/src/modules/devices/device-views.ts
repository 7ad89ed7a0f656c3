// What residents and staff see of devices: a device's page with its history, the staff's list, and the
// printable QR label (which issues a fresh binding code).
import QRCode from "qrcode";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { bindUrl, nameOf, visibleDevice, type DeviceDeps } from "./device-deps.ts";
import { hashBindToken, newBindToken } from "./device-secrets.ts";
import { outOfServiceSince } from "./device-service-mode.ts";
import { deviceState } from "./device-state.ts";

/** A line for the history, for the events the app writes itself (device messages speak for themselves). */
function eventNote(e: { type: string; source: string; payload: string }): string | null {
  // a carrier platform's detach report (issue 20): the device said nothing, its platform did
  if (e.type === "offline" && (e.source === "ctwing" || e.source === "onenet"))
    return e.source === "ctwing" ? "电信 CTWing 平台报告设备离线" : "移动 OneNET 平台报告设备离线";
  if (e.source !== "app") return null;
  if (e.type === "unbind") return "已从住户解绑";
  if (e.type !== "handover") return null;
  try {
    const p = JSON.parse(e.payload) as { fromName?: string | null; toName?: string | null };
    return p.fromName ? `${p.fromName} 移交给 ${p.toName ?? "家人"}` : `移交给 ${p.toName ?? "家人"}`;
  } catch {
    return null;
  }
}

/** A device with its model and status, as visibleDevice reads it. */
export type SeenDevice = Awaited<ReturnType<typeof visibleDevice>>;

/** GET /api/devices: the caller's devices, by community, health state and whether in normal use, a page */
export interface StaffListQuery {
  communityId?: string | undefined;
  state?: string | undefined;
  /** "true": only those in installation or maintenance mode */
  outOfService?: string | undefined;
  offset: number;
  limit: number;
}

/** How listForStaff answers beyond the query */
export interface StaffListOptions {
  /**
   * false: leave out since when each device has been out of normal use (modeSince null for all), and the audit
   * log's query that says it; for a caller that does not show it (the console's CSV)
   */
  modeSince?: boolean;
}

export class DeviceViews {
  constructor(private readonly deps: Pick<DeviceDeps, "prisma" | "scopes" | "bindBaseUrl">) {}

  /**
   * A device's page. `seen`: the device as visibleDevice reads it, already read and its scope checked by the caller
   * (a unit's people, whose scope is their unit's devices: device-binding.ts).
   */
  async detail(p: Principal, id: string, seen?: SeenDevice) {
    const d = seen ?? (await visibleDevice(this.deps, p, id));
    const events = await this.deps.prisma.deviceEvent.findMany({
      where: { deviceId: id },
      orderBy: { id: "desc" },
      take: 50,
    });
    const responsibleId = d.boundBy?.startsWith("resident:") ? d.boundBy.slice("resident:".length) : null;
    const responsible = responsibleId
      ? await this.deps.prisma.resident.findUnique({
          where: { id: responsibleId },
          select: { id: true, nickname: true, phone: true },
        })
      : null;
    return {
      id: d.id,
      serial: d.serial,
      name: d.name,
      room: d.room,
      mode: d.mode,
      householdId: d.householdId,
      communityId: d.communityId,
      model: {
        id: d.model.id,
        name: d.model.name,
        kind: d.model.kind,
        heartbeatIntervalSec: d.model.heartbeatIntervalSec,
        supportsMute: d.model.supportsMute,
        supportsSelfTest: d.model.supportsSelfTest,
        power: d.model.power,
        network: d.model.network,
      },
      state: deviceState(d.status),
      status: d.status
        ? {
            online: d.status.online,
            lastSeenAt: d.status.lastSeenAt?.toISOString() ?? null,
            battery: d.status.battery,
            rssi: d.status.rssi,
            snr: d.status.snr,
            smoke: d.status.smoke,
            temperature: d.status.temperature,
            smokeAlarm: d.status.smokeAlarm,
            lowBattery: d.status.lowBattery,
            tamper: d.status.tamper,
            fault: d.status.fault,
          }
        : null,
      // the resident answering for the device (who bound it, or to whom it was handed over)
      responsible: responsible ? { residentId: responsible.id, name: nameOf(responsible) } : null,
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        ts: e.ts.toISOString(),
        receivedAt: e.receivedAt.toISOString(),
        note: eventNote(e),
      })),
    };
  }

  async qrSvg(p: Principal, id: string): Promise<string> {
    const d = await visibleDevice(this.deps, p, id);
    if (p.kind === "resident") throw new AppError("FORBIDDEN");
    if (!d.bindTokenHash) throw new AppError("CONFLICT", "设备已绑定，二维码已失效；解绑后会生成新的绑定码");
    // The token is stored only as a hash: printing a QR issues a new token (the old label stops working).
    const token = newBindToken();
    await this.deps.prisma.device.update({ where: { id }, data: { bindTokenHash: hashBindToken(token) } });
    const qr = await QRCode.toString(bindUrl(this.deps, id, token), {
      type: "svg",
      margin: 2,
      errorCorrectionLevel: "M",
    });
    // the serial comes from a registration sheet: text in the SVG is escaped (issue 12 item 7)
    const label = `<text x="50%" y="98%" text-anchor="middle" font-size="3" font-family="sans-serif">${escapeXml(`${d.serial} · ${token}`)}</text>`;
    return qr.replace("</svg>", `${label}</svg>`);
  }

  async listForStaff(p: Principal, q: StaffListQuery, opts: StaffListOptions = {}) {
    const scope = await this.deps.scopes.of(p);
    const where: Record<string, unknown> = {};
    if (scope.kind === "communities") where.communityId = { in: scope.communityIds };
    else if (scope.kind !== "county") where.id = { in: [] };
    if (q.communityId) {
      await this.deps.scopes.assertCommunity(p, q.communityId);
      where.communityId = q.communityId;
    }
    const stateWhere: Record<string, unknown> = {
      never_connected: { OR: [{ status: { is: null } }, { status: { lastSeenAt: null } }] },
      offline: { status: { online: false, lastSeenAt: { not: null } } },
      alarm: { status: { smokeAlarm: true } },
      low_battery: { status: { lowBattery: true } },
      tamper: { status: { tamper: true } },
      fault: { status: { fault: true } },
    };
    if (q.state && stateWhere[q.state]) Object.assign(where, stateWhere[q.state]);
    if (q.outOfService === "true") where.mode = { not: "NORMAL" };
    const [total, rows] = await Promise.all([
      this.deps.prisma.device.count({ where }),
      this.deps.prisma.device.findMany({
        where,
        include: { status: true, model: true },
        orderBy: { id: "asc" },
        skip: q.offset,
        take: q.limit,
      }),
    ]);
    const since = opts.modeSince === false ? new Map<string, Date>() : await outOfServiceSince(this.deps.prisma, rows);
    return {
      total,
      items: rows.map((d) => ({
        id: d.id,
        serial: d.serial,
        name: d.name,
        room: d.room,
        mode: d.mode,
        modelName: d.model.name,
        kind: d.model.kind,
        householdId: d.householdId,
        communityId: d.communityId,
        state: deviceState(d.status),
        battery: d.status?.battery ?? null,
        lastSeenAt: d.status?.lastSeenAt?.toISOString() ?? null,
        modeSince: since.get(d.id)?.toISOString() ?? null,
      })),
    };
  }
}

/** Text for XML content and attribute values: &, <, >, " and ' as entities. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
