// Registering devices, one by one or from a CSV/xlsx sheet: each gets its secret and a one-time binding code
// (the token in its QR) unless it is registered straight into a household.
import type { DeviceMode } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { bindUrl, type DeviceDeps } from "./device-deps.ts";
import type { SheetFields } from "./device-import.ts";
import { hashBindToken, hashDeviceSecret, newBindToken, newDeviceSecret } from "./device-secrets.ts";
import { serialProblem } from "./device-serial.ts";

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

export class DeviceRegistration {
  constructor(private readonly deps: Pick<DeviceDeps, "prisma" | "scopes" | "clock" | "bindBaseUrl">) {}

  /** Checks a registration row without writing; returns the problem in Chinese or null. */
  async validate(input: RegisterInput, p: Principal): Promise<string | null> {
    const id = input.id ?? input.serial;
    if (!DEVICE_ID.test(id)) return `设备编号“${id}”无效：应为 4-23 位字母、数字、- 或 _`;
    if (!(await this.deps.prisma.deviceModel.findUnique({ where: { id: input.modelId } })))
      return `未知的设备型号“${input.modelId}”`;
    if (await this.deps.prisma.device.findFirst({ where: { OR: [{ id }, { serial: input.serial }] } }))
      return `设备“${input.serial}”已登记`;
    if (input.householdId) {
      try {
        await this.deps.scopes.assertHousehold(p, input.householdId);
      } catch {
        return "住户不存在或不在您的管辖范围";
      }
    }
    if (input.communityId) {
      try {
        await this.deps.scopes.assertCommunity(p, input.communityId);
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
    // the app's clock, not the database's default: since when a device never switched has been out of normal
    // use counts from here (device-service-mode.ts), and a test's clock must move it
    const now = this.deps.clock.now();
    for (const r of rows) {
      const id = r.id ?? r.serial;
      const secret = newDeviceSecret();
      const token = newBindToken();
      let communityId = r.communityId ?? null;
      if (r.householdId && !communityId) {
        const h = await this.deps.prisma.household.findUnique({
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
        registeredAt: now,
        boundAt: r.householdId ? now : null,
      });
      out.push({ id, serial: r.serial, secret, bindCode: token, bindQr: bindUrl(this.deps, id, token) });
    }
    await this.deps.prisma.$transaction(data.map((d) => this.deps.prisma.device.create({ data: d })));
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
    const scope = await this.deps.scopes.of(p);
    const community = await this.deps.prisma.community.findFirst({
      where: { name: f.community, ...this.deps.scopes.communityWhere(scope) },
    });
    if (!community) return { input: null, error: `找不到小区“${f.community}”，或不在您的管辖范围` };
    input.communityId = community.id;
    if (f.building || f.unit || f.roomNo) {
      if (!f.building || !f.unit || !f.roomNo) return { input: null, error: "楼栋、单元、房号需要同时填写" };
      const h = await this.deps.prisma.household.findFirst({
        where: { roomNo: f.roomNo, unit: { name: f.unit, building: { name: f.building, communityId: community.id } } },
      });
      if (!h) return { input: null, error: `找不到住户“${f.community} ${f.building} ${f.unit} ${f.roomNo}”` };
      input.householdId = h.id;
    }
    return { input, error: null };
  }
}
