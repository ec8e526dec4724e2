import {
  assertExpectedVersionMatchesCurrent,
  CommandHandler,
  ExpectedVersionConflictError,
  InProcessLock,
  NO_CONCURRENCY_CHECK,
  type AggregateStreamOptions,
  type Event,
  type EventStore,
  type ExpectedStreamVersion,
} from '@event-driven-io/emmett';
import {
  appendToStream,
  createEventStoreSchema,
  readStream,
  sqliteConnection,
  SQLiteEventStoreDefaultStreamVersion,
  type SQLiteConnection,
  type SQLiteReadEventMetadata,
} from '@event-driven-io/emmett-sqlite';
import {
  decide,
  evolve,
  initialState,
  streamNameOf,
  STREAM_TYPE,
  type SupportCaseCommand,
  type SupportCaseEvent,
  type SupportCaseState,
} from './support-case';

/** A case's state and the stream version it was read or written at. */
export interface VersionedCase {
  readonly state: SupportCaseState;
  readonly version: bigint;
}

export interface PeerStore {
  /** Decides the commands in turn on the case's current state and appends what they decided, at once. */
  handle(
    caseId: string,
    commands: readonly SupportCaseCommand[],
    expectedVersion?: ExpectedStreamVersion,
  ): Promise<VersionedCase>;
  read(caseId: string): Promise<VersionedCase>;
  close(): void;
}

const handleSupportCase = CommandHandler<SupportCaseState, SupportCaseEvent>({
  evolve,
  initialState,
  mapToStreamId: streamNameOf,
});

/** Every command takes this one lock in turn: see README.md. */
const CONNECTION_LOCK = 'sqlite-connection';

/** Emmett's SQLite event store on `fileName`, over one connection, handling one command at a time. */
export async function openPeerStore(fileName: string): Promise<PeerStore> {
  const connection = await durableConnection(fileName);
  const eventStore = eventStoreOn(connection);
  const lock = InProcessLock();
  const inTurn = <T>(work: () => Promise<T>) => lock.withAcquire(work, { lockId: CONNECTION_LOCK });
  return {
    handle: (caseId, commands, expectedVersion) =>
      inTurn(async () => {
        const deciders = commands.map((command) => (state: SupportCaseState) => decide(command, state));
        const options = expectedVersion === undefined ? undefined : { expectedStreamVersion: expectedVersion };
        const result = await handleSupportCase(eventStore, caseId, deciders, options);
        return { state: result.newState, version: result.nextExpectedStreamVersion };
      }),
    // A read takes no turn: nothing it does blocks a commit, and it sees a command in progress as it will commit.
    read: async (caseId) => {
      const result = await eventStore.aggregateStream(streamNameOf(caseId), { evolve, initialState });
      return { state: result.state, version: result.currentStreamVersion };
    },
    close: () => connection.close(),
  };
}

/**
 * The service's durability: WAL, and a sync of the log at every commit. Emmett's
 * `sqliteConnection` issues `journal_mode = WAL` without waiting for it; both PRAGMAs are set
 * (again) and awaited on the connection itself, before anything is appended through it.
 */
async function durableConnection(fileName: string): Promise<SQLiteConnection> {
  const connection = sqliteConnection({ fileName });
  await connection.command('PRAGMA journal_mode = WAL');
  await connection.command('PRAGMA synchronous = FULL');
  await createEventStoreSchema(connection);
  return connection;
}

/**
 * The event store `getSQLiteEventStore` builds, on the connection given: 0.38.5's opens and closes
 * one of its own for every operation. Reading, appending (its transaction and version check) and
 * the schema are Emmett's.
 */
function eventStoreOn(connection: SQLiteConnection): EventStore<SQLiteReadEventMetadata> {
  return {
    async aggregateStream<State, EventType extends Event>(
      streamName: string,
      {
        evolve: evolveState,
        initialState: initial,
        read,
      }: AggregateStreamOptions<State, EventType, SQLiteReadEventMetadata>,
    ) {
      const { events, currentStreamVersion, streamExists } = await readStream<EventType>(connection, streamName, read);
      const expected = read?.expectedStreamVersion;
      assertExpectedVersionMatchesCurrent(currentStreamVersion, expected, SQLiteEventStoreDefaultStreamVersion);
      let state = initial();
      for (const event of events) state = evolveState(state, event);
      return { state, currentStreamVersion, streamExists };
    },
    readStream: (streamName, options) => readStream(connection, streamName, options),
    async appendToStream(streamName, events, options) {
      const result = await appendToStream(connection, streamName, STREAM_TYPE, events, options);
      if (!result.success) {
        throw new ExpectedVersionConflictError(-1n, options?.expectedStreamVersion ?? NO_CONCURRENCY_CHECK);
      }
      const version = result.nextStreamPosition;
      return { nextExpectedStreamVersion: version, createdNewStream: version === BigInt(events.length) };
    },
  };
}
