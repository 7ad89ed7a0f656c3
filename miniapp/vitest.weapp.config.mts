import { defineConfig } from "vitest/config";

// Runs the compiled WeChat pages in miniprogram-simulate (needs `npm run build:weapp` first),
// and the DevTools automator suite, which skips itself unless WECHAT_DEVTOOLS_CLI is set.
export default defineConfig({
  test: {
    environment: "jsdom",
    include: ["test/weapp/**/*.test.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    fileParallelism: false,
  },
});
