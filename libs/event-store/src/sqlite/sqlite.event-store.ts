import Database from 'better-sqlite3';
import { createPrivateFileIfMissing } from '@lib/private-files';
import {
  assertExpectedRevision,
  assertSomethingToAppend,
  firstRevisionAfter,
  toJson,
  type CurrentRevision,
} from '../append-rules';
import { AppendedListeners } from '../appended-listeners';
import {
  DuplicateEventIdError,
  EventStore,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store.port';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT`;

const COLUMNS = 'position, id, stream_id, revision, type, data, metadata, recorded_at';

interface EventRow {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

type InsertParams = Omit<EventRow, 'position'>;

export interface SqliteConnectionOptions {
  /**
   * For data derived from the events (read model rows, audit leaves), each written in one
   * transaction with its checkpoint: a commit is not synced to disk on its own, which would stall
   * the event loop. It survives a crash of the process; a crash of the machine loses at most the
   * last commits with their checkpoint, and they are derived again. The next durable append
   * syncs them with the WAL.
   */
  readonly derived?: boolean;
}

const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** A connection configured as the event store relies on; other code may open more on the same file. */
export function openSqliteDatabase(
  filePath: string,
  { derived = false }: SqliteConnectionOptions = {},
): Database.Database {
  createPrivateFileIfMissing(filePath); // its WAL and shared memory files take its mode
  const db = new Database(filePath);
  db.pragma('busy_timeout = 5000'); // first, so that switching to WAL waits for other connections
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged append survives a process or machine crash.
  db.pragma(`synchronous = ${derived ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // A checkpoint copies each page once however often the WAL holds it, and syncs the file: every
  // 10,000 pages (about 40 MB of WAL) rather than SQLite's 1,000, the index pages that every append
  // touches are copied and synced a tenth as often.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  return db;
}

function prepareStatements(db: Database.Database) {
  return {
    currentRevision: db
      .prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?')
      .pluck(),
    insert: db.prepare<InsertParams>(
      `INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (@id, @stream_id, @revision, @type, @data, @metadata, @recorded_at)`,
    ),
    readStream: db.prepare<[string, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`,
    ),
    readAll: db.prepare<[number, string, number], EventRow>(
      // `+stream_id` keeps SQLite off the stream index: walking positions in order and filtering
      // is linear, where the index would sort every matching event for each batch.
      `SELECT ${COLUMNS} FROM events WHERE position > ? AND +stream_id GLOB ? ORDER BY position LIMIT ?`,
    ),
  };
}

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type AppendOutcome = { result: AppendResult } | { error: unknown };

/**
 * The embedded event store: one SQLite file, one global sequence (commit = prepare = position).
 *
 * Group commit: the appends requested while the event loop is busy are committed together in
 * one durable transaction, each in a savepoint of its own, so they share one sync to disk and
 * one refused append leaves the others standing. No append is acknowledged before its commit.
 */
export class SqliteEventStore extends EventStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendInSavepoint: Database.Transaction<
    (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendResult
  >;
  private readonly commitGroup: Database.Transaction<(group: readonly PendingAppend[]) => AppendOutcome[]>;
  private readonly listeners = new AppendedListeners();
  private pending: PendingAppend[] = [];

  private constructor(private readonly db: Database.Database) {
    super();
    this.statements = prepareStatements(db);
    this.appendInSavepoint = db.transaction((streamId, events, expected) =>
      this.appendChecked(streamId, events, expected),
    );
    this.commitGroup = db.transaction((group) => group.map((append) => this.attempt(append)));
  }

  /** Opens (and creates when missing) the event store in `filePath`. */
  static open(filePath: string): SqliteEventStore {
    const db = openSqliteDatabase(filePath);
    try {
      db.exec(SCHEMA);
      return new SqliteEventStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  override async readStream(streamId: string, { fromRevision = 0 }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.statements.readStream.all(streamId, fromRevision).map(toRecordedEvent);
  }

  override async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    assertSomethingToAppend(events);
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected: expectedRevision, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  override async readAll({ after, maxCount, streamPrefix = '' }: ReadAllOptions): Promise<RecordedEvent[]> {
    const rows = this.statements.readAll.all(after.commit, literalGlobPrefix(streamPrefix), maxCount);
    return rows.map(toRecordedEvent);
  }

  override onAppended(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  override async close(): Promise<void> {
    this.commitPending();
    this.listeners.clear();
    this.db.close();
  }

  private commitPending(): void {
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    let outcomes: AppendOutcome[];
    try {
      // IMMEDIATE takes the write lock before the revision checks, so no other connection can
      // append to a stream between its check and its insert.
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      for (const append of group) append.reject(error);
      return;
    }
    group.forEach((append, index) => {
      const outcome = outcomes[index];
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    if (outcomes.some((outcome) => 'result' in outcome)) this.listeners.notify();
  }

  /** One append of a group: refused alone, its savepoint rolled back. */
  private attempt({ streamId, events, expected }: PendingAppend): AppendOutcome {
    try {
      return { result: this.appendInSavepoint(streamId, events, expected) };
    } catch (error) {
      return { error };
    }
  }

  private appendChecked(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const current = this.currentRevision(streamId);
    assertExpectedRevision(streamId, expected, current);
    const firstRevision = firstRevisionAfter(current);
    const recordedAt = new Date().toISOString();
    let position = 0;
    events.forEach((event, index) => {
      position = this.insert(streamId, firstRevision + index, event, expected, recordedAt);
    });
    return {
      nextRevision: firstRevision + events.length - 1,
      position: { commit: position, prepare: position },
    };
  }

  private insert(
    streamId: string,
    revision: number,
    event: NewEvent,
    expected: ExpectedRevision,
    recordedAt: string,
  ): number {
    try {
      const { lastInsertRowid } = this.statements.insert.run({
        id: event.id,
        stream_id: streamId,
        revision,
        type: event.type,
        data: toJson(event.data, event.id),
        metadata: toJson(event.metadata, event.id),
        recorded_at: recordedAt,
      });
      return Number(lastInsertRowid);
    } catch (error) {
      throw this.toStoreError(error, streamId, event, expected);
    }
  }

  /** The UNIQUE constraints are the last word on duplicates, whichever connection wrote first. */
  private toStoreError(error: unknown, streamId: string, event: NewEvent, expected: ExpectedRevision): unknown {
    if (!isUniqueViolation(error)) return error;
    if (error.message.endsWith('events.id')) return new DuplicateEventIdError(event.id);
    return new WrongExpectedRevisionError(streamId, expected, this.currentRevision(streamId));
  }

  private currentRevision(streamId: string): CurrentRevision {
    return this.statements.currentRevision.get(streamId) ?? 'no_stream';
  }
}

/**
 * Checked by code, not `instanceof`: the native module keeps the SqliteError class of the
 * first copy of better-sqlite3 loaded in the process, which need not be this module's (nor
 * derive from this realm's Error).
 */
function isUniqueViolation(error: unknown): error is { code: string; message: string } {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/** A GLOB pattern matching ids that start with `prefix`, its wildcard characters taken literally. */
function literalGlobPrefix(prefix: string): string {
  return `${prefix.replace(/[*?[]/g, (wildcard) => `[${wildcard}]`)}*`;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: { commit: row.position, prepare: row.position },
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
  };
}
