import { randomUUID } from 'node:crypto';
import { PERSONAL_FIELDS, streamIdOf, type SupportCaseEventBody } from '@lib/domain';
import { CASE_ID, caseCommented, caseCreated, caseSolved, storedEvent } from '@lib/domain/testing';
import { InMemoryEventStore, InMemorySnapshotStore } from '@lib/event-store';
import { appendLinked } from '@lib/event-store/testing';
import { EventSealing, OpenedEventStore, SealedSnapshots, type DataKeys } from '@lib/personal-data';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import { SupportCaseStreams } from './support-case-streams';

const PERSONAL_VALUES = ['No picture', 'The screen stays black', 'Hansen Boligforening', 'Call Gertrud', 'Still black'];

describe('SupportCaseStreams', () => {
  let store: InMemoryEventStore;
  let keys: DataKeys;
  let sealing: EventSealing;
  let stored: InMemorySnapshotStore;

  /** The case's streams as a process starting now reads them, from the snapshots or without any. */
  const freshStreams = (withSnapshots = true) =>
    new SupportCaseStreams(
      store,
      new OpenedEventStore(store, sealing),
      withSnapshots ? new SealedSnapshots(stored, keys) : undefined,
    );

  async function append(...events: SupportCaseEventBody[]): Promise<void> {
    const streamId = streamIdOf(CASE_ID);
    const bodies = events.map((event) => ({ ...storedEvent(event), id: randomUUID() }));
    await appendLinked(store, streamId, await sealing.seal(streamId, bodies));
  }

  const comments = (count: number, from = 0) =>
    Array.from({ length: count }, (_, n) =>
      caseCommented(`c0${String(from + n).padStart(22, '0')}`, `Call Gertrud ${n}`),
    );

  beforeEach(async () => {
    store = new InMemoryEventStore();
    keys = await dataKeysInMemory();
    sealing = new EventSealing(keys, PERSONAL_FIELDS);
    stored = new InMemorySnapshotStore();
    await append(caseCreated(), ...comments(120), caseSolved());
  });

  afterEach(() => keys.close());

  it('loads a case from its sealed snapshot and the events after it as from all its events', async () => {
    await freshStreams().load(CASE_ID);
    await append(...comments(5, 120));
    const read = jest.spyOn(store, 'readStream');

    const loaded = await freshStreams().load(CASE_ID);

    expect(read.mock.calls.map(([, options]) => options?.fromRevision)).toEqual([122]);
    expect(loaded).toEqual(await freshStreams(false).load(CASE_ID));
    const snapshot = JSON.stringify(await stored.latest(streamIdOf(CASE_ID)));
    for (const personal of PERSONAL_VALUES) {
      expect(JSON.stringify(loaded.state)).toContain(personal);
      expect(snapshot).not.toContain(personal);
    }
  });
});
