// Builds one schema per provider from the shared model files in prisma/schema/,
// then runs `prisma generate` for each (RECIPES: the CLI wants an engine binary
// to exist even though generate never runs it, so point it at /bin/false).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { PROVIDERS, writeProviderSchemas } from "./schema-source.ts";

const check = process.argv.includes("--check");
const changed = writeProviderSchemas({ check });
if (check) {
  if (changed.length > 0) {
    console.error(`provider schemas out of date: ${changed.join(", ")} (run npm run db:generate)`);
    process.exit(1);
  }
  process.exit(0);
}
const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync("/bin/false") ? "/bin/false" : process.execPath);
for (const provider of PROVIDERS) {
  const r = spawnSync("npx", ["--no-install", "prisma", "generate", "--schema", `prisma/${provider}/schema.prisma`], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: engine,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (r.status !== 0) {
    console.error(`prisma generate failed for ${provider}`);
    process.exit(r.status ?? 1);
  }
  console.log(`prisma client generated for ${provider}`);
}
