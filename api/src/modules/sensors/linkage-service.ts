// Linkage for a stored alarm: finds its building and floor (from the alarm, else from its household or its
// device), the building's sound-and-light alarms and the other open fire-class alarms there, and returns the
// commands linkage.ts decides. Sending them (device commands, and a line in the alarm's timeline) is the
// listener's job in the composition root.
import type { LinkageScope } from "../../db/client.ts";
import { isFireClass } from "./alarm-classes.ts";
import { linkageOnRaise, linkageOnResolve, type LinkageCommand } from "./linkage.ts";
import type { SensorRepository } from "./sensor-repository.ts";

export interface LinkagePlan {
  alarmId: string;
  /** the building the alarm is in: a residential Building or a unit's building */
  place: { buildingId: string } | { unitBuildingId: string } | null;
  scope: LinkageScope;
  floor: number | null;
  commands: LinkageCommand[];
}

export class LinkageService {
  constructor(private readonly repo: SensorRepository) {}

  /**
   * The commands for an alarm that was just raised or resolved. Nothing for an alarm that is not fire-class,
   * or whose building is unknown.
   */
  async commandsFor(alarmId: string, phase: "raised" | "resolved"): Promise<LinkagePlan | null> {
    const a = await this.repo.alarmForLinkage(alarmId);
    if (!a || !isFireClass(a.kind)) return null;
    const buildingId = a.buildingId ?? a.household?.unit.buildingId ?? a.device.buildingId;
    const unitBuildingId = a.unitBuildingId ?? a.device.unitBuildingId;
    const place = buildingId ? { buildingId } : unitBuildingId ? { unitBuildingId } : null;
    const floor = a.floor ?? a.household?.floor ?? a.device.floor;
    if (!place) return { alarmId, place, scope: "BUILDING", floor, commands: [] };
    // a unit's buildings have no setting: the whole building sounds
    const scope: LinkageScope = buildingId ? ((await this.repo.linkageScope(buildingId)) ?? "BUILDING") : "BUILDING";
    const sounders = (await this.repo.sounders(place)).map((s) => ({ deviceId: s.id, floor: s.floor }));
    const alarm = { id: a.id, kind: a.kind, floor };
    if (phase === "raised") return { alarmId, place, scope, floor, commands: linkageOnRaise(alarm, scope, sounders) };
    const open = (await this.repo.openFireAlarms(place)).map((o) => ({
      id: o.id,
      kind: o.kind,
      floor: o.floor ?? o.household?.floor ?? o.device.floor,
    }));
    return { alarmId, place, scope, floor, commands: linkageOnResolve(alarm, scope, sounders, open) };
  }
}
