import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { streamIdOf } from '@lib/domain';
import { SqliteEventStore, type NewEvent } from '@lib/event-store';
import { caseHistory, newCaseId } from '../support/case-history';
import { createEventStoreFile, prepareEventInsert } from '../support/event-log';
import { withServiceSealing } from '../support/sealing';
import { higherIsBetter } from '../support/results';
import type { Scenario } from '../support/scenario';
import { perSecond } from '../support/stats';
import { withTempDir } from '../support/temp-dir';

const TARGET = 0.8;
const CALLERS = 64;
const STREAMS_PER_CALLER = 16;

/** Appends `event` as the stream's event number `revision` (from 0). */
type AppendOne = (streamId: string, revision: number, event: NewEvent) => unknown;

/**
 * SqliteEventStore.appendToStream with its real durability, from many async callers to many
 * streams, against raw better-sqlite3 inserts of the same rows into the same table at the
 * same durability (WAL, synchronous=FULL), one transaction per append.
 */
export const eventStoreAppendScenario: Scenario = {
  name: 'event-store-append',
  run: (mode) =>
    withTempDir(async (dir) => {
      // Events as the store receives them: personal values sealed, hashes linked.
      const samples = await withServiceSealing(dir, ({ sealing }) => caseHistory(newCaseId(), 50, sealing));
      const store = await throughStore(join(dir, 'store.sqlite'), (append) =>
        appendsPerSecond(append, samples, mode.appendSeconds),
      );
      const raw = await throughRawInserts(join(dir, 'raw.sqlite'), (append) =>
        appendsPerSecond(append, samples, mode.appendSeconds),
      );
      return [higherIsBetter('event store append', 'appends/s', store, raw, TARGET)];
    }),
};

async function throughStore<T>(filePath: string, work: (append: AppendOne) => Promise<T>): Promise<T> {
  const store = SqliteEventStore.open(filePath);
  try {
    return await work((streamId, revision, event) =>
      store.appendToStream(streamId, [event], revision === 0 ? 'no_stream' : revision - 1),
    );
  } finally {
    await store.close();
  }
}

async function throughRawInserts<T>(filePath: string, work: (append: AppendOne) => Promise<T>): Promise<T> {
  await createEventStoreFile(filePath);
  const db = new Database(filePath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const appendInTransaction = db.transaction(prepareEventInsert(db));
    return await work((streamId, revision, event) => appendInTransaction.immediate(streamId, revision, event));
  } finally {
    db.close();
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
