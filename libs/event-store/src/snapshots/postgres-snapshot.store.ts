import { createSchemaIfMissing, inTransaction, lockSchemaMigrations, openStorePool } from '@lib/postgres';
import { escapeIdentifier, type Pool } from 'pg';
import { SnapshotStore, type Snapshot } from './snapshot-store.port';

interface SnapshotRow {
  readonly revision: string;
  readonly chain_head: string;
  readonly version: string;
  readonly state: unknown;
}

/**
 * Each stream's latest snapshot in a PostgreSQL table, for events kept there: every process
 * reads the snapshots any of them saved, and an erasure forgets them for all. A snapshot is
 * derived from the events, so its commit does not wait for the WAL to be flushed
 * (`synchronous_commit=off`): a crash of the server may lose the last ones, and the next fold
 * reads more events.
 */
export class PostgresSnapshotStore extends SnapshotStore {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {
    super();
  }

  /** Connects, and creates the schema and the table when missing. */
  static async open(connectionString: string, schema: string): Promise<PostgresSnapshotStore> {
    const pool = openStorePool(connectionString, {
      purpose: 'snapshots',
      max: 2,
      config: { options: '-c synchronous_commit=off' },
    });
    const table = `${escapeIdentifier(schema)}.snapshots`;
    try {
      await inTransaction(pool, 'BEGIN', async (client) => {
        await lockSchemaMigrations(client, schema);
        await createSchemaIfMissing(client, schema);
        await client.query(`
          CREATE TABLE IF NOT EXISTS ${table} (
            stream_id  text COLLATE "C" PRIMARY KEY,
            revision   bigint NOT NULL,
            chain_head text NOT NULL,
            version    text NOT NULL,
            state      json NOT NULL
          )`);
      });
      return new PostgresSnapshotStore(pool, table);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  override async latest(streamId: string): Promise<Snapshot | undefined> {
    const { rows } = await this.pool.query<SnapshotRow>(
      `SELECT revision, chain_head, version, state FROM ${this.table} WHERE stream_id = $1`,
      [streamId],
    );
    if (rows.length === 0) return undefined;
    const [row] = rows;
    return { revision: Number(row.revision), chainHead: row.chain_head, version: row.version, state: row.state };
  }

  override async save(streamId: string, { revision, chainHead, version, state }: Snapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} AS kept (stream_id, revision, chain_head, version, state)
       VALUES ($1, $2, $3, $4, $5::json)
       ON CONFLICT (stream_id) DO UPDATE SET
         revision = excluded.revision, chain_head = excluded.chain_head,
         version = excluded.version, state = excluded.state
       WHERE excluded.revision >= kept.revision`,
      [streamId, revision, chainHead, version, JSON.stringify(state)],
    );
  }

  override async forget(streamId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE stream_id = $1`, [streamId]);
  }

  override async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
