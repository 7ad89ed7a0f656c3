// What the console's 用户信息传输装置 page shows (issue 16): per unit the caller may see, its transmission
// devices with their state and last frame, components not in their normal state, and recent events. The
// caller's unit scope is decided by the caller (units/unit-scope.ts): this takes the unit ids it allows.
import type { Prisma } from "../../db/client.ts";
import { PANEL_EVENT_TYPES, type PanelEventType } from "./panel-event.ts";
import { TRANSMISSION_DEVICE_STATE_LABEL } from "../../contract/labels.ts";

/** units on one page; devices per unit; recent events per unit */
export const OVERVIEW_LIMITS = { units: 50, devices: 50, events: 30, components: 100 } as const;

export interface OverviewDevice {
  id: string;
  deviceId: string;
  address: string;
  profile: string;
  patrolIntervalSec: number;
  online: boolean;
  lastSeenAt: string | null;
  lastClockSyncAt: string | null;
  openAlarms: number;
  /** never_connected, offline, fire, fault, normal */
  state: "never_connected" | "offline" | "fire" | "fault" | "normal";
  /**
   * The last settings change (profile, patrol interval) and what became of it on the live session: sent to
   * the gateway holding the connection (pending), applied there at once, refused (bad profile), or the
   * device was connected nowhere (it reads the new settings when it connects). Null: never changed.
   */
  settings: { state: "pending" | "applied" | "refused" | "at_connect"; at: string } | null;
}

export interface OverviewEvent {
  at: string;
  address: string;
  type: string;
  label: string;
  location: string | null;
}

export interface OverviewComponent {
  name: string;
  location: string | null;
  fire: boolean;
  fault: boolean;
  supervision: boolean;
  shielded: boolean;
  changedAt: string | null;
}

export interface OverviewUnit {
  id: string;
  name: string;
  devices: OverviewDevice[];
  abnormal: OverviewComponent[];
  events: OverviewEvent[];
}

const SETTINGS_STATE = {
  PENDING: "pending",
  SENT: "pending",
  ACKED: "applied",
  FAILED: "refused",
} as const;

export const DEVICE_STATE_TEXT: Record<OverviewDevice["state"], string> = TRANSMISSION_DEVICE_STATE_LABEL;

/** The units (those given, or every unit when "all") that have a transmission device, by name. */
export async function panelOverview(
  prisma: Prisma,
  unitIds: "all" | readonly string[],
  opts: { unitId?: string | undefined } = {},
): Promise<{ units: { id: string; name: string }[]; selected: OverviewUnit | null }> {
  const scoped = unitIds === "all" ? {} : { unitId: { in: [...unitIds] } };
  const tds = await prisma.transmissionDevice.findMany({
    where: scoped,
    select: { unitId: true },
    distinct: ["unitId"],
    take: 1000,
  });
  const units = await prisma.networkedUnit.findMany({
    where: { id: { in: tds.map((t) => t.unitId) } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: OVERVIEW_LIMITS.units,
  });
  const pick = units.find((u) => u.id === opts.unitId) ?? units[0];
  if (!pick) return { units, selected: null };

  const rows = await prisma.transmissionDevice.findMany({
    where: { unitId: pick.id },
    orderBy: { address: "asc" },
    take: OVERVIEW_LIMITS.devices,
  });
  const ids = rows.map((r) => r.deviceId);
  const [status, alarms, components, events, reloads] = await Promise.all([
    prisma.deviceStatus.findMany({ where: { deviceId: { in: ids } } }),
    prisma.alarm.groupBy({
      by: ["deviceId", "kind"],
      where: { deviceId: { in: ids }, status: { not: "RESOLVED" } },
      _count: { _all: true },
    }),
    prisma.panelComponent.findMany({
      where: { unitId: pick.id, OR: [{ fire: true }, { fault: true }, { supervision: true }, { shielded: true }] },
      orderBy: [{ fire: "desc" }, { stateChangedAt: "desc" }],
      take: OVERVIEW_LIMITS.components,
    }),
    prisma.deviceEvent.findMany({
      where: { deviceId: { in: ids }, source: "gb26875" },
      orderBy: { id: "desc" },
      take: OVERVIEW_LIMITS.events,
      select: { deviceId: true, type: true, receivedAt: true, fields: true },
    }),
    // commands the gateways claim (panel-commands.ts): the newest settings change of each device
    prisma.deviceCommand.findMany({
      where: { deviceId: { in: ids }, type: "gb26875.reload" },
      orderBy: { createdAt: "desc" },
      take: 4 * OVERVIEW_LIMITS.devices,
      select: { deviceId: true, status: true, result: true, createdAt: true, ackedAt: true },
    }),
  ]);
  const reloadOf = new Map<string, (typeof reloads)[number]>();
  for (const r of reloads) if (!reloadOf.has(r.deviceId)) reloadOf.set(r.deviceId, r);
  const statusOf = new Map(status.map((s) => [s.deviceId, s]));
  const addressOf = new Map(rows.map((r) => [r.deviceId, r.address]));
  const devices: OverviewDevice[] = rows.map((r) => {
    const s = statusOf.get(r.deviceId);
    const open = alarms.filter((a) => a.deviceId === r.deviceId);
    const count = open.reduce((n, a) => n + a._count._all, 0);
    const fire = open.some((a) => a.kind === "FIRE" || a.kind === "CALL_POINT");
    const state: OverviewDevice["state"] = !s?.lastSeenAt
      ? "never_connected"
      : fire
        ? "fire"
        : !s.online
          ? "offline"
          : count > 0
            ? "fault"
            : "normal";
    return {
      id: r.id,
      deviceId: r.deviceId,
      address: r.address,
      profile: r.profile,
      patrolIntervalSec: r.patrolIntervalSec,
      online: s?.online ?? false,
      lastSeenAt: s?.lastSeenAt?.toISOString() ?? null,
      lastClockSyncAt: r.lastClockSyncAt?.toISOString() ?? null,
      openAlarms: count,
      state,
      settings: settingsOf(reloadOf.get(r.deviceId)),
    };
  });
  return {
    units,
    selected: {
      id: pick.id,
      name: pick.name,
      devices,
      abnormal: components.map((c) => ({
        name: c.name ?? c.description ?? `部件 0x${c.componentAddress.toString(16).padStart(8, "0")}`,
        location: c.location,
        fire: c.fire,
        fault: c.fault,
        supervision: c.supervision,
        shielded: c.shielded,
        changedAt: c.stateChangedAt?.toISOString() ?? null,
      })),
      events: events.map((e) => ({
        at: e.receivedAt.toISOString(),
        address: addressOf.get(e.deviceId) ?? "",
        type: e.type,
        label: PANEL_EVENT_TYPES[e.type as PanelEventType] ?? e.type,
        location: locationOf(e.fields),
      })),
    },
  };
}

function locationOf(fields: string | null): string | null {
  if (!fields) return null;
  try {
    const f = JSON.parse(fields) as { location?: unknown };
    return typeof f.location === "string" ? f.location.slice(0, 200) : null;
  } catch {
    return null;
  }
}

function settingsOf(
  r: { status: keyof typeof SETTINGS_STATE; result: string | null; createdAt: Date; ackedAt: Date | null } | undefined,
): OverviewDevice["settings"] {
  if (!r) return null;
  const state = r.status === "FAILED" && r.result === "not_connected" ? "at_connect" : SETTINGS_STATE[r.status];
  return { state, at: (r.ackedAt ?? r.createdAt).toISOString() };
}
