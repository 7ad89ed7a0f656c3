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
const { performance } = require("node:perf_hooks");
const { appendFileSync } = require("node:fs");
const timer = setInterval(() => {
  try {
    const t = performance.timeOrigin + performance.now();
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    // ANXIN_FIRE_TRACE: each checkpoint beside the fire's stages (shared/fire-trace.ts)
    if (workerData.trace) appendFileSync(workerData.trace, JSON.stringify({ t, stage: "checkpoint", ms: performance.timeOrigin + performance.now() - t, ...r }) + "\\n");
  } catch (e) { parentPort.postMessage(String(e && e.message)); }
}, workerData.intervalMs);
parentPort.on("message", (m) => { if (m === "stop") { clearInterval(timer); db.close(); process.exit(0); } });
`;

const warn = (message: string) => process.emitWarning(message);

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 1000, onError?: (message: string) => void): Checkpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file,
      intervalMs,
      driver: require.resolve("better-sqlite3"),
      trace: process.env.ANXIN_FIRE_TRACE || null,
    },
  });
  worker.on("message", (m: string) => onError?.(m));
  // a thread that fails (its database cannot be opened) stops checkpointing, and says so: left unheard, its
  // error would end the API's process. The connections' in-line bound keeps the log from growing without end.
  worker.on("error", (e) => (onError ?? warn)(`the SQLite checkpointer thread stopped: ${e.message}`));
  let gone = false;
  worker.once("exit", () => (gone = true));
  worker.unref();
  return {
    async stop() {
      if (gone) return;
      const exited = new Promise((r) => worker.once("exit", r));
      worker.postMessage("stop");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    },
  };
}
