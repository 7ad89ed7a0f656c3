import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import { parseDeviceSheet } from "../../../modules/devices/device-import.ts";
import {
  bindBody,
  bindCheckBody,
  bindCheckResult,
  deviceCommandBody,
  deviceCommandResult,
  deviceDetail,
  deviceImportBody,
  deviceImportResult,
  deviceModelFields,
  deviceModelList,
  deviceModelParams,
  deviceModelSaved,
  handoverBody,
  idParams,
  registerDeviceBody,
  registeredDevice,
  staffDeviceList,
  staffDeviceListQuery,
  unbindResult,
  updateDeviceBody,
} from "../../../contract/devices.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

export const deviceRoutes = [
  route({
    method: "get",
    path: "/api/device-models",
    summary: "The device model catalogue: kind, vendor, heartbeat interval and missed heartbeats before offline",
    tag: "devices",
    access: ROLE_SETS.deviceModelReaders,
    response: deviceModelList,
    handler: async ({ services }) => ({ items: await services.devices.models.list() }),
  }),
  route({
    method: "put",
    path: "/api/device-models/:id",
    summary:
      "Adds or changes a device model (the county's administrator); a model with devices keeps its kind, cameras and transmission devices are the system's",
    tag: "devices",
    access: ROLE_SETS.admin,
    params: deviceModelParams,
    body: deviceModelFields,
    response: deviceModelSaved,
    handler: async ({ services, params, body }) => {
      const r = await services.devices.models.save(params.id, body);
      if ("problem" in r) throw new AppError("VALIDATION_FAILED", r.problem);
      return { id: params.id, created: r.created };
    },
  }),
  route({
    method: "post",
    path: "/api/devices",
    summary: "Register a device; its MQTT secret and binding code are shown only in this answer",
    tag: "devices",
    access: ROLE_SETS.propertyDesk,
    body: registerDeviceBody,
    status: 201,
    response: registeredDevice,
    handler: ({ services, principal, body }) => services.devices.register(principal, body),
  }),
  route({
    method: "post",
    path: "/api/devices/import",
    summary: "Register devices from a CSV or xlsx sheet (base64): every row checked, all or nothing, a report per row",
    tag: "devices",
    access: ROLE_SETS.propertyDesk,
    body: deviceImportBody,
    response: deviceImportResult,
    handler: async ({ services, principal, body }) => {
      const rows = await parseDeviceSheet(body.filename, Buffer.from(body.contentBase64, "base64"));
      const checked = [];
      const seen = new Set<string>();
      for (const r of rows) {
        const resolved = r.error
          ? { input: null, error: r.error }
          : await services.devices.resolveSheetRow(principal, r.fields);
        let error = resolved.error;
        const input = resolved.input;
        if (!error && input) {
          if (seen.has(input.serial)) error = `序列号“${input.serial}”在表中重复`;
          else error = await services.devices.validate(input, principal);
          seen.add(input.serial);
        }
        checked.push({ row: r.row, serial: input?.serial ?? r.fields.serial ?? null, input, error });
      }
      const ok = checked.length > 0 && checked.every((c) => !c.error);
      const created = ok && !body.dryRun ? await services.devices.createMany(checked.map((c) => c.input!)) : [];
      return {
        imported: created.length,
        rows: checked.map((c, i) => ({
          row: c.row,
          serial: c.serial,
          ok: !c.error,
          error: c.error,
          device: created[i] ?? null,
        })),
      };
    },
  }),
  route({
    method: "get",
    path: "/api/devices",
    summary: "Devices in the caller's communities, by health state or out of normal use, paged",
    tag: "devices",
    access: ROLE_SETS.placeStaff,
    query: staffDeviceListQuery,
    response: staffDeviceList,
    handler: ({ services, principal, query }) => services.devices.listForStaff(principal, query),
  }),
  route({
    method: "post",
    path: "/api/devices/bind/check",
    summary: "Check a scanned QR or a typed serial and binding code before choosing the home; binds nothing",
    tag: "devices",
    access: ROLE_SETS.residentsAndPropertyDesk,
    body: bindCheckBody,
    // a check answers whether a code is right: limited like binding, or it would be a guessing oracle
    rateLimit: "codes",
    response: bindCheckResult,
    handler: ({ services, body }) => services.devices.checkBinding(body),
  }),
  route({
    method: "post",
    path: "/api/devices/bind",
    summary: "Bind a device to a home by its QR (scanned) or serial number and binding code (typed)",
    tag: "devices",
    access: ROLE_SETS.residentsAndPropertyDesk,
    body: bindBody,
    rateLimit: "codes",
    response: deviceDetail,
    handler: ({ services, principal, body }) => services.devices.bind(principal, body),
  }),
  route({
    method: "get",
    path: "/api/devices/:id",
    summary: "A device: its status and recent history",
    tag: "devices",
    access: ROLE_SETS.residentsAndPlaceStaff,
    params: idParams,
    response: deviceDetail,
    handler: ({ services, principal, params }) => services.devices.detail(principal, params.id),
  }),
  route({
    method: "patch",
    path: "/api/devices/:id",
    summary:
      "Rename a device, move it to another room, or (staff) switch its mode: out of normal use with a reason; audited (device.mode_changed). A unit's responsible person, manager and safety officer switch only the mode, of their unit's devices",
    tag: "devices",
    access: ROLE_SETS.deviceEditors,
    params: idParams,
    body: updateDeviceBody,
    response: deviceDetail,
    handler: ({ services, principal, params, body }) => services.devices.update(principal, params.id, body),
  }),
  route({
    method: "post",
    path: "/api/devices/:id/unbind",
    summary: "Unbind a device from its home; a new binding code is issued for the next home",
    tag: "devices",
    access: ROLE_SETS.residentsAndPropertyDesk,
    params: idParams,
    response: unbindResult,
    handler: ({ services, principal, params }) => services.devices.unbind(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/devices/:id/handover",
    summary:
      "Hand a device over to another member of its home (the owner or its responsible person); recorded in its history",
    tag: "devices",
    access: ROLE_SETS.residents,
    params: idParams,
    body: handoverBody,
    response: deviceDetail,
    handler: ({ services, principal, params, body }) =>
      services.devices.handover(principal, params.id, body.residentId),
  }),
  route({
    method: "post",
    path: "/api/devices/:id/commands",
    summary: "Send a command to the device: mute (refused while smoke is high), self_test, set_heartbeat_interval",
    tag: "devices",
    access: ROLE_SETS.residentsAndPropertyDesk,
    params: idParams,
    body: deviceCommandBody,
    status: 202,
    response: deviceCommandResult,
    handler: ({ services, principal, params, body }) =>
      services.devices.sendCommand(
        principal,
        params.id,
        body.type,
        body.seconds !== undefined ? { seconds: body.seconds } : {},
      ),
  }),
  route({
    method: "get",
    path: "/api/devices/:id/qr.svg",
    summary: "A printable binding QR label (issues a new one-time binding code; the old label stops working)",
    tag: "devices",
    access: ROLE_SETS.propertyDesk,
    params: idParams,
    handler: async ({ services, principal, params, ctx }) => {
      const svg = await services.devices.qrSvg(principal, params.id);
      ctx.type = "image/svg+xml";
      // opened on its own, an SVG is a document: it may show, never run anything
      ctx.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.body = svg;
    },
  }),
];

export const metricsRoutes = [
  route({
    method: "get",
    path: "/metrics",
    summary:
      "Prometheus metrics: device messages, ingest latency, connected devices, notifications by channel and outcome, event loop stalls, rate limits. With METRICS_TOKEN set, send it as a bearer token; without, only local unproxied requests are answered",
    tag: "health",
    access: "public",
    handler: async ({ services, ctx }) => {
      if (!services.metrics) throw new AppError("NOT_READY");
      ctx.type = services.metrics.registry.contentType;
      ctx.body = await services.metrics.registry.metrics();
    },
  }),
];
