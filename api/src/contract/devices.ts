// A home's devices: binding, the detail screen, commands; the model catalogue and the sheet import
// (transport/http/routes/devices.routes.ts).
import { z } from "zod";
import { int, page } from "../shared/bounded.ts";
import { deviceNetwork, devicePower, idParams } from "./households.ts";
import { DEVICE_KIND_LABEL, DEVICE_MODE_REASON_MAX, type DeviceKindName } from "./labels.ts";

const id = z.string().min(1).max(64);
export const deviceMode = z.enum(["NORMAL", "INSTALLATION", "MAINTENANCE"]);
/** The kinds as the catalogue names them: one list, so a new kind cannot be missing here. */
export const deviceKind = z.enum(Object.keys(DEVICE_KIND_LABEL) as [DeviceKindName, ...DeviceKindName[]]);

/** What identifies a device to bind: the scanned QR text, or the serial number and binding code typed in. */
export const bindCodeFields = z.object({
  qr: z.string().max(512).optional(),
  serial: z.string().trim().max(32).optional(),
  bindCode: z.string().trim().max(32).optional(),
});
const hasCode = (b: { qr?: string | undefined; serial?: string | undefined; bindCode?: string | undefined }) =>
  !!(b.qr || (b.serial && b.bindCode));
const BIND_CODE_NEEDED = "需要扫描设备二维码，或输入序列号和绑定码";
/** POST /api/devices/bind/check: the code fields; binds nothing */
export const bindCheckBody = bindCodeFields.refine(hasCode, BIND_CODE_NEEDED);
export const bindCheckResult = z.object({ serial: z.string(), modelName: z.string() });
/** POST /api/devices/bind */
export const bindBody = bindCodeFields
  .extend({
    householdId: id,
    room: z.string().trim().max(16).optional(),
    name: z.string().trim().max(32).optional(),
  })
  .refine(hasCode, BIND_CODE_NEEDED);

export const deviceEvent = z.object({
  id: z.number(),
  /** the device message type, e.g. "alarm", "heartbeat", "low_battery", "tamper", "self_test" */
  type: z.string(),
  /** when the device says it happened */
  ts: z.string(),
  receivedAt: z.string(),
  /** for entries the app writes itself, e.g. a hand-over: "张三 移交给 李四" */
  note: z.string().nullable(),
});

export const deviceStatus = z.object({
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  battery: z.number().nullable(),
  rssi: z.number().nullable(),
  snr: z.number().nullable(),
  smoke: z.number().nullable(),
  temperature: z.number().nullable(),
  /** true while the smoke is above the alarm threshold: muting is refused then */
  smokeAlarm: z.boolean(),
  lowBattery: z.boolean(),
  tamper: z.boolean(),
  fault: z.boolean(),
});

/** A command people sent a device, as its page lists it (device-commands.ts) */
export const deviceCommandEntry = z.object({
  id: z.string(),
  type: z.enum(["mute", "self_test", "set_heartbeat_interval"]),
  /**
   * waiting: not sent yet (the transport could not take it); sent: awaiting the device's answer; done: the device
   * answered; timeout: sent and not answered in time (超时未确认); expired: never sent in its time; refused: the
   * device or its carrier platform refused it, or a kept mute was not sent once the smoke rose
   */
  outcome: z.enum(["waiting", "sent", "done", "timeout", "expired", "refused"]),
  /** when it was asked for */
  at: z.string(),
});

/** GET /api/devices/:id (also the answer of bind, PATCH and handover) */
export const deviceDetail = z.object({
  id: z.string(),
  serial: z.string(),
  name: z.string().nullable(),
  room: z.string().nullable(),
  mode: deviceMode,
  householdId: z.string().nullable(),
  communityId: z.string().nullable(),
  model: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    heartbeatIntervalSec: z.number(),
    supportsMute: z.boolean(),
    supportsSelfTest: z.boolean(),
    /** how it is powered and reaches us; null when the catalogue does not say (the advice then goes by kind) */
    power: devicePower.nullable(),
    network: deviceNetwork.nullable(),
  }),
  state: z.string(),
  status: deviceStatus.nullable(),
  /** the resident who answers for the device (who bound it, or to whom it was handed over); null if none */
  responsible: z.object({ residentId: z.string(), name: z.string() }).nullable(),
  events: z.array(deviceEvent),
  /** the last 5 commands people sent it, newest first: in GET /api/devices/:id (bind, PATCH, handover leave it out) */
  commands: z.array(deviceCommandEntry).max(5).optional(),
});

/** GET /api/devices: devices in the caller's communities, by health state, paged (staff) */
export const staffDeviceList = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      serial: z.string(),
      name: z.string().nullable(),
      room: z.string().nullable(),
      mode: deviceMode,
      modelName: z.string(),
      /**
       * its model's kind: what a mode out of normal use silences (a detector its fire alarms; a tank, a pump, a
       * hydrant or an electrical fire monitor only its going offline)
       */
      kind: deviceKind,
      householdId: z.string().nullable(),
      communityId: z.string().nullable(),
      state: z.string(),
      battery: z.number().nullable(),
      lastSeenAt: z.string().nullable(),
      /**
       * since when a device out of normal use (安装模式, 维护模式) has been so: its switch in the audit log, else
       * its registration; null in normal use. GET /api/devices always gives it; the CSV leaves it out.
       */
      modeSince: z.string().nullable().optional(),
    }),
  ),
});

/**
 * PATCH /api/devices/:id. `mode` is staff's only (a resident is refused); switching to INSTALLATION or
 * MAINTENANCE takes a `reason` (the API refuses one without, in words), back to NORMAL it may have one. Every
 * switch is written to the audit log as device.mode_changed: who, when, from, to and the reason.
 */
export const updateDeviceBody = z.object({
  room: z.string().trim().max(16).optional(),
  name: z.string().trim().max(32).optional(),
  mode: deviceMode.optional(),
  reason: z.string().trim().max(DEVICE_MODE_REASON_MAX, `原因最多 ${DEVICE_MODE_REASON_MAX} 个字`).optional(),
});

/** POST /api/devices/:id/commands (202) */
export const deviceCommandBody = z.object({
  type: z.enum(["mute", "self_test", "set_heartbeat_interval"]),
  /** set_heartbeat_interval: 60 s to 7 days */
  seconds: int(60, 7 * 24 * 3600).optional(),
});
export const deviceCommandResult = z.object({
  id: z.string(),
  type: z.enum(["mute", "self_test", "set_heartbeat_interval"]),
  /** SENT: the device transport took it; PENDING: it could not yet, and the command is sent once it can */
  status: z.enum(["PENDING", "SENT"]),
  /** PENDING: the time after which it is no longer sent (a mute is worth sending for two minutes) */
  until: z.string().optional(),
});

/** POST /api/devices/:id/unbind: a new binding code for the next home */
export const unbindResult = z.object({ id: z.string(), bindCode: z.string(), bindQr: z.string() });

// ---- the device model catalogue (the county's administrator keeps it) ----

/** PUT /api/device-models/:id */
export const deviceModelFields = z.object({
  kind: deviceKind,
  vendor: z.string().trim().min(1).max(60),
  name: z.string().trim().min(1).max(80),
  // NB-IoT alarms report every 12-24 h; a mains device every minute or so
  heartbeatIntervalSec: int(60, 7 * 24 * 3600),
  missedHeartbeats: int(1, 10).default(2),
  supportsMute: z.boolean().default(true),
  supportsSelfTest: z.boolean().default(true),
  /** null: not entered (未填写); left out: a new model has none, a changed one keeps what it had */
  power: devicePower.nullable().optional(),
  network: deviceNetwork.nullable().optional(),
});
export const deviceModelId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/, "型号编码为 2-32 位字母、数字、点、- 或 _");
/** GET /api/device-models */
export const deviceModelList = z.object({
  items: z.array(
    deviceModelFields.extend({
      id: z.string(),
      devices: z.number(),
      power: devicePower.nullable(),
      network: deviceNetwork.nullable(),
    }),
  ),
});
export const deviceModelSaved = z.object({ id: z.string(), created: z.boolean() });
export const deviceModelParams = z.object({ id: deviceModelId });

// ---- registering devices, one or a sheet of them ----

/** A registered device: its MQTT secret and binding code are shown only in this answer. */
export const registeredDevice = z.object({
  id: z.string(),
  serial: z.string(),
  secret: z.string(),
  bindCode: z.string(),
  bindQr: z.string(),
});
/** POST /api/devices */
export const registerDeviceBody = z.object({
  id: z.string().max(64).optional(),
  serial: z.string().trim().min(4).max(32),
  modelId: z.string().min(1).max(32),
  communityId: z.string().max(64).optional(),
  householdId: z.string().max(64).optional(),
  room: z.string().trim().max(16).optional(),
  name: z.string().trim().max(32).optional(),
  mode: deviceMode.optional(),
});
/** POST /api/devices/import: a CSV or xlsx sheet as base64 */
export const deviceImportBody = z.object({
  filename: z.string().max(128),
  // the API reads JSON bodies of at most 256 KB (transport/http/app.ts): a sheet of 5,000 devices fits
  contentBase64: z.string().max(256 * 1024),
  dryRun: z.boolean().optional(),
});
/** every row checked, all or nothing: imported is 0 when any row has an error */
export const deviceImportResult = z.object({
  imported: z.number(),
  rows: z.array(
    z.object({
      row: z.number(),
      serial: z.string().nullable(),
      ok: z.boolean(),
      error: z.string().nullable(),
      device: registeredDevice.nullable(),
    }),
  ),
});

// ---- the staff's list, one device, hand-over ----

export { idParams };
/** GET /api/devices */
export const staffDeviceListQuery = z.object({
  communityId: z.string().max(64).optional(),
  state: z.enum(["alarm", "offline", "tamper", "fault", "low_battery", "never_connected"]).optional(),
  /** "true": only devices not in normal use (安装模式 or 维护模式) */
  outOfService: z.enum(["true", "false"]).optional(),
  ...page(50, 200),
});
/** POST /api/devices/:id/handover */
export const handoverBody = z.object({ residentId: id });

export type BindCheckRequest = z.input<typeof bindCheckBody>;
export type BindCheckResponse = z.output<typeof bindCheckResult>;
export type BindDeviceRequest = z.input<typeof bindBody>;
export type DeviceEvent = z.output<typeof deviceEvent>;
export type DeviceStatus = z.output<typeof deviceStatus>;
export type DeviceDetail = z.output<typeof deviceDetail>;
export type StaffDeviceListResponse = z.output<typeof staffDeviceList>;
export type UpdateDeviceRequest = z.input<typeof updateDeviceBody>;
export type DeviceCommandType = z.output<typeof deviceCommandBody>["type"];
export type DeviceCommandResponse = z.output<typeof deviceCommandResult>;
export type DeviceCommandEntry = z.output<typeof deviceCommandEntry>;
export type UnbindResponse = z.output<typeof unbindResult>;
export type DeviceModelListResponse = z.output<typeof deviceModelList>;
export type DeviceModelItem = DeviceModelListResponse["items"][number];
export type SaveDeviceModelRequest = z.input<typeof deviceModelFields>;
export type SaveDeviceModelResponse = z.output<typeof deviceModelSaved>;
export type DeviceImportRequest = z.input<typeof deviceImportBody>;
export type DeviceImportResponse = z.output<typeof deviceImportResult>;
