import Database from 'better-sqlite3';
import { streamIdOf } from '@lib/domain';
import { dirname } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@lib/event-store';
import { caseHistory, newCaseId } from './case-history';
import { withServiceSealing, type ServiceSealing } from './sealing';

/** Creates `count` cases through the event store, each with `length` events; answers their ids. */
export async function seedCases(filePath: string, count: number, length: number): Promise<string[]> {
  const store = SqliteEventStore.open(filePath);
  try {
    return await withServiceSealing(dirname(filePath), async ({ keys, sealing }) => {
      const ids = Array.from({ length: count }, newCaseId);
      await keys.keysFor(ids.map(streamIdOf));
      for (const id of ids)
        await store.appendToStream(streamIdOf(id), await caseHistory(id, length, sealing), 'no_stream');
      return ids;
    });
  } finally {
    await store.close();
  }
}

/** Inserts one event as a row of the event store's own table, its data and metadata as JSON. */
export type EventInsert = (streamId: string, revision: number, event: NewEvent) => void;

export function prepareEventInsert(db: Database.Database): EventInsert {
  const insert = db.prepare(
    `INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return (streamId, revision, event) => {
    const recordedAt = new Date().toISOString();
    insert.run(
      event.id,
      streamId,
      revision,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      recordedAt,
    );
  };
}

/** Creates the event store's table in `filePath`, as the store does on first use. */
export async function createEventStoreFile(filePath: string): Promise<void> {
  await SqliteEventStore.open(filePath).close();
}

const EVENTS_PER_CASE = 10;
const CASES_OPEN_AT_ONCE = 1_000;

/**
 * Writes `total` events of cases whose lives overlap, as a busy service's log holds them.
 * They go straight into the store's table in large transactions: through appendToStream
 * each event would wait for a sync to disk of its own, and generating would take minutes.
 */
export async function writeBusyLog(filePath: string, total: number): Promise<void> {
  await createEventStoreFile(filePath);
  const db = new Database(filePath);
  try {
    const insert = prepareEventInsert(db);
    const writeAll = db.transaction((events: LoggedEvent[]) => {
      for (const { streamId, revision, event } of events) insert(streamId, revision, event);
    });
    await withServiceSealing(dirname(filePath), async (service) => {
      for (let written = 0; written < total;) {
        const cases = Math.min(CASES_OPEN_AT_ONCE, Math.ceil((total - written) / EVENTS_PER_CASE));
        const events = (await overlappingLives(cases, service)).slice(0, total - written);
        writeAll(events);
        written += events.length;
      }
    });
  } finally {
    db.close();
  }
}

interface LoggedEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly event: NewEvent;
}

/** The events of `cases` cases in a log order: each case's in turn, the cases interleaved at random. */
async function overlappingLives(cases: number, { keys, sealing }: ServiceSealing): Promise<LoggedEvent[]> {
  const ids = Array.from({ length: cases }, newCaseId);
  await keys.keysFor(ids.map(streamIdOf));
  const lives = await Promise.all(
    ids.map(async (id) => ({
      streamId: streamIdOf(id),
      events: await caseHistory(id, EVENTS_PER_CASE, sealing),
      written: 0,
    })),
  );
  const turns = shuffled(lives.flatMap((life) => life.events.map(() => life)));
  return turns.map((life) => {
    const revision = life.written++;
    return { streamId: life.streamId, revision, event: life.events[revision] };
  });
}

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
