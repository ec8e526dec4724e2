import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, escapeIdentifier, type QueryConfig } from 'pg';
import { describeEventStoreContract } from '../event-store.contract';
import { START_OF_LOG, type LogPosition, type NewEvent, type RecordedEvent } from '../event-store.port';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres.event-store';
import { describeWithPostgres, withClient } from '../../../../test/support/postgres';

describeWithPostgres('PostgresEventStore', (databaseUrl) => {
  // A name that needs quoting, as DATABASE_SCHEMA may.
  const schema = `Events ${randomBytes(6).toString('hex')}`;
  const opened: PostgresEventStore[] = [];

  async function open(options?: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = await PostgresEventStore.open(databaseUrl, schema, options);
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
  });
  afterAll(() => withClient(databaseUrl, (client) => client.query(`DROP SCHEMA ${escapeIdentifier(schema)} CASCADE`)));

  describeEventStoreContract('PostgresEventStore', async () => {
    const store = await open();
    return { store, cleanup: () => store.close() };
  });

  it('orders the log by transaction: an event waits behind an older transaction still open', async () => {
    const gate = new Gate();
    const writer = await open({ pool: { Client: clientCommittingAfter(() => gate.passed()) } });
    const other = await open();
    const reader = await open();
    const after = await latestPosition(reader);
    const early = newEvent();
    const late = newEvent();

    gate.close();
    const earlyAppend = writer.appendToStream(uniqueId('early'), [early], 'no_stream');
    try {
      await gate.reached();
      gate.openAfterThis();
      await other.appendToStream(uniqueId('late'), [late], 'no_stream');

      expect(await reader.readAll({ after, maxCount: 10 })).toEqual([]);
    } finally {
      gate.release();
    }
    await earlyAppend;
    expect(idsOf(await readUntil(reader, after, 2))).toEqual([early.id, late.id]);
  });

  it('keeps a stream in order when an append took its transaction id before it waited for the stream', async () => {
    // PostgreSQL numbers a transaction at its first write, which can come before it waits for
    // the stream's row: a speculative insert that loses its race, or an UPDATE that meets a lock.
    const gate = new Gate();
    const numberedEarly = await open({ pool: { Client: clientNumberedAtBegin(() => gate.passed()) } });
    const other = await open();
    const reader = await open();
    const after = await latestPosition(reader);
    const streamId = uniqueId('raced');

    gate.close();
    const heldAppend = numberedEarly.appendToStream(streamId, [newEvent()], 'any');
    try {
      await gate.reached();
      gate.openAfterThis();
      await other.appendToStream(streamId, [newEvent()], 'any');
    } finally {
      gate.release();
    }
    await heldAppend;

    const read = await readUntil(reader, after, 2);
    expect(read.map((event) => event.revision)).toEqual([0, 1]);
  });

  it('never lets a reader running alongside miss or repeat an event, with commits held open at random', async () => {
    const writers = await Promise.all(
      Array.from({ length: 4 }, () =>
        open({
          maxConnections: 4,
          pool: { Client: clientCommittingAfter(() => maybeLater({ chance: 0.3, maxMs: 40 })) },
        }),
      ),
    );
    const reader = await open();
    const after = await latestPosition(reader);
    const streams = Array.from({ length: 12 }, () => uniqueId('case'));
    const acknowledged: string[] = [];
    let drainUntil = Infinity;

    const reading = (async () => {
      const seen: RecordedEvent[] = [];
      let position = after;
      while (performance.now() < drainUntil && !(drainUntil < Infinity && seen.length >= acknowledged.length)) {
        const batch = await reader.readAll({ after: position, maxCount: 25 });
        seen.push(...batch);
        if (batch.length > 0) position = batch[batch.length - 1].position;
        else await sleep(1);
      }
      return seen;
    })();
    await Promise.all(
      writers.flatMap((writer) =>
        Array.from({ length: 4 }, async () => {
          for (let append = 0; append < 25; append++) {
            const events = [newEvent(), newEvent()].slice(0, randomInt(1, 3));
            await writer.appendToStream(streams[randomInt(streams.length)], events, 'any');
            acknowledged.push(...idsOf(events));
          }
        }),
      ),
    );
    drainUntil = performance.now() + 10_000; // the reader then has this long to see the rest
    const seen = await reading;

    const seenIds = new Set(idsOf(seen));
    const missed = acknowledged.filter((id) => !seenIds.has(id));
    expect({ seen: seen.length, missed: missed.length, repeated: seen.length - seenIds.size }).toEqual({
      seen: acknowledged.length,
      missed: 0,
      repeated: 0,
    });
    for (const streamId of streams) {
      const revisions = seen.filter((event) => event.streamId === streamId).map((event) => event.revision);
      expect(revisions).toEqual(revisions.map((_, index) => index));
    }
  }, 60_000);

  it('reads its own appends at once, and positions that grow with them', async () => {
    const store = await open();
    const after = await latestPosition(store);
    const first = await store.appendToStream(uniqueId('own'), [newEvent()], 'no_stream');
    const second = await store.appendToStream(uniqueId('own'), [newEvent()], 'no_stream');

    const read = await store.readAll({ after, maxCount: 10 });

    expect(read.map((event) => event.position)).toEqual([first.position, second.position]);
    expect(second.position.commit).toBeGreaterThan(first.position.commit);
  });
});

/** A pg Client whose COMMITs first wait for `beforeCommit`: a transaction held open on purpose. */
function clientCommittingAfter(beforeCommit: () => Promise<void>): new () => Client {
  return clientRunningInstead('COMMIT', async (run) => {
    await beforeCommit();
    return run('COMMIT');
  });
}

/** A pg Client whose transactions take their id at BEGIN, then wait for `afterBegin`. */
function clientNumberedAtBegin(afterBegin: () => Promise<void>): new () => Client {
  return clientRunningInstead('BEGIN', async (run) => {
    await run('BEGIN');
    await run('SELECT pg_current_xact_id()');
    await afterBegin();
  });
}

/** A pg Client that runs `instead` where it is asked for `statement`, given the way to run SQL. */
function clientRunningInstead(
  statement: string,
  instead: (run: (sql: string) => Promise<unknown>) => Promise<unknown>,
): new () => Client {
  return class extends Client {
    override query(...args: unknown[]): never {
      const [first] = args as [string | QueryConfig];
      if (first === statement) return instead((sql) => super.query(sql)) as never;
      return (super.query as (...all: unknown[]) => never)(...args);
    }
  };
}

function maybeLater({ chance, maxMs }: { chance: number; maxMs: number }): Promise<void> {
  return Math.random() < chance ? sleep(randomInt(1, maxMs)).then(() => undefined) : Promise.resolve();
}

/** Holds the next transaction that reaches it, until released. */
class Gate {
  private closed = false;
  private arrived = deferred();
  private opened = deferred();

  close(): void {
    this.closed = true;
  }

  /** The transactions after the one held pass freely. */
  openAfterThis(): void {
    this.closed = false;
  }

  async passed(): Promise<void> {
    if (!this.closed) return;
    this.arrived.resolve();
    await this.opened.promise;
  }

  reached(): Promise<void> {
    return this.arrived.promise;
  }

  release(): void {
    this.opened.resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

async function latestPosition(store: PostgresEventStore): Promise<LogPosition> {
  let position = START_OF_LOG;
  for (;;) {
    const batch = await store.readAll({ after: position, maxCount: 1000 });
    if (batch.length === 0) return position;
    position = batch[batch.length - 1].position;
  }
}

/** Reads until `count` events stand after `after`, within a bound. */
async function readUntil(store: PostgresEventStore, after: LogPosition, count: number): Promise<RecordedEvent[]> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const read = await store.readAll({ after, maxCount: count + 10 });
    if (read.length >= count || performance.now() > deadline) return read;
    await sleep(5);
  }
}

function idsOf(events: readonly { id: string }[]): string[] {
  return events.map((event) => event.id);
}

function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

function newEvent(): NewEvent {
  return { id: randomUUID(), type: 'Tested', data: { value: randomUUID() }, metadata: {} };
}
