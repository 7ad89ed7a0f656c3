// The boundary rules in eslint.config.js are enforced, not remembered (issue 13 item 5): each deliberate
// wrong-way import below is refused by the same lint `npm test` runs, and the right-way import beside it is
// not. The files do not exist; ESLint lints the text as if it were at that path.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
// each instance names its own tsconfig root: with two configs loaded in one process typescript-eslint cannot guess
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { tsconfigRootDir: root } } },
});

async function refusals(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (r?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import boundaries", () => {
  it.each([
    ["api/src/modules/alarms/wrong.ts", `import { createHttpApp } from "../../transport/http/app.ts";`, "transport"],
    ["api/src/modules/alarms/wrong.ts", `import Koa from "koa";`, "transport"],
    [
      "api/src/modules/alarms/wrong.ts",
      `import { seedDemoIfEmpty } from "../../../../prisma/seed/demo-seed.ts";`,
      "seed",
    ],
    [
      "api/src/modules/alarms/wrong.ts",
      `import { startTestApi } from "../../../../tests/support/test-api.ts";`,
      "tests",
    ],
    ["api/src/modules/alarms/wrong.ts", `import { startApi } from "../../../../scripts/app.ts";`, "composition root"],
    ["api/src/transport/http/wrong.ts", `import { startApi } from "../../../../scripts/app.ts";`, "composition root"],
    // what npm start runs takes its stand-ins from api/stand-ins/, never from the tests
    ["scripts/wrong.ts", `import { startTestApi } from "../tests/support/test-api.ts";`, "tests"],
    ["api/stand-ins/wrong.ts", `import { startTestApi } from "../../tests/support/test-api.ts";`, "tests"],
    [
      "api/src/transport/http/wrong.ts",
      `import { createPortal } from "../../../../portal/src/server/index.ts";`,
      "portal",
    ],
    ["api/src/app-context.ts", `import { seedDemoIfEmpty } from "../../prisma/seed/demo-seed.ts";`, "seed"],
    ["api/src/shared/wrong.ts", `import { startTestApi } from "../../../tests/support/test-api.ts";`, "tests"],
    ["api/src/contract/wrong.ts", `import { MAX_PHOTOS } from "../modules/inspection/photos.ts";`, "module"],
    ["api/src/contract/wrong.ts", `import type { Db } from "../db/client.ts";`, "database"],
    ["api/src/contract/wrong.ts", `import { route } from "../transport/http/route.ts";`, "transport"],
  ])("%s: %s is refused", async (file, code, what) => {
    const found = await refusals(file, `${code}\nexport const x = 1;\n`);
    expect(found.length, `expected the ${what} import to be refused`).toBe(1);
  });

  it.each([
    ["api/src/modules/alarms/right.ts", `import { AppError } from "../../shared/errors.ts";`],
    ["api/src/transport/http/right.ts", `import { AppError } from "../../shared/errors.ts";`],
    ["scripts/right.ts", `import { seedDemoIfEmpty } from "../prisma/seed/demo-seed.ts";`],
    ["scripts/right.ts", `import { WechatStub } from "../api/stand-ins/wechat-stub.ts";`],
    ["api/src/modules/alarms/right.test.ts", `import { startTestApi } from "../../../../tests/support/test-api.ts";`],
    ["api/src/contract/right.ts", `import { instant } from "../shared/bounded.ts";`],
    ["api/src/modules/inspection/right.ts", `import { MAX_PHOTOS } from "../../contract/inspection.ts";`],
  ])("%s: %s is allowed", async (file, code) => {
    expect(await refusals(file, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});

// The portal has a lint config of its own (portal/eslint.config.js): it takes the API only as @anxin/api and
// @anxin/contract (issue 13), and the console's React app only the contract, values from its import-free files.
const portalEslint = new ESLint({
  cwd: path.join(root, "portal"),
  overrideConfig: { languageOptions: { parserOptions: { tsconfigRootDir: path.join(root, "portal") } } },
});

async function portalRefusals(file: string, code: string): Promise<string[]> {
  const [r] = await portalEslint.lintText(`${code}\nexport const x = 1;\n`, { filePath: path.join(root, file) });
  const messages = r?.messages ?? [];
  expect(messages.filter((m) => m.fatal)).toEqual([]); // a file that does not parse refuses nothing
  return messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => m.message);
}

describe("portal import boundaries", () => {
  it.each([
    ["portal/src/server/wrong.ts", `import type { Services } from "../../../api/src/services.ts";`, "api/src path"],
    [
      "portal/src/console/client/wrong.ts",
      `import { countyDate } from "../../../../api/src/contract/county-time.ts";`,
      "api/src path",
    ],
    ["portal/src/server/wrong.ts", `import { AppError } from "@anxin/api/src/shared/errors.ts";`, "deep import"],
    ["portal/src/server/wrong.ts", `import { startTestApi } from "../../../tests/support/test-api.ts";`, "tests"],
    ["portal/src/console/app/screens/Wrong.tsx", `import type { Principal } from "@anxin/api";`, "API module type"],
    ["portal/src/console/app/screens/Wrong.tsx", `import { reports } from "@anxin/contract";`, "contract value"],
  ])("%s: %s is refused", async (file, code, what) => {
    const found = await portalRefusals(file, code);
    expect(found.length, `expected the ${what} import to be refused`).toBeGreaterThan(0);
  });

  it.each([
    ["portal/src/server/right.ts", `import { AppError, type Services } from "@anxin/api";`],
    ["portal/src/server/right.ts", `import { reports } from "@anxin/contract";`],
    ["portal/src/console/client/right.ts", `import { countyDate } from "@anxin/contract/county-time";`],
    ["portal/src/console/app/screens/Right.tsx", `import type { CountyReport } from "@anxin/contract/reports";`],
    ["portal/src/console/app/screens/Right.tsx", `import { DEVICE_STATE_LABEL } from "@anxin/contract/labels";`],
  ])("%s: %s is allowed", async (file, code) => {
    expect(await portalRefusals(file, code)).toEqual([]);
  });
});
