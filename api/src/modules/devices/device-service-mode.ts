// A device's service mode: in normal use (NORMAL), being fitted and tested (INSTALLATION) or serviced
// (MAINTENANCE). A device out of normal use stores its events but raises no fire alarm (alarms/alarm-service.ts),
// so every switch is written to the audit log (modules/audit: AuditEvent) as device.mode_changed, subject
// "device:<id>", with who, when, the mode before and after, and the reason: by a person through PATCH
// /api/devices/:id (device-binding.ts, in the same transaction as the switch), or by the system when an
// installation passes its acceptance checks (rollout/acceptance-service.ts, below). The same entries say since
// when a device has been out of normal use, which 设备健康 marks past a day (contract MODE_OVERDUE_HOURS).
// The ingest path reads a device's mode from the directory's cache, so each device switched is forgotten there
// (other instances see it within the directory's time to live).
import type { DeviceMode, Prisma } from "../../db/client.ts";
import { systemClock, type Clock } from "../../shared/clock.ts";
import type { DeviceDirectory } from "./device-directory.ts";

export const MODE_CHANGED = "device.mode_changed";

const subjectOf = (deviceId: string) => `device:${deviceId}`;

/** One switch as the audit log keeps it (the AuditLog's own shape: before and after as JSON, the reason as its note). */
export function modeChangeRow(
  c: { actor: string; deviceId: string; from: DeviceMode; to: DeviceMode; reason: string | null },
  at: Date,
) {
  return {
    at,
    actor: c.actor,
    action: MODE_CHANGED,
    subject: subjectOf(c.deviceId),
    before: JSON.stringify({ mode: c.from }),
    after: JSON.stringify({ mode: c.to }),
    note: c.reason,
  };
}

/**
 * Devices put in service (正常使用) by the system rather than by a person: an installation whose acceptance checks
 * passed. A device in installation mode raises no fire alarm, which is right while it is being fitted and tested
 * and wrong once the installer has handed it over. Only INSTALLATION moves: a device a person put under
 * maintenance stays there. Each one moved is audited (actor "system"). How many of `ids` went to normal use.
 *
 * One short transaction of two statements whatever the number of devices (on SQLite it holds the one writer that
 * ingest, fire included, waits for): a conditional update that answers with the devices it moved (UPDATE ...
 * RETURNING), and their audit rows. Only a device the update itself moved is audited, so two run at once (or a
 * person's switch meanwhile) never audit a device twice or one that did not move: on PostgreSQL the second update
 * waits for the first's row locks and checks the mode again.
 */
export async function putInService(
  prisma: Prisma,
  directory: Pick<DeviceDirectory, "invalidate"> | null,
  ids: readonly string[],
  clock: Pick<Clock, "now"> = systemClock,
): Promise<number> {
  if (!ids.length) return 0;
  const at = clock.now();
  const moved = await prisma.$transaction(async (tx) => {
    const done = await tx.device.updateManyAndReturn({
      where: { id: { in: [...new Set(ids)] }, mode: "INSTALLATION" },
      data: { mode: "NORMAL" },
      select: { id: true },
    });
    if (done.length)
      await tx.auditEvent.createMany({
        data: done.map(({ id: deviceId }) =>
          modeChangeRow(
            {
              actor: "system",
              deviceId,
              from: "INSTALLATION",
              to: "NORMAL",
              reason: "验收时系统检测通过，投入正常使用",
            },
            at,
          ),
        ),
      });
    return done.length;
  });
  for (const id of ids) directory?.invalidate(id);
  return moved;
}

/** before and after of a switch between the two resting modes, as modeChangeRow writes them */
const RESTING_JSON = (["INSTALLATION", "MAINTENANCE"] as const).map((mode) => JSON.stringify({ mode }));
const NORMAL_JSON = JSON.stringify({ mode: "NORMAL" });

/** Devices a query: a page of a list (200 at most) is one query; more are asked in pages of this many. */
const PAGE = 200;

/**
 * Since when each of `devices` out of normal use has been out of it: the switch that took it out of NORMAL (a
 * later switch between installation and maintenance does not start the count again), else its registration (it
 * was registered out of normal use, or switched before switches were audited). Devices in normal use are left out.
 *
 * One query for the whole page, answered with one row a device: of each device's switches, the newest that
 * began its stretch out of use. That is one from NORMAL, or one that put it back in NORMAL (newest only where a
 * later switch went unaudited: the stretch began after it), or one whose mode before is unknown; a switch
 * between the two resting modes never does. A device with none of them (registered in installation mode, then
 * switched to maintenance) has been out of use since its registration.
 */
export async function outOfServiceSince(
  prisma: Prisma,
  devices: readonly { id: string; mode: DeviceMode; registeredAt: Date }[],
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  const resting = devices.filter((d) => d.mode !== "NORMAL");
  if (!resting.length) return out;
  const began = new Map<string, Date | null>();
  for (let i = 0; i < resting.length; i += PAGE) {
    const rows = await prisma.auditEvent.groupBy({
      by: ["subject"],
      where: {
        action: MODE_CHANGED,
        subject: { in: resting.slice(i, i + PAGE).map((d) => subjectOf(d.id)) },
        // the complement of "between the two resting modes" (before one of them, after not NORMAL)
        OR: [{ before: null }, { before: { notIn: RESTING_JSON } }, { after: NORMAL_JSON }],
      },
      _max: { at: true },
    });
    for (const r of rows) began.set(r.subject, r._max.at);
  }
  for (const d of resting) out.set(d.id, began.get(subjectOf(d.id)) ?? d.registeredAt);
  return out;
}
