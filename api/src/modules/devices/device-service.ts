// Device registry: registration (one by one or from a CSV/xlsx sheet), binding by the one-time token in the
// device's QR, unbinding, hand-over, commands down to the device, and what residents and staff see.
//
// This file is the registry's face and what it is built with; beside it: device-registration.ts (registering
// devices, one by one or from a sheet), device-binding.ts (binding, unbinding, hand-over, edits),
// device-commands.ts (commands down to a device and the DownlinkPort), device-views.ts (a device's page, the
// staff's list, the QR label) and device-deps.ts (what they share). DeviceService keeps every public member.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { Loop } from "../../shared/loop.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import { DeviceBinding, type BindInput, type BindingCode, type DevicePatch } from "./device-binding.ts";
import { COMMAND_RESEND_EVERY_MS, DeviceCommands, type DownlinkPort } from "./device-commands.ts";
import { bindUrl, type DeviceDeps, type ModeSwitchTold } from "./device-deps.ts";
import type { DeviceDirectory } from "./device-directory.ts";
import type { SheetFields } from "./device-import.ts";
import { DeviceModels } from "./device-models.ts";
import type { DownlinkCommand } from "./device-protocol.ts";
import { DeviceRegistration, type RegisterInput, type Registered } from "./device-registration.ts";
import { DeviceViews, type StaffListOptions, type StaffListQuery } from "./device-views.ts";

export type { RegisterInput, Registered } from "./device-registration.ts";
export { escapeXml } from "./device-views.ts";

export class DeviceService {
  downlink: DownlinkPort | null = null;

  /** the device model catalogue the county registers its devices against */
  readonly models: DeviceModels;

  private readonly deps: DeviceDeps;
  private readonly registration: DeviceRegistration;
  private readonly binding: DeviceBinding;
  private readonly commands: DeviceCommands;
  private readonly views: DeviceViews;
  private readonly resend: Loop;

  constructor(
    prisma: Prisma,
    scopes: ScopeService,
    /** the networked units' scopes (the composition root's): a unit's people switch their unit's devices' modes */
    units: Pick<UnitScopes, "assertUnit">,
    directory: DeviceDirectory,
    clock: Clock,
    bindBaseUrl: string,
    log: Logger,
    /** a unit keeper's switch of mode out of normal use or back, told to the monitoring centre (the composition root's) */
    modeSwitchTold?: ModeSwitchTold,
  ) {
    this.models = new DeviceModels(prisma);
    this.deps = { prisma, scopes, units, directory, clock, bindBaseUrl, log, modeSwitchTold };
    this.registration = new DeviceRegistration(this.deps);
    this.views = new DeviceViews(this.deps);
    this.binding = new DeviceBinding(this.deps, this.views);
    this.commands = new DeviceCommands(
      this.deps,
      () => this.downlink,
      (fields, msg) => log.warn(fields, msg),
    );
    // one sweep: sends what the transport could not take, and gives up what was sent and never answered
    this.resend = new Loop(
      "device-commands",
      async () => (await this.commands.resendPending()) + (await this.commands.closeUnanswered()),
      log,
    );
  }

  bindUrl(deviceId: string, token: string): string {
    return bindUrl(this.deps, deviceId, token);
  }

  // ---- registration (device-registration.ts) ----

  /** Checks a registration row without writing; returns the problem in Chinese or null. */
  validate(input: RegisterInput, p: Principal): Promise<string | null> {
    return this.registration.validate(input, p);
  }

  register(p: Principal, input: RegisterInput): Promise<Registered> {
    return this.registration.register(p, input);
  }

  /** Writes already-validated rows in one transaction: all or nothing. */
  createMany(rows: RegisterInput[]): Promise<Registered[]> {
    return this.registration.createMany(rows);
  }

  /** Turns a sheet row's names (小区, 楼栋, 单元, 房号) into a registration, or says what is wrong. */
  resolveSheetRow(p: Principal, f: SheetFields): Promise<{ input: RegisterInput | null; error: string | null }> {
    return this.registration.resolveSheetRow(p, f);
  }

  // ---- binding, unbinding, hand-over, edits (device-binding.ts) ----

  /** The device a binding code opens, checked before the resident chooses a home (binds nothing). */
  checkBinding(input: BindingCode) {
    return this.binding.checkBinding(input);
  }

  bind(p: Principal, input: BindInput) {
    return this.binding.bind(p, input);
  }

  /** Takes a device from its household and issues a fresh binding code. */
  unbind(p: Principal, id: string) {
    return this.binding.unbind(p, id);
  }

  /** Hands a device over to another member of its home, who becomes its responsible person. */
  handover(p: Principal, id: string, residentId: string) {
    return this.binding.handover(p, id, residentId);
  }

  /** Room and name; staff switch the mode, with a reason out of normal use (audited as device.mode_changed). */
  update(p: Principal, id: string, patch: DevicePatch) {
    return this.binding.update(p, id, patch);
  }

  // ---- commands (device-commands.ts) ----

  sendCommand(p: Principal, id: string, type: DownlinkCommand, params: Record<string, unknown> = {}) {
    return this.commands.sendCommand(p, id, type, params);
  }

  /**
   * sends, every `pollMs` (default 5 s) from now on, the commands the transport could not take when asked, and
   * gives up those sent and never answered in time (超时未确认)
   */
  startCommandResend(pollMs = COMMAND_RESEND_EVERY_MS): void {
    this.resend.start(pollMs);
  }

  /** stops the resend sweep, waiting for its round under way */
  close(): Promise<void> {
    return this.resend.stop();
  }

  // ---- what residents and staff see (device-views.ts) ----

  /** The device's page: its state, history and (GET /api/devices/:id only) the last commands people sent it. */
  async detail(p: Principal, id: string) {
    const d = await this.views.detail(p, id);
    return { ...d, commands: await this.commands.recent(id) };
  }

  qrSvg(p: Principal, id: string): Promise<string> {
    return this.views.qrSvg(p, id);
  }

  listForStaff(p: Principal, q: StaffListQuery, opts?: StaffListOptions) {
    return this.views.listForStaff(p, q, opts);
  }
}
