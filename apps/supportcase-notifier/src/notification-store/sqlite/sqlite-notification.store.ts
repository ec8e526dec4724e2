import Database, { type Statement } from 'better-sqlite3';
import { createPrivateFileIfMissing } from '@lib/private-files';
import { NOTIFICATION_KINDS, type Notification } from '../notification';
import { fromRow, toRow, type NotificationRow } from '../notification-row';
import { assertKnownVersion } from '../schema-version';
import { NotificationStore, type NotificationPage, type NotificationQuery } from '../notification-store.port';

/** Each entry moves the schema one version up; PRAGMA user_version records how far a file is. */
const MIGRATIONS = [
  `CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    case_name TEXT NOT NULL,
    customer TEXT NOT NULL,
    reseller TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN (${NOTIFICATION_KINDS.map((kind) => `'${kind}'`).join(', ')})),
    text TEXT,
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX notifications_by_customer ON notifications (customer, occurred_at DESC, id);`,
  `ALTER TABLE notifications ADD COLUMN comment_id TEXT;
  CREATE INDEX notifications_by_comment ON notifications (case_id, comment_id) WHERE comment_id IS NOT NULL;`,
  // A case erased takes its name with it: case_name may be NULL. SQLite changes a column by copying the table.
  `CREATE TABLE notifications_v3 (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    case_name TEXT,
    customer TEXT NOT NULL,
    reseller TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN (${NOTIFICATION_KINDS.map((kind) => `'${kind}'`).join(', ')})),
    text TEXT,
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    comment_id TEXT
  );
  INSERT INTO notifications_v3 (id, case_id, case_name, customer, reseller, kind, text, occurred_at, created_at, comment_id)
    SELECT id, case_id, case_name, customer, reseller, kind, text, occurred_at, created_at, comment_id FROM notifications;
  DROP TABLE notifications;
  ALTER TABLE notifications_v3 RENAME TO notifications;
  CREATE INDEX notifications_by_customer ON notifications (customer, occurred_at DESC, id);
  CREATE INDEX notifications_by_comment ON notifications (case_id, comment_id) WHERE comment_id IS NOT NULL;
  CREATE INDEX notifications_by_case ON notifications (case_id);`,
];

type ListParams = { customer: string; reseller: string | null; offset: number; limit: number };

/** Matches the customer, and when a reseller is given, only what that reseller may see. */
const VISIBLE = 'customer = @customer AND (@reseller IS NULL OR reseller = @reseller OR customer = @reseller)';

/** The embedded default: one SQLite file of the notifier's own. */
export class SqliteNotificationStore extends NotificationStore {
  private readonly insert: Statement<NotificationRow>;
  private readonly removeText: Statement<{ case_id: string; comment_id: string }>;
  private readonly eraseNamesAndTexts: Statement<{ case_id: string }>;
  private readonly page: Statement<ListParams, NotificationRow>;
  private readonly count: Statement<Omit<ListParams, 'offset' | 'limit'>, { total: number }>;
  private readonly listInOneSnapshot: (params: ListParams) => NotificationPage;

  private constructor(private readonly db: Database.Database) {
    super();
    this.insert = db.prepare(
      `INSERT INTO notifications
         (id, case_id, case_name, customer, reseller, kind, comment_id, text, occurred_at, created_at)
       VALUES
         (@id, @case_id, @case_name, @customer, @reseller, @kind, @comment_id, @text, @occurred_at, @created_at)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.removeText = db.prepare(
      'UPDATE notifications SET text = NULL WHERE case_id = @case_id AND comment_id = @comment_id',
    );
    this.eraseNamesAndTexts = db.prepare(
      'UPDATE notifications SET case_name = NULL, text = NULL WHERE case_id = @case_id',
    );
    this.page = db.prepare(
      `SELECT * FROM notifications WHERE ${VISIBLE} ORDER BY occurred_at DESC, id LIMIT @limit OFFSET @offset`,
    );
    this.count = db.prepare(`SELECT COUNT(*) AS total FROM notifications WHERE ${VISIBLE}`);
    this.listInOneSnapshot = db.transaction(({ offset, limit, ...filter }: ListParams) => ({
      total: this.count.get(filter)!.total,
      notifications: this.page.all({ ...filter, offset, limit }).map(fromRow),
    }));
  }

  static open(filePath: string): SqliteNotificationStore {
    createPrivateFileIfMissing(filePath); // its WAL and shared memory files take its mode
    const db = new Database(filePath);
    try {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL'); // a recorded notification survives a crash, before its offset is committed
      db.pragma('secure_delete = ON'); // an erased name or text is overwritten, not left in a free page
      migrate(db);
      return new SqliteNotificationStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async add(notification: Notification): Promise<void> {
    this.insert.run(toRow(notification));
  }

  async removeCommentText(caseId: string, commentId: string): Promise<void> {
    this.removeText.run({ case_id: caseId, comment_id: commentId });
  }

  async eraseCase(caseId: string): Promise<void> {
    this.eraseNamesAndTexts.run({ case_id: caseId });
    // The WAL still holds the pages as they were until they are copied back and it is emptied.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async list({ customer, visibleToReseller, offset, limit }: NotificationQuery): Promise<NotificationPage> {
    return this.listInOneSnapshot({ customer, reseller: visibleToReseller ?? null, offset, limit });
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    assertKnownVersion(version, MIGRATIONS.length);
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
