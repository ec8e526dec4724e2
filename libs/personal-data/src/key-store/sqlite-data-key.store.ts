import Database from 'better-sqlite3';
import { openSqliteDatabase } from '@lib/event-store';
import { DataKeyStore, DESTROYED, type StoredKey, type WrappedKey } from './data-key-store.port';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS data_keys (
    subject TEXT PRIMARY KEY,
    key_encryption_key_id TEXT NOT NULL,
    wrapped BLOB NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS destroyed_keys (
    subject TEXT PRIMARY KEY,
    destroyed_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS key_store_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`;

const KEY_ENCRYPTION_KEY_ID = 'key-encryption-key-id';

/** A subject's key, or its destruction: the key's columns are null then. */
interface KeyRow {
  readonly subject: string;
  readonly key_encryption_key_id: string | null;
  readonly wrapped: Buffer | null;
}

function prepareStatements(db: Database.Database) {
  return {
    // The subjects arrive as one JSON array: a batch may name more than SQLite takes parameters.
    keysOf: db.prepare<[string, string], KeyRow>(
      `SELECT subject, key_encryption_key_id, wrapped FROM data_keys WHERE subject IN (SELECT value FROM json_each(?))
       UNION ALL
       SELECT subject, NULL, NULL FROM destroyed_keys WHERE subject IN (SELECT value FROM json_each(?))`,
    ),
    insertKey: db.prepare<[{ subject: string; kek: string; wrapped: Buffer }]>(
      `INSERT INTO data_keys (subject, key_encryption_key_id, wrapped)
       SELECT @subject, @kek, @wrapped WHERE NOT EXISTS (SELECT 1 FROM destroyed_keys WHERE subject = @subject)
       ON CONFLICT (subject) DO NOTHING`,
    ),
    deleteKey: db.prepare<[string]>('DELETE FROM data_keys WHERE subject = ?'),
    markDestroyed: db.prepare<[string, string]>(
      'INSERT INTO destroyed_keys (subject, destroyed_at) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING',
    ),
    insertSetting: db.prepare<[string, string]>(
      'INSERT INTO key_store_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
    ),
    setting: db.prepare<[string], string>('SELECT value FROM key_store_settings WHERE name = ?').pluck(),
    keysWrappedUnder: db.prepare<[string], { subject: string; wrapped: Buffer }>(
      'SELECT subject, wrapped FROM data_keys WHERE key_encryption_key_id = ?',
    ),
    rewrapKey: db.prepare<[{ subject: string; kek: string; wrapped: Buffer }]>(
      'UPDATE data_keys SET key_encryption_key_id = @kek, wrapped = @wrapped WHERE subject = @subject',
    ),
    updateSetting: db.prepare<[string, string]>('UPDATE key_store_settings SET value = ? WHERE name = ?'),
  };
}

/** The key store of the embedded default: a SQLite file of its own beside the events, committed durably. */
export class SqliteDataKeyStore extends DataKeyStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly addOnce;
  private readonly destroyAll;
  private readonly recordSettingOnce;
  private readonly rewrapAll;

  static open(filePath: string): SqliteDataKeyStore {
    return new SqliteDataKeyStore(openSqliteDatabase(filePath));
  }

  /** Keys that live as long as the process: for data that does not outlive it either. */
  static inMemory(): SqliteDataKeyStore {
    return new SqliteDataKeyStore(new Database(':memory:'));
  }

  private constructor(private readonly db: Database.Database) {
    super();
    // A destroyed key's bytes are overwritten with zeros, not left in a free page of the file.
    db.pragma('secure_delete = ON');
    db.exec(SCHEMA);
    this.statements = prepareStatements(db);
    this.addOnce = db.transaction((keys: ReadonlyMap<string, WrappedKey>) => {
      for (const [subject, { keyEncryptionKeyId: kek, wrapped }] of keys) {
        this.statements.insertKey.run({ subject, kek, wrapped });
      }
      return this.keysOfNow([...keys.keys()]);
    });
    this.destroyAll = db.transaction((subjects: readonly string[], destroyedAt: string) => {
      for (const subject of subjects) {
        this.statements.deleteKey.run(subject);
        this.statements.markDestroyed.run(subject, destroyedAt);
      }
    });
    this.rewrapAll = db.transaction(
      (from: string, to: string, rewrap: (subject: string, wrapped: Buffer) => Buffer): number => {
        const keys = this.statements.keysWrappedUnder.all(from);
        for (const { subject, wrapped } of keys) {
          this.statements.rewrapKey.run({ subject, kek: to, wrapped: rewrap(subject, wrapped) });
        }
        this.statements.updateSetting.run(to, KEY_ENCRYPTION_KEY_ID);
        return keys.length;
      },
    );
    this.recordSettingOnce = db.transaction((name: string, offered: string) => {
      this.statements.insertSetting.run(name, offered);
      return this.statements.setting.get(name)!;
    });
  }

  override async keysOf(subjects: readonly string[]): Promise<Map<string, StoredKey>> {
    return this.keysOfNow(subjects);
  }

  override async addKeys(keys: ReadonlyMap<string, WrappedKey>): Promise<Map<string, StoredKey>> {
    return this.addOnce.immediate(keys);
  }

  override async destroyKeys(subjects: readonly string[]): Promise<void> {
    this.destroyAll.immediate(subjects, new Date().toISOString());
    // The WAL still holds the pages as they were, key included, until they are copied back and it is emptied.
    const [{ busy }] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (busy) {
      throw new Error(
        'the keys are destroyed, but another connection reading the key store keeps their bytes in its WAL: ' +
          'destroy them again once it is done',
      );
    }
  }

  override async keyEncryptionKeyId(offered: string): Promise<string> {
    return this.recordSettingOnce.immediate(KEY_ENCRYPTION_KEY_ID, offered);
  }

  override async rewrapKeys(
    from: string,
    to: string,
    rewrap: (subject: string, wrapped: Buffer) => Buffer,
  ): Promise<number> {
    const count = this.rewrapAll.immediate(from, to, rewrap);
    // The keys as wrapped before stay in the WAL's old pages until it is emptied.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return count;
  }

  override async close(): Promise<void> {
    this.db.close();
  }

  private keysOfNow(subjects: readonly string[]): Map<string, StoredKey> {
    const names = JSON.stringify(subjects);
    return new Map(this.statements.keysOf.all(names, names).map((row) => [row.subject, storedKeyOf(row)]));
  }
}

function storedKeyOf(row: KeyRow): StoredKey {
  if (row.wrapped === null || row.key_encryption_key_id === null) return DESTROYED;
  return { keyEncryptionKeyId: row.key_encryption_key_id, wrapped: row.wrapped };
}
