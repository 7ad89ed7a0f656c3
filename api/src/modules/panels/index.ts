// The panels module (issue 16): what user information transmission devices say, mapped to units, key parts
// and places, as neutral device events; and the service that keeps those names. No transport code: the
// GB/T 26875.3 gateway describes frames in the neutral terms of panel-frame.ts.
import type { Driver, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { PanelCommands } from "./panel-commands.ts";
import { PanelIntake, type IntakeOptions } from "./panel-intake.ts";
import { PanelIngest, type PanelIngestDeps } from "./panel-ingest.ts";
import { prismaUnitDirectory, type PanelCatalog, type UitdDeviceRegistry, type UnitDirectory } from "./panel-ports.ts";
import { PanelRepository } from "./panel-repository.ts";
import { PanelService } from "./panel-service.ts";
import { panelOverview } from "./panel-overview.ts";

export * from "./panel-frame.ts";
export * from "./panel-event.ts";
export { panelEvents, eventMoment, type PanelEventsResult } from "./panel-events.ts";
export * from "./panel-labels.ts";
export type { ConditionState, ConditionChange, MappedComponent, MappedSystem, PanelMapping } from "./panel-mapping.ts";
export type { PanelCatalog, ProfileCheck, UitdDeviceRegistry, UnitDirectory, KeyPartRef } from "./panel-ports.ts";
export { prismaUnitDirectory } from "./panel-ports.ts";
export { PanelIntake, type PreparedFrame, type IntakeOptions } from "./panel-intake.ts";
export { PanelService, MAX_PATROL_SEC, MIN_PATROL_SEC, MAX_IMPORT_ROWS } from "./panel-service.ts";
export {
  type ComponentImportRow,
  type ComponentPatch,
  type ComponentView,
  type GatewayDevice,
  type ImportOutcome,
  type SystemView,
  type TransmissionDeviceView,
  type Change,
} from "./panel-views.ts";
export { PanelIngest, PANEL_SOURCE, type PanelStoreOutcome, type EffectEvent } from "./panel-ingest.ts";
export { prismaUitdRegistry, uitdDeviceId, UITD_MODEL } from "./uitd-registry.ts";
export {
  PanelCommands,
  PANEL_COMMAND_TYPES,
  type PanelCommand,
  type PanelCommandType,
  type PanelCommandOptions,
} from "./panel-commands.ts";
export { componentRowsFromTable, COMPONENT_SHEET_HEADERS } from "./component-sheet.ts";

export interface Panels {
  service: PanelService;
  intake: PanelIntake;
  /** the durable store for the gateway; present when createPanels was given `ingest` */
  ingest: PanelIngest | null;
  /** commands down to transmission devices, wherever they are connected (panel-commands.ts) */
  commands: PanelCommands;
  /** the panels of the units given (a caller's visible units), one of them in detail (panel-overview.ts) */
  overview(
    unitIds: "all" | readonly string[],
    opts?: { unitId?: string | undefined },
  ): ReturnType<typeof panelOverview>;
}

export function createPanels(deps: {
  prisma: Prisma;
  /** on SQLite, the hot writes (a component's state) as prepared statements */
  driver?: Driver;
  clock: Clock;
  catalog: PanelCatalog;
  devices: UitdDeviceRegistry;
  units?: UnitDirectory;
  intake?: IntakeOptions;
  /** the event store, status, alarms and log of the device ingest: frames are stored and alarms raised */
  ingest?: Omit<PanelIngestDeps, "prisma" | "intake" | "clock">;
}): Panels {
  const repo = new PanelRepository(deps.prisma, deps.driver);
  const units = deps.units ?? prismaUnitDirectory(deps.prisma);
  const intake = new PanelIntake(repo, deps.catalog, units, deps.clock, deps.intake);
  const ingest = deps.ingest
    ? new PanelIngest({ ...deps.ingest, prisma: deps.prisma, intake, clock: deps.clock })
    : null;
  const commands = new PanelCommands(deps.prisma, deps.clock);
  return {
    service: new PanelService(repo, deps.catalog, units, deps.devices, intake, commands),
    intake,
    ingest,
    commands,
    overview: (unitIds, opts) => panelOverview(deps.prisma, unitIds, opts),
  };
}
