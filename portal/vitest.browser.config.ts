import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The portal's browser tests (headless Chromium through playwright-core), kept out of the root suite
// because they need a browser; `npm run check:browser-portal -w portal` runs them.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default defineConfig({
  root,
  // @anxin/api and @anxin/contract: the path aliases of config/tsconfig.base.json (ARCHITECTURE.md)
  resolve: { tsconfigPaths: true },
  test: {
    include: ["tests/browser/portal*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
