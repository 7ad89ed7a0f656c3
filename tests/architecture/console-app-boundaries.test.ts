// The console's React app runs in the browser (issue 13 item 6): portal/eslint.config.js refuses Node,
// zod and server code in it, and takes the contract's types (`@anxin/contract/...`) with `import type` only,
// values only from the contract's import-free files (labels, county time, roles, dispatch), and nothing from
// `@anxin/api` or any path into api/src. Each wrong import below is refused by the lint
// `npm test` runs, and the right one beside it is not. The files do not exist; ESLint lints the text as if
// it were at that path.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const portal = path.resolve(import.meta.dirname, "../../portal");
const eslint = new ESLint({ cwd: portal });
const FILE = path.join(portal, "src/console/app/screens/Example.tsx");

async function refusals(code: string): Promise<string[]> {
  const [r] = await eslint.lintText(`${code}\nexport const x = 1;\n`, { filePath: FILE });
  return (r?.messages ?? [])
    .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports" || m.ruleId === "no-restricted-imports")
    .map((m) => m.message);
}

describe("the console app's import boundaries", () => {
  it.each([
    [`import { z } from "zod";`, "zod"],
    [`import { readFile } from "node:fs/promises";`, "Node"],
    [`import { alarmDetail } from "@anxin/contract/alarms";`, "a contract schema (zod) as a value"],
    [`import { STATUS_LABELS } from "@anxin/api";`, "the API's entry, for the server-side portal only"],
    [`import { html } from "../../../server/render/html.ts";`, "server code"],
    [`import type { BoardAlarm } from "@anxin/api";`, "a module's own type"],
    [`import type { AlarmDetail } from "../../../../../api/src/contract/alarms.ts";`, "a path into api/src"],
  ])("%s is refused (%s)", async (code) => {
    expect(await refusals(code)).not.toEqual([]);
  });

  it.each([
    `import type { AlarmDetail } from "@anxin/contract/alarms";`,
    `import type { TownshipReport } from "@anxin/contract/reports";`,
    `import { KIND_LABEL } from "@anxin/contract/labels";`,
    `import { countyDate } from "@anxin/contract/county-time";`,
    `import { ROLE_SETS } from "@anxin/contract/roles";`,
    `import { api } from "../../client/api.ts";`,
  ])("%s is allowed", async (code) => {
    expect(await refusals(code)).toEqual([]);
  });
});
