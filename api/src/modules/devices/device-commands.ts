// Commands down to a device (mute, self-test, heartbeat interval): checked against its model and state,
// recorded as a DeviceCommand, and sent through the downlink once a transport has set one.
//
// A command the device transport cannot take at once (the broker thread starting again, the external broker
// out of reach, the API just started) stays PENDING and is not lost: every instance's resend sweep sends it
// once the transport is back, while it is still worth sending (COMMAND_TTL_MS: a mute two minutes late is
// no longer the mute the resident asked for), and marks it FAILED with the result "EXPIRED" after that. A
// command is held (leaseUntil) by whoever is sending it, so two instances never send it at once; a process
// that died holding one leaves it to the sweep once the lease lapses (sent at least once: the three commands
// do the same thing twice). A kept mute is not sent once the device's smoke is high: it would silence a fire.
//
// A command sent (SENT) waits for the device's answer (command_ack) for a bounded time, ANSWER_WITHIN_MS: a
// device on MQTT is connected when it is published and answers within seconds; one relayed by its carrier
// platform (it has a platformCommandId) is kept by the platform until the sleeping NB-IoT device next wakes (a
// day) and answered after. No answer by then and the command is final: FAILED with the result ACK_TIMEOUT, which
// people read as 超时未确认 (CommandStatus has no such value; no schema change). The time an answer is due is kept
// in leaseUntil, which a SENT command does not otherwise use: stamped by the first sweep round that sees it sent
// (on any instance: one conditional update), and the round that finds it past gives it up (one conditional
// update: an answer that came first stays ACKED). An answer later than that is kept in the device's history and
// changes nothing. This sweep sends nothing, so it never sends a command twice. It settles every family of
// commands sent as DeviceCommand rows but the panels' (gb26875.*), whose gateway settles them after its confirm
// wait and resends (panels/panel-commands.ts): a person's, and linkage's sounder commands.
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { smokeStillHigh } from "../alarms/alarm.ts";
import { visibleDevice, type DeviceDeps } from "./device-deps.ts";
import { DOWNLINK_COMMANDS, type DownlinkCommand } from "./device-protocol.ts";

/** Sends a command to a device; implemented by the MQTT transport. */
export interface DownlinkPort {
  send(deviceId: string, payload: Record<string, unknown>): Promise<void>;
}

/** How long a person's command stays worth sending when the transport could not take it at once. */
export const COMMAND_TTL_MS: Readonly<Record<DownlinkCommand, number>> = {
  mute: 2 * 60_000,
  self_test: 10 * 60_000,
  set_heartbeat_interval: 24 * 3600_000,
};
/** a sender holds a command this long; a process that died holding it leaves it to the sweep after that */
export const COMMAND_LEASE_MS = 30_000;
/** the resend sweep's poll */
export const COMMAND_RESEND_EVERY_MS = 5_000;
/** a command the transport could not take is tried again after this (the next poll or the one after) */
export const COMMAND_RETRY_MS = 5_000;
const RESEND_TAKE = 50; // commands a sweep round sends; the loop runs rounds until none is due

/**
 * How long a sent command's answer is awaited. `direct`: MQTT, the device connected when it is published.
 * `platform`: a carrier platform keeps the command a day for the sleeping device (PLATFORM_KEEPS_COMMAND_SEC,
 * transport/carriers/carrier-command.ts), and pushes the device's answer when it wakes: a day and an hour.
 */
export const ANSWER_WITHIN_MS = { direct: 2 * 60_000, platform: 25 * 3600_000 } as const;
/** the result of a command sent and never answered in time: 超时未确认 */
export const ANSWER_TIMEOUT = "ACK_TIMEOUT";
const ANSWER_TAKE = 200; // sent commands a round stamps, and as many it gives up; the loop runs rounds until none

/** the commands the answer sweep settles: all but the panels' queue (gb26875.*), which their gateway settles */
const NOT_PANEL = { NOT: { type: { startsWith: "gb26875." } } };

/** A person's command as the device's page shows it (newest first). */
export interface CommandEntry {
  id: string;
  type: DownlinkCommand;
  /** waiting to be sent, sent and awaiting the answer, done, no answer in time, never sent in time, refused */
  outcome: "waiting" | "sent" | "done" | "timeout" | "expired" | "refused";
  /** when it was asked for */
  at: string;
}
/** the commands a device's page lists */
export const RECENT_COMMANDS = 5;

/** the sweep sends the shortest-lived first: a mute must not wait behind a day's heartbeat settings */
const BY_URGENCY = [...DOWNLINK_COMMANDS].sort((a, b) => COMMAND_TTL_MS[a] - COMMAND_TTL_MS[b]);

/** a command no one holds now */
const unheld = (now: Date) => ({ OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });

interface CommandRow {
  id: string;
  deviceId: string;
  type: string;
  params: string;
  createdAt: Date;
}

export interface CommandOutcome {
  id: string;
  type: DownlinkCommand;
  status: "PENDING" | "SENT";
  /** PENDING: the time after which it is no longer sent */
  until?: string;
}

export class DeviceCommands {
  constructor(
    private readonly deps: Pick<DeviceDeps, "prisma" | "scopes" | "clock">,
    /** the downlink as it stands (DeviceService.downlink: set once the transport started, else null) */
    private readonly downlink: () => DownlinkPort | null,
    private readonly warn: (fields: Record<string, unknown>, msg: string) => void = () => {},
  ) {}

  async sendCommand(
    p: Principal,
    id: string,
    type: DownlinkCommand,
    params: Record<string, unknown> = {},
  ): Promise<CommandOutcome> {
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
    const now = this.deps.clock.now();
    // held by this request from the start, so a sweep elsewhere does not send it beside us
    const cmd = await this.deps.prisma.deviceCommand.create({
      data: {
        deviceId: id,
        type,
        params: JSON.stringify(params),
        requestedBy: `${p.kind}:${p.id}`,
        leaseUntil: new Date(now.getTime() + COMMAND_LEASE_MS),
        createdAt: now, // its time to live counts on the clock the sweep reads
      },
      select: { id: true, deviceId: true, type: true, params: true, createdAt: true },
    });
    const sent = await this.deliver(cmd);
    if (sent) return { id: cmd.id, type, status: "SENT" };
    return {
      id: cmd.id,
      type,
      status: "PENDING",
      until: new Date(cmd.createdAt.getTime() + COMMAND_TTL_MS[type]).toISOString(),
    };
  }

  /**
   * One round of the resend sweep: gives up the commands past their time that no one holds, then sends up to
   * RESEND_TAKE of those still due that no one holds, mutes first (the shortest-lived). How many it sent or
   * settled (0: nothing was due, or the transport took none).
   */
  readonly resendPending = async (): Promise<number> => {
    const now = this.deps.clock.now();
    let handled = 0;
    for (const type of DOWNLINK_COMMANDS) {
      const r = await this.deps.prisma.deviceCommand.updateMany({
        where: { status: "PENDING", type, createdAt: { lt: this.oldest(type, now) }, ...unheld(now) },
        data: { status: "FAILED", result: "EXPIRED", leaseUntil: null },
      });
      if (r.count) this.warn({ type, count: r.count }, "device commands never sent in time; given up");
      handled += r.count;
    }
    if (!this.downlink()) return handled;
    const due: CommandRow[] = [];
    for (const type of BY_URGENCY) {
      if (due.length >= RESEND_TAKE) break;
      due.push(
        ...(await this.deps.prisma.deviceCommand.findMany({
          where: { status: "PENDING", type, createdAt: { gte: this.oldest(type, now) }, ...unheld(now) },
          select: { id: true, deviceId: true, type: true, params: true, createdAt: true },
          orderBy: { createdAt: "asc" },
          take: RESEND_TAKE - due.length,
        })),
      );
    }
    for (const c of due) {
      const type = c.type as DownlinkCommand;
      if (!(await this.claim(c.id, type))) continue;
      // a mute asked for when the smoke was low is not sent once it rose: it would silence a fire
      if (type === "mute" && (await this.smokeRose(c))) continue;
      try {
        if (await this.deliver(c)) handled++;
      } catch (e) {
        // refused for good (a carrier platform's answer): the command says so; the rest of the round goes on
        if (!(e instanceof AppError)) throw e;
      }
      if (!this.downlink()) break;
    }
    return handled;
  };

  /**
   * One round of the answer sweep: stamps the time their answer is due on up to ANSWER_TAKE commands sent since the
   * last round, and gives up as ACK_TIMEOUT up to ANSWER_TAKE sent commands past it. Sends nothing. How many it
   * stamped or gave up (0: nothing was due).
   */
  readonly closeUnanswered = async (): Promise<number> => {
    const prisma = this.deps.prisma;
    const now = this.deps.clock.now();
    const fresh = await prisma.deviceCommand.findMany({
      where: { status: "SENT", leaseUntil: null, ...NOT_PANEL },
      select: { id: true, platformCommandId: true },
      orderBy: { createdAt: "asc" },
      take: ANSWER_TAKE,
    });
    let handled = 0;
    for (const via of ["direct", "platform"] as const) {
      const ids = fresh.filter((c) => (c.platformCommandId === null) === (via === "direct")).map((c) => c.id);
      if (!ids.length) continue;
      const r = await prisma.deviceCommand.updateMany({
        where: { id: { in: ids }, status: "SENT", leaseUntil: null },
        data: { leaseUntil: new Date(now.getTime() + ANSWER_WITHIN_MS[via]) },
      });
      handled += r.count;
    }
    const due = await prisma.deviceCommand.findMany({
      where: { status: "SENT", leaseUntil: { lt: now }, ...NOT_PANEL },
      select: { id: true },
      orderBy: { createdAt: "asc" },
      take: ANSWER_TAKE,
    });
    if (due.length) {
      const r = await prisma.deviceCommand.updateMany({
        where: { id: { in: due.map((c) => c.id) }, status: "SENT", leaseUntil: { lt: now } },
        data: { status: "FAILED", result: ANSWER_TIMEOUT, leaseUntil: null },
      });
      if (r.count) this.warn({ count: r.count }, "device commands sent and never answered in time; given up");
      handled += r.count;
    }
    return handled;
  };

  /** A device's last commands from people, newest first, with what became of each (for a caller shown the device). */
  async recent(id: string): Promise<CommandEntry[]> {
    const rows = await this.deps.prisma.deviceCommand.findMany({
      where: { deviceId: id, type: { in: [...DOWNLINK_COMMANDS] } },
      select: { id: true, type: true, status: true, result: true, createdAt: true },
      orderBy: { createdAt: "desc" },
      take: RECENT_COMMANDS,
    });
    return rows.map((c) => ({
      id: c.id,
      type: c.type as DownlinkCommand,
      outcome: outcomeOf(c.status, c.result),
      at: c.createdAt.toISOString(),
    }));
  }

  /**
   * Holds a command for COMMAND_LEASE_MS if it is still PENDING, in its time and held by no one; true for the one
   * caller whose update changed the row (another instance may have read it too, and claim it at the same time).
   * The clock is read afresh: a slow send before this one must not hand out a hold already lapsed.
   */
  async claim(id: string, type: DownlinkCommand): Promise<boolean> {
    const at = this.deps.clock.now();
    const r = await this.deps.prisma.deviceCommand.updateMany({
      where: { id, status: "PENDING", createdAt: { gte: this.oldest(type, at) }, ...unheld(at) },
      data: { leaseUntil: new Date(at.getTime() + COMMAND_LEASE_MS) },
    });
    return r.count === 1;
  }

  private oldest(type: DownlinkCommand, now: Date): Date {
    return new Date(now.getTime() - COMMAND_TTL_MS[type]);
  }

  /** Marks a held mute FAILED when the device's smoke is high now; true if it was. */
  private async smokeRose(c: CommandRow): Promise<boolean> {
    const status = await this.deps.prisma.deviceStatus.findUnique({
      where: { deviceId: c.deviceId },
      select: { smoke: true, smokeAlarm: true },
    });
    if (!smokeStillHigh(status)) return false;
    await this.deps.prisma.deviceCommand.updateMany({
      where: { id: c.id, status: "PENDING" },
      data: { status: "FAILED", result: "SMOKE_STILL_HIGH", leaseUntil: null },
    });
    this.warn({ commandId: c.id, deviceId: c.deviceId }, "a kept mute was not sent: the smoke is high now");
    return true;
  }

  /**
   * Sends a command this caller holds; true once the transport took it (then SENT). When the transport cannot
   * take it, the command is held a little longer (COMMAND_RETRY_MS, so one device's outage does not take every
   * round) and left to the sweep: false. A refusal meant for the person is thrown: an AppError, or a command
   * that is no longer PENDING after the failure (its carrier platform refused it, across an HTTP worker's call).
   */
  private async deliver(c: CommandRow): Promise<boolean> {
    const downlink = this.downlink();
    if (downlink) {
      let params: Record<string, unknown> = {};
      try {
        params = JSON.parse(c.params) as Record<string, unknown>;
      } catch {
        // stored by sendCommand from an object: never bad; sent without parameters if it were
      }
      let sent = false;
      try {
        await downlink.send(c.deviceId, { id: c.id, ts: this.deps.clock.now().getTime(), type: c.type, ...params });
        sent = true;
      } catch (e) {
        if (e instanceof AppError) throw e;
        const now = await this.deps.prisma.deviceCommand.findUnique({
          where: { id: c.id },
          select: { status: true, result: true },
        });
        if (now && now.status === "FAILED")
          throw new AppError("CONFLICT", `该指令未被接受（${now.result ?? "FAILED"}）`);
        this.warn({ err: e as Error, commandId: c.id, deviceId: c.deviceId }, "device command waits for the transport");
      }
      if (sent) {
        // an answer that came first (ACKED) stays; a failure to write this is thrown, the hold kept: sent once more
        // at worst, once it lapses
        await this.deps.prisma.deviceCommand.updateMany({
          where: { id: c.id, status: "PENDING" },
          data: { status: "SENT", leaseUntil: null },
        });
        return true;
      }
    }
    await this.deps.prisma.deviceCommand.updateMany({
      where: { id: c.id, status: "PENDING" },
      data: { leaseUntil: new Date(this.deps.clock.now().getTime() + COMMAND_RETRY_MS) },
    });
    return false;
  }
}

function outcomeOf(status: string, result: string | null): CommandEntry["outcome"] {
  if (status === "PENDING") return "waiting";
  if (status === "SENT") return "sent";
  if (status === "ACKED") return "done";
  if (result === ANSWER_TIMEOUT) return "timeout";
  return result === "EXPIRED" ? "expired" : "refused";
}
