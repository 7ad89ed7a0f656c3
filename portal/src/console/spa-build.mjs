// Builds the console's React app (app/main.tsx) with Vite and writes the files to stdout as JSON:
// [{ "name": "main.js", "text": "..." }, ...]. Run as a child process by spa.ts, so Vite and Rolldown
// are loaded only while building and their memory goes back when the build ends.
import path from "node:path";
import { build } from "vite";

const root = path.join(import.meta.dirname, "app");
const out = await build({
  root,
  configFile: false,
  logLevel: "silent",
  base: "/console/assets/spa/",
  mode: "production",
  oxc: { jsx: { runtime: "automatic" } },
  // @anxin/contract: the path alias of config/tsconfig.base.json, which app/tsconfig.json extends
  resolve: { tsconfigPaths: true },
  build: {
    write: false,
    minify: true,
    target: "es2020",
    sourcemap: false,
    copyPublicDir: false,
    rollupOptions: {
      input: path.join(root, "main.tsx"),
      output: {
        entryFileNames: "main.js",
        chunkFileNames: "[name]-[hash].js",
        assetFileNames: "[name]-[hash][extname]",
      },
    },
  },
});
const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
process.stdout.write(
  JSON.stringify(
    outputs.map((f) => ({
      name: f.fileName,
      text:
        f.type === "chunk"
          ? f.code
          : typeof f.source === "string"
            ? f.source
            : Buffer.from(f.source).toString("base64"),
      base64: f.type !== "chunk" && typeof f.source !== "string",
    })),
  ),
);
