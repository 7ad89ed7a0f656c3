// The worker thread behind ThreadedFireDetector (detector-thread.ts): one classic detector session per
// camera session number; a session idle for 10 minutes (its camera stopped or restarted) is forgotten.
import { parentPort, workerData } from "node:worker_threads";
import { ClassicFireDetector, type ClassicOptions, type DetectorSession } from "../../modules/cameras/index.ts";

interface Frame {
  id: number;
  session: number;
  width: number;
  height: number;
  t: number;
  data: Uint8Array;
}

const IDLE_MS = 10 * 60_000;
const detector = new ClassicFireDetector((workerData as { options?: ClassicOptions } | null)?.options ?? {});
const sessions = new Map<number, { session: DetectorSession; used: number }>();
const port = parentPort;
if (!port) throw new Error("classic-detector-worker runs as a worker thread");

port.on("message", (m: Frame) => {
  let s = sessions.get(m.session);
  if (!s) {
    s = { session: detector.session(), used: 0 };
    sessions.set(m.session, s);
  }
  s.used = Date.now();
  s.session.detect({ width: m.width, height: m.height, t: m.t, data: m.data }).then(
    (detections) => port.postMessage({ id: m.id, detections }),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});

setInterval(() => {
  const now = Date.now();
  for (const [k, s] of sessions) if (now - s.used > IDLE_MS) sessions.delete(k);
}, 60_000).unref();
