// `npm run create-admin -- <username> <name>`: the first ADMIN of a production installation, which seeds no
// demo accounts (issue 12 item 5). The password is read from standard input (piped, or typed and ended with
// Enter) and never printed or logged; it must be at least 12 characters. The database comes from
// DATABASE_URL like the API's; migrations are applied first.
import { createInterface } from "node:readline";
import { loadConfig } from "../shared/config.ts";
import { applyMigrations } from "../db/migrations.ts";
import { openDb } from "../db/client.ts";
import { hashPassword } from "../modules/auth/passwords.ts";

const MIN_PASSWORD = 12;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (at least 12 characters), then Enter: ");
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

const [username, ...nameWords] = process.argv.slice(2);
if (!username || !/^[A-Za-z0-9_.-]{3,64}$/.test(username)) {
  console.error("usage: npm run create-admin -- <username> [name]   (password on standard input)");
  process.exit(2);
}
const password = await readPassword();
if ([...password].length < MIN_PASSWORD) {
  console.error(`The password must be at least ${MIN_PASSWORD} characters.`);
  process.exit(2);
}
const config = loadConfig();
await applyMigrations(config.DATABASE_URL);
const db = await openDb(config.DATABASE_URL);
try {
  if (await db.prisma.staffUser.findUnique({ where: { username } })) {
    console.error(`A staff account named ${username} exists already.`);
    process.exit(1);
  }
  await db.prisma.staffUser.create({
    data: {
      username,
      name: nameWords.join(" ") || "系统管理员",
      role: "ADMIN",
      passwordHash: await hashPassword(password),
    },
  });
  console.log(`Created ADMIN ${username}.`);
} finally {
  await db.close();
}
process.exit(0);
