import { DomainError, streamIdOf } from '@lib/domain';
import { CASE_ID, admin, caseCreated, caseSolved } from '@lib/domain/testing';
import { PreconditionFailed } from '@lib/event-store';
import {
  appendEvents,
  callerOf,
  commandOutcomes,
  historyOf,
  optionsOf,
  rivalBeforeAppends,
  writeModule,
  type WriteModule,
} from '../testing/write-module';
import type { WriteOptions } from '../write/support-case-writer';
import { UpdateSupportCaseCommand } from './update-support-case.command';
import { UpdateSupportCaseHandler } from './update-support-case.handler';
import type { UpdateSupportCaseRequest } from './update-support-case.request';

const MISSING_CASE_ID = 'ca5e0000000000000000ffff';

describe('UpdateSupportCaseHandler', () => {
  let app: WriteModule;

  beforeEach(async () => {
    app = await writeModule([UpdateSupportCaseHandler]);
    await appendEvents(app.store, CASE_ID, caseCreated());
  });

  afterEach(() => app.close());

  const update = (input: UpdateSupportCaseRequest, options?: WriteOptions, caseId = CASE_ID) =>
    app.commands.execute(new UpdateSupportCaseCommand(caseId, input, callerOf(admin), options));
  const ifMatch = (header: string) => optionsOf({ 'if-match': header });
  const eventTypes = async () => (await historyOf(app.store, CASE_ID)).map((event) => event.type);

  it('refuses an update of a missing case with the DomainError not_found, appending nothing', async () => {
    const refusal = update({ description: 'Still black' }, undefined, MISSING_CASE_ID);

    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ code: 'not_found' });
    expect(await historyOf(app.store, MISSING_CASE_ID)).toEqual([]);
    expect(await commandOutcomes(app.metrics)).toEqual({ 'UpdateSupportCase refused': 1 });
  });

  it('appends nothing for an update that changes nothing, answering the case at its revision', async () => {
    const { supportCase, revision } = await update({ name: caseCreated().data.supportCase.name });

    expect({ revision, name: supportCase.name }).toEqual({ revision: 0, name: 'No picture' });
    expect(await eventTypes()).toEqual(['SupportCaseCreated']);
    expect(await commandOutcomes(app.metrics)).toEqual({ 'UpdateSupportCase unchanged': 1 });
  });

  describe('If-Match', () => {
    it('applies the update when it names the current revision', async () => {
      const { supportCase, revision } = await update({ description: 'Flickers' }, ifMatch('"0"'));

      expect({ revision, description: supportCase.description }).toEqual({ revision: 1, description: 'Flickers' });
      expect(await commandOutcomes(app.metrics)).toEqual({ 'UpdateSupportCase appended': 1 });
    });

    it('refuses with PreconditionFailed when it names another revision, appending nothing', async () => {
      const refusal = update({ description: 'Flickers' }, ifMatch('"3"'));

      await expect(refusal).rejects.toEqual(new PreconditionFailed(streamIdOf(CASE_ID), 0));
      expect(await eventTypes()).toEqual(['SupportCaseCreated']);
      expect(await commandOutcomes(app.metrics)).toEqual({ 'UpdateSupportCase precondition_failed': 1 });
    });

    it('holds as * on a case that exists', async () => {
      expect((await update({ description: 'Flickers' }, ifMatch('*'))).revision).toBe(1);
    });

    it.each(['*', '"0"'])('answers not_found, not PreconditionFailed, as %s on a missing case', async (header) => {
      const refusal = update({ description: 'Flickers' }, ifMatch(header), MISSING_CASE_ID);

      await expect(refusal).rejects.toMatchObject({ name: 'DomainError', code: 'not_found' });
    });

    it('refuses a race lost to a revision it does not name with PreconditionFailed, without a retry', async () => {
      rivalBeforeAppends(app.store, () => appendEvents(app.store, CASE_ID, caseSolved()));
      const reads = jest.spyOn(app.store, 'readStream');

      const refusal = update({ description: 'Flickers' }, ifMatch('"0"'));

      await expect(refusal).rejects.toEqual(new PreconditionFailed(streamIdOf(CASE_ID), 1));
      // The command's one load, and the rival's read of the chain it links onto: no second load.
      expect(reads).toHaveBeenCalledTimes(2);
      expect(await eventTypes()).toEqual(['SupportCaseCreated', 'SupportCaseSolved']);
    });

    it('retries a race lost to a revision it names, applying on top of the winner', async () => {
      rivalBeforeAppends(app.store, () => appendEvents(app.store, CASE_ID, caseSolved()));

      const { supportCase, revision } = await update({ description: 'Flickers' }, ifMatch('"0", "1"'));

      expect({ revision, solved: supportCase.solved, description: supportCase.description }).toEqual({
        revision: 2,
        solved: true,
        description: 'Flickers',
      });
    });
  });
});
