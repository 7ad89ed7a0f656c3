import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The staff console's browser tests (headless Chromium through playwright-core): `npm run check:browser-console -w portal`.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default defineConfig({
  root,
  // @anxin/api and @anxin/contract: the path aliases of config/tsconfig.base.json (ARCHITECTURE.md)
  resolve: { tsconfigPaths: true },
  test: {
    include: ["tests/browser/console*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
