import { inTransaction } from '@lib/postgres';
import { Logger } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { NOTIFICATION_KINDS, type Notification } from '../notification';
import { fromRow, NOTIFICATION_COLUMNS, toRow, type NotificationRow } from '../notification-row';
import { NotificationStore, type NotificationPage, type NotificationQuery } from '../notification-store.port';
import { assertKnownVersion } from '../schema-version';

/**
 * Each entry moves the schema one version up; `notifier_migrations` records those applied. Names
 * are unqualified, so the connection's search_path (e.g. `?options=-c search_path=notifier` in
 * DATABASE_URL) chooses the schema.
 */
const MIGRATIONS = [
  `CREATE TABLE notifications (
    id text PRIMARY KEY,
    case_id text NOT NULL,
    case_name text NOT NULL,
    customer text NOT NULL,
    reseller text NOT NULL,
    kind text NOT NULL CHECK (kind IN (${NOTIFICATION_KINDS.map((kind) => `'${kind}'`).join(', ')})),
    text text,
    occurred_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX notifications_by_customer ON notifications (customer, occurred_at DESC, id);`,
  `ALTER TABLE notifications ADD COLUMN comment_id text;
  CREATE INDEX notifications_by_comment ON notifications (case_id, comment_id) WHERE comment_id IS NOT NULL;`,
  // A case erased takes its name with it.
  `ALTER TABLE notifications ALTER COLUMN case_name DROP NOT NULL;
  CREATE INDEX notifications_by_case ON notifications (case_id);`,
];

const logger = new Logger('PostgresNotificationStore');

/** Serialises notifiers migrating the same database at once. */
const MIGRATION_LOCK = "hashtext('supportcase-notifier:migrations')";

/** A row as PostgreSQL gives it back: timestamptz columns come as Date. */
type PostgresRow = Omit<NotificationRow, 'occurred_at' | 'created_at'> & { occurred_at: Date; created_at: Date };

const INSERT = `INSERT INTO notifications (${NOTIFICATION_COLUMNS.join(', ')})
  VALUES (${NOTIFICATION_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT (id) DO NOTHING`;

/** Matches customer $1, and when reseller $2 is given, only what that reseller may see. */
const VISIBLE = 'customer = $1 AND ($2::text IS NULL OR reseller = $2 OR customer = $2)';

/** Notifications in PostgreSQL, for when DATABASE_URL is set. */
export class PostgresNotificationStore extends NotificationStore {
  private constructor(private readonly pool: Pool) {
    super();
  }

  static async open(connectionString: string): Promise<PostgresNotificationStore> {
    const pool = new Pool({ connectionString });
    // An idle connection the server drops is replaced on next use; unhandled, the event would end the process.
    pool.on('error', (error) => logger.warn(`idle connection: ${error.message}`));
    try {
      await inTransaction(pool, 'BEGIN', migrate);
      return new PostgresNotificationStore(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async add(notification: Notification): Promise<void> {
    const row = toRow(notification);
    await this.pool.query(
      INSERT,
      NOTIFICATION_COLUMNS.map((column) => row[column]),
    );
  }

  async removeCommentText(caseId: string, commentId: string): Promise<void> {
    await this.pool.query('UPDATE notifications SET text = NULL WHERE case_id = $1 AND comment_id = $2', [
      caseId,
      commentId,
    ]);
  }

  async eraseCase(caseId: string): Promise<void> {
    await this.pool.query('UPDATE notifications SET case_name = NULL, text = NULL WHERE case_id = $1', [caseId]);
  }

  list({ customer, visibleToReseller, offset, limit }: NotificationQuery): Promise<NotificationPage> {
    const filter = [customer, visibleToReseller ?? null];
    // Count and page see one snapshot, so `total` always agrees with the page.
    return inTransaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const count = await client.query<{ total: number }>(
        `SELECT COUNT(*)::int AS total FROM notifications WHERE ${VISIBLE}`,
        filter,
      );
      const page = await client.query<PostgresRow>(
        `SELECT * FROM notifications WHERE ${VISIBLE} ORDER BY occurred_at DESC, id LIMIT $3 OFFSET $4`,
        [...filter, limit, offset],
      );
      return { total: count.rows[0].total, notifications: page.rows.map((row) => fromRow(withIsoTimes(row))) };
    });
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

async function migrate(client: PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
  await client.query(
    'CREATE TABLE IF NOT EXISTS notifier_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)',
  );
  const { rows } = await client.query<{ version: number }>(
    'SELECT COALESCE(MAX(version), 0) AS version FROM notifier_migrations',
  );
  const version = rows[0].version;
  assertKnownVersion(version, MIGRATIONS.length);
  for (const [index, migration] of MIGRATIONS.entries()) {
    if (index < version) continue;
    await client.query(migration);
    await client.query('INSERT INTO notifier_migrations (version, applied_at) VALUES ($1, now())', [index + 1]);
  }
}

function withIsoTimes(row: PostgresRow): NotificationRow {
  return { ...row, occurred_at: row.occurred_at.toISOString(), created_at: row.created_at.toISOString() };
}
