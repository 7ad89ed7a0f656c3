// Cameras (issue 23): the register (accounts sealed, never sent back), snapshots on demand, live view as
// HLS while someone holds a lease, and the snapshots attached to an alarm. A unit's people see their units'
// cameras, a property company its communities', the monitoring centre, the supervisor and admins all.
import type { z } from "zod";
import { route } from "../route.ts";
import type { CameraInput } from "../../../modules/cameras/registry/index.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import {
  alarmCameraList,
  cameraBody,
  cameraList,
  cameraListQuery,
  cameraPlaces,
  cameraSnapshot as snapshot,
  cameraView as camera,
  hlsFileParams,
  idParams,
  liveLease,
  snapshotList,
  snapshotListQuery,
  snapshotParams,
  viewerParams,
} from "../../../contract/cameras.ts";

const input = (b: z.output<typeof cameraBody>): CameraInput => ({ ...b, rtspUrl: b.rtspUrl });

export const cameraRoutes = [
  route({
    method: "get",
    path: "/api/cameras",
    summary: "Cameras the caller may see, with status and the latest snapshot (accounts never shown)",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    query: cameraListQuery,
    response: cameraList,
    handler: async ({ services, principal, query }) => ({
      items: await services.cameras.service.list(principal, query),
    }),
  }),
  route({
    method: "post",
    path: "/api/cameras",
    summary: "Register a camera at a unit (building, key part) or a community; the password is stored sealed",
    tag: "cameras",
    access: ROLE_SETS.cameraManagers,
    body: cameraBody,
    status: 201,
    response: camera,
    handler: async ({ services, principal, body }) => services.cameras.service.create(principal, input(body)),
  }),
  route({
    method: "get",
    path: "/api/cameras/places",
    summary: "The networked units and communities where the caller may register a camera (none for a viewer)",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    response: cameraPlaces,
    handler: ({ services, principal }) => services.cameras.service.registerablePlaces(principal),
  }),
  route({
    method: "get",
    path: "/api/cameras/:id",
    summary: "One camera",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: idParams,
    response: camera,
    handler: async ({ services, principal, params }) => services.cameras.service.get(principal, params.id),
  }),
  route({
    method: "put",
    path: "/api/cameras/:id",
    summary: "Change a camera (a password left out is kept; an empty one removes it)",
    tag: "cameras",
    access: ROLE_SETS.cameraManagers,
    params: idParams,
    body: cameraBody,
    response: camera,
    handler: async ({ services, principal, params, body }) =>
      services.cameras.service.update(principal, params.id, input(body)),
  }),
  route({
    method: "delete",
    path: "/api/cameras/:id",
    summary: "Retire a camera (its snapshots stay with their alarms)",
    tag: "cameras",
    access: ROLE_SETS.cameraManagers,
    params: idParams,
    status: 204,
    handler: ({ services, principal, params }) => services.cameras.service.remove(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/cameras/:id/snapshot",
    summary: "Take a snapshot now (within 8 s); the picture is served by the snapshot's url",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: idParams,
    status: 201,
    response: snapshot,
    handler: ({ services, principal, params }) => services.cameras.service.snapshot(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/cameras/:id/snapshots",
    summary: "A camera's latest snapshots (on demand, for alarms, from recognition)",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: idParams,
    query: snapshotListQuery,
    response: snapshotList,
    handler: async ({ services, principal, params, query }) => ({
      items: await services.cameras.service.snapshots(principal, params.id, query.limit),
    }),
  }),
  route({
    method: "get",
    path: "/api/cameras/:id/snapshots/:snapshotId",
    summary: "One snapshot as JPEG, only to callers who see the camera",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: snapshotParams,
    handler: async ({ services, principal, params, ctx }) => {
      const jpeg = await services.cameras.service.readSnapshot(principal, params.id, params.snapshotId);
      ctx.set("Cache-Control", "private, max-age=3600");
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.type = "image/jpeg";
      ctx.body = jpeg;
      return undefined;
    },
  }),
  route({
    method: "post",
    path: "/api/cameras/:id/live",
    summary:
      "Start watching: the server repackages the camera as HLS and answers a viewer lease to renew every few seconds (503 past the concurrent stream limit)",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: idParams,
    response: liveLease,
    handler: ({ services, principal, params }) => services.cameras.service.watch(principal, params.id),
  }),
  route({
    method: "put",
    path: "/api/cameras/:id/live/:viewerId",
    summary: "Renew a viewer's lease (404: the stream ended, watch again)",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: viewerParams,
    status: 204,
    handler: ({ services, principal, params }) => services.cameras.service.renew(principal, params.id, params.viewerId),
  }),
  route({
    method: "delete",
    path: "/api/cameras/:id/live/:viewerId",
    summary: "Stop watching: the stream stops when nobody else watches",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: viewerParams,
    status: 204,
    handler: ({ services, principal, params }) => services.cameras.service.leave(principal, params.id, params.viewerId),
  }),
  route({
    method: "get",
    path: "/api/cameras/:id/hls/:file",
    summary: "The live stream's playlist (index.m3u8) or a segment, while it runs",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: hlsFileParams,
    handler: async ({ services, principal, params, ctx }) => {
      const f = await services.cameras.service.hlsFile(principal, params.id, params.file);
      ctx.set("Cache-Control", f.cacheControl);
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.type = f.contentType;
      ctx.body = f.body;
      return undefined;
    },
  }),
  route({
    method: "get",
    path: "/api/alarms/:id/cameras",
    summary: "Snapshots the nearest cameras took when the alarm was raised, with their live links",
    tag: "cameras",
    access: ROLE_SETS.facilityViewers,
    params: idParams,
    response: alarmCameraList,
    handler: async ({ services, principal, params }) => ({
      items: await services.cameras.service.forAlarm(principal, params.id),
    }),
  }),
];
