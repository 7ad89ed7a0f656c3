// Lint for the mini-program workspace (`npm run lint -w miniapp`, run by the root `npm test`): the
// TypeScript rules the rest of the repository uses, plus React's hook rules (rules-of-hooks,
// exhaustive-deps and the React Compiler checks of eslint-plugin-react-hooks' recommended set).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "test-results/**", "babel.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // The API's contract reaches the bundle as types only: no zod in the WeChat package. Its label tables
    // (@anxin/contract/labels), county clock (@anxin/contract/county-time) and role sets
    // (@anxin/contract/roles), files with no imports, may be imported as values.
    files: ["src/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@anxin/contract",
              allowTypeImports: true,
              message:
                "Use `import type` from the contract (its schemas are zod); labels come from @anxin/contract/labels, role sets from @anxin/contract/roles.",
            },
            { name: "zod", message: "No zod in the mini-program's bundle: take types from @anxin/contract." },
          ],
          patterns: [{ group: ["**/api/src/**"], message: "Import the API only through @anxin/contract." }],
        },
      ],
    },
  },
  {
    // Node scripts and CommonJS shims (WeChat's compilers, the no-network guard) use require().
    files: ["scripts/**/*.cjs", "test/weapp/**"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
