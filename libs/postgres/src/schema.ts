import { escapeIdentifier, type PoolClient } from 'pg';

const INSUFFICIENT_PRIVILEGE = '42501';

/** The schema is missing and the database user lacks the privilege to create it. */
export class MissingSchemaError extends Error {
  override readonly name = 'MissingSchemaError';

  constructor(readonly schema: string) {
    super(`schema "${schema}" does not exist and this database user may not create it`);
  }
}

/**
 * Makes a second process creating tables in the same schema wait until this transaction ends:
 * the read model and the audit log both create the shared `checkpoints` table.
 */
export async function lockSchemaMigrations(client: PoolClient, schema: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`schema-migrations:${schema}`]);
}

/**
 * Looks before creating: CREATE SCHEMA IF NOT EXISTS needs the database's CREATE privilege even
 * when the schema exists, which a user given an existing schema usually lacks.
 */
export async function createSchemaIfMissing(client: PoolClient, schema: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rowCount) return;
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
  } catch (error) {
    if ((error as { code?: unknown }).code === INSUFFICIENT_PRIVILEGE) throw new MissingSchemaError(schema);
    throw error;
  }
}
