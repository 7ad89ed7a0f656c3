// Linkage (issue 15): a fire-class alarm in a building switches on the building's wireless sound-and-light
// alarms, or only those of the alarm's floor and the floors next to it when the building is set so
// (Building.linkageScope), and switches them off once no open fire-class alarm of the building needs them.
// Pure: which commands to send; sending them is the device command path's job.
import type { AlarmKind, LinkageScope } from "../../db/client.ts";
import type { SounderCommand } from "../devices/protocol-v11.ts";
import { isFireClass } from "./alarm-classes.ts";

export interface LinkageAlarm {
  id: string;
  kind: AlarmKind;
  /** the floor the alarm is on; null when unknown (then the whole building sounds) */
  floor: number | null;
}

export interface Sounder {
  deviceId: string;
  /** null when the sounder's floor was not recorded: it sounds for every alarm of the building */
  floor: number | null;
}

export interface LinkageCommand {
  deviceId: string;
  type: SounderCommand;
  params: { alarmId: string };
}

/** The floor and its neighbours; floor 0 does not exist (the floor below 1 is -1). */
export function floorsAround(floor: number): number[] {
  const below = floor === 1 ? -1 : floor - 1;
  const above = floor === -1 ? 1 : floor + 1;
  return [below, floor, above];
}

/** The sounders an alarm switches on. */
export function sounderTargets(alarm: LinkageAlarm, scope: LinkageScope, sounders: readonly Sounder[]): Sounder[] {
  if (!isFireClass(alarm.kind)) return [];
  if (scope === "BUILDING" || alarm.floor === null) return [...sounders];
  const floors = new Set(floorsAround(alarm.floor));
  return sounders.filter((s) => s.floor === null || floors.has(s.floor));
}

/** Commands when a fire-class alarm is raised: every target on (again, if another alarm already did: harmless). */
export function linkageOnRaise(
  alarm: LinkageAlarm,
  scope: LinkageScope,
  sounders: readonly Sounder[],
): LinkageCommand[] {
  return sounderTargets(alarm, scope, sounders).map((s) => ({
    deviceId: s.deviceId,
    type: "sounder_on",
    params: { alarmId: alarm.id },
  }));
}

/**
 * Commands when a fire-class alarm is resolved: off for its targets that no other open fire-class alarm of the
 * building still needs.
 */
export function linkageOnResolve(
  alarm: LinkageAlarm,
  scope: LinkageScope,
  sounders: readonly Sounder[],
  stillOpen: readonly LinkageAlarm[],
): LinkageCommand[] {
  const needed = new Set(
    stillOpen
      .filter((a) => a.id !== alarm.id)
      .flatMap((a) => sounderTargets(a, scope, sounders).map((s) => s.deviceId)),
  );
  return sounderTargets(alarm, scope, sounders)
    .filter((s) => !needed.has(s.deviceId))
    .map((s) => ({ deviceId: s.deviceId, type: "sounder_off", params: { alarmId: alarm.id } }));
}
