import { defineConfig } from "vitest/config";

// API, database and cross-package tests. The mini-program and portal have their own configs.
export default defineConfig({
  // @anxin/api and @anxin/contract: the path aliases of config/tsconfig.base.json (ARCHITECTURE.md)
  resolve: { tsconfigPaths: true },
  test: {
    include: ["api/src/**/*.test.ts", "prisma/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "tests/browser/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
