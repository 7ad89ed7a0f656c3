// Lint for the whole workspace. Domain modules stay free of transport code (STYLE habit 1):
// api/src/modules may not import koa, mqtt or aedes.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import { noSyncCompression } from "./config/eslint-event-loop.js";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/generated/**",
      "data/**",
      "coverage/**",
      "test-results/**",
      "miniapp/**",
      "portal/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "off",
    },
  },
  {
    files: ["api/src/modules/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["koa", "@koa/*", "mqtt", "aedes", "**/transport/**"],
              message: "domain modules must not import transport code",
            },
          ],
        },
      ],
    },
  },
  {
    // the API below its composition root (scripts/app.ts): it never reaches up into the root, the portal (a
    // transport of its own, wired by the root), the demo seed, the stand-ins or the tests
    files: ["api/src/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.fixture.ts", "api/src/tools/**", "api/src/modules/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/scripts/**", "**/portal/**", "**/prisma/seed/**", "**/stand-ins/**", "**/tests/**"],
              message:
                "the API does not import its composition root, the portal, seed data, stand-ins or tests: scripts/app.ts wires them",
            },
          ],
        },
      ],
    },
  },
  {
    // nothing that ships uses what only the tests use: the composition root, the seed, the stand-ins that
    // `npm start` plays the third parties with never import tests/ (issue 13 item 2; the portal's own lint says
    // the same for it)
    files: ["scripts/**/*.ts", "prisma/**/*.ts", "api/stand-ins/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/tests/**"],
              message: "only tests import tests/: a stand-in that npm start uses lives in api/stand-ins/",
            },
          ],
        },
      ],
    },
  },
  {
    // the contract (issue 13 item 1): zod, shared/bounded.ts and its own files only, so every client (the
    // console, the mini-program with import type, the tests) can take it without the API behind it
    files: ["api/src/contract/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "**/modules/**",
                "**/transport/**",
                "**/db/**",
                "**/channels/**",
                "**/integrations/**",
                "**/services.ts",
                "**/app-context.ts",
                "**/scripts/**",
                "**/portal/**",
                "**/prisma/**",
                "**/stand-ins/**",
                "**/tests/**",
              ],
              message:
                "the contract imports only zod, shared/bounded.ts and its own files: move the constant or label it needs into the contract",
            },
          ],
        },
      ],
    },
  },
  {
    // the code of a module (its tests may use the test support): no seed data, stand-ins or tests either
    files: ["api/src/modules/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.fixture.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["koa", "@koa/*", "mqtt", "aedes", "**/transport/**"],
              message: "domain modules must not import transport code",
            },
            {
              group: ["**/prisma/seed/**", "**/stand-ins/**", "**/tests/**", "**/scripts/**", "**/portal/**"],
              message:
                "domain modules must not import seed data, stand-ins, tests, the portal or the composition root: the composition root passes them in",
            },
          ],
        },
      ],
    },
  },
  {
    // the server's one event loop carries fire alarms: whole files are compressed in zlib's thread pool
    // (ECharts at gzip level 9 held it 80 ms, the console's build 100 ms), never with the *Sync calls
    files: ["api/src/**/*.ts", "portal/src/**/*.ts", "scripts/app.ts", "scripts/start*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-syntax": noSyncCompression,
    },
  },
);
