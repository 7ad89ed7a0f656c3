// A device's life with a household: binding by the one-time token in the device's QR (checked first, then
// spent), unbinding, hand-over to another member of the home, and editing its room, name and mode (a switch of
// mode audited, device-service-mode.ts). A networked unit's people who answer for its devices (its responsible
// person, manager and safety officer) switch the mode of their unit's devices, on 消防设施, and edit nothing else;
// never a transmission device's (UITD): out of normal use it would silence every fire its panel reports.
import { randomUUID } from "node:crypto";
import { DEVICE_MODE_LABEL } from "../../contract/labels.ts";
import { inRoleSet, maySwitchModeOfKind, ROLE_SETS } from "../../contract/roles.ts";
import type { Prisma, DeviceMode } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { bindUrl, lookUpUnitDevice, nameOf, visibleDevice, type DeviceDeps, type ModeSwitch } from "./device-deps.ts";
import { hashBindToken, newBindToken } from "./device-secrets.ts";
import { modeChangeRow } from "./device-service-mode.ts";
import type { DeviceViews, SeenDevice } from "./device-views.ts";

/** What a resident scanned (the QR link) or typed (serial + code). */
export interface BindingCode {
  qr?: string | undefined;
  serial?: string | undefined;
  bindCode?: string | undefined;
}

/** PATCH /api/devices/:id: a reason goes with a switch of mode (required out of normal use) */
export interface DevicePatch {
  room?: string | undefined;
  name?: string | undefined;
  mode?: DeviceMode | undefined;
  reason?: string | undefined;
}

export interface BindInput extends BindingCode {
  householdId: string;
  room?: string | undefined;
  name?: string | undefined;
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

export class DeviceBinding {
  constructor(
    private readonly deps: DeviceDeps,
    /** a device's page, which bind, handover and update answer with */
    private readonly views: Pick<DeviceViews, "detail">,
  ) {}

  /**
   * A device of one of the caller's units, for a unit's people: "not found" for one of no unit or of another unit,
   * as for any device outside a caller's scope.
   */
  private async unitDevice(p: Principal, id: string): Promise<SeenDevice> {
    const read = this.deps.prisma.device.findUnique({ where: { id }, include: { model: true, status: true } });
    const d = await lookUpUnitDevice(this.deps.units, p, read);
    if (!d.unitId) throw new AppError("NOT_FOUND", "找不到该设备");
    return d;
  }

  /**
   * Tells the monitoring centre of a unit keeper's committed switch (the port the composition root wired): a notice
   * not queued is logged and never fails the switch, which is done.
   */
  private async tell(s: ModeSwitch): Promise<void> {
    try {
      await this.deps.modeSwitchTold?.(s);
    } catch (e) {
      this.deps.log?.warn(
        { err: e, deviceId: s.device.id, auditId: s.auditId },
        "device mode switch not told to the centre",
      );
    }
  }

  /** Parses what a resident scanned (the QR link) or typed (serial + code). */
  private async resolveBinding(input: BindingCode) {
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
      const d = await this.deps.prisma.device.findUnique({ where: { serial: input.serial.trim() } });
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
  async checkBinding(input: BindingCode) {
    const { deviceId, token } = await this.resolveBinding(input);
    const device = await this.deps.prisma.device.findUnique({ where: { id: deviceId }, include: { model: true } });
    if (!device) throw new AppError("BIND_CODE_INVALID");
    if (!device.bindTokenHash) throw new AppError("DEVICE_ALREADY_BOUND");
    if (device.bindTokenHash !== hashBindToken(token)) throw new AppError("BIND_CODE_INVALID");
    return { serial: device.serial, modelName: device.model.name };
  }

  async bind(p: Principal, input: BindInput) {
    await this.deps.scopes.assertHousehold(p, input.householdId);
    const { deviceId, token } = await this.resolveBinding(input);
    const device = await this.deps.prisma.device.findUnique({ where: { id: deviceId } });
    if (!device) throw new AppError("BIND_CODE_INVALID");
    if (!device.bindTokenHash) throw new AppError("DEVICE_ALREADY_BOUND");
    if (device.bindTokenHash !== hashBindToken(token)) throw new AppError("BIND_CODE_INVALID");
    const h = await this.deps.prisma.household.findUniqueOrThrow({
      where: { id: input.householdId },
      select: { unit: { select: { building: { select: { communityId: true } } } } },
    });
    // the token is spent in the same statement that binds: two people scanning at once cannot both win
    const claimed = await this.deps.prisma.device.updateMany({
      where: { id: deviceId, bindTokenHash: device.bindTokenHash },
      data: {
        bindTokenHash: null,
        householdId: input.householdId,
        communityId: h.unit.building.communityId,
        room: input.room ?? device.room,
        name: input.name ?? device.name,
        boundAt: this.deps.clock.now(),
        boundBy: `${p.kind}:${p.id}`,
      },
    });
    if (claimed.count !== 1) throw new AppError("DEVICE_ALREADY_BOUND");
    this.deps.directory.invalidate(deviceId);
    return this.views.detail(p, deviceId);
  }

  /**
   * Unbinding issues a fresh binding code so the next household can bind the device. It takes a home's fire
   * protection away, so among residents only the owner or the device's responsible person may do it (the same
   * rule as hand-over); staff in scope may too. The history keeps who unbound it and when.
   */
  async unbind(p: Principal, id: string) {
    const d = await visibleDevice(this.deps, p, id);
    if (!d.householdId) throw new AppError("CONFLICT", "该设备未绑定住户");
    if (p.kind === "resident") {
      const mine = await this.deps.prisma.householdMember.findUnique({
        where: { householdId_residentId: { householdId: d.householdId, residentId: p.id } },
      });
      if (!mayManage(mine, d.boundBy))
        throw new AppError("FORBIDDEN", "只有户主或这个报警器的负责人可以解绑，请联系户主");
    }
    const token = newBindToken();
    const now = this.deps.clock.now();
    const payload = { by: `${p.kind}:${p.id}`, householdId: d.householdId, boundBy: d.boundBy };
    await this.deps.prisma.$transaction(async (tx) => {
      const moved = await tx.device.updateMany({
        where: { id, householdId: d.householdId },
        data: { householdId: null, boundAt: null, boundBy: null, bindTokenHash: hashBindToken(token) },
      });
      if (moved.count !== 1) throw new AppError("CONFLICT", "这个报警器刚刚已被解绑，请刷新后再试");
      await appEvent(tx, id, "unbind", payload, now);
    });
    this.deps.directory.invalidate(id);
    return { id, bindCode: token, bindQr: bindUrl(this.deps, id, token) };
  }

  /**
   * Hands a device over to another member of its home, who becomes its responsible person (boundBy). The
   * home's owner or the current responsible person may do it (issue 5, flow 2). The change is written into
   * the device's history as an app event ("handover", already processed: the alarm engine never reads it).
   */
  async handover(p: Principal, id: string, residentId: string) {
    const d = await visibleDevice(this.deps, p, id);
    if (!d.householdId) throw new AppError("CONFLICT", "该设备未绑定住户");
    const members = await this.deps.prisma.householdMember.findMany({
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
    const now = this.deps.clock.now();
    const payload = {
      by: `${p.kind}:${p.id}`,
      from: d.boundBy,
      to,
      fromName: from ? nameOf(from.resident) : null,
      toName: nameOf(target.resident),
    };
    await this.deps.prisma.$transaction(async (tx) => {
      // only from the responsible person read above: two hand-overs at once cannot both win
      const moved = await tx.device.updateMany({ where: { id, boundBy: d.boundBy }, data: { boundBy: to } });
      if (moved.count !== 1) throw new AppError("CONFLICT", "这个报警器刚刚已被移交，请刷新后再试");
      await appEvent(tx, id, "handover", payload, now);
    });
    return this.views.detail(p, id);
  }

  /**
   * Renames a device, moves it to another room, or (staff in scope) switches its mode. A switch out of normal
   * use silences the device's fire alarms, so it takes a reason; the switch and its audit entry
   * (device.mode_changed: who, from, to, why) are written in one transaction, and only from the mode read here:
   * of two people switching at once, the second is told to look again. A unit's people (ROLE_SETS.unitDeviceKeepers)
   * switch only the mode, and only of their unit's devices: another's device is "not found", a name or a room refused.
   * Never a transmission device's (UITD): every fire and call point of the unit's panel is raised against it
   * (panels/panel-ingest.ts) and none of a device out of normal use reaches anyone (alarms/alarm-service.ts), so
   * its mode is the monitoring centre's administrator's. A keeper's switch out of normal use, or back into it, is told
   * to the monitoring centre once committed (deps.modeSwitchTold): its fires go unheard meanwhile.
   */
  async update(p: Principal, id: string, patch: DevicePatch) {
    const keeper = p.kind === "staff" && inRoleSet(ROLE_SETS.unitDeviceKeepers, p.role);
    const d = keeper ? await this.unitDevice(p, id) : await visibleDevice(this.deps, p, id);
    if (keeper && (patch.room !== undefined || patch.name !== undefined))
      throw new AppError("FORBIDDEN", "单位人员只能切换设备的模式，不能修改设备的名称或位置");
    if (patch.mode !== undefined && !maySwitchModeOfKind(p.role, d.model.kind))
      throw new AppError(
        "FORBIDDEN",
        "用户信息传输装置的模式只能由监控中心的系统管理员切换：它不在正常使用时，火灾报警控制器报出的火警都不会送到监控中心",
      );
    if (patch.mode && p.kind === "resident") throw new AppError("FORBIDDEN", "只有物业或管理员可以切换安装/维护模式");
    const to = patch.mode && patch.mode !== d.mode ? patch.mode : null;
    const reason = patch.reason?.trim() || null;
    if (to && to !== "NORMAL" && !reason) {
      const message = `转为${DEVICE_MODE_LABEL[to]}须填写原因（如：更换电池、设备检修）`;
      throw new AppError("VALIDATION_FAILED", message, [{ path: "reason", message: "请填写原因" }]);
    }
    const data = {
      ...(patch.room !== undefined ? { room: patch.room } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(to ? { mode: to } : {}),
    };
    let switched: ModeSwitch | null = null;
    if (to) {
      const at = this.deps.clock.now();
      const audit = await this.deps.prisma.$transaction(async (tx) => {
        const moved = await tx.device.updateMany({ where: { id, mode: d.mode }, data });
        if (moved.count !== 1) throw new AppError("CONFLICT", "这台设备的模式刚刚已被他人切换，请刷新后再试");
        return tx.auditEvent.create({
          data: modeChangeRow({ actor: `${p.kind}:${p.id}`, deviceId: id, from: d.mode, to, reason }, at),
          select: { id: true },
        });
      });
      // a unit's keeper taking a device out of normal use, or putting it back: the monitoring centre is told (a switch
      // between the two resting modes changes nothing it would hear)
      if (keeper && d.unitId && (d.mode === "NORMAL") !== (to === "NORMAL")) {
        const device = { id, serial: d.serial, name: d.name, room: d.room, placeName: d.placeName, kind: d.model.kind };
        const by = { staffId: p.id, role: p.role };
        switched = { auditId: audit.id, unitId: d.unitId, device, from: d.mode, to, reason, by, at };
      }
    } else if (Object.keys(data).length) {
      await this.deps.prisma.device.update({ where: { id }, data });
    }
    this.deps.directory.invalidate(id);
    // once committed, and the ingest path's cache told first
    if (switched) await this.tell(switched);
    return keeper ? this.views.detail(p, id, await this.unitDevice(p, id)) : this.views.detail(p, id);
  }
}
