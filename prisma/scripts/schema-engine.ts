// Drives Prisma's schema engine compiled to WebAssembly through a driver adapter, so migrations can be
// created on machines that cannot download the native engine. Three adapter faults are worked around
// here (RECIPES.md): SQLite shadow replays of multi-statement scripts, PostgreSQL "char" columns (OID 18)
// during introspection, and adapter-pg's shadow database handling.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { randomUUID } from "node:crypto";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { prismaDir, providerSchemaPath, type Provider } from "./schema-source.ts";

/* eslint-disable @typescript-eslint/no-explicit-any -- the wasm engine's inputs are untyped JSON */

let loaded = false;
function loadEngine(): void {
  if (loaded) return;
  const require = createRequire(import.meta.url);
  (globalThis as any).PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    get() {
      return this.message;
    },
    set_message(m: string) {
      this.message = `RuntimeError: ${m}`;
    },
  };
  const wasmFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const WA = (globalThis as any).WebAssembly; // not in the node lib typings
  const instance = new WA.Instance(new WA.Module(readFileSync(wasmFile)), { "./schema_engine_bg.js": bg as any });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as any).__wbindgen_start?.();
  loaded = true;
}

async function postgresAdapter(url: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const factory = new PrismaPg({ connectionString: url });
  (factory as any).connectToShadowDb = async () => {
    const admin = await factory.connect();
    const name = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadowUrl = new URL(url);
    shadowUrl.pathname = `/${name}`;
    const shadow = await new PrismaPg({ connectionString: shadowUrl.toString() }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  };
  const probe = await factory.connect();
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(probe));
  await probe.dispose();
  if (!queryable.__anxinCharPatched) {
    const performIO = queryable.performIO;
    queryable.performIO = async function (q: unknown) {
      const r = await performIO.call(this, q);
      for (const f of r?.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
      return r;
    };
    queryable.__anxinCharPatched = true;
  }
  return factory as unknown as SqlMigrationAwareDriverAdapterFactory;
}

async function sqliteAdapter(url: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  const factory = new PrismaBetterSqlite3({ url });
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const a = await connectToShadowDb();
    const executeRaw = a.executeRaw.bind(a);
    a.executeRaw = async (q) => {
      if (q.args.length === 0) {
        await a.executeScript(q.sql);
        return 0;
      }
      return executeRaw(q);
    };
    return a;
  };
  return factory;
}

function migrationsDir(provider: Provider): string {
  return path.join(prismaDir, provider, "migrations");
}

function migrationsList(provider: Provider): any {
  const dir = migrationsDir(provider);
  const lockPath = path.join(dir, "migration_lock.toml");
  const dirs = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const f = path.join(dir, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(f) ? { tag: "ok", value: readFileSync(f, "utf8") } : { tag: "error", value: "missing" },
        },
      };
    }),
  };
}

/** Creates prisma/<provider>/migrations/<ts>_<name>/migration.sql for the schema delta; returns its folder or null. */
export async function createMigration(provider: Provider, scratchUrl: string, name: string): Promise<string | null> {
  loadEngine();
  const adapter = provider === "postgres" ? await postgresAdapter(scratchUrl) : await sqliteAdapter(scratchUrl);
  const factory = bindMigrationAwareSqlAdapterFactory(adapter);
  const schemaFile = providerSchemaPath(provider);
  const schema = { files: [{ path: schemaFile, content: readFileSync(schemaFile, "utf8") }] };
  const filters = { externalTables: [], externalEnums: [] };
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaFile, schema.files[0]!.content]] } as any,
    (log: string) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) console.error(log);
    },
    factory,
  );
  try {
    await engine.applyMigrations({ migrationsList: migrationsList(provider), filters } as any);
    const diag = await engine.devDiagnostic({ migrationsList: migrationsList(provider), filters } as any);
    if (diag.action.tag === "reset")
      throw new Error(`${provider}: migrations drifted from the schema: ${JSON.stringify(diag.action)}`);
    const c = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList: migrationsList(provider),
      schema,
      filters,
    } as any);
    if (!c.migrationScript) return null;
    const ts = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(migrationsDir(provider), `${ts}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `migration.${c.extension}`), c.migrationScript);
    writeFileSync(
      path.join(migrationsDir(provider), "migration_lock.toml"),
      `# Please do not edit this file manually\nprovider = "${c.connectorType}"\n`,
    );
    return path.relative(process.cwd(), dir);
  } catch (e) {
    const m = /External error id#(\d+)/.exec(String((e as Error)?.message));
    if (m) console.error("adapter error:", (factory as any).errorRegistry?.consumeError(Number(m[1])));
    throw e;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that would bring a live database to the schema in prisma/<provider>/schema.prisma ("-- This is an
 * empty migration." when none): what `prisma migrate dev` would find as drift. Used to check that
 * hand-edited migrations (the partitioned SensorReading) are not undone by Prisma's diff.
 */
export async function diffDatabaseToSchema(provider: Provider, url: string): Promise<string> {
  loadEngine();
  const adapter = provider === "postgres" ? await postgresAdapter(url) : await sqliteAdapter(url);
  const schemaFile = providerSchemaPath(provider);
  const content = readFileSync(schemaFile, "utf8");
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaFile, content]] } as any,
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    const r = await engine.diff({
      from: { tag: "schemaDatasource", files: [{ path: schemaFile, content }], configDir: prismaDir },
      to: { tag: "schemaDatamodel", files: [{ path: schemaFile, content }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    } as any);
    return String((r as any).stdout ?? "");
  } finally {
    engine.free();
  }
}
