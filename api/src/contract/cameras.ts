// Cameras (issue 23): the register, snapshots, the live view's viewer lease and an alarm's cameras
// (transport/http/routes/cameras.routes.ts; answers from modules/cameras). An account is sealed on the
// server and never sent back: a camera says only whether it has one (hasAccount).
import { z } from "zod";
import { idParams } from "./households.ts";

const optionalId = z.string().max(64).nullish();
const share = z.number().min(0).max(1);

export const cameraStatus = z.enum(["UNKNOWN", "ONLINE", "OFFLINE"]);

/** The part of the picture the detectors analyse, shares 0-1 of the frame. */
export const detectRegionShape = z.object({ x: share, y: share, width: share, height: share });

/** A region narrower or lower than this share of the frame is refused: too little to recognise anything. */
export const MIN_REGION_SHARE = 0.05;

/** Why a region cannot be used (in Chinese, shown to whoever set it), or null when it is sound. */
export function regionProblem(r: { x: number; y: number; width: number; height: number }): string | null {
  const parts = [r.x, r.y, r.width, r.height];
  if (!parts.every((v) => typeof v === "number" && Number.isFinite(v))) return "识别区域必须是数字";
  if (r.x < 0 || r.y < 0 || r.x >= 1 || r.y >= 1) return "识别区域的起点必须在画面内";
  if (r.width < MIN_REGION_SHARE || r.height < MIN_REGION_SHARE) return "识别区域的宽和高至少是画面的 5%";
  // a little slack for shares typed as percentages and rounded
  if (r.x + r.width > 1.0001 || r.y + r.height > 1.0001) return "识别区域超出了画面";
  return null;
}

/** A region as the detectors take it: inside the frame, at least 5 % a side (checked again by modules/cameras). */
export const detectRegion = detectRegionShape
  .extend({ width: share.min(MIN_REGION_SHARE), height: share.min(MIN_REGION_SHARE) })
  .refine((r) => regionProblem(r) === null, { message: "识别区域须在画面内，宽和高至少是画面的 5%" });

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
  detectRegion: detectRegion.nullish(),
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

// ---- what the routes take, and their lists ----

const id = z.string().min(1).max(64);
export { idParams };
/** GET /api/cameras */
export const cameraListQuery = z.object({
  unitId: z.string().max(64).optional(),
  communityId: z.string().max(64).optional(),
  status: cameraStatus.optional(),
});
export const cameraList = z.object({ items: z.array(cameraView) });
/** GET /api/cameras/:id/snapshots */
export const snapshotListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const snapshotList = z.object({ items: z.array(cameraSnapshot) });
export const snapshotParams = z.object({ id, snapshotId: id });
/** /api/cameras/:id/live/:viewerId */
export const viewerParams = z.object({ id, viewerId: id });
/** /api/cameras/:id/hls/:file */
export const hlsFileParams = z.object({ id, file: z.string().max(32) });
export const alarmCameraList = z.object({ items: z.array(alarmCamera) });

export type CameraBody = z.input<typeof cameraBody>;
export type CameraStatus = z.infer<typeof cameraStatus>;
export type CameraView = z.infer<typeof cameraView>;
export type CameraSnapshot = z.infer<typeof cameraSnapshot>;
export type CameraPlaces = z.infer<typeof cameraPlaces>;
export type LiveLease = z.infer<typeof liveLease>;
export type AlarmCamera = z.infer<typeof alarmCamera>;
