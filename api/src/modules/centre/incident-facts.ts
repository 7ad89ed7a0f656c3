// Everything about a unit fire alarm that the people acting on it need, read in one place: the 119 hand-off
// payload (docs/alert-119.md), the duty officer's fallback message, and the command view's unit file.
import type { AlarmKind, StaffRole } from "../../db/client.ts";
import type { FactsReader } from "./facts-reader.ts";
import type { BuildingFact, KeyPartFact, UnitFact } from "./facts-types.ts";
import { UNIT_KIND_LABEL as KIND_LABEL } from "../alarms/alarm.ts";
import { STAFF_ROLE_LABELS } from "../county-setup/setup-fields.ts";
import { UNIT_CATEGORY_LABELS } from "../units/catalogue.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

/** Unit fire signals: the kinds the control room must confirm (issue 17). */
export const UNIT_FIRE_KINDS: ReadonlySet<AlarmKind> = new Set(["FIRE", "CALL_POINT", "GAS_LEAK", "SUSPECTED_FIRE"]);

/** People on duty for a unit, as the hand-off lists them: control-room operators first. */
const DUTY_ROLES: readonly StaffRole[] = ROLE_SETS.dutyAnswerers;
const MAX_PEOPLE = 20;
const MAX_CAMERAS = 10;

export interface NearbyHydrantFact {
  id: string;
  name: string | null;
  latitude: number;
  longitude: number;
  distanceM: number;
  pressureMpa: number | null;
}

/** The sensors module's hydrant query, as the centre needs it (the composition root adapts it). */
export type HydrantFinder = (at: { latitude: number; longitude: number }) => Promise<NearbyHydrantFact[]>;

export interface HandoffPayload {
  version: 1;
  alarmId: string;
  /** why it is handed on: the unit or the centre confirmed it, or nobody confirmed it in time */
  confirmedBy: "unit" | "centre" | "timeout";
  confirmedAt: string;
  incidentUrl: string;
  trigger: {
    kind: AlarmKind;
    kindLabel: string;
    source: string;
    point: string;
    location: string | null;
    startedAt: string;
    deviceId: string;
  };
  unit: UnitFact & { category: string; categoryLabel: string };
  building: BuildingFact | null;
  floor: number | null;
  keyPart: KeyPartFact | null;
  onDuty: { name: string; role: StaffRole; roleLabel: string; phone: string | null }[];
  hydrants: NearbyHydrantFact[];
  /** the cameras nearest the alarm: their console page, the live view, the snapshot attached to the alarm */
  cameras: CameraFact[];
}

export interface CameraFact {
  id: string;
  name: string | null;
  url: string;
  liveUrl?: string;
  snapshotUrl?: string | null;
  status?: string;
}

/** The cameras module's finder, as the centre needs it (the composition root adapts it). */
export type CameraFinder = (alarmId: string, baseUrl: string) => Promise<CameraFact[]>;

export type IncidentFacts = Omit<HandoffPayload, "confirmedBy" | "confirmedAt" | "version">;

/** Reads an alarm's facts; null when the alarm is gone or is not a unit's. */
export async function incidentFacts(
  reader: FactsReader,
  alarmId: string,
  opts: {
    baseUrl: string;
    incidentUrl: (alarmId: string) => string;
    hydrants: HydrantFinder | null;
    cameras?: CameraFinder | null;
  },
): Promise<IncidentFacts | null> {
  const a = await reader.alarm(alarmId);
  if (!a) return null;
  const u = a.unit;
  const { building, keyPart } = a;
  const [staff, cameras] = await Promise.all([
    reader.staff(u.id, DUTY_ROLES, MAX_PEOPLE),
    reader.cameraDevices(u.id, MAX_CAMERAS),
  ]);
  const at = u.latitude !== null && u.longitude !== null ? { latitude: u.latitude, longitude: u.longitude } : null;
  let hydrants: NearbyHydrantFact[] = [];
  if (at && opts.hydrants) hydrants = await opts.hydrants(at).catch(() => []); // never holds up the hand-off
  staff.sort((x, y) => DUTY_ROLES.indexOf(x.role) - DUTY_ROLES.indexOf(y.role));
  // the camera register's nearest cameras, else the camera devices of the unit (never holds up the hand-off)
  const registered = opts.cameras ? await opts.cameras(a.id, opts.baseUrl).catch(() => null) : null;
  return {
    alarmId: a.id,
    incidentUrl: opts.incidentUrl(a.id),
    trigger: {
      kind: a.kind,
      kindLabel: KIND_LABEL[a.kind],
      source: a.source,
      point: a.point,
      location: a.location ?? a.device.placeName,
      startedAt: a.startedAt.toISOString(),
      deviceId: a.deviceId,
    },
    unit: {
      id: u.id,
      name: u.name,
      category: u.category,
      categoryLabel: UNIT_CATEGORY_LABELS[u.category],
      address: u.address,
      latitude: u.latitude,
      longitude: u.longitude,
      phone: u.phone,
      controlRoomPhone: u.controlRoomPhone,
      controlRoomLocation: u.controlRoomLocation,
    },
    // the reader's building and key part are in the hand-off's shape already
    building,
    floor: a.floor ?? a.device.floor ?? keyPart?.floor ?? null,
    keyPart,
    onDuty: staff.map((s) => ({ name: s.name, role: s.role, roleLabel: STAFF_ROLE_LABELS[s.role], phone: s.phone })),
    hydrants,
    cameras: registered
      ? registered.slice(0, MAX_CAMERAS)
      : cameras.map((c) => ({
          id: c.id.replace(/^CAM-/, ""), // a camera's device is CAM-<camera id>
          name: c.name,
          url: `${opts.baseUrl}/console/cameras/${encodeURIComponent(c.id.replace(/^CAM-/, ""))}`,
        })),
  };
}

/** The facts in one line for an SMS or a voice call: where, what, who to call. */
export function factsLine(f: IncidentFacts): string {
  const where = [f.building?.name, f.floor !== null ? `${f.floor}层` : null, f.keyPart?.name ?? f.trigger.location]
    .filter(Boolean)
    .join(" ");
  const phone = f.unit.controlRoomPhone ?? f.onDuty.find((p) => p.phone)?.phone ?? f.unit.phone;
  return `${f.unit.name}（${f.unit.address}）${where ? ` ${where}` : ""} ${f.trigger.kindLabel}${phone ? `，控制室电话 ${phone}` : ""}`;
}
