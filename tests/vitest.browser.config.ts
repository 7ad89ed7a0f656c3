import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser suites of the tests workspace (headless Chromium through playwright-core); the root suite
// excludes tests/browser. `npm run check:browser-h5 -w tests` runs them.
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
  // @anxin/api and @anxin/contract: the path aliases of config/tsconfig.base.json (ARCHITECTURE.md)
  resolve: { tsconfigPaths: true },
  test: {
    include: ["tests/browser/miniapp-*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
