// Lint for the whole workspace. Domain modules stay free of transport code (STYLE habit 1):
// api/src/modules may not import koa, mqtt or aedes.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

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
              group: ["**/prisma/seed/**", "**/stand-ins/**", "**/tests/**"],
              message:
                "domain modules must not import seed data, stand-ins or tests: the composition root passes them in",
            },
          ],
        },
      ],
    },
  },
);
