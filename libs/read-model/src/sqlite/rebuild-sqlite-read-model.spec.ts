import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { streamIdOf, type SupportCaseEventBody } from '@lib/domain';
import { SqliteEventStore, START_OF_LOG, type RecordedEvent } from '@lib/event-store';
import type { ReadModelStore } from '../read-model.port';
import type { SealedDocuments } from '../sealed-documents';
import { documentsInMemory } from '../testing/sealed-documents';
import { toNewEvent } from '../testing/stored-events';
import { caseCommented, caseCreated, caseSolved } from '@lib/domain/testing';
import { rebuildSqliteReadModel, type RebuildProgress } from './rebuild-sqlite-read-model';
import { SqliteReadModelStore } from './sqlite.read-model.store';

describe('rebuildSqliteReadModel', () => {
  let dir: string;
  let filePath: string;
  let eventStore: SqliteEventStore;
  let documents: SealedDocuments;
  const opened: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rebuild-'));
    filePath = join(dir, 'supportcase.sqlite');
    eventStore = track(SqliteEventStore.open(filePath));
    documents = await documentsInMemory();
  });

  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
    await rm(dir, { recursive: true, force: true });
  });

  function track<T extends { close(): Promise<void> }>(resource: T): T {
    opened.push(resource);
    return resource;
  }

  const append = (caseId: string, ...events: SupportCaseEventBody[]) =>
    eventStore.appendToStream(
      streamIdOf(caseId),
      events.map((event) => toNewEvent(event)),
      'any',
    );

  const open = (caseId: string, owner: string, customer: string, date: string) =>
    append(caseId, caseCreated({ _id: caseId, owner, customer, date, comments: [] }));

  const readLog = (): Promise<RecordedEvent[]> => eventStore.readAll({ after: START_OF_LOG, maxCount: 10_000 });

  async function rowsOf(store: ReadModelStore) {
    const { cases } = await store.listCases({ offset: 0, limit: 1000 });
    return Promise.all(cases.map((supportCase) => store.getCase(supportCase._id)));
  }

  /** The rows a live projector reaches from an empty store, in a file of its own. */
  async function liveProjectionOfLog() {
    const store = track(SqliteReadModelStore.open(join(dir, 'live-reference.sqlite'), documents));
    await store.handle(await readLog());
    return rowsOf(store);
  }

  async function givenSeveralCases(): Promise<void> {
    await open('aa01', 'reseller-1', 'customer-1', '2024-01-01T00:00:00.000Z');
    await open('bb02', 'platform', 'reseller-1', '2024-01-03T00:00:00.000Z');
    await eventStore.appendToStream('user-1', [{ ...toNewEvent(caseSolved()), type: 'UserRenamed' }], 'any');
    await append('aa01', caseCommented('c1', 'first'), caseSolved());
    await open('cc03', 'reseller-2', 'customer-2', '2024-01-02T00:00:00.000Z');
    await append('bb02', caseCommented('c2', 'second'));
    await append('cc03', caseSolved());
  }

  function tableSchema() {
    const db = new Database(filePath, { readonly: true });
    try {
      return db.prepare("SELECT type, name FROM sqlite_master WHERE name LIKE 'support_cases%' ORDER BY name").all();
    } finally {
      db.close();
    }
  }

  it.each([
    ['every case held until the swap', undefined],
    ['one case held, the others written and read back when they change again', 1],
  ])('gives the rows a live projection gives, and a checkpoint at the last event: %s', async (_held, casesHeld) => {
    await givenSeveralCases();
    const caseEvents = (await readLog()).filter((event) => event.streamId.startsWith('supportCase-'));

    const result = await rebuildSqliteReadModel(filePath, eventStore, documents, { batchSize: 2, casesHeld });

    const store = track(SqliteReadModelStore.open(filePath, documents));
    expect(await rowsOf(store)).toEqual(await liveProjectionOfLog());
    expect(await rowsOf(store)).toHaveLength(3);
    expect(await store.loadCheckpoint()).toEqual(caseEvents[caseEvents.length - 1].position);
    expect(result.events).toBe(caseEvents.length);
  });

  it('reports progress after each batch', async () => {
    await givenSeveralCases();
    const reports: RebuildProgress[] = [];

    await rebuildSqliteReadModel(filePath, eventStore, documents, {
      batchSize: 3,
      onProgress: (p) => void reports.push(p),
    });

    expect(reports.map((report) => report.events)).toEqual([3, 6, 7]);
  });

  it.each([
    ['between batches of the replay', 2],
    ['after the replay, before the swap', 100],
  ])('includes events appended %s', async (_when, batchSize) => {
    await givenSeveralCases();
    let appends = 0;

    const result = await rebuildSqliteReadModel(filePath, eventStore, documents, {
      batchSize,
      onProgress: async () => {
        if (appends === 3) return;
        appends += 1;
        await append('aa01', caseCommented(`late-${appends}`, 'appended during the rebuild'));
        await open(`dd0${appends}`, 'reseller-1', 'customer-3', '2024-02-01T00:00:00.000Z');
      },
    });

    const store = track(SqliteReadModelStore.open(filePath, documents));
    expect(await rowsOf(store)).toEqual(await liveProjectionOfLog());
    expect((await store.getCase('aa01'))?.supportCase.comments).toHaveLength(1 + appends);
    expect(result.events).toBe(7 + 2 * appends);
  });

  it('swaps under the live store without doubling what a stale projector hands it again', async () => {
    await open('aa01', 'reseller-1', 'customer-1', '2024-01-01T00:00:00.000Z');
    await append('aa01', caseCommented('c1', 'one'), caseCommented('c2', 'two'));
    const live = track(SqliteReadModelStore.open(filePath, documents));
    const readBeforeTheSwap = await readLog();
    await live.handle(readBeforeTheSwap.slice(0, 1));

    await rebuildSqliteReadModel(filePath, eventStore, documents);
    const rebuilt = await live.getCase('aa01');
    const checkpoint = await live.loadCheckpoint();
    await live.handle(readBeforeTheSwap);

    expect(await live.getCase('aa01')).toEqual(rebuilt);
    expect(rebuilt?.supportCase.comments).toHaveLength(2);
    expect(await live.loadCheckpoint()).toEqual(checkpoint);
    expect(checkpoint).toEqual(readBeforeTheSwap[2].position);
  });

  it('leaves the live store working on the new table after the swap', async () => {
    await open('aa01', 'reseller-1', 'customer-1', '2024-01-01T00:00:00.000Z');
    const live = track(SqliteReadModelStore.open(filePath, documents));
    const schemaBefore = tableSchema();

    await rebuildSqliteReadModel(filePath, eventStore, documents);
    await append('aa01', caseSolved());
    await live.handle(await eventStore.readAll({ after: await live.loadCheckpoint(), maxCount: 100 }));

    expect(await live.getCase('aa01')).toMatchObject({ revision: 1, supportCase: { solved: true } });
    expect(await live.listCases({ customer: 'customer-1', offset: 0, limit: 10 })).toMatchObject({ total: 1 });
    expect(tableSchema()).toEqual(schemaBefore);
  });

  it('discards a rebuild table left by an interrupted run', async () => {
    await open('aa01', 'reseller-1', 'customer-1', '2024-01-01T00:00:00.000Z');
    const db = new Database(filePath);
    db.exec(`CREATE TABLE support_cases_rebuild (id TEXT PRIMARY KEY, revision INTEGER, customer TEXT, owner TEXT,
      date TEXT, solved INTEGER, document TEXT);
      INSERT INTO support_cases_rebuild VALUES ('ff09', 0, 'x', 'x', '2024-01-01', 0, '{"_id":"ff09"}')`);
    db.close();

    await rebuildSqliteReadModel(filePath, eventStore, documents);

    const store = track(SqliteReadModelStore.open(filePath, documents));
    expect(await store.getCase('ff09')).toBeUndefined();
    expect(await store.getCase('aa01')).toBeDefined();
  });

  it('keeps the current read model when an event cannot be replayed', async () => {
    await open('aa01', 'reseller-1', 'customer-1', '2024-01-01T00:00:00.000Z');
    const live = track(SqliteReadModelStore.open(filePath, documents));
    await live.handle(await readLog());
    const before = { rows: await rowsOf(live), checkpoint: await live.loadCheckpoint() };
    await append('bb02', caseSolved());

    await expect(rebuildSqliteReadModel(filePath, eventStore, documents, { batchSize: 1 })).rejects.toThrow(
      /does not exist/,
    );

    expect({ rows: await rowsOf(live), checkpoint: await live.loadCheckpoint() }).toEqual(before);
  });
});
