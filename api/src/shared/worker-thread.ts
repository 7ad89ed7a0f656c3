// Starting a worker thread of ours: the built entry beside the running one (dist/, scripts/build.ts), else the
// TypeScript source through ts-worker.mjs (tests, `tsx`: Node 20 refuses a .ts worker entry and does not hand
// tsx's hooks to workers). And where a forked process of ours starts (forkEntry): the same choice, for fork().
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker, type Transferable } from "node:worker_threads";

/** A worker from TypeScript source, through ts-worker.mjs. */
export function sourceWorker(file: URL, workerData: object, transferList: Transferable[] = []): Worker {
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), {
    workerData: { ...workerData, tsEntry: file.href },
    transferList,
  });
}

/**
 * `built`: the entry's name in dist/ (scripts/build.ts `entries`); `source`: its TypeScript file;
 * `transferList`: what in workerData moves to the thread (a MessagePort).
 */
export function startThread(built: string, source: URL, workerData: object, transferList: Transferable[] = []): Worker {
  const file = path.join(path.dirname(process.argv[1] ?? "."), `${built}.js`);
  if (existsSync(file)) return new Worker(file, { workerData, transferList });
  return sourceWorker(source, workerData, transferList);
}

/**
 * A forked process's entry (HTTP_WORKERS' http-worker, MQTT_BROKER_PROCESSES' broker process): `built`, the
 * entry's file name in dist/ beside a compiled main (`npm run serve`, scripts/build.ts), else `source` through
 * tsx (tests, development), with the main process's node flags either way.
 */
export function forkEntry(built: string, source: string): { file: string; execArgv: string[] } {
  const main = process.argv[1] ? path.resolve(process.argv[1]) : "";
  const file = path.join(path.dirname(main), built);
  if (main.endsWith(".js") && existsSync(file)) return { file, execArgv: process.execArgv };
  const tsx = process.execArgv.some((a) => a.includes("tsx"));
  return { file: source, execArgv: tsx ? process.execArgv : [...process.execArgv, "--import", "tsx"] };
}
