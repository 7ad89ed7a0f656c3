import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "vite";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

// Taro's published packages ship source maps that point at missing sources: drop those warnings.
const logger = createLogger();
const warn = logger.warn.bind(logger);
const warnOnce = logger.warnOnce.bind(logger);
const noisy = (msg: string) => msg.includes("points to missing source files");
logger.warn = (msg, opts) => (noisy(msg) ? undefined : warn(msg, opts));
logger.warnOnce = (msg, opts) => (noisy(msg) ? undefined : warnOnce(msg, opts));

/** React 18 lives in miniapp/node_modules (React 19 is hoisted to the root by another workspace). */
function pkgDir(name: string): string {
  const local = path.join(root, "node_modules", name);
  if (fs.existsSync(path.join(local, "package.json"))) return local;
  return path.join(root, "..", "node_modules", name);
}

export default defineConfig({
  customLogger: logger,
  plugins: [
    {
      // Taro's packages point their source maps at sources they do not ship: load them without.
      name: "anxin-strip-taro-sourcemaps",
      enforce: "pre",
      load(id) {
        if (!/[\\/]node_modules[\\/]@tarojs[\\/].*\.js$/.test(id)) return null;
        return fs.readFileSync(id, "utf8").replace(/\n\/\/# sourceMappingURL=.*$/m, "\n");
      },
    },
  ],
  resolve: {
    alias: [
      // Its CommonJS build would require() the root React 19; the ES build goes through these aliases.
      {
        find: /^@testing-library\/react$/,
        replacement: path.join(pkgDir("@testing-library/react"), "dist/@testing-library/react.esm.js"),
      },
      { find: /^@tarojs\/components$/, replacement: "@tarojs/components/lib/react" },
      { find: /^@tarojs\/taro$/, replacement: path.join(root, "test/support/taro.ts") },
      { find: /^@\/(.*)$/, replacement: `${path.join(root, "src")}/$1` },
      // the API's public contract: types (and, in tests only, its zod schemas); labels.ts and roles.ts have no imports
      { find: /^@anxin\/contract$/, replacement: path.join(root, "..", "api/src/contract/index.ts") },
      { find: /^@anxin\/contract\/labels$/, replacement: path.join(root, "..", "api/src/contract/labels.ts") },
      { find: /^@anxin\/contract\/roles$/, replacement: path.join(root, "..", "api/src/contract/roles.ts") },
      {
        find: /^@anxin\/contract\/county-time$/,
        replacement: path.join(root, "..", "api/src/contract/county-time.ts"),
      },
      { find: /^react-dom(\/.*)?$/, replacement: `${pkgDir("react-dom")}$1` },
      { find: /^react(\/.*)?$/, replacement: `${pkgDir("react")}$1` },
      {
        find: /^@tarojs\/plugin-framework-react(\/.*)?$/,
        replacement: `${pkgDir("@tarojs/plugin-framework-react")}$1`,
      },
      { find: /^@tarojs\/react(\/.*)?$/, replacement: `${pkgDir("@tarojs/react")}$1` },
    ],
  },
  // The build constants Taro's H5 build defines.
  define: {
    "process.env.TARO_ENV": JSON.stringify("h5"),
    "process.env.TARO_PLATFORM": JSON.stringify("web"),
    "process.env.FRAMEWORK": JSON.stringify("react"),
    "process.env.SUPPORT_TARO_POLYFILL": JSON.stringify("disabled"),
    DEPRECATED_ADAPTER_COMPONENT: "false",
    ANXIN_API_BASE: JSON.stringify("http://127.0.0.1:3000"),
  },
  test: {
    environment: "jsdom",
    include: ["test/unit/**/*.test.{ts,tsx}"],
    setupFiles: ["test/support/setup.ts"],
    // Taro's packages must go through the aliases above (one React 18), so inline them.
    server: { deps: { inline: [/@tarojs\//, /@stencil\//, /@testing-library\//] } },
    testTimeout: 15000,
  },
});
