import { postgresCheckpointTable } from '@lib/event-store';
import { createSchemaIfMissing, lockSchemaMigrations } from '@lib/postgres';
import { escapeIdentifier, type PoolClient } from 'pg';

/** The read model's tables, qualified with the schema that holds them. */
export interface ReadModelTables {
  readonly schema: string;
  readonly supportCases: string;
  readonly checkpoints: string;
  readonly migrations: string;
}

export function readModelTables(schema: string): ReadModelTables {
  const qualified = (table: string) => `${escapeIdentifier(schema)}.${table}`;
  return {
    schema,
    supportCases: qualified('support_cases'),
    checkpoints: postgresCheckpointTable(schema),
    migrations: qualified('schema_migrations'),
  };
}

/**
 * Each entry moves the schema one version up. `date` stays the ISO text the domain produced, as
 * in SQLite: timestamptz would refuse years PostgreSQL cannot hold (e.g. 0000) and stall the
 * projector. Binary collation makes text order the order of the ISO dates and hex ids.
 */
const MIGRATIONS: readonly ((tables: ReadModelTables) => string)[] = [
  ({ supportCases, checkpoints }) => `
    CREATE TABLE ${supportCases} (
      id text COLLATE "C" PRIMARY KEY,
      revision integer NOT NULL,
      customer text,
      owner text NOT NULL,
      date text COLLATE "C" NOT NULL,
      solved boolean NOT NULL,
      document jsonb NOT NULL
    );
    CREATE INDEX support_cases_by_date ON ${supportCases} (date DESC, id);
    CREATE INDEX support_cases_by_customer ON ${supportCases} (customer, date DESC, id);
    CREATE INDEX support_cases_by_owner ON ${supportCases} (owner, date DESC, id);
    -- Shared with the sealer's store, which may create it first.
    CREATE TABLE IF NOT EXISTS ${checkpoints} (
      name text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL
    );`,
  // Documents are kept sealed from now on: rows written in the clear are dropped and projected again.
  ({ supportCases, checkpoints }) => `
    DELETE FROM ${supportCases};
    DELETE FROM ${checkpoints} WHERE name = 'read-model';`,
];

/**
 * Creates the schema if missing and applies the migrations it lacks, inside the caller's
 * transaction. The advisory lock makes a second process starting at the same time wait, then
 * find them applied.
 */
export async function migrate(client: PoolClient, tables: ReadModelTables): Promise<void> {
  await lockSchemaMigrations(client, tables.schema);
  await createSchemaIfMissing(client, tables.schema);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${tables.migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`,
  );
  const applied = await appliedVersion(client, tables);
  for (const [index, migration] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (version <= applied) continue;
    await client.query(migration(tables));
    await client.query(`INSERT INTO ${tables.migrations} (version, applied_at) VALUES ($1, now())`, [version]);
  }
}

async function appliedVersion(client: PoolClient, tables: ReadModelTables): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    `SELECT COALESCE(MAX(version), 0) AS version FROM ${tables.migrations}`,
  );
  const { version } = rows[0];
  // Rows written by a newer schema are left alone rather than used with one this code does not know.
  if (version > MIGRATIONS.length) {
    throw new Error(
      `the read model in schema ${tables.schema} has version ${version}; this code knows up to ${MIGRATIONS.length}`,
    );
  }
  return version;
}
