// Starting a worker thread of ours: the built entry beside the running one (dist/, scripts/build.ts), else the
// TypeScript source through ts-worker.mjs (tests, `tsx`: Node 20 refuses a .ts worker entry and does not hand
// tsx's hooks to workers).
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
