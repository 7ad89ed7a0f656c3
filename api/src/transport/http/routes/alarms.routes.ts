import type Koa from "koa";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import { maskPhone } from "../../../shared/mask.ts";
import { MAX_PHOTO_BYTES } from "../../../modules/alarms/alarm-photos.ts";
import { addressOf } from "../../../modules/households/household-service.ts";
import { KIND_LABEL, smokeStillHigh } from "../../../modules/alarms/alarm.ts";
import { alarmKindLabel } from "../../../contract/labels.ts";
import type { AlarmChange } from "../../../modules/alarms/alarm-service.ts";
import { photoView } from "../../../modules/alarms/alarm-photos.ts";
import { STATUS_LABEL } from "../../../modules/notifications/notification-history.ts";
import * as c from "../../../contract/alarms.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

type Row = {
  id: string;
  kind: keyof typeof KIND_LABEL;
  unitId?: string | null;
  unit?: { name: string } | null;
  keyPartId?: string | null;
  floor?: number | null;
  point?: string;
  location?: string | null;
  source?: string;
  severity: string;
  status: "ACTIVE" | "ACKNOWLEDGED" | "RESOLVED";
  resolution: string | null;
  occurrences: number;
  startedAt: Date;
  lastEventAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  report119: boolean;
  verdict?: "REAL_FIRE" | "FALSE_ALARM" | "TEST" | "FAULT" | null;
  householdId: string | null;
  communityId: string | null;
  device: { id: string; name: string | null; room: string | null };
  household: Parameters<typeof addressOf>[0] | null;
  dispatchedAt?: Date | null;
  dispatchee?: { id: string; name: string; phone: string | null } | null;
};

export function alarmView(a: Row) {
  return {
    id: a.id,
    kind: a.kind,
    kindLabel: alarmKindLabel(a),
    severity: a.severity,
    status: a.status,
    resolution: a.resolution,
    occurrences: a.occurrences,
    startedAt: a.startedAt.toISOString(),
    lastEventAt: a.lastEventAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    report119: a.report119,
    verdict: a.verdict ?? null,
    device: { id: a.device.id, name: a.device.name, room: a.device.room },
    householdId: a.householdId,
    communityId: a.communityId,
    address: a.household ? addressOf(a.household) : null,
    unitId: a.unitId ?? null,
    unitName: a.unit?.name ?? null,
    keyPartId: a.keyPartId ?? null,
    floor: a.floor ?? null,
    point: a.point ?? "",
    location: a.location ?? null,
    source: a.source ?? "mqtt",
    dispatchedTo: a.dispatchee
      ? { id: a.dispatchee.id, name: a.dispatchee.name, phone: maskPhone(a.dispatchee.phone) }
      : null,
    dispatchedAt: a.dispatchedAt?.toISOString() ?? null,
  };
}

/** Reads a raw image upload up to `limit` bytes (the JSON body parser leaves non-JSON bodies alone). */
async function readUpload(ctx: Koa.Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get("content-length") || 0);
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function changeView(c: AlarmChange) {
  const a = c.alarm;
  return {
    outcome: c.outcome,
    alarm: a
      ? { id: a.id, kind: a.kind, status: a.status, resolution: a.resolution ?? null, report119: a.report119 }
      : null,
  };
}

export const alarmRoutes = [
  route({
    method: "get",
    path: "/api/alarms",
    summary: "Alarms the caller may see: a resident's homes, a company's communities, the county",
    tag: "alarms",
    access: ROLE_SETS.residentsAndPlaceStaff,
    query: c.alarmListQuery,
    response: c.alarmList,
    handler: async ({ services, principal, query }) => {
      const { total, rows } = await services.alarms.list(principal, query);
      return { total, items: rows.map((r) => alarmView(r as Row)) };
    },
  }),
  route({
    method: "get",
    path: "/api/alarms/:id",
    summary: "One alarm: what, where, when, who did what, and who was told",
    tag: "alarms",
    access: ROLE_SETS.residentsAndPlaceStaff,
    params: c.alarmIdParams,
    response: c.alarmDetail,
    handler: async ({ services, principal, params }) => {
      const a = await services.alarms.detail(principal, params.id);
      return {
        ...alarmView(a as unknown as Row),
        device: {
          id: a.device.id,
          name: a.device.name,
          room: a.device.room,
          modelName: a.device.model.name,
          supportsMute: a.device.model.supportsMute,
          smoke: a.device.status?.smoke ?? null,
          smokeAlarm: a.device.status?.smokeAlarm ?? false,
          /** heavy smoke right now: a remote mute is refused, and a resident cannot close it as false alarm or test */
          smokeHigh: smokeStillHigh(a.device.status),
        },
        actions: a.actions.map((x) => ({ action: x.action, actor: x.actor, note: x.note, at: x.at.toISOString() })),
        photos: a.photos.map((x) => photoView(a.id, x)),
        // snapshots the nearest cameras took, with live links (staff who see those cameras; none for residents)
        cameras: await services.cameras.service.forAlarm(principal, a.id),
        notifications: a.notifications
          .filter((n) => n.channel !== "CONSOLE")
          .map((n) => ({
            channel: n.channel,
            recipient: n.recipient,
            recipientName: a.recipientNames.get(n.recipient) ?? null,
            template: n.template,
            status: n.status,
            statusLabel: STATUS_LABEL[n.status],
            sentAt: n.sentAt?.toISOString() ?? null,
            deliveredAt: n.deliveredAt?.toISOString() ?? null,
            createdAt: n.createdAt.toISOString(),
          })),
        // for the alarm screen: how far the chain got and what happens next if nobody acts
        escalation: {
          level: a.escalationLevel,
          nextStep: await services.notifications.escalation.nextStep(a.id, a.status),
        },
      };
    },
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/ack",
    lane: "fire",
    summary: "“I'm handling it”: acknowledges the alarm and stops the escalation chain",
    tag: "alarms",
    access: ROLE_SETS.alarmHandlers,
    params: c.alarmIdParams,
    body: c.ackAlarmBody,
    response: c.alarmChange,
    handler: async ({ services, principal, params, body }) =>
      changeView(await services.alarms.acknowledge(principal, params.id, body.note)),
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/resolve",
    lane: "fire",
    summary:
      "Close an alarm with what it was: real fire (marked for 119), false alarm, test, device fault; a networked unit's fire signal through the centre's verdict (a false alarm's cause in the note; 403 for a role that gives no verdict, 409 against a verdict given)",
    tag: "alarms",
    access: ROLE_SETS.alarmHandlers,
    params: c.alarmIdParams,
    body: c.resolveAlarmBody,
    response: c.alarmChange,
    handler: async ({ services, principal, params, body }) =>
      changeView(await services.alarms.resolve(principal, params.id, body.resolution, body.note)),
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/notes",
    summary: "Add a note to an alarm (what was found, who went)",
    tag: "alarms",
    access: ROLE_SETS.alarmHandlers,
    params: c.alarmIdParams,
    body: c.noteBody,
    status: 204,
    handler: ({ services, principal, params, body }) => services.alarms.addNote(principal, params.id, body.note),
  }),
  route({
    method: "get",
    path: "/api/alarms/:id/dispatchable",
    summary:
      "Staff who can be sent to this alarm: the managing company's managers and staff, on duty now first (phones masked)",
    tag: "alarms",
    access: ROLE_SETS.propertyDesk,
    params: c.alarmIdParams,
    response: c.dispatchableList,
    handler: async ({ services, principal, params }) => ({
      items: await services.dispatch.dispatchable(principal, params.id),
    }),
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/dispatch",
    lane: "fire",
    summary:
      "Send a staff member of the managing company to the alarm (acknowledges an unhandled one; a new dispatch replaces the last); tells them by push and SMS",
    tag: "alarms",
    access: ROLE_SETS.propertyDesk,
    params: c.alarmIdParams,
    body: c.dispatchBody,
    response: c.dispatchResult,
    handler: async ({ services, principal, params, body }) => {
      const change = await services.dispatch.dispatch(principal, params.id, body.staffUserId, body.note || null);
      const a = change.alarm!;
      const who = a.dispatchedTo
        ? (await services.alarms.dispatchees([a.dispatchedTo])).get(a.dispatchedTo)
        : undefined;
      return {
        ...changeView(change),
        dispatchedTo: who ? { id: who.id, name: who.name, phone: maskPhone(who.phone) } : null,
        dispatchedAt: a.dispatchedAt?.toISOString() ?? null,
      };
    },
  }),
  route({
    method: "get",
    path: "/api/alarms/:id/photos",
    summary: "Photos of an alarm (each image served only through the API to callers who can see the alarm)",
    tag: "alarms",
    access: ROLE_SETS.residentsAndPlaceStaff,
    params: c.alarmIdParams,
    response: c.alarmPhotoList,
    handler: async ({ services, principal, params }) => ({
      items: await services.alarmPhotos.list(principal, params.id),
    }),
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/photos",
    summary:
      "Add a photo: raw JPEG, PNG or WebP body (at most 8 MB, judged by content), ?caption=; stored re-encoded without metadata",
    tag: "alarms",
    access: ROLE_SETS.alarmHandlers,
    params: c.alarmIdParams,
    query: c.photoUploadQuery,
    status: 201,
    response: c.alarmPhoto,
    handler: async ({ services, principal, params, query, ctx }) => {
      await services.alarmPhotos.assertVisible(principal, params.id); // an alarm out of scope: 404 before reading the upload
      if (ctx.is("application/json", "multipart/*", "application/x-www-form-urlencoded", "text/*"))
        throw new AppError("VALIDATION_FAILED", "请直接上传图片内容（JPEG、PNG 或 WebP），不要用表单或 JSON");
      return services.alarmPhotos.add(
        principal,
        params.id,
        await readUpload(ctx, MAX_PHOTO_BYTES),
        query.caption || null,
      );
    },
  }),
  route({
    method: "get",
    path: "/api/alarms/:id/photos/:photoId",
    summary: "One photo of an alarm as JPEG (?size=thumb for the 320 px thumbnail)",
    tag: "alarms",
    access: ROLE_SETS.residentsAndPlaceStaff,
    params: c.photoParams,
    query: c.photoSizeQuery,
    handler: async ({ services, principal, params, query, ctx }) => {
      const photo = await services.alarmPhotos.read(principal, params.id, params.photoId, query.size === "thumb");
      ctx.set("Cache-Control", "private, max-age=3600");
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.type = "image/jpeg";
      ctx.body = photo.data;
      return undefined;
    },
  }),
];
