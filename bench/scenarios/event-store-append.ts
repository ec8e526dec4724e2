import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { streamIdOf } from '@lib/domain';
import { SqliteEventStore, type NewEvent } from '@lib/event-store';
import { pairedResult } from '../support/alternating-pairs';
import { caseHistory, newCaseId } from '../support/case-history';
import { createEventStoreFile, prepareEventInsert } from '../support/event-log';
import { withServiceSealing } from '../support/sealing';
import type { Scenario } from '../support/scenario';
import { perSecond } from '../support/stats';
import { withTempDir } from '../support/temp-dir';

const TARGET = 0.8;
/** Group commit should never lose to a sync per append. */
const GROUP_COMMIT_TARGET = 1;
const ROUNDS = 3;
const CALLERS = 64;
const STREAMS_PER_CALLER = 16;

/** Appends `event` as the stream's event number `revision` (from 0). */
type AppendOne = (streamId: string, revision: number, event: NewEvent) => unknown;

/** Opens a way of appending on `filePath` and runs `work` with it. */
type AppendingWay = (filePath: string, work: (append: AppendOne) => Promise<number>) => Promise<number>;

const WAYS = {
  store: throughStore,
  groupedInserts: throughGroupedInserts,
  insertPerSync: throughInsertPerSync,
} satisfies Record<string, AppendingWay>;

type Way = keyof typeof WAYS;

/**
 * SqliteEventStore.appendToStream with its real durability, from many async callers to many
 * streams, against raw better-sqlite3 inserts of the same rows into the same table at the same
 * durability (WAL, synchronous=FULL) grouped into transactions as the store groups its commits;
 * and, to show what group commit is worth, against raw inserts with one transaction per append.
 * Each round runs the three on fresh files, in an order rotated every round; each row is the
 * median of the rounds' pairs.
 */
export const eventStoreAppendScenario: Scenario = {
  name: 'event-store-append',
  run: (mode) =>
    withTempDir(async (dir) => {
      // Events as the store receives them: personal values sealed, hashes linked.
      const samples = await withServiceSealing(dir, ({ sealing }) => caseHistory(newCaseId(), 50, sealing));
      const rounds: Record<Way, number>[] = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await measureRound(round, samples, mode.appendSeconds));
      const storeAgainst = (baseline: Way) =>
        rounds.map((rates) => ({ value: rates.store, baseline: rates[baseline] }));
      return [
        pairedResult('event store append', 'appends/s', 'higher', storeAgainst('groupedInserts'), TARGET),
        pairedResult(
          'group commit vs one sync per append',
          'appends/s',
          'higher',
          storeAgainst('insertPerSync'),
          GROUP_COMMIT_TARGET,
        ),
      ];
    }),
};

/** Each way once, on a file of its own, in an order rotated by `round` so none always goes first or last. */
async function measureRound(round: number, samples: readonly NewEvent[], seconds: number) {
  const rates = {} as Record<Way, number>;
  for (const way of rotated(Object.keys(WAYS) as Way[], round)) {
    rates[way] = await withTempDir((dir) =>
      WAYS[way](join(dir, 'events.sqlite'), (append) => appendsPerSecond(append, samples, seconds)),
    );
  }
  return rates;
}

function rotated<T>(items: readonly T[], by: number): T[] {
  const start = by % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

async function throughStore(filePath: string, work: (append: AppendOne) => Promise<number>): Promise<number> {
  const store = SqliteEventStore.open(filePath);
  try {
    return await work((streamId, revision, event) =>
      store.appendToStream(streamId, [event], revision === 0 ? 'no_stream' : revision - 1),
    );
  } finally {
    await store.close();
  }
}

/** Raw inserts grouped as the store groups appends: see GroupedInserts. */
function throughGroupedInserts(filePath: string, work: (append: AppendOne) => Promise<number>): Promise<number> {
  return withRawDatabase(filePath, (db) => {
    const grouped = new GroupedInserts(db);
    return work((streamId, revision, event) => grouped.insert(streamId, revision, event));
  });
}

/** Raw inserts, each in a transaction of its own: one sync to disk per append. */
function throughInsertPerSync(filePath: string, work: (append: AppendOne) => Promise<number>): Promise<number> {
  return withRawDatabase(filePath, (db) => {
    const appendInTransaction = db.transaction(prepareEventInsert(db));
    return work((streamId, revision, event) => appendInTransaction.immediate(streamId, revision, event));
  });
}

/** The store's table in a file of its own, at the store's durability: WAL, synchronous=FULL. */
async function withRawDatabase<T>(filePath: string, work: (db: Database.Database) => Promise<T>): Promise<T> {
  await createEventStoreFile(filePath);
  const db = new Database(filePath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return await work(db);
  } finally {
    db.close();
  }
}

interface PendingInsert {
  readonly streamId: string;
  readonly revision: number;
  readonly event: NewEvent;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The store's batching rule without its checks: the first insert requested schedules a commit
 * on the event loop's next turn, and every insert requested before it runs goes into the same
 * IMMEDIATE transaction, so they share one sync to disk. None resolves before its commit.
 */
class GroupedInserts {
  private readonly insertAll: Database.Transaction<(group: readonly PendingInsert[]) => void>;
  private pending: PendingInsert[] = [];

  constructor(db: Database.Database) {
    const insert = prepareEventInsert(db);
    this.insertAll = db.transaction((group) => {
      for (const { streamId, revision, event } of group) insert(streamId, revision, event);
    });
  }

  insert(streamId: string, revision: number, event: NewEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, revision, event, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const group = this.pending;
    this.pending = [];
    try {
      this.insertAll.immediate(group);
    } catch (error) {
      for (const insert of group) insert.reject(error);
      return;
    }
    for (const insert of group) insert.resolve();
  }
}

interface Stream {
  readonly id: string;
  revision: number;
}

/**
 * A warm-up, then appends for `seconds`: each caller appends one event at a time, waiting for
 * each, to its own streams in turn (so every expected revision is known), cycling through the
 * sample events under new ids.
 */
async function appendsPerSecond(append: AppendOne, samples: readonly NewEvent[], seconds: number): Promise<number> {
  const callers = Array.from({ length: CALLERS }, () =>
    Array.from({ length: STREAMS_PER_CALLER }, (): Stream => ({ id: streamIdOf(newCaseId()), revision: 0 })),
  );
  const appendFor = async (milliseconds: number) => {
    const started = performance.now();
    let appended = 0;
    await Promise.all(
      callers.map(async (streams) => {
        for (let turn = 0; performance.now() - started < milliseconds; turn++) {
          const stream = streams[turn % streams.length];
          const sample = samples[stream.revision % samples.length];
          await append(stream.id, stream.revision, { ...sample, id: randomUUID() });
          stream.revision++;
          appended++;
        }
      }),
    );
    return perSecond(appended, performance.now() - started);
  };
  await appendFor(seconds * 1000);
  return appendFor(seconds * 1000);
}
