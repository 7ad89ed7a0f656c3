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
 */
export async function putInService(
  prisma: Prisma,
  directory: Pick<DeviceDirectory, "invalidate"> | null,
  ids: readonly string[],
  clock: Pick<Clock, "now"> = systemClock,
): Promise<number> {
  const at = clock.now();
  if (!ids.length) return 0;
  const moved = await prisma.$transaction(async (tx) => {
    const installing = await tx.device.findMany({
      where: { id: { in: [...ids] }, mode: "INSTALLATION" },
      select: { id: true },
    });
    const done: string[] = [];
    for (const { id } of installing) {
      // only from installation mode: one a person switched meanwhile is theirs
      const r = await tx.device.updateMany({ where: { id, mode: "INSTALLATION" }, data: { mode: "NORMAL" } });
      if (r.count === 1) done.push(id);
    }
    if (done.length)
      await tx.auditEvent.createMany({
        data: done.map((deviceId) =>
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

const modeIn = (json: string | null): string | null => {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as { mode?: unknown };
    return typeof v.mode === "string" ? v.mode : null;
  } catch {
    return null;
  }
};

/**
 * Since when each of `devices` out of normal use has been out of it: the switch that took it out of NORMAL (a
 * later switch between installation and maintenance does not start the count again), else its registration (it
 * was registered out of normal use, or switched before switches were audited). Devices in normal use are left out.
 */
export async function outOfServiceSince(
  prisma: Prisma,
  devices: readonly { id: string; mode: DeviceMode; registeredAt: Date }[],
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  const resting = devices.filter((d) => d.mode !== "NORMAL");
  if (!resting.length) return out;
  const rows = await prisma.auditEvent.findMany({
    where: { action: MODE_CHANGED, subject: { in: resting.map((d) => subjectOf(d.id)) } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { subject: true, at: true, before: true, after: true },
  });
  const bySubject = new Map<string, typeof rows>();
  for (const r of rows) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
  for (const d of resting) {
    let since = d.registeredAt;
    // newest first: walk back through switches between the two resting modes to the one that left NORMAL
    // (one that put it back in use can only be newest where a switch went unaudited: the stretch began after it)
    for (const r of bySubject.get(subjectOf(d.id)) ?? []) {
      since = r.at;
      const from = modeIn(r.before);
      if (from === "NORMAL" || from === null || modeIn(r.after) === "NORMAL") break;
    }
    out.set(d.id, since);
  }
  return out;
}
