import { createSchemaIfMissing, inTransaction, lockSchemaMigrations, openStorePool } from '@lib/postgres';
import { setTimeout as sleep } from 'node:timers/promises';
import { escapeIdentifier, type Pool, type PoolClient, type PoolConfig } from 'pg';
import { assertSomethingToAppend, toJson } from '../append-rules';
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

interface EventTables {
  readonly events: string;
  readonly streams: string;
}

function eventTables(schema: string): EventTables {
  return { events: `${escapeIdentifier(schema)}.events`, streams: `${escapeIdentifier(schema)}.event_streams` };
}

/**
 * `transaction_id` is the appending transaction's id: the global order is (transaction_id,
 * position), and readers see a transaction's events only once every transaction with a lower id
 * has ended (see readAll). `event_streams` holds each stream's revision: its row lock is what
 * makes appends to one stream take turns.
 */
function schemaSql({ events, streams }: EventTables): string {
  return `
    CREATE TABLE IF NOT EXISTS ${streams} (
      stream_id text COLLATE "C" PRIMARY KEY,
      revision  bigint NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${events} (
      position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      id             text NOT NULL UNIQUE,
      stream_id      text COLLATE "C" NOT NULL,
      revision       bigint NOT NULL,
      type           text NOT NULL,
      data           json NOT NULL,
      metadata       json NOT NULL,
      recorded_at    timestamptz NOT NULL,
      UNIQUE (stream_id, revision)
    );
    CREATE INDEX IF NOT EXISTS events_in_log_order ON ${events} (transaction_id, position)`;
}

const COLUMNS = 'position, transaction_id, id, stream_id, revision, type, data, metadata, recorded_at';

interface EventRow {
  position: string;
  transaction_id: string;
  id: string;
  stream_id: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

interface EventToInsert {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const UNIQUE_VIOLATION = '23505';

/** Appends retried in a new transaction at most, each begun after the one it waited for committed. */
const MAX_APPEND_ATTEMPTS = 5;

/** The appending transaction's id came before that of the stream's last event. */
class NumberedBeforeItsStream extends Error {
  constructor(streamId: string) {
    super(`Stream ${streamId}: the append's transaction was numbered before the stream's last event`);
  }
}

export interface PostgresEventStoreOptions {
  /** Connections at most (default 5): one per append or read in flight. */
  readonly maxConnections?: number;
  /** Further settings of the connection pool. */
  readonly pool?: Omit<PoolConfig, 'connectionString' | 'max'>;
  /**
   * How long readAll waits for this instance's own last append to become readable (default
   * 5000 ms): another transaction still open with a lower id holds it back. Past the bound it
   * answers what is readable; the rest follows on a later read.
   */
  readonly ownAppendsVisibleWithinMs?: number;
}

/**
 * The event store on PostgreSQL, for several processes on one database.
 *
 * Global order without gaps: positions come from a sequence, but transactions commit out of the
 * order of the numbers they drew, so a reader that resumes "after position N" would skip an event
 * committed late below N. Events are ordered by their transaction's id instead, and a reader sees
 * only transactions below the oldest one still running (`pg_snapshot_xmin`): nothing can commit
 * there any more, so a checkpoint in that order is final. A position is (transaction id,
 * sequence number), as `LogPosition`'s (commit, prepare).
 */
export class PostgresEventStore extends EventStore {
  private readonly listeners = new AppendedListeners();
  private readonly ownAppendsVisibleWithinMs: number;
  /** The transaction id of this instance's latest acknowledged append. */
  private latestOwnTransaction = 0n;

  private constructor(
    private readonly pool: Pool,
    private readonly tables: EventTables,
    options: PostgresEventStoreOptions,
  ) {
    super();
    this.ownAppendsVisibleWithinMs = options.ownAppendsVisibleWithinMs ?? 5000;
  }

  /** Connects, and creates the schema and the event tables when missing. */
  static async open(
    connectionString: string,
    schema: string,
    options: PostgresEventStoreOptions = {},
  ): Promise<PostgresEventStore> {
    const pool = openStorePool(connectionString, {
      purpose: 'event store',
      max: options.maxConnections ?? 5,
      config: options.pool,
    });
    const tables = eventTables(schema);
    try {
      if (!(await tablesExist(pool, tables))) {
        await inTransaction(pool, 'BEGIN', async (client) => {
          await lockSchemaMigrations(client, schema);
          await createSchemaIfMissing(client, schema);
          await client.query(schemaSql(tables));
        });
      }
      return new PostgresEventStore(pool, tables, options);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  override async readStream(streamId: string, { fromRevision = 0 }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.tables.events} WHERE stream_id = $1 AND revision >= $2 ORDER BY revision`,
      [streamId, fromRevision],
    );
    return rows.map(toRecordedEvent);
  }

  override async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    assertSomethingToAppend(events);
    const rows = events.map((event) => ({
      id: event.id,
      type: event.type,
      data: toJson(event.data, event.id),
      metadata: toJson(event.metadata, event.id),
    }));
    const result = await this.appendInOrder(streamId, rows, expectedRevision);
    if (result.transactionId > this.latestOwnTransaction) this.latestOwnTransaction = result.transactionId;
    this.listeners.notify();
    return result.appended;
  }

  /**
   * Events after `after` in the global order, among the transactions that have all ended: an
   * event committed later can only come after what this returns.
   */
  override async readAll({ after, maxCount, streamPrefix = '' }: ReadAllOptions): Promise<RecordedEvent[]> {
    await this.untilOwnAppendsReadable();
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.tables.events}
       WHERE (transaction_id, position) > ($1::text::xid8, $2)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         AND starts_with(stream_id, $3)
       ORDER BY transaction_id, position
       LIMIT $4`,
      [String(after.commit), after.prepare, streamPrefix, maxCount],
    );
    return rows.map(toRecordedEvent);
  }

  override onAppended(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  override async close(): Promise<void> {
    this.listeners.clear();
    if (!this.pool.ended) await this.pool.end();
  }

  /**
   * Appends in one transaction, again in a new one when this one's id came before the stream's
   * last event's: the log orders by transaction id, so the stream would read out of order.
   * PostgreSQL numbers a transaction at its first write, which can come before it waits for the
   * stream's row (a speculative insert that loses its race, an UPDATE that meets the row locked).
   * A transaction begun after the other committed is numbered after it.
   */
  private async appendInOrder(
    streamId: string,
    rows: readonly EventToInsert[],
    expectedRevision: ExpectedRevision,
  ): Promise<{ appended: AppendResult; transactionId: bigint }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.pool, 'BEGIN', async (client) => {
          const nextRevision = await this.claimRevisions(client, streamId, rows.length, expectedRevision);
          return this.insert(client, streamId, nextRevision - rows.length + 1, rows);
        });
      } catch (error) {
        if (!(error instanceof NumberedBeforeItsStream)) throw duplicateIdOf(error) ?? error;
        if (attempt === MAX_APPEND_ATTEMPTS) throw new Error(`${error.message}, ${attempt} times in a row`);
      }
    }
  }

  /**
   * Moves the stream's revision on by `count` if it stands where `expected` says; the row stays
   * locked until the transaction ends, so a second append to the stream waits and then sees this
   * one. Returns the stream's new revision.
   */
  private async claimRevisions(
    client: PoolClient,
    streamId: string,
    count: number,
    expected: ExpectedRevision,
  ): Promise<number> {
    const { streams } = this.tables;
    const { rows } = await client.query<{ revision: string }>(
      expected === 'no_stream'
        ? `INSERT INTO ${streams} (stream_id, revision) VALUES ($1, $2 - 1) ON CONFLICT DO NOTHING RETURNING revision`
        : expected === 'any'
          ? `INSERT INTO ${streams} (stream_id, revision) VALUES ($1, $2 - 1)
             ON CONFLICT (stream_id) DO UPDATE SET revision = ${streams}.revision + $2 RETURNING revision`
          : `UPDATE ${streams} SET revision = revision + $2 WHERE stream_id = $1 AND revision = $3 RETURNING revision`,
      expected === 'no_stream' || expected === 'any' ? [streamId, count] : [streamId, count, expected],
    );
    if (rows.length === 0)
      throw new WrongExpectedRevisionError(streamId, expected, await this.revisionOf(client, streamId));
    return Number(rows[0].revision);
  }

  private async revisionOf(client: PoolClient, streamId: string): Promise<number | 'no_stream'> {
    const { rows } = await client.query<{ revision: string }>(
      `SELECT revision FROM ${this.tables.streams} WHERE stream_id = $1`,
      [streamId],
    );
    return rows.length === 0 ? 'no_stream' : Number(rows[0].revision);
  }

  private async insert(
    client: PoolClient,
    streamId: string,
    firstRevision: number,
    rows: readonly EventToInsert[],
  ): Promise<{ appended: AppendResult; transactionId: bigint }> {
    const { events } = this.tables;
    const { rows: inserted } = await client.query<{ position: string; transaction_id: string }>(
      `INSERT INTO ${events} (id, stream_id, revision, type, data, metadata, recorded_at)
       SELECT id, $1, $2 + ordinality - 1, type, data::json, metadata::json, $7
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS batch (id, type, data, metadata)
       WHERE NOT EXISTS (
         SELECT FROM ${events} WHERE stream_id = $1 AND revision = $2 - 1 AND transaction_id > pg_current_xact_id())
       ORDER BY ordinality
       RETURNING position, transaction_id`,
      [
        streamId,
        firstRevision,
        rows.map((row) => row.id),
        rows.map((row) => row.type),
        rows.map((row) => row.data),
        rows.map((row) => row.metadata),
        new Date().toISOString(),
      ],
    );
    if (inserted.length === 0) throw new NumberedBeforeItsStream(streamId);
    const last = inserted.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
    return {
      appended: {
        nextRevision: firstRevision + rows.length - 1,
        position: { commit: Number(last.transaction_id), prepare: Number(last.position) },
      },
      transactionId: BigInt(last.transaction_id),
    };
  }

  /** Read your own writes: waits, within a bound, until no older transaction holds this instance's last append back. */
  private async untilOwnAppendsReadable(): Promise<void> {
    if (this.latestOwnTransaction === 0n) return;
    const deadline = performance.now() + this.ownAppendsVisibleWithinMs;
    let pauseMs = 1;
    while ((await this.horizon()) <= this.latestOwnTransaction && performance.now() < deadline) {
      await sleep(pauseMs);
      pauseMs = Math.min(pauseMs * 2, 50);
    }
  }

  /** The oldest transaction still running: every transaction below it has ended. */
  private async horizon(): Promise<bigint> {
    const { rows } = await this.pool.query<{ xmin: string }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    return BigInt(rows[0].xmin);
  }
}

/**
 * Looks before creating: CREATE INDEX IF NOT EXISTS locks the table even when the index exists,
 * which would hold up every append while a process starts beside running ones.
 */
async function tablesExist(pool: Pool, { events, streams }: EventTables): Promise<boolean> {
  const { rows } = await pool.query<{ present: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present',
    [events, streams],
  );
  return rows[0].present;
}

/** The UNIQUE constraint on ids is the last word on duplicates, whichever process wrote first. */
function duplicateIdOf(error: unknown): DuplicateEventIdError | undefined {
  const { code, constraint, detail } = error as { code?: string; constraint?: string; detail?: string };
  if (code !== UNIQUE_VIOLATION || !constraint?.endsWith('_id_key')) return undefined;
  const id = /\(id\)=\((.*)\) already exists/.exec(detail ?? '')?.[1];
  return id === undefined ? undefined : new DuplicateEventIdError(id);
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: { commit: Number(row.transaction_id), prepare: Number(row.position) },
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
  };
}
