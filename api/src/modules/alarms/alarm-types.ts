// What an alarm change is, as the alarm service and its prepared raises (SQLite, PostgreSQL) hand it to listeners.
import type { AlarmKind, AlarmResolution, AlarmSeverity, AlarmStatus, DeviceMode } from "../../db/client.ts";

export type ChangeOutcome = "created" | "updated" | "acknowledged" | "dispatched" | "resolved" | "ignored";

export interface AlarmRecord {
  id: string;
  deviceId: string;
  householdId: string | null;
  communityId: string | null;
  kind: AlarmKind;
  severity: AlarmSeverity;
  status: AlarmStatus;
  resolution: AlarmResolution | null;
  occurrences: number;
  startedAt: Date;
  lastEventAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  report119: boolean;
  escalationLevel: number;
  dispatchedTo?: string | null;
  dispatchedBy?: string | null;
  dispatchedAt?: Date | null;
}

export interface AlarmChange {
  outcome: ChangeOutcome;
  alarm: AlarmRecord | null;
  reason?: string;
}

/** what a listener hears: every change but the ignored ones, with its alarm */
export type HeardChange = AlarmChange & { outcome: Exclude<ChangeOutcome, "ignored">; alarm: AlarmRecord };
export type AlarmListener = (change: HeardChange) => void | Promise<void>;

export interface DeviceContext {
  id: string;
  mode: DeviceMode;
  householdId: string | null;
  communityId: string | null;
  /** a networked unit's device: its alarms carry the unit and where in it */
  unitId?: string | null;
  unitBuildingId?: string | null;
  keyPartId?: string | null;
  floor?: number | null;
  placeName?: string | null;
}

/**
 * Where in a unit an alarm is (a panel's component, a sensor's measurement): one open alarm per device,
 * point and kind; the rest is copied onto the alarm as it was when raised.
 */
export interface AlarmPlace {
  point: string;
  /** mqtt, ctwing, onenet, gb26875 ... */
  source?: string;
  unitId?: string | null;
  unitBuildingId?: string | null;
  keyPartId?: string | null;
  buildingId?: string | null;
  floor?: number | null;
  location?: string | null;
}

/** A place without its point (the point is given apart): facility sensors. */
export type PointPlace = Omit<AlarmPlace, "point">;

/** A raise (or repeat) as the alarm service hands it to a prepared raise. */
export interface RaiseRequest {
  device: DeviceContext;
  kind: AlarmKind;
  at: Date;
  eventKey: string;
  actor: string;
  note: string | null;
  place?: AlarmPlace | undefined;
}
