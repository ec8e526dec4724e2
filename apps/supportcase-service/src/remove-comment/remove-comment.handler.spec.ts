import { DomainError } from '@lib/domain';
import { CASE_ID, COMMENT_ID, admin, caseCreated } from '@lib/domain/testing';
import {
  appendEvents,
  callerOf,
  commandOutcomes,
  historyOf,
  optionsOf,
  writeModule,
  type WriteModule,
} from '../testing/write-module';
import type { WriteOptions } from '../write/support-case-writer';
import { RemoveCommentCommand } from './remove-comment.command';
import { RemoveCommentHandler } from './remove-comment.handler';

describe('RemoveCommentHandler', () => {
  let app: WriteModule;

  beforeEach(async () => {
    app = await writeModule([RemoveCommentHandler]);
    await appendEvents(app.store, CASE_ID, caseCreated());
  });

  afterEach(() => app.close());

  const removeComment = (commentId: string, options?: WriteOptions) =>
    app.commands.execute(new RemoveCommentCommand(CASE_ID, commentId, callerOf(admin), options));
  const eventTypes = async () => (await historyOf(app.store, CASE_ID)).map((event) => event.type);

  it('removes the comment', async () => {
    const { supportCase, revision } = await removeComment(COMMENT_ID);

    expect({ revision, comments: supportCase.comments }).toEqual({ revision: 1, comments: [] });
    expect(await eventTypes()).toEqual(['SupportCaseCreated', 'SupportCaseCommentRemoved']);
  });

  it('refuses a comment the case does not have with the DomainError not_found, appending nothing', async () => {
    const refusal = removeComment('c0000000000000000000000f');

    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ code: 'not_found', path: '/commentId' });
    expect(await eventTypes()).toEqual(['SupportCaseCreated']);
    expect(await commandOutcomes(app.metrics)).toEqual({ 'RemoveComment refused': 1 });
  });

  it('answers a keyed removal sent again with the case it left, where an unkeyed one finds no comment', async () => {
    const keyed = optionsOf({ 'idempotency-key': 'remove-1' }, undefined, `/iptv/supportcase/${CASE_ID}/comment`);
    const first = await removeComment(COMMENT_ID, keyed);

    expect(await removeComment(COMMENT_ID, keyed)).toEqual(first);
    await expect(removeComment(COMMENT_ID)).rejects.toMatchObject({ code: 'not_found' });
  });
});
