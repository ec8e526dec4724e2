import Database from 'better-sqlite3';
import { openSqliteDatabase } from '@lib/event-store';
import { DataKeyStore, type WrappedKey } from './data-key-store.port';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS data_keys (
    subject TEXT PRIMARY KEY,
    key_encryption_key_id TEXT NOT NULL,
    wrapped BLOB NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS key_store_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`;

const KEY_ENCRYPTION_KEY_ID = 'key-encryption-key-id';

interface KeyRow {
  readonly subject: string;
  readonly key_encryption_key_id: string;
  readonly wrapped: Buffer;
}

function prepareStatements(db: Database.Database) {
  return {
    // The subjects arrive as one JSON array: a batch may name more than SQLite takes parameters.
    keysOf: db.prepare<[string], KeyRow>(
      `SELECT subject, key_encryption_key_id, wrapped FROM data_keys WHERE subject IN (SELECT value FROM json_each(?))`,
    ),
    insertKey: db.prepare<[string, string, Buffer]>(
      `INSERT INTO data_keys (subject, key_encryption_key_id, wrapped) VALUES (?, ?, ?) ON CONFLICT (subject) DO NOTHING`,
    ),
    insertSetting: db.prepare<[string, string]>(
      'INSERT INTO key_store_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
    ),
    setting: db.prepare<[string], string>('SELECT value FROM key_store_settings WHERE name = ?').pluck(),
  };
}

/** The key store of the embedded default: a SQLite file of its own beside the events, committed durably. */
export class SqliteDataKeyStore extends DataKeyStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly addOnce;
  private readonly recordSettingOnce;

  static open(filePath: string): SqliteDataKeyStore {
    return new SqliteDataKeyStore(openSqliteDatabase(filePath));
  }

  /** Keys that live as long as the process: for data that does not outlive it either. */
  static inMemory(): SqliteDataKeyStore {
    return new SqliteDataKeyStore(new Database(':memory:'));
  }

  private constructor(private readonly db: Database.Database) {
    super();
    db.exec(SCHEMA);
    this.statements = prepareStatements(db);
    this.addOnce = db.transaction((keys: ReadonlyMap<string, WrappedKey>) => {
      for (const [subject, key] of keys) this.statements.insertKey.run(subject, key.keyEncryptionKeyId, key.wrapped);
      return this.statements.keysOf.all(JSON.stringify([...keys.keys()]));
    });
    this.recordSettingOnce = db.transaction((name: string, offered: string) => {
      this.statements.insertSetting.run(name, offered);
      return this.statements.setting.get(name)!;
    });
  }

  override async keysOf(subjects: readonly string[]): Promise<Map<string, WrappedKey>> {
    return bySubject(this.statements.keysOf.all(JSON.stringify(subjects)));
  }

  override async addKeys(keys: ReadonlyMap<string, WrappedKey>): Promise<Map<string, WrappedKey>> {
    return bySubject(this.addOnce.immediate(keys));
  }

  override async keyEncryptionKeyId(offered: string): Promise<string> {
    return this.recordSettingOnce.immediate(KEY_ENCRYPTION_KEY_ID, offered);
  }

  override async close(): Promise<void> {
    this.db.close();
  }
}

function bySubject(rows: readonly KeyRow[]): Map<string, WrappedKey> {
  return new Map(
    rows.map((row) => [row.subject, { keyEncryptionKeyId: row.key_encryption_key_id, wrapped: row.wrapped }]),
  );
}
