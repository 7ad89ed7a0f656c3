// The bench's stand-in cameras, served by a child process (camera-standin-child.ts) so that packetising
// their video never runs on the loop of the process that times the alarms.
import { fork } from "node:child_process";
import path from "node:path";
import type { ClipOptions } from "../../api/stand-ins/camera/index.ts";
import { childAnswer } from "./child-answer.ts";

/** What the bench needs of its cameras: the RTSP stand-in, run in a child process (camera-standin-child.ts). */
export interface CameraStandIn {
  url(path: string): string;
  addPath(path: string, clip: ClipOptions): Promise<void>;
  stop(): Promise<void>;
}

export async function startStandInProcess(): Promise<CameraStandIn> {
  const child = fork(path.join(import.meta.dirname, "camera-standin-child.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await childAnswer<number>(child, "port", 60_000);
  return {
    url: (p) => `rtsp://127.0.0.1:${port}${p.startsWith("/") ? p : `/${p}`}`,
    async addPath(p, clip) {
      await childAnswer<string>(child, "added", 60_000, { addPath: p, clip });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.send({ stop: true });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
