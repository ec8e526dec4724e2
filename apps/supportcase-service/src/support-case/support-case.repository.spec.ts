import { randomUUID } from 'node:crypto';
import { EVENT_SCHEMA_VERSION, streamIdOf, type Actor, type SupportCaseEvent } from '@lib/domain';
import { InMemoryEventStore } from '@lib/event-store';
import type { IfMatch } from '../http/etag';
import { Metrics } from '../observability/metrics';
import { SupportCaseRepository } from './support-case.repository';

const CASE_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const actor: Actor = { employee: 'e'.repeat(24), customer: 'c'.repeat(24), accessLevel: 'ADMIN' };
const context = { actor, correlationId: 'test' };

/** An update stored by someone else, e.g. another API instance on the same store. */
async function updatedElsewhere(store: InMemoryEventStore, revision: number, description: string): Promise<void> {
  const metadata = { schemaVersion: EVENT_SCHEMA_VERSION, occurredAt: new Date().toISOString(), actor };
  const event = { id: randomUUID(), type: 'SupportCaseUpdated', data: { changes: { description } }, metadata };
  await store.appendToStream(streamIdOf(CASE_ID), [event], revision);
}

describe('SupportCaseRepository', () => {
  let store: InMemoryEventStore;
  let repository: SupportCaseRepository;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    repository = new SupportCaseRepository(store, new Metrics());
    await repository.decide(
      'CreateSupportCase',
      CASE_ID,
      (state, decision) =>
        state === null
          ? [{ type: 'SupportCaseCreated', data: { supportCase: { ...opened, date: decision.now } } }]
          : [],
      context,
    );
  });

  it('reads only the events appended since the fold it remembers', async () => {
    const read = jest.spyOn(store, 'readStream');
    await updatedElsewhere(store, 0, 'first');
    await updatedElsewhere(store, 1, 'second');

    const loaded = await repository.load(CASE_ID);

    expect(loaded.revision).toBe(2);
    expect(loaded.state?.description).toBe('second');
    expect(read).toHaveBeenCalledWith(streamIdOf(CASE_ID), { fromRevision: 1 });
  });

  describe('If-Match', () => {
    const describing = (description: string) => (): SupportCaseEvent[] => [
      { type: 'SupportCaseUpdated', data: { changes: { description } } },
    ];
    const decideIf = (ifMatch: IfMatch, description: string) =>
      repository.decide('UpdateSupportCase', CASE_ID, describing(description), context, { ifMatch });

    it('applies a change when one of its revisions is the current one', async () => {
      await updatedElsewhere(store, 0, 'first');
      expect(await decideIf([0, 1], 'second')).toMatchObject({ revision: 2, appended: true });
    });

    it('refuses a change none of whose revisions is current with 412', async () => {
      await updatedElsewhere(store, 0, 'first');
      await expect(decideIf([0], 'second')).rejects.toMatchObject({ status: 412, code: 'precondition_failed' });
    });

    it('applies a change under * whatever the revision of the case', async () => {
      await updatedElsewhere(store, 0, 'first');
      expect(await decideIf('*', 'second')).toMatchObject({ revision: 2, appended: true });
    });
  });

  it('folds the whole stream of a case it does not remember', async () => {
    await updatedElsewhere(store, 0, 'first');
    const fresh = new SupportCaseRepository(store, new Metrics());

    expect(await fresh.load(CASE_ID)).toMatchObject({ revision: 1, state: { name: 'opened', description: 'first' } });
  });
});

const opened = {
  _id: CASE_ID,
  owner: actor.customer,
  name: 'opened',
  solved: false,
  files: [],
  comments: [],
};
