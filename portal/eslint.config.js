// Lint for the portal workspace (the root config leaves portal/ to this one): the root's rules, and
// nothing from api/ needed here beyond its types and services.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
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
              regex: "api/src/contract/(?!(labels|county-time|dispatch|roles)\\.ts$)",
              allowTypeImports: true,
              message:
                "the console app takes the API's types with import type; values only from the contract files labels.ts, county-time.ts, dispatch.ts and roles.ts",
            },
            { group: ["**/server/**"], message: "server-side portal code stays on the server" },
            {
              // the API's shapes come from its contract, never from a module's own types (issue 13 item 1)
              regex: "api/src/(?!contract/)",
              message:
                "the console app takes the API's types from api/src/contract (import type), not from its modules",
            },
          ],
        },
      ],
    },
  },
);
