import fs from "node:fs";
import path from "node:path";
import { defineConfig, type UserConfigExport } from "@tarojs/cli";
import TsconfigPathsPlugin from "tsconfig-paths-webpack-plugin";

/**
 * Build-time constant ANXIN_API_BASE: where the WeChat build sends requests (H5 always uses the
 * same origin's `/api`). Subscribe-message template ids come from the API at run time.
 */
const apiBase = process.env.ANXIN_API_BASE || "http://127.0.0.1:3000";

const miniappRoot = path.resolve(__dirname, "..");

/**
 * The API contract's label tables, county clock and role sets (files with no imports) are the parts of
 * api/src the bundle takes as values; Taro compiles only src/ unless told, so name them here. The rest of
 * the contract is `import type`.
 */
const contractValues = ["labels.ts", "county-time.ts", "roles.ts"].map((f) =>
  path.resolve(miniappRoot, "..", "api/src/contract", f),
);

/**
 * Another workspace hoists React 19 to the root node_modules, so npm keeps this package's React 18
 * (and the Taro packages that peer on it) in miniapp/node_modules. Point every import at that copy,
 * so root-level Taro packages (taro-h5, components) share one React 18.
 */
function pkgDir(name: string): string {
  const local = path.join(miniappRoot, "node_modules", name);
  if (fs.existsSync(path.join(local, "package.json"))) return local;
  return path.join(miniappRoot, "..", "node_modules", name);
}
const sharedAliases: Record<string, string> = {
  react$: pkgDir("react"),
  "@tarojs/plugin-framework-react": pkgDir("@tarojs/plugin-framework-react"),
  "@tarojs/react": pkgDir("@tarojs/react"),
};
const h5Aliases: Record<string, string> = {
  ...sharedAliases,
  "react-dom$": pkgDir("react-dom"),
  "react-dom/client$": path.join(pkgDir("react-dom"), "client.js"),
};

export default defineConfig<"webpack5">(async (merge) => {
  const baseConfig: UserConfigExport<"webpack5"> = {
    projectName: "anxin-miniapp",
    date: "2026-11-28",
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: "src",
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      ANXIN_API_BASE: JSON.stringify(apiBase),
    },
    alias: {
      "@": path.resolve(__dirname, "..", "src"),
    },
    copy: { patterns: [], options: {} },
    framework: "react",
    compiler: "webpack5",
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: contractValues },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin("tsconfig-paths").use(TsconfigPathsPlugin);
        for (const [k, v] of Object.entries(sharedAliases)) chain.resolve.alias.set(k, v);
        chain.resolve.modules.add("node_modules").add(path.join(miniappRoot, "node_modules"));
      },
    },
    h5: {
      // `npm start` serves dist/h5 under /h5/; the hash router needs no server-side rewrites.
      publicPath: "/h5/",
      compile: { include: contractValues },
      staticDirectory: "static",
      router: { mode: "hash" },
      output: {
        filename: "js/[name].[hash:8].js",
        chunkFilename: "js/[name].[chunkhash:8].js",
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: "css/[name].[hash].css",
        chunkFilename: "css/[name].[chunkhash].css",
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin("tsconfig-paths").use(TsconfigPathsPlugin);
        for (const [k, v] of Object.entries(h5Aliases)) chain.resolve.alias.set(k, v);
        chain.resolve.modules.add("node_modules").add(path.join(miniappRoot, "node_modules"));
        // Our own budget for a slow phone, instead of webpack's generic 244 KiB hint, which printed
        // "⚠️ 编译警告" on every first start (issue 22 item 9) with nothing anyone could act on: the first
        // screen (React, Taro's runtime, the app) is about 380 KiB minified, 120 KiB gzipped. Growing past
        // these limits fails the build, so a heavy dependency is noticed when it is added.
        chain.performance
          .hints(process.env.NODE_ENV === "production" ? "error" : false)
          .maxAssetSize(400 * 1024)
          .maxEntrypointSize(520 * 1024);
      },
    },
  };
  return merge({}, baseConfig);
});
