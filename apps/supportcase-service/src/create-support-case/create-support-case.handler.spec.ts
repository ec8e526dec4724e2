import { DomainError, EVENT_SCHEMA_VERSION } from '@lib/domain';
import { CASE_ID, admin, reseller } from '@lib/domain/testing';
import { GENESIS_HASH } from '@lib/event-store';
import {
  CORRELATION_ID,
  callerOf,
  commandOutcomes,
  historyOf,
  optionsOf,
  writeModule,
  type WriteModule,
} from '../testing/write-module';
import { caseIdForKey } from '../write/idempotency';
import type { WriteOptions } from '../write/support-case-writer';
import { CreateSupportCaseCommand } from './create-support-case.command';
import { CreateSupportCaseHandler } from './create-support-case.handler';
import type { CreateSupportCaseRequest } from './create-support-case.request';

describe('CreateSupportCaseHandler', () => {
  let app: WriteModule;

  beforeEach(async () => {
    app = await writeModule([CreateSupportCaseHandler]);
  });

  afterEach(() => app.close());

  const create = (input: CreateSupportCaseRequest, actor = admin, options?: WriteOptions, on = app) =>
    on.commands.execute(new CreateSupportCaseCommand(input, callerOf(actor), options));

  it('creates the case at revision 0, storing who asked, under which correlation, why and when', async () => {
    const { supportCase, revision } = await create({ _id: CASE_ID, name: 'No picture' });

    expect({ revision, id: supportCase._id, name: supportCase.name }).toEqual({
      revision: 0,
      id: CASE_ID,
      name: 'No picture',
    });
    const [created] = await historyOf(app.store, CASE_ID);
    expect(created.metadata).toEqual({
      schemaVersion: EVENT_SCHEMA_VERSION,
      occurredAt: supportCase.lastUpdated,
      actor: admin,
      correlationId: CORRELATION_ID,
      causationId: expect.any(String),
      previousHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await commandOutcomes(app.metrics)).toEqual({ 'CreateSupportCase appended': 1 });
  });

  it('refuses a RESELLER that sets solved with a DomainError, appending nothing', async () => {
    const refusal = create({ _id: CASE_ID, name: 'No picture', solved: true }, reseller);

    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ code: 'access_denied', path: '/solved' });
    expect(await historyOf(app.store, CASE_ID)).toEqual([]);
    expect(await commandOutcomes(app.metrics)).toEqual({ 'CreateSupportCase refused': 1 });
  });

  describe('with an Idempotency-Key and no _id', () => {
    const body = { name: 'No picture' };
    const keyed = (key: string) => optionsOf({ 'idempotency-key': key }, body);

    it("names the case after the caller's key", async () => {
      const { supportCase } = await create(body, admin, keyed('create-1'));

      expect(supportCase._id).toBe(caseIdForKey(admin, 'create-1'));
    });

    it('lets a retry, on another process too, find the case it created rather than create another', async () => {
      const first = await create(body, admin, keyed('create-1'));
      const otherProcess = await writeModule([CreateSupportCaseHandler], { store: app.store });

      const retried = await create(body, admin, keyed('create-1'), otherProcess);
      await otherProcess.close();

      expect(retried).toEqual(first);
      const history = await historyOf(app.store, first.supportCase._id);
      expect(history).toHaveLength(1);
      expect(history[0].metadata.idempotency).toEqual(keyed('create-1').idempotency);
    });

    it('gives each create without a key a case of its own', async () => {
      const [one, other] = [await create(body), await create(body)];

      expect(one.supportCase._id).not.toBe(other.supportCase._id);
    });
  });
});
