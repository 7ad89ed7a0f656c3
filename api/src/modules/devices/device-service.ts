// Device registry: registration (one by one or from a CSV/xlsx sheet), binding by the one-time token in the
// device's QR, unbinding, hand-over, commands down to the device, and what residents and staff see.
import { DeviceModels } from "./device-models.ts";
import { randomUUID } from "node:crypto";
import QRCode from "qrcode";
import type { Prisma, DeviceMode } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import type { DeviceDirectory } from "./device-directory.ts";
import { hashBindToken, hashDeviceSecret, newBindToken, newDeviceSecret } from "./device-secrets.ts";
import { deviceState } from "./device-state.ts";
import type { DownlinkCommand } from "./device-protocol.ts";
import type { SheetFields } from "./device-import.ts";
import { serialProblem } from "./device-serial.ts";
import { smokeStillHigh } from "../alarms/alarm.ts";

/** Sends a command to a device; implemented by the MQTT transport. */
export interface DownlinkPort {
  send(deviceId: string, payload: Record<string, unknown>): Promise<void>;
}

export interface RegisterInput {
  id?: string | undefined;
  serial: string;
  modelId: string;
  communityId?: string | null | undefined;
  householdId?: string | null | undefined;
  room?: string | null | undefined;
  name?: string | null | undefined;
  mode?: DeviceMode | undefined;
}

export interface Registered {
  id: string;
  serial: string;
  secret: string;
  bindCode: string;
  bindQr: string;
}

const DEVICE_ID = /^[A-Za-z0-9_-]{4,23}$/; // 23: the MQTT 3.1.1 client id length every broker must accept

/** How a resident is named to their family: their nickname, else their masked phone number. */
function nameOf(r: { nickname: string | null; phone: string | null }): string {
  return r.nickname ?? (r.phone ? maskPhone(r.phone) : "家人");
}

/** Among residents, who may hand a device over or unbind it: the home's owner or the device's responsible person. */
function mayManage(member: { role: string; residentId: string } | null | undefined, boundBy: string | null): boolean {
  return !!member && (member.role === "OWNER" || boundBy === `resident:${member.residentId}`);
}

/**
 * A line the app writes into a device's history (hand-over, unbinding), already processed: the alarm engine
 * never reads it. Its message id is unique, so it never meets a device's own.
 */
function appEvent(
  tx: Pick<Prisma, "deviceEvent">,
  deviceId: string,
  type: "handover" | "unbind",
  payload: Record<string, unknown>,
  at: Date,
) {
  return tx.deviceEvent.create({
    data: {
      deviceId,
      msgId: `${type}-${randomUUID()}`,
      type,
      ts: at,
      receivedAt: at,
      source: "app",
      payload: JSON.stringify(payload),
      processed: true,
    },
  });
}

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

export class DeviceService {
  downlink: DownlinkPort | null = null;

  /** the device model catalogue the county registers its devices against */
  readonly models: DeviceModels;

  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
    private readonly directory: DeviceDirectory,
    private readonly clock: Clock,
    private readonly bindBaseUrl: string,
  ) {
    this.models = new DeviceModels(prisma);
  }

  bindUrl(deviceId: string, token: string): string {
    return `${this.bindBaseUrl}/bind?d=${encodeURIComponent(deviceId)}&t=${token}`;
  }

  /** Checks a registration row without writing; returns the problem in Chinese or null. */
  async validate(input: RegisterInput, p: Principal): Promise<string | null> {
    const id = input.id ?? input.serial;
    if (!DEVICE_ID.test(id)) return `设备编号“${id}”无效：应为 4-23 位字母、数字、- 或 _`;
    if (!(await this.prisma.deviceModel.findUnique({ where: { id: input.modelId } })))
      return `未知的设备型号“${input.modelId}”`;
    if (await this.prisma.device.findFirst({ where: { OR: [{ id }, { serial: input.serial }] } }))
      return `设备“${input.serial}”已登记`;
    if (input.householdId) {
      try {
        await this.scopes.assertHousehold(p, input.householdId);
      } catch {
        return "住户不存在或不在您的管辖范围";
      }
    }
    if (input.communityId) {
      try {
        await this.scopes.assertCommunity(p, input.communityId);
      } catch {
        return "小区不存在或不在您的管辖范围";
      }
    }
    return null;
  }

  async register(p: Principal, input: RegisterInput): Promise<Registered> {
    const problem = await this.validate(input, p);
    if (problem) throw new AppError("VALIDATION_FAILED", problem);
    return (await this.createMany([input]))[0]!;
  }

  /** Writes already-validated rows in one transaction: all or nothing. */
  async createMany(rows: RegisterInput[]): Promise<Registered[]> {
    const out: Registered[] = [];
    const data = [];
    for (const r of rows) {
      const id = r.id ?? r.serial;
      const secret = newDeviceSecret();
      const token = newBindToken();
      let communityId = r.communityId ?? null;
      if (r.householdId && !communityId) {
        const h = await this.prisma.household.findUnique({
          where: { id: r.householdId },
          select: { unit: { select: { building: { select: { communityId: true } } } } },
        });
        communityId = h?.unit.building.communityId ?? null;
      }
      data.push({
        id,
        serial: r.serial,
        modelId: r.modelId,
        secretHash: hashDeviceSecret(secret),
        mode: r.mode ?? "NORMAL",
        communityId,
        householdId: r.householdId ?? null,
        room: r.room ?? null,
        name: r.name ?? null,
        bindTokenHash: r.householdId ? null : hashBindToken(token),
        boundAt: r.householdId ? this.clock.now() : null,
      });
      out.push({ id, serial: r.serial, secret, bindCode: token, bindQr: this.bindUrl(id, token) });
    }
    await this.prisma.$transaction(data.map((d) => this.prisma.device.create({ data: d })));
    return out;
  }

  /** Turns a sheet row's names (小区, 楼栋, 单元, 房号) into a registration, or says what is wrong. */
  async resolveSheetRow(p: Principal, f: SheetFields): Promise<{ input: RegisterInput | null; error: string | null }> {
    if (!f.serial || !f.modelId) return { input: null, error: "缺少序列号或型号" };
    const badSerial = serialProblem(f.serial);
    if (badSerial) return { input: null, error: badSerial };
    const mode = f.mode
      ? (({ 正常: "NORMAL", 安装: "INSTALLATION", 维护: "MAINTENANCE" } as Record<string, DeviceMode>)[f.mode] ??
        (["NORMAL", "INSTALLATION", "MAINTENANCE"].includes(f.mode) ? (f.mode as DeviceMode) : null))
      : "NORMAL";
    if (!mode) return { input: null, error: `模式“${f.mode}”无效：应为 正常、安装 或 维护` };
    const input: RegisterInput = {
      serial: f.serial,
      modelId: f.modelId,
      id: f.id,
      room: f.room ?? null,
      name: f.name ?? null,
      mode,
    };
    if (!f.community) return { input, error: null };
    const scope = await this.scopes.of(p);
    const community = await this.prisma.community.findFirst({
      where: { name: f.community, ...this.scopes.communityWhere(scope) },
    });
    if (!community) return { input: null, error: `找不到小区“${f.community}”，或不在您的管辖范围` };
    input.communityId = community.id;
    if (f.building || f.unit || f.roomNo) {
      if (!f.building || !f.unit || !f.roomNo) return { input: null, error: "楼栋、单元、房号需要同时填写" };
      const h = await this.prisma.household.findFirst({
        where: { roomNo: f.roomNo, unit: { name: f.unit, building: { name: f.building, communityId: community.id } } },
      });
      if (!h) return { input: null, error: `找不到住户“${f.community} ${f.building} ${f.unit} ${f.roomNo}”` };
      input.householdId = h.id;
    }
    return { input, error: null };
  }

  /** Parses what a resident scanned (the QR link) or typed (serial + code). */
  private async resolveBinding(input: {
    qr?: string | undefined;
    serial?: string | undefined;
    bindCode?: string | undefined;
  }) {
    let deviceId: string | null = null;
    let token: string | null = null;
    if (input.qr) {
      try {
        const u = new URL(input.qr.trim());
        deviceId = u.searchParams.get("d");
        token = u.searchParams.get("t");
      } catch {
        /* not a link */
      }
    } else if (input.serial && input.bindCode) {
      const d = await this.prisma.device.findUnique({ where: { serial: input.serial.trim() } });
      deviceId = d?.id ?? null;
      token = input.bindCode;
    }
    if (!deviceId || !token) throw new AppError("BIND_CODE_INVALID");
    return { deviceId, token };
  }

  /**
   * The device a scanned or typed binding code opens, checked before the resident chooses a home and a room
   * (issue 22: a wrong code is refused at step 1, where it can be corrected). Binds nothing, spends nothing.
   */
  async checkBinding(input: { qr?: string | undefined; serial?: string | undefined; bindCode?: string | undefined }) {
    const { deviceId, token } = await this.resolveBinding(input);
    const device = await this.prisma.device.findUnique({ where: { id: deviceId }, include: { model: true } });
    if (!device) throw new AppError("BIND_CODE_INVALID");
    if (!device.bindTokenHash) throw new AppError("DEVICE_ALREADY_BOUND");
    if (device.bindTokenHash !== hashBindToken(token)) throw new AppError("BIND_CODE_INVALID");
    return { serial: device.serial, modelName: device.model.name };
  }

  async bind(
    p: Principal,
    input: {
      qr?: string | undefined;
      serial?: string | undefined;
      bindCode?: string | undefined;
      householdId: string;
      room?: string | undefined;
      name?: string | undefined;
    },
  ) {
    await this.scopes.assertHousehold(p, input.householdId);
    const { deviceId, token } = await this.resolveBinding(input);
    const device = await this.prisma.device.findUnique({ where: { id: deviceId } });
    if (!device) throw new AppError("BIND_CODE_INVALID");
    if (!device.bindTokenHash) throw new AppError("DEVICE_ALREADY_BOUND");
    if (device.bindTokenHash !== hashBindToken(token)) throw new AppError("BIND_CODE_INVALID");
    const h = await this.prisma.household.findUniqueOrThrow({
      where: { id: input.householdId },
      select: { unit: { select: { building: { select: { communityId: true } } } } },
    });
    // the token is spent in the same statement that binds: two people scanning at once cannot both win
    const claimed = await this.prisma.device.updateMany({
      where: { id: deviceId, bindTokenHash: device.bindTokenHash },
      data: {
        bindTokenHash: null,
        householdId: input.householdId,
        communityId: h.unit.building.communityId,
        room: input.room ?? device.room,
        name: input.name ?? device.name,
        boundAt: this.clock.now(),
        boundBy: `${p.kind}:${p.id}`,
      },
    });
    if (claimed.count !== 1) throw new AppError("DEVICE_ALREADY_BOUND");
    this.directory.invalidate(deviceId);
    return this.detail(p, deviceId);
  }

  private async visibleDevice(p: Principal, id: string) {
    const d = await this.prisma.device.findUnique({ where: { id }, include: { model: true, status: true } });
    if (!d) throw new AppError("NOT_FOUND", "找不到该设备");
    if (!this.scopes.covers(await this.scopes.of(p), d)) throw new AppError("NOT_FOUND", "找不到该设备");
    return d;
  }

  /**
   * Unbinding issues a fresh binding code so the next household can bind the device. It takes a home's fire
   * protection away, so among residents only the owner or the device's responsible person may do it (the same
   * rule as hand-over); staff in scope may too. The history keeps who unbound it and when.
   */
  async unbind(p: Principal, id: string) {
    const d = await this.visibleDevice(p, id);
    if (!d.householdId) throw new AppError("CONFLICT", "该设备未绑定住户");
    if (p.kind === "resident") {
      const mine = await this.prisma.householdMember.findUnique({
        where: { householdId_residentId: { householdId: d.householdId, residentId: p.id } },
      });
      if (!mayManage(mine, d.boundBy))
        throw new AppError("FORBIDDEN", "只有户主或这个报警器的负责人可以解绑，请联系户主");
    }
    const token = newBindToken();
    const now = this.clock.now();
    const payload = { by: `${p.kind}:${p.id}`, householdId: d.householdId, boundBy: d.boundBy };
    await this.prisma.$transaction(async (tx) => {
      const moved = await tx.device.updateMany({
        where: { id, householdId: d.householdId },
        data: { householdId: null, boundAt: null, boundBy: null, bindTokenHash: hashBindToken(token) },
      });
      if (moved.count !== 1) throw new AppError("CONFLICT", "这个报警器刚刚已被解绑，请刷新后再试");
      await appEvent(tx, id, "unbind", payload, now);
    });
    this.directory.invalidate(id);
    return { id, bindCode: token, bindQr: this.bindUrl(id, token) };
  }

  /**
   * Hands a device over to another member of its home, who becomes its responsible person (boundBy). The
   * home's owner or the current responsible person may do it (issue 5, flow 2). The change is written into
   * the device's history as an app event ("handover", already processed: the alarm engine never reads it).
   */
  async handover(p: Principal, id: string, residentId: string) {
    const d = await this.visibleDevice(p, id);
    if (!d.householdId) throw new AppError("CONFLICT", "该设备未绑定住户");
    const members = await this.prisma.householdMember.findMany({
      where: { householdId: d.householdId },
      include: { resident: true },
    });
    const mine = p.kind === "resident" ? members.find((m) => m.residentId === p.id) : undefined;
    if (!mayManage(mine, d.boundBy)) throw new AppError("FORBIDDEN", "只有户主或这个报警器的负责人可以把它移交给家人");
    const target = members.find((m) => m.residentId === residentId);
    if (!target) throw new AppError("VALIDATION_FAILED", "只能移交给这户的家庭成员，请先邀请对方加入家庭");
    const to = `resident:${residentId}`;
    if (d.boundBy === to) throw new AppError("CONFLICT", "对方已经是这个报警器的负责人");
    const from = members.find((m) => `resident:${m.residentId}` === d.boundBy);
    const now = this.clock.now();
    const payload = {
      by: `${p.kind}:${p.id}`,
      from: d.boundBy,
      to,
      fromName: from ? nameOf(from.resident) : null,
      toName: nameOf(target.resident),
    };
    await this.prisma.$transaction(async (tx) => {
      // only from the responsible person read above: two hand-overs at once cannot both win
      const moved = await tx.device.updateMany({ where: { id, boundBy: d.boundBy }, data: { boundBy: to } });
      if (moved.count !== 1) throw new AppError("CONFLICT", "这个报警器刚刚已被移交，请刷新后再试");
      await appEvent(tx, id, "handover", payload, now);
    });
    return this.detail(p, id);
  }

  async update(
    p: Principal,
    id: string,
    patch: { room?: string | undefined; name?: string | undefined; mode?: DeviceMode | undefined },
  ) {
    await this.visibleDevice(p, id);
    if (patch.mode && p.kind === "resident") throw new AppError("FORBIDDEN", "只有物业或管理员可以切换安装/维护模式");
    await this.prisma.device.update({
      where: { id },
      data: {
        ...(patch.room !== undefined ? { room: patch.room } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.mode ? { mode: patch.mode } : {}),
      },
    });
    this.directory.invalidate(id);
    return this.detail(p, id);
  }

  async detail(p: Principal, id: string) {
    const d = await this.visibleDevice(p, id);
    const events = await this.prisma.deviceEvent.findMany({
      where: { deviceId: id },
      orderBy: { id: "desc" },
      take: 50,
    });
    const responsibleId = d.boundBy?.startsWith("resident:") ? d.boundBy.slice("resident:".length) : null;
    const responsible = responsibleId
      ? await this.prisma.resident.findUnique({
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

  async sendCommand(p: Principal, id: string, type: DownlinkCommand, params: Record<string, unknown> = {}) {
    const d = await this.visibleDevice(p, id);
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
    const cmd = await this.prisma.deviceCommand.create({
      data: { deviceId: id, type, params: JSON.stringify(params), requestedBy: `${p.kind}:${p.id}` },
    });
    if (this.downlink) {
      await this.downlink.send(id, { id: cmd.id, ts: this.clock.now().getTime(), type, ...params });
      await this.prisma.deviceCommand.update({ where: { id: cmd.id }, data: { status: "SENT" } });
    }
    return { id: cmd.id, type, status: this.downlink ? "SENT" : "PENDING" };
  }

  async qrSvg(p: Principal, id: string): Promise<string> {
    const d = await this.visibleDevice(p, id);
    if (p.kind === "resident") throw new AppError("FORBIDDEN");
    if (!d.bindTokenHash) throw new AppError("CONFLICT", "设备已绑定，二维码已失效；解绑后会生成新的绑定码");
    // The token is stored only as a hash: printing a QR issues a new token (the old label stops working).
    const token = newBindToken();
    await this.prisma.device.update({ where: { id }, data: { bindTokenHash: hashBindToken(token) } });
    const qr = await QRCode.toString(this.bindUrl(id, token), { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    // the serial comes from a registration sheet: text in the SVG is escaped (issue 12 item 7)
    const label = `<text x="50%" y="98%" text-anchor="middle" font-size="3" font-family="sans-serif">${escapeXml(`${d.serial} · ${token}`)}</text>`;
    return qr.replace("</svg>", `${label}</svg>`);
  }

  async listForStaff(
    p: Principal,
    q: { communityId?: string | undefined; state?: string | undefined; offset: number; limit: number },
  ) {
    const scope = await this.scopes.of(p);
    const where: Record<string, unknown> = {};
    if (scope.kind === "communities") where.communityId = { in: scope.communityIds };
    else if (scope.kind !== "county") where.id = { in: [] };
    if (q.communityId) {
      await this.scopes.assertCommunity(p, q.communityId);
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
    const [total, rows] = await Promise.all([
      this.prisma.device.count({ where }),
      this.prisma.device.findMany({
        where,
        include: { status: true, model: true },
        orderBy: { id: "asc" },
        skip: q.offset,
        take: q.limit,
      }),
    ]);
    return {
      total,
      items: rows.map((d) => ({
        id: d.id,
        serial: d.serial,
        name: d.name,
        room: d.room,
        mode: d.mode,
        modelName: d.model.name,
        householdId: d.householdId,
        communityId: d.communityId,
        state: deviceState(d.status),
        battery: d.status?.battery ?? null,
        lastSeenAt: d.status?.lastSeenAt?.toISOString() ?? null,
      })),
    };
  }
}

/** Text for XML content and attribute values: &, <, >, " and ' as entities. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
