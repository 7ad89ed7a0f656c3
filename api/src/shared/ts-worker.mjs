// A worker thread's entry for TypeScript sources (tests and `tsx` runs; the built dist/ has its own .js):
// Node 20 refuses a .ts worker entry and does not hand tsx's hooks to workers, so this loads the file
// through tsx. workerData.tsEntry is the file's URL; the rest of workerData is the worker's own.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.tsEntry, import.meta.url);
