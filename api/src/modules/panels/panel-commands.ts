// Commands down to transmission devices that reach them on whichever API instance they are connected to
// (issue 16: several instances behind a TCP load balancer). A command is a DeviceCommand row, PENDING until
// the gateway that holds the device's connection claims it (PENDING -> SENT, one conditional update, so
// exactly one instance sends it); the device's confirm makes it ACKED, no confirm after the resends FAILED.
// Every instance's gateway polls for pending rows and claims only those of devices connected to it; a row
// nobody claims within the time to live (the device is connected nowhere) is FAILED as "not_connected".
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";

/** duty check (type 91), and "read the device's settings again" (its profile or patrol interval changed) */
export const PANEL_COMMAND_TYPES = ["gb26875.duty_check", "gb26875.reload"] as const;
export type PanelCommandType = (typeof PANEL_COMMAND_TYPES)[number];

export interface PanelCommand {
  id: string;
  deviceId: string;
  type: PanelCommandType;
  params: Record<string, unknown>;
}

export interface PanelCommandOptions {
  /** a row not claimed within this is given up (the device is not connected anywhere) */
  ttlMs: number;
  /** rows read per poll */
  batch: number;
}

export const DEFAULT_PANEL_COMMANDS: PanelCommandOptions = { ttlMs: 10 * 60_000, batch: 500 };
/**
 * A claim older than this without a settle belongs to an instance that died after claiming (the standard's
 * confirm wait and resends are far shorter): the row is offered again. The claim's time is kept in `result`
 * ("claimed@<ms>") until the row is settled.
 */
export const STALE_CLAIM_MS = 2 * 60_000;
const CLAIMED = "claimed@";
const MAX_DEVICES = 50;

export class PanelCommands {
  private readonly opts: PanelCommandOptions;
  /** set by this instance's gateway: rows were queued, look now rather than at the next poll */
  kick: (() => void) | null = null;

  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    opts: Partial<PanelCommandOptions> = {},
  ) {
    this.opts = { ...DEFAULT_PANEL_COMMANDS, ...opts };
  }

  /** Queues one command per device (at most 50); returns the rows' ids. */
  async enqueue(
    deviceIds: readonly string[],
    type: PanelCommandType,
    params: Record<string, unknown>,
    requestedBy: string,
  ): Promise<string[]> {
    const ids: string[] = [];
    const createdAt = this.clock.now();
    // a device removed meanwhile has nothing to be sent
    const existing = await this.prisma.device.findMany({
      where: { id: { in: deviceIds.slice(0, MAX_DEVICES) } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    for (const { id: deviceId } of existing) {
      const row = await this.prisma.deviceCommand.create({
        data: { deviceId, type, params: JSON.stringify(params), requestedBy: requestedBy.slice(0, 100), createdAt },
        select: { id: true },
      });
      ids.push(row.id);
    }
    if (ids.length) this.kick?.();
    return ids;
  }

  /** Pending rows still within their time to live, oldest first. */
  async pending(): Promise<PanelCommand[]> {
    const since = new Date(this.clock.now().getTime() - this.opts.ttlMs);
    const rows = await this.prisma.deviceCommand.findMany({
      where: { status: "PENDING", type: { in: [...PANEL_COMMAND_TYPES] }, createdAt: { gte: since } },
      select: { id: true, deviceId: true, type: true, params: true },
      orderBy: { createdAt: "asc" },
      take: this.opts.batch,
    });
    return rows.map((r) => ({
      id: r.id,
      deviceId: r.deviceId,
      type: r.type as PanelCommandType,
      params: parseParams(r.params),
    }));
  }

  /** Takes a pending row for this instance; false when another instance took it (or it expired). */
  async claim(id: string): Promise<boolean> {
    const r = await this.prisma.deviceCommand.updateMany({
      where: { id, status: "PENDING" },
      data: { status: "SENT", result: `${CLAIMED}${this.clock.now().getTime()}` },
    });
    return r.count === 1;
  }

  /** Gives a claimed row back: its connection ended before the device confirmed it; the next holder sends it. */
  async release(id: string): Promise<void> {
    await this.prisma.deviceCommand.updateMany({
      where: { id, status: "SENT" },
      data: { status: "PENDING", result: null },
    });
  }

  /** The device confirmed it (ACKED) or did not, after the resends (FAILED). */
  async settle(id: string, ok: boolean, result?: string): Promise<void> {
    await this.prisma.deviceCommand.updateMany({
      where: { id, status: { in: ["PENDING", "SENT"] } },
      data: {
        status: ok ? "ACKED" : "FAILED",
        result: (result ?? (ok ? "ok" : "no_confirm")).slice(0, 32),
        ackedAt: this.clock.now(),
      },
    });
  }

  /**
   * Gives up rows no instance claimed in time (their device is connected nowhere), and offers again rows
   * claimed by an instance that died before the device confirmed them.
   */
  async expire(): Promise<number> {
    const now = this.clock.now().getTime();
    const claimed = await this.prisma.deviceCommand.findMany({
      where: { status: "SENT", type: { in: [...PANEL_COMMAND_TYPES] }, result: { startsWith: CLAIMED } },
      select: { id: true, result: true },
      orderBy: { createdAt: "asc" },
      take: this.opts.batch,
    });
    for (const c of claimed) {
      const at = Number(c.result!.slice(CLAIMED.length));
      if (Number.isFinite(at) && at > now - STALE_CLAIM_MS) continue;
      await this.prisma.deviceCommand.updateMany({
        where: { id: c.id, status: "SENT", result: c.result },
        data: { status: "PENDING", result: null },
      });
    }
    const before = new Date(now - this.opts.ttlMs);
    const r = await this.prisma.deviceCommand.updateMany({
      where: { status: "PENDING", type: { in: [...PANEL_COMMAND_TYPES] }, createdAt: { lt: before } },
      data: { status: "FAILED", result: "not_connected" },
    });
    return r.count;
  }

  /** Devices with a settings change not yet applied to their live session (for the console). */
  async reloadsWaiting(deviceIds: readonly string[]): Promise<Set<string>> {
    if (!deviceIds.length) return new Set();
    const since = new Date(this.clock.now().getTime() - this.opts.ttlMs);
    const rows = await this.prisma.deviceCommand.findMany({
      where: {
        deviceId: { in: deviceIds.slice(0, 500) },
        type: "gb26875.reload",
        status: { in: ["PENDING", "SENT"] },
        createdAt: { gte: since },
      },
      select: { deviceId: true },
      take: 500,
    });
    return new Set(rows.map((r) => r.deviceId));
  }
}

function parseParams(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
