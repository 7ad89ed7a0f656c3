// User information transmission devices of a unit and their panels' components
// (transport/http/routes/panels.routes.ts).
import { z } from "zod";
import { int, queryInt } from "../shared/bounded.ts";

/** GB 50440: the centre patrols each device at least every 2 h. */
export const MAX_PATROL_SEC = 7200;
export const MIN_PATROL_SEC = 30;
/** the most rows one component import takes */
export const MAX_IMPORT_ROWS = 5000;

const id = z.string().min(1).max(64);
export const unitParams = z.object({ unitId: id });

export const deviceView = z.object({
  id: z.string(),
  deviceId: z.string(),
  address: z.string(),
  unitId: z.string(),
  profile: z.string(),
  patrolIntervalSec: z.number(),
  lastClockSyncAt: z.string().nullable(),
});

const cell = z.string().max(200).optional();

// What the other routes answer (panel-overview.ts, panel-views.ts): instants are ISO strings.
export const overviewUnit = z.object({
  id: z.string(),
  name: z.string(),
  devices: z.array(
    z.object({
      id: z.string(),
      deviceId: z.string(),
      address: z.string(),
      profile: z.string(),
      patrolIntervalSec: z.number(),
      online: z.boolean(),
      lastSeenAt: z.string().nullable(),
      lastClockSyncAt: z.string().nullable(),
      openAlarms: z.number(),
      state: z.enum(["never_connected", "offline", "fire", "fault", "normal"]),
      settings: z.object({ state: z.enum(["pending", "applied", "refused", "at_connect"]), at: z.string() }).nullable(),
    }),
  ),
  abnormal: z.array(
    z.object({
      name: z.string(),
      location: z.string().nullable(),
      fire: z.boolean(),
      fault: z.boolean(),
      supervision: z.boolean(),
      shielded: z.boolean(),
      changedAt: z.string().nullable(),
    }),
  ),
  events: z.array(
    z.object({
      at: z.string(),
      address: z.string(),
      type: z.string(),
      label: z.string(),
      location: z.string().nullable(),
    }),
  ),
});
export const componentView = z.object({
  id: z.string(),
  system: z.object({
    id: z.string(),
    transmissionDeviceId: z.string(),
    systemType: z.number(),
    systemAddress: z.number(),
    typeName: z.string(),
    name: z.string().nullable(),
    label: z.string(),
  }),
  componentType: z.number(),
  typeName: z.string(),
  componentAddress: z.number(),
  addressText: z.string(),
  point: z.string(),
  name: z.string().nullable(),
  label: z.string(),
  keyPartId: z.string().nullable(),
  keyPartName: z.string().nullable(),
  location: z.string().nullable(),
  description: z.string().nullable(),
  state: z.object({
    fire: z.boolean(),
    fault: z.boolean(),
    supervision: z.boolean(),
    shielded: z.boolean(),
    bits: z.number(),
  }),
  stateChangedAt: z.string().nullable(),
  seenAt: z.string().nullable(),
});
export const change = <T extends z.ZodType>(item: T) =>
  z.object({ outcome: z.enum(["created", "updated", "unchanged"]), item });

export const overviewQuery = z.object({ unit: id.optional() });

export const overview = z.object({
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  selected: overviewUnit.nullable(),
});

export const unitOverview = overviewUnit.nullable();

export const deviceBody = z.object({
  address: z.string().min(12).max(24),
  profile: z.string().max(2000).optional(),
  patrolIntervalSec: int(MIN_PATROL_SEC, MAX_PATROL_SEC).optional(),
});

export const unitItemParams = z.object({ unitId: id, id });

export const devicePatch = z.object({
  profile: z.string().max(2000).optional(),
  patrolIntervalSec: int(MIN_PATROL_SEC, MAX_PATROL_SEC).optional(),
});

export const deviceChange = change(deviceView);

export const componentImportBody = z.object({
  rows: z
    .array(
      z.object({
        systemType: cell,
        systemAddress: cell,
        componentType: cell,
        componentAddress: cell,
        name: cell,
        location: cell,
        keyPart: cell,
      }),
    )
    .max(MAX_IMPORT_ROWS),
});

export const componentImportResult = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ row: z.number(), message: z.string() })),
});

export const componentQuery = z.object({
  systemId: id.optional(),
  unnamed: z.enum(["true", "false"]).optional(),
  abnormal: z.enum(["true", "false"]).optional(),
  limit: queryInt(1, 200).default(50),
  after: id.optional(),
});

export const componentPage = z.object({ items: z.array(componentView), next: z.string().nullable() });

export const componentPatch = z.object({
  name: z.string().max(40).nullable().optional(),
  location: z.string().max(100).nullable().optional(),
  keyPartId: id.nullable().optional(),
});

export const componentChange = change(componentView);

export type TransmissionDeviceView = z.output<typeof deviceView>;
export type OverviewUnit = z.output<typeof overviewUnit>;
export type PanelOverview = z.output<typeof overview>;
export type ComponentView = z.output<typeof componentView>;
export type ComponentPage = z.output<typeof componentPage>;
export type ComponentImportResult = z.output<typeof componentImportResult>;
export type ComponentPatchInput = z.input<typeof componentPatch>;
