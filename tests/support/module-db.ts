// A migrated database of its own for a module's tests (no API server): SQLite in a temp file or a fresh
// PostgreSQL database, opened with the API's own client, dropped at the end.
import { openDb, type Db } from "../../api/src/db/client.ts";
import { applyMigrations } from "../../api/src/db/migrations.ts";
import { createTestDatabase, type Provider, type TestDatabase } from "./databases.ts";

export interface ModuleDb {
  db: Db;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function openModuleDb(provider: Provider): Promise<ModuleDb> {
  const database = await createTestDatabase(provider);
  await applyMigrations(database.target);
  const db = await openDb(database.target, { poolSize: 4 });
  return {
    db,
    database,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}
