// Cameras (issue 23): the register, snapshots, the live view's viewer lease and an alarm's cameras
// (transport/http/routes/cameras.routes.ts; answers from modules/cameras). An account is sealed on the
// server and never sent back: a camera says only whether it has one (hasAccount).
import { z } from "zod";

const optionalId = z.string().max(64).nullish();
const share = z.number().min(0).max(1);

export const cameraStatus = z.enum(["UNKNOWN", "ONLINE", "OFFLINE"]);

/** The part of the picture the detectors analyse, shares 0-1 of the frame (the route adds the module's checks:
 * inside the frame, at least 5 % wide and high). */
export const detectRegionShape = z.object({ x: share, y: share, width: share, height: share });

/** POST /api/cameras and PUT /api/cameras/:id */
export const cameraBody = z.object({
  name: z.string().trim().min(1).max(60),
  unitId: optionalId,
  keyPartId: optionalId,
  communityId: optionalId,
  buildingId: optionalId,
  placeLabel: z.string().trim().max(100).nullish(),
  rtspUrl: z.string().trim().min(8).max(1024),
  username: z.string().max(128).nullish(),
  /** omitted: keep the stored one; "" or null: remove it */
  password: z.string().max(128).nullish(),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  floor: z.number().int().min(-10).max(200).nullish(),
  directionDeg: z.number().int().min(0).max(359).nullish(),
  detectEnabled: z.boolean().optional(),
  detectFps: z.number().min(0.1).max(5).optional(),
  /** null: all of the picture; omitted: keep */
  detectRegion: detectRegionShape.nullish(),
});

export const cameraSnapshot = z.object({
  id: z.string(),
  cameraId: z.string(),
  reason: z.string(),
  alarmId: z.string().nullable(),
  takenAt: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  url: z.string(),
});
export const cameraLinks = z.object({ page: z.string(), live: z.string(), playlist: z.string() });

/** One camera as GET /api/cameras and /api/cameras/:id answer it */
export const cameraView = z.object({
  id: z.string(),
  name: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  keyPartId: z.string().nullable(),
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  buildingId: z.string().nullable(),
  placeLabel: z.string().nullable(),
  rtspUrl: z.string(),
  hasAccount: z.boolean(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  floor: z.number().nullable(),
  directionDeg: z.number().nullable(),
  detectEnabled: z.boolean(),
  detectFps: z.number(),
  detectRegion: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
  status: cameraStatus,
  statusLabel: z.string(),
  lastSeenAt: z.string().nullable(),
  lastCheckAt: z.string().nullable(),
  lastError: z.string().nullable(),
  live: z.boolean(),
  latestSnapshot: cameraSnapshot.nullable(),
  links: cameraLinks,
});

/** GET /api/cameras/places: where the caller may register a camera */
export const cameraPlaces = z.object({
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  communities: z.array(z.object({ id: z.string(), name: z.string() })),
});

/** POST /api/cameras/:id/live: a viewer lease, renewed every few seconds, and the HLS playlist */
export const liveLease = z.object({ viewerId: z.string(), leaseMs: z.number(), playlist: z.string() });

/** GET /api/alarms/:id/cameras */
export const alarmCamera = z.object({
  cameraId: z.string(),
  name: z.string(),
  placeLabel: z.string().nullable(),
  snapshot: cameraSnapshot,
  links: cameraLinks,
});

export type CameraBody = z.input<typeof cameraBody>;
export type CameraStatus = z.infer<typeof cameraStatus>;
export type CameraView = z.infer<typeof cameraView>;
export type CameraSnapshot = z.infer<typeof cameraSnapshot>;
export type CameraPlaces = z.infer<typeof cameraPlaces>;
export type LiveLease = z.infer<typeof liveLease>;
export type AlarmCamera = z.infer<typeof alarmCamera>;
