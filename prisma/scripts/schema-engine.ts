import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

// Prisma's native schema engine is downloaded at run time, which air-gapped hospitals (and this
// project's CI) cannot do. The WebAssembly build ships inside its npm package and speaks to the
// database through the same pg driver adapter the app uses, so migrations work anywhere.

export const prismaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const migrationsDir = path.join(prismaDir, 'migrations');
export const schemaPath = path.join(prismaDir, 'schema.prisma');

/**
 * adapter-pg runs a migration script by splitting it on every `;`, which breaks function bodies
 * (`$$ ... ; ... $$`). PostgreSQL's simple query protocol takes a whole multi-statement script, so
 * send it as one query instead.
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: { query: (sql: string) => Promise<unknown> } }).client;
    adapter.executeScript = async (script: string) => {
      await client.query(script);
    };
    return adapter;
  }
}

interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: unknown } }>;
}

let wasmReady: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(
      path.dirname(require.resolve('@prisma/schema-engine-wasm')),
      'schema_engine_bg.wasm',
    );
    const bytes = await readFile(wasmPath);
    // The WebAssembly global exists in Node but is only typed by the DOM lib.
    const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': bg });
    const exports = instance.exports as unknown as { __wbindgen_start: () => void };
    (bg as unknown as { __wbg_set_wasm: (w: unknown) => void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

export async function openSchemaEngine(connectionString: string): Promise<SchemaEngine> {
  await loadWasm();
  const datamodel = await readFile(schemaPath, 'utf8');
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg({ connectionString }));
  const log = (message: string) => {
    if (process.env.DICTUM_MIGRATE_DEBUG) process.stderr.write(`${message}\n`);
  };
  const { SchemaEngine: Engine } = bg as unknown as { SchemaEngine: typeof SchemaEngine };
  return Engine.new({ datamodels: [[schemaPath, datamodel]] }, log, adapter);
}

export async function readMigrationList(): Promise<MigrationList> {
  const entries = (await readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    entries.map(async (name) => {
      const content = await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { path: name, migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: content } } };
    }),
  );
  const lockfile = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockfile },
    shadowDbInitScript: '',
    migrationDirectories,
  } as unknown as MigrationList;
}

export const noFilters = { externalTables: [], externalEnums: [] };
