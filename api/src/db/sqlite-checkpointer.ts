// SQLite in WAL mode copies the log back into the database file at checkpoints, and a checkpoint fsyncs.
// Left automatic, it runs inside whichever commit crosses the threshold: on this machine that stalled the
// ingest thread for hundreds of milliseconds (the publish -> stored p99 in `npm run bench`). So the
// connections checkpoint in line only past a bound (INLINE_CHECKPOINT_PAGES in client.ts, which lets the log
// start again under continuous writes) and a worker thread, with its own connection, checkpoints every
// second (PASSIVE: it never blocks writers), so what is left to copy in line is short.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (e) { parentPort.postMessage(String(e && e.message)); }
}, workerData.intervalMs);
parentPort.on("message", (m) => { if (m === "stop") { clearInterval(timer); db.close(); process.exit(0); } });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 1000, onError?: (message: string) => void): Checkpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, intervalMs, driver: require.resolve("better-sqlite3") },
  });
  worker.on("message", (m: string) => onError?.(m));
  worker.unref();
  return {
    async stop() {
      const exited = new Promise((r) => worker.once("exit", r));
      worker.postMessage("stop");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    },
  };
}
