// Lint for the portal workspace (the root config leaves portal/ to this one): the root's rules, and
// nothing from api/ needed here beyond its types and services, taken through the two public names (issue 13):
// `@anxin/api` (api/src/public.ts) and `@anxin/contract` (api/src/contract), path aliases in
// config/tsconfig.base.json.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import { noSyncCompression } from "../config/eslint-event-loop.js";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  // the portal is a transport of its own: it takes the API only through its public entries, never a path
  // into api/src (nor a deep import through the workspace package, node_modules/@anxin/api)
  {
    files: ["src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/api/src", "**/api/src/**", "@anxin/api/*"],
              message:
                "the portal imports the API as @anxin/api (api/src/public.ts: export what it needs there) and its contract as @anxin/contract/<file>",
            },
            { group: ["**/tests/**"], message: "the portal ships: it never imports the tests" },
          ],
        },
      ],
    },
  },
  // the server's one event loop carries fire alarms: whole files are compressed in zlib's thread pool, never
  // with the *Sync calls (ECharts at gzip level 9 held it 80 ms); the root config has the same rule for api/
  {
    files: ["src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-syntax": noSyncCompression,
    },
  },
  // the console's React app runs in the browser: the hooks' rules, and no Node, zod or server code in it
  {
    files: ["src/console/app/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "zod", "koa", "@koa/*", "@prisma/*"], message: "the console app runs in the browser" },
            {
              // the contract's types; values only from its import-free files
              regex: "^@anxin/contract(?!/(labels|county-time|dispatch|roles)$)",
              allowTypeImports: true,
              message:
                "the console app takes the API's types with import type; values only from @anxin/contract/labels, county-time, dispatch and roles",
            },
            { group: ["**/server/**"], message: "server-side portal code stays on the server" },
            {
              // the API's shapes come from its contract, never from a module's own types (issue 13 item 1)
              group: ["@anxin/api", "@anxin/api/*"],
              message: "the console app takes the API's types from @anxin/contract (import type), not from its modules",
            },
          ],
        },
      ],
    },
  },
);
