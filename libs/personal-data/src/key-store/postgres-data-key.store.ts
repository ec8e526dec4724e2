import { createSchemaIfMissing, inTransaction, lockSchemaMigrations, openStorePool } from '@lib/postgres';
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { DataKeyStore, DESTROYED, type StoredKey, type WrappedKey } from './data-key-store.port';

interface KeyStoreTables {
  readonly schema: string;
  readonly keys: string;
  readonly destroyed: string;
  readonly settings: string;
}

function keyStoreTables(schema: string): KeyStoreTables {
  return {
    schema,
    keys: `${escapeIdentifier(schema)}.data_keys`,
    destroyed: `${escapeIdentifier(schema)}.destroyed_keys`,
    settings: `${escapeIdentifier(schema)}.key_store_settings`,
  };
}

const KEY_ENCRYPTION_KEY_ID = 'key-encryption-key-id';

/** A subject's key, or its destruction: the key's columns are null then. */
interface KeyRow {
  readonly subject: string;
  readonly key_encryption_key_id: string | null;
  readonly wrapped: Buffer | null;
}

/** The key store for when DATABASE_URL is set: tables of their own, which a grant can keep from the data's readers. */
export class PostgresDataKeyStore extends DataKeyStore {
  private constructor(
    private readonly pool: Pool,
    private readonly tables: KeyStoreTables,
  ) {
    super();
  }

  /** Connects, and creates the schema and the key store's tables when missing. */
  static async open(connectionString: string, schema: string): Promise<PostgresDataKeyStore> {
    const pool = openStorePool(connectionString, { purpose: 'key store', max: 2 });
    const tables = keyStoreTables(schema);
    try {
      await inTransaction(pool, 'BEGIN', async (client) => {
        await lockSchemaMigrations(client, schema);
        await createSchemaIfMissing(client, schema);
        await client.query(`
          CREATE TABLE IF NOT EXISTS ${tables.keys} (
            subject text COLLATE "C" PRIMARY KEY,
            key_encryption_key_id text NOT NULL,
            wrapped bytea NOT NULL
          );
          CREATE TABLE IF NOT EXISTS ${tables.destroyed} (
            subject text COLLATE "C" PRIMARY KEY,
            destroyed_at timestamptz NOT NULL
          );
          CREATE TABLE IF NOT EXISTS ${tables.settings} (
            name text PRIMARY KEY,
            value text NOT NULL
          )`);
      });
      return new PostgresDataKeyStore(pool, tables);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  override async keysOf(subjects: readonly string[]): Promise<Map<string, StoredKey>> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT subject, key_encryption_key_id, wrapped FROM ${this.tables.keys} WHERE subject = ANY($1::text[])
       UNION ALL
       SELECT subject, NULL, NULL FROM ${this.tables.destroyed} WHERE subject = ANY($1::text[])`,
      [subjects],
    );
    return new Map(rows.map((row) => [row.subject, storedKeyOf(row)]));
  }

  override async addKeys(keys: ReadonlyMap<string, WrappedKey>): Promise<Map<string, StoredKey>> {
    const subjects = [...keys.keys()].sort();
    const values = subjects.map((subject) => keys.get(subject)!);
    await inTransaction(this.pool, 'BEGIN', async (client) => {
      await lockSubjects(client, subjects);
      // An insert that finds a subject keyed or destroyed stores nothing for it: the keys kept are read after.
      await client.query(
        `INSERT INTO ${this.tables.keys} (subject, key_encryption_key_id, wrapped)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[]) AS added (subject)
         WHERE NOT EXISTS (SELECT 1 FROM ${this.tables.destroyed} destroyed WHERE destroyed.subject = added.subject)
         ON CONFLICT (subject) DO NOTHING`,
        [subjects, values.map((key) => key.keyEncryptionKeyId), values.map((key) => key.wrapped)],
      );
    });
    return this.keysOf(subjects);
  }

  /** The row goes at once; PostgreSQL keeps its bytes in dead tuples and its WAL until vacuum and recycling. */
  override async destroyKeys(subjects: readonly string[]): Promise<void> {
    await inTransaction(this.pool, 'BEGIN', async (client) => {
      await lockSubjects(client, subjects);
      await client.query(`DELETE FROM ${this.tables.keys} WHERE subject = ANY($1::text[])`, [subjects]);
      await client.query(
        `INSERT INTO ${this.tables.destroyed} (subject, destroyed_at) SELECT unnest($1::text[]), now()
         ON CONFLICT (subject) DO NOTHING`,
        [subjects],
      );
    });
  }

  override async keyEncryptionKeyId(offered: string): Promise<string> {
    await this.pool.query(
      `INSERT INTO ${this.tables.settings} (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [KEY_ENCRYPTION_KEY_ID, offered],
    );
    const { rows } = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.tables.settings} WHERE name = $1`,
      [KEY_ENCRYPTION_KEY_ID],
    );
    return rows[0].value;
  }

  override async rewrapKeys(
    from: string,
    to: string,
    rewrap: (subject: string, wrapped: Buffer) => Buffer,
  ): Promise<number> {
    return inTransaction(this.pool, 'BEGIN', async (client) => {
      const { rows } = await client.query<{ subject: string; wrapped: Buffer }>(
        `SELECT subject, wrapped FROM ${this.tables.keys} WHERE key_encryption_key_id = $1 ORDER BY subject FOR UPDATE`,
        [from],
      );
      await client.query(
        `UPDATE ${this.tables.keys} AS keys SET key_encryption_key_id = $1, wrapped = rewrapped.wrapped
         FROM unnest($2::text[], $3::bytea[]) AS rewrapped (subject, wrapped) WHERE keys.subject = rewrapped.subject`,
        [to, rows.map((row) => row.subject), rows.map((row) => rewrap(row.subject, row.wrapped))],
      );
      await client.query(`UPDATE ${this.tables.settings} SET value = $1 WHERE name = $2`, [to, KEY_ENCRYPTION_KEY_ID]);
      return rows.length;
    });
  }

  override async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Adds and destroys of one subject take turns, so a key added while it is destroyed can neither
 * slip in after the delete nor miss the mark. Taken in one order: two batches never deadlock.
 */
async function lockSubjects(client: PoolClient, subjects: readonly string[]): Promise<void> {
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(subject, 0))
     FROM (SELECT DISTINCT unnest($1::text[]) AS subject ORDER BY 1) AS subjects`,
    [subjects],
  );
}

function storedKeyOf(row: KeyRow): StoredKey {
  if (row.wrapped === null || row.key_encryption_key_id === null) return DESTROYED;
  return { keyEncryptionKeyId: row.key_encryption_key_id, wrapped: row.wrapped };
}
