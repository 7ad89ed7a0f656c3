// Compiles the API and `npm start` into plain JavaScript under dist/ (esbuild, well under a second), so
// production runs on node alone instead of tsx's loader: no loader hooks thread, no on-the-fly transforms,
// no source maps held for every module (docs/performance.md: about 30 MB of the API's resident memory).
// Tests and the tools still run from source with tsx. `npm start` and `npm run serve` build first, so
// dist/ can never be older than the source they run.
//
//   tsx scripts/build.ts            -> dist/serve.js (npm run serve), dist/start.js (npm start)
//   tsx scripts/build.ts --outdir D  -> the same into D (a directory inside the repository)
//
// Packages stay in node_modules (not bundled). Our own modules are bundled; the few that locate files
// relative to themselves (import.meta.url / import.meta.dirname: migrations, the H5 directory, Prisma's
// generated client) get those rewritten to their source location, so they find the same files.
import path from "node:path";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

export const root = path.resolve(import.meta.dirname, "..");

/** The entry points: name in dist/ -> source file. */
export const entries = {
  serve: "scripts/serve.ts",
  start: "scripts/start.ts",
  // the cameras' sampler thread (api/src/integrations/video/sampler-thread.ts finds it beside the entry)
  "camera-sampler": "api/src/integrations/video/sampler-worker.ts",
  "mqtt-broker": "api/src/transport/mqtt/broker-worker.ts", // MQTT_BROKER_THREAD (transport/mqtt/broker-thread.ts)
  // MQTT_BROKER_PROCESSES: forked by the main process (transport/mqtt/broker-shards.ts finds it beside the entry)
  "mqtt-broker-process": "api/src/transport/mqtt/broker-process.ts",
  "http-worker": "scripts/http-worker.ts", // HTTP_WORKERS: forked by the main process (scripts/http-workers.ts)
} as const;

function sourceLocation(outdir: string): Plugin {
  return {
    name: "source-location",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let contents = await readFile(args.path, "utf8");
        if (contents.includes("import.meta.")) {
          // relative to the output file's own URL, so a moved checkout still works
          const rel = path.relative(outdir, args.path).split(path.sep).join("/");
          const relDir = path.relative(outdir, path.dirname(args.path)).split(path.sep).join("/") || ".";
          contents = contents
            .replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`)
            .replaceAll(
              "import.meta.dirname",
              `decodeURIComponent(new URL(${JSON.stringify(`${relDir}/`)}, import.meta.url).pathname).replace(/\\/$/, "")`,
            )
            .replaceAll(
              "import.meta.filename",
              `decodeURIComponent(new URL(${JSON.stringify(rel)}, import.meta.url).pathname)`,
            );
        }
        return { contents, loader: "ts" };
      });
    },
  };
}

export async function buildDist(outdir = path.join(root, "dist")): Promise<{ outdir: string; files: string[] }> {
  const abs = path.resolve(root, outdir);
  if (!abs.startsWith(root + path.sep))
    throw new Error(`outdir must be inside the repository (packages resolve from node_modules): ${abs}`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
    outdir: abs,
    bundle: true,
    splitting: true, // dynamic imports stay separate chunks, loaded on first use
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    chunkNames: "chunk-[hash]", // beside the entries: the rewritten relative URLs assume one directory
    sourcemap: "linked", // for --enable-source-maps when debugging; node ignores the files otherwise
    metafile: true,
    logLevel: "warning",
    plugins: [sourceLocation(abs)],
    banner: { js: "// built by scripts/build.ts from the TypeScript sources; do not edit" },
  });
  // Chunks of earlier builds (named by content hash) would pile up: remove those not written now and older
  // than ten minutes (a process still starting from an earlier build loads its chunks within seconds).
  const fresh = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)));
  for (const e of await readdir(abs, { withFileTypes: true })) {
    const file = path.join(abs, e.name);
    if (!e.isFile() || !/^chunk-.*\.js(\.map)?$/.test(e.name) || fresh.has(file)) continue;
    const st = await stat(file).catch(() => null); // another build may have removed it meanwhile
    if (st && Date.now() - st.mtimeMs > 10 * 60_000) await rm(file, { force: true });
  }
  return { outdir: abs, files: [...fresh] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--outdir");
  const started = Date.now();
  const { outdir } = await buildDist(i > 0 ? process.argv[i + 1] : undefined);
  console.log(
    `built ${path.relative(root, outdir) || "."}/ (${Object.keys(entries).join(", ")}) in ${Date.now() - started} ms`,
  );
}
