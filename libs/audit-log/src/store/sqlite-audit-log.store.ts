import type Database from 'better-sqlite3';
import { createCheckpointTable, openSqliteDatabase, SqliteCheckpoint, type LogPosition } from '@lib/event-store';
import type { SignedTreeHead } from '../signed-head/tree-head';
import { AuditLogStore, type AuditLeaf } from './audit-log-store.port';
import { AUDIT_SEALER_CHECKPOINT, assertLeavesContinueLog, leafAlreadySealed } from './append-rules';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS audit_leaves (
    leaf_index INTEGER PRIMARY KEY,
    event_hash BLOB    NOT NULL,
    stream_id  TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    commit_position  INTEGER NOT NULL,
    prepare_position INTEGER NOT NULL,
    UNIQUE (commit_position, prepare_position)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS audit_heads (
    tree_size INTEGER PRIMARY KEY,
    root_hash TEXT    NOT NULL,
    timestamp TEXT    NOT NULL,
    key_id    TEXT    NOT NULL,
    signature TEXT    NOT NULL
  ) STRICT`;

// Only keys that grow with the log are indexed (leaf index, log position), so sealing a batch writes
// the last pages of each index. An index on hashes or stream ids would touch a page per leaf, and
// cost each sealed event more than the rest of its leaf; a hash is found in the tree held in memory.
const LEAF_COLUMNS = `leaf_index AS leafIndex, lower(hex(event_hash)) AS eventHash, stream_id AS streamId, revision,
  commit_position, prepare_position`;
const HEAD_COLUMNS = 'tree_size AS treeSize, root_hash AS rootHash, timestamp, key_id AS keyId, signature';

interface LeafRow extends Omit<AuditLeaf, 'position'> {
  readonly commit_position: number;
  readonly prepare_position: number;
}

function prepareStatements(db: Database.Database) {
  return {
    // Leaves are numbered from 0 without gaps, so the largest index tells the count without a scan.
    leafCount: db.prepare<[], number>('SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_leaves').pluck(),
    insertLeaf: db.prepare<[number, string, string, number, number, number]>(
      `INSERT INTO audit_leaves (leaf_index, event_hash, stream_id, revision, commit_position, prepare_position)
       VALUES (?, unhex(?), ?, ?, ?, ?)`,
    ),
    leaves: db.prepare<[number, number], LeafRow>(
      `SELECT ${LEAF_COLUMNS} FROM audit_leaves WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?`,
    ),
    // The positions arrive as one JSON array: a case's history may hold more events than SQLite takes parameters.
    leavesAt: db.prepare<[string], LeafRow>(
      `SELECT ${LEAF_COLUMNS} FROM audit_leaves
       WHERE (commit_position, prepare_position) IN (SELECT value ->> 'commit', value ->> 'prepare' FROM json_each(?))
       ORDER BY leaf_index`,
    ),
    insertHead: db.prepare<SignedTreeHead>(
      `INSERT INTO audit_heads (tree_size, root_hash, timestamp, key_id, signature)
       VALUES (@treeSize, @rootHash, @timestamp, @keyId, @signature)
       ON CONFLICT (tree_size) DO NOTHING`,
    ),
    latestHead: db.prepare<[], SignedTreeHead>(
      `SELECT ${HEAD_COLUMNS} FROM audit_heads ORDER BY tree_size DESC LIMIT 1`,
    ),
    heads: db.prepare<[number], SignedTreeHead>(
      `SELECT ${HEAD_COLUMNS} FROM audit_heads WHERE tree_size > ? ORDER BY tree_size`,
    ),
  };
}

/** The Merkle log in the service's SQLite file, on a connection of its own beside the event store's. */
export class SqliteAuditLogStore extends AuditLogStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly checkpoint: SqliteCheckpoint;
  private readonly appendInTransaction: Database.Transaction<
    (leaves: readonly AuditLeaf[], checkpoint: LogPosition) => void
  >;

  private constructor(private readonly db: Database.Database) {
    super();
    this.statements = prepareStatements(db);
    this.checkpoint = new SqliteCheckpoint(db, AUDIT_SEALER_CHECKPOINT);
    this.appendInTransaction = db.transaction((leaves, checkpoint) => this.appendChecked(leaves, checkpoint));
  }

  /** Opens `filePath` (the file of the events and the read model), creating the log's tables when missing. */
  static open(filePath: string): SqliteAuditLogStore {
    // Storing a head syncs it, and every leaf before it, to disk (`saveHead`).
    const db = openSqliteDatabase(filePath, { derived: true });
    try {
      db.transaction(() => {
        db.exec(SCHEMA);
        createCheckpointTable(db);
      }).immediate();
      return new SqliteAuditLogStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  override async loadCheckpoint(): Promise<LogPosition> {
    return this.checkpoint.load();
  }

  override async append(leaves: readonly AuditLeaf[], checkpoint: LogPosition): Promise<void> {
    // IMMEDIATE takes the write lock before the count is read: no other connection appends in between.
    this.appendInTransaction.immediate(leaves, checkpoint);
  }

  override async leafCount(): Promise<number> {
    return this.statements.leafCount.get()!;
  }

  override async leaves(fromIndex: number, maxCount: number): Promise<AuditLeaf[]> {
    return this.statements.leaves.all(fromIndex, maxCount).map(toLeaf);
  }

  override async leavesAt(positions: readonly LogPosition[]): Promise<AuditLeaf[]> {
    return this.statements.leavesAt.all(JSON.stringify(positions)).map(toLeaf);
  }

  override async saveHead(head: SignedTreeHead): Promise<void> {
    this.db.pragma('synchronous = FULL');
    try {
      const { changes } = this.statements.insertHead.run(head);
      if (changes === 0) throw new Error(`audit log: a head for tree size ${head.treeSize} is already stored`);
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  override async latestHead(): Promise<SignedTreeHead | undefined> {
    return this.statements.latestHead.get();
  }

  override async heads(afterTreeSize = 0): Promise<SignedTreeHead[]> {
    return this.statements.heads.all(afterTreeSize);
  }

  override async close(): Promise<void> {
    this.db.close();
  }

  private appendChecked(leaves: readonly AuditLeaf[], checkpoint: LogPosition): void {
    assertLeavesContinueLog(leaves, this.statements.leafCount.get()!);
    try {
      for (const { leafIndex, eventHash, streamId, revision, position } of leaves) {
        this.statements.insertLeaf.run(leafIndex, eventHash, streamId, revision, position.commit, position.prepare);
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw leafAlreadySealed();
      throw error;
    }
    this.checkpoint.advanceTo(checkpoint);
  }
}

function toLeaf({ commit_position, prepare_position, ...leaf }: LeafRow): AuditLeaf {
  return { ...leaf, position: { commit: commit_position, prepare: prepare_position } };
}
