import { randomUUID } from 'node:crypto';
import { PERSONAL_FIELDS, streamIdOf } from '@lib/domain';
import { CASE_ID, caseCreated, caseSolved, storedEvent } from '@lib/domain/testing';
import { InMemoryEventStore } from '@lib/event-store';
import { ApiProblem } from '@lib/http';
import { EventSealing, OpenedEventStore } from '@lib/personal-data';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { SupportCaseAsOfHandler } from './support-case-as-of.handler';
import { SupportCaseAsOfQuery } from './support-case-as-of.query';

describe('SupportCaseAsOfHandler', () => {
  let handler: SupportCaseAsOfHandler;

  beforeAll(async () => {
    const store = new InMemoryEventStore();
    const history = [
      caseCreated(),
      { type: 'SupportCaseUpdated' as const, data: { changes: { description: 'first' } } },
      caseSolved(),
    ];
    const stored = history.map((event) => ({ ...storedEvent(event), id: randomUUID() }));
    const sealing = new EventSealing(await dataKeysInMemory(), PERSONAL_FIELDS);
    await store.appendToStream(streamIdOf(CASE_ID), await sealing.seal(streamIdOf(CASE_ID), stored), 'no_stream');
    handler = new SupportCaseAsOfHandler(new SupportCaseStreams(store, new OpenedEventStore(store, sealing)));
  });

  async function refusal(query: SupportCaseAsOfQuery): Promise<unknown> {
    return handler.execute(query).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it('answers the case as it stood after a revision', async () => {
    const { supportCase, revision } = await handler.execute(new SupportCaseAsOfQuery(CASE_ID, { revision: 1 }));
    expect({ revision, description: supportCase.description, solved: supportCase.solved }).toEqual({
      revision: 1,
      description: 'first',
      solved: false,
    });
  });

  it('answers the latest revision itself', async () => {
    expect((await handler.execute(new SupportCaseAsOfQuery(CASE_ID, { revision: 2 }))).revision).toBe(2);
  });

  it('refuses a revision past the last with 404 naming the latest revision', async () => {
    const error = await refusal(new SupportCaseAsOfQuery(CASE_ID, { revision: 99 }));
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'the case has no revision 99: its latest revision is 2',
      errors: [{ path: 'revision', message: 'must be at most 2, the latest revision' }],
    });
  });

  it('answers 404 for a case that has no events', async () => {
    expect(await refusal(new SupportCaseAsOfQuery('b'.repeat(24), { revision: 0 }))).toMatchObject({
      code: 'not_found',
    });
  });
});
