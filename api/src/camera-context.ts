// Composition of the cameras (issue 23), called by the composition root: the register with its sealed
// accounts, ffmpeg for snapshots, health and live HLS, the alarm snapshots, and the recognition workers.
import path from "node:path";
import type { Prisma } from "./db/client.ts";
import type { Config } from "./shared/config.ts";
import type { Clock } from "./shared/clock.ts";
import type { Logger } from "./shared/logger.ts";
import type { ScopeService } from "./modules/places/scope.ts";
import { UnitScopes } from "./modules/units/unit-scope.ts";
import type { AlarmService } from "./modules/alarms/alarm-service.ts";
import type { DetectionKind } from "./modules/cameras/index.ts";
import {
  CameraSecrets,
  CameraService,
  CameraWatches,
  DEV_CAMERA_SECRET_KEY,
} from "./modules/cameras/registry/index.ts";
import { ffmpegCameraVideo, type FfmpegCameraVideo } from "./integrations/video/camera-video.ts";
import { SamplerThread } from "./integrations/video/index.ts";

export interface Cameras {
  service: CameraService;
  /** null when CAMERA_DETECT=false */
  watches: CameraWatches | null;
  video: FfmpegCameraVideo;
  /** health checks every CAMERA_HEALTH_SEC and the recognition workers */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createCameras(d: {
  prisma: Prisma;
  config: Config;
  clock: Clock;
  log: Logger;
  scopes: ScopeService;
  alarms: AlarmService;
}): Cameras {
  const { config, log } = d;
  const key = config.CAMERA_SECRET_KEY ?? (config.NODE_ENV === "production" ? null : DEV_CAMERA_SECRET_KEY);
  const video = ffmpegCameraVideo({ maxStreams: config.CAMERA_MAX_STREAMS, logger: log });
  const service = new CameraService({
    prisma: d.prisma,
    scopes: d.scopes,
    unitScopes: new UnitScopes(d.prisma),
    alarms: d.alarms,
    secrets: new CameraSecrets(key),
    video,
    clock: d.clock,
    log,
    snapshotDir: path.join(config.DATA_DIR, "camera-snapshots"),
    alarmSnapshots: config.CAMERA_ALARM_SNAPSHOTS,
  });
  const watches = config.CAMERA_DETECT
    ? new CameraWatches({
        cameras: service,
        // decoders read and frames analysed on a thread of their own: the event loop carries fire alarms
        analyser: new SamplerThread({ width: 320, height: 240, log }),
        log,
        max: config.CAMERA_MAX_ANALYSED,
      })
    : null;
  if (watches) service.onChanged = () => void watches.refresh();
  let timer: NodeJS.Timeout | null = null;
  let checking: Promise<unknown> = Promise.resolve();
  return {
    service,
    watches,
    video,
    async start() {
      if (!key) log.warn("cameras: no sealing key configured (docs/cameras.md), so camera accounts cannot be stored");
      let busy = false;
      const check = () => {
        if (busy) return; // a sweep of many cameras may outlast the period: never two at once
        busy = true;
        checking = service
          .checkAll()
          .catch((e: unknown) => log.error({ err: e }, "cameras: health sweep failed"))
          .finally(() => (busy = false));
      };
      timer = setInterval(check, config.CAMERA_HEALTH_SEC * 1000);
      timer.unref();
      check();
      await watches?.refresh();
      if (watches && config.CAMERA_MODEL_PATH) {
        // a county's model replaces the classic detector; should it not load, the classic one stays on
        const model = config.CAMERA_MODEL_PATH;
        const classes = config.CAMERA_MODEL_CLASSES.split(",").map((c) =>
          c.trim() === "flame" || c.trim() === "smoke" ? (c.trim() as DetectionKind) : null,
        );
        // loaded here once to find out whether it loads; the sampler thread then loads its own. Imported only
        // here: onnxruntime-node's native library costs 14 MB of RSS in every process that loads it
        const { OnnxModelRunner } = await import("./integrations/video/onnx-runner.ts");
        await OnnxModelRunner.load({ model })
          .then((runner) => runner.close())
          .then(() =>
            watches.useAnalyser(
              new SamplerThread({
                width: 320,
                height: 240,
                log,
                model: {
                  path: model,
                  layout: config.CAMERA_MODEL_LAYOUT,
                  classes,
                  name: `onnx:${path.basename(model)}`,
                },
              }),
            ),
          )
          .catch((e: unknown) =>
            log.error({ err: e, model }, "cameras: the model did not load; the classic detector stays"),
          );
      }
    },
    async close() {
      if (timer) clearInterval(timer);
      await checking;
      await watches?.close();
      await service.settle();
      await video.close();
    },
  };
}
