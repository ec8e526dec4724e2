import { PostgresCheckpoint, postgresCheckpointTable, type LogPosition } from '@lib/event-store';
import { createSchemaIfMissing, inTransaction, lockSchemaMigrations, openStorePool } from '@lib/postgres';
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import type { SignedTreeHead } from '../signed-head/tree-head';
import { AuditLogStore, type AuditLeaf } from './audit-log-store.port';
import { AUDIT_SEALER_CHECKPOINT, assertLeavesContinueLog, leafAlreadySealed } from './append-rules';

const UNIQUE_VIOLATION = '23505';

/** The sealer's row in the schema's shared `checkpoints` table. */

/** The log's tables, qualified with the schema that holds them. */
interface AuditLogTables {
  readonly schema: string;
  readonly leaves: string;
  readonly heads: string;
  readonly checkpoints: string;
}

function auditLogTables(schema: string): AuditLogTables {
  return {
    schema,
    leaves: `${escapeIdentifier(schema)}.audit_leaves`,
    heads: `${escapeIdentifier(schema)}.audit_heads`,
    checkpoints: postgresCheckpointTable(schema),
  };
}

/**
 * Binary collation keeps hashes and stream ids compared byte for byte, as in SQLite. `checkpoints`
 * has the columns the read model's migration gives it, whichever of the two comes first.
 */
function createTables({ leaves, heads, checkpoints }: AuditLogTables): string {
  return `
    CREATE TABLE IF NOT EXISTS ${leaves} (
      leaf_index bigint PRIMARY KEY,
      event_hash text COLLATE "C" NOT NULL,
      stream_id text COLLATE "C" NOT NULL,
      revision bigint NOT NULL,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      UNIQUE (commit_position, prepare_position)
    );
    CREATE TABLE IF NOT EXISTS ${heads} (
      tree_size bigint PRIMARY KEY,
      root_hash text NOT NULL,
      "timestamp" text NOT NULL,
      key_id text NOT NULL,
      signature text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${checkpoints} (
      name text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL
    );`;
}

/** bigint arrives as a string: pg will not round a value above 2^53 silently. */
interface LeafRow {
  readonly leaf_index: string;
  readonly event_hash: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly commit_position: string;
  readonly prepare_position: string;
}

interface HeadRow {
  readonly tree_size: string;
  readonly root_hash: string;
  readonly timestamp: string;
  readonly key_id: string;
  readonly signature: string;
}

const LEAF_COLUMNS = 'leaf_index, event_hash, stream_id, revision, commit_position, prepare_position';
const HEAD_COLUMNS = 'tree_size, root_hash, "timestamp", key_id, signature';

/** The Merkle log in PostgreSQL, for when DATABASE_URL is set: the sealer writes, any process reads. */
export class PostgresAuditLogStore extends AuditLogStore {
  private readonly checkpoint: PostgresCheckpoint;

  private constructor(
    private readonly pool: Pool,
    private readonly tables: AuditLogTables,
  ) {
    super();
    this.checkpoint = new PostgresCheckpoint(tables.schema, AUDIT_SEALER_CHECKPOINT);
  }

  /** Connects, and creates the schema and the log's tables when missing. */
  static async open(connectionString: string, schema: string): Promise<PostgresAuditLogStore> {
    const pool = openStorePool(connectionString, { purpose: 'audit log', max: 2 });
    const tables = auditLogTables(schema);
    try {
      await inTransaction(pool, 'BEGIN', (client) => createIfMissing(client, tables));
      return new PostgresAuditLogStore(pool, tables);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  override loadCheckpoint(): Promise<LogPosition> {
    return this.checkpoint.load(this.pool);
  }

  override async append(leaves: readonly AuditLeaf[], checkpoint: LogPosition): Promise<void> {
    await inTransaction(this.pool, 'BEGIN', async (client) => {
      // One appender at a time, so the count checked is still the count when the leaves go in;
      // readers are not blocked.
      await client.query(`LOCK TABLE ${this.tables.leaves} IN SHARE ROW EXCLUSIVE MODE`);
      assertLeavesContinueLog(leaves, await this.countLeaves(client));
      await this.insertLeaves(client, leaves);
      await this.checkpoint.advanceTo(client, checkpoint);
    });
  }

  override leafCount(): Promise<number> {
    return this.countLeaves(this.pool);
  }

  override async leaves(fromIndex: number, maxCount: number): Promise<AuditLeaf[]> {
    const { rows } = await this.pool.query<LeafRow>(
      `SELECT ${LEAF_COLUMNS} FROM ${this.tables.leaves} WHERE leaf_index >= $1 ORDER BY leaf_index LIMIT $2`,
      [fromIndex, maxCount],
    );
    return rows.map(toLeaf);
  }

  override async leavesAt(positions: readonly LogPosition[]): Promise<AuditLeaf[]> {
    const { rows } = await this.pool.query<LeafRow>(
      `SELECT ${LEAF_COLUMNS} FROM ${this.tables.leaves}
       WHERE (commit_position, prepare_position) IN (SELECT * FROM unnest($1::bigint[], $2::bigint[]))
       ORDER BY leaf_index`,
      [positions.map((position) => position.commit), positions.map((position) => position.prepare)],
    );
    return rows.map(toLeaf);
  }

  override async saveHead(head: SignedTreeHead): Promise<void> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${this.tables.heads} (${HEAD_COLUMNS}) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tree_size) DO NOTHING`,
      [head.treeSize, head.rootHash, head.timestamp, head.keyId, head.signature],
    );
    if (rowCount === 0) throw new Error(`audit log: a head for tree size ${head.treeSize} is already stored`);
  }

  override async latestHead(): Promise<SignedTreeHead | undefined> {
    const { rows } = await this.pool.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM ${this.tables.heads} ORDER BY tree_size DESC LIMIT 1`,
    );
    return rows[0] && toHead(rows[0]);
  }

  override async heads(afterTreeSize = 0): Promise<SignedTreeHead[]> {
    const { rows } = await this.pool.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM ${this.tables.heads} WHERE tree_size > $1 ORDER BY tree_size`,
      [afterTreeSize],
    );
    return rows.map(toHead);
  }

  override close(): Promise<void> {
    return this.pool.end();
  }

  /** Leaves are numbered from 0 without gaps, so the largest index tells the count without a scan. */
  private async countLeaves(db: Pool | PoolClient): Promise<number> {
    const { rows } = await db.query<{ count: string }>(
      `SELECT COALESCE(MAX(leaf_index) + 1, 0) AS count FROM ${this.tables.leaves}`,
    );
    return Number(rows[0].count);
  }

  /** One statement for the whole batch, whatever its size: the columns go in as arrays. */
  private async insertLeaves(client: PoolClient, leaves: readonly AuditLeaf[]): Promise<void> {
    if (leaves.length === 0) return;
    await client
      .query(
        `INSERT INTO ${this.tables.leaves} (${LEAF_COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])`,
        [
          leaves.map((leaf) => leaf.leafIndex),
          leaves.map((leaf) => leaf.eventHash),
          leaves.map((leaf) => leaf.streamId),
          leaves.map((leaf) => leaf.revision),
          leaves.map((leaf) => leaf.position.commit),
          leaves.map((leaf) => leaf.position.prepare),
        ],
      )
      .catch((error: { code?: unknown }) => {
        throw error.code === UNIQUE_VIOLATION ? leafAlreadySealed() : error;
      });
  }
}

/**
 * Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog, so a process opening the
 * schema at the same time waits, then finds the tables there; the read model's migrations take
 * the same lock, as they create `checkpoints` too.
 */
async function createIfMissing(client: PoolClient, tables: AuditLogTables): Promise<void> {
  await lockSchemaMigrations(client, tables.schema);
  await createSchemaIfMissing(client, tables.schema);
  await client.query(createTables(tables));
}

function toLeaf(row: LeafRow): AuditLeaf {
  return {
    leafIndex: Number(row.leaf_index),
    eventHash: row.event_hash,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: { commit: Number(row.commit_position), prepare: Number(row.prepare_position) },
  };
}

function toHead(row: HeadRow): SignedTreeHead {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    timestamp: row.timestamp,
    keyId: row.key_id,
    signature: row.signature,
  };
}
