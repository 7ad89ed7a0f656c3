// The boundary rules in eslint.config.js are enforced, not remembered (issue 13 item 5): each deliberate
// wrong-way import below is refused by the same lint `npm test` runs, and the right-way import beside it is
// not. The files do not exist; ESLint lints the text as if it were at that path.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

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
    [
      "api/src/transport/http/wrong.ts",
      `import { createPortal } from "../../../../portal/src/server/index.ts";`,
      "portal",
    ],
    ["api/src/app-context.ts", `import { seedDemoIfEmpty } from "../../prisma/seed/demo-seed.ts";`, "seed"],
    ["api/src/shared/wrong.ts", `import { SmsStub } from "../../../tests/stubs/sms-stub.ts";`, "tests"],
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
    ["api/src/modules/alarms/right.test.ts", `import { startTestApi } from "../../../../tests/support/test-api.ts";`],
    ["api/src/contract/right.ts", `import { instant } from "../shared/bounded.ts";`],
    ["api/src/modules/inspection/right.ts", `import { MAX_PHOTOS } from "../../contract/inspection.ts";`],
  ])("%s: %s is allowed", async (file, code) => {
    expect(await refusals(file, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});
