import { DomainError } from '@lib/domain';
import { CASE_ID, NOW, admin, caseCreated, openCase, otherReseller, reseller } from '@lib/domain/testing';
import { ReadModelStore, type ProjectedCase } from '@lib/read-model';
import { appendEvents, callerOf, writeModule, type WriteModule } from '../testing/write-module';
import { GetSupportCaseHandler } from './get-support-case.handler';
import { GetSupportCaseQuery } from './get-support-case.query';

describe('GetSupportCaseHandler', () => {
  let app: WriteModule;
  /** The rows of a read model double: what the projector has reached so far. */
  let projected: Map<string, ProjectedCase>;

  beforeEach(async () => {
    projected = new Map();
    const readModelDouble: Pick<ReadModelStore, 'getCase'> = { getCase: async (id) => projected.get(id) };
    app = await writeModule([GetSupportCaseHandler], {
      providers: [{ provide: ReadModelStore, useValue: readModelDouble }],
    });
    await appendEvents(app.store, CASE_ID, caseCreated());
  });

  afterEach(() => app.close());

  const get = (actor = admin, id = CASE_ID) => app.queries.execute(new GetSupportCaseQuery(id, callerOf(actor)));

  it('answers the row of the read model once the case is projected', async () => {
    const row = { supportCase: { ...openCase({ name: 'As projected' }), lastUpdated: NOW }, revision: 4 };
    projected.set(CASE_ID, row);

    expect(await get()).toEqual(row);
  });

  it('answers a case not projected yet from its stream, so its creator sees it at once', async () => {
    const { supportCase, revision } = await get(reseller);

    expect({ id: supportCase._id, revision }).toEqual({ id: CASE_ID, revision: 0 });
  });

  it('answers not_found to a reseller that may not see the case', async () => {
    await expect(get(otherReseller)).rejects.toBeInstanceOf(DomainError);
    await expect(get(otherReseller)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('answers not_found for a case that has no events', async () => {
    await expect(get(admin, 'ca5e0000000000000000ffff')).rejects.toMatchObject({ code: 'not_found' });
  });
});
